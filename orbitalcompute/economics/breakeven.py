"""Break-even launch price per site, the year a launch curve reaches it, and
sensitivities (gradients and elasticities) by automatic differentiation."""

from __future__ import annotations

from typing import Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .. import catalog
from ..core import autodiff as _ad
from ..core import costs as _costs
from ..core.autodiff import path_of  # noqa: F401  (re-exported: dotted paths of key paths)
from ..core.breakeven import breakeven_kernel
from ..validation import check_choice, check_range
from .orbital import default_cost_laws, design_inputs, orbital_kernel_inputs
from .params import CostLawParams, FinanceParams, LaunchCurveParams
from .terrestrial import default_finance, deferred_revenue_usd_per_gpu_h, site, site_kernel_inputs, site_names

__all__ = ["breakeven_kernel", "breakeven_launch_price", "gradients", "elasticities",
           "path_of"]


def breakeven_launch_price(design, sites: Sequence[str] | None = None, *, gpu, cells,
                           billed_mass_kg=None, failure_rate_per_yr=0.0,
                           finance: FinanceParams | None = None,
                           costs: CostLawParams | None = None,
                           curve: str | LaunchCurveParams | None = "starship_cadence",
                           deferred_revenue: bool = True, ground_goodput_fraction=1.0) -> dict:
    r"""Launch price at which a design's GPU-hour costs the same as at each site.

    Parameters
    ----------
    design : object or mapping
        Spacecraft design (`orbitalcompute.economics.orbital.DESIGN_FIELDS`).
    sites : sequence of str or dict of {str: SiteParams}, optional
        ``models/sites.toml`` names (default all), or site parameter sets by name
        (e.g. ``apply_trajectories(scenario).sites``: the sites in the launch year).
    gpu : GpuParams
        The accelerator; the terrestrial server uses the same GPU (price,
        permanent-loss rate) and the same IT power per GPU as the satellite
        (``it_power_w / gpu_count``).
    cells : SolarCellParams
        The design's array technology (prices the array).
    billed_mass_kg : float, optional
        Launch mass billed per satellite [kg]; default the satellite's mass.
    failure_rate_per_yr : float, optional
        Unrepaired-failure hazard [1/yr] if the design's goodput excludes it (default 0).
    finance, costs : optional
        Default the catalogue's ``default`` entries.
    curve : str or LaunchCurveParams or None
        Cadence curve for the break-even date (``None``: no date).
    deferred_revenue : bool, optional
        Price each site's wait for power beyond the orbital side's
        (``costs.time_to_power_months``) as deferred revenue at
        ``finance.rental_price_usd_per_gpu_h``
        (`orbitalcompute.economics.terrestrial.deferred_revenue_usd_per_gpu_h`), as the
        default scenario does (default ``True``); ``False``: sites without that line.
    ground_goodput_fraction : float, optional
        Checkpoint-restart goodput of the same job on the ground, in (0, 1] (default 1;
        `orbitalcompute.pipeline.evaluate` uses the interruption goodput under the
        permanent failures alone).

    Returns
    -------
    dict
        ``sites`` (names), ``price_usd_per_kg`` (NaN: no break-even even at
        free launch), ``unclipped_price_usd_per_kg`` (negative: the subsidy per
        kg that would be needed), ``exists``, ``date_yr``,
        ``terrestrial_cost_usd_per_gpu_h``, ``free_launch_cost_usd_per_gpu_h``,
        ``slope_usd_per_gpu_h_per_usd_per_kg``.

    Notes
    -----
    The orbital cost is affine in the launch price $p$, $c(p) = a + b p$, so
    $p^* = (c_{site} - a)/b$ exactly (the one break-even kernel,
    `orbitalcompute.core.breakeven.breakeven_kernel`).
    """
    if isinstance(sites, dict):  # {name: SiteParams}, e.g. a scenario's year-adjusted sites
        names, ss = list(sites), list(sites.values())
    else:
        names = list(site_names() if sites is None else sites)
        ss = [site(n) for n in names]
    f = default_finance() if finance is None else finance
    c = default_cost_laws() if costs is None else costs
    f.validate(where="finance")
    c.validate(where="costs")
    d = design_inputs(design)
    for k in ("gpu_count", "it_power_w", "lifetime_yr", "total_mass_kg"):
        check_range(k, d[k], gt=0)
    gpu_price = check_range("gpu.unit_price_usd", gpu.unit_price_usd, ge=0, unit="USD")
    stacked = jax.tree_util.tree_map(lambda *xs: jnp.asarray(np.array(xs, dtype=float)),
                                     *[s.replace(country="") for s in ss])
    it_per_gpu = jnp.asarray(d["it_power_w"]) / jnp.asarray(d["gpu_count"])
    good = check_range("ground_goodput_fraction", ground_goodput_fraction, gt=0, le=1)
    terr = _costs.terrestrial_cost(gpu_unit_price_usd=gpu_price, it_power_per_gpu_w=it_per_gpu, goodput_fraction=good,
                                   **site_kernel_inputs(stacked, f, gpu.failure_rate_per_yr))
    if deferred_revenue:
        terr = _costs.with_deferred_revenue(terr, deferred_revenue_usd_per_gpu_h(stacked, f, c.time_to_power_months))
    terr = terr["cost_usd_per_gpu_h"]
    billed = d["total_mass_kg"] if billed_mass_kg is None else check_range(
        "billed_mass_kg", billed_mass_kg, ge=0, unit="kg")
    kw = dict(**d, gpu_unit_price_usd=gpu_price, billed_mass_kg=jnp.asarray(billed, dtype=float),
              **orbital_kernel_inputs(c, f, cells, gpu, failure_rate_per_yr))
    if isinstance(curve, str):
        check_choice("curve", curve, catalog.names("launch_curves"))
        cp = catalog.load("launch_curves", curve)
    else:
        cp = curve
    out = breakeven_kernel(kw, terr, cp)
    out["sites"] = names
    out["terrestrial_cost_usd_per_gpu_h"] = terr
    if "date_yr" not in out:
        out["date_yr"] = jnp.full(jnp.shape(terr), jnp.nan)
    return out


def gradients(fn: Callable, params) -> dict[str, jax.Array]:
    """``{dotted path: d fn / d leaf}`` for a scalar ``fn(params)`` (reverse mode;
    `orbitalcompute.core.autodiff.value_and_gradients`)."""
    return _ad.value_and_gradients(fn, params)[1]


def elasticities(fn: Callable, params) -> dict[str, jax.Array]:
    r"""``{dotted path: (x / f) df/dx}``: the % change of ``fn`` per % change of
    each numeric input (zero-valued inputs give 0;
    `orbitalcompute.core.autodiff.elasticities_from_gradients`).

    $$\varepsilon_i = \frac{\partial \ln f}{\partial \ln x_i} = \frac{x_i}{f}\frac{\partial f}{\partial x_i}$$
    """
    y, g = _ad.value_and_gradients(fn, params)
    return _ad.elasticities_from_gradients(y, g, params)
