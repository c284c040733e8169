"""The progress callback every long-running core entry point takes.

``progress(fraction) -> keep_going``: ``fraction`` in [0, 1]; a False return asks the entry
point to stop at its next check (it then raises its own *Cancelled error and writes nothing).
The return type is ``object`` because callers pass lambdas that may return None; the entry
points test the value, never its type.
"""
from typing import Callable, Optional

Progress = Callable[[float], object]
OptionalProgress = Optional[Progress]
