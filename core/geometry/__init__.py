"""SAR geometry: WGS84 ellipsoid, orbits, range-Doppler geo2rdr / rdr2geo."""
