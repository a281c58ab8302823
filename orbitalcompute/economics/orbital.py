"""Orbital cost per delivered GPU-hour for a spacecraft design."""

from __future__ import annotations

from typing import Any, Mapping

import jax.numpy as jnp

from .. import catalog
from ..core import costs as _costs
from ..validation import check_range, is_traced
from .params import CostLawParams, FinanceParams
from .terrestrial import default_finance

__all__ = ["DESIGN_FIELDS", "default_cost_laws", "design_inputs", "orbital_cost_per_gpu_h",
           "orbital_kernel_inputs"]

#: Spacecraft design quantities the orbital cost model reads (one satellite).
DESIGN_FIELDS = ("gpu_count", "it_power_w", "power_bol_w", "radiator_area_m2",
                 "battery_energy_wh", "bus_mass_kg", "optical_link_mass_kg",
                 "shielding_mass_kg", "solar_array_mass_kg", "battery_mass_kg",
                 "radiator_mass_kg", "total_mass_kg", "lifetime_yr", "goodput_fraction")

_RANGES = {"gpu_count": dict(gt=0), "it_power_w": dict(gt=0), "power_bol_w": dict(ge=0),
           "lifetime_yr": dict(gt=0), "goodput_fraction": dict(gt=0, le=1),
           "total_mass_kg": dict(gt=0)}


def default_cost_laws() -> CostLawParams:
    """``models/cost_laws.toml [default]``."""
    return catalog.load("cost_laws", "default")


def design_inputs(design: Any) -> dict:
    """The `DESIGN_FIELDS` of a design (an object with those attributes,
    such as the result of [`orbitalcompute.spacecraft.design`][orbitalcompute.spacecraft.design], or a mapping)."""
    get = (lambda k: design[k]) if isinstance(design, Mapping) else (lambda k: getattr(design, k))
    out = {}
    for k in DESIGN_FIELDS:
        try:
            out[k] = get(k)
        except (KeyError, AttributeError):
            raise ValueError(f"design is missing {k!r}; needed: {', '.join(DESIGN_FIELDS)}") from None
    return out


def orbital_kernel_inputs(c: CostLawParams, f: FinanceParams, cells, gpu,
                          failure_rate_per_yr=0.0) -> dict:
    """Keyword arguments of `orbitalcompute.core.costs.orbital_cost` from the
    cost laws, finance (the orbital WACC), the cell technology (its array
    price: a III-V array is never priced at silicon rates) and the GPU (server
    mass, for spares) (traceable).

    ``failure_rate_per_yr`` is 0 by default for designs whose
    ``goodput_fraction`` already folds in unrepaired failures (as
    `orbitalcompute.spacecraft.design`'s does); the pipeline passes the GPU's
    rate with the checkpoint goodput instead."""
    return dict(failure_rate_per_yr=failure_rate_per_yr,
        server_overhead_fraction=f.server_overhead_fraction,
        solar_array_usd_per_w=cells.array_usd_per_w, radiator_usd_per_m2=c.radiator_usd_per_m2,
        battery_usd_per_kwh=c.battery_usd_per_kwh, bus_usd_per_kg=c.bus_usd_per_kg,
        shielding_usd_per_kg=c.shielding_usd_per_kg, integration_fraction=c.integration_fraction,
        compute_space_premium_fraction=c.compute_space_premium_fraction,
        insurance_fraction=c.insurance_fraction, deorbit_fraction=c.deorbit_fraction,
        ground_segment_usd_per_kw_yr=c.ground_segment_usd_per_kw_yr,
        operations_usd_per_yr=c.operations_usd_per_yr,
        time_to_power_months=c.time_to_power_months, wacc=f.orbital_wacc, utilisation=f.utilisation,
        satellite_usd_per_kg=c.satellite_usd_per_kg, satellite_usd_per_w=c.satellite_usd_per_w,
        compute_carry_months=c.compute_carry_months,
        programme_nre_usd=c.programme_nre_usd, programme_it_power_w=c.programme_it_power_w,
        learning_rate=c.learning_rate, learning_anchor_count=c.learning_anchor_count,
        prior_satellite_count=c.prior_satellite_count, gpu_useful_life_yr=f.gpu_useful_life_yr,
        mass_per_gpu_kg=gpu.mass_per_gpu_kg, hardware_cost_model=c.hardware_cost_model,
        failure_handling=c.failure_handling, economic_life=c.economic_life,
    )


def orbital_cost_per_gpu_h(design, *, gpu, cells, launch_price_usd_per_kg,
                           billed_mass_kg=None, failure_rate_per_yr=0.0,
                           finance: FinanceParams | None = None,
                           costs: CostLawParams | None = None) -> dict:
    r"""Levelised cost of a delivered GPU-hour from one satellite of a design.

    Parameters
    ----------
    design : object or mapping
        Spacecraft design with `DESIGN_FIELDS` (per satellite): GPU count,
        IT and BOL power [W], radiator area [m^2], battery energy [Wh], subsystem
        and total masses [kg], lifetime [yr], goodput fraction.
    gpu : GpuParams or str
        The accelerator (price, server mass per GPU), or a ``gpus.toml`` name.
    cells : SolarCellParams or str
        The array technology the design was sized with (its ``array_usd_per_w``
        prices the array), or a ``solar_cells.toml`` name.
    launch_price_usd_per_kg : array_like
        Launch price [USD/kg] (>= 0).
    billed_mass_kg : array_like, optional
        Launch mass billed per satellite [kg]; default the satellite's total mass
        (per-kg billing).  For whole-vehicle billing pass
        ``launches * payload_kg / satellite_count``.
    failure_rate_per_yr : array_like, optional
        Hazard rate of unrepaired failures [1/yr] applied as a discounted
        capacity decay.  Default 0: [`orbitalcompute.spacecraft.design`][orbitalcompute.spacecraft.design]
        already includes the decay (``gpus.toml`` failure rate) in
        ``goodput_fraction``; pass a rate only for a design whose goodput does not.
    finance : FinanceParams, optional
        Default ``models/finance.toml [default]``.
    costs : CostLawParams, optional
        Default ``models/cost_laws.toml [default]``.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h``, ``breakdown_usd_per_gpu_h`` (compute, solar_array,
        radiator, battery, bus, shielding, integration, deorbit, launch,
        insurance, ground_segment, operations), ``capex_usd``, ``capex_usd_per_w``,
        ``launch_usd``, ``gpu_hours_per_yr``, ``energy_usd_per_kwh``,
        ``launched_power_usd_per_kw_yr``, ``mean_capacity_fraction``.

    Raises
    ------
    ValueError
        Negative launch price, zero lifetime, goodput or utilisation outside
        (0, 1], a design field missing.

    Notes
    -----
    Equations in [`orbitalcompute.core.costs.orbital_cost`][orbitalcompute.core.costs.orbital_cost].
    """
    f = default_finance() if finance is None else finance
    c = default_cost_laws() if costs is None else costs
    f.validate(where="finance")
    c.validate(where="costs")
    d = design_inputs(design)
    if not is_traced(d):
        for k, rng in _RANGES.items():
            d[k] = check_range(k, d[k], **rng)
    price = check_range("launch_price_usd_per_kg", launch_price_usd_per_kg, ge=0, unit="USD/kg")
    g = catalog.load("gpus", gpu) if isinstance(gpu, str) else gpu
    ce = catalog.load("solar_cells", cells) if isinstance(cells, str) else cells
    g.validate(where="gpu")
    ce.validate(where="cells")

    billed = d["total_mass_kg"] if billed_mass_kg is None else check_range(
        "billed_mass_kg", billed_mass_kg, ge=0, unit="kg")
    return _costs.orbital_cost(**d, gpu_unit_price_usd=g.unit_price_usd, launch_price_usd_per_kg=price,
                               billed_mass_kg=jnp.asarray(billed, dtype=jnp.float64),
                               **orbital_kernel_inputs(c, f, ce, g, check_range(
                                   "failure_rate_per_yr", failure_rate_per_yr, ge=0, unit="1/yr")))
