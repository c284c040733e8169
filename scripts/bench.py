"""`make bench`: speed and memory of the core, printed as a table.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/bench.py
(the module sar_height.benchmarks.bench).
"""
from sar_height.benchmarks.bench import main

if __name__ == "__main__":
    main()
