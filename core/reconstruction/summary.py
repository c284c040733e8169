"""ReconstructionSummary: shares of layover and shadow, and the energy budget."""
from dataclasses import dataclass, field

import numpy as np

from ..simulation.mask import LAYOVER, LAYOVER_AND_SHADOW, SHADOW


@dataclass
class EnergyBudget:
    """Energies in linear intensity x pixels (the sum of the measured pixel values)."""

    measured: float = 0.0  # measured pixels with S_j > 0 (the pixels the DEM covers)
    reconstructed: float = 0.0  # sum of E_k over all cells
    layover_reconstructed: float = 0.0  # layover cells with both values
    layover_geocoded: float = 0.0  # the same cells, geocoded value x n_flat x m_k
    mask_counts: np.ndarray = field(default_factory=lambda: np.zeros(256, dtype=np.int64))

    def add_tile(self, block, result):
        """Add one tile: its reconstructed energy, mask counts and layover energies."""
        self.reconstructed += float(result.energy.sum())
        self.mask_counts += np.bincount(block.mask.ravel(), minlength=256)
        both = ((block.mask == LAYOVER) & np.isfinite(result.reconstructed)
                & np.isfinite(result.geocoded))
        implied = result.n_flat * result.measured_share
        self.layover_reconstructed += float(np.sum(result.energy[both]))
        self.layover_geocoded += float(np.sum((result.geocoded * implied)[both]))


@dataclass
class ReconstructionSummary:
    """Layover and shadow shares of the DEM cells inside the image, and the energy budget.

    Energies in linear intensity x pixels; shares 0..1; ``seconds`` of processing.
    """

    cells_total: int
    cells_in_image: int
    layover_share: float  # among cells inside the image: layover only (code 1)
    shadow_share: float  # shadow only (code 2)
    both_share: float  # layover and shadow (code 3)
    measured_energy: float  # sum of the measured intensity over the covered pixels
    reconstructed_energy: float  # sum of the energy allocated to the cells
    layover_inflation: float  # geocoded / reconstructed energy in layover (NaN: none)
    measured_pixels: int  # covered pixels with a measurement
    seconds: float

    @classmethod
    def from_budget(cls, budget, cells_total, measured_pixels, seconds):
        """Return the summary of an EnergyBudget accumulated over all tiles."""
        counts = budget.mask_counts
        in_image = int(counts[:255].sum())
        shares = [counts[c] / max(in_image, 1) for c in (LAYOVER, SHADOW, LAYOVER_AND_SHADOW)]
        inflation = (budget.layover_geocoded / budget.layover_reconstructed
                     if budget.layover_reconstructed > 0 else float("nan"))
        return cls(cells_total, in_image, *(float(s) for s in shares), budget.measured,
                   budget.reconstructed, float(inflation), measured_pixels, seconds)

    def describe(self):
        """Return the summary as a list of sentences for the user's log."""
        ratio = (self.reconstructed_energy / self.measured_energy
                 if self.measured_energy > 0 else float("nan"))
        lines = [f"{self.cells_in_image} of {self.cells_total} DEM cells inside the image.",
                 f"Layover {100 * self.layover_share:.2f} %, shadow "
                 f"{100 * self.shadow_share:.2f} %, layover and shadow "
                 f"{100 * self.both_share:.2f} % of the cells inside the image (shadow cells "
                 f"are nodata in the reconstruction).",
                 f"Measured energy of the {self.measured_pixels} covered radar pixels "
                 f"{self.measured_energy:.6g}; reconstructed {self.reconstructed_energy:.6g} "
                 f"(ratio {ratio:.6f})."]
        if np.isfinite(self.layover_inflation):
            lines.append(f"In layover, conventional geocoding implies "
                         f"{self.layover_inflation:.2f} x the energy the reconstruction "
                         f"allocates there.")
        lines.append(f"Reconstruction took {self.seconds:.1f} s.")
        return lines
