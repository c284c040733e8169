"""The project against sarsen 0.9 on the same inputs, in the same run (`make bench`, issue 16).

sarsen (the Python terrain-correction reference, PyPI) lives in its own virtual environment,
.bench-venv, made by scripts/bench_env.sh; this module has two roles:
- imported by bench.py (the project's environment): ``bench_sarsen(sizes)`` makes the
  environment, writes the shared inputs under bench_output/sarsen/ and runs every case in its
  own process, the project's through harness (``python -m sar_height.benchmarks.harness``),
  sarsen's as ``.bench-venv/bin/python benchmarks/bench_sarsen.py NAME JSON`` (this file as a
  script: it then imports numpy, xarray and sarsen only). Each case's seconds are timed in
  the child around the work; its peak memory is the child's own VmHWM (ru_maxrss would include
  the size of the parent it was forked from), its CPU use its user + system time (os.wait4).
- Cases, each run by both on identical inputs:
  * geo2rdr, one guess: GEO2RDR_POINTS random ECEF points (bench_geometry.random_targets),
    every point started from the mid-image time; best of REPEATS. sarsen:
    geocoding.backward_geocode (Newton, its default) with its degree-5 polynomial orbit fit
    (orbit.OrbitPolyfitInterpolator, as terrain_correction builds it), slant range |dem_distance|.
  * geo2rdr, seeded: the Ötztal DEM resampled to SEED_SIZE² cells (bench_geometry.dem_cells),
    seeded every SEED_EVERY-th cell (project: bench_geometry.geo2rdr_seeded; sarsen:
    backward_geocode(seed_step=(SEED_EVERY, SEED_EVERY))).
  * the whole simulation against sarsen.terrain_correction, Ötztal DEM resampled to N² cells
    (inputs.resampled_dem): project: open the product and the DEM, then
    core.simulation.simulate_to_files with the algorithm's default options, its default
    WORKERS (core.blocks.default_workers: the CPUs, at most 2) and its four outputs (the core
    of sarheight:simulate_sar); sarsen: Sentinel1SarProduct + terrain_correction
    (its defaults: nearest, no radiometric correction, 1024-cell chunks, dask threads).
  Below the table: the largest differences of the two geo2rdr on the same points (azimuth time,
  slant range), the machine, the date and the load average.
- The product: the real Ötztal GRD annotation (resources/sample_data) copied with its manifest;
  it has no calibration annotation, so a synthetic one is written (constant LUTs, betaNought
  BETA_NOUGHT, as in real GRDs), and a synthetic measurement TIFF of the real size (uint16,
  uncompressed, Rayleigh amplitudes; 860 MB, written once) in two LAYOUTS: one-line strips, as
  ESA delivers GRDs, and TILE² tiles (as in COG copies). sarsen reads the strips through one
  dask task per line (xarray-sentinel opens the file with its own blocks), which dominates its
  time at 2000²; the tiled copy shows sarsen without that cost. Both rows use the same run of
  the project's side.
If the environment cannot be made (offline), the project's side still runs and the rows say
that sarsen was skipped, and why.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH_ENV_SCRIPT = ROOT / "scripts" / "bench_env.sh"
BENCH_PYTHON = ROOT / os.environ.get("BENCH_VENV", ".bench-venv") / "bin" / "python"
WORK = ROOT / "bench_output" / "sarsen"
MEASUREMENT_GROUP = "IW/VV"
TILE = 512  # block side of the tiled measurement
# the measurement's layouts: how ESA delivers GRDs, and as tiles (COG-like, uncompressed)
LAYOUTS = {"strips": "one-line strips, as ESA delivers it", "tiles": f"{TILE}² tiles"}
SIZES, SIZES_QUICK, SIZE_LARGE = [2000, 4000], [2000], 8000
REPEATS = 3
GEO2RDR_POINTS = 1_000_000  # bench_geometry's
SEED_EVERY = 32
BETA_NOUGHT = 237.0  # the constant betaNought LUT of Sentinel-1B GRDs
IMAGE_INFORMATION = "imageAnnotation/imageInformation"
PATTERN_LINES = 509  # rows of random amplitudes, reused cyclically (shifted) down the raster
# the bench environment's python must not see the project's or QGIS's paths
FOREIGN_ENV = ("PYTHONPATH", "PYTHONHOME", "GDAL_DATA", "GDAL_DRIVER_PATH", "PROJ_LIB",
               "PROJ_DATA", "VIRTUAL_ENV")


def own_peak_mb():
    """Return this process's own peak resident memory in MiB (VmHWM, not inherited)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM in /proc/self/status: peak memory unknown")


# -- sarsen's side: run with the bench environment's python (numpy, xarray, sarsen only) --------

def _sarsen_orbit(safe):
    """Return sarsen's orbit interpolator of the product, built as terrain_correction does."""
    from sarsen import Sentinel1SarProduct
    from sarsen.orbit import OrbitPolyfitInterpolator

    product = Sentinel1SarProduct(safe, measurement_group=MEASUREMENT_GROUP)
    return OrbitPolyfitInterpolator.from_position(product.state_vectors())


def _sarsen_solve(safe, dem_ecef, guess_utc, out_npz, **kwargs):
    """Time sarsen's backward geocoding (best of REPEATS); save time (ns) and slant range (m)."""
    import xarray as xr
    from sarsen.geocoding import backward_geocode

    orbit = _sarsen_orbit(safe)
    guess = float(orbit.azimuth_time_to_orbit_time(xr.DataArray(np.datetime64(guess_utc, "ns"))))
    best = np.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        acquisition = backward_geocode(dem_ecef, orbit, guess, **kwargs)
        slant_range_m = (acquisition.dem_distance ** 2).sum(dim="axis") ** 0.5
        best = min(best, time.perf_counter() - start)
    order = [dim for dim in dem_ecef.dims if dim != "axis"]
    slant_range_m = slant_range_m.transpose(*order)
    azimuth_time = acquisition.azimuth_time.transpose(*order).values
    azimuth_ns = azimuth_time.astype("datetime64[ns]").astype(np.int64)
    np.savez(out_npz, azimuth_time_ns=azimuth_ns, slant_range_m=slant_range_m.values)
    return {"seconds": best, "points": int(slant_range_m.size), "version": _sarsen_version()}


def _sarsen_version():
    import sarsen

    return sarsen.__version__


def sarsen_geo2rdr(safe, points_npy, guess_utc, out_npz):
    """Time sarsen's geo2rdr of the (n, 3) ECEF points in ``points_npy``, from ``guess_utc``."""
    import xarray as xr

    points = xr.DataArray(np.load(points_npy), dims=("point", "axis"),
                          coords={"axis": [0, 1, 2]})
    return _sarsen_solve(safe, points, guess_utc, out_npz)


def sarsen_geo2rdr_seeded(safe, cells_npy, guess_utc, out_npz, every=SEED_EVERY):
    """Time sarsen's geo2rdr of the (rows, cols, 3) ECEF cells, seeded every ``every``-th."""
    import xarray as xr

    cells = np.load(cells_npy)
    dem_ecef = xr.DataArray(np.moveaxis(cells, -1, 0), dims=("axis", "y", "x"),
                            coords={"axis": [0, 1, 2], "y": np.arange(cells.shape[0]),
                                    "x": np.arange(cells.shape[1])})
    return _sarsen_solve(safe, dem_ecef, guess_utc, out_npz, seed_step=(every, every))


def sarsen_terrain_correction(safe, dem_path, out_tif):
    """Time sarsen.terrain_correction of the product on the DEM, from opening to the GeoTIFF."""
    from sarsen import Sentinel1SarProduct, terrain_correction

    Path(out_tif).unlink(missing_ok=True)
    start = time.perf_counter()
    product = Sentinel1SarProduct(safe, measurement_group=MEASUREMENT_GROUP)
    terrain_correction(product, dem_path, output_urlpath=out_tif)
    seconds = time.perf_counter() - start
    Path(out_tif).unlink(missing_ok=True)
    return {"seconds": seconds}


# -- the project's side (run through harness in the project's environment) ---------------------

def project_geo2rdr(points_npy, out_npz):
    """Time the project's geo2rdr of the points from the mid-image time (best of REPEATS)."""
    from sar_height.benchmarks.bench_geometry import best_of, sentinel1_geometry

    geometry = sentinel1_geometry()
    points = np.load(points_npy)
    seconds, (azimuth_time_s, slant_range_m, _) = best_of(lambda: geometry.geo2rdr(points),
                                                          REPEATS)
    np.savez(out_npz, azimuth_time_s=azimuth_time_s, slant_range_m=slant_range_m)
    return {"seconds": seconds, "points": int(slant_range_m.size), "peak_mb": own_peak_mb()}


def project_geo2rdr_seeded(cells_npy, out_npz, every=SEED_EVERY):
    """Time the project's geo2rdr of the cells, seeded every ``every``-th (best of REPEATS)."""
    from sar_height.benchmarks.bench_geometry import best_of, geo2rdr_seeded, sentinel1_geometry

    geometry = sentinel1_geometry()
    cells = np.load(cells_npy)
    seconds, (azimuth_time_s, slant_range_m, _) = best_of(
        lambda: geo2rdr_seeded(geometry, cells, every), REPEATS)
    np.savez(out_npz, azimuth_time_s=azimuth_time_s, slant_range_m=slant_range_m)
    return {"seconds": seconds, "points": int(slant_range_m.size), "peak_mb": own_peak_mb()}


def project_simulate(safe, dem_path, size):
    """Time the core of sarheight:simulate_sar (default options and workers, four outputs)."""
    from sar_height.core.blocks import default_workers
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.simulation.simulate import SimulationOptions, simulate_to_files

    outputs = {name: str(WORK / f"sim{size}_{name}.tif")
               for name in ("simulated", "mask", "lookup", "incidence")}
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    start = time.perf_counter()
    geometry = open_geometry(safe, None, "VV")
    workers = default_workers()  # the algorithm's default WORKERS
    summary = simulate_to_files(DemRaster(dem_path), geometry, outputs, SimulationOptions(),
                                workers=workers)
    seconds = time.perf_counter() - start
    for path in outputs.values():
        Path(path).unlink(missing_ok=True)
    return {"seconds": seconds,
            "note": f"oversampling {summary.oversampling}, {workers} worker(s)",
            "peak_mb": own_peak_mb()}


# -- the shared inputs (project's environment) ---------------------------------------------------

def _calibration_xml(annotation):
    """Text of a calibration annotation with constant LUTs for the GRD ``annotation`` (path)."""
    import xml.etree.ElementTree as ET

    root = ET.parse(annotation).getroot()
    info = root.find(IMAGE_INFORMATION)
    lines, samples = _image_size(info)
    first = np.datetime64(info.findtext("productFirstLineUtcTime"), "ns")
    interval_ns = float(info.findtext("azimuthTimeInterval")) * 1e9
    pixels = np.r_[np.arange(0, samples - 1, 40), samples - 1]
    calibration = ET.Element("calibration")
    calibration.append(root.find("adsHeader"))
    ET.SubElement(ET.SubElement(calibration, "calibrationInformation"),
                  "absoluteCalibrationConstant").text = "1.000000e+00"
    vectors = ET.SubElement(calibration, "calibrationVectorList")
    vector_lines = np.r_[np.arange(0, lines - 1, 640), lines - 1]
    vectors.set("count", str(len(vector_lines)))
    constant = " ".join([f"{BETA_NOUGHT:e}"] * len(pixels))
    for line in vector_lines:
        vector = ET.SubElement(vectors, "calibrationVector")
        time_utc = first + np.timedelta64(round(line * interval_ns), "ns")
        ET.SubElement(vector, "azimuthTime").text = str(time_utc)[:26]
        ET.SubElement(vector, "line").text = str(line)
        for tag, text in (("pixel", " ".join(map(str, pixels))), ("sigmaNought", constant),
                          ("betaNought", constant), ("gamma", constant), ("dn", constant)):
            element = ET.SubElement(vector, tag, count=str(len(pixels)))
            element.text = text
    return ET.tostring(calibration, encoding="unicode", xml_declaration=True)


def _write_measurement(path, lines, samples):
    """Write the synthetic uint16 measurement (uncompressed, one-line strips) at ``path``."""
    from osgeo import gdal

    gdal.UseExceptions()
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), samples, lines, 1,
                                                   gdal.GDT_UInt16, ["BLOCKYSIZE=1"])
    rng = np.random.default_rng(16)
    pattern = np.maximum(rng.rayleigh(135.0, (PATTERN_LINES, samples)), 1).astype(np.uint16)
    band = dataset.GetRasterBand(1)
    for line0 in range(0, lines, PATTERN_LINES):
        rows = min(PATTERN_LINES, lines - line0)
        band.WriteArray(np.roll(pattern[:rows], line0 // PATTERN_LINES * 97, axis=1), 0, line0)
    dataset = None


def make_products():
    """Copy the Ötztal GRD annotation set, add calibration and measurement, in each layout.

    Returns {layout: SAFE path (str)} for the LAYOUTS; existing complete copies are reused.
    Run in a child process (run_project), so that GDAL's cache stays out of the parent.
    """
    import shutil

    from osgeo import gdal

    from sar_height.benchmarks.inputs import GRD

    annotation = next((GRD / "annotation").glob("s1?-iw-grd-vv-*.xml"))
    products = {layout: WORK / layout / GRD.name for layout in LAYOUTS}
    measurements = {layout: safe / "measurement" / f"{annotation.stem}.tiff"
                    for layout, safe in products.items()}
    for layout, safe in products.items():
        if measurements[layout].exists():
            continue
        shutil.rmtree(safe, ignore_errors=True)
        shutil.copytree(GRD, safe)
        (safe / "annotation" / "calibration").mkdir()
        (safe / "annotation" / "calibration" / f"calibration-{annotation.name}").write_text(
            _calibration_xml(annotation))
        (safe / "measurement").mkdir()
        partial = measurements[layout].with_suffix(".part.tiff")
        if layout == "strips":
            _write_measurement(partial, *_image_size(_image_information(annotation)))
        else:
            gdal.Translate(str(partial), str(measurements["strips"]), creationOptions=[
                "TILED=YES", f"BLOCKXSIZE={TILE}", f"BLOCKYSIZE={TILE}"])
        partial.rename(measurements[layout])
    return {layout: str(safe) for layout, safe in products.items()}


def _image_information(annotation):
    """Return the imageAnnotation/imageInformation element of the annotation file."""
    import xml.etree.ElementTree as ET

    return ET.parse(annotation).getroot().find(IMAGE_INFORMATION)


def _image_size(info):
    """(lines, samples) of an annotation's imageInformation element."""
    return int(info.findtext("numberOfLines")), int(info.findtext("numberOfSamples"))


def make_points():
    """Save the geo2rdr inputs once; return their paths and times.

    (points .npy, cells .npy, mid-image time UTC, the geometry's time origin UTC).
    """
    from sar_height.benchmarks.bench_geometry import dem_cells, random_targets, sentinel1_geometry

    geometry = sentinel1_geometry()
    points, cells = WORK / "points.npy", WORK / "cells.npy"
    if not points.exists():
        np.save(points, random_targets(GEO2RDR_POINTS))
    if not cells.exists():
        np.save(cells, dem_cells())
    epoch = np.datetime64(geometry.orbit.epoch, "ns")
    mid_utc = epoch + np.timedelta64(round(geometry.mid_time_s * 1e9), "ns")
    return points, cells, str(mid_utc), str(epoch)


# -- running the cases (project's environment) ---------------------------------------------------

class CaseFailed(RuntimeError):
    """A case's process exited with an error; the message ends with its last output line."""


def ensure_environment():
    """Make .bench-venv with scripts/bench_env.sh; return None when ready, else why not."""
    result = subprocess.run(["bash", str(BENCH_ENV_SCRIPT)], capture_output=True, text=True,
                            cwd=ROOT)
    sys.stderr.write(result.stderr)
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    return lines[-1].removeprefix("bench_env: ") if lines else f"exit {result.returncode}"


def run_measured(argv, env=None):
    """Run ``argv`` (it prints its JSON result last); return the result with its resources.

    Adds ``cpu_percent``: the process's user and system time (os.wait4) over its wall time,
    imports included. Its peak memory is the ``peak_mb`` that the case itself returns (VmHWM:
    ru_maxrss would start from the parent's size, which a forked child inherits). Raises
    CaseFailed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   cwd=ROOT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = (_text(file) for file in (out, err))
    if process.returncode != 0:
        last = (stderr.strip().splitlines() or [f"exit {process.returncode}"])[-1]
        raise CaseFailed(f"{argv[-2]}: {last}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["cpu_percent"] = 100.0 * (usage.ru_utime + usage.ru_stime) / wall
    return result


def _text(file):
    file.seek(0)
    return file.read().decode(errors="replace")


def run_project(function, *args):
    """``function(*args)`` of this module in the project's python (harness); its result."""
    from sar_height.benchmarks.harness import HARNESS

    try:
        return run_measured([sys.executable, "-m", HARNESS,
                             f"sar_height.benchmarks.bench_sarsen:{function.__name__}",
                             json.dumps([str(a) if isinstance(a, Path) else a for a in args])])
    except CaseFailed as failed:
        sys.exit(f"project side of the sarsen comparison failed: {failed}")


def run_sarsen(skipped, function, *args):
    """``function(*args)`` of this file in the bench environment's python; result or None.

    None, with the reason appended to the list ``skipped``, when the case fails or when
    ``skipped`` already says that the environment is missing.
    """
    if any(reason.startswith(ENVIRONMENT_MISSING) for reason in skipped):
        return None
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    try:
        return run_measured([str(BENCH_PYTHON), str(Path(__file__).resolve()), function.__name__,
                             json.dumps([str(a) if isinstance(a, Path) else a for a in args])],
                            env=env)
    except CaseFailed as failed:
        skipped.append(f"sarsen case failed: {failed}")
        return None


ENVIRONMENT_MISSING = "sarsen comparison skipped: "


# -- the table rows (project's environment) -----------------------------------------------------

def _pair(ours, theirs, unit, digits=2):
    """'ours unit' or 'ours vs theirs unit' (theirs None: sarsen skipped)."""
    if theirs is None:
        return f"{ours:.{digits}f} {unit} (sarsen skipped)"
    return f"{ours:.{digits}f} vs {theirs:.{digits}f} {unit}"


def _resources(ours, theirs):
    """Return the memory / note column: peak memory (and ratio) and CPU use of both."""
    if theirs is None:
        return f"peak {ours['peak_mb']:.0f} MB; CPU {ours['cpu_percent']:.0f} %"
    return (f"peak {ours['peak_mb']:.0f} vs {theirs['peak_mb']:.0f} MB: "
            f"{ours['peak_mb'] / theirs['peak_mb']:.2f}; "
            f"CPU {ours['cpu_percent']:.0f} vs {theirs['cpu_percent']:.0f} %")


def geo2rdr_row(name, ours, theirs):
    """(name, speed, note) of a geo2rdr case: points per second, ratio project / sarsen."""
    rate = ours["points"] / ours["seconds"] / 1e6
    their_rate = None if theirs is None else theirs["points"] / theirs["seconds"] / 1e6
    speed = _pair(rate, their_rate, "M points/s")
    if theirs is not None:
        speed += f": {rate / their_rate:.2f}"
    return (f"vs sarsen: {name}", speed, _resources(ours, theirs))


def simulation_row(size, layout, ours, theirs):
    """(name, speed, note) of simulate_sar against terrain_correction at size², ``layout``."""
    speed = _pair(ours["seconds"], None if theirs is None else theirs["seconds"], "s", 1)
    if theirs is not None:
        speed += f": speed {theirs['seconds'] / ours['seconds']:.2f}"
    return (f"vs sarsen: simulate_sar / terrain_correction {size}², {layout}", speed,
            f"{_resources(ours, theirs)}; project's {ours['note']}")


def geo2rdr_differences(ours_npz, theirs_npz, epoch_utc):
    """(max |time difference| us, max |range difference| mm, points both solved)."""
    ours, theirs = np.load(ours_npz), np.load(theirs_npz)
    their_ns = theirs["azimuth_time_ns"].ravel()
    solved = their_ns != np.iinfo(np.int64).min  # NaT
    their_time_s = (their_ns - np.datetime64(epoch_utc, "ns").astype(np.int64)) * 1e-9
    time_s, range_m = ours["azimuth_time_s"].ravel(), ours["slant_range_m"].ravel()
    their_range_m = theirs["slant_range_m"].ravel()
    both = solved & np.isfinite(time_s) & np.isfinite(range_m) & np.isfinite(their_range_m)
    return (1e6 * float(np.max(np.abs(time_s - their_time_s)[both], initial=0.0)),
            1e3 * float(np.max(np.abs(range_m - their_range_m)[both], initial=0.0)),
            int(both.sum()))


def machine_line():
    """Return the CPU model, logical and usable CPUs, load average and date of this run."""
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"vs sarsen, machine: {model}, {os.cpu_count()} logical CPUs "
            f"({len(os.sched_getaffinity(0))} usable), load average {load} at the start; "
            f"{datetime.now().astimezone().isoformat(timespec='minutes')}")


# -- the benchmark (project's environment) ------------------------------------------------------

def _geo2rdr_cases(safe, skipped):
    """Rows and agreement lines of the two geo2rdr cases, and sarsen's version (or None)."""
    from sar_height.benchmarks.bench_geometry import SEED_SIZE

    points, cells, mid_utc, epoch_utc = make_points()
    cases = [(f"geo2rdr {GEO2RDR_POINTS:,} points, one guess", "one guess",
              (project_geo2rdr, points), (sarsen_geo2rdr, safe, points, mid_utc)),
             (f"geo2rdr {SEED_SIZE}² DEM cells, 1-in-{SEED_EVERY} seeds", "seeded",
              (project_geo2rdr_seeded, cells), (sarsen_geo2rdr_seeded, safe, cells, mid_utc))]
    rows, lines, version = [], [], None
    for name, short, (ours, *our_args), (theirs, *their_args) in cases:
        our_npz, their_npz = (WORK / f"{short.replace(' ', '_')}_{side}.npz"
                              for side in ("project", "sarsen"))
        our_stats = run_project(ours, *our_args, our_npz)
        their_stats = run_sarsen(skipped, theirs, *their_args, their_npz)
        rows.append(geo2rdr_row(name, our_stats, their_stats))
        if their_stats is not None:
            version = their_stats["version"]
            dt_us, dr_mm, count = geo2rdr_differences(our_npz, their_npz, epoch_utc)
            lines.append(f"vs sarsen, geo2rdr {short}: max |azimuth time difference| "
                         f"{dt_us:.2f} us, max |slant range difference| {dr_mm:.2f} mm "
                         f"({count:,} points solved by both)")
    return rows, lines, version


def bench_sarsen(sizes=SIZES):
    """(rows, lines below the table) of the comparison with sarsen (module docstring).

    ``sizes``: DEM sizes (cells per side) of the simulation cases.
    """
    from sar_height.benchmarks.inputs import GRD, resampled_dem

    WORK.mkdir(parents=True, exist_ok=True)
    reason = ensure_environment()
    skipped = [ENVIRONMENT_MISSING + reason] if reason else []
    machine = machine_line()
    # offline: the project's side reads the same annotation in place
    made = run_project(make_products) if reason is None else dict.fromkeys(LAYOUTS, str(GRD))
    products = {layout: made[layout] for layout in LAYOUTS}
    safe = products["strips"]
    rows, lines, version = _geo2rdr_cases(safe, skipped)
    for size in sizes:
        dem = resampled_dem(size)
        ours = run_project(project_simulate, safe, dem, size)
        for layout, product in products.items():
            theirs = run_sarsen(skipped, sarsen_terrain_correction, product, dem,
                                WORK / f"gtc{size}.tif")
            rows.append(simulation_row(size, layout, ours, theirs))
    lines += [
        f"vs sarsen: project vs sarsen {version or '(skipped)'}, ratio project / "
        "sarsen: speed above 1 = the project is faster, peak memory below 1 = it needs less; "
        "each case in its own process (peak: its VmHWM; CPU: its user + system time / "
        "wall time)",
        "vs sarsen, inputs: Ötztal DEM resampled (cubic) to N² cells, the real Ötztal S1B GRD "
        "annotation with a synthetic calibration and measurement (uint16, uncompressed) in "
        f"two layouts: {'; '.join(f'{k}: {v}' for k, v in LAYOUTS.items())} "
        f"({_relative(WORK)}); one project run per size, printed against both",
        machine, *skipped]
    return rows, lines


def _relative(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(argv=None):
    """Run one sarsen case (``NAME JSON-LIST``) in this process; print its JSON result."""
    name, args = argv or sys.argv[1:]
    if not name.startswith("sarsen_"):
        sys.exit(f"not a sarsen case: {name}")
    result = globals()[name](*json.loads(args))
    print(json.dumps(dict(result, peak_mb=own_peak_mb())))


if __name__ == "__main__":
    main()
