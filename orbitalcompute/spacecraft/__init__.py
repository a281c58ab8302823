"""Spacecraft physics: solar power, radiators, radiation derates and the
satellite mass/power budget.

Public entry point: ``design`` (validated) on top of the pure JAX
kernel ``orbitalcompute.core.mass_budget.design_kernel`` (vmap/grad over
a ``DesignParams`` pytree).  Model descriptions: ``docs/models/solar.md``,
``thermal.md``, ``radiation.md``, ``spacecraft.md``.
"""

from .design import REASON_CODES, DesignResult, design, design_kernel, explain_reason
from .params import (BatteryParams, DesignParams, GpuParams, RadiationParams, RadiatorParams,
                     SolarCellParams, SpacecraftParams, reference_design)
from .radiation import dose_table

__all__ = [
    "design", "design_kernel", "DesignResult", "REASON_CODES", "explain_reason",
    "DesignParams", "SpacecraftParams", "GpuParams", "SolarCellParams", "BatteryParams",
    "RadiatorParams", "RadiationParams", "reference_design", "dose_table",
]
