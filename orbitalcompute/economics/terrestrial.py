"""Terrestrial cost per delivered GPU-hour for a catalogue site."""

from __future__ import annotations

from .. import catalog
from ..core import costs as _costs
from ..core import trajectories as _traj
from ..validation import check_choice, check_range
from .params import FinanceParams, SiteParams

__all__ = ["site_names", "site", "default_finance", "terrestrial_cost_per_gpu_h", "site_kernel_inputs",
           "deferred_revenue_usd_per_gpu_h"]


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
    the purchased electricity price (a wait for grid power is priced as deferred
    revenue by the pipeline, `orbitalcompute.trajectories.deferred_revenue`)."""
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
    )


def terrestrial_cost_per_gpu_h(site_or_name, *, gpu_unit_price_usd, it_power_per_gpu_w,
                               gpu_failure_rate_per_yr, finance: FinanceParams | None = None,
                               goodput_fraction=1.0, reference_time_to_power_months=None) -> dict:
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
    goodput_fraction : array_like, optional
        Fraction of busy hours that deliver work after checkpoint and restart
        losses, in (0, 1] (default 1; the pipeline passes the job's interruption
        goodput under the permanent failures, `orbitalcompute.core.radiation.interruption_goodput`).
    reference_time_to_power_months : array_like, optional
        Months to first GPU-hour of the alternative the site is compared with
        (the orbital side: ``costs.time_to_power_months``).  Given, the site's
        longer wait is priced as deferred revenue at
        ``finance.rental_price_usd_per_gpu_h`` (`deferred_revenue_usd_per_gpu_h`),
        as `orbitalcompute.pipeline.evaluate` does when the scenario's site power
        follows the year (the default scenario); ``None`` (default): no such line.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h``, ``breakdown_usd_per_gpu_h`` (compute, facility,
        land, electricity, water, staffing, maintenance, gpu_replacement, and
        ``deferred_revenue`` when ``reference_time_to_power_months`` is given),
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
    good = check_range("goodput_fraction", goodput_fraction, gt=0, le=1)
    out = _costs.terrestrial_cost(gpu_unit_price_usd=price, it_power_per_gpu_w=power, goodput_fraction=good,
                                  **site_kernel_inputs(s, f, lam))
    if reference_time_to_power_months is None:
        return out
    ref = check_range("reference_time_to_power_months", reference_time_to_power_months, ge=0, unit="months")
    return _costs.with_deferred_revenue(out, deferred_revenue_usd_per_gpu_h(s, f, ref))


def deferred_revenue_usd_per_gpu_h(s: SiteParams, f: FinanceParams, reference_time_to_power_months):
    r"""Deferred revenue of a site whose first GPU-hour comes later than the alternative's.

    $R\,(1 - (1 + r)^{-\Delta})$ with $R$ = ``f.rental_price_usd_per_gpu_h``, $r$ =
    ``f.wacc`` and $\Delta$ = ``s.time_to_power_months`` minus
    ``reference_time_to_power_months`` (in years, 0 if negative): the one kernel,
    `orbitalcompute.core.trajectories.deferred_revenue_usd_per_gpu_h` [USD/(GPU h)].
    """
    return _traj.deferred_revenue_usd_per_gpu_h(f.rental_price_usd_per_gpu_h, f.wacc,
                                                s.time_to_power_months - reference_time_to_power_months)
