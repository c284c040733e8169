"""core.sample_set: the sample set every tool runs on, written all or nothing (no QGIS).

The set is written once for the module, through an OutputSet the test commits, so that the
files are seen to stay hidden until the commit. What each file must be for its tool (sizes,
geometries, vertical datums, calibration, look direction) is checked here; that every tool
runs on it with its defaults is test_sample_set_qgis.py's.
"""
import os
import tempfile

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.output_commit import OutputError, OutputSet
from sar_height.core.sample_set import (
    CELLS,
    FILES,
    MAP_LAYERS,
    SPACING_M,
    TOOL_INPUTS,
    SampleSetCancelled,
    ground_pixel_area_m2,
    write_sample_set,
)

TOOLS = {"simulate_sar", "reconstruct_layover", "estimate_height", "stereo_radargrammetry",
         "point_target_height", "point_target_accuracy", "sentinel1_backscatter",
         "compare_dem"}


def staging_folders():
    """The sample-set staging folders in the system temporary folder."""
    return {name for name in os.listdir(tempfile.gettempdir())
            if name.startswith("sarheight-sample-set-")}


def read(path):
    dataset = gdal.Open(str(path))  # kept while its band is read
    return dataset.GetRasterBand(1).ReadAsArray().astype(np.float64)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Write the set into a new folder with a caller's OutputSet; return (set, progress, hidden).

    ``hidden``: the names in the set's folder before the commit.
    """
    before = staging_folders()
    folder = tmp_path_factory.mktemp("sample") / "set"
    fractions = []
    output_set = OutputSet()
    written = write_sample_set(folder, lambda f: fractions.append(f) or True, output_set)
    hidden = sorted(os.listdir(folder))
    output_set.commit()
    assert staging_folders() == before  # the staging folder is gone
    return written, fractions, hidden


def test_nothing_is_visible_before_the_commit(sample):
    written, _, hidden = sample
    visible = [name for name in hidden if not name.startswith(".")]
    # only the products' subfolders, made empty for their files' temporaries
    assert sorted(visible) == sorted(os.path.basename(p) for p in written.created_folders
                                     if os.path.dirname(p) == written.folder)
    assert all(".sarheight-" in name for name in hidden if name.startswith("."))


def test_every_file_is_there_and_every_tool_has_its_inputs(sample):
    written, fractions, _ = sample
    assert set(TOOL_INPUTS) == TOOLS
    assert set(written.files) == set(FILES)
    for role, path in written.files.items():
        assert os.path.isfile(path), role
    for tool in TOOLS:
        for key, path in written.inputs(tool).items():
            assert os.path.isfile(path), (tool, key)
    assert not [name for _, _, names in os.walk(written.folder) for name in names
                if ".sarheight-" in name]
    assert [role for role, _ in written.map_layers()] == list(MAP_LAYERS)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(b >= a for a, b in zip(fractions, fractions[1:]))
    assert len(written.notes) == 4


def test_the_dems_are_the_demo_setting(sample):
    from sar_height.core.dem import DemRaster

    files = sample[0].files
    fine, coarse = read(files["dem"]), read(files["coarse_dem"])
    assert fine.shape == coarse.shape == (CELLS, CELLS)
    gt = gdal.Open(files["dem"]).GetGeoTransform()
    assert (gt[1], -gt[5]) == (SPACING_M, SPACING_M)
    assert 1000 < fine.min() and fine.max() < 4000 and fine.max() - fine.min() > 1000  # Alps
    difference = np.sqrt(np.mean((coarse - fine) ** 2))
    assert 0.5 < difference < 20.0  # smoothed, not another place
    # undeclared, as SRTM: read as EGM96 by the default "from file"
    assert DemRaster(files["dem"]).info.vertical_datum == "egm96"


def test_the_measured_image_fits_the_product(sample):
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.reconstruction import MeasuredImage

    files = sample[0].files
    geometry = open_geometry(files["s1_product"])
    MeasuredImage(files["s1_image"], 1, "intensity", geometry)  # raises on a size mismatch
    mask = read(files["layover_mask"])
    assert mask.shape == (CELLS, CELLS)
    assert set(np.unique(mask)) <= {0, 1, 2, 3, 255}
    assert np.isin(mask, (1, 3)).mean() > 0.01  # alpine layover to reconstruct


def test_sigma0_is_calibrated_and_knows_its_look_direction(sample):
    from sar_height.core.products.look import METADATA_LOOK_DIRECTION

    path = sample[0].files["sigma0"]
    sigma0 = read(path)
    assert sigma0.shape == (CELLS, CELLS) and np.isfinite(sigma0).mean() > 0.5
    median_db = 10 * np.log10(np.nanmedian(sigma0))
    # the bundled model was trained on sigma0 of -15.1 +- 4.7 dB (its model card)
    assert -20.0 < median_db < -10.0
    assert gdal.Open(path).GetMetadataItem(METADATA_LOOK_DIRECTION) == "west"  # descending


def test_ground_pixel_area_of_the_grd():
    from sar_height.core.products.reader import open_geometry
    from sar_height.core.sample_set import SAFE

    geometry = open_geometry(os.path.join(SAFE, "manifest.safe"))
    area = ground_pixel_area_m2(geometry, geometry.lines / 2, geometry.samples / 2, 0.0)
    assert area == pytest.approx(100.0, rel=0.05)  # 10 m x 10 m GRD pixels


def test_the_stereo_pair_and_its_ellipsoidal_dems(sample):
    from sar_height.core.dem import DemRaster
    from sar_height.core.products.reader import open_geometry

    files = sample[0].files
    for role in ("stereo_reference", "stereo_secondary"):
        geometry = open_geometry(files[role + "_geometry"])
        image = gdal.Open(files[role])
        assert (image.RasterYSize, image.RasterXSize) == (geometry.lines, geometry.samples)
    for role in ("stereo_coarse_dem", "stereo_truth"):
        # the default vertical datum ("from file") reads the heights as ellipsoidal
        assert DemRaster(files[role]).info.vertical_datum == "ellipsoid", role
    truth, coarse = gdal.Open(files["stereo_truth"]), gdal.Open(files["stereo_coarse_dem"])
    assert truth.GetGeoTransform()[1] == 2.0 and coarse.GetGeoTransform()[1] == 90.0


def test_the_staring_spotlight_product(sample):
    from sar_height.core.point_target.slc import open_slc

    path = sample[0].files["tsx_product"]
    assert path.endswith(".xml")
    reader, geometry = open_slc(path)
    assert (reader.lines, reader.samples) == (1700, 96)
    assert geometry.extra["imaging_mode"] == "ST"
    assert np.iscomplexobj(reader.read(0, 0, 4, 4))
    reader, _ = open_slc(os.path.dirname(path))  # the product folder opens too


def test_cancelled_writes_nothing(tmp_path):
    before = staging_folders()
    folder = tmp_path / "new" / "set"
    with pytest.raises(SampleSetCancelled):
        write_sample_set(folder, lambda fraction: fraction < 0.1)
    assert not (tmp_path / "new").exists()  # the folders made for it are gone
    assert staging_folders() == before


@pytest.mark.slow
def test_a_failed_commit_writes_nothing_and_keeps_the_old_files(tmp_path):
    before = staging_folders()
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / FILES["coarse_dem"]).write_text("old")
    (tmp_path / FILES["sigma0"]).mkdir()  # a folder where a file must go
    with pytest.raises(OutputError, match="a folder of that name exists"):
        write_sample_set(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.txt", FILES["coarse_dem"], FILES["sigma0"]])
    assert (tmp_path / FILES["coarse_dem"]).read_text() == "old"
    assert staging_folders() == before
