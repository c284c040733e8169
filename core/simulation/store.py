"""PieceStore: the per-cell geometry of DEM strips, kept until no block needs it any more.

A *piece* is one strip (``layout.block_rows`` DEM rows) x one column tile. The strip tasks
write their rows piece by piece; the tile tasks read their own piece, the ring around it and
the few cells of neighbouring pieces that the layover sweep needs. Strips live in a ring of
``slots`` (strip j in slot j % slots); the block plan orders the tasks so that a slot is only
rewritten once no pending block reads the strip it held.

Two back ends with the same values: in memory (small DEMs), or a scratch file read and written
with plain file I/O (no memory map), so that the resident memory stays one piece per task
whatever the DEM's width while the operating system's file cache holds the rest.
"""
import os
import threading

import numpy as np

# name -> dtype of the per-cell fields (see rows.py); "noise" only with a texture
FIELD_TYPES = {
    "line": np.float64, "sample": np.float64, "incidence": np.float32, "area": np.float32,
    "valid": np.bool_, "bin": np.int32, "bin_shifted": np.int32, "key": np.float64,
    "range_q": np.int64, "look_q": np.int64, "noise": np.float64,
}


class PieceStore:
    """Fields of the strips of a BlockLayout, by (strip, tile) piece; see the module docstring.

    ``fields``: the names stored; ``path``: scratch file (None: in memory). Thread-safe:
    different threads may read and write different pieces at the same time. Pickles as its
    path (for process workers), so only the file back end crosses processes.
    """

    def __init__(self, layout, fields, slots, path=None):
        self.layout, self.fields, self.slots, self.path = layout, tuple(fields), int(slots), path
        self._memory = {} if path is None else None
        self._owner = True  # deletes the file at close; copies in worker processes do not
        self._lock = threading.Lock()
        self._local = threading.local()
        self._handles = []
        plane = layout.block_rows * layout.width  # cells of a full strip
        self._plane_offset = {}
        offset = 0
        for name in self.fields:
            self._plane_offset[name] = offset
            offset += plane * np.dtype(FIELD_TYPES[name]).itemsize
        self._slot_bytes = offset
        if path is not None:
            with open(path, "wb") as handle:
                handle.truncate(self._slot_bytes * self.slots)

    def __getstate__(self):
        """Pickle the layout and file only (the memory back end does not cross processes)."""
        if self.path is None:
            raise TypeError("An in-memory PieceStore cannot be sent to another process.")
        return {"layout": self.layout, "fields": self.fields, "slots": self.slots,
                "path": self.path}

    def __setstate__(self, state):
        """Reattach to the scratch file of a pickled store (no new file is created)."""
        self.__dict__.update(state)
        self._memory, self._owner = None, False
        self._lock, self._local, self._handles = threading.Lock(), threading.local(), []
        plane = self.layout.block_rows * self.layout.width
        self._plane_offset, offset = {}, 0
        for name in self.fields:
            self._plane_offset[name] = offset
            offset += plane * np.dtype(FIELD_TYPES[name]).itemsize
        self._slot_bytes = offset

    @property
    def bytes_on_disk(self):
        """Size of the scratch file (0 in memory)."""
        return 0 if self.path is None else self._slot_bytes * self.slots

    # -- file back end -------------------------------------------------------------------
    def _handle(self):
        handle = getattr(self._local, "handle", None)
        if handle is None:
            handle = open(self.path, "r+b", buffering=0)  # noqa: SIM115 - closed in close()
            self._local.handle = handle
            with self._lock:
                self._handles.append(handle)
        return handle

    def _offset(self, name, strip, tile, row):
        """Byte offset of row ``row`` of piece (strip, tile) in field ``name``'s plane."""
        rows = self.layout.strip_size(strip)
        c0, c1 = self.layout.tile_range(tile)
        itemsize = np.dtype(FIELD_TYPES[name]).itemsize
        cell = rows * c0 + row * (c1 - c0)
        return (strip % self.slots) * self._slot_bytes + self._plane_offset[name] \
            + cell * itemsize

    def _pwrite(self, offset, values):
        data = memoryview(np.ascontiguousarray(values).view(np.uint8).reshape(-1))
        handle = self._handle()
        handle.seek(offset)
        while len(data):
            data = data[handle.write(data):]

    def _pread(self, offset, out):
        data = memoryview(out.view(np.uint8).reshape(-1))
        handle = self._handle()
        handle.seek(offset)
        while len(data):
            count = handle.readinto(data)
            if not count:
                raise OSError(f"The scratch file {self.path} is shorter than expected.")
            data = data[count:]

    # -- public API ----------------------------------------------------------------------
    def write_rows(self, strip, first_row, values):
        """Store rows ``first_row ..`` (within the strip) of full-width (rows, width) arrays."""
        count = next(iter(values.values())).shape[0]
        for tile in range(self.layout.tiles):
            c0, c1 = self.layout.tile_range(tile)
            for name in self.fields:
                part = np.asarray(values[name][:, c0:c1], dtype=FIELD_TYPES[name])
                if self._memory is None:
                    self._pwrite(self._offset(name, strip, tile, first_row), part)
                    continue
                with self._lock:
                    piece = self._memory.setdefault((strip, tile), {})
                    if name not in piece:
                        piece[name] = np.empty((self.layout.strip_size(strip), c1 - c0),
                                               dtype=FIELD_TYPES[name])
                piece[name][first_row:first_row + count] = part

    def read(self, strip, tile, names, rows=None):
        """Return {name: (rows, tile cols)} of a piece; ``rows``: (first, end) within the strip."""
        first, end = rows if rows is not None else (0, self.layout.strip_size(strip))
        c0, c1 = self.layout.tile_range(tile)
        out = {}
        for name in names:
            if self._memory is not None:
                out[name] = self._memory[strip, tile][name][first:end].copy()
                continue
            out[name] = np.empty((end - first, c1 - c0), dtype=FIELD_TYPES[name])
            self._pread(self._offset(name, strip, tile, first), out[name])
        return out

    def read_window(self, names, r0, r1, c0, c1):
        """Return {name: (r1 - r0, c1 - c0)} of DEM rows and columns inside the DEM."""
        layout = self.layout
        out = {name: np.empty((r1 - r0, c1 - c0), dtype=FIELD_TYPES[name]) for name in names}
        for strip in range(r0 // layout.block_rows, (r1 - 1) // layout.block_rows + 1):
            y0, y1 = layout.strip_range(strip)
            a, b = max(r0, y0), min(r1, y1)
            for tile in layout.tiles_between(c0, c1):
                t0, t1 = layout.tile_range(tile)
                part = self.read(strip, tile, names, (a - y0, b - y0))
                u0, u1 = max(c0, t0), min(c1, t1)
                for name in names:
                    out[name][a - r0:b - r0, u0 - c0:u1 - c0] = part[name][:, u0 - t0:u1 - t0]
        return out

    def forget(self, strip):
        """Drop a strip no block needs any more (memory back end; the file slot is reused)."""
        if self._memory is not None:
            with self._lock:
                for tile in range(self.layout.tiles):
                    self._memory.pop((strip, tile), None)

    def close(self):
        """Close the file handles and delete the scratch file (or free the memory)."""
        with self._lock:
            handles, self._handles = self._handles, []
        for handle in handles:
            handle.close()
        self._local = threading.local()
        if self._memory is not None:
            self._memory.clear()
        elif self._owner and os.path.exists(self.path):
            try:
                os.remove(self.path)
            except OSError:
                pass  # held open elsewhere (Windows): the stale-file cleanup removes it later
