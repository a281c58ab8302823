"""Carbon per GPU-hour: terrestrial grid electricity vs orbital launch."""

from __future__ import annotations

import jax.numpy as jnp

from .. import catalog
from ..core import costs as _costs
from ..core.finance import HOURS_PER_YEAR, discounted_mean_capacity_fraction
from ..validation import check_choice, check_range
from .orbital import design_inputs
from .params import CarbonParams, FinanceParams
from .terrestrial import default_finance, site

__all__ = ["carbon_params", "terrestrial_carbon_kgco2_per_gpu_h", "orbital_carbon_kgco2_per_gpu_h",
           "lifetime_gpu_hours"]


def carbon_params(name: str) -> CarbonParams:
    """``models/carbon.toml`` entry (per launch-vehicle family)."""
    check_choice("carbon entry", name, catalog.names("carbon"))
    return catalog.load("carbon", name)


def terrestrial_carbon_kgco2_per_gpu_h(site_or_name, *, it_power_per_gpu_w):
    r"""Operational CO2 of a GPU-hour at a site [kgCO2/(GPU h)].

    $$
    e = \frac{P_{IT}}{1000}\,\mathrm{PUE}\; I_{grid}
    $$

    Embodied carbon of servers and buildings is excluded on both sides (no
    sourced figure in ``models/``; the servers are the same in orbit).
    """
    s = site(site_or_name) if isinstance(site_or_name, str) else site_or_name
    s.validate(where="site")
    p = check_range("it_power_per_gpu_w", it_power_per_gpu_w, gt=0, unit="W")
    return _costs.terrestrial_carbon_kgco2_per_gpu_h(p / 1e3 * s.pue, s.grid_intensity_kgco2_per_kwh)


def lifetime_gpu_hours(gpu_count, lifetime_yr, goodput_fraction, utilisation, failure_rate_per_yr):
    r"""GPU-hours a satellite delivers over its life (undiscounted):
    $8766\,N u \gamma\,T\,(1 - e^{-\lambda T})/(\lambda T)$."""
    cap = discounted_mean_capacity_fraction(failure_rate_per_yr, 0.0, lifetime_yr)
    return HOURS_PER_YEAR * gpu_count * utilisation * goodput_fraction * lifetime_yr * cap


def orbital_carbon_kgco2_per_gpu_h(design, *, carbon: str | CarbonParams = "starship",
                                   launched_mass_kg=None, failure_rate_per_yr=0.0,
                                   finance: FinanceParams | None = None):
    r"""Launch (and manufacturing, where sourced) CO2 per orbital GPU-hour.

    $$
    e = \frac{m_L e_L + m_{sat} e_{mfg}}{H_{life}}
    $$

    with $H_{life}$ from [`lifetime_gpu_hours`][orbitalcompute.economics.carbon.lifetime_gpu_hours] (``failure_rate_per_yr``
    0 by default: a [`orbitalcompute.spacecraft.design`][orbitalcompute.spacecraft.design] goodput already
    includes unrepaired failures).  Launch emissions are
    combustion CO2 from ``models/carbon.toml`` (derived from propellant loads).
    """
    cp = carbon_params(carbon) if isinstance(carbon, str) else carbon
    f = default_finance() if finance is None else finance
    d = design_inputs(design)
    life = check_range("lifetime_yr", d["lifetime_yr"], gt=0, unit="yr")
    m = d["total_mass_kg"] if launched_mass_kg is None else check_range(
        "launched_mass_kg", launched_mass_kg, ge=0, unit="kg")
    h = lifetime_gpu_hours(d["gpu_count"], life, d["goodput_fraction"], f.utilisation,
                           failure_rate_per_yr)
    return _costs.orbital_carbon_kgco2_per_gpu_h(jnp.asarray(m, dtype=float), cp.launch_kgco2_per_kg,
                                                 d["total_mass_kg"], cp.manufacturing_kgco2_per_kg, h)
