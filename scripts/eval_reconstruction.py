"""`make eval-reconstruction`: layover reconstruction vs. geocoding against truth.

Entry point only: the logic and the arguments (`--help`) are in benchmarks/eval_reconstruction.py
(the module sar_height.benchmarks.eval_reconstruction).
"""
from sar_height.benchmarks.eval_reconstruction import main

if __name__ == "__main__":
    main()
