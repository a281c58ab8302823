r"""What a workload asks of an orbital cluster's communications, and what it costs.

Pure JAX (SI-ish floats in, floats out; every argument broadcasts).  One
satellite carries ``gpu_count`` GPUs; a cluster of ``satellite_count``
satellites flies in formation at ``formation_spacing_km`` between neighbours.

Inter-satellite links (ISL)
---------------------------
A synchronous training job spread over several satellites exchanges its
scale-out (InfiniBand-class) traffic across satellite boundaries, so each
satellite must carry

$$B_\text{isl} = N_\text{gpu}\, b_\text{gpu} \quad (S > 1;\ 0 \text{ for one satellite}).$$

An optical terminal closes $C_\text{ref}$ at its reference range $d_\text{ref}$;
at a fixed transmit power and aperture the received power falls as $1/d^2$, so
at spacing $d$ it carries

$$C(d) = \min\!\left(C_\text{max},\ C_\text{ref}\,(d_\text{ref}/d)^2\right)$$

(capped at the modem rate $C_\text{max}$: a shorter link does not make a
faster modem).  Terminals needed $n = \lceil B_\text{isl} / C(d) \rceil$; the
bandwidth closes when $n \le n_\text{max}$ (terminals a satellite can mount).

Ground links
------------
The cluster's traffic to the ground $B_g = S N_\text{gpu} g_\text{gpu}$ needs
$m = \max(1, \lceil B_g / (C_\text{gw}\, a) \rceil)$ gateways of capacity
$C_\text{gw}$ at weather availability $a$.

Cost per delivered GPU-hour (added to the orbital cost)
-------------------------------------------------------
With $H = 8766\,u\,\gamma$ delivered hours per GPU-year (utilisation $u$,
goodput $\gamma$) and the continuous annuity factor $A(r, L)$ at the orbital
WACC over the satellite's life:

$$c_\text{isl} = \frac{n\,(p_\text{term} + m_\text{term}\,p_\text{launch})}{A(r, L)\, N_\text{gpu} H}
  + \frac{n\, P_\text{term}}{1000}\,\frac{8766\, e}{N_\text{gpu} H},\qquad
  c_\text{gnd} = \frac{m\, k_\text{gw}}{S N_\text{gpu} H}$$

where $e$ is the orbital power system's cost per kWh delivered
(``orbital_energy_usd_per_kwh``) and $k_\text{gw}$ a gateway's yearly cost.
The count functions ($\lceil\cdot\rceil$) have zero gradient, like
`launches_needed_kernel`.
"""

from __future__ import annotations

import jax.numpy as jnp

from .finance import HOURS_PER_YEAR, continuous_annuity_factor_yr

__all__ = ["WORKLOAD_REASON_CODES", "ISL_REASON_BIT", "GOODPUT_REASON_BIT", "terminal_capacity_gbps",
           "workload_link_kernel"]

#: Reason bit: the workload's inter-satellite bandwidth cannot close at the formation spacing.
ISL_REASON_BIT = 8192
#: Reason bit: the design's checkpoint goodput is below the workload's interruption tolerance.
GOODPUT_REASON_BIT = 16384

#: Reason-code bits of a workload (disjoint from the spacecraft's 1..64 and the pipeline's 128..512).
WORKLOAD_REASON_CODES = {
    ISL_REASON_BIT: "inter-satellite bandwidth the workload needs cannot close at the formation spacing "
                    "(more optical terminals than a satellite mounts)",
    GOODPUT_REASON_BIT: "checkpoint goodput below the workload's interruption tolerance (min_goodput_fraction)",
}

_W_PER_KW = 1e3


def terminal_capacity_gbps(spacing_km, rate_gbps, reference_range_km, max_rate_gbps):
    r"""Data rate of one optical terminal at ``spacing_km`` [Gb/s]:
    $\min(C_\text{max}, C_\text{ref} (d_\text{ref}/d)^2)$ (inverse-square link budget)."""
    d = jnp.maximum(jnp.asarray(spacing_km, dtype=jnp.float64), 1e-9)
    return jnp.minimum(max_rate_gbps, rate_gbps * (reference_range_km / d) ** 2)


def workload_link_kernel(*, gpu_count, satellite_count, lifetime_yr, goodput_fraction,
                         checkpoint_goodput_fraction, utilisation,
                         orbital_wacc, launch_price_usd_per_kg, orbital_energy_usd_per_kwh,
                         scale_out_per_gpu_gbps, ground_per_gpu_gbps, min_goodput_fraction,
                         terminal_rate_gbps, terminal_reference_range_km, terminal_max_rate_gbps,
                         terminal_mass_kg, terminal_power_w, terminal_cost_usd,
                         max_terminals_per_satellite_count, formation_spacing_km,
                         gateway_capacity_gbps, gateway_availability_fraction, gateway_cost_usd_per_yr):
    """Link sizing, feasibility and cost per GPU-hour of one workload (see the module notes).

    ``goodput_fraction`` sets the delivered hours; the interruption tolerance
    compares ``checkpoint_goodput_fraction`` (the share of hours a checkpointed
    job keeps through single-event interrupts) with ``min_goodput_fraction``.

    Returns
    -------
    dict
        ``isl_required_gbps`` (per satellite), ``terminal_capacity_gbps``,
        ``isl_terminal_count`` (needed, per satellite), ``ground_required_gbps``
        (cluster), ``gateway_count``, ``isl_usd_per_gpu_h``,
        ``ground_link_usd_per_gpu_h``, ``feasible`` (bool), ``reason_code``
        (int32 bits of `WORKLOAD_REASON_CODES`).
    """
    f64 = lambda x: jnp.asarray(x, dtype=jnp.float64)  # noqa: E731
    n_gpu, n_sat = f64(gpu_count), f64(satellite_count)
    need = jnp.where(n_sat > 1.0, n_gpu * f64(scale_out_per_gpu_gbps), 0.0)
    cap = terminal_capacity_gbps(formation_spacing_km, terminal_rate_gbps, terminal_reference_range_km,
                                 terminal_max_rate_gbps)
    n_term = jnp.ceil(need / cap)
    isl_ok = n_term <= max_terminals_per_satellite_count
    ground = n_sat * n_gpu * f64(ground_per_gpu_gbps)
    n_gw = jnp.maximum(1.0, jnp.ceil(ground / (f64(gateway_capacity_gbps) * gateway_availability_fraction)))
    hours = HOURS_PER_YEAR * utilisation * goodput_fraction            # delivered hours per GPU-year
    annuity = continuous_annuity_factor_yr(orbital_wacc, lifetime_yr)
    isl_capex = n_term * (terminal_cost_usd + terminal_mass_kg * launch_price_usd_per_kg)
    isl_power_usd_per_yr = n_term * terminal_power_w / _W_PER_KW * HOURS_PER_YEAR * orbital_energy_usd_per_kwh
    isl = (isl_capex / annuity + isl_power_usd_per_yr) / (n_gpu * hours)
    gnd = n_gw * gateway_cost_usd_per_yr / (n_sat * n_gpu * hours)
    good_ok = checkpoint_goodput_fraction >= min_goodput_fraction
    reason = (jnp.where(isl_ok, 0, ISL_REASON_BIT) | jnp.where(good_ok, 0, GOODPUT_REASON_BIT)).astype(jnp.int32)
    return {"isl_required_gbps": need, "terminal_capacity_gbps": cap, "isl_terminal_count": n_term,
            "ground_required_gbps": ground, "gateway_count": n_gw, "isl_usd_per_gpu_h": isl,
            "ground_link_usd_per_gpu_h": gnd, "feasible": isl_ok & good_ok, "reason_code": reason}
