"""The bundled inputs the benchmarks share, and the inputs they derive from them.

Derived inputs are written once under BENCH_OUT (bench_output/) and reused by later runs.
The synthetic height-model scene: SAR in dB (normal(-12, 4)), INFERENCE_SPACING_M pixels, one
prior every PRIOR_STEP x PRIOR_STEP pixels (0.05 %, the trained regime) on ``surface_m``.
"""
from pathlib import Path

import numpy as np
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_data"
OETZTAL_DEM = SAMPLE / "alps_oetztal_srtm3.tif"
GRD = SAMPLE / "S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE"
BENCH_OUT = ROOT / "bench_output"
HEIGHT_MODEL = ROOT / "resources" / "models" / "ask_unet_reconstructed.onnx"
HEIGHT_CHECKPOINT = ROOT / "training" / "checkpoints" / "ask_unet_reconstructed.pt"
INFERENCE_SPACING_M = 20.0
PRIOR_STEP = 45  # one prior every 45 x 45 pixels: 0.05 % of the pixels

gdal.UseExceptions()


def resampled_dem(size):
    """Return the path of the Ötztal DEM resampled (cubic) to size x size cells, written once."""
    path = BENCH_OUT / f"oetztal_{size}.tif"
    if not path.exists():
        gdal.Warp(str(path), str(OETZTAL_DEM), width=size, height=size, resampleAlg="cubic",
                  creationOptions=["TILED=YES", "COMPRESS=DEFLATE"], outputType=gdal.GDT_Float32)
    return path


def surface_m(row_km, col_km):
    """Smooth terrain (m) at the given row and column distances (km) from the corner."""
    return (1500.0 + 600.0 * np.sin(row_km[:, None] / 3.0) * np.cos(col_km[None, :] / 4.0)
            + 30.0 * row_km[:, None])


def sar_db(rng, rows, cols):
    """Synthetic SAR backscatter in dB: normal(-12, 4)."""
    return rng.normal(-12.0, 4.0, (rows, cols))


def synthetic_raster(path, width, height, spacing_m, value):
    """Write a float32 GeoTIFF of ``value(rng, rows, width)`` once; return ``path``.

    UTM 32N, ``spacing_m`` metre pixels, written in 512-row blocks, the generator seeded by the
    width. An existing file at ``path`` is kept as it is.
    """
    if path.exists():
        return path
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1,
                                                   gdal.GDT_Float32, ["TILED=YES"])
    dataset.SetGeoTransform((650000.0, spacing_m, 0.0, 5200000.0, 0.0, -spacing_m))
    dataset.SetProjection("EPSG:32632")
    rng = np.random.default_rng(width)
    for row0 in range(0, height, 512):
        rows = min(512, height - row0)
        dataset.GetRasterBand(1).WriteArray(value(rng, rows, width).astype(np.float32), 0,
                                            row0)
    dataset = None
    return path
