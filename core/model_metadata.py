"""The "sar_height" metadata entry of SAR Height's ONNX files: reading and field checks.

Shared by the height-model contract (core.inference.contract) and the matcher contract
(core.stereo.matcher_contract); ``what`` names the kind of model in the messages
("height model", "matcher").
"""
import json
import math
from typing import Any, Mapping, Optional

from .errors import ModelError

METADATA_KEY = "sar_height"


def read_metadata_json(custom_metadata: Optional[Mapping[str, str]], what: str) -> Any:
    """Return the decoded "sar_height" entry of an ONNX file's metadata_props (dict of strings).

    Raises ModelError when the entry is missing (not a SAR Height ``what``) or not valid JSON.
    """
    text = (custom_metadata or {}).get(METADATA_KEY)
    if text is None:
        raise ModelError(f"This ONNX file is not a SAR Height {what} (no 'sar_height' "
                         f"metadata).")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ModelError(f"The 'sar_height' metadata of this ONNX file is not valid JSON: "
                         f"{exc}") from exc


def check_format(meta: object, model_format: str, contract: int, what: str) -> None:
    """Refuse metadata that is not a JSON object of ``model_format`` and ``contract``."""
    if not isinstance(meta, dict):
        raise ModelError("The 'sar_height' metadata of this ONNX file is not a JSON object.")
    if meta.get("format") != model_format:
        raise ModelError(f"This ONNX file is not a SAR Height {what} (its 'sar_height' "
                         f"metadata has format {meta.get('format')!r}, expected "
                         f"{model_format!r}).")
    if meta.get("contract") != contract:
        raise ModelError(f"This {what} was made for {what} contract {meta.get('contract')!r}; "
                         f"this version of SAR Height reads contract {contract}. Use a "
                         f"{what} made for it, or update the plugin.")


def finite_number(meta: Mapping[str, Any], key: str, what: str,
                  positive: bool = False) -> float:
    """float(meta[key]), refusing booleans, non-numbers, non-finite and (``positive``) <= 0."""
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            math.isfinite(value) and (value > 0 or not positive)):
        kind = "positive" if positive else "finite"
        raise ModelError(f"The {what} metadata field '{key}' must be a {kind} number, "
                         f"got {value!r}.")
    return float(value)


def integer(meta: Mapping[str, Any], key: str, what: str, minimum: int = 0) -> int:
    """meta[key] as an int >= ``minimum`` (booleans and floats refused)."""
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ModelError(f"The {what} metadata field '{key}' must be an integer of at least "
                         f"{minimum}, got {value!r}.")
    return value
