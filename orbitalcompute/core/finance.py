"""Discounting kernels: capital recovery, interest during construction,
discounted capacity decay.  Pure JAX, broadcasting, finite gradients.

All money is annualised with the capital recovery factor (CRF), never with
undiscounted sums: a capital cost $K$ spread over a useful life of
$n$ years at a weighted average cost of capital $r$ costs
$K\\,\\mathrm{CRF}(r, n)$ per year.

References
----------
- [1] W. Short, D. J. Packey, T. Holt, "A Manual for the Economic Evaluation
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
    "continuous_annuity_factor_yr",
    "wright_mean_unit_cost_factor",
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

    $$
    \mathrm{CRF}(r, n) = \frac{r}{1 - (1 + r)^{-n}},
    \qquad \lim_{r\to 0}\mathrm{CRF} = \frac{1}{n}
    $$

    (NREL/TP-462-5173 eq. 4-3).  Non-integer lives are allowed (the formula is
    continuous in $n$).  Near $r = 0$ the series
    $1/n + r (n+1)/(2n)$ keeps the value and gradient finite.
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

    $$
    f_\mathrm{IDC} = (1 + r)^{t / 12}
    $$

    (all capital spent at commitment: an upper bound on the carrying cost;
    spending spread evenly would roughly halve the exponent).
    """
    r = jnp.asarray(wacc, dtype=jnp.float64)
    t = jnp.asarray(time_to_power_months, dtype=jnp.float64)
    ok = r > -1
    return jnp.where(ok, jnp.exp(t / 12.0 * jnp.log1p(jnp.where(ok, r, 0.0))), jnp.nan)


def _decay_integral(k, t):
    """$\\int_0^t e^{-k s} ds$ with a finite value and gradient at k -> 0."""
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
    With hazard $\lambda$ the surviving capacity is $e^{-\lambda t}$;
    discounting continuously at $\rho = \ln(1 + r)$:

    $$
    \bar c = \frac{\int_0^T e^{-(\lambda + \rho) t}\,dt}
    {\int_0^T e^{-\rho t}\,dt}
    $$

    It equals $(1 - e^{-\lambda T})/(\lambda T)$ at $r = 0$.
    Dividing a CRF-annualised cost by the hours times $\bar c$ gives the
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


def continuous_annuity_factor_yr(wacc, life_yr):
    r"""Present value of 1 USD/yr flowing continuously for ``life_yr`` years [yr].

    Parameters
    ----------
    wacc : array_like
        Discount rate [fraction per year] (> -1).
    life_yr : array_like
        Duration of the flow [yr] (> 0).

    Returns
    -------
    jax.Array
        $A(r, T)$ [yr]; NaN where ``life_yr <= 0`` or ``wacc <= -1``.

    Notes
    -----
    Rental income, electricity and operations accrue hour by hour, so the
    levelised cost and the cash-flow schedule (`orbitalcompute.core.cashflow`)
    both treat them as continuous flows discounted at $\rho = \ln(1 + r)$:

    $$A(r, T) = \int_0^T e^{-\rho t}\,dt = \frac{1 - (1 + r)^{-T}}{\rho}$$

    A capital cost $K$ is recovered by the level flow $K / A(r, T)$ per year
    (the continuous-payment form of the capital recovery factor; it is
    $\rho / r$ times `capital_recovery_factor`, e.g. 0.962 at 8 %).
    """
    r = jnp.asarray(wacc, dtype=jnp.float64)
    t = jnp.asarray(life_yr, dtype=jnp.float64)
    valid = (t > 0) & (r > -1)
    t_s = jnp.where(valid, t, 1.0)
    rho = jnp.log1p(jnp.where(valid, r, 0.0))
    return jnp.where(valid, _decay_integral(rho, t_s), jnp.nan)


def wright_mean_unit_cost_factor(learning_rate, anchor_units, prior_units, batch_units):
    r"""Mean unit cost of a production batch relative to an anchor unit (Wright's law).

    Parameters
    ----------
    learning_rate : array_like
        Progress ratio: unit cost multiplies by this at each doubling of
        cumulative units (e.g. 0.85), in (0.5, 1].
    anchor_units : array_like
        Cumulative units at which the anchor (published) unit cost holds (> 0).
    prior_units : array_like
        Units the manufacturer has built before this batch (>= 0).
    batch_units : array_like
        Units in this batch (> 0).

    Returns
    -------
    jax.Array
        $\bar u / u_\text{anchor}$ [1]; NaN outside the valid ranges.

    Notes
    -----
    Unit cost $u(x) = u_a (x / x_a)^{b}$, $b = \log_2 \mathrm{LR}$ (Wright 1936),
    averaged over the batch as a continuous integral:

    $$\frac{\bar u}{u_a} = \frac{(x_0 + N)^{1+b} - x_0^{1+b}}{(1 + b)\,N\,x_a^{b}}$$

    References
    ----------
    T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronautical
    Sciences 3(4), 122-128 (1936). https://doi.org/10.2514/8.155
    """
    lr = jnp.asarray(learning_rate, dtype=jnp.float64)
    xa = jnp.asarray(anchor_units, dtype=jnp.float64)
    x0 = jnp.asarray(prior_units, dtype=jnp.float64)
    n = jnp.asarray(batch_units, dtype=jnp.float64)
    valid = (lr > 0.5) & (lr <= 1) & (xa > 0) & (x0 >= 0) & (n > 0)
    b = jnp.log2(jnp.where(valid, lr, 0.9))
    xa_s, x0_s, n_s = (jnp.where(valid, v, 1.0) for v in (xa, x0, n))
    e = 1.0 + b
    has_prior = x0_s > 0
    x0_p = jnp.where(has_prior, x0_s, 1.0)
    # (x0 + N)^e - x0^e without cancellation for N << x0
    diff = jnp.where(has_prior, jnp.exp(e * jnp.log(x0_p)) * jnp.expm1(e * jnp.log1p(n_s / x0_p)),
                     jnp.exp(e * jnp.log(n_s)))
    out = diff / (e * n_s) * jnp.exp(-b * jnp.log(xa_s))
    return jnp.where(valid, out, jnp.nan)
