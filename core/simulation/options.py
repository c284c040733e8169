"""SimulationOptions: every user-facing knob of the imaging simulation."""
from dataclasses import dataclass
from typing import Optional

from .laws import BACKSCATTER_LAWS

MAX_OVERSAMPLING = 16  # sub-cells per DEM cell side; 16^2 sub-cells bound the splat cost


@dataclass
class SimulationOptions:
    """Options of the imaging simulation: backscatter law, speckle, texture, strips, sampling."""

    backscatter_law: str = "muhleman"  # key of laws.BACKSCATTER_LAWS
    law_exponent: float = 2.0  # n of the cos^n law
    speckle_looks: float = 0.0  # 0 = noise-free; L > 0: intensity x Gamma(L, 1/L) per pixel
    texture_strength: float = 0.0  # std of the mean-1 log-normal reflectivity factor; 0 = off
    texture_correlation_cells: float = 3.0  # Gaussian correlation length (sigma), DEM cells
    seed: int = 0  # speckle and texture are reproducible functions of (seed, row/line)
    block_rows: int = 256  # DEM rows per processing strip (memory vs. halo overhead)
    oversampling: Optional[int] = None  # sub-cells per DEM cell side; None = automatic

    def validate(self):
        """Raise ValueError with a readable message for impossible settings."""
        if self.backscatter_law not in BACKSCATTER_LAWS:
            raise ValueError(f"Unknown backscatter law {self.backscatter_law!r}; choose one "
                             f"of {sorted(BACKSCATTER_LAWS)}.")
        if self.speckle_looks < 0:
            raise ValueError("speckle_looks must be 0 (no speckle) or positive.")
        if self.texture_strength < 0 or self.texture_correlation_cells < 0:
            raise ValueError("texture strength and correlation length must not be negative.")
        if int(self.seed) < 0:
            raise ValueError("seed must be a non-negative integer.")
        if int(self.block_rows) < 1:
            raise ValueError("block_rows must be at least 1.")
        if self.oversampling is not None and not 1 <= int(self.oversampling) <= 64:
            raise ValueError("oversampling must be between 1 and 64 (or None = automatic).")
        return self
