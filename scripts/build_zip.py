#!/usr/bin/env python3
"""Build dist/sar_height-<version>.zip, installable with Plugins > Install from ZIP.

The archive has one top folder, ``sar_height``, holding the plugin files only: no tests,
training code, benchmarks, scripts, virtual environments, caches or build outputs.

Usage: python3 scripts/build_zip.py [--out DIR]
"""

import argparse
import fnmatch
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_NAME = "sar_height"
TOP_FILES = ["metadata.txt", "__init__.py", "LICENSE", "README.md"]
TOP_DIRS = ["core", "plugin", "processing_provider", "resources"]
I18N_PATTERNS = ["*.qm"]
EXCLUDE_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".git", ".venv", ".build",
                "dist", "demo_output", "bench_output", "test", "training", "scripts",
                "benchmarks"}
EXCLUDE_FILES = ["*.pyc", "*.pyo", ".git*", "*~", ".DS_Store", "*.aux.xml"]


def read_version(root=ROOT):
    """Return the plugin version from ``root``/metadata.txt; exit when it has no version= line."""
    with open(os.path.join(root, "metadata.txt"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    raise SystemExit("metadata.txt has no version=")


def plugin_files(root=ROOT):
    """Yield (absolute path, path inside the plugin folder) of every file to ship."""
    for name in TOP_FILES:
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            raise SystemExit("missing {}".format(name))
        yield path, name
    for top in TOP_DIRS:
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDE_DIRS)
            for name in sorted(filenames):
                if any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDE_FILES):
                    continue
                path = os.path.join(dirpath, name)
                yield path, os.path.relpath(path, root)
    i18n = os.path.join(root, "i18n")
    for name in sorted(os.listdir(i18n)) if os.path.isdir(i18n) else []:
        if any(fnmatch.fnmatch(name, pattern) for pattern in I18N_PATTERNS):
            yield os.path.join(i18n, name), os.path.join("i18n", name)


def build_zip(out_dir, root=ROOT):
    """Write the plugin zip into ``out_dir`` and return its path."""
    os.makedirs(out_dir, exist_ok=True)
    zip_path = os.path.join(out_dir, "{}-{}.zip".format(PLUGIN_NAME, read_version(root)))
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, relative in plugin_files(root):
            archive.write(path, os.path.join(PLUGIN_NAME, relative).replace(os.sep, "/"))
    return zip_path


def main(argv=None):
    """Build the zip into ``--out`` (default: dist/), print its path and file count; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "dist"), help="output folder")
    args = parser.parse_args(argv)
    zip_path = build_zip(args.out)
    with zipfile.ZipFile(zip_path) as archive:
        count = len(archive.namelist())
    sys.stdout.write("{} ({} files)\n".format(zip_path, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
