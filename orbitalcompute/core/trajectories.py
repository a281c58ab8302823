r"""Time trajectories of the inputs that bind: pure JAX kernels of the calendar
year (decimal years, float64, broadcasting, finite gradients).

`orbitalcompute.trajectories.apply_trajectories` maps a scenario's launch
year through these onto the scenario's own parameters, so that
`orbitalcompute.pipeline.evaluate` (the one cost path) prices a 2035 launch
with 2035 inputs.  Launch-price curves live in `orbitalcompute.core.launch_curves`.

References
----------
- [1] T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronautical
   Sciences 3(4), 122-128 (1936). https://doi.org/10.2514/8.155
"""

from __future__ import annotations

import jax.numpy as jnp

__all__ = [
    "cumulative_units_built",
    "escalated_value",
    "time_to_power_at_yr_months",
    "deferred_revenue_usd_per_gpu_h",
    "generation_index",
]

_MONTHS_PER_YEAR = 12.0


def cumulative_units_built(date_yr, anchor_date_yr, anchor_units, units_per_yr):
    r"""Units a manufacturer has built by ``date_yr`` at a constant production rate.

    Parameters
    ----------
    date_yr : array_like
        Decimal calendar year.
    anchor_date_yr : array_like
        Year at which ``anchor_units`` had been built [yr].
    anchor_units : array_like
        Cumulative units built at the anchor date [-].
    units_per_yr : array_like
        Production rate [1/yr] (>= 0).

    Returns
    -------
    jax.Array
        $N(t) = N_0 + \dot N \max(t - t_0, 0)$ [-]; dates before the anchor give $N_0$.
    """
    t = jnp.asarray(date_yr, dtype=jnp.float64)
    return anchor_units + units_per_yr * jnp.maximum(t - anchor_date_yr, 0.0)


def escalated_value(base_value, growth_per_yr, date_yr, base_date_yr):
    r"""A price escalating at a constant real rate: $v(t) = v_0 (1 + g)^{t - t_0}$.

    ``growth_per_yr`` $g$ is a fraction per year (> -1; negative: falling).
    Dates before $t_0$ extrapolate the same law backwards.
    """
    t = jnp.asarray(date_yr, dtype=jnp.float64)
    return base_value * jnp.exp((t - base_date_yr) * jnp.log1p(growth_per_yr))


def time_to_power_at_yr_months(base_months, change_months_per_yr, date_yr, base_date_yr):
    r"""Wait for grid power [months] for a project started at ``date_yr``:
    $T(t) = \max(T_0 + \dot T (t - t_0), 0)$ (a queue that lengthens or shortens linearly)."""
    t = jnp.asarray(date_yr, dtype=jnp.float64)
    return jnp.maximum(base_months + change_months_per_yr * (t - base_date_yr), 0.0)


def deferred_revenue_usd_per_gpu_h(rental_price_usd_per_gpu_h, wacc, delay_months):
    r"""Value lost per delivered GPU-hour when service starts ``delay_months`` later.

    Parameters
    ----------
    rental_price_usd_per_gpu_h : array_like
        Price a GPU-hour rents for [USD/(GPU h)].
    wacc : array_like
        Discount rate per year [-].
    delay_months : array_like
        Extra months before the first GPU-hour (negative is treated as 0).

    Returns
    -------
    jax.Array
        $R\,(1 - (1 + r)^{-\Delta})$ [USD/(GPU h)].

    Notes
    -----
    A revenue stream $R$ per GPU-hour over a life $n$ has present value
    $R H A(r, n)$; started $\Delta$ years later it is worth $(1+r)^{-\Delta}$ of
    that.  Levelised over the same delivered hours (divided by $H A$, as every
    cost in `orbitalcompute.core.costs`), the loss is $R (1 - (1+r)^{-\Delta})$.
    This is the opportunity cost of the wait, on top of the interest on capital
    spent before it (`interest_during_construction_factor`).
    """
    dt_yr = jnp.maximum(jnp.asarray(delay_months, dtype=jnp.float64), 0.0) / _MONTHS_PER_YEAR
    return rental_price_usd_per_gpu_h * (1.0 - jnp.exp(-dt_yr * jnp.log1p(wacc)))


def generation_index(date_yr, available_from_yr):
    r"""Index of the newest generation available at ``date_yr``.

    ``available_from_yr`` has shape ``(G,)``, in any order (a dict of generations
    passed through a JAX transformation comes back with its keys sorted by name,
    not by year); the result is $\arg\max_i \{a_i : a_i \le t\}$, or the earliest
    generation before any is available (the caller checks validity).
    Integer-valued: zero gradient with respect to the date.
    """
    t = jnp.asarray(date_yr, dtype=jnp.float64)
    a = jnp.asarray(available_from_yr, dtype=jnp.float64)
    ok = a <= t[..., None]
    newest = jnp.argmax(jnp.where(ok, a, -jnp.inf), axis=-1)
    return jnp.where(jnp.any(ok, axis=-1), newest, jnp.argmin(a))
