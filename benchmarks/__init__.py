"""Benchmarks, evaluations and demos of SAR Height. Not part of the plugin zip.

The logic behind `make bench`, `make demo`, `make eval-*`; the files in scripts/ are their
entry points.

- ``harness``: run one function in a fresh Python process, get its JSON result back (so that
  each benchmark case reports its own peak memory, ``peak_mb``).
- ``inputs``: the bundled inputs the benchmarks share and the inputs they derive from them.
- ``bench*``, ``measure_resources``: speed and memory; ``eval_*``, ``point_target_theory``:
  accuracy tables; ``demo*`` (with ``headless`` and ``quicklook``): the headless demo.
"""
