"""Launch-price curves: Wright's learning law, bottom-up reusable cost, and a
launch-cadence ramp.  Pure JAX, broadcasting, finite gradients.

Three families (selected by name in [`orbitalcompute.launch.price_usd_per_kg`][orbitalcompute.launch.price_usd_per_kg]):

1. **Wright learning curve** -- price falls by a fixed *learning rate* for every
   doubling of cumulative mass launched, anchored at a published point.
2. **Bottom-up reusable cost** -- vehicle build cost amortised over its flights,
   plus refurbishment, propellant and operations, plus margin, per kg of payload.
3. **Cadence** -- launches per year ramp linearly to a ceiling; the cumulative
   mass that results sets the price through (1).

References
----------
- [1] T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronautical
   Sciences 3(4), 122-128 (1936). https://doi.org/10.2514/8.155
- [2] B. Aguera y Arcas et al., "Towards a future space-based, highly scalable
   AI infrastructure system design" (Project Suncatcher), arXiv:2511.19468,
   sec. 2.4 and 4.4 (launch-cost learning curve and Starship bottom-up cost).
"""

from __future__ import annotations

import jax.numpy as jnp

__all__ = [
    "wright_exponent",
    "wright_price_usd_per_kg",
    "wright_cumulative_mass_t",
    "bottom_up_price_usd_per_kg",
    "cadence_cumulative_mass_t",
    "cadence_date_for_mass_yr",
    "cadence_price_usd_per_kg",
    "cadence_date_for_price_yr",
    "launches_needed_kernel",
    "DATED_FAMILIES",
    "log_linear_price_usd_per_kg",
    "log_linear_date_for_price_yr",
    "curve_price_usd_per_kg",
    "curve_date_for_price_yr",
]

#: Curve families that give a price by calendar year (what a scenario's launch curve must be).
DATED_FAMILIES = ("cadence", "log_linear")


def wright_exponent(learning_rate):
    r"""Exponent $b = \log_2(1 - L)$ (negative) of Wright's law.

    ``learning_rate`` L is the fractional price drop per doubling (0 < L < 1);
    out of range gives NaN.
    """
    lr = jnp.asarray(learning_rate, dtype=jnp.float64)
    ok = (lr > 0) & (lr < 1)
    return jnp.where(ok, jnp.log2(1.0 - jnp.where(ok, lr, 0.5)), jnp.nan)


def wright_price_usd_per_kg(cumulative_mass_t, anchor_price_usd_per_kg,
                            anchor_cumulative_mass_t, learning_rate):
    r"""Launch price after a cumulative mass launched (Wright's law).

    Parameters
    ----------
    cumulative_mass_t : array_like
        Cumulative mass launched [t] (> 0).
    anchor_price_usd_per_kg : array_like
        Price at the anchor point [USD/kg].
    anchor_cumulative_mass_t : array_like
        Cumulative mass launched at the anchor point [t].
    learning_rate : array_like
        Fractional price drop per doubling of cumulative mass (0..1).

    Returns
    -------
    jax.Array
        Price [USD/kg]; NaN for non-positive masses or a learning rate outside (0, 1).

    Notes
    -----

    $$
    P(M) = P_0 \left(\frac{M}{M_0}\right)^{\log_2(1 - L)}
    $$

    (Wright 1936; Suncatcher sec. 2.4 applies it to cumulative mass launched).
    """
    m = jnp.asarray(cumulative_mass_t, dtype=jnp.float64)
    m0 = jnp.asarray(anchor_cumulative_mass_t, dtype=jnp.float64)
    ok = (m > 0) & (m0 > 0)
    ratio = jnp.where(ok, m, 1.0) / jnp.where(ok, m0, 1.0)
    p = anchor_price_usd_per_kg * jnp.exp(wright_exponent(learning_rate) * jnp.log(ratio))
    return jnp.where(ok, p, jnp.nan)


def wright_cumulative_mass_t(price_usd_per_kg, anchor_price_usd_per_kg,
                             anchor_cumulative_mass_t, learning_rate):
    r"""Inverse of [`wright_price_usd_per_kg`][orbitalcompute.core.launch_curves.wright_price_usd_per_kg]: cumulative mass [t] at which
    the price reaches ``price_usd_per_kg``.

    $$
    M(P) = M_0 \left(\frac{P}{P_0}\right)^{1/\log_2(1 - L)}
    $$

    NaN for a non-positive price.
    """
    p = jnp.asarray(price_usd_per_kg, dtype=jnp.float64)
    p0 = jnp.asarray(anchor_price_usd_per_kg, dtype=jnp.float64)
    ok = (p > 0) & (p0 > 0)
    ratio = jnp.where(ok, p, 1.0) / jnp.where(ok, p0, 1.0)
    m = anchor_cumulative_mass_t * jnp.exp(jnp.log(ratio) / wright_exponent(learning_rate))
    return jnp.where(ok, m, jnp.nan)


def bottom_up_price_usd_per_kg(vehicle_cost_usd, reuse_count, refurbishment_fraction,
                               oxidiser_mass_t, oxidiser_price_usd_per_t,
                               fuel_mass_t, fuel_price_usd_per_t,
                               operations_usd, margin_fraction, payload_kg):
    r"""Bottom-up price per kg of a (partly) reusable launch vehicle.

    Parameters
    ----------
    vehicle_cost_usd : array_like
        Build cost of one complete vehicle [USD].
    reuse_count : array_like
        Flights per vehicle (1 = expendable) [-] (>= 1).
    refurbishment_fraction : array_like
        Refurbishment cost per re-flight as a fraction of the vehicle cost [-].
    oxidiser_mass_t, fuel_mass_t : array_like
        Propellant loaded per flight [t].
    oxidiser_price_usd_per_t, fuel_price_usd_per_t : array_like
        Propellant prices [USD/t].
    operations_usd : array_like
        Launch operations, range, recovery per flight [USD].
    margin_fraction : array_like
        Provider margin on cost [-].
    payload_kg : array_like
        Payload per flight [kg] (> 0).

    Returns
    -------
    jax.Array
        Price [USD/kg]; NaN for ``reuse_count < 1`` or ``payload_kg <= 0``.

    Notes
    -----

    $$
    P = (1 + \mu)\,\frac{C_v / N + f_r C_v (N - 1)/N + m_o p_o + m_f p_f + C_{ops}}{m_{pl}}
    $$

    The first flight of each vehicle needs no refurbishment, so the mean
    refurbishment per flight is $f_r C_v (N-1)/N$ (Suncatcher sec. 4.4
    uses the same four terms: amortised build, refurbishment, propellant, operations).
    """
    n = jnp.asarray(reuse_count, dtype=jnp.float64)
    pl = jnp.asarray(payload_kg, dtype=jnp.float64)
    ok = (n >= 1) & (pl > 0)
    n_s = jnp.where(ok, n, 1.0)
    per_flight = (vehicle_cost_usd / n_s
                  + refurbishment_fraction * vehicle_cost_usd * (n_s - 1.0) / n_s
                  + oxidiser_mass_t * oxidiser_price_usd_per_t
                  + fuel_mass_t * fuel_price_usd_per_t
                  + operations_usd)
    price = (1.0 + margin_fraction) * per_flight / jnp.where(ok, pl, 1.0)
    return jnp.where(ok, price, jnp.nan)


def cadence_cumulative_mass_t(date_yr, start_date_yr, start_launches_per_yr,
                              max_launches_per_yr, ramp_duration_yr, payload_per_launch_t):
    r"""Mass launched since ``start_date_yr`` under a linear cadence ramp [t].

    Launches per year rise linearly from $L_0$ at the start date to
    $L_{max}$ after $T$ years, then stay there:

    $$
    \Delta M(t) = m \begin{cases}
    L_0 t + \frac{(L_{max} - L_0) t^2}{2T} & t \le T \\
    L_0 T + \frac{(L_{max} - L_0) T}{2} + L_{max} (t - T) & t > T
    \end{cases}
    $$

    with $t$ = years since the start (negative t gives 0) and $m$ the
    payload per launch.
    """
    t = jnp.maximum(jnp.asarray(date_yr, dtype=jnp.float64) - start_date_yr, 0.0)
    big_t = jnp.asarray(ramp_duration_yr, dtype=jnp.float64)
    t_s = jnp.where(big_t > 0, big_t, 1.0)
    slope = (max_launches_per_yr - start_launches_per_yr) / t_s
    tc = jnp.minimum(t, big_t)
    ramp = start_launches_per_yr * tc + 0.5 * slope * tc**2
    flat = max_launches_per_yr * jnp.maximum(t - big_t, 0.0)
    return payload_per_launch_t * (ramp + flat)


def cadence_date_for_mass_yr(mass_t, start_date_yr, start_launches_per_yr,
                             max_launches_per_yr, ramp_duration_yr, payload_per_launch_t):
    r"""Inverse of [`cadence_cumulative_mass_t`][orbitalcompute.core.launch_curves.cadence_cumulative_mass_t]: the date [decimal year] by
    which ``mass_t`` tonnes have been launched since the start date.

    Solves the quadratic of the ramp in its cancellation-free form
    $t = 2q / (L_0 + \sqrt{L_0^2 + 2 s q})$ with $q = \Delta M/m$
    and $s = (L_{max}-L_0)/T$, then the linear part.  Mass <= 0 gives the
    start date; NaN mass gives NaN.
    """
    q = jnp.maximum(jnp.asarray(mass_t, dtype=jnp.float64), 0.0) / payload_per_launch_t
    big_t = jnp.asarray(ramp_duration_yr, dtype=jnp.float64)
    t_s = jnp.where(big_t > 0, big_t, 1.0)
    slope = (max_launches_per_yr - start_launches_per_yr) / t_s
    q_ramp = start_launches_per_yr * big_t + 0.5 * slope * big_t**2
    disc = start_launches_per_yr**2 + 2.0 * slope * jnp.minimum(q, q_ramp)
    denom = start_launches_per_yr + jnp.sqrt(jnp.maximum(disc, 0.0))
    t_ramp = 2.0 * jnp.minimum(q, q_ramp) / jnp.where(denom > 0, denom, 1.0)
    t_flat = big_t + (q - q_ramp) / max_launches_per_yr
    t = jnp.where(q <= q_ramp, t_ramp, t_flat)
    return start_date_yr + t


def cadence_price_usd_per_kg(curve, date_yr):
    r"""Price [USD/kg] of a cadence curve at ``date_yr`` [decimal year].

    ``curve`` is any object with the cadence fields of
    ``orbitalcompute.economics.params.LaunchCurveParams`` (possibly traced).

    Notes
    -----
    $P(t) = P_\mathrm{Wright}(M_0 + \Delta M(t))$ with $\Delta M(t)$ from
    `cadence_cumulative_mass_t` and the Wright law `wright_price_usd_per_kg`.
    """
    dm = cadence_cumulative_mass_t(date_yr, curve.start_date_yr, curve.start_launches_per_yr,
                                   curve.max_launches_per_yr, curve.ramp_duration_yr,
                                   curve.payload_per_launch_t)
    return wright_price_usd_per_kg(curve.anchor_cumulative_mass_t + dm, curve.anchor_price_usd_per_kg,
                                   curve.anchor_cumulative_mass_t, curve.learning_rate)


def cadence_date_for_price_yr(curve, price_usd_per_kg):
    """Decimal year at which a cadence curve reaches ``price_usd_per_kg`` (its
    start date if the price is already at or below it; NaN price gives NaN).
    Inverse of `cadence_price_usd_per_kg`."""
    m = wright_cumulative_mass_t(price_usd_per_kg, curve.anchor_price_usd_per_kg,
                                 curve.anchor_cumulative_mass_t, curve.learning_rate)
    return cadence_date_for_mass_yr(m - curve.anchor_cumulative_mass_t, curve.start_date_yr,
                                    curve.start_launches_per_yr, curve.max_launches_per_yr,
                                    curve.ramp_duration_yr, curve.payload_per_launch_t)


def log_linear_price_usd_per_kg(date_yr, start_date_yr, start_price_usd_per_kg,
                                end_date_yr, end_price_usd_per_kg):
    r"""Price [USD/kg] falling at a constant fractional rate between two dated
    points (a straight line on a log-price chart).

    Notes
    -----
    $P(t) = P_0 \,(P_1/P_0)^{(t - t_0)/(t_1 - t_0)}$: the form of a projection
    published as a start price and an end-year price (e.g. Citi GPS 2022,
    ~$1,500/kg in 2022 to ~$100/kg in 2040).  Dates before $t_0$ give $P_0$.
    """
    t = jnp.maximum(jnp.asarray(date_yr, dtype=jnp.float64), start_date_yr)
    frac = (t - start_date_yr) / (end_date_yr - start_date_yr)
    return start_price_usd_per_kg * jnp.exp(frac * jnp.log(end_price_usd_per_kg / start_price_usd_per_kg))


def log_linear_date_for_price_yr(price_usd_per_kg, start_date_yr, start_price_usd_per_kg,
                                 end_date_yr, end_price_usd_per_kg):
    """Inverse of `log_linear_price_usd_per_kg`: the decimal year the price
    reaches ``price_usd_per_kg`` (the start date when already at or below it)."""
    p = jnp.asarray(price_usd_per_kg, dtype=jnp.float64)
    frac = jnp.log(p / start_price_usd_per_kg) / jnp.log(end_price_usd_per_kg / start_price_usd_per_kg)
    return start_date_yr + jnp.maximum(frac, 0.0) * (end_date_yr - start_date_yr)


def _scale(curve):
    return 1.0 if curve.price_fraction is None else curve.price_fraction


def curve_price_usd_per_kg(curve, date_yr):
    r"""Price [USD/kg] of a dated launch curve (family ``"cadence"`` or
    ``"log_linear"``) at ``date_yr``, times the curve's ``price_fraction``
    (1, or the operator's cost as a fraction of the customer price).

    ``curve`` has the fields of ``orbitalcompute.economics.params.LaunchCurveParams``
    (numeric leaves may be traced; ``family`` is static).
    """
    if curve.family == "log_linear":
        p = log_linear_price_usd_per_kg(date_yr, curve.start_date_yr, curve.anchor_price_usd_per_kg,
                                        curve.end_date_yr, curve.end_price_usd_per_kg)
    else:
        p = cadence_price_usd_per_kg(curve, date_yr)
    return _scale(curve) * p


def curve_date_for_price_yr(curve, price_usd_per_kg):
    """Inverse of `curve_price_usd_per_kg`: decimal year at which a dated curve
    reaches ``price_usd_per_kg`` (its start date if already at or below it)."""
    p = jnp.asarray(price_usd_per_kg, dtype=jnp.float64) / _scale(curve)
    if curve.family == "log_linear":
        return log_linear_date_for_price_yr(p, curve.start_date_yr, curve.anchor_price_usd_per_kg,
                                            curve.end_date_yr, curve.end_price_usd_per_kg)
    return cadence_date_for_price_yr(curve, p)


def launches_needed_kernel(satellite_count, satellite_mass_kg, payload_capacity_kg):
    r"""Integer-valued launch count $\lceil N / \lfloor m_{pl} / m \rfloor \rceil$
    (NaN if one satellite exceeds the payload).  Zero gradient.

    Examples
    --------
    >>> float(launches_needed_kernel(81.0, 3000.0, 100000.0))  # 33 per launch
    3.0
    """
    per = jnp.floor(payload_capacity_kg / satellite_mass_kg)
    return jnp.where(per >= 1, jnp.ceil(satellite_count / jnp.where(per >= 1, per, 1.0)), jnp.nan)
