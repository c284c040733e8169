"""MeasuredImage: the SAR raster of the product, read in windows as linear intensity."""
from osgeo import gdal

from ..errors import ReconstructionError
from ..plausibility import band_units_verdict
from ..radiometry import INPUT_UNITS, to_intensity

gdal.UseExceptions()


def size_mismatch_message(raster_lines, raster_samples, geometry):
    """Return the message for a SAR raster whose size differs from the product geometry's."""
    return (f"The SAR raster has {raster_lines} lines x {raster_samples} samples but the "
            f"product geometry describes {geometry.lines} lines x {geometry.samples} samples. "
            "Give the measurement raster of this very product in its radar geometry (for "
            "Sentinel-1 the measurement/*.tiff of the SAFE and the matching swath and "
            "polarisation), not a crop, a multilooked or a geocoded image. For a crop of an "
            "image of your own, give a geometry JSON that describes the crop (its first line "
            "time, near slant range, lines and samples).")


class MeasuredImage:
    """One band of a radar-geometry raster (a path or an open GDAL dataset).

    ``units``: one of core.constants.INPUT_UNITS. ``geometry`` (optional): checked against the
    raster size at once, raising ReconstructionError on a mismatch. ``zero_is_missing``: see
    core.radiometry.
    """

    def __init__(self, source, band=1, units="intensity", geometry=None, zero_is_missing=True):
        if units not in INPUT_UNITS:
            raise ReconstructionError(f"Unknown input units {units!r}; use one of "
                                      f"{INPUT_UNITS}.")
        try:
            self.dataset = source if isinstance(source, gdal.Dataset) else gdal.Open(str(source))
        except RuntimeError as exc:
            raise ReconstructionError(f"Cannot open the SAR raster {source}: {exc}") from exc
        if not 1 <= int(band) <= self.dataset.RasterCount:
            raise ReconstructionError(f"The SAR raster has {self.dataset.RasterCount} band(s); "
                                      f"band {band} does not exist.")
        self.band = self.dataset.GetRasterBand(int(band))
        self.units = units
        self.nodata = self.band.GetNoDataValue()
        self.zero_is_missing = zero_is_missing
        if geometry is not None:
            self.check_size(geometry)

    def __getstate__(self):
        """Pickle as the raster's path (for worker processes); a raster in memory cannot."""
        path = self.dataset.GetDescription()
        if not path or not gdal.VSIStatL(path):
            raise TypeError("A SAR raster that is not a file cannot be sent to another "
                            "process.")
        return {"path": path, "band": self.band.GetBand(), "units": self.units,
                "zero_is_missing": self.zero_is_missing}

    def __setstate__(self, state):
        """Reopen the raster in this process."""
        self.__init__(state["path"], state["band"], state["units"],
                      zero_is_missing=state["zero_is_missing"])

    @property
    def lines(self):
        """Number of raster lines (azimuth)."""
        return self.dataset.RasterYSize

    @property
    def samples(self):
        """Number of raster samples (range)."""
        return self.dataset.RasterXSize

    def check_size(self, geometry):
        """Raise ReconstructionError when the raster size differs from ``geometry``'s."""
        if (self.lines, self.samples) != (geometry.lines, geometry.samples):
            raise ReconstructionError(size_mismatch_message(self.lines, self.samples, geometry))

    def check_units(self, window=None):
        """Return warnings (list) about the values of a bounded sample of a RadarWindow.

        ``window``: None for the whole raster. Raise ReconstructionError when the values
        cannot be in the declared units (core.plausibility.backscatter_units_verdict).
        """
        box = window and (window.sample0, window.line0, window.samples, window.lines)
        verdict = band_units_verdict(self.band, self.nodata, self.units,
                                     self.dataset.GetDescription(), box)
        if verdict.problem:
            raise ReconstructionError(verdict.problem)
        return verdict.warnings

    def forget(self):
        """Empty GDAL's block cache of the raster (reads would otherwise keep every block)."""
        self.dataset.FlushCache()

    def read(self, window):
        """Intensity (float64, NaN = missing) over a RadarWindow inside the raster."""
        raw = self.band.ReadAsArray(window.sample0, window.line0, window.samples, window.lines)
        return to_intensity(raw, self.units, self.nodata, self.zero_is_missing)
