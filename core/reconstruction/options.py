"""ReconstructionOptions and ReconstructionOutputs: what the user chooses."""
import os
from dataclasses import dataclass, fields
from typing import Optional

from ..radiometry import LINEAR, OUTPUT_UNITS
from ..simulation.options import SimulationOptions


@dataclass
class ReconstructionOptions:
    """Processing options of the reconstruction: the simulation law, strips, output units."""

    backscatter_law: str = "muhleman"  # law of the simulation that gives the shares
    law_exponent: float = 2.0  # n of the cos^n law
    block_rows: int = 256  # DEM rows per processing strip
    oversampling: Optional[int] = None  # sub-cells per DEM cell side; None = automatic
    output_units: str = LINEAR  # "linear" (flat-equivalent intensity) or "db"

    def simulation_options(self):
        """Return the noise-free, texture-free simulation options the shares come from.

        Validated; ValueError for unknown output units.
        """
        if self.output_units not in OUTPUT_UNITS:
            raise ValueError(f"Unknown output units {self.output_units!r}; use one of "
                             f"{OUTPUT_UNITS}.")
        return SimulationOptions(backscatter_law=self.backscatter_law,
                                 law_exponent=self.law_exponent, block_rows=self.block_rows,
                                 oversampling=self.oversampling).validate()


@dataclass
class ReconstructionOutputs:
    """Target GeoTIFF paths on the DEM grid; None (or empty) = not wanted."""

    reconstructed: Optional[str] = None  # energy-conserving re-allocation
    geocoded: Optional[str] = None  # conventional terrain geocoding, same units
    mask: Optional[str] = None  # layover/shadow codes as simulate_sar
    mixing: Optional[str] = None  # contributing cells of the pixel a cell maps to

    @classmethod
    def coerce(cls, outputs):
        """Return ``outputs`` as ReconstructionOutputs: the instance itself, or from a dict.

        Raise ValueError for a key that names no output.
        """
        if isinstance(outputs, cls):
            return outputs
        outputs = dict(outputs or {})
        unknown = set(outputs) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Unknown reconstruction outputs {sorted(unknown)}; use "
                             f"{[f.name for f in fields(cls)]}.")
        return cls(**{k: (os.fspath(v) if v else None) for k, v in outputs.items()})

    def wanted(self):
        """Return {output name: path} of the outputs wanted."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
