"""GridTiles: the writer of DEM-grid outputs, one 256 x 256 GeoTIFF tile at a time.

Blocks arrive in plan order (strips top to bottom, column tiles left to right). Each output
tile is buffered until every one of its cells has been put, then written and flushed at once,
so every compressed tile is compressed and written exactly once and the buffer holds only the
tiles still being filled: about two when the strips are a multiple of 256 rows (the default),
at most a row of tiles plus the strip otherwise.
"""
import numpy as np

from ..raster_io import TILE, write_cells


class GridTiles:
    """Buffers and writes the 256 x 256 tiles of one DEM-grid output of TemporaryRasters.

    ``files``: TemporaryRasters; ``name``: its dataset; ``bands``, ``width``, ``height``,
    ``dtype`` and ``fill`` (the value of cells never put; every cell is put once in a run).
    """

    def __init__(self, files, name, bands, width, height, dtype, fill):
        self.files, self.name, self.bands = files, name, bands
        self.width, self.height, self.dtype, self.fill = width, height, dtype, fill
        self._tiles = {}  # (tile row, tile col) -> [buffer (bands, h, w), cells still missing]

    @property
    def pending(self):
        """Number of output tiles started but not complete."""
        return len(self._tiles)

    def _tile(self, ty, tx):
        if (ty, tx) not in self._tiles:
            h = min(TILE, self.height - ty * TILE)
            w = min(TILE, self.width - tx * TILE)
            self._tiles[ty, tx] = [np.full((self.bands, h, w), self.fill, dtype=self.dtype),
                                   h * w]
        return self._tiles[ty, tx]

    def put(self, row0, col0, arrays):
        """Put per-band (rows, cols) ``arrays`` at DEM row ``row0``, column ``col0``.

        Writes every output tile that this completes.
        """
        rows, cols = np.shape(arrays[0])
        for ty in range(row0 // TILE, (row0 + rows - 1) // TILE + 1):
            for tx in range(col0 // TILE, (col0 + cols - 1) // TILE + 1):
                r0, r1 = max(row0, ty * TILE), min(row0 + rows, (ty + 1) * TILE)
                c0, c1 = max(col0, tx * TILE), min(col0 + cols, (tx + 1) * TILE)
                entry = self._tile(ty, tx)
                for band, values in enumerate(arrays):
                    entry[0][band, r0 - ty * TILE:r1 - ty * TILE, c0 - tx * TILE:c1 - tx * TILE] \
                        = values[r0 - row0:r1 - row0, c0 - col0:c1 - col0]
                entry[1] -= (r1 - r0) * (c1 - c0)
                if entry[1] == 0:
                    self._write(ty, tx)

    def _write(self, ty, tx):
        buffer, _ = self._tiles.pop((ty, tx))
        dataset = self.files.dataset(self.name)
        write_cells(dataset, list(buffer), tx * TILE, ty * TILE)
        dataset.FlushCache()
