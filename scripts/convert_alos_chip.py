"""Convert the ALOS-1 PALSAR Rio Branco corner-reflector chip for the point-target tests.

The chip is the isce3 test data's RSLC (NISAR RSLC-like HDF5); it becomes a complex GeoTIFF +
SAR Height geometry JSON.

    .venv/bin/python scripts/convert_alos_chip.py [input.h5] [output_folder]

Reads with GDAL's HDF5 multidimensional API (no h5py): the HH image, the orbit state vectors,
the zero-Doppler times and slant ranges, the centre frequency and the processed bandwidths;
writes alos_riobranco_hh.tif (CFloat32) and alos_riobranco_hh.json, then checks that the
brightest pixel lies where geo2rdr puts the surveyed corner reflector.
"""
import os
import sys
from types import SimpleNamespace

import numpy as np
from osgeo import gdal

from sar_height.core.geometry.ellipsoid import geodetic_to_ecef
from sar_height.core.geometry.orbit import Orbit, datetime_to_seconds
from sar_height.core.point_target.slc import open_slc, write_complex_geotiff
from sar_height.core.products.acquisition import SPEED_OF_LIGHT, AcquisitionGeometry

DEFAULT_INPUT = "/work/shared/data/sar/alos_riobranco/calib_RSLC_ALPSRP025826990_RIO_BRANCO_CR.h5"
DEFAULT_OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "test", "data", "sar", "alos_riobranco")
# Surveyed corner reflector CR1 (isce3 tests/data/pol_cal/Corner_Reflector_Rio_Branco_
# ALPSRP025826990.csv): latitude, longitude (deg), height above the WGS84 ellipsoid (m).
CORNER_REFLECTOR = (-9.71311741457592, -68.1728216904995, 0.0)
RSLC = "/science/LSAR/RSLC/"


def read_array(root, name):
    """Read the whole HDF5 array ``name`` (full path) as a numpy array."""
    return np.asarray(root.OpenMDArrayFromFullname(name).ReadAsArray())


def read_scalar(root, name, dtype="<f8"):
    """Scalars come back as raw bytes (numbers) or str (strings) from GDAL's Python API."""
    value = root.OpenMDArrayFromFullname(name).Read()
    if isinstance(value, (bytes, bytearray)):
        return np.frombuffer(bytes(value), dtype=dtype)[0]
    return value[0] if isinstance(value, list) else value


def geometry_from_rslc(root):
    """Build the AcquisitionGeometry of the chip from the RSLC metadata under ``root``.

    Orbit, zero-Doppler times (seconds from midnight of the acquisition day), slant ranges (m),
    wavelength from the centre frequency, the mean reference terrain height (m) as the focusing
    height, and the processed azimuth and range bandwidths (Hz), PRF and mean Doppler centroid as
    the JSON's extra fields.
    """
    start = str(read_scalar(root, "/science/LSAR/identification/zeroDopplerStartTime"))
    times = read_array(root, RSLC + "swaths/zeroDopplerTime")
    # zeroDopplerTime counts seconds from midnight of the acquisition day (start time check).
    epoch = np.datetime64(start[:10] + "T00:00:00", "ns")
    assert abs(datetime_to_seconds(np.datetime64(start, "ns"), epoch) - times[0]) < 1e-6
    orbit_times = read_array(root, RSLC + "metadata/orbit/time")
    orbit = Orbit(epoch + np.timedelta64(int(orbit_times[0] * 1e9), "ns"),
                  orbit_times - orbit_times[0], read_array(root, RSLC + "metadata/orbit/position"),
                  read_array(root, RSLC + "metadata/orbit/velocity"))
    ranges = read_array(root, RSLC + "swaths/frequencyA/slantRange")
    frequency = read_scalar(root, RSLC + "swaths/frequencyA/processedCenterFrequency")
    spacing = read_scalar(root, RSLC + "swaths/zeroDopplerTimeSpacing")
    heights = read_array(root, RSLC + "metadata/processingInformation/parameters/"
                                      "referenceTerrainHeight")
    doppler = read_array(root, RSLC + "metadata/processingInformation/parameters/frequencyA/"
                                      "dopplerCentroid")
    extra = {
        "imaging_mode": "SM",
        "total_processed_azimuth_bandwidth_hz": float(read_scalar(
            root, RSLC + "swaths/frequencyA/processedAzimuthBandwidth")),
        "range_look_bandwidth_hz": float(read_scalar(
            root, RSLC + "swaths/frequencyA/processedRangeBandwidth")),
        "prf_hz": float(read_scalar(root, RSLC + "swaths/frequencyA/nominalAcquisitionPRF")),
        "pass": "ASCENDING",
        "data_doppler_centroid_hz": float(np.mean(doppler)),
        "source": "isce3 tests/data/pol_cal/calib_RSLC_ALPSRP025826990_RIO_BRANCO_CR.h5 (HH)",
    }
    return AcquisitionGeometry(
        mission="ALOS", product_type="SLC", orbit=orbit,
        wavelength_m=SPEED_OF_LIGHT / float(frequency), look_side="right",
        first_line_time_s=float(datetime_to_seconds(epoch, orbit.epoch) + times[0]),
        azimuth_time_interval_s=float(spacing), lines=len(times), samples=len(ranges),
        near_slant_range_m=float(ranges[0]),
        range_pixel_spacing_m=float(read_scalar(root, RSLC + "swaths/frequencyA/"
                                                          "slantRangeSpacing")),
        polarisation="HH", reference_height_m=float(np.mean(heights)),
        extra={"json_extra": extra,
               "comment": "ALOS-1 PALSAR ALPSRP025826990 HH chip, Rio Branco corner reflector"})


def main(argv):
    """Write the chip as GeoTIFF + JSON, check the round trip, and print where the reflector lies.

    ``argv[1]``: the input HDF5 (default DEFAULT_INPUT); ``argv[2]``: the output folder (default
    test/data/sar/alos_riobranco).
    """
    source = argv[1] if len(argv) > 1 else DEFAULT_INPUT
    folder = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    dataset = gdal.OpenEx(source, gdal.OF_MULTIDIM_RASTER)
    if dataset is None:
        sys.exit(f"GDAL cannot open {source} as HDF5 (multidimensional).")
    root = dataset.GetRootGroup()
    slc = read_array(root, RSLC + "swaths/frequencyA/HH").astype(np.complex64)
    geometry = geometry_from_rslc(root)
    os.makedirs(folder, exist_ok=True)
    tif, js = write_complex_geotiff(SimpleNamespace(slc=slc, geometry=geometry),
                                    os.path.join(folder, "alos_riobranco_hh.tif"))
    reader, read_back = open_slc(tif)
    image = reader.read(0, 0, reader.lines, reader.samples)
    assert np.array_equal(image, slc)
    peak = np.unravel_index(np.argmax(np.abs(image)), image.shape)
    t, r, _ = read_back.geo2rdr(geodetic_to_ecef(*CORNER_REFLECTOR)[None, :])
    line, sample = read_back.radar_to_image(t, r)
    print(f"wrote {tif} and {js}: {slc.shape[0]} lines x {slc.shape[1]} samples")
    print(f"wavelength {geometry.wavelength_m:.5f} m, line interval "
          f"{geometry.azimuth_time_interval_s * 1e6:.2f} us, range spacing "
          f"{geometry.range_pixel_spacing_m:.3f} m, azimuth bandwidth "
          f"{geometry.extra['json_extra']['total_processed_azimuth_bandwidth_hz']:.1f} Hz")
    print(f"brightest pixel: line {peak[0]}, sample {peak[1]}, |HH| {np.abs(image).max():.0f} "
          f"(median {np.median(np.abs(image)):.0f})")
    print(f"geo2rdr of CR1 {CORNER_REFLECTOR}: line {line[0]:.2f}, sample {sample[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv)
