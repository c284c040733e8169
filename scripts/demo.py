"""`make demo`: the main job on the bundled data, headless through qgis_process.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/demo.py
(the module sar_height.benchmarks.demo).
"""
from sar_height.benchmarks.demo import main

if __name__ == "__main__":
    main()
