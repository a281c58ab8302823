r"""Time trajectories: what moves with the launch year, mapped onto a scenario.

A scenario's ``trajectories`` component (``models/trajectories.toml``; ``None``
leaves every input at its catalogue value) says which inputs follow the
calendar.  `apply_trajectories` returns the scenario with those inputs
set to their value in the scenario's year, ``launch.launch_date_yr``; it is
pure JAX and is the first step of `orbitalcompute.pipeline.evaluate`, so a
year is one more numeric leaf that ``jit``, ``vmap`` and ``grad`` reach, and
there is no second cost path.

| trajectory | what it sets | kernel (`orbitalcompute.core.trajectories`) |
|---|---|---|
| launch price | the launch curve itself (``launch.curve``, ``models/launch_curves.toml``), priced by year | `curve_price_usd_per_kg` (`orbitalcompute.core.launch_curves`) |
| satellite learning | ``costs.prior_satellite_count``: satellites the manufacturer has built by the launch year (Wright learning of the unit cost, `core.costs`) | `cumulative_units_built` |
| site power | each site's electricity price and time to power in the year; the wait beyond the orbital side's priced as deferred revenue at ``finance.rental_price_usd_per_gpu_h`` | `escalated_value`, `time_to_power_at_yr_months`, `deferred_revenue_usd_per_gpu_h` |
| accelerators | ``gpu``: the newest generation available in the year, on both sides (``models/gpu_roadmaps.toml``) | `generation_index` |

Each is switched by a categorical field (static: changing it recompiles), so
`orbitalcompute.analysis.when` can apply them together or one at a time.
"""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp

from . import catalog
from .catalog import category, component, parameter_set, quantity
from .core import trajectories as _tk
from .economics import terrestrial as _terr
from .validation import check_choice

__all__ = ["TrajectoryParams", "SitePowerTrajectoryParams", "GpuGenerationParams", "GpuRoadmapEntryParams",
           "gpu_roadmap_names", "h100_equivalent_factor",
           "trajectory_names", "site_power_trajectory", "gpu_roadmap", "apply_trajectories",
           "deferred_revenue", "SITE_POWER_DEFAULT"]

#: Entry of ``models/site_power_trajectories.toml`` used for a site it does not name.
SITE_POWER_DEFAULT = "default"


@parameter_set
class SitePowerTrajectoryParams:
    """How a terrestrial site's power changes with the year it is built in."""

    electricity_price_growth_per_yr: float = quantity(
        "1/yr", gt=-1, lt=1, doc="Real escalation of the site's electricity price per year (fraction)")
    time_to_power_change_months_per_yr: float = quantity(
        "months/yr", ge=-24, le=24, doc="Change per year of the wait for grid power (queue growth)")


@parameter_set
class GpuGenerationParams:
    """One accelerator generation on a roadmap."""

    available_from_yr: float = quantity("yr", ge=2000, le=2100, doc="First year it can be bought in volume")
    gpu: object = component(doc="the accelerator (models/gpus.toml)")


@parameter_set
class TrajectoryParams:
    """Which inputs follow the calendar, and how (``models/trajectories.toml``)."""

    satellite_learning: str = category(("off", "production"),
                                       doc="'production': satellites built by the launch year set the Wright learning")
    production_anchor_yr: float = quantity("yr", ge=1957, le=2100, doc="Year at which costs.prior_satellite_count satellites had been built")
    production_units_per_yr: float = quantity("1/yr", ge=0, doc="Satellites the manufacturer builds per year")
    site_power: str = category(("off", "escalating"),
                               doc="'escalating': electricity price and time to power follow the year")
    sites_base_yr: float = quantity("yr", ge=1957, le=2100, doc="Year the site catalogue's prices and waits hold")
    gpu_roadmap: str = category(doc="'off', or a roadmap of models/gpu_roadmaps.toml: the newest generation "
                                    "available in the launch year, on both sides")
    reference_serving_tokens_per_gpu_h: float = quantity(
        "1/(GPU h)", gt=0, doc="Throughput of the H100 reference: cost per H100-equivalent GPU-hour = cost per GPU-hour / (throughput / this)")
    valid_to_yr: float = quantity("yr", ge=1957, le=2100, doc="Last year the trajectories are trusted (the analysis horizon)")
    sites: dict | None = component(default=None, doc="{site name: SitePowerTrajectoryParams} (filled by the scenario)")
    generations: dict | None = component(default=None, doc="{name: GpuGenerationParams} sorted by year (filled by the scenario)")


def trajectory_names() -> list[str]:
    """Entries of ``models/trajectories.toml``."""
    return catalog.names("trajectories")


def site_power_trajectory(site: str):
    """``(params, provenance, entry name)`` of a site's power trajectory; a site
    the file does not name gets its ``default`` entry."""
    names = catalog.names("site_power_trajectories")
    name = site if site in names else SITE_POWER_DEFAULT
    e = catalog.entry("site_power_trajectories", name)
    return e.params, e.provenance, name


@parameter_set
class GpuRoadmapEntryParams:
    """One row of ``models/gpu_roadmaps.toml``: a generation of a named roadmap."""

    roadmap: str = category(doc="roadmap the row belongs to")
    gpu_model: str = category(doc="entry of models/gpus.toml")
    available_from_yr: float = quantity("yr", ge=2000, le=2100, doc="First year it can be bought in volume")


def gpu_roadmap_names() -> list[str]:
    """Roadmaps named in ``models/gpu_roadmaps.toml``."""
    return sorted({catalog.load("gpu_roadmaps", n).roadmap for n in catalog.names("gpu_roadmaps")})


def gpu_roadmap(name: str):
    """``({generation: GpuGenerationParams}, provenance)`` of a roadmap in
    ``models/gpu_roadmaps.toml``, sorted by availability year."""
    check_choice("gpu roadmap", name, gpu_roadmap_names())
    gens, prov = {}, {}
    for row in catalog.names("gpu_roadmaps"):
        e = catalog.entry("gpu_roadmaps", row)
        if e.params.roadmap != name:
            continue
        ge = catalog.entry("gpus", e.params.gpu_model)
        gens[row] = GpuGenerationParams(available_from_yr=e.params.available_from_yr, gpu=ge.params)
        prov[f"{row}.available_from_yr"] = e.provenance["available_from_yr"]
        for k, p in ge.provenance.items():
            prov[f"{row}.gpu.{k}"] = p
    gens = dict(sorted(gens.items(), key=lambda kv: kv[1].available_from_yr))
    return gens, prov


def _select_gpu(tr: TrajectoryParams, date_yr):
    gens = list((tr.generations if tr.generations is not None else gpu_roadmap(tr.gpu_roadmap)[0]).values())
    years = jnp.stack([jnp.asarray(g.available_from_yr, dtype=jnp.float64) for g in gens])
    idx = _tk.generation_index(date_yr, years)
    stacked = jax.tree_util.tree_map(lambda *xs: jnp.stack([jnp.asarray(x, dtype=jnp.float64) for x in xs]),
                                     *[g.gpu for g in gens])
    return jax.tree_util.tree_map(lambda a: a[idx], stacked)


def apply_trajectories(s):
    """The scenario with every switched-on trajectory evaluated at
    ``s.launch.launch_date_yr`` (pure JAX; ``s`` unchanged when
    ``s.trajectories`` is ``None``).  See the module table."""
    tr = s.trajectories
    if tr is None:
        return s
    year = s.launch.launch_date_yr
    if tr.satellite_learning == "production":
        n = _tk.cumulative_units_built(year, tr.production_anchor_yr, s.costs.prior_satellite_count,
                                       tr.production_units_per_yr)
        s = dataclasses.replace(s, costs=s.costs.replace(prior_satellite_count=n))
    if tr.site_power == "escalating":
        sites = {}
        for name, site in s.sites.items():
            # a catalogue entry swapped in whole (a sweep's categorical axis) has no per-site
            # table yet: read the site's own (static, at trace time)
            st = tr.sites[name] if tr.sites is not None and name in tr.sites else site_power_trajectory(name)[0]
            sites[name] = site.replace(
                electricity_price_usd_per_kwh=_tk.escalated_value(
                    site.electricity_price_usd_per_kwh, st.electricity_price_growth_per_yr, year, tr.sites_base_yr),
                time_to_power_months=_tk.time_to_power_at_yr_months(
                    site.time_to_power_months, st.time_to_power_change_months_per_yr, year, tr.sites_base_yr))
        s = dataclasses.replace(s, sites=sites)
    if tr.gpu_roadmap != "off":
        s = dataclasses.replace(s, gpu=_select_gpu(tr, year))
    return s


def deferred_revenue(s, site) -> jax.Array:
    """Deferred revenue [USD per delivered GPU-hour] of a site whose power comes
    later than the orbital side's (``costs.time_to_power_months``); zero unless
    ``s.trajectories.site_power`` is on."""
    tr = s.trajectories
    if tr is None or tr.site_power != "escalating":
        return jnp.float64(0.0)
    return _terr.deferred_revenue_usd_per_gpu_h(site, s.finance, s.costs.time_to_power_months)


def h100_equivalent_factor(s) -> jax.Array:
    """Delivered work of one GPU-hour of ``s.gpu`` in H100 GPU-hours (serving
    tokens per GPU-hour / the reference's); 1 without trajectories."""
    tr = s.trajectories
    if tr is None:
        return jnp.float64(1.0)
    return s.gpu.serving_tokens_per_gpu_h / tr.reference_serving_tokens_per_gpu_h
