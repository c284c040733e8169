#!/usr/bin/env bash
# Prepare a development machine (Debian 12) for SAR Height. Idempotent; a second run
# takes a second or two.
#   1. apt: QGIS 3.22 + Python bindings, GDAL, scipy, venv, Qt translation tools, Xvfb (the
#      desktop test runs the QGIS window on a virtual display)
#   2. .venv (with system site packages, so qgis/numpy/scipy/gdal come from Debian)
#   3. pip install -r requirements-dev.txt, only when it changed (stamp .venv/.requirements.sha)
#   4. the repository root installed editable as the package sar_height (pyproject.toml), so
#      tests, scripts and training import sar_height.core... from this checkout; redone only
#      when pyproject.toml or the checkout's path changed (stamp .venv/.sar_height.sha)
#   5. .build/plugins/sar_height -> repository root (QGIS_PLUGINPATH=.build/plugins)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SYS_PY=/usr/bin/python3
VENV=.venv
APT_PACKAGES=(qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-scipy python3-venv
              proj-data pyqt5-dev-tools qttools5-dev-tools xvfb)

log() { printf 'setup: %s\n' "$*" >&2; }

# -- 1. system packages --------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { log "need root or sudo to install: ${missing[*]}"; exit 1; }
        SUDO=(sudo)
    fi
    log "installing system packages: ${missing[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"
fi

# -- 2. virtual environment ----------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$SYS_PY" -m venv --system-site-packages "$VENV"
fi

# -- 3. Python packages --------------------------------------------------------------------
# Keep Debian's numpy: constrain pip to exactly the system version.
sys_numpy=$("$SYS_PY" -c 'import numpy; print(numpy.__version__)')
constraint="numpy==$sys_numpy"
want_sha=$( { sha256sum requirements-dev.txt; echo "$constraint"; } | sha256sum | cut -d' ' -f1)
have_sha=$(cat "$VENV/.requirements.sha" 2>/dev/null || true)
if [ "$want_sha" != "$have_sha" ]; then
    log "installing requirements-dev.txt into $VENV (numpy kept at $sys_numpy)"
    echo "$constraint" > "$VENV/constraints.txt"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q \
        -r requirements-dev.txt -c "$VENV/constraints.txt"
    echo "$want_sha" > "$VENV/.requirements.sha"
fi

# -- 4. this checkout as the package sar_height --------------------------------------------
# Offline and quick: no build isolation (pip would download setuptools into a temporary
# environment); the venv's own setuptools builds the editable wheel.
want_sha=$( { sha256sum pyproject.toml; pwd; } | sha256sum | cut -d' ' -f1)
have_sha=$(cat "$VENV/.sar_height.sha" 2>/dev/null || true)
if [ "$want_sha" != "$have_sha" ]; then
    log "installing $(pwd) editable into $VENV as the package sar_height"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --no-deps \
        --no-build-isolation -e .
    echo "$want_sha" > "$VENV/.sar_height.sha"
fi

# -- 5. plugin folder for QGIS_PLUGINPATH --------------------------------------------------
mkdir -p .build/plugins
if [ "$(readlink .build/plugins/sar_height 2>/dev/null || true)" != "../.." ]; then
    ln -sfn ../.. .build/plugins/sar_height
fi
log "ok"
