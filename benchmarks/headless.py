"""Run SAR Height algorithms headless with qgis_process.bin and an isolated QGIS profile."""
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGINS_PATH = ROOT / ".build" / "plugins"
PROFILE = ROOT / ".build" / "qgis_profile"
QGIS_PROCESS = "qgis_process.bin"  # Debian's qgis_process wrapper passes a flag 3.22 rejects


def environment():
    """Return the environment for qgis_process with the plugin enabled in the isolated profile.

    Links the repository as .build/plugins/sar_height (once) and enables the plugin in the
    profile under .build/qgis_profile when its QGIS3.ini does not say so yet.
    """
    PLUGINS_PATH.mkdir(parents=True, exist_ok=True)
    link = PLUGINS_PATH / "sar_height"
    if not link.is_symlink():
        link.symlink_to(Path("..") / "..", target_is_directory=True)
    env = dict(os.environ, QGIS_PLUGINPATH=str(PLUGINS_PATH), QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(PROFILE))
    ini = PROFILE / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    if not ini.exists() or "sar_height=true" not in ini.read_text():
        subprocess.run([QGIS_PROCESS, "plugins", "enable", "sar_height"], env=env, check=True,
                       capture_output=True, text=True)
    return env


def run(algorithm, params, timeout=3600):
    """Run an algorithm id or .model3 path; returns the parsed JSON (raises on failure)."""
    args = [QGIS_PROCESS, "--json", "run", str(algorithm), "--"]
    args += [f"{key}={value}" for key, value in params.items()]
    result = subprocess.run(args, env=environment(), capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"qgis_process failed ({result.returncode}):\n{result.stdout}\n"
                           f"{result.stderr}")
    return json.loads(result.stdout)
