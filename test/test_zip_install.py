"""The plugin zip, installed into a fresh plugin folder, works headless."""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from osgeo import gdal

pytestmark = pytest.mark.qgis  # runs qgis_process.bin

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"


@pytest.mark.slow
def test_installed_zip_runs_simulate_sar(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_zip.py"), "--out",
                    str(tmp_path / "dist")], check=True, capture_output=True, timeout=300)
    zip_path = next((tmp_path / "dist").glob("sar_height-*.zip"))
    plugins = tmp_path / "plugins"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(plugins)  # what QGIS' "Install from ZIP" does
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins), QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    subprocess.run(["qgis_process.bin", "plugins", "enable", "sar_height"], env=env,
                   check=True, capture_output=True, timeout=300)
    installed = plugins / "sar_height"
    dem = tmp_path / "dem.tif"
    gdal.Translate(str(dem), str(installed / "resources" / "sample_data" /
                                 "alps_oetztal_srtm3.tif"), srcWin=[250, 200, 40, 40])
    mask = tmp_path / "mask.tif"
    result = subprocess.run(
        ["qgis_process.bin", "--json", "run", "sarheight:simulate_sar", "--", f"DEM={dem}",
         f"GEOMETRY={installed / 'resources' / 'sample_data' / GRD.name}",
         f"OUTPUT_MASK={mask}"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["OUTPUT_MASK"] == str(mask)
    assert gdal.Open(str(mask)).RasterXSize == 40
    assert "test" not in os.listdir(installed)
