"""SAR Height science core: pure numpy/scipy/GDAL, no QGIS imports."""
