"""Absolute height of point targets from one SAR SLC (issue 6).

Re-implementation of Duque et al., "Absolute height estimation using a
single TerraSAR-X Staring Spotlight acquisition" (IEEE GRSL 2015).

Modules (import them directly; this package imports nothing heavy):

- ``errors``        -- PointTargetError / PointTargetCancelled.
- ``range_history`` -- exact slant-range history and azimuth phase of a point.
- ``accuracy``      -- planning maths: eq. (13) height std, eq. (7) orbit
                       bias, eq. (3) FM-rate mismatch, numeric tropo bias.
- ``scr``           -- signal-to-clutter ratio definition shared by the
                       simulator and the measurement.
- ``scene``         -- TerraSAR-X-like Staring Spotlight / stripmap geometry.
- ``simulator``     -- point-target SLC simulator with clutter.
- ``slc``           -- open an SLC (TerraSAR-X product or complex GeoTIFF +
                       geometry JSON) for windowed reading; writers.
- ``orbit_fit``     -- dense state vectors from a high-order fit (the FM rate
                       needs the orbit's acceleration).
- ``irf``           -- impulse-response width and broadening (eq. 5, Table I).
- measurement: ``settings``, ``detection``, ``peaks``, ``subbands``, ``fm_rate``,
  ``height_search``, ``measure``, ``measure_chip`` (see their docstrings).
"""
