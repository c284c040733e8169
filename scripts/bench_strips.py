"""Peak memory of estimate_height's file path: strips against the whole raster.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/bench_strips.py
(the module sar_height.benchmarks.bench_strips).
"""
from sar_height.benchmarks.bench_strips import main

if __name__ == "__main__":
    main()
