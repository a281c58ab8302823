r"""Cash-flow kernels: NPV, IRR and payback of an orbital cluster or a ground
site renting GPU-hours at a given price.  Pure JAX, broadcasting, float64.

A schedule is a set of lump payments $a_i$ at times $t_i$ [yr] and of
continuous flows: flow $j$ runs from $s_j$ to $e_j$ at $F_j e^{-\lambda_j (t - s_j)}$
USD/yr.  Time 0 is the first delivered GPU-hour; capital paid before it has
negative times.  Discounting is continuous at $\rho = \ln(1 + r)$, the same
convention as the levelised costs of `orbitalcompute.core.costs`, which is why
"at a rental price equal to the levelised cost the NPV is zero and the IRR is
the WACC" is a consistency test of two separate computations: the levelised
cost folds carrying factors, annuities and capacity decay into one number per
GPU-hour; the schedule here places each purchase (GPU tranches at every
refresh, the building, the land and its resale, the residual value of the
last GPU tranche) at its own date.

$$\mathrm{NPV}(r) = \sum_i a_i e^{-\rho t_i}
  + \sum_j F_j e^{-\rho s_j} \frac{1 - e^{-(\lambda_j + \rho)(e_j - s_j)}}{\lambda_j + \rho}$$

The IRR solves $\mathrm{NPV}(r) = 0$ by bisection on $\rho$ in a fixed bracket
(vectorised, fixed iteration count) followed by one Newton step whose
derivative is held constant, so that `jax.grad` of the IRR is the implicit-
function derivative $-\partial_\theta \mathrm{NPV} / \partial_r \mathrm{NPV}$.
(A generic root finder, ``core/rootfind.py``, did not exist when this was
written; this safeguarded solver is self-contained.)  Where the NPV has the
same sign at both ends of the bracket the IRR is NaN and
`FINANCE_REASON_CODES` bit 1 is set; a payback that does not happen within
the horizon is NaN with bit 2.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .finance import _decay_integral

__all__ = ["FINANCE_REASON_CODES", "IRR_BRACKET", "npv_usd", "irr", "payback_yr",
           "orbital_cash_flows", "terrestrial_cash_flows", "evaluate_cash_flows",
           "cost_usd_per_mtok"]

#: Bit flags of ``*_finance_reason_code`` outputs.
FINANCE_REASON_CODES = {
    1: "no internal rate of return in the bracket IRR_BRACKET (NPV has one sign there)",
    2: "no payback within the horizon (cumulative cash never turns positive)",
}
#: IRR search bracket [fraction per year].
IRR_BRACKET = (-0.9, 10.0)
#: Bisection steps on rho (the bracket shrinks 2^-80: below float64 resolution).
_BISECT_STEPS = 80
#: Grid points over the horizon for the payback search (interpolated linearly).
_PAYBACK_POINTS = 2049
#: Most GPU refresh tranches a ground schedule holds (static array size).
MAX_TRANCHES = 16
_MONTHS_PER_YR = 12.0
_MTOK = 1e6


def _npv_rho(rho, lump_t, lump_a, fs, fe, ff, fl):
    lumps = jnp.sum(lump_a * jnp.exp(-rho[..., None] * lump_t), axis=-1)
    k = fl + rho[..., None]
    dur = jnp.maximum(fe - fs, 0.0)
    flows = jnp.sum(ff * jnp.exp(-rho[..., None] * fs) * _decay_integral(k, dur), axis=-1)
    return lumps + flows


def npv_usd(rate, flows):
    r"""Net present value of a schedule at a discount rate [USD].

    Parameters
    ----------
    rate : array_like
        Discount rate [fraction per year] (> -1).
    flows : dict
        ``lump_t_yr``, ``lump_usd`` (shape ``(..., n)``) and ``flow_start_yr``,
        ``flow_end_yr``, ``flow_usd_per_yr``, ``flow_decay_per_yr`` (shape
        ``(..., m)``), as `orbital_cash_flows` returns.

    Returns
    -------
    jax.Array
        NPV [USD] (formula in the module docstring).
    """
    rho = jnp.log1p(jnp.asarray(rate, dtype=jnp.float64))
    return _npv_rho(rho, flows["lump_t_yr"], flows["lump_usd"], flows["flow_start_yr"],
                    flows["flow_end_yr"], flows["flow_usd_per_yr"], flows["flow_decay_per_yr"])


def irr(flows):
    r"""Internal rate of return of a schedule [fraction per year]; NaN where none
    lies in `IRR_BRACKET`.  Differentiable (implicit-function gradient).

    Returns
    -------
    (jax.Array, jax.Array)
        IRR and a boolean ``exists``.
    """
    args = (flows["lump_t_yr"], flows["lump_usd"], flows["flow_start_yr"], flows["flow_end_yr"],
            flows["flow_usd_per_yr"], flows["flow_decay_per_yr"])
    shape = jnp.broadcast_shapes(*(a.shape[:-1] for a in args))
    lo0 = jnp.full(shape, jnp.log1p(IRR_BRACKET[0]))
    hi0 = jnp.full(shape, jnp.log1p(IRR_BRACKET[1]))
    sg = [jax.lax.stop_gradient(a) for a in args]
    f_lo = _npv_rho(lo0, *sg)
    f_hi = _npv_rho(hi0, *sg)
    exists = jnp.sign(f_lo) * jnp.sign(f_hi) < 0

    def step(_, lh):
        lo, hi = lh
        mid = 0.5 * (lo + hi)
        f_mid = _npv_rho(mid, *sg)
        same = jnp.sign(f_mid) == jnp.sign(f_lo)
        return jnp.where(same, mid, lo), jnp.where(same, hi, mid)

    lo, hi = jax.lax.fori_loop(0, _BISECT_STEPS, step, (lo0, hi0))
    rho0 = jax.lax.stop_gradient(0.5 * (lo + hi))
    dfdrho = jax.grad(lambda r: jnp.sum(_npv_rho(r, *sg)))(rho0)
    dfdrho = jnp.where(exists & (dfdrho != 0), dfdrho, 1.0)
    rho = rho0 - _npv_rho(rho0, *args) / jax.lax.stop_gradient(dfdrho)
    return jnp.where(exists, jnp.expm1(rho), jnp.nan), exists


def _cumulative_usd(t, flows):
    """Undiscounted cumulative cash up to time ``t`` (shape ``(..., k)``)."""
    lt, la = flows["lump_t_yr"][..., None, :], flows["lump_usd"][..., None, :]
    fs, fe = flows["flow_start_yr"][..., None, :], flows["flow_end_yr"][..., None, :]
    ff, fl = flows["flow_usd_per_yr"][..., None, :], flows["flow_decay_per_yr"][..., None, :]
    tt = t[..., None]
    lumps = jnp.sum(jnp.where(lt <= tt, la, 0.0), axis=-1)
    dur = jnp.clip(jnp.minimum(tt, fe) - fs, 0.0, None)
    return lumps + jnp.sum(ff * _decay_integral(fl, dur), axis=-1)


def payback_yr(flows, horizon_yr):
    r"""Simple (undiscounted) payback time after the first GPU-hour [yr].

    The first time $t \in [0, T]$ at which the cumulative cash (all capital
    paid before and at $t$, all income and costs up to $t$) turns
    non-negative, found on a grid of `_PAYBACK_POINTS` points and
    interpolated linearly (resolution $T/2048$).  NaN where it never does.

    Returns
    -------
    (jax.Array, jax.Array)
        Payback [yr] and a boolean ``exists``.
    """
    horizon = jnp.asarray(horizon_yr, dtype=jnp.float64)
    u = jnp.linspace(0.0, 1.0, _PAYBACK_POINTS)
    t = horizon[..., None] * u
    c = _cumulative_usd(t, flows)
    pos = c >= 0
    exists = jnp.any(pos, axis=-1)
    i = jnp.argmax(pos, axis=-1)
    im1 = jnp.maximum(i - 1, 0)
    take = lambda a, j: jnp.take_along_axis(a, j[..., None], axis=-1)[..., 0]  # noqa: E731
    c1, c0 = take(c, i), take(c, im1)
    t1, t0 = take(t, i), take(t, im1)
    denom = jnp.where(c1 > c0, c1 - c0, 1.0)
    tp = jnp.where((i > 0) & (c1 > c0), t0 + (t1 - t0) * (-c0) / denom, t1)
    return jnp.where(exists, tp, jnp.nan), exists


def orbital_cash_flows(schedule, price_usd_per_gpu_h, units=1.0):
    r"""Cash flows of satellites renting GPU-hours at a price.

    Parameters
    ----------
    schedule : dict
        ``orbital_cost(...)["schedule"]`` (per satellite).
    price_usd_per_gpu_h : array_like
        Rental price per delivered GPU-hour [USD/(GPU h)].
    units : array_like, optional
        Satellites (the cluster size); the flows scale with it.

    Notes
    -----
    Lumps: $-K_c$ at $-t_c/12$ (GPUs, bought at integration), $-K_h$ at
    $-t_h/12$ (satellite, launch, NRE share, insurance).  Flows over
    $[0, T]$: income $p H_0 e^{-\lambda t}$ (capacity decays unless spares are
    flown) and costs $-O$.
    """
    s = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in schedule.items()}
    z = 0.0 * s["life_yr"]
    lump_t = jnp.stack([-s["compute_carry_months"] / _MONTHS_PER_YR + z,
                        -s["hardware_carry_months"] / _MONTHS_PER_YR + z], axis=-1)
    lump_a = jnp.stack([-s["compute_usd"] + z, -s["hardware_usd"] + z], axis=-1) * jnp.asarray(units)[..., None]
    life = s["life_yr"]
    fs = jnp.stack([z, z], axis=-1)
    fe = jnp.stack([life, life], axis=-1)
    ff = jnp.stack([price_usd_per_gpu_h * s["gpu_hours_per_yr"] + z, -s["opex_usd_per_yr"] + z],
                   axis=-1) * jnp.asarray(units)[..., None]
    fl = jnp.stack([s["decay_per_yr"] + z, z], axis=-1)
    return dict(lump_t_yr=lump_t, lump_usd=lump_a, flow_start_yr=fs, flow_end_yr=fe,
                flow_usd_per_yr=ff, flow_decay_per_yr=fl, horizon_yr=life)


def terrestrial_cash_flows(schedule, price_usd_per_gpu_h, units=1.0):
    r"""Cash flows of ground GPUs renting GPU-hours at a price, over the
    building's life with a GPU refresh every GPU life.

    Parameters
    ----------
    schedule : dict
        ``terrestrial_cost(...)["schedule"]`` (per GPU).
    price_usd_per_gpu_h : array_like
        Rental price per delivered GPU-hour [USD/(GPU h)].
    units : array_like, optional
        GPUs at the site; the flows scale with it.

    Notes
    -----
    Over the horizon $T_b$ (building life): server tranche $k$ is paid
    $-K_s$ at $k n_g - t_g/12$ for every $k n_g < T_b$ (at most
    `MAX_TRANCHES`); the last one is worth its unrecovered annuity
    $K_s (1+r)^{t_g/12} A(r, (k+1) n_g - T_b)/A(r, n_g)$ at $T_b$ (economic
    book value, credited); the building $-K_f$ at $-t_f/12$; land $-L$ at
    $-t_\ell/12$, resold at $T_b$ for its carried value $L (1+r)^{t_\ell/12}$.
    Flows over $[0, T_b]$: income $p H$ and operating costs $-O$.
    """
    s = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in schedule.items()}
    r = s["wacc"]
    T = s["horizon_yr"]
    n = s["server_life_yr"]
    k = jnp.arange(MAX_TRANCHES, dtype=jnp.float64)
    start = n[..., None] * k
    active = start < T[..., None]
    carry_s = jnp.exp(s["server_carry_months"] / _MONTHS_PER_YR * jnp.log1p(r))
    tranche_t = start - s["server_carry_months"][..., None] / _MONTHS_PER_YR
    tranche_a = jnp.where(active, -s["server_usd"][..., None], 0.0)
    last = jnp.sum(active, axis=-1) - 1.0
    remaining = jnp.clip((last + 1.0) * n - T, 0.0, None)
    rho = jnp.log1p(r)
    residual = s["server_usd"] * carry_s * _decay_integral(rho, remaining) / _decay_integral(rho, n)
    carry_l = jnp.exp(s["land_carry_months"] / _MONTHS_PER_YR * jnp.log1p(r))
    others_t = jnp.stack([T, -s["facility_carry_months"] / _MONTHS_PER_YR,
                          -s["land_carry_months"] / _MONTHS_PER_YR, T], axis=-1)
    others_a = jnp.stack([residual, -s["facility_usd"], -s["land_usd"], s["land_usd"] * carry_l], axis=-1)
    u = jnp.asarray(units)[..., None]
    z = 0.0 * T
    lump_t = jnp.concatenate([tranche_t, others_t], axis=-1)
    lump_a = jnp.concatenate([tranche_a, others_a], axis=-1) * u
    fs = jnp.stack([z, z], axis=-1)
    fe = jnp.stack([T, T], axis=-1)
    ff = jnp.stack([price_usd_per_gpu_h * s["gpu_hours_per_yr"] + z, -s["opex_usd_per_yr"] + z], axis=-1) * u
    fl = jnp.stack([z, z], axis=-1)
    return dict(lump_t_yr=lump_t, lump_usd=lump_a, flow_start_yr=fs, flow_end_yr=fe,
                flow_usd_per_yr=ff, flow_decay_per_yr=fl, horizon_yr=T)


def evaluate_cash_flows(flows, wacc):
    """``{"npv_usd", "irr", "payback_yr", "reason_code"}`` of a schedule at its WACC."""
    npv = npv_usd(wacc, flows)
    rate, irr_ok = irr(flows)
    pb, pb_ok = payback_yr(flows, flows["horizon_yr"])
    code = jnp.where(irr_ok, 0, 1).astype(jnp.int32) | jnp.where(pb_ok, 0, 2).astype(jnp.int32)
    return {"npv_usd": npv, "irr": rate, "payback_yr": pb, "reason_code": code}


def cost_usd_per_mtok(cost_usd_per_gpu_h, tokens_per_gpu_h):
    r"""Cost per million output tokens: $c_{GPU\,h} \cdot 10^6 / \text{tokens per GPU-hour}$."""
    ok = tokens_per_gpu_h > 0
    return jnp.where(ok, cost_usd_per_gpu_h * _MTOK / jnp.where(ok, tokens_per_gpu_h, 1.0), jnp.nan)
