"""Terrestrial cost per delivered GPU-hour for a catalogue site."""

from __future__ import annotations

from .. import catalog
from ..core import costs as _costs
from ..validation import check_choice, check_range
from .params import FinanceParams, SiteParams

__all__ = ["site_names", "site", "default_finance", "terrestrial_cost_per_gpu_h", "site_kernel_inputs"]


def site_names() -> list[str]:
    """Names in ``models/sites.toml``."""
    return catalog.names("sites")


def site(name: str) -> SiteParams:
    """A site from the catalogue; an unknown name lists the valid ones."""
    check_choice("site", name, site_names())
    return catalog.load("sites", name)


def default_finance() -> FinanceParams:
    """``models/finance.toml [default]``."""
    return catalog.load("finance", "default")


def site_kernel_inputs(s: SiteParams, f: FinanceParams, gpu_failure_rate_per_yr) -> dict:
    """Keyword arguments of `orbitalcompute.core.costs.terrestrial_cost`
    taken from a site and finance parameter set (traceable), with the GPU's
    permanent-loss rate (``gpus.toml``: the same rate as in orbit).  Behind-the-meter
    generation (`orbitalcompute.core.costs.onsite_electricity_usd_per_kwh`) adds to
    the purchased electricity price; a grid-connection queue is priced as delayed
    revenue at the finance rental price."""
    onsite = _costs.onsite_electricity_usd_per_kwh(
        s.onsite_generation_usd_per_mw, s.heat_rate_btu_per_kwh, s.gas_price_usd_per_mmbtu,
        f.wacc, f.building_useful_life_yr, f.utilisation)
    return dict(
        server_overhead_fraction=f.server_overhead_fraction,
        electricity_price_usd_per_kwh=s.electricity_price_usd_per_kwh + onsite, pue=s.pue,
        construction_usd_per_mw=s.construction_usd_per_mw, land_usd_per_mw=s.land_usd_per_mw,
        water_l_per_kwh=s.water_l_per_kwh, water_price_usd_per_m3=s.water_price_usd_per_m3,
        time_to_power_months=s.time_to_power_months, wacc=f.wacc,
        gpu_useful_life_yr=f.gpu_useful_life_yr, building_useful_life_yr=f.building_useful_life_yr,
        utilisation=f.utilisation, facility_om_per_yr=f.facility_om_per_yr,
        staffing_usd_per_kw_yr=f.staffing_usd_per_kw_yr,
        gpu_failure_rate_per_yr=gpu_failure_rate_per_yr,
        construction_months=f.construction_months, gpu_install_months=f.gpu_install_months,
        connection_wait_months=s.connection_wait_months, rental_price_usd_per_gpu_h=f.rental_price_usd_per_gpu_h,
    )


def terrestrial_cost_per_gpu_h(site_or_name, *, gpu_unit_price_usd, it_power_per_gpu_w,
                               gpu_failure_rate_per_yr, finance: FinanceParams | None = None) -> dict:
    r"""Levelised cost of a delivered GPU-hour at a terrestrial site.

    Parameters
    ----------
    site_or_name : str or SiteParams
        A ``models/sites.toml`` entry name or a site parameter set.
    gpu_unit_price_usd : array_like
        Price of one GPU [USD] (the server adds ``finance.server_overhead_fraction``).
    it_power_per_gpu_w : array_like
        IT power per GPU including its share of the server [W] (> 0).
    gpu_failure_rate_per_yr : array_like
        Permanent GPU losses per GPU-year [1/yr], replaced (``gpus.toml``
        ``failure_rate_per_yr``: the same base rate as in orbit).
    finance : FinanceParams, optional
        Default ``models/finance.toml [default]``.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h``, ``breakdown_usd_per_gpu_h`` (compute, facility,
        land, electricity, water, staffing, maintenance, gpu_replacement),
        ``capex_usd_per_w``, ``energy_usd_per_kwh``, ``gpu_hours_per_yr``,
        ``energy_kwh_per_gpu_h``.

    Raises
    ------
    ValueError
        Unknown site (lists the valid names), negative prices, zero lives,
        utilisation outside (0, 1].

    Notes
    -----
    See [`orbitalcompute.core.costs.terrestrial_cost`][orbitalcompute.core.costs.terrestrial_cost] for the equations
    (capital recovery factor at the WACC; electricity x PUE; WUE x water price).

    Examples
    --------
    >>> from orbitalcompute.economics.terrestrial import terrestrial_cost_per_gpu_h
    >>> r = terrestrial_cost_per_gpu_h("abilene_tx", gpu_unit_price_usd=30000.0,
    ...                                it_power_per_gpu_w=1200.0, gpu_failure_rate_per_yr=0.05)
    >>> 1.0 < float(r["cost_usd_per_gpu_h"]) < 3.0
    True
    """
    s = site(site_or_name) if isinstance(site_or_name, str) else site_or_name
    f = default_finance() if finance is None else finance
    s.validate(where="site")
    f.validate(where="finance")
    price = check_range("gpu_unit_price_usd", gpu_unit_price_usd, ge=0, unit="USD")
    power = check_range("it_power_per_gpu_w", it_power_per_gpu_w, gt=0, unit="W")
    lam = check_range("gpu_failure_rate_per_yr", gpu_failure_rate_per_yr, ge=0, unit="1/yr")
    return _costs.terrestrial_cost(gpu_unit_price_usd=price, it_power_per_gpu_w=power,
                                   **site_kernel_inputs(s, f, lam))
