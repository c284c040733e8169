# SAR Height — developer tasks. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SYS_PY := /usr/bin/python3
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
ZIP := dist/sar_height-$(VERSION).zip
export QT_QPA_PLATFORM := offscreen

TS := i18n/sar_height_de.ts
QM := $(TS:.ts=.qm)
I18N_SOURCES := $(wildcard plugin/*.py processing_provider/*.py)

.PHONY: help setup test test-fast test-noqgis demo bench eval-reconstruction eval-stereo \
	eval-point-target ablation model matcher zip i18n help-pages lint clean distclean

# Training steps per height model: the ablation's four variants and the shipped model
STEPS := 1500
# The shipped height model (contract v2): residual_train's run, stopped or finished, its best state
SHIPPED_RUN := runs/v2_ask_unet_reconstructed.pt
SHIPPED_STEPS := 15000
SHIPPED_CHECKPOINT := training/checkpoints/ask_unet_reconstructed.pt
SHIPPED_MODEL := resources/models/ask_unet_reconstructed.onnx
# The deep stereo matcher: 35 min of training, then 25 min continued at half the learning rate
# (time budgets: on another CPU the step counts, and so the weights, differ)
MATCHER_RUN := runs/matcher.pt
MATCHER_FT_RUN := runs/matcher_ft.pt
MATCHER_CHECKPOINT := training/checkpoints/sar_matcher.pt
SHIPPED_MATCHER := resources/models/sar_matcher.onnx

help:
	@echo "make setup   apt packages (if missing), .venv, pip requirements, this checkout as the"
	@echo "             package sar_height (editable), .build/plugins link"
	@echo "make test    run the test suite (pytest, headless; all tests, as CI)"
	@echo "make test-fast    the tests not marked slow (-m \"not slow\")"
	@echo "make test-noqgis  the tests that need no QGIS, without starting or importing it"
	@echo "make demo    run scripts/demo.py (writes demo_output/)"
	@echo "make bench   run scripts/bench.py, with sarsen in .bench-venv for the comparison"
	@echo "             (BENCH_ARGS=\"--quick\", \"--sarsen-only --sarsen-large\", ...)"
	@echo "make eval-reconstruction  truth table of the layover reconstruction (docs/reconstruction.md)"
	@echo "make ablation  train (or reuse runs/) the 4 height-model variants, print the held-out table"
	@echo "make model   train/continue, calibrate, evaluate and export the shipped height model (v2)"
	@echo "make matcher train (or reuse runs/) and export the shipped deep stereo matcher"
	@echo "make eval-stereo  held-out stereo table (coarse DEM, POC, deep matcher)"
	@echo "make eval-point-target  point-target tables (paper's Table I, eq. 3, 13, Monte Carlo)"
	@echo "make zip     build $(ZIP) for Plugins > Install from ZIP"
	@echo "make i18n    update $(TS) (pylupdate5 + translate_de.py), compile $(QM), then help-pages"
	@echo "make help-pages  check the translated help (resources/help/de) and build the help"
	@echo "             pages the Help buttons open (resources/help/pages, scripts/build_help.py)"
	@echo "make lint    ruff, then mypy (core/, [tool.mypy] in pyproject.toml)"
	@echo "make clean   remove build outputs and caches (distclean also removes .venv)"

setup:
	@bash scripts/setup.sh

test: setup
	$(PY) -m pytest -q test

test-fast: setup
	$(PY) -m pytest -q -m "not slow" test

# pytest-qgis starts QGIS when pytest starts: switched off, conftest deselects the QGIS tests
test-noqgis: setup
	$(PY) -m pytest -q -p no:pytest_qgis test

demo: setup
	$(PY) scripts/demo.py

# The comparison with sarsen installs it into .bench-venv first (scripts/bench_env.sh; skipped
# with a message when that fails). BENCH_ARGS: e.g. --quick, --sarsen-only, --sarsen-large.
bench: setup
	$(PY) scripts/bench.py $(BENCH_ARGS)

eval-reconstruction: setup
	$(PY) scripts/eval_reconstruction.py

ablation: setup
	$(PY) -m sar_height.training.height.ablation --steps $(STEPS) --reuse

model: setup
	test -f $(SHIPPED_RUN) || $(PY) -m sar_height.training.height.residual_train --kind ask_unet \
		--input reconstructed --steps $(SHIPPED_STEPS) --out $(SHIPPED_RUN) --resume \
		--resume-pack training/checkpoints/v2_ask_unet_reconstructed.pack.pt
	$(PY) -m sar_height.training.height.residual_evaluate --checkpoint $(SHIPPED_RUN) \
		--calibrate --seeds 3 --json runs/v2_eval.json
	mkdir -p $(dir $(SHIPPED_CHECKPOINT))
	cp $(SHIPPED_RUN) $(SHIPPED_CHECKPOINT)
	$(PY) -m sar_height.training.height.residual_export --checkpoint $(SHIPPED_CHECKPOINT) \
		--out $(SHIPPED_MODEL)
	$(PY) -m sar_height.training.height.residual_card --onnx $(SHIPPED_MODEL) --eval runs/v2_eval.json

matcher: setup
	test -f $(MATCHER_RUN) || $(PY) -m sar_height.training.matcher.train --minutes 35 --threads 1 \
		--out $(MATCHER_RUN)
	test -f $(MATCHER_FT_RUN) || $(PY) -m sar_height.training.matcher.train --init $(MATCHER_RUN) \
		--minutes 25 --lr 1e-3 --seed 1 --threads 1 --workers 1 --out $(MATCHER_FT_RUN)
	mkdir -p $(dir $(MATCHER_CHECKPOINT))
	cp $(MATCHER_FT_RUN) $(MATCHER_CHECKPOINT)
	$(PY) -m sar_height.training.matcher.export --checkpoint $(MATCHER_CHECKPOINT) \
		--out $(SHIPPED_MATCHER)

eval-stereo: setup
	$(PY) scripts/eval_stereo.py --matchers coarse,poc,deep --model $(SHIPPED_MATCHER)

eval-point-target: setup
	OMP_NUM_THREADS=1 $(PY) scripts/point_target_theory.py
	OMP_NUM_THREADS=1 $(PY) scripts/eval_point_target.py

zip: $(QM)
	$(SYS_PY) scripts/build_zip.py --out dist

# Update the translation source from the code, fill German from i18n/translate_de.py
# (fails listing any string without a translation), then compile; then the help pages (their
# labels come from the compiled translation), failing on a missing or stale help translation.
i18n:
	cd i18n && PYTHONWARNINGS=ignore pylupdate5 -noobsolete $(addprefix ../,$(I18N_SOURCES)) -ts $(notdir $(TS))
	$(SYS_PY) i18n/translate_de.py $(TS)
	lrelease -silent $(TS) -qm $(QM)
	$(MAKE) help-pages

# The algorithms' help is translated as files (resources/help/<language>/<id>.html), not
# through $(TS): build_help.py checks every translation against its English file, then builds
# the documentation pages from the help files, the algorithms and README.md.
help-pages:
	$(PY) scripts/build_help.py

$(QM): $(TS)
	lrelease -silent $(TS) -qm $(QM)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf dist .build demo_output bench_output .pytest_cache .ruff_cache .mypy_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
