"""A sample set on which every SAR Height tool runs with its defaults, written in seconds.

Everything is made at run time from the bundled sample data (resources/sample_data: the 3"
SRTM of the Ötztal and the annotation of a real Sentinel-1B GRD) and the core's own
simulations, so the repository ships no sample rasters:

* **Ötztal DEMs** (UTM 32N, 30 m, EGM96 heights as SRTM, undeclared: the tools assume EGM96):
  the *fine* DEM, bilinear from the SRTM over a 9 km square at its centre, and the *coarse*
  DEM, its 3 x 3 block means bilinear back onto the 30 m grid: the setting of ``make demo``
  and of the height model's training.
* **Sentinel-1 product**: a copy of the bundled SAFE (manifest and VV annotation; the
  measurement raster is not bundled).
* **Measured S1 image**: core.simulation of the fine DEM in that product's geometry (4-look
  speckle, reflectivity texture), full product size in radar geometry, sparse; and the
  layover/shadow mask of the fine DEM.
* **Map-geometry SAR image**: core.reconstruction of that image with the coarse DEM,
  divided by the ground area of one radar pixel (sigma0, linear, as the height model was
  trained on); it carries the look direction the reconstruction writes.
* **Stereo pair**: core.stereo.pairs.simulate_pair (airborne X band, 35°/55°, 2 m pixels) over
  a 1 km square of gentle relief in the SRTM, written by core.stereo.pair_files: two radar
  images, their geometry JSONs, the 90 m coarse DEM and the 2 m truth. The scene's heights
  are ellipsoidal by construction; both DEMs declare it (a 3-D CRS), so that the default
  vertical datum "from file" reads them right.
* **Staring Spotlight product**: core.point_target.simulator's nine corner reflectors (SCR
  50 dB, TerraSAR-X Staring Spotlight at 47.3°), placed in the Ötztal, written as a
  TerraSAR-X-like SSC product (level1Product XML + COSAR) by core.point_target.slc.

``TOOL_INPUTS`` says which file goes into which input of which algorithm; every other
parameter keeps its default.

All or nothing: the set is built in a private folder of the system temporary folder, then
every file is handed to one core.output_commit.OutputSet whose commit puts them all into the
chosen folder (replacing an earlier set's files) or none of them. Files of the folder that
are not part of the set are left alone. The products' subfolders (the SAFE, the TerraSAR-X
product) must exist before the commit: they are made empty just before it and removed again
on failure or cancellation here; a caller that discards its OutputSet afterwards removes them
with ``remove_empty_folders(sample.created_folders)``. A killed run leaves its private folder
(deleted by a later run once it is a day old) and hidden temporaries (deleted by
output_commit.remove_stale in a later run).
"""
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from osgeo import gdal, osr

from .output_commit import (
    SIDECARS,
    STALE_AGE_S,
    OutputError,
    OutputSet,
    remove_with_sidecars,
    scratch_folder,
)
from .progress import OptionalProgress

gdal.UseExceptions()
osr.UseExceptions()

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE_DATA = os.path.join(PLUGIN_DIR, "resources", "sample_data")
SRTM = os.path.join(SAMPLE_DATA, "alps_oetztal_srtm3.tif")
SAFE_NAME = "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
SAFE = os.path.join(SAMPLE_DATA, SAFE_NAME)

# -- the scenes ------------------------------------------------------------------------------
UTM = "EPSG:32632"  # UTM zone 32N: the Ötztal (10.6-11.1° E)
SPACING_M = 30.0  # fine DEM: inside the height model's 10-30 m training range
COARSE_FACTOR = 3  # coarse DEM = 3 x 3 block means (90 m), as in the height model's training
CELLS = 300  # 9 km square, whole coarse blocks
MEASURED = dict(speckle_looks=4, texture_strength=0.3, seed=42)  # as make demo
STEREO_WINDOW = (224, 168, 16, 16)  # SRTM pixels (xoff, yoff, xsize, ysize): ~12° mean slope
STEREO_SCENE_M = 1000.0  # side of the stereo scene (2 m pixels)
STEREO_COARSE_FACTOR = 45  # 90 m coarse DEM from the 2 m truth
STEREO_SEED = 1
REFLECTORS_LAT_LON = (46.86, 10.87)  # the corner reflectors: a plateau in the DEM window
REFLECTORS_HEIGHT_M = 2600.0  # focusing reference height (ellipsoidal; SRTM 2549 m + geoid)
SPOTLIGHT = dict(lines=1700, samples=96, scr_db=50.0, seed=0)  # as make demo

# -- the files: role -> path relative to the set's folder ------------------------------------
TSX_FOLDER = "tsx_staring_spotlight"
FILES = {
    "dem": "oetztal_dem_30m.tif",
    "coarse_dem": "oetztal_coarse_dem_30m.tif",
    "layover_mask": "oetztal_layover_shadow_mask.tif",
    "s1_product": SAFE_NAME + "/manifest.safe",
    "s1_image": "s1_simulated_radar_geometry.tif",
    "sigma0": "s1_sigma0_reconstructed.tif",
    "stereo_reference": "stereo_reference.tif",
    "stereo_reference_geometry": "stereo_reference.json",
    "stereo_secondary": "stereo_secondary.tif",
    "stereo_secondary_geometry": "stereo_secondary.json",
    "stereo_coarse_dem": "stereo_coarse_dem.tif",
    "stereo_truth": "stereo_fine_dem.tif",
    "tsx_product": TSX_FOLDER,  # completed with the product's XML name when written
}
# Map rasters (a CRS and a geotransform): what a project can show. The radar-geometry images
# and the products are picked as files in the dialogs.
# The stereo DEMs are not opened: their local transverse Mercator would become the project CRS
# when QGIS loads them first (it loads completed layers in path order).
MAP_LAYERS = ("dem", "coarse_dem", "layover_mask", "sigma0")
# algorithm id -> {input parameter: role}; every other parameter keeps its default
TOOL_INPUTS = {
    "simulate_sar": {"DEM": "dem", "GEOMETRY": "s1_product"},
    "reconstruct_layover": {"SAR": "s1_image", "GEOMETRY": "s1_product", "DEM": "coarse_dem"},
    "estimate_height": {"SAR": "sigma0", "PRIOR_DEM": "coarse_dem"},
    "stereo_radargrammetry": {"REFERENCE": "stereo_reference",
                              "REFERENCE_GEOMETRY": "stereo_reference_geometry",
                              "SECONDARY": "stereo_secondary",
                              "SECONDARY_GEOMETRY": "stereo_secondary_geometry",
                              "DEM": "stereo_coarse_dem"},
    "point_target_height": {"SLC": "tsx_product"},
    "point_target_accuracy": {},
    "sentinel1_backscatter": {},  # needs a SAFE with its measurement TIFFs: none in the set
    "compare_dem": {"DEM": "coarse_dem", "REFERENCE": "dem", "MASK": "layover_mask"},
}
# progress: the share of the whole run each step takes (measured)
# the private folder the set is made in (system temporary folder); a killed run's is deleted
# by a later run once it is older than output_commit.STALE_AGE_S
STAGING_PREFIX = "sarheight-sample-set-"
STEPS = (("dems", 0.02), ("measured", 0.17), ("reconstructed", 0.19), ("stereo", 0.29),
         ("spotlight", 0.32), ("hand_over", 0.01))


class SampleSetError(RuntimeError):
    """The sample set could not be made (a bundled file missing, a simulation refused)."""


class SampleSetCancelled(RuntimeError):
    """The progress callback asked to stop; nothing was written into the folder."""


@dataclass
class SampleSet:
    """A written sample set: its folder, its files by role and what making it said."""

    folder: str
    files: dict[str, str]  # role -> absolute path
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    created_folders: list[str] = field(default_factory=list)  # made for the set (subfolders)

    def inputs(self, algorithm_id: str) -> dict[str, str]:
        """Return {input parameter: path} of ``algorithm_id`` on this set (TOOL_INPUTS)."""
        return {key: self.files[role] for key, role in TOOL_INPUTS[algorithm_id].items()}

    def map_layers(self) -> list[tuple[str, str]]:
        """Return (role, path) of the map rasters a project can show, in MAP_LAYERS order."""
        return [(role, self.files[role]) for role in MAP_LAYERS]


class _Steps:
    """Maps each step's own progress (0..1) onto the run's; raises SampleSetCancelled."""

    def __init__(self, progress: OptionalProgress):
        self.progress = progress
        self.start = {}
        done = 0.0
        for name, share in STEPS:
            self.start[name] = (done, share)
            done += share

    def report(self, step: str, fraction: float = 0.0) -> bool:
        """Report ``fraction`` of ``step``; return True to go on, raise when cancelled."""
        if self.progress is None:
            return True
        start, share = self.start[step]
        answer = self.progress(min(1.0, start + share * min(max(fraction, 0.0), 1.0)))
        if answer is not None and not answer:
            raise SampleSetCancelled("Cancelled: no sample data written.")
        return True

    def callback(self, step: str):
        """Return a core progress callback for ``step`` (False once cancelled)."""

        def progress(fraction):
            try:
                return self.report(step, fraction)
            except SampleSetCancelled:
                return False

        return progress


# -- 1. DEMs ---------------------------------------------------------------------------------------
def _window_bounds():
    """(x_min, y_min, x_max, y_max) in UTM 32N of the CELLS x CELLS window at the SRTM's centre."""
    ds = gdal.Open(SRTM)
    gt = ds.GetGeoTransform()
    lon = gt[0] + gt[1] * ds.RasterXSize / 2
    lat = gt[3] + gt[5] * ds.RasterYSize / 2
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.SetFromUserInput(UTM)
    for srs in (wgs84, utm):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(wgs84, utm).TransformPoint(lon, lat)
    block = COARSE_FACTOR * SPACING_M  # the window starts on whole coarse blocks
    x0 = math.floor((x - CELLS * SPACING_M / 2) / block) * block
    y0 = math.floor((y - CELLS * SPACING_M / 2) / block) * block
    return x0, y0, x0 + CELLS * SPACING_M, y0 + CELLS * SPACING_M


def _write_dems(staging):
    """Write the fine and the coarse DEM (EGM96, undeclared as SRTM) into ``staging``."""
    fine, coarse = (os.path.join(staging, FILES[role]) for role in ("dem", "coarse_dem"))
    blocks = os.path.join(staging, "coarse_blocks.tif")
    common = dict(format="GTiff", dstSRS=UTM, outputBounds=_window_bounds(),
                  outputType=gdal.GDT_Float32, creationOptions=["COMPRESS=DEFLATE",
                                                                "TILED=YES"])
    gdal.Warp(fine, SRTM, xRes=SPACING_M, yRes=SPACING_M, resampleAlg="bilinear", **common)
    block = COARSE_FACTOR * SPACING_M
    gdal.Warp(blocks, fine, xRes=block, yRes=block, resampleAlg="average", **common)
    gdal.Warp(coarse, blocks, xRes=SPACING_M, yRes=SPACING_M, resampleAlg="bilinear",
              **common)
    os.remove(blocks)
    return fine, coarse


# -- 2. Sentinel-1: product, measured image, reconstruction ------------------------------------
def _copy_safe(staging):
    """Copy the bundled SAFE (manifest and annotation) into ``staging``; return its manifest."""
    target = os.path.join(staging, SAFE_NAME)
    shutil.copytree(SAFE, target)
    return os.path.join(target, "manifest.safe")


def ground_pixel_area_m2(geometry, line: float, sample: float, height_m: float) -> float:
    """Return the ground area (m²) of the radar pixel at (``line``, ``sample``).

    The product of the ground distances to the next line and to the next sample, at
    ``height_m`` above the ellipsoid (zero-Doppler lines and samples cross at right angles).
    """
    t, rng = geometry.image_to_radar(np.array([line, line, line + 1.0]),
                                     np.array([sample, sample + 1.0, sample]))
    xyz = geometry.rdr2geo(t, rng, np.full(3, float(height_m)))
    return float(np.linalg.norm(xyz[1] - xyz[0]) * np.linalg.norm(xyz[2] - xyz[0]))


def _simulate_measured(staging, fine, geometry, steps):
    """Simulate the 'measured' S1 image and the mask of the fine DEM; return the summary."""
    from .errors import SimulationCancelled, SimulationError
    from .simulation.simulate import SimulationOptions, simulate_to_files

    outputs = {"simulated": os.path.join(staging, FILES["s1_image"]),
               "mask": os.path.join(staging, FILES["layover_mask"])}
    try:
        return simulate_to_files(fine, geometry, outputs, SimulationOptions(**MEASURED),
                                 progress=steps.callback("measured"))
    except SimulationCancelled as exc:
        raise SampleSetCancelled("Cancelled: no sample data written.") from exc
    except SimulationError as exc:
        raise SampleSetError(f"The Sentinel-1 simulation failed: {exc}") from exc


def _reconstruct_sigma0(staging, coarse, geometry, summary, steps):
    """Reconstruct the measured image on the coarse DEM and calibrate it to sigma0 (linear).

    Returns the ground area of one radar pixel (m²) the reconstruction was divided by.
    """
    from .errors import ReconstructionCancelled, ReconstructionError
    from .raster_io import COMPRESSED, creation_options, describe_bands
    from .reconstruction import MeasuredImage, reconstruct_to_files

    reconstructed = os.path.join(staging, "reconstructed.tif")
    measured = MeasuredImage(os.path.join(staging, FILES["s1_image"]), 1, "intensity", geometry)
    try:
        reconstruct_to_files(coarse, geometry, measured, {"reconstructed": reconstructed},
                             progress=steps.callback("reconstructed"))
    except ReconstructionCancelled as exc:
        raise SampleSetCancelled("Cancelled: no sample data written.") from exc
    except ReconstructionError as exc:
        raise SampleSetError(f"The layover reconstruction failed: {exc}") from exc
    del measured  # closes the raster before it is moved
    window = summary.radar_window
    source = gdal.Open(reconstructed)
    values = source.GetRasterBand(1).ReadAsArray().astype(np.float64)
    area = ground_pixel_area_m2(geometry, window.line0 + window.lines / 2,
                                window.sample0 + window.samples / 2,
                                float(np.nanmean(gdal.Open(coarse.path).ReadAsArray())))
    target = gdal.GetDriverByName("GTiff").Create(
        os.path.join(staging, FILES["sigma0"]), source.RasterXSize, source.RasterYSize, 1,
        gdal.GDT_Float32, creation_options(COMPRESSED, gdal.GDT_Float32))
    target.SetGeoTransform(source.GetGeoTransform())
    target.SetProjection(source.GetProjection())
    target.SetMetadata(source.GetMetadata())  # the look direction estimate_height reads
    describe_bands(target, np.nan, ["reconstructed backscatter, sigma0 (linear)"])
    target.GetRasterBand(1).WriteArray((values / area).astype(np.float32))
    target = source = None
    os.remove(reconstructed)
    return area


# -- 3. stereo pair -----------------------------------------------------------------------------
def _declare_ellipsoidal(path):
    """Give the raster at ``path`` its CRS as a 3-D CRS: heights above the WGS84 ellipsoid.

    core.dem reads a 3-D CRS as ellipsoidal heights (GDAL keeps a projected 3-D CRS in the
    .aux.xml next to the GeoTIFF).
    """
    dataset = gdal.Open(path, gdal.GA_Update)
    srs = osr.SpatialReference(wkt=dataset.GetProjection())
    srs.PromoteTo3D()
    dataset.SetSpatialRef(srs)
    dataset = None


def _write_stereo(staging, steps):
    """Simulate the stereo pair over the SRTM and write its files; return the pair's note."""
    from .stereo.pair_files import write_pair_files
    from .stereo.pairs import PairSpec, simulate_pair

    steps.report("stereo", 0.0)
    pair = simulate_pair(SRTM, PairSpec(kind="airborne", scene_size_m=STEREO_SCENE_M,
                                        seed=STEREO_SEED),
                         coarse_factor=STEREO_COARSE_FACTOR, window=STEREO_WINDOW)
    try:
        steps.report("stereo", 0.9)
        files = write_pair_files(pair, staging, "stereo_")
        shape, incidence = pair.reference_image.shape, pair.incidence_at_centre_deg
    finally:
        pair.release()
    written = {os.path.basename(str(path)) for path in files.values()}
    missing = [FILES[role] for role in FILES
               if role.startswith("stereo_") and FILES[role] not in written]
    if missing:
        raise SampleSetError(f"The stereo pair was written without {missing}.")
    for role in ("stereo_coarse_dem", "stereo_truth"):
        _declare_ellipsoidal(os.path.join(staging, FILES[role]))
    return (f"Stereo pair: {shape[0]} x {shape[1]} pixels of 2 m, incidence "
            f"{incidence[0]:.0f}° and {incidence[1]:.0f}°, over {STEREO_SCENE_M:g} m of the "
            f"Ötztal (heights above the WGS84 ellipsoid).")


# -- 4. Staring Spotlight product ------------------------------------------------------------------
def _write_spotlight(staging, steps):
    """Simulate the corner reflectors, write the TSX-like product; return (XML path, count)."""
    from .errors import PointTargetCancelled
    from .point_target.simulator import SceneSpec, airfield_targets, simulate_scene
    from .point_target.slc import write_terrasar_like

    lat, lon = REFLECTORS_LAT_LON
    spec = SceneSpec(latitude_deg=lat, longitude_deg=lon, reference_height_m=REFLECTORS_HEIGHT_M,
                     **SPOTLIGHT)
    try:
        scene = simulate_scene(spec, airfield_targets(spec), progress=steps.callback("spotlight"))
    except PointTargetCancelled as exc:
        raise SampleSetCancelled("Cancelled: no sample data written.") from exc
    return write_terrasar_like(scene, os.path.join(staging, TSX_FOLDER)), len(scene.truth)


# -- 5. hand-over --------------------------------------------------------------------------------
def _staged_files(staging):
    """Relative paths of the staged files, sidecars (.aux.xml ...) left with their raster."""
    found = []
    for folder, _, names in os.walk(staging):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), staging))
    present = set(found)
    return sorted(p for p in found
                  if not any(p.endswith(ext) and p[:-len(ext)] in present for ext in SIDECARS[1:]))


def _hand_over(staging, folder, output_set, created, temporaries):
    """Move every staged file into a temporary of ``output_set`` next to its target.

    Subfolders of the set that do not exist yet are created (and listed in ``created``); the
    temporaries are listed in ``temporaries``.
    """
    for relative in _staged_files(staging):
        target = os.path.join(folder, relative)
        created.extend(_make_folders(os.path.dirname(target)))
        temporary = output_set.temporary(target)
        temporaries.append(temporary)
        staged = os.path.join(staging, relative)
        try:
            for ext in SIDECARS:
                if os.path.exists(staged + ext):
                    shutil.move(staged + ext, temporary + ext)
        except OSError as exc:
            raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from exc


def remove_empty_folders(folders: list[str]) -> None:
    """Remove those of ``folders`` that are empty, deepest first; never raises."""
    for path in sorted(folders, key=len, reverse=True):
        try:
            os.rmdir(path)
        except OSError:
            pass


def _remove_stale_staging():
    """Delete staging folders of runs that were killed (older than STALE_AGE_S); never raises."""
    folder = scratch_folder()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(STAGING_PREFIX)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            if time.time() - os.path.getmtime(path) > STALE_AGE_S:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def _prepare_folder(folder):
    """Create ``folder`` (and its missing parents); return the list of the folders created."""
    if os.path.isfile(folder):
        raise OutputError(f"Cannot write the sample data into {folder}: it is a file. Choose "
                          f"a folder.")
    return _make_folders(folder)


def _make_folders(folder):
    """Create ``folder`` and its missing parents; return those created (OutputError on failure)."""
    created = []
    missing = folder
    while not os.path.isdir(missing) and os.path.dirname(missing) != missing:
        created.append(missing)
        missing = os.path.dirname(missing)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        remove_empty_folders(created)
        raise OutputError(f"Cannot create the folder {folder}: {exc.strerror or exc}.") from exc
    return created


def _build(staging, steps):
    """Make every file of the set in ``staging``; return (files by role, notes)."""
    from .dem import DemRaster
    from .products.reader import open_geometry

    if not (os.path.isfile(SRTM) and os.path.isdir(SAFE)):
        raise SampleSetError(f"The bundled sample data is missing ({SAMPLE_DATA}): the plugin "
                             f"installation is incomplete. Reinstall the plugin.")
    steps.report("dems", 0.0)
    fine, coarse = _write_dems(staging)
    manifest = _copy_safe(staging)
    geometry = open_geometry(manifest)
    steps.report("dems", 1.0)
    summary = _simulate_measured(staging, DemRaster(fine), geometry, steps)
    area = _reconstruct_sigma0(staging, DemRaster(coarse), geometry, summary, steps)
    notes = [f"Ötztal DEMs: {CELLS} x {CELLS} cells of {SPACING_M:g} m in {UTM} "
             f"({CELLS * SPACING_M / 1000:g} km square), EGM96 heights; the coarse DEM holds "
             f"{COARSE_FACTOR} x {COARSE_FACTOR} block means.",
             f"Sentinel-1: {geometry.mission} {geometry.product_type} {geometry.swath} "
             f"{geometry.polarisation}; the fine DEM simulated with "
             f"{MEASURED['speckle_looks']}-look speckle stands in for the measurement; its "
             f"reconstruction on the coarse DEM divided by {area:.1f} m² (one radar pixel on "
             f"the ground) is sigma0."]
    notes.append(_write_stereo(staging, steps))
    xml, reflectors = _write_spotlight(staging, steps)
    notes.append(f"Staring Spotlight: {reflectors} corner reflectors, SCR "
                 f"{SPOTLIGHT['scr_db']:g} dB, focused at {REFLECTORS_HEIGHT_M:g} m.")
    files = dict(FILES, tsx_product=os.path.relpath(xml, staging).replace(os.sep, "/"))
    return files, notes


def write_sample_set(folder: "str | os.PathLike[str]", progress: OptionalProgress = None,
                     output_set: Optional[OutputSet] = None) -> SampleSet:
    """Write the sample set (see the module docstring) into ``folder``; return it.

    ``folder`` is created when missing; files of earlier sets are replaced, other files left
    alone. ``progress(fraction) -> keep_going``. ``output_set``: an OutputSet the caller commits
    (after its last cancel check); None: committed here. Raises SampleSetCancelled,
    SampleSetError and core.output_commit.OutputError (a file cannot be written); then nothing
    of the set is in ``folder`` (the set's temporaries are deleted, also from a caller's
    ``output_set``, and the folders made for it removed).
    """
    start = time.perf_counter()
    folder = os.path.abspath(os.fspath(folder))
    steps = _Steps(progress)
    created = _prepare_folder(folder)
    own = output_set is None
    files_set = output_set if output_set is not None else OutputSet()
    _remove_stale_staging()
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=scratch_folder())
    temporaries: list[str] = []
    try:
        try:
            files, notes = _build(staging, steps)
        except (SampleSetCancelled, SampleSetError):
            raise
        except (OSError, RuntimeError, ValueError) as exc:  # GDAL, a full disk, a refusal
            raise SampleSetError(f"The sample data could not be made: {exc}") from exc
        steps.report("hand_over", 0.0)
        _hand_over(staging, folder, files_set, created, temporaries)
        steps.report("hand_over", 1.0)
        if own:
            files_set.commit()
    except BaseException:
        if own:
            files_set.discard()
        for temporary in temporaries:
            remove_with_sidecars(temporary)
        remove_empty_folders(created)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    paths = {role: os.path.join(folder, *relative.split("/")) for role, relative in files.items()}
    return SampleSet(folder, paths, notes, time.perf_counter() - start, created)
