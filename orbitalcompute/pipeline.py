r"""The whole chain for one scenario: what design sweeps vmap.

[`evaluate`][orbitalcompute.pipeline.evaluate] takes a [`orbitalcompute.scenario.Scenario`][orbitalcompute.scenario.Scenario] pytree and
returns a flat ``dict`` of float64 scalars (per design), each key ending in
its unit:

illumination -> spacecraft design -> launch price and launch count -> orbital
cost per GPU-hour -> terrestrial cost per site -> break-even launch price and
date per site -> carbon.

It is pure JAX: ``jax.jit(evaluate)``, ``jax.vmap(evaluate, in_axes=...)``
over a scenario whose numeric leaves are arrays, and ``jax.grad`` of any
output with respect to every numeric leaf (see [`elasticities`][orbitalcompute.pipeline.elasticities]).
Categorical fields (orbit type, price model, billing, destination, site
names) are static: changing them recompiles.

Outputs
-------
Orbit and design: ``mean_sunlit_fraction``, ``longest_eclipse_s``,
``gpu_count``, ``it_power_w``, ``satellite_mass_kg``, ``lifetime_yr``,
``goodput_fraction``, every `DESIGN_OUTPUTS` field (``power_bol_w``,
``radiator_area_m2``, ``battery_energy_wh``, the mass lines, ``total_mass_kg``),
``dose_rad_si_per_yr`` and ``checkpoint_goodput_fraction``.

Launch: ``launch_price_usd_per_kg``, ``launch_count`` (integer-valued launches
for ``launch.satellite_count`` satellites), ``billed_mass_kg`` (per satellite).

Orbital: ``orbital_cost_usd_per_gpu_h`` and one ``orbital_<category>_usd_per_gpu_h``
per `orbitalcompute.core.costs.ORBITAL_CATEGORIES`, ``orbital_capex_usd_per_w``,
``orbital_energy_usd_per_kwh`` (power system per kWh delivered to IT),
``orbital_launched_power_usd_per_kw_yr`` (Suncatcher Table 1 metric),
``orbital_carbon_kgco2_per_gpu_h``, ``orbital_capex_usd`` (per satellite),
``orbital_free_launch_cost_usd_per_gpu_h`` (the cost at zero launch price).

Against a reference price (``reference_cost_usd_per_gpu_h=``, e.g. a rental
price): ``reference_breakeven_price_usd_per_kg``,
``reference_breakeven_unclipped_usd_per_kg``, ``reference_breakeven_exists``,
``reference_breakeven_date_yr`` (the same break-even kernel as the sites).

Per site ``<s>`` (keys of ``scenario.sites``): ``site_<s>_cost_usd_per_gpu_h``,
``site_<s>_<category>_usd_per_gpu_h`` (`SITE_CATEGORIES`: `TERRESTRIAL_CATEGORIES` plus ``deferred_revenue``),
``site_<s>_energy_usd_per_kwh``, ``site_<s>_carbon_kgco2_per_gpu_h``,
``site_<s>_breakeven_price_usd_per_kg`` (NaN: no break-even even at free
launch), ``site_<s>_breakeven_unclipped_usd_per_kg`` (negative: the launch
subsidy per kg needed), ``site_<s>_breakeven_exists`` (bool),
``site_<s>_breakeven_date_yr`` (date the launch curve reaches the break-even
price; NaN if none).

Against the cheapest site: ``terrestrial_cost_min_usd_per_gpu_h``,
``cost_ratio`` (orbital / cheapest terrestrial), ``breakeven_price_usd_per_kg``,
``breakeven_unclipped_usd_per_kg``, ``breakeven_exists``, ``breakeven_date_yr``.

Latency (``evaluate(..., latency=True)`` or `evaluate_with_latency`; see
`orbitalcompute.latency.table.latency_outputs`): per user region ``<r>`` of
``models/user_regions.toml``, ``latency_<r>_p50_ms``, ``latency_<r>_p95_ms``
(RTT to the cluster over a day through the stored table's constellation, with
its access overhead), ``latency_<r>_reachable_fraction``;
``latency_demand_within_<X>ms_fraction`` (X = 20, 50, 100); per site,
``site_<s>_fibre_rtt_<r>_ms`` and ``site_<s>_demand_within_<X>ms_fraction``;
``latency_table_valid``.

Validity: ``feasible`` (bool) and ``reason_code`` (int bit flags:
`orbitalcompute.spacecraft.REASON_CODES` plus `PIPELINE_REASON_CODES`).
Infeasible designs have NaN costs.

Illumination
------------
``evaluate(scenario, illumination="table")`` (the default) takes the annual
illumination of a sun-synchronous orbit from the stored altitude x LTAN table
``models/data/sso_illumination_table.csv.gz`` ([`sso_illumination_table`][orbitalcompute.pipeline.sso_illumination_table],
interpolated by [`orbitalcompute.core.eclipse.annual_sso_illumination_interp`][orbitalcompute.core.eclipse.annual_sso_illumination_interp]):
about a thousand times faster than the direct kernel, within 0.05 percentage
points of sunlit fraction and 10 s of longest eclipse of it (measured in
``tests/test_illumination_table.py``).  The table covers 400-1200 km (the
trapped-dose table's range) with the catalogue environment
(``shadow_atmosphere_height_km``, ``tropical_year_days``); other orbits or
environments get NaN illumination and reason bit 512.  Its gradients with
respect to ``environment.tropical_year_days`` (and of the sunlit fraction with
respect to ``environment.shadow_atmosphere_height_km``) are zero.
``illumination="direct"`` runs [`orbitalcompute.core.eclipse.annual_sso_illumination`][orbitalcompute.core.eclipse.annual_sso_illumination]
(365 days x 4 samples) for every design: any altitude and environment, exact
gradients, ~1 ms per design.  Inclined orbits always use the direct kernel
[`annual_illumination`][orbitalcompute.core.eclipse.annual_illumination].
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from .core import autodiff as _ad
from .core import costs as _costs
from .core.breakeven import breakeven_kernel
from .core.eclipse import (annual_illumination, annual_sso_illumination, annual_sso_illumination_interp,
                           sso_illumination_table_feasibility)
from .core.launch_curves import curve_price_usd_per_kg, launches_needed_kernel
from .core.orbit_kernels import sun_synchronous_inclination_deg
from .core.radiation import interruption_goodput as _interruption_goodput
from .core.workloads import WORKLOAD_REASON_CODES, workload_link_kernel
from .economics.carbon import lifetime_gpu_hours
from .economics.orbital import DESIGN_FIELDS, orbital_kernel_inputs
from .economics.demand import demand_outputs
from .economics.terrestrial import site_kernel_inputs
from .economics.workloads import comm_links as _comm_links
from .economics.workloads import default_workloads, link_kernel_inputs
from .illumination import sso_illumination_table
from .scenario import Scenario, design_params
from .trajectories import apply_trajectories, deferred_revenue, h100_equivalent_factor
from .spacecraft import REASON_CODES as _SPACECRAFT_REASON_CODES
from .spacecraft import design_kernel, dose_table

__all__ = ["evaluate", "evaluate_with_latency", "SITE_CATEGORIES", "elasticities", "evaluate_with_elasticities", "gradients",
           "ILLUMINATION_METHODS", "PIPELINE_REASON_CODES", "REASON_CODES",
           "DESIGN_OUTPUTS", "orbital_cost_inputs", "site_cost_inputs"]

#: Reason-code bits added by the pipeline (the spacecraft's use 1..64).
PIPELINE_REASON_CODES = {
    128: "a satellite is heavier than the launch vehicle's payload",
    256: "non-finite cost (economic input out of its domain)",
    512: "orbit or environment outside the stored illumination table (use illumination='direct')",
    1024: "launch date outside the launch curve's validity (start date to horizon)",
}

#: Valid ``illumination`` arguments of `evaluate`.
ILLUMINATION_METHODS = ("table", "direct")

_TABLE_REASON_BIT = 512


REASON_CODES = {**_SPACECRAFT_REASON_CODES, **PIPELINE_REASON_CODES, **WORKLOAD_REASON_CODES}

#: Breakdown categories of a site's cost in the outputs: the terrestrial kernel's plus the
#: deferred revenue of a late grid connection (`orbitalcompute.trajectories.deferred_revenue`).
SITE_CATEGORIES = _costs.TERRESTRIAL_CATEGORIES + ("deferred_revenue",)

#: Spacecraft-design quantities (one satellite) the orbital cost model reads (also outputs).
DESIGN_OUTPUTS = DESIGN_FIELDS


# --- economics wiring: the only place the scenario's cost laws, finance and sites
#     meet the cost kernels (core/costs.py).  Keep it in these two helpers.
def orbital_cost_inputs(s: Scenario, d, billed_mass_kg) -> dict:
    """Every keyword of `core.costs.orbital_cost` except the launch price."""
    # one failure model: the GPU's permanent-loss rate on both sides; in orbit the
    # checkpoint goodput carries the single-event effects; the array price comes from
    # the cell technology, the orbital WACC, NRE over the programme (economics/*)
    dkw = {k: getattr(d, k) for k in DESIGN_OUTPUTS}
    dkw["goodput_fraction"] = d.checkpoint_goodput_fraction
    return dict(**dkw, gpu_unit_price_usd=s.gpu.unit_price_usd, billed_mass_kg=billed_mass_kg,
                **orbital_kernel_inputs(s.costs, s.finance, s.cells, s.gpu, s.gpu.failure_rate_per_yr))


def site_cost_inputs(s: Scenario, d) -> dict:
    """``{site: keywords of core.costs.terrestrial_cost}`` (same server: GPU price, IT power per GPU;
    same job: its checkpoint goodput under the permanent failures alone, no single-event effects)."""
    it_per_gpu = d.it_power_w / d.gpu_count
    ground_goodput = _interruption_goodput(d.gpu_count * s.gpu.failure_rate_per_yr, s.spacecraft.checkpoint_time_s,
                                           s.spacecraft.restart_time_s).goodput_fraction
    return {n: dict(gpu_unit_price_usd=s.gpu.unit_price_usd, it_power_per_gpu_w=it_per_gpu,
                    goodput_fraction=ground_goodput,
                    **site_kernel_inputs(site, s.finance, s.gpu.failure_rate_per_yr))
            for n, site in s.sites.items()}


def workload_outputs(s: Scenario, d, orb: dict, price, feasible, reason, workloads=None, comm_links=None) -> dict:
    """``workload_<w>_*`` outputs: the orbital cost per GPU-hour of each workload
    (the orbital cost plus its inter-satellite and ground links,
    `core.workloads.workload_link_kernel`), its feasibility and reason bits."""
    wl = workloads if workloads is not None else (s.workloads if s.workloads is not None else default_workloads())
    links = comm_links if comm_links is not None else (s.comm_links if s.comm_links is not None else _comm_links())
    out = {}
    for name, w in wl.items():
        r = workload_link_kernel(gpu_count=d.gpu_count, satellite_count=s.launch.satellite_count,
                                 lifetime_yr=d.lifetime_yr, goodput_fraction=d.goodput_fraction,
                                 checkpoint_goodput_fraction=d.checkpoint_goodput_fraction,
                                 utilisation=s.finance.utilisation, orbital_wacc=s.finance.orbital_wacc,
                                 launch_price_usd_per_kg=price, orbital_energy_usd_per_kwh=orb["energy_usd_per_kwh"],
                                 **link_kernel_inputs(w, links))
        bits = r["reason_code"]
        ok = feasible & r["feasible"]
        cost = orb["cost_usd_per_gpu_h"] + r["isl_usd_per_gpu_h"] + r["ground_link_usd_per_gpu_h"]
        pre = f"workload_{name}_"
        out[pre + "orbital_cost_usd_per_gpu_h"] = jnp.where(ok, cost, jnp.nan)
        out[pre + "isl_usd_per_gpu_h"] = r["isl_usd_per_gpu_h"]
        out[pre + "ground_link_usd_per_gpu_h"] = r["ground_link_usd_per_gpu_h"]
        out[pre + "isl_required_gbps"] = r["isl_required_gbps"]
        out[pre + "terminal_capacity_gbps"] = r["terminal_capacity_gbps"]
        out[pre + "isl_terminal_count"] = r["isl_terminal_count"]
        out[pre + "gateway_count"] = r["gateway_count"]
        out[pre + "latency_target_ms"] = jnp.asarray(w.latency_target_ms, dtype=jnp.float64)
        out[pre + "feasible"] = ok
        out[pre + "reason_code"] = reason | bits
    return out
# --- end of the economics wiring


def _illumination(s: Scenario, method: str):
    """(sunlit fraction, longest eclipse [s], inclination [deg], reason bits)."""
    o, env = s.orbit, s.environment
    bits = jnp.int32(0)
    if o.orbit_type == "sun_synchronous":
        if method == "table":
            table = sso_illumination_table()
            sunlit, eclipse_s, _ = annual_sso_illumination_interp(
                table, o.altitude_km, o.ltan_h, shadow_atmosphere_height_km=env.shadow_atmosphere_height_km,
                tropical_year_days=env.tropical_year_days)
            ok, _ = sso_illumination_table_feasibility(table, o.altitude_km, o.ltan_h,
                                                       env.shadow_atmosphere_height_km, env.tropical_year_days)
            bits = jnp.where(ok, 0, _TABLE_REASON_BIT).astype(jnp.int32)
        else:
            sunlit, eclipse_s, _ = annual_sso_illumination(
                o.altitude_km, o.ltan_h, shadow_atmosphere_height_km=env.shadow_atmosphere_height_km,
                tropical_year_days=env.tropical_year_days)
        inc = sun_synchronous_inclination_deg(o.altitude_km, env.tropical_year_days)
    else:
        sunlit, eclipse_s, _ = annual_illumination(
            o.altitude_km, o.inclination_deg, o.raan_deg,
            shadow_atmosphere_height_km=env.shadow_atmosphere_height_km)
        inc = o.inclination_deg
    return sunlit, eclipse_s, inc, bits


def _check_illumination(illumination: str) -> str:
    if illumination not in ILLUMINATION_METHODS:
        raise ValueError(f"illumination = {illumination!r} is not one of the valid names: "
                         f"{', '.join(map(repr, ILLUMINATION_METHODS))}")
    return illumination


def evaluate(scenario: Scenario, illumination: str = "table",
             reference_cost_usd_per_gpu_h=None, workloads=None, comm_links=None,
             latency: bool = False) -> dict[str, jax.Array]:
    """Evaluate the full chain for one scenario (see the module docstring for
    the output keys).  Pure JAX: jit/vmap/grad clean.

    Called on concrete values (a library user's loop over scenarios) it runs
    a compiled copy of the chain, cached on the scenario's static structure
    (its pytree definition: categorical fields, site names), the
    ``illumination`` method and whether a reference cost is given: the first
    call per structure runs op by op, the second compiles (10-30 s on two
    cores), later ones take a few milliseconds instead of the ~0.1-4 s of
    op-by-op dispatch (``benchmarks/bench_engine.py`` section [5]).  Results agree
    with op-by-op evaluation to rounding (measured: at most 1 ulp).  Under
    ``jit``/``vmap``/``grad`` (any leaf a tracer) the chain is traced inline.

    Parameters
    ----------
    scenario : Scenario
        One design (or, under ``vmap``, a batch).
    illumination : {"table", "direct"}, optional
        Annual illumination of sun-synchronous orbits from the stored table
        (default, fast) or from the direct kernel (static; see the module
        notes).  Inclined orbits always use the direct kernel.
    reference_cost_usd_per_gpu_h : array_like, optional
        A price or cost per GPU-hour to break even against besides the sites
        (e.g. a rental price): adds ``reference_breakeven_price_usd_per_kg``,
        ``reference_breakeven_unclipped_usd_per_kg``, ``reference_breakeven_exists``
        and ``reference_breakeven_date_yr`` from the same break-even kernel.
    workloads : dict of {str: WorkloadParams}, optional
        Workload classes (default: the scenario's, ``scenario.workloads``, else
        every entry of ``models/workloads.toml``).
        Adds per workload ``w``: ``workload_<w>_orbital_cost_usd_per_gpu_h``
        (orbital cost + ``workload_<w>_isl_usd_per_gpu_h`` +
        ``workload_<w>_ground_link_usd_per_gpu_h``; NaN when infeasible),
        ``workload_<w>_isl_required_gbps`` (per satellite),
        ``workload_<w>_terminal_capacity_gbps``, ``workload_<w>_isl_terminal_count``,
        ``workload_<w>_gateway_count``, ``workload_<w>_latency_target_ms``,
        ``workload_<w>_feasible`` and ``workload_<w>_reason_code`` (the design's
        bits plus `orbitalcompute.core.workloads.WORKLOAD_REASON_CODES`).
    comm_links : CommLinkParams, optional
        Optical terminals and gateways (default: the scenario's, ``scenario.comm_links``,
        else ``models/comm_links.toml [default]``).
    latency : bool, optional
        Add the latency outputs of
        `orbitalcompute.latency.table.latency_outputs` (static): RTT
        percentiles from each user region to the cluster, with the access
        overhead, interpolated in the stored table; share of demand within
        20/50/100 ms; fibre RTT from each region to every site.  Sweeps ask
        for them with ``function = "pipeline_latency"`` (`evaluate_with_latency`).
    """
    _check_illumination(illumination)
    if workloads is None and comm_links is None:  # the catalogue's: cacheable by structure
        fast = _compiled_call(scenario, illumination, reference_cost_usd_per_gpu_h, bool(latency))
        if fast is not None:
            return fast
    return _evaluate_traced(scenario, illumination, reference_cost_usd_per_gpu_h, workloads, comm_links,
                            bool(latency))


def _is_traced(leaves) -> bool:
    return any(isinstance(x, jax.core.Tracer) for x in leaves)


#: concrete calls with one static structure after which `evaluate` compiles it.
#: 1: the first call compiles.  Measured on 2 cores (default scenario, no disk cache):
#: the compile and first call take 11 s against 14 s for one call op by op, and with the
#: persistent compilation cache (the CLI's, `orbitalcompute.cli._compile_cache`) a later
#: process reuses the compiled code.  2 would run the first call op by op.
COMPILE_AFTER_CALLS = 1
_CALLS: dict = {}


@functools.lru_cache(maxsize=64)
def _compiled(treedef, illumination: str, has_reference: bool, packed: bool, latency: bool = False):
    """``jax.jit`` of the chain for one static structure.  ``packed``: the numeric
    leaves arrive as one float64 vector (one host->device transfer instead of one
    per leaf: the per-call cost of ~170 Python floats)."""
    def run(leaves, ref):
        if packed:
            leaves = list(jnp.unstack(leaves)) if leaves.shape[0] else []
        sc = jax.tree_util.tree_unflatten(treedef, leaves)
        return _evaluate_traced(sc, illumination, ref if has_reference else None, latency=latency)

    return jax.jit(run)


def _compiled_call(scenario, illumination, reference, latency: bool = False):
    """The cached compiled evaluation, or ``None`` when tracing (then inline)."""
    leaves, treedef = jax.tree_util.tree_flatten(scenario)
    if _is_traced(leaves) or isinstance(reference, jax.core.Tracer):
        return None
    packed = all(type(x) is float or (isinstance(x, (np.floating, np.ndarray)) and np.ndim(x) == 0
                                      and np.asarray(x).dtype == np.float64) for x in leaves)
    key = (treedef, illumination, reference is not None, packed, latency)
    seen = _CALLS.get(key, 0)
    if seen < COMPILE_AFTER_CALLS - 1:  # a one-off call: op by op is cheaper than a compile
        if len(_CALLS) > 4096:  # many one-off structures: forget them
            _CALLS.clear()
        _CALLS[key] = seen + 1
        return None
    fn = _compiled(*key)
    args = np.asarray(leaves, dtype=np.float64) if packed else leaves
    ref = None if reference is None else jnp.asarray(reference, dtype=jnp.float64)
    return fn(args, ref)


def _evaluate_traced(scenario: Scenario, illumination: str, reference_cost_usd_per_gpu_h,
                     workloads=None, comm_links=None, latency: bool = False, mask: bool = True):
    """The chain itself (see `evaluate`); traced inline by every caller."""
    s = apply_trajectories(scenario)  # inputs that follow the launch year, at that year
    sunlit, eclipse_s, inc, illum_bits = _illumination(s, illumination)
    d = design_kernel(design_params(s), dose_table(), sunlit, eclipse_s, s.orbit.altitude_km, inc)

    # --- launch
    lp = s.launch
    if lp.price_model == "curve":
        price = curve_price_usd_per_kg(lp.curve, lp.launch_date_yr)
        last = lp.curve.horizon_date_yr if lp.curve.horizon_date_yr is not None else lp.curve.end_date_yr
        in_validity = lp.launch_date_yr >= lp.curve.start_date_yr
        if last is not None:
            in_validity = in_validity & (lp.launch_date_yr <= last)
    else:
        in_validity = jnp.bool_(True)
        price = jnp.asarray(lp.price_usd_per_kg, dtype=jnp.float64)
    payload = lp.vehicle.payload_sso_kg if lp.destination == "sso" else lp.vehicle.payload_leo_kg
    n_launch = launches_needed_kernel(lp.satellite_count, d.total_mass_kg, payload)
    if lp.billing == "full_vehicle":
        billed = n_launch * payload / lp.satellite_count
    else:
        billed = d.total_mass_kg
    fits = d.total_mass_kg <= payload

    # --- orbital
    okw = orbital_cost_inputs(s, d, billed)
    orb = _costs.orbital_cost(launch_price_usd_per_kg=price, **okw)
    life_h = lifetime_gpu_hours(d.gpu_count, d.lifetime_yr, d.goodput_fraction, s.finance.utilisation, 0.0)
    orb_co2 = _costs.orbital_carbon_kgco2_per_gpu_h(billed, s.carbon.launch_kgco2_per_kg, d.total_mass_kg,
                                                   s.carbon.manufacturing_kgco2_per_kg, life_h)

    # --- terrestrial, per site
    names = list(s.sites)
    terr = {n: _costs.terrestrial_cost(**kw) for n, kw in site_cost_inputs(s, d).items()}
    # a wait for grid power beyond the orbital side's, as deferred revenue (0 unless site power follows the year)
    terr = {n: _costs.with_deferred_revenue(t, deferred_revenue(s, s.sites[n])) for n, t in terr.items()}
    terr_cost = jnp.stack([terr[n]["cost_usd_per_gpu_h"] for n in names])
    be = breakeven_kernel(okw, terr_cost, lp.curve)

    feasible = d.feasible & fits & in_validity & jnp.isfinite(orb["cost_usd_per_gpu_h"]) & jnp.all(jnp.isfinite(terr_cost))
    reason = (d.reason_code.astype(jnp.int32) | illum_bits
              | jnp.where(fits, 0, 128).astype(jnp.int32)
              | jnp.where(in_validity, 0, 1024).astype(jnp.int32)
              | jnp.where(jnp.isfinite(orb["cost_usd_per_gpu_h"]) & jnp.all(jnp.isfinite(terr_cost)),
                          0, 256).astype(jnp.int32))
    nan_if_bad = _Masked  # NaN where infeasible: applied once, at the end (or by the caller)

    out = {
        "mean_sunlit_fraction": sunlit, "longest_eclipse_s": eclipse_s,
        "gpu_count": d.gpu_count, "it_power_w": d.it_power_w, "satellite_mass_kg": d.total_mass_kg,
        "lifetime_yr": d.lifetime_yr, "goodput_fraction": d.goodput_fraction,
        "launch_price_usd_per_kg": price, "launch_count": n_launch, "billed_mass_kg": billed,
        "orbital_cost_usd_per_gpu_h": nan_if_bad(orb["cost_usd_per_gpu_h"]),
        "orbital_capex_usd_per_w": nan_if_bad(orb["capex_usd_per_w"]),
        "orbital_energy_usd_per_kwh": nan_if_bad(orb["energy_usd_per_kwh"]),
        "orbital_launched_power_usd_per_kw_yr": nan_if_bad(orb["launched_power_usd_per_kw_yr"]),
        "orbital_carbon_kgco2_per_gpu_h": nan_if_bad(orb_co2),
        "orbital_capex_usd": nan_if_bad(orb["capex_usd"]),
        "orbital_free_launch_cost_usd_per_gpu_h": nan_if_bad(be["free_launch_cost_usd_per_gpu_h"]),
    }
    for k in DESIGN_OUTPUTS + ("dose_rad_si_per_yr", "checkpoint_goodput_fraction"):
        out.setdefault(k, getattr(d, k))
    for k, v in orb["breakdown_usd_per_gpu_h"].items():
        out[f"orbital_{k}_usd_per_gpu_h"] = nan_if_bad(v)
    for i, n in enumerate(names):
        t = terr[n]
        out[f"site_{n}_cost_usd_per_gpu_h"] = t["cost_usd_per_gpu_h"]
        for k, v in t["breakdown_usd_per_gpu_h"].items():
            out[f"site_{n}_{k}_usd_per_gpu_h"] = v
        out[f"site_{n}_energy_usd_per_kwh"] = t["energy_usd_per_kwh"]
        out[f"site_{n}_carbon_kgco2_per_gpu_h"] = _costs.terrestrial_carbon_kgco2_per_gpu_h(
            t["energy_kwh_per_gpu_h"], s.sites[n].grid_intensity_kgco2_per_kwh)
        out[f"site_{n}_breakeven_price_usd_per_kg"] = nan_if_bad(be["price_usd_per_kg"][i])
        out[f"site_{n}_breakeven_unclipped_usd_per_kg"] = nan_if_bad(be["unclipped_price_usd_per_kg"][i])
        out[f"site_{n}_breakeven_exists"] = be["exists"][i] & feasible
        out[f"site_{n}_breakeven_date_yr"] = nan_if_bad(be["date_yr"][i])
    best = jnp.argmin(terr_cost)
    out["terrestrial_cost_min_usd_per_gpu_h"] = terr_cost[best]
    out["cost_ratio"] = nan_if_bad(orb["cost_usd_per_gpu_h"] / terr_cost[best])
    out["breakeven_price_usd_per_kg"] = nan_if_bad(be["price_usd_per_kg"][best])
    out["breakeven_unclipped_usd_per_kg"] = nan_if_bad(be["unclipped_price_usd_per_kg"][best])
    out["breakeven_exists"] = be["exists"][best] & feasible
    out["breakeven_date_yr"] = nan_if_bad(be["date_yr"][best])
    h100e = h100_equivalent_factor(s)  # delivered work of one GPU-hour in H100 GPU-hours
    out["h100_equivalent_factor"] = jnp.asarray(h100e, dtype=jnp.float64)  # an array like every output
    out["orbital_cost_h100e_usd_per_gpu_h"] = _Masked(out["orbital_cost_usd_per_gpu_h"].value / h100e)
    out["terrestrial_cost_min_h100e_usd_per_gpu_h"] = terr_cost[best] / h100e
    if reference_cost_usd_per_gpu_h is not None:
        rb = breakeven_kernel(okw, jnp.asarray(reference_cost_usd_per_gpu_h, dtype=jnp.float64), lp.curve)
        out["reference_breakeven_price_usd_per_kg"] = nan_if_bad(rb["price_usd_per_kg"])
        out["reference_breakeven_unclipped_usd_per_kg"] = nan_if_bad(rb["unclipped_price_usd_per_kg"])
        out["reference_breakeven_exists"] = rb["exists"] & feasible
        out["reference_breakeven_date_yr"] = nan_if_bad(rb["date_yr"])
    out.update(demand_outputs(s, orb, terr, feasible, nan_if_bad=nan_if_bad))  # NPV, IRR, payback
    out.update(workload_outputs(s, d, orb, price, feasible, reason, workloads, comm_links))
    if latency:
        from .latency.table import latency_outputs

        out.update(latency_outputs(s, inc))
    out["feasible"] = feasible
    out["reason_code"] = reason
    masked = tuple(k for k, v in out.items() if isinstance(v, _Masked))
    out = {k: v.value if isinstance(v, _Masked) else v for k, v in out.items()}
    if not mask:
        return out, masked
    return apply_mask(out, masked, feasible)


class _Masked:
    """An output that is NaN where the design is infeasible (marker; see
    `evaluate_unmasked`)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def apply_mask(out: dict, masked, feasible) -> dict:
    """``out`` with NaN where not ``feasible`` in the ``masked`` outputs."""
    masked = set(masked)
    return {k: jnp.where(feasible, v, jnp.nan) if k in masked else v for k, v in out.items()}


def evaluate_unmasked(scenario: Scenario, illumination: str = "table",
                      reference_cost_usd_per_gpu_h=None, workloads=None, comm_links=None,
                      latency: bool = False):
    """``(outputs, masked)``: `evaluate` before its NaN masking, and the
    names of the outputs it masks with ``feasible`` (``apply_mask(outputs,
    masked, outputs["feasible"])`` is `evaluate`, bit for bit).

    The sweep engine calls this and masks once, after the vmapped chain: under
    XLA's fusion the masking inside each output recomputes the feasibility
    test (and what it depends on) per output (issue 15).
    """
    _check_illumination(illumination)
    return _evaluate_traced(scenario, illumination, reference_cost_usd_per_gpu_h, workloads,
                            comm_links, bool(latency), mask=False)


evaluate.unmasked = evaluate_unmasked  # the engine's masking protocol (engine/evaluate.py)


def evaluate_with_latency(scenario: Scenario, illumination: str = "table") -> dict[str, jax.Array]:
    """`evaluate` with the latency outputs (``latency=True``): the function a
    sweep file names as ``function = "pipeline_latency"``."""
    return evaluate(scenario, illumination, latency=True)


@functools.lru_cache(maxsize=None)
def _value_and_grad(output: str, illumination: str = "table"):
    """Jitted ``scenario -> (value, {dotted path: gradient})`` (cached per output)."""
    _check_illumination(illumination)
    return jax.jit(lambda sc: _ad.value_and_gradients(lambda x: evaluate(x, illumination)[output], sc))


def gradients(scenario: Scenario, output: str = "orbital_cost_usd_per_gpu_h",
              illumination: str = "table") -> dict[str, jax.Array]:
    """``{dotted path: d output / d leaf}`` for every numeric leaf (reverse mode, jitted;
    `orbitalcompute.core.autodiff.value_and_gradients`)."""
    return _value_and_grad(output, illumination)(scenario)[1]


def elasticities(scenario: Scenario, output: str = "orbital_cost_usd_per_gpu_h",
                 illumination: str = "table") -> dict[str, jax.Array]:
    r"""``{dotted path: (x/y) dy/dx}`` of one output with respect to every numeric
    leaf of the scenario, by reverse-mode autodiff (zero-valued leaves give 0).

    $$\varepsilon_i = \frac{x_i}{y}\,\frac{\partial y}{\partial x_i}$$
    """
    y, g = _value_and_grad(output, illumination)(scenario)
    return _ad.elasticities_from_gradients(y, g, scenario)


@functools.lru_cache(maxsize=16)
def _outputs_and_jacobian(outputs: tuple, illumination: str):
    """Jitted ``scenario -> (every output, (K,) values of outputs, gradients with a leading K axis)``:
    one forward pass and one reverse pass per output, vectorised (``vmap`` of the VJP)."""
    def run(sc):
        def fn(x):
            out = evaluate(x, illumination)
            return jnp.stack([out[o] for o in outputs]), out

        y, vjp, out = jax.vjp(fn, sc, has_aux=True)
        (g,) = jax.vmap(vjp)(jnp.eye(len(outputs), dtype=y.dtype))
        return out, y, g

    return jax.jit(run)


def evaluate_with_elasticities(scenario: Scenario, outputs, illumination: str = "table"):
    r"""Every output of `evaluate` and, for each of ``outputs``, its elasticities
    ``{dotted path: (x/y) dy/dx}`` (as `elasticities`), from ONE compiled call.

    For a report that needs the values and the elasticities of several costs: one
    compile and one forward pass instead of one per output.

    Returns
    -------
    (dict, dict)
        ``({output: value}, {output: {path: elasticity}})``.
    """
    _check_illumination(illumination)
    outputs = tuple(outputs)
    out, y, g = _outputs_and_jacobian(outputs, illumination)(scenario)
    # the (x / y) dy/dx arithmetic on host copies: the same IEEE operations as on
    # device, without thousands of one-element dispatches
    y = np.asarray(y)
    g = jax.tree_util.tree_map(np.asarray, g)
    x = jax.tree_util.tree_map(np.asarray, scenario)
    el = {}
    for k, o in enumerate(outputs):
        gk = _ad.leaves_by_path(jax.tree_util.tree_map(lambda a, k=k: a[k], g))
        el[o] = _ad.elasticities_from_gradients(y[k], gk, x)
    return out, el
