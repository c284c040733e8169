"""The QGIS desktop, as a new user meets the plugin: every dialog opens without a Python error.

The real ``qgis`` binary runs under Xvfb with a throw-away profile (and home folder), in
English and in German. ``desktop_script.py`` (run by ``qgis --code``) installs the plugin zip
as *Install from ZIP* does, searches the Processing Toolbox, writes the sample data from its
dialog, opens every algorithm's dialog (with defaults, then with the sample inputs), opens
every shipped model in the modeler and presses Run, opens the plugin's menu entries, unloads
the plugin and quits QGIS. It screenshots every dialog and records every Python error into
``result.json``.

The screenshots are kept as test artifacts in ``$SAR_HEIGHT_ARTIFACTS/desktop/<language>``
(default ``test_artifacts/``; .ci/run prints the folder). ``SAR_HEIGHT_README_IMAGES=1``
also writes the README's images (docs/images/, scaled and reduced to a palette) from the
English run.
"""
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

pytestmark = [pytest.mark.qgis, pytest.mark.slow]  # the QGIS desktop binary

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve().parent / "desktop_script.py"
QGIS = "qgis"
SCREEN = "1600x1000x24"
SAMPLE_FOLDER = "SAR Height sample data"  # in the home folder, as the menu entry proposes
TIMEOUT_S = 540  # the whole desktop session (about 45 s on the 2-core machine)
# The README's screenshots, scaled and reduced to a palette (each well under 150 kB):
# (file of the English run, image in docs/images, width in pixels)
README_IMAGES = (
    ("dialog_write_sample_data_log.png", "write_sample_data_dialog.png", 820),
    ("sample_dialog_estimate_height.png", "estimate_height_dialog.png", 820),
    ("modeler_graph_sar_height_chain.png", "model_in_modeler.png", 900),
)
# A screenshot is "not blank" when at least this share of its pixels differ from its most
# common colour and it has at least this many colours: the dialogs here have 466 colours or
# more and 40 % or more of their pixels off the background; an unpainted window has one.
MIN_OTHER_SHARE = 0.02
MIN_COLOURS = 64


def artifacts_dir():
    """Return the folder the desktop screenshots are kept in (outlives the test run)."""
    base = os.environ.get("SAR_HEIGHT_ARTIFACTS") or str(ROOT / "test_artifacts")
    return Path(base) / "desktop"


def x_server_answers(number):
    """Return True when the X server of display ``number`` accepts a connection.

    Xvfb names its display (-displayfd) a moment before it answers; this sends the X11
    connection setup (little-endian, protocol 11.0, no authorisation) and reads the status.
    """
    path = "/tmp/.X11-unix/X{}".format(number)
    # the socket file, else Linux's abstract socket (Xvfb makes only that when it may not
    # create /tmp/.X11-unix)
    for address in (path, "\0" + path):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(5)
                client.connect(address)
                client.sendall(struct.pack("<cxHHHHxx", b"l", 11, 0, 0, 0))
                if client.recv(1) == b"\x01":
                    return True
        except OSError:
            continue
    return False


def start_xvfb():
    """Start Xvfb on a free display; return (process, display)."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: `make setup` installs it (apt package xvfb)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN,
                                "-nolisten", "tcp"], pass_fds=(write_fd,),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    answer = b""
    while not answer.endswith(b"\n") and select.select([read_fd], [], [], 30)[0]:
        chunk = os.read(read_fd, 16)  # Xvfb dies if the pipe closes before its newline
        if not chunk:
            break
        answer += chunk
    os.close(read_fd)
    number = answer.decode().strip()
    deadline = time.monotonic() + 30
    while number and time.monotonic() < deadline:
        if x_server_answers(number):
            return process, ":" + number
        time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail("Xvfb did not start (display {!r})".format(number))


def build_zip(folder):
    """Build the plugin zip (what `make zip` builds) into ``folder``; return its path."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_zip.py"), "--out",
                    str(folder)], check=True, capture_output=True, timeout=300)
    return next(Path(folder).glob("sar_height-*.zip"))


def make_profile(folder, locale):
    """Write a fresh QGIS profile whose interface language is ``locale``; return the config path."""
    settings = folder / "profiles" / "default" / "QGIS"
    settings.mkdir(parents=True)
    (settings / "QGIS3.ini").write_text(
        "[locale]\noverrideFlag=true\nuserLocale={}\n".format(locale), encoding="utf-8")
    return folder


def desktop_env(tmp_path, display, config):
    """Return the environment of the QGIS desktop: own display, profile, home, no dev paths."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH", "PYTHONPATH", "VIRTUAL_ENV",
                          "PYTHONHOME")}
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    # QGIS's temporary folder, not /tmp: QGIS counts layers under its temporary folder as
    # temporary and asks before closing a project holding them (the sample set is in tmp_path)
    temporary = tmp_path / "tmp"
    for folder in (home, runtime, temporary):
        folder.mkdir()
    runtime.chmod(0o700)
    env.update(DISPLAY=display, HOME=str(home), XDG_RUNTIME_DIR=str(runtime),
               TMPDIR=str(temporary),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", QT_QPA_PLATFORM="xcb",
               QGIS_CUSTOM_CONFIG_PATH=str(config),
               PATH="/usr/bin:/bin:" + env.get("PATH", ""))
    return env


def run_desktop(tmp_path, locale):
    """Run the desktop session in ``locale``; return (result dict, stderr, returncode, out)."""
    if shutil.which(QGIS) is None:
        pytest.fail("the QGIS desktop ({}) is missing: `make setup` installs it".format(QGIS))
    out = artifacts_dir() / locale
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    zip_path = build_zip(tmp_path / "dist")
    config = make_profile(tmp_path / "qgis_config", locale)
    xvfb, display = start_xvfb()
    env = desktop_env(tmp_path, display, config)
    env["SAR_HEIGHT_DESKTOP"] = json.dumps({"zip": str(zip_path), "out": str(out),
                                            "sample": str(tmp_path / "home" / SAMPLE_FOLDER)})
    try:
        qgis = subprocess.Popen([QGIS, "--nologo", "--noversioncheck", "--code", str(SCRIPT)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            output, _ = qgis.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(qgis.pid, signal.SIGKILL)
            output, _ = qgis.communicate()
            output += "\n[killed after {} s]".format(TIMEOUT_S)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
    (out / "qgis_output.txt").write_text(output, encoding="utf-8")
    result_file = out / "result.json"
    result = json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else {}
    return result, output, qgis.returncode, out


def blank_reason(path):
    """Return why the PNG at ``path`` looks blank ('' when it shows something)."""
    dataset = gdal.Open(str(path))
    if dataset is None:
        return "unreadable"
    pixels = dataset.ReadAsArray()
    if pixels.ndim == 2:
        pixels = pixels[None]
    colour_bands = pixels[:3]  # RGB, without alpha
    flat = np.ascontiguousarray(colour_bands.reshape(colour_bands.shape[0], -1).T)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    other_share = 1.0 - counts.max() / counts.sum()
    if len(colours) < MIN_COLOURS or other_share < MIN_OTHER_SHARE:
        return "{} colours, {:.1%} of the pixels off the main colour".format(len(colours),
                                                                            other_share)
    return ""


def shipped_models():
    return sorted(path.name for path in (ROOT / "resources" / "modeler").glob("*.model3"))


def write_readme_images(out):
    """Write the README's images from the screenshots in ``out``: scaled, few colours."""
    from PIL import Image

    target = ROOT / "docs" / "images"
    target.mkdir(parents=True, exist_ok=True)
    for source, name, width in README_IMAGES:
        image = Image.open(out / source).convert("RGB")
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)),
                                 Image.LANCZOS)
        image = image.quantize(colors=256, method=Image.FASTOCTREE, dither=Image.NONE)
        image.save(target / name, optimize=True)


def check_session(result, output, returncode, out):
    """Assert the parts of the session that every language shares."""
    summary = json.dumps(result, indent=1, ensure_ascii=False)[:6000]
    assert result.get("finished"), "the script did not finish (see {}):\n{}\n{}".format(
        out, summary, output[-4000:])
    assert "exit_blocked_by" not in result, result["exit_blocked_by"]  # Project > Exit quits
    assert returncode == 0, output[-4000:]
    assert result["errors"] == [], json.dumps(result["errors"], indent=1, ensure_ascii=False)
    assert "Traceback (most recent call last)" not in output, output[-4000:]
    assert not [warning for warning in result["warnings"]
                if warning["python"] and "sar_height" in warning["text"]], result["warnings"]
    assert all(entry["ok"] for entry in result["steps"]), result["steps"]

    plugin = result["plugin"]
    assert plugin["active"] and plugin["provider"], plugin
    assert plugin["unloaded"] and not plugin["provider_after_unload"], plugin
    from sar_height.processing_provider.provider import ALGORITHM_MODULES

    algorithms = plugin["algorithms"]
    assert len(algorithms) == len(ALGORITHM_MODULES), algorithms
    assert sorted(result["algorithms"]) == algorithms  # every dialog opened
    for alg_id, dialog in result["algorithms"].items():
        assert dialog["without_widget"] == [], (alg_id, dialog)
        assert dialog["parameters"] and dialog["help_chars"] > 200, (alg_id, dialog)

    # Every tool the sample set has inputs for opened with them, and accepts them (the
    # neural ones may only miss onnxruntime, which this QGIS's Python does not have).
    from sar_height.core.sample_set import TOOL_INPUTS

    assert result["sample_data"]["ok"], result["sample_data"]["log"][-3000:]
    assert len(result["sample_data"]["layers"]) >= 4, result["sample_data"]
    with_inputs = sorted("sarheight:" + tool for tool, inputs in TOOL_INPUTS.items() if inputs)
    assert len(with_inputs) >= len(algorithms) - 3, with_inputs
    assert sorted(result["sample_dialogs"]) == with_inputs
    for alg_id, dialog in result["sample_dialogs"].items():
        assert dialog["check_ok"] or "onnxruntime" in dialog["check_message"], (alg_id, dialog)

    assert sorted(result["models"]) == shipped_models()
    for name, model in result["models"].items():
        assert model["loaded"] and model["valid"], (name, model["errors"])
        assert all(child["valid"] for child in model["children"].values()), model["children"]
        # Run opens the model's parameter dialog, not the "Model is Invalid" question
        assert model["run_dialog"].get("cls") == "AlgorithmDialog", model["run_dialog"]

    for name, caught in result["menu"].items():
        assert caught.get("file"), (name, caught)  # each menu entry opened its dialog

    assert any(alg.startswith("sarheight:") for alg in result["searches"]["sentinel"]), \
        result["searches"]
    assert len(result["screenshots"]) >= 2 * len(algorithms) + 6
    for entry in result["screenshots"]:
        path = out / entry["file"]
        assert path.is_file(), path
        assert blank_reason(path) == "", (path, blank_reason(path))


@pytest.mark.parametrize("locale", [pytest.param("en", id="english"),
                                    pytest.param("de", id="german")])
def test_desktop_dialogs_open_without_python_errors(tmp_path, locale):
    start = time.monotonic()
    result, output, returncode, out = run_desktop(tmp_path, locale)
    check_session(result, output, returncode, out)
    assert result["locale"].startswith(locale), result["locale"]
    about = result["menu"]["menu_about"]
    if locale == "de":
        assert about["title"] == "Über SAR Height", about  # the plugin speaks German too
    elif os.environ.get("SAR_HEIGHT_README_IMAGES"):
        write_readme_images(out)
    print("desktop session ({}): {:.0f} s, {} screenshots in {}".format(
        locale, time.monotonic() - start, len(result["screenshots"]), out))
