"""Discounting kernels: capital recovery, interest during construction,
discounted capacity decay.  Pure JAX, broadcasting, finite gradients.

All money is annualised with the capital recovery factor (CRF), never with
undiscounted sums: a capital cost :math:`K` spread over a useful life of
:math:`n` years at a weighted average cost of capital :math:`r` costs
:math:`K\\,\\mathrm{CRF}(r, n)` per year.

References
----------
.. [1] W. Short, D. J. Packey, T. Holt, "A Manual for the Economic Evaluation
   of Energy Efficiency and Renewable Energy Technologies", NREL/TP-462-5173
   (1995), eq. 4-3 (capital recovery factor). https://doi.org/10.2172/35391
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import HOUR_S, JULIAN_YEAR_S

__all__ = [
    "HOURS_PER_YEAR",
    "capital_recovery_factor",
    "interest_during_construction_factor",
    "discounted_mean_capacity_fraction",
    "annualised_cost_usd_per_yr",
]

#: Hours in a Julian year (365.25 d), from scipy's CODATA-era constants.
HOURS_PER_YEAR: float = JULIAN_YEAR_S / HOUR_S

# Below this |rate| the closed forms lose precision; switch to a Taylor series
# (numerical threshold, not an engineering value).
_SMALL = 1e-6


def capital_recovery_factor(wacc, life_yr):
    r"""Capital recovery factor: the level annual payment per dollar of capital.

    Parameters
    ----------
    wacc : array_like
        Weighted average cost of capital [1/yr as a fraction, e.g. 0.08].
    life_yr : array_like
        Useful life [yr]; must be > 0.

    Returns
    -------
    jax.Array
        CRF [1/yr]; NaN where ``life_yr <= 0`` or ``wacc <= -1``.

    Notes
    -----
    .. math:: \mathrm{CRF}(r, n) = \frac{r}{1 - (1 + r)^{-n}},
       \qquad \lim_{r\to 0}\mathrm{CRF} = \frac{1}{n}

    (NREL/TP-462-5173 eq. 4-3).  Non-integer lives are allowed (the formula is
    continuous in :math:`n`).  Near :math:`r = 0` the series
    :math:`1/n + r (n+1)/(2n)` keeps the value and gradient finite.
    """
    r = jnp.asarray(wacc, dtype=jnp.float64)
    n = jnp.asarray(life_yr, dtype=jnp.float64)
    valid = (n > 0) & (r > -1)
    n_s = jnp.where(valid, n, 1.0)
    r_v = jnp.where(valid, r, 0.05)
    small = jnp.abs(r_v) < _SMALL
    r_s = jnp.where(small, 0.05, r_v)
    exact = r_s / (-jnp.expm1(-n_s * jnp.log1p(r_s)))
    series = 1.0 / n_s + r_v * (n_s + 1.0) / (2.0 * n_s)
    return jnp.where(valid, jnp.where(small, series, exact), jnp.nan)


def interest_during_construction_factor(wacc, time_to_power_months):
    r"""Capital carried (at the WACC) from spending to first service.

    Parameters
    ----------
    wacc : array_like
        Weighted average cost of capital [fraction per year].
    time_to_power_months : array_like
        Months between committing the capital and the first delivered
        GPU-hour (grid connection for a site, build + launch for orbit) [months].

    Notes
    -----
    .. math:: f_\mathrm{IDC} = (1 + r)^{t / 12}

    (all capital spent at commitment: an upper bound on the carrying cost;
    spending spread evenly would roughly halve the exponent).
    """
    r = jnp.asarray(wacc, dtype=jnp.float64)
    t = jnp.asarray(time_to_power_months, dtype=jnp.float64)
    ok = r > -1
    return jnp.where(ok, jnp.exp(t / 12.0 * jnp.log1p(jnp.where(ok, r, 0.0))), jnp.nan)


def _decay_integral(k, t):
    """:math:`\\int_0^t e^{-k s} ds` with a finite value and gradient at k -> 0."""
    small = jnp.abs(k * t) < _SMALL
    k_s = jnp.where(small, 1.0, k)
    exact = -jnp.expm1(-k_s * t) / k_s
    series = t * (1.0 - 0.5 * k * t)
    return jnp.where(small, series, exact)


def discounted_mean_capacity_fraction(failure_rate_per_yr, wacc, life_yr):
    r"""Present-value-weighted mean surviving capacity of an unrepaired fleet.

    Parameters
    ----------
    failure_rate_per_yr : array_like
        Constant hazard rate of unrepaired failures [1/yr] (>= 0).
    wacc : array_like
        Discount rate [fraction per year].
    life_yr : array_like
        Service life [yr] (> 0).

    Returns
    -------
    jax.Array
        Fraction in (0, 1]: the constant capacity that delivers the same
        discounted GPU-hours; NaN for a non-positive life.

    Notes
    -----
    With hazard :math:`\lambda` the surviving capacity is :math:`e^{-\lambda t}`;
    discounting continuously at :math:`\rho = \ln(1 + r)`:

    .. math:: \bar c = \frac{\int_0^T e^{-(\lambda + \rho) t}\,dt}
                            {\int_0^T e^{-\rho t}\,dt}

    It equals :math:`(1 - e^{-\lambda T})/(\lambda T)` at :math:`r = 0`.
    Dividing a CRF-annualised cost by the hours times :math:`\bar c` gives the
    levelised cost per delivered hour.
    """
    lam = jnp.asarray(failure_rate_per_yr, dtype=jnp.float64)
    r = jnp.asarray(wacc, dtype=jnp.float64)
    t = jnp.asarray(life_yr, dtype=jnp.float64)
    valid = (t > 0) & (r > -1) & (lam >= 0)
    t_s = jnp.where(valid, t, 1.0)
    rho = jnp.log1p(jnp.where(valid, r, 0.0))
    lam_s = jnp.where(valid, lam, 0.0)
    out = _decay_integral(lam_s + rho, t_s) / _decay_integral(rho, t_s)
    return jnp.where(valid, out, jnp.nan)


def annualised_cost_usd_per_yr(capital_usd, wacc, life_yr):
    """``capital_usd * capital_recovery_factor(wacc, life_yr)`` [USD/yr]."""
    return jnp.asarray(capital_usd, dtype=jnp.float64) * capital_recovery_factor(wacc, life_yr)
