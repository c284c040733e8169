"""Imaging simulation: DEM -> radar geometry, layover/shadow mask, one-to-many mapping.

Public API:
    simulate_to_files(dem, geometry, outputs, options=None, progress=None, workers=1)
        -> SimulationSummary
    iter_block_mappings(dem, geometry, options=None, plan=None, workers=1) -> BlockMapping per
        tile (block_plan.SceneBlocks: the block plan itself, see core.blocks)
    make_plan(dem, geometry, options) -> ScenePlan
    SimulationOptions, SimulationOutputs, SimulationSummary, BlockMapping, RadarWindow
    SimulationError, SimulationCancelled
    BACKSCATTER_LAWS, sigma0; mask codes CLEAR, LAYOVER, SHADOW, LAYOVER_AND_SHADOW, NODATA
"""
from ..errors import SimulationCancelled, SimulationError
from .block_plan import BlockMapping, iter_block_mappings
from .laws import BACKSCATTER_LAWS, sigma0
from .mapping import RadarWindow, build_mapping
from .mask import CLEAR, LAYOVER, LAYOVER_AND_SHADOW, NODATA, SHADOW, layover_shadow_codes
from .options import SimulationOptions
from .plan import ScenePlan, make_plan
from .simulate import SimulationOutputs, SimulationSummary, simulate_to_files

__all__ = [
    "BACKSCATTER_LAWS", "BlockMapping", "CLEAR", "LAYOVER", "LAYOVER_AND_SHADOW", "NODATA",
    "RadarWindow", "SHADOW", "ScenePlan", "SimulationCancelled", "SimulationError",
    "SimulationOptions", "SimulationOutputs", "SimulationSummary", "build_mapping",
    "iter_block_mappings", "layover_shadow_codes", "make_plan", "sigma0", "simulate_to_files",
]
