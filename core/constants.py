"""Names and defaults shared by core and the Processing layer, in one place.

This module imports nothing: the algorithms import it at module level (QGIS loads them when
the plugin starts, and must not pull in numpy, scipy or GDAL then), core imports it as the
one definition. Tuples whose order is a Processing enum's option order say so; changing that
order changes what saved models and command lines mean.
"""

# -- radiometric units (core.radiometry) ------------------------------------------------
INTENSITY, AMPLITUDE, DB = "intensity", "amplitude", "db"
INPUT_UNITS = (INTENSITY, AMPLITUDE, DB)  # INPUT_UNITS enum order
LINEAR, DECIBEL = "linear", "db"
OUTPUT_UNITS = (LINEAR, DECIBEL)  # OUTPUT_UNITS enum order

# -- vertical datums of DEMs (core.dem) ------------------------------------------------------------
DATUM_FROM_FILE = "from_file"
DATUM_EGM96 = "egm96"
DATUM_ELLIPSOID = "ellipsoid"
DATUM_EGM2008 = "egm2008"
VERTICAL_DATUMS = (DATUM_FROM_FILE, DATUM_EGM96, DATUM_ELLIPSOID, DATUM_EGM2008)  # enum order

# -- imaging simulation (core.simulation.laws) ----------------------------------------------------
BACKSCATTER_LAW_NAMES = ("muhleman", "cosine")  # BACKSCATTER_LAW enum order

# -- look direction on a north-up map (core.products.look) ----------------------------------------
LOOK_DIRECTIONS = ("east", "west")

# -- height model contract (core.inference.contract) ----------------------------------------------
MODEL_STRIDE = 16  # tile sizes are multiples of it: the network halves the grid four times

# -- stereo matchers (core.stereo) ----------------------------------------------------------------
POC_STEP_PX = 8  # phase-only correlation: one match every 8 pixels (PocOptions.step_px)
POC_MIN_CONFIDENCE = 0.4  # correlation peak below which a POC match is dropped
DEEP_MIN_CERTAINTY = 0.8  # chosen on the validation region: docs/matcher_model.md
STEREO_PATCH_SIZE = 256  # reference patch (pixels) when the matcher has no size of its own
AUTO_PATCH_SIZE = 0  # PATCH_SIZE value: the matcher's own (deep: the model's trained size)
