"""`make eval-stereo`: held-out stereo table (simulated pairs against the truth).

Entry point only: the logic and the arguments (`--help`) are in benchmarks/eval_stereo.py
(the module sar_height.benchmarks.eval_stereo).
"""
from sar_height.benchmarks.eval_stereo import main

if __name__ == "__main__":
    main()
