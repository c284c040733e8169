"""sarheight:reconstruct_layover as a user runs it: processing.run, qgis_process, bad input.

The real Sentinel-1 GRD annotation over the Ötztal has no measurement raster here, so the
"measured" image is simulate_sar's OUTPUT_SIMULATED (full product size, radar geometry,
speckled and textured): exactly the raster shape a GRD measurement TIFF has.
"""
import shutil
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
ROME = ROOT / "test" / "data" / "rome_30m_egm96.tif"
GRD_LINES, GRD_SAMPLES = 16685, 25788
OUTPUT_KEYS = ("OUTPUT", "OUTPUT_GEOCODED", "OUTPUT_MASK", "OUTPUT_MIXING")


def small_dem(folder, xoff=200, yoff=150, size=120):
    path = folder / "dem_cut.tif"
    if not path.exists():
        gdal.Translate(str(path), str(DEM), srcWin=[xoff, yoff, size, size])
    return path


def outputs(folder, prefix="rec"):
    return {key: str(folder / f"{prefix}_{key.lower()}.tif") for key in OUTPUT_KEYS}


def read(path):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray().astype(np.float64)


@pytest.fixture(scope="module")
def measured(qgis_processing, tmp_path_factory):
    """simulate_sar's radar-geometry output for the Ötztal cut: the 'measured' SAR image."""
    folder = tmp_path_factory.mktemp("measured")
    path = folder / "simulated.tif"
    qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(small_dem(folder)), "GEOMETRY": str(GRD), "SPECKLE_LOOKS": 4, "SEED": 3,
        "TEXTURE": 0.5, "OUTPUT_SIMULATED": str(path)})
    return path


def test_processing_run_on_the_real_grd_geometry(qgis_processing, measured, tmp_path):
    outs = outputs(tmp_path)
    feedback = collecting_feedback()
    result = qgis_processing.run("sarheight:reconstruct_layover", {
        "SAR": str(measured), "SAR_BAND": 1, "INPUT_UNITS": 0, "GEOMETRY": str(GRD),
        "DEM": str(small_dem(tmp_path)), "DEM_VERTICAL_DATUM": 0, "OUTPUT_UNITS": 0, **outs},
        feedback=feedback)
    for key in OUTPUT_KEYS:
        assert Path(result[key]).exists()
    mask = read(outs["OUTPUT_MASK"])
    assert mask.shape == (120, 120) and set(np.unique(mask)) <= {0, 1, 2, 3}
    assert (mask == 1).any()
    reconstructed, geocoded = read(outs["OUTPUT"]), read(outs["OUTPUT_GEOCODED"])
    shadow = (mask == 2) | (mask == 3)
    assert np.all(np.isnan(reconstructed[shadow]))
    assert np.mean(np.isfinite(reconstructed[~shadow])) > 0.98
    assert np.nanmin(reconstructed) >= 0
    # Layover: geocoding copies the bright folded pixels into every folded cell.
    layover = (mask == 1) & np.isfinite(reconstructed) & np.isfinite(geocoded)
    assert np.sum(geocoded[layover]) > 2 * np.sum(reconstructed[layover])
    mixing = read(outs["OUTPUT_MIXING"])
    assert np.all(mixing[np.isfinite(reconstructed)] >= 1)  # a lit cell shares with itself
    assert np.median(mixing[layover]) > np.median(mixing[mask == 0])
    log = "\n".join(feedback.lines)
    assert "Layover" in log and "shadow" in log and "ratio 1.000000" in log
    # the look direction for estimate_height: this S1B GRD is a descending pass
    metadata = gdal.Open(outs["OUTPUT"]).GetMetadata()
    assert metadata["SAR_LOOK_DIRECTION"] == "west"
    assert 270.0 < float(metadata["SAR_LOOK_AZIMUTH_DEG"]) < 290.0


@pytest.mark.slow
def test_decibel_output(qgis_processing, measured, tmp_path):
    linear, decibel = outputs(tmp_path, "lin"), outputs(tmp_path, "db")
    for outs, units in ((linear, 0), (decibel, 1)):
        qgis_processing.run("sarheight:reconstruct_layover", {
            "SAR": str(measured), "GEOMETRY": str(GRD), "DEM": str(small_dem(tmp_path)),
            "OUTPUT_UNITS": units, "OUTPUT": outs["OUTPUT"]})
    lin, db = read(linear["OUTPUT"]), read(decibel["OUTPUT"])
    good = lin > 0
    np.testing.assert_allclose(db[good], 10 * np.log10(lin[good]), atol=1e-4)


@pytest.mark.slow
def test_qgis_process_json(qgis_process, measured, tmp_path):
    outs = outputs(tmp_path, "cli")
    rc, result, stderr = qgis_process("sarheight:reconstruct_layover", {
        "SAR": measured, "GEOMETRY": GRD / "manifest.safe", "DEM": small_dem(tmp_path),
        "INPUT_UNITS": 0, "OUTPUT_UNITS": 1, "BLOCK_ROWS": 32, **outs})
    assert rc == 0, stderr
    assert result["algorithm_details"]["id"] == "sarheight:reconstruct_layover"
    for key in OUTPUT_KEYS:
        assert Path(result["results"][key]).exists()
    assert np.nanmax(read(outs["OUTPUT"])) < 60  # dB


def _wrong_size(folder):
    path = folder / "wrong_size.tif"
    gdal.Translate(str(path), str(small_dem(folder)))
    return path


def _all_nodata(folder):
    """A product-size raster that holds nothing but zeros (sparse: nothing written)."""
    path = folder / "empty.tif"
    gdal.GetDriverByName("GTiff").Create(
        str(path), GRD_SAMPLES, GRD_LINES, 1, gdal.GDT_Float32,
        options=["TILED=YES", "SPARSE_OK=TRUE", "COMPRESS=DEFLATE"]).FlushCache()
    return path


BAD_INPUTS = {
    "SAR size mismatch": (_wrong_size, small_dem,
                          ["120 lines x 120 samples", f"{GRD_LINES} lines x {GRD_SAMPLES}",
                           "measurement raster"]),
    # A copy: QGIS writes .aux.xml statistics next to rasters it opens.
    "DEM outside footprint": (None, lambda folder: Path(shutil.copy(ROME, folder)),
                              ["footprint"]),
    "all-nodata SAR": (_all_nodata, small_dem, ["no valid pixel"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.slow
def test_bad_input_clear_message_no_output(qgis_process, measured, tmp_path, case):
    make_sar, make_dem, expected = BAD_INPUTS[case]
    sar = make_sar(tmp_path) if make_sar else measured
    outs = outputs(tmp_path, "bad")
    rc, result, stderr = qgis_process("sarheight:reconstruct_layover", {
        "SAR": sar, "GEOMETRY": GRD, "DEM": make_dem(tmp_path), **outs})
    assert rc != 0
    for text in expected:
        assert text.lower() in stderr.lower(), stderr
    assert "Traceback" not in stderr
    left = [p.name for p in tmp_path.iterdir() if "bad_" in p.name]
    assert left == [], left
