"""Peak memory of the core calls, to fit the constants of core/resources.py.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/measure_resources.py
(the module sar_height.benchmarks.measure_resources).
"""
from sar_height.benchmarks.measure_resources import main

if __name__ == "__main__":
    main()
