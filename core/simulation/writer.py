"""BackgroundWriter: the output writes of a run, done in order by one thread of their own.

Compressing and writing a block's output tiles (GDAL releases the GIL meanwhile) then
overlaps with computing the next block. Every write runs in the order it was submitted and
in the same thread, and the datasets written are touched by no other thread until close(),
so the files are byte-identical to writing them in the caller's thread.
"""
import queue
import threading

PENDING_WRITES = 1  # writes queued behind the running one (each holds one block's results)


class BackgroundWriter:
    """Runs submitted ``function(*args)`` calls in order in one thread.

    Use as a context manager: leaving the ``with`` block normally waits for every write and
    raises the first write error; leaving it with an exception drops the writes not yet
    started (the caller discards the files) and waits for the running one.
    """

    def __init__(self, pending=PENDING_WRITES):
        self._jobs = queue.Queue(maxsize=max(1, int(pending)))
        self._error = None
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="sarheight-writer", daemon=True)
        self._thread.start()

    def _run(self):
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if self._error is None and not self._stop:
                try:
                    job[0](*job[1])
                except BaseException as exc:  # re-raised in the caller's thread
                    self._error = exc

    def submit(self, function, *args):
        """Queue ``function(*args)`` (waits while PENDING_WRITES are queued).

        Raises the error of an earlier write, if one failed.
        """
        self._raise_error()
        self._jobs.put((function, args))

    def _raise_error(self):
        if self._error is not None:
            error, self._error = self._error, None
            self._stop = True
            raise error

    def close(self, discard=False):
        """Wait for the queued writes (``discard``: drop those not started); raise their error."""
        if discard:
            self._stop = True
            while True:
                try:
                    self._jobs.get_nowait()
                except queue.Empty:
                    break
        self._jobs.put(None)
        self._thread.join()
        if not discard:
            self._raise_error()

    def __enter__(self):
        """Return self."""
        return self

    def __exit__(self, kind, value, traceback):
        """close(); with ``discard`` when the block raised."""
        self.close(discard=kind is not None)
