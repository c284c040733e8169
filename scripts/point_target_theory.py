"""Point-target theory tables: Table I, eq. 3, eq. 13, Table II, orbits.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/point_target_theory.py
(the module sar_height.benchmarks.point_target_theory).
"""
from sar_height.benchmarks.point_target_theory import main

if __name__ == "__main__":
    main()
