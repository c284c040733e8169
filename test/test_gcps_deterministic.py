"""GCPs computed from the geometry (no GCPs in the product) are a function of each point alone.

A geometry JSON without ``gcps`` gets its GCPs by rdr2geo on an 11 x 11 image lattice at every
opening, and simulate_sar writes them into the simulated image. Each lattice point's Newton
iteration stops on its own tolerance, so its GCP does not depend on the other points solved
with it (before, the whole lattice iterated until its last point had converged, which moved
the earlier ones by up to 3e-9 degrees on the airborne track of geometry_valid_base.json).
The GCPs written by simulate_sar are the same for any WORKERS and BLOCK_ROWS.
"""
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from sar_height.core.geometry.ellipsoid import ecef_to_geodetic
from sar_height.core.products.gcps import compute_gcps, ensure_gcps
from sar_height.core.products.geometry_json import read_geometry_json, write_geometry_json
from sar_height.core.products.sentinel1 import read_sentinel1

ROOT = Path(__file__).resolve().parents[1]
AIRBORNE_JSON = ROOT / "test" / "data" / "reliability" / "geometry_valid_base.json"
GRD = (ROOT / "resources" / "sample_data"
       / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE")
TIBET = ROOT / "test" / "data" / "dem" / "tibet_yarlung_tsangpo_20m_utm46.tif"


@pytest.fixture(scope="module", params=["airborne json", "sentinel-1 grd"])
def geometry(request):
    if request.param == "airborne json":
        return read_geometry_json(AIRBORNE_JSON)
    return read_sentinel1(GRD)


@pytest.mark.parametrize("height_m", [-400.0, 0.0, 3000.0])
def test_each_gcp_equals_its_point_solved_alone(geometry, height_m):
    gcps = compute_gcps(geometry, height_m)
    for line, sample, lat, lon, h in gcps:
        t, rng = geometry.image_to_radar(np.array([line]), np.array([sample]))
        alone = ecef_to_geodetic(geometry.rdr2geo(t, rng, height_m))  # a batch of one
        assert (lat, lon, h) == tuple(float(v[0]) for v in alone), (line, sample)


def test_a_json_without_gcps_opens_with_the_same_gcps_every_time(tmp_path):
    geometry = read_geometry_json(AIRBORNE_JSON)
    assert geometry.gcps  # computed at opening
    first = [read_geometry_json(AIRBORNE_JSON).gcps for _ in range(3)]
    assert all(gcps == geometry.gcps for gcps in first)
    forced = ensure_gcps(read_geometry_json(AIRBORNE_JSON), force=True).gcps
    assert forced == geometry.gcps


def _written_gcps(path):
    return [(g.GCPLine, g.GCPPixel, g.GCPY, g.GCPX, g.GCPZ)
            for g in gdal.Open(str(path)).GetGCPs()]


def test_simulate_sar_writes_the_same_gcps_for_any_workers_and_blocks(qgis_processing,
                                                                      tmp_path):
    from sar_height.core.dem import DemRaster
    from sar_height.core.reconstruction.synthetic import TrackSpec, straight_track_geometry

    dem = tmp_path / "tibet_160.tif"
    gdal.Translate(str(dem), str(TIBET), srcWin=[100, 80, 160, 160])
    geometry = straight_track_geometry(DemRaster(str(dem)), TrackSpec(heading_deg=350.0))
    geometry.gcps = []  # the JSON carries none: every opening computes them
    track = write_geometry_json(tmp_path / "track.json", geometry)
    written = []
    for workers, block_rows in ((1, 16), (2, 48)):
        out = tmp_path / f"simulated_w{workers}_b{block_rows}.tif"
        qgis_processing.run("sarheight:simulate_sar", {
            "DEM": str(dem), "GEOMETRY": str(track), "WORKERS": workers,
            "BLOCK_ROWS": block_rows, "OUTPUT_SIMULATED": str(out)})
        written.append(_written_gcps(out))
    assert len(written[0]) == 121
    assert written[0] == written[1]
    # pixel-corner convention in the file: line + 0.5, sample + 0.5
    expected = [(line + 0.5, sample + 0.5, lat, lon, h)
                for line, sample, lat, lon, h in compute_gcps(read_geometry_json(track))]
    assert written[0] == expected
