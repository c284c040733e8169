"""Exceptions of the point-target absolute-height workflow (issue 6).

``PointTargetError`` is raised for bad input (wrong product type, missing
metadata, nonsensical parameters); its message names the problem *and* the
fix, because it is shown verbatim to QGIS users.  ``PointTargetCancelled``
is raised when the user cancels a long measurement from the QGIS feedback.
"""


class PointTargetError(ValueError):
    """Bad input for the point-target workflow; the message says how to fix it."""


class PointTargetCancelled(Exception):
    """The user cancelled the point-target measurement."""
