#!/usr/bin/env bash
# The separate benchmark environment of `make bench`: sarsen (the Python terrain-correction
# reference) and what it needs, from PyPI, in .bench-venv (gitignored; a plain venv, not the
# QGIS one: sarsen brings its own rasterio/GDAL, xarray and dask, which must not mix with
# Debian's). benchmarks/bench_sarsen.py runs with its python.
# Idempotent: when the stamp .bench-venv/.requirements matches the pins below and sarsen is
# installed, it does nothing (a fraction of a second). Exits non-zero, with the reason as the
# last line on stderr, when the environment cannot be made (e.g. offline); `make bench` then
# prints the project's own figures and says that the sarsen comparison was skipped, and why.
#   BENCH_VENV    where (default .bench-venv in the repository root)
#   BENCH_PYTHON  the interpreter for the venv (default /usr/bin/python3, else python3;
#                 sarsen 0.9 needs Python >= 3.11)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=${BENCH_VENV:-.bench-venv}
# sarsen pinned; its dependencies resolve from PyPI (xarray-sentinel, rioxarray, rasterio, ...)
REQUIREMENTS=("sarsen==0.9.6")

log() { printf 'bench_env: %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

stamp=$(printf '%s\n' "${REQUIREMENTS[@]}")
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements" 2>/dev/null || true)" = "$stamp" ] \
    && "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("sarsen")' 2>/dev/null
then
    exit 0
fi

if [ -n "${BENCH_PYTHON:-}" ]; then
    python=$BENCH_PYTHON
elif [ -x /usr/bin/python3 ]; then
    python=/usr/bin/python3
else
    python=$(command -v python3) || fail "no python3 to create $VENV"
fi
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "$python is older than 3.11, which sarsen 0.9 needs (set BENCH_PYTHON)"

if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV with $python"
    "$python" -m venv "$VENV" || fail "$python -m venv $VENV failed (python3-venv missing?)"
fi
log "installing ${REQUIREMENTS[*]} and its dependencies into $VENV"
pip_log=$(mktemp)
trap 'rm -f "$pip_log"' EXIT
if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q --timeout 30 --retries 2 \
        "${REQUIREMENTS[@]}" >"$pip_log" 2>&1; then
    tail -n 5 "$pip_log" >&2
    reason=$(grep -E '^(ERROR|error):' "$pip_log" | tail -n 1 || true)
    fail "pip install ${REQUIREMENTS[*]} failed: ${reason:-see the lines above} (offline?)"
fi
printf '%s\n' "$stamp" > "$VENV/.requirements"
log "ready: sarsen $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("sarsen"))')"
