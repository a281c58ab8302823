r"""Break-even launch price (the affine closed form) and the date a cadence
launch-price curve reaches it.  The one break-even kernel of the package:
`orbitalcompute.pipeline.evaluate`, `orbitalcompute.economics.breakeven_launch_price`
and the reproductions all call `breakeven_kernel`.
"""

from __future__ import annotations

import jax.numpy as jnp

from . import costs as _costs
from .launch_curves import curve_date_for_price_yr

__all__ = ["breakeven_kernel"]


def breakeven_kernel(orbital_kwargs: dict, terrestrial_cost_usd_per_gpu_h, curve=None) -> dict:
    r"""Break-even launch price (closed form) and date on a cadence curve.

    Parameters
    ----------
    orbital_kwargs : dict
        Every keyword of `orbitalcompute.core.costs.orbital_cost` except
        ``launch_price_usd_per_kg``.
    terrestrial_cost_usd_per_gpu_h : array_like
        Cost per GPU-hour to match [USD/(GPU h)] (broadcasts, e.g. one per site).
    curve : object, optional
        A dated launch curve (the fields of ``LaunchCurveParams`` with ``family``
        ``"cadence"`` or ``"log_linear"``); adds ``date_yr``, the decimal year at which the curve's
        price falls to the break-even price (its start date when already below;
        NaN when no break-even exists or the date lies beyond the curve's
        ``horizon_date_yr``).

    Returns
    -------
    dict
        See `orbitalcompute.core.costs.breakeven_price_usd_per_kg`, plus
        ``date_yr`` when ``curve`` is given.

    Notes
    -----
    The orbital cost is affine in the launch price $p$, $c(p) = a + b p$, so
    $p^* = (c_{site} - a)/b$ exactly.
    """

    def cost(p):
        return _costs.orbital_cost(launch_price_usd_per_kg=p, **orbital_kwargs)["cost_usd_per_gpu_h"]

    out = _costs.breakeven_price_usd_per_kg(cost, jnp.float64(0.0), terrestrial_cost_usd_per_gpu_h)
    if curve is not None:
        ok = out["exists"] & (out["unclipped_price_usd_per_kg"] > 0)
        safe = jnp.where(ok, out["unclipped_price_usd_per_kg"], 1.0)
        date = curve_date_for_price_yr(curve, safe)
        if curve.horizon_date_yr is not None:
            ok = ok & (date <= curve.horizon_date_yr)
        out["date_yr"] = jnp.where(ok, date, jnp.nan)
    return out
