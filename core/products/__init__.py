"""Product readers: every sensor format becomes one ``AcquisitionGeometry``."""
