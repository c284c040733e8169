"""Point-target tables: Monte Carlo, reflectors, delays, natural targets.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/eval_point_target.py
(the module sar_height.benchmarks.eval_point_target).
"""
from sar_height.benchmarks.eval_point_target import main

if __name__ == "__main__":
    main()
