"""Issue 11 §1–2 as a user meets them: inputs never overwritten, one cancel rule, Ctrl-C.

Every algorithm refuses an output that is one of its input files (also through a symbolic
link or a './' path) or another of its outputs, in checkParameterValues and again in
processAlgorithm (graphical models skip checkParameterValues in QGIS 3.22). A run cancelled
at any time, even after its last progress tick, leaves no output. SIGINT/SIGTERM on
qgis_process cancel the run within seconds; a SIGKILLed run leaves only temporaries that
the next run in that folder deletes.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from osgeo import gdal
from qgis_helpers import collecting_feedback
from test_estimate_height_qgis import data  # noqa: F401 (module fixture)
from test_point_target_qgis import products  # noqa: F401 (module fixture)
from test_stereo_radargrammetry_qgis import pair_files  # noqa: F401 (module fixture)
from test_stereo_radargrammetry_qgis import params as stereo_params

gdal.UseExceptions()
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
REFERENCE = ROOT / "test" / "data" / "los_angeles_glo30_geoid.tif"
ESTIMATE = ROOT / "test" / "data" / "los_angeles_glo30_ellipsoid.tif"


def small_dem(folder, size=60, name="dem.tif"):
    path = Path(folder) / name
    gdal.Translate(str(path), str(DEM), srcWin=[200, 150, size, size])
    return path


def algorithm(alg_id):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById(alg_id)


def check(alg_id, parameters):
    from qgis.core import QgsProcessingContext

    return algorithm(alg_id).checkParameterValues(parameters, QgsProcessingContext())


def visible_and_hidden(folder):
    return sorted(p.name for p in Path(folder).iterdir())


# -- §1 never destroy an input ---------------------------------------------------------------------
def same_path_cases(folder, pair):
    """(algorithm, parameters, the input key, the output key) with output = input."""
    dem = small_dem(folder)
    link = folder / "link_to_dem.tif"
    link.symlink_to(dem)
    reference = Path(shutil.copy(REFERENCE, folder))
    estimate = Path(shutil.copy(ESTIMATE, folder))
    geometry_json = Path(shutil.copy(pair["reference_json"], folder))
    return {
        "simulate DEM via link": ("sarheight:simulate_sar", {
            "DEM": str(dem), "GEOMETRY": str(GRD / "manifest.safe"),
            "OUTPUT_MASK": str(link)}, "DEM", "OUTPUT_MASK"),
        "reconstruct SAR": ("sarheight:reconstruct_layover", {
            "SAR": str(estimate), "GEOMETRY": str(GRD / "manifest.safe"), "DEM": str(dem),
            "OUTPUT": str(estimate)}, "SAR", "OUTPUT"),
        "compare REFERENCE": ("sarheight:compare_dem", {
            "DEM": str(estimate), "REFERENCE": str(reference),
            "OUTPUT_ERROR": str(reference)}, "REFERENCE", "OUTPUT_ERROR"),
        "estimate PRIOR_DEM": ("sarheight:estimate_height", {
            "SAR": str(estimate), "PRIOR_DEM": str(dem), "OUTPUT": str(dem)},
            "PRIOR_DEM", "OUTPUT"),
        "stereo DEM": ("sarheight:stereo_radargrammetry", stereo_params(
            pair, folder, MATCHER=1, DEM=str(dem), OUTPUT=str(dem)), "DEM", "OUTPUT"),
        "point target GEOMETRY json": ("sarheight:point_target_height", {
            "SLC": str(pair["reference"]), "GEOMETRY": str(geometry_json),
            "OUTPUT": str(geometry_json)}, "GEOMETRY", "OUTPUT"),
    }


CASES = ("simulate DEM via link", "reconstruct SAR", "compare REFERENCE", "estimate PRIOR_DEM",
         "stereo DEM", "point target GEOMETRY json")


@pytest.mark.parametrize("case", CASES)
def test_output_equal_to_an_input_is_refused(qgis_processing, pair_files, tmp_path,  # noqa: F811
                                             case):
    alg_id, parameters, input_key, output_key = same_path_cases(tmp_path, pair_files)[case]
    if alg_id.endswith("estimate_height"):
        pytest.importorskip("onnxruntime")
    before = {name: (tmp_path / name).read_bytes() for name in os.listdir(tmp_path)
              if (tmp_path / name).is_file()}
    ok, message = check(alg_id, parameters)
    assert not ok
    assert f"({output_key})" in message and f"({input_key})" in message
    assert "destroy the input" in message and "Choose another file name" in message
    # processAlgorithm checks again (QGIS 3.22 models do not call checkParameterValues)
    from qgis.core import QgsProcessingContext, QgsProcessingException

    with pytest.raises(QgsProcessingException, match="destroy the input"):
        algorithm(alg_id).run(parameters, QgsProcessingContext(), collecting_feedback(),
                              {}, False)
    after = {name: (tmp_path / name).read_bytes() for name in before}
    assert after == before  # the input is untouched, its sidecars too


def test_dot_slash_path_is_the_same_file(qgis_processing, tmp_path, monkeypatch):
    dem = small_dem(tmp_path)
    monkeypatch.chdir(tmp_path)
    ok, message = check("sarheight:simulate_sar", {
        "DEM": str(dem), "GEOMETRY": str(GRD / "manifest.safe"),
        "OUTPUT_INCIDENCE": "./dem.tif"})
    assert not ok and "(DEM)" in message and "(OUTPUT_INCIDENCE)" in message


@pytest.mark.parametrize("given", ["manifest.safe", "folder"])
def test_a_file_of_an_input_product_is_protected(qgis_processing, tmp_path, given):
    """GEOMETRY names a product (its SAFE folder or manifest): its files are inputs too."""
    safe = Path(shutil.copytree(GRD, tmp_path / GRD.name))
    measurement = safe / "measurement" / "s1b-iw-grd-vv.tiff"
    measurement.parent.mkdir(exist_ok=True)
    measurement.write_bytes(b"II*\x00 the product's pixels")
    geometry = safe / "manifest.safe" if given == "manifest.safe" else safe
    ok, message = check("sarheight:simulate_sar", {
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(geometry),
        "OUTPUT_MASK": str(measurement)})
    assert not ok and "(GEOMETRY)" in message and "(OUTPUT_MASK)" in message
    ok, message = check("sarheight:simulate_sar", {  # a new file in the folder is no loss
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(geometry),
        "OUTPUT_MASK": str(safe / "mask.tif")})
    assert ok, message


@pytest.mark.slow
def test_two_outputs_with_one_path_are_refused(qgis_process, tmp_path):
    dem = small_dem(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    rc, _, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": dem, "GEOMETRY": GRD / "manifest.safe", "OUTPUT_MASK": out / "x.tif",
        "OUTPUT_LOOKUP": out / "x.tif"})
    assert rc != 0 and "Traceback" not in stderr
    assert "(OUTPUT_MASK)" in stderr and "(OUTPUT_LOOKUP)" in stderr and "same file" in stderr
    assert list(out.iterdir()) == []


# -- §2 one cancel rule ----------------------------------------------------------------------------
def cancelling_feedback(at_percent):
    """Feedback that cancels at the first message after the progress reached ``at_percent``.

    That is after the algorithm's last progress tick, while it reports its summary (before or after
    the core call returned, the run must leave nothing).
    """
    feedback = collecting_feedback()
    reached = []
    set_progress = feedback.setProgress

    def progress(percent):
        reached.append(percent)
        set_progress(percent)

    def push_info(info):
        feedback.lines.append(info)
        if reached and max(reached) >= at_percent and not feedback.isCanceled():
            feedback.cancel()

    feedback.setProgress, feedback.pushInfo = progress, push_info
    return feedback


def test_compare_dem_cancelled_after_the_last_strip(qgis_processing, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    feedback = cancelling_feedback(95.0)
    result = qgis_processing.run("sarheight:compare_dem", {
        "DEM": str(ESTIMATE), "DEM_VERTICAL_DATUM": 2, "REFERENCE": str(REFERENCE),
        "REFERENCE_VERTICAL_DATUM": 1, "OUTPUT_ERROR": str(out / "error.tif"),
        "OUTPUT_REPORT": str(out / "report.html")}, feedback=feedback)
    assert feedback.isCanceled() and "OUTPUT_ERROR" not in result
    assert visible_and_hidden(out) == []


def test_simulate_cancelled_after_the_last_tick(qgis_processing, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    feedback = cancelling_feedback(100.0)
    result = qgis_processing.run("sarheight:simulate_sar", {
        "DEM": str(small_dem(tmp_path)), "GEOMETRY": str(GRD / "manifest.safe"),
        "OUTPUT_MASK": str(out / "mask.tif"), "OUTPUT_SIMULATED": str(out / "sim.tif")},
        feedback=feedback)
    assert feedback.isCanceled() and result == {}
    assert visible_and_hidden(out) == []


def test_stereo_cancelled_after_the_last_patch(qgis_processing, pair_files,  # noqa: F811
                                               tmp_path):
    feedback = cancelling_feedback(97.0)
    result = qgis_processing.run("sarheight:stereo_radargrammetry", stereo_params(
        pair_files, tmp_path, MATCHER=1, PATCH_SIZE=128), feedback=feedback)
    assert feedback.isCanceled() and "POINTS" not in result
    assert visible_and_hidden(tmp_path) == []


def test_point_target_cancelled_after_measuring(qgis_processing, products,  # noqa: F811
                                                tmp_path):
    feedback = cancelling_feedback(95.0)
    out = tmp_path / "targets.gpkg"
    result = qgis_processing.run("sarheight:point_target_height", {
        "SLC": str(products["tif"]), "OUTPUT": str(out)}, feedback=feedback)
    assert feedback.isCanceled() and "OUTPUT" not in result
    assert visible_and_hidden(tmp_path) == []


def test_point_target_cancel_after_the_sink_is_filled_keeps_it(qgis_processing, products,  # noqa: F811,E501
                                                                tmp_path):
    """A cancel after the point-target sink is filled keeps the complete layer and its result.

    QGIS writes a feature sink itself: filling it is the run's commit, so a cancel that comes later
    (here at the 100 % tick right after the fill, inside processAlgorithm) keeps the complete layer
    and its result, as a cancel after any other commit does (docs/reliability.md).
    """
    feedback = collecting_feedback()
    set_progress = feedback.setProgress

    def progress(percent):
        set_progress(percent)
        if percent >= 100.0:
            feedback.cancel()

    feedback.setProgress = progress
    out = tmp_path / "targets.gpkg"
    result = qgis_processing.run("sarheight:point_target_height", {
        "SLC": str(products["tif"]), "OUTPUT": str(out)}, feedback=feedback)
    assert feedback.isCanceled() and result["OUTPUT"] and result["TARGETS"] == 2
    assert out.exists()


def test_estimate_height_cancelled_after_the_last_batch(qgis_processing, data,  # noqa: F811
                                                        tmp_path):
    pytest.importorskip("onnxruntime")
    feedback = cancelling_feedback(100.0)
    result = qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
        "PRIOR_SPACING": 300.0, "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(data["model"]),
        "OUTPUT": str(tmp_path / "heights.tif")}, feedback=feedback)
    assert feedback.isCanceled() and "OUTPUT" not in result
    assert visible_and_hidden(tmp_path) == []


def test_estimate_height_reports_progress_per_batch(qgis_processing, data,  # noqa: F811
                                                    tmp_path):
    pytest.importorskip("onnxruntime")
    feedback = cancelling_feedback(1000.0)  # never cancels; records the progress
    reached = []
    original = feedback.setProgress
    feedback.setProgress = lambda percent: (reached.append(percent), original(percent))
    qgis_processing.run("sarheight:estimate_height", {
        "SAR": str(data["sar"]), "INPUT_UNITS": 0, "PRIOR_DEM": str(data["dem"]),
        "PRIOR_SPACING": 300.0, "PRIOR_DEM_VERTICAL_DATUM": 2, "MODEL": str(data["model"]),
        "OUTPUT": str(tmp_path / "heights.tif")}, feedback=feedback)
    between = sorted({round(p, 3) for p in reached if 5.0 < p < 100.0})
    # 150 x 170 pixels in 64-pixel tiles (overlap 16): 12 tiles, 3 batches of 4: a step after
    # each of the first two (the third ends at 100 %)
    assert len(between) == 2, reached


# -- §2 signals on qgis_process --------------------------------------------------------------------
def slow_simulation(folder, qgis_process, out):
    """Start a simulate_sar run of > 10 s (a 1600² DEM at 1/4 of the 3″ spacing)."""
    dem = folder / "big_dem.tif"
    if not dem.exists():
        gdal.Translate(str(dem), str(DEM), srcWin=[100, 100, 400, 400], width=1600,
                       height=1600, resampleAlg="bilinear")
    args = ["qgis_process.bin", "run", "sarheight:simulate_sar", "--",
            f"DEM={dem}", f"GEOMETRY={GRD}", f"OUTPUT_SIMULATED={out / 'sim.tif'}",
            f"OUTPUT_MASK={out / 'mask.tif'}"]
    process = subprocess.Popen(args, env=qgis_process.env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while not any(".partial." in name for name in os.listdir(out)):  # it is writing
        assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
        time.sleep(0.1)
    time.sleep(1.0)
    return process


def scratch_of(pid):
    return [n for n in os.listdir(tempfile.gettempdir()) if f"-{pid}-" in n and "sarheight" in n]


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.slow
def test_signal_cancels_within_seconds_and_leaves_nothing(qgis_process, tmp_path,
                                                          signal_number):
    out = tmp_path / "out"
    out.mkdir()
    process = slow_simulation(tmp_path, qgis_process, out)
    sent = time.monotonic()
    process.send_signal(signal_number)
    output, _ = process.communicate(timeout=60)
    seconds = time.monotonic() - sent
    assert seconds < 10.0, output  # measured about 2 s (SIGINT) / 0.2 s (SIGTERM)
    assert process.returncode != 0 and "no output written" in output, output
    assert "Traceback" not in output
    assert visible_and_hidden(out) == []
    assert scratch_of(process.pid) == []


@pytest.mark.slow
def test_killed_run_leaves_temporaries_the_next_run_deletes(qgis_process, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    process = slow_simulation(tmp_path, qgis_process, out)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    left = visible_and_hidden(out)
    assert left and all(".partial." in name and f"-{process.pid}-" in name for name in left)
    assert scratch_of(process.pid)  # the accumulator, in the system temporary folder
    rc, _, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": small_dem(tmp_path), "GEOMETRY": GRD / "manifest.safe",
        "OUTPUT_MASK": out / "mask.tif", "OUTPUT_SIMULATED": out / "sim.tif"})
    assert rc == 0, stderr
    assert visible_and_hidden(out) == ["mask.tif", "sim.tif"]
    assert scratch_of(process.pid) == []


# -- §6 output folders -----------------------------------------------------------------------------
@pytest.mark.parametrize("alg_id", ["sarheight:simulate_sar", "sarheight:reconstruct_layover"])
@pytest.mark.slow
def test_missing_output_folder_is_a_message(qgis_process, tmp_path, alg_id):
    dem = small_dem(tmp_path)
    target = tmp_path / "missing" / "out.tif"
    parameters = {"DEM": dem, "GEOMETRY": GRD / "manifest.safe"}
    if alg_id.endswith("reconstruct_layover"):
        sar = tmp_path / "sar.tif"  # the reconstruction needs the product's raster size
        gdal.GetDriverByName("GTiff").Create(str(sar), 25788, 16685, 1, gdal.GDT_Float32,
                                             ["SPARSE_OK=TRUE", "TILED=YES"])
        parameters.update(SAR=sar, OUTPUT=target)
    else:
        parameters.update(OUTPUT_MASK=target)
    rc, _, stderr = qgis_process(alg_id, parameters)
    assert rc != 0 and "Traceback" not in stderr
    assert f"its folder {tmp_path / 'missing'} does not exist" in stderr
    assert ".partial" not in stderr


@pytest.mark.slow
def test_output_that_is_a_folder_is_a_message(qgis_process, tmp_path):
    (tmp_path / "mask.tif").mkdir()
    rc, _, stderr = qgis_process("sarheight:simulate_sar", {
        "DEM": small_dem(tmp_path), "GEOMETRY": GRD / "manifest.safe",
        "OUTPUT_MASK": tmp_path / "mask.tif"})
    assert rc != 0 and "Traceback" not in stderr and "IsADirectoryError" not in stderr
    assert "a folder of that name exists" in stderr
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]
