"""core.output_commit: all-or-nothing commit, refused targets, stale temporaries (issue 11 §2).

Tests run as root, for whom chmod does not stop a write or a delete: a file that cannot be
replaced (Windows, file held open by QGIS) and an unwritable folder are simulated by
monkeypatching os.replace / os.access for one path.
"""
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core import output_commit
from sar_height.core.evaluation import compare_dems, write_html_report
from sar_height.core.output_commit import OutputError, OutputSet, remove_stale
from sar_height.core.raster_io import COMPRESSED, TemporaryRasters

gdal.UseExceptions()
NAME = re.compile(r"^\.(.+)\.sarheight-[0-9a-f]{8}-(\d+)-(\d+)-[0-9a-f]{8}\.partial\.tif$")


def hidden(folder):
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith("."))


def write_text(path, text):
    Path(path).write_text(text)
    return str(path)


def new_pair(output_set, target, text):
    """A committed-to-be temporary of ``target`` holding ``text``, with an .aux.xml."""
    temporary = output_set.temporary(target)
    write_text(temporary, text)
    write_text(temporary + ".aux.xml", "new aux " + text)
    return temporary


def old_files(folder, names):
    """Existing targets with an .aux.xml and an .ovr sidecar each."""
    for name in names:
        write_text(folder / name, "old " + name)
        write_text(folder / (name + ".aux.xml"), "old aux " + name)
        write_text(folder / (name + ".ovr"), "old ovr " + name)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}


def test_temporary_name_carries_owner_and_sits_next_to_target(tmp_path):
    outputs = OutputSet()
    path = outputs.temporary(tmp_path / "height.tif")
    match = NAME.match(os.path.basename(path))
    assert match and match[1] == "height.tif" and int(match[2]) == os.getpid()
    assert os.path.dirname(path) == str(tmp_path)
    outputs.discard()


def test_commit_replaces_old_set_and_old_sidecars(tmp_path):
    old_files(tmp_path, ["a.tif", "b.tif"])
    outputs = OutputSet()
    for name in ("a.tif", "b.tif"):
        new_pair(outputs, tmp_path / name, name)
    outputs.commit()
    files = snapshot(tmp_path)
    # the new files and their statistics; the old overviews (of the old file) are gone
    assert files == {"a.tif": b"a.tif", "a.tif.aux.xml": b"new aux a.tif",
                     "b.tif": b"b.tif", "b.tif.aux.xml": b"new aux b.tif"}


def test_target_that_is_a_folder_is_refused_before_any_rename(tmp_path):
    old_files(tmp_path, ["a.tif"])
    (tmp_path / "b.tif").mkdir()
    before = snapshot(tmp_path)
    outputs = OutputSet()
    new_pair(outputs, tmp_path / "a.tif", "a")
    # created after the temporary: the commit's own check must catch it
    outputs._pairs.append((write_text(tmp_path / ".b.partial", "b"), str(tmp_path / "b.tif")))
    with pytest.raises(OutputError, match=r"b\.tif: a folder of that name exists"):
        outputs.commit()
    assert snapshot(tmp_path) == before  # old a.tif untouched, no temporary left
    assert hidden(tmp_path) == []


def test_a_target_folder_is_refused_when_the_temporary_is_asked_for(tmp_path):
    (tmp_path / "x.tif").mkdir()
    with pytest.raises(OutputError, match="a folder of that name exists"):
        OutputSet().temporary(tmp_path / "x.tif")


def test_missing_folder_named_not_the_temporary(tmp_path):
    target = tmp_path / "missing" / "out.tif"
    with pytest.raises(OutputError) as info:
        OutputSet().temporary(target)
    message = str(info.value)
    assert f"its folder {tmp_path / 'missing'} does not exist" in message
    assert "sarheight-" not in message and ".partial" not in message


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: (
        False if os.path.abspath(path) == str(tmp_path) else real_access(path, mode)))
    with pytest.raises(OutputError, match="is not writable"):
        OutputSet().temporary(tmp_path / "out.tif")


def test_same_target_twice_is_refused(tmp_path):
    outputs = OutputSet()
    outputs.temporary(tmp_path / "out.tif")
    with pytest.raises(OutputError, match="twice"):
        outputs.temporary(tmp_path / "./out.tif")
    outputs.discard()


@pytest.mark.parametrize("failing", ["a.tif", "b.tif", "b.tif.aux.xml"])
def test_a_rename_failing_restores_the_complete_old_set(tmp_path, monkeypatch, failing):
    """'Cannot delete' (Windows: file held open) at any step: the old set comes back."""
    old_files(tmp_path, ["a.tif", "b.tif", "c.tif"])
    before = snapshot(tmp_path)
    outputs = OutputSet()
    for name in ("a.tif", "b.tif", "c.tif"):
        new_pair(outputs, tmp_path / name, name)
    real_replace = os.replace

    def replace(source, destination):
        if os.path.basename(destination) == failing and ".partial" in source:
            raise PermissionError(13, "Permission denied", destination)
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as info:
        outputs.commit()
    assert str(tmp_path / failing.replace(".aux.xml", "")) in str(info.value)
    assert "earlier files are kept" in str(info.value)
    assert snapshot(tmp_path) == before
    assert hidden(tmp_path) == []


def test_moving_an_old_target_aside_failing_changes_nothing(tmp_path, monkeypatch):
    old_files(tmp_path, ["a.tif", "b.tif"])
    before = snapshot(tmp_path)
    outputs = OutputSet()
    for name in ("a.tif", "b.tif"):
        new_pair(outputs, tmp_path / name, name)
    real_replace = os.replace

    def replace(source, destination):
        if os.path.basename(source) == "b.tif":
            raise PermissionError(13, "Permission denied", source)
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=r"b\.tif"):
        outputs.commit()
    assert snapshot(tmp_path) == before and hidden(tmp_path) == []


def test_temporary_rasters_commit_is_all_or_nothing(tmp_path, monkeypatch):
    """The GDAL writers' path: two GeoTIFFs, the second cannot be replaced."""
    for name in ("a.tif", "b.tif"):
        gdal.GetDriverByName("GTiff").Create(str(tmp_path / name), 2, 2, 1, gdal.GDT_Byte)
    before = {n: (tmp_path / n).read_bytes() for n in ("a.tif", "b.tif")}
    files = TemporaryRasters()
    for name in ("a", "b"):
        dataset = files.create(name, tmp_path / f"{name}.tif", 8, 8, 1, gdal.GDT_Float32,
                               COMPRESSED)
        dataset.GetRasterBand(1).Fill(7.0)
    files.create("scratch", tmp_path / "a.tif", 8, 8, 1, gdal.GDT_Float32, COMPRESSED,
                 scratch=True)
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d: (
        (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
        if d.endswith("b.tif") and "partial" in s else real_replace(s, d)))
    with pytest.raises(OutputError):
        files.commit()
    assert {n: (tmp_path / n).read_bytes() for n in ("a.tif", "b.tif")} == before
    assert hidden(tmp_path) == []


def test_scratch_files_go_to_the_system_temporary_folder(tmp_path, monkeypatch):
    scratch_dir = tmp_path / "tmp"
    scratch_dir.mkdir()
    monkeypatch.setattr(output_commit.tempfile, "tempdir", str(scratch_dir))
    out = tmp_path / "out"
    out.mkdir()
    files = TemporaryRasters()
    files.create("accumulator", out / "sim.tif", 4, 4, 1, gdal.GDT_Float32, COMPRESSED,
                 scratch=True)
    files.create("sim", out / "sim.tif", 4, 4, 1, gdal.GDT_Float32, COMPRESSED)
    assert [n for n in hidden(scratch_dir) if n.endswith(".scratch.tif")]
    assert all(".partial." in n for n in hidden(out))
    files.commit()
    assert hidden(scratch_dir) == [] and os.listdir(out) == ["sim.tif"]


# -- stale temporaries ---------------------------------------------------------------------------
def dead_pid():
    """The id of a process that has ended (and, right after, is not reused)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def owned_name(base, pid, start, kind="partial", ext=".tif"):
    return (f".{base}.sarheight-{output_commit._HOST}-{pid}-{start}-0123abcd."
            f"{kind}{ext}")


def test_stale_temporaries_of_dead_runs_are_removed_live_ones_kept(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.2)
        live_start = output_commit._linux_start_ticks(sleeper.pid) or 0
        live = owned_name("live.tif", sleeper.pid, live_start)
        dead = owned_name("dead.tif", dead_pid(), 12345)
        reused = owned_name("reused.tif", sleeper.pid, live_start + 1)  # pid reused
        current = OutputSet()
        mine = current.temporary(tmp_path / "mine.tif")  # this run's, registered: live
        write_text(mine, "x")
        for name in (live, dead, dead + ".aux.xml", reused, "user.tif", ".hidden_user.tif"):
            write_text(tmp_path / name, "x")
        removed = {os.path.basename(p) for p in remove_stale(tmp_path)}
    finally:
        sleeper.kill()
        sleeper.wait()
    expected = {dead, dead + ".aux.xml"}
    if sys.platform.startswith("linux"):
        expected.add(reused)  # the process table tells the new process from the owner
    assert removed == expected
    assert {live, "user.tif", ".hidden_user.tif", os.path.basename(mine)} <= set(
        os.listdir(tmp_path))
    current.discard()


def test_this_processes_unregistered_temporaries_are_stale(tmp_path):
    """A temporary with this process' owner stamp that no live OutputSet holds."""
    name = owned_name("left.tif", os.getpid(), output_commit._START)
    write_text(tmp_path / name, "x")
    assert remove_stale(tmp_path) == [str(tmp_path / name)]


def test_undecidable_owners_and_old_versions_go_by_age(tmp_path, monkeypatch):
    other_host = f".x.tif.sarheight-ffffffff-{os.getpid()}-1-0123abcd.partial.tif"
    if output_commit._HOST == "ffffffff":
        pytest.skip("this host's tag happens to be ffffffff")
    legacy = ".x.tif.0123abcd.partial.tif"
    for name in (other_host, legacy):
        write_text(tmp_path / name, "x")
    assert remove_stale(tmp_path) == []  # fresh: might belong to a live run
    past = time.time() - output_commit.STALE_AGE_S - 60
    for name in (other_host, legacy):
        os.utime(tmp_path / name, (past, past))
    assert sorted(remove_stale(tmp_path)) == sorted(str(tmp_path / n)
                                                    for n in (other_host, legacy))


def test_an_old_output_moved_aside_by_a_killed_commit_is_put_back(tmp_path):
    aside = owned_name("out.tif", dead_pid(), 1, kind="old", ext="")
    write_text(tmp_path / aside, "old output")
    remove_stale(tmp_path)
    assert snapshot(tmp_path) == {"out.tif": b"old output"}


def test_a_new_output_set_cleans_its_folder_once(tmp_path):
    stale = owned_name("x.tif", dead_pid(), 1)
    write_text(tmp_path / stale, "x")
    outputs = OutputSet()
    outputs.temporary(tmp_path / "y.tif")
    assert not (tmp_path / stale).exists()
    outputs.discard()


# -- the writers ----------------------------------------------------------------------------------
def dem(path, value=100.0, size=16):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((10.0, 0.001, 0, 47.0, 0, -0.001))
    ds.SetProjection('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,'
                     '298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],'
                     'AUTHORITY["EPSG","4326"]]')
    ds.GetRasterBand(1).WriteArray(np.full((size, size), value, np.float32))
    ds = None
    return str(path)


def test_compare_dem_error_raster_and_report_commit_together(tmp_path, monkeypatch):
    estimate, reference = dem(tmp_path / "e.tif", 101.0), dem(tmp_path / "r.tif")
    old_files(tmp_path, ["err.tif", "report.html"])
    before = snapshot(tmp_path)
    outputs = OutputSet()
    result = compare_dems(estimate, reference, error_path=tmp_path / "err.tif",
                          output_set=outputs)
    write_html_report(result, tmp_path / "report.html", outputs)
    visible = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith(".")}
    assert visible == before  # the old files stand until the commit
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d: (
        (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
        if d.endswith("report.html") and "partial" in s else real_replace(s, d)))
    with pytest.raises(OutputError, match=r"report\.html"):
        outputs.commit()
    assert snapshot(tmp_path) == before and hidden(tmp_path) == []


def test_compare_dem_error_raster_into_a_folder_is_an_output_error(tmp_path):
    estimate, reference = dem(tmp_path / "e.tif"), dem(tmp_path / "r.tif")
    (tmp_path / "err.tif").mkdir()
    with pytest.raises(OutputError, match="a folder of that name exists"):
        compare_dems(estimate, reference, error_path=tmp_path / "err.tif")
    assert hidden(tmp_path) == []


def test_report_in_a_missing_folder_names_the_folder(tmp_path):
    estimate, reference = dem(tmp_path / "e.tif"), dem(tmp_path / "r.tif")
    result = compare_dems(estimate, reference)
    with pytest.raises(OutputError, match="does not exist"):
        write_html_report(result, tmp_path / "nowhere" / "report.html")
