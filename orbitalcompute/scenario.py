"""Scenarios: one orbital cluster against a set of terrestrial sites, as a
single nested, differentiable parameter pytree.

A [`Scenario`][orbitalcompute.scenario.Scenario] bundles every input of [`orbitalcompute.pipeline.evaluate`][orbitalcompute.pipeline.evaluate].
Its numeric leaves are addressed by dotted paths (what the design-space engine
sweeps and what [`orbitalcompute.pipeline.elasticities`][orbitalcompute.pipeline.elasticities] reports):

| component | type (catalogue file) | example dotted path |
|---|---|---|
| ``orbit`` | [`OrbitParams`][orbitalcompute.orbit.OrbitParams] (``orbits.toml``) | ``orbit.altitude_km`` |
| ``environment`` | ``EnvironmentParams`` (``environment.toml``) | ``environment.solar_constant_w_per_m2`` |
| ``spacecraft`` | ``SpacecraftParams`` (``spacecraft.toml``) | ``spacecraft.radiator_temperature_k`` |
| ``gpu`` | ``GpuParams`` (``gpus.toml``) | ``gpu.unit_price_usd`` |
| ``cells`` | ``SolarCellParams`` (``solar_cells.toml``) | ``cells.efficiency`` |
| ``battery`` | ``BatteryParams`` (``batteries.toml``) | |
| ``radiator`` | ``RadiatorParams`` (``radiators.toml``) | |
| ``radiation`` | ``RadiationParams`` (``radiation.toml``) | |
| ``launch`` | [`LaunchParams`][orbitalcompute.economics.params.LaunchParams] (scenario file) with ``launch.vehicle`` (``launch_vehicles.toml``) and ``launch.curve`` (``launch_curves.toml``) | ``launch.price_usd_per_kg``, ``launch.launch_date_yr``, ``launch.vehicle.payload_sso_kg``, ``launch.curve.learning_rate`` |
| ``finance`` | ``FinanceParams`` (``finance.toml``) | ``finance.wacc`` |
| ``costs`` | ``CostLawParams`` (``cost_laws.toml``) | ``costs.satellite_usd_per_kg`` |
| ``carbon`` | ``CarbonParams`` (``carbon.toml``) | ``carbon.launch_kgco2_per_kg`` |
| ``sites`` | ``dict[str, SiteParams]`` (``sites.toml``) | ``sites.abilene_tx.electricity_price_usd_per_kwh`` |
| ``trajectories`` | ``TrajectoryParams`` (``trajectories.toml``) or ``None`` | ``trajectories.sites.northern_virginia.electricity_price_growth_per_yr`` |
| ``workloads`` | ``dict[str, WorkloadParams]`` (``workloads.toml``) | ``workloads.training_sync.scale_out_per_gpu_gbps`` |
| ``comm_links`` | ``CommLinkParams`` (``comm_links.toml``) | ``comm_links.formation_spacing_km`` |

Scenario files live in ``models/scenarios/<name>.toml``:

    [scenario]
    description = "..."
    orbit = "orbits/dawn_dusk_sso_650"        # kind/entry of the catalogue
    environment = "environment/earth"
    spacecraft = "spacecraft/h100_sat_650"    # its gpu/cells/battery/radiator/radiation
                                              # model names pick those components,
    cells = "solar_cells/silicon"             # unless the scenario names one
    finance = "finance/default"
    costs = "cost_laws/default"
    carbon = "carbon/starship"
    sites = "all"                             # or ["sites/memphis_tn", ...]
    workloads = "all"                         # optional; or ["workloads/batch", ...]
    comm_links = "comm_links/default"         # optional (this is the default)

    [launch]
    vehicle = "launch_vehicles/starship"
    curve = "launch_curves/suncatcher_learning"  # dated: family cadence or log_linear
    price_model = "curve"                     # or "fixed" (uses price_usd_per_kg)
    billing = "per_kg"                        # or "full_vehicle"
    destination = "sso"                       # or "leo"
    price_usd_per_kg = {value = 200.0, source = "...", date = "..."}
    launch_date_yr = {value = 2030.0, source = "...", date = "..."}
    satellite_count = {value = 81.0, source = "...", date = "..."}

    [overrides]                               # optional: any numeric dotted path
    "spacecraft.gpu_count" = {value = 64.0, source = "..."}

Every override and launch value needs a ``source`` (a plain number is refused),
so a scenario is as traceable as the catalogue.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import jax
import numpy as np

from . import catalog
from .catalog import Parameter, category, component, parameter_set
from .core.autodiff import path_of
from .core.launch_curves import DATED_FAMILIES
from .economics.params import (CarbonParams, CostLawParams, FinanceParams, LaunchParams,
                               SiteParams)
from .economics.workloads import CommLinkParams
from .environment import EnvironmentParams
from .orbit import OrbitParams
from .trajectories import TrajectoryParams, gpu_roadmap, site_power_trajectory
from .spacecraft.params import (BatteryParams, GpuParams, RadiationParams, RadiatorParams,
                                SolarCellParams, SpacecraftParams)
from .validation import check_choice

__all__ = ["Scenario", "load_scenario", "curve_validity_yr", "check_curve_date", "scenario_names", "scenario_provenance", "scenario_dir",
           "scenario_dirs", "scenario_file", "overriding",
           "design_params", "with_path", "numeric_paths"]

_SPACECRAFT_COMPONENTS = {"gpu": ("gpus", "gpu_model"), "cells": ("solar_cells", "cell_model"),
                          "battery": ("batteries", "battery_model"),
                          "radiator": ("radiators", "radiator_model"),
                          "radiation": ("radiation", "radiation_model")}
_SCENARIO_KEYS = {"description", "orbit", "environment", "spacecraft", "finance", "costs", "carbon",
                  "sites", "trajectories", "workloads", "comm_links", *_SPACECRAFT_COMPONENTS}
_LAUNCH_KEYS = {"vehicle", "curve", "price_model", "billing", "destination", "price_usd_per_kg",
                "launch_date_yr", "satellite_count"}


@parameter_set
class Scenario:
    """Every input of the orbital-vs-terrestrial pipeline (a JAX pytree)."""

    orbit: OrbitParams = component(doc="circular orbit")
    environment: EnvironmentParams = component(doc="solar constant, Earth IR, albedo")
    spacecraft: SpacecraftParams = component(doc="satellite design choices")
    gpu: GpuParams = component(doc="accelerator (power, mass, price, radiation)")
    cells: SolarCellParams = component(doc="solar array technology")
    battery: BatteryParams = component(doc="battery technology")
    radiator: RadiatorParams = component(doc="radiator")
    radiation: RadiationParams = component(doc="GCR/SPE dose allowance")
    launch: LaunchParams = component(doc="launch price, vehicle, curve, satellites")
    finance: FinanceParams = component(doc="WACC, lives, utilisation (both sides)")
    costs: CostLawParams = component(doc="satellite cost laws and operations")
    carbon: CarbonParams = component(doc="launch emission factor")
    sites: dict = component(doc="terrestrial sites by name: {name: SiteParams}")
    trajectories: TrajectoryParams | None = component(
        default=None, doc="what follows the launch year (trajectories.toml); None: nothing but the launch curve")
    workloads: dict | None = component(
        default=None, doc="workload classes by name: {name: WorkloadParams} (workloads.toml); None: every entry")
    comm_links: CommLinkParams | None = component(
        default=None, doc="optical terminals and gateways (comm_links.toml); None: its default entry")
    name: str = category(default="", doc="scenario name")


def scenario_dir() -> Path:
    """``models/scenarios`` (or the installed ``_models/scenarios``): the shipped scenarios."""
    return catalog.catalog_dir() / "scenarios"


def scenario_dirs() -> list[Path]:
    """Every folder scenarios are looked up in, highest priority first: each
    user catalogue layer's ``scenarios/`` (`orbitalcompute.catalog.set_user_dirs`,
    ``ORBITALCOMPUTE_MODELS``), then the shipped `scenario_dir`."""
    return [d / "scenarios" for d in catalog.catalog_dirs()]


def scenario_names() -> list[str]:
    """Names of the scenario files (shipped and user layers)."""
    return sorted({p.stem for d in scenario_dirs() for p in d.glob("*.toml")})


def scenario_file(name_or_path: str | Path) -> Path:
    """The file of a scenario name (the highest layer that has it) or a path to
    a ``.toml`` file; ``ValueError`` lists the valid names."""
    p = Path(name_or_path)
    if p.suffix == ".toml" and p.is_file():
        return p
    if p.suffix == ".toml":
        raise ValueError(f"scenario file {str(p)!r} does not exist")
    check_choice("scenario", str(name_or_path), scenario_names())
    return next(d / f"{name_or_path}.toml" for d in scenario_dirs() if (d / f"{name_or_path}.toml").is_file())


def _ref(value: Any, key: str, where: str) -> tuple[str, str]:
    if not isinstance(value, str) or value.count("/") != 1:
        raise ValueError(f"{where}: {key} must be 'kind/entry' (e.g. 'orbits/dawn_dusk_sso_650'); "
                         f"got {value!r}")
    kind, name = value.split("/")
    return kind, name


def _sourced_number(raw, key: str, where: str) -> tuple[float, Parameter]:
    if not isinstance(raw, dict) or "value" not in raw or not raw.get("source"):
        raise ValueError(f"{where}: {key} needs an inline table {{value, source, date}}; got {raw!r}")
    unknown = set(raw) - {"value", "source", "date", "low", "high", "distribution", "currency_year",
                          "unit", "note"}
    if unknown:
        raise ValueError(f"{where}: {key}: unknown key {sorted(unknown)[0]!r}")
    v = raw["value"]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"{where}: {key}: value must be a number, got {v!r}")
    from .units import unit_of

    unit = unit_of(key.rsplit(".", 1)[-1]) or "1"
    if "unit" in raw and raw["unit"] != unit:
        raise ValueError(f"{where}: {key}: unit {raw['unit']!r} is wrong; this field is in {unit!r}")
    p = Parameter(name=key, value=float(v), unit=unit, source=str(raw["source"]),
                  date=str(raw.get("date", "")), low=raw.get("low"), high=raw.get("high"),
                  distribution=raw.get("distribution"), currency_year=raw.get("currency_year"),
                  note=raw.get("note"))
    return float(v), p


def _resolve_file(name_or_path: str | Path) -> Path:
    return scenario_file(name_or_path)


def _build(name_or_path) -> tuple[Scenario, dict[str, Parameter]]:
    path = _resolve_file(name_or_path)
    where = path.name
    with open(path, "rb") as fh:
        try:
            doc = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not valid TOML: {exc}") from None
    bad = set(doc) - {"scenario", "launch", "overrides"}
    if bad:
        raise ValueError(f"{where}: unknown table [{sorted(bad)[0]}]; valid: scenario, launch, overrides")
    head, lau = doc.get("scenario", {}), doc.get("launch", {})
    for keys, table, label in ((_SCENARIO_KEYS, head, "scenario"), (_LAUNCH_KEYS, lau, "launch")):
        extra = set(table) - keys
        if extra:
            raise ValueError(f"{where}: [{label}] unknown key {sorted(extra)[0]!r}; valid: "
                             f"{', '.join(sorted(keys))}")
    prov: dict[str, Parameter] = {}

    def entry(component_name: str, default: str | None = None):
        ref = head.get(component_name, default)
        if ref is None:
            raise ValueError(f"{where}: [scenario] needs {component_name} = 'kind/entry'")
        kind, nm = _ref(ref, component_name, where)
        e = catalog.entry(kind, nm)
        for k, p in e.provenance.items():
            prov[f"{component_name}.{k}"] = p
        return e.params

    parts = {c: entry(c, d) for c, d in (("orbit", None), ("environment", "environment/earth"),
                                         ("spacecraft", None), ("finance", "finance/default"),
                                         ("costs", "cost_laws/default"), ("carbon", None))}
    sc = parts["spacecraft"]
    for comp, (kind, field) in _SPACECRAFT_COMPONENTS.items():
        if comp in head:  # the scenario picks the component: keep the model name in step
            ck, cn = _ref(head[comp], comp, where)
            if ck != kind:
                raise ValueError(f"{where}: [scenario] {comp} must be '{kind}/NAME'; got {head[comp]!r}")
            sc = sc.replace(**{field: cn})
        parts[comp] = entry(comp, f"{kind}/{getattr(sc, field)}")
    parts["spacecraft"] = sc
    # country: static field made uniform for stacking
    sites = {n: p.replace(country="") for n, p in _named_entries(head, "sites", where, prov).items()}
    # launch
    for key in ("vehicle", "curve"):
        if key not in lau:
            raise ValueError(f"{where}: [launch] needs {key} = 'kind/entry'")
    vk, vn = _ref(lau["vehicle"], "vehicle", where)
    ck, cn = _ref(lau["curve"], "curve", where)
    ve, ce = catalog.entry(vk, vn), catalog.entry(ck, cn)
    if ce.params.family not in DATED_FAMILIES:
        raise ValueError(f"{where}: [launch] curve must give a price by year (family "
                         f"{' or '.join(map(repr, DATED_FAMILIES))}); {cn!r} is {ce.params.family!r}")
    for k, p in ve.provenance.items():
        prov[f"launch.vehicle.{k}"] = p
    for k, p in ce.provenance.items():
        prov[f"launch.curve.{k}"] = p
    nums = {}
    for key in ("price_usd_per_kg", "launch_date_yr", "satellite_count"):
        if key not in lau:
            raise ValueError(f"{where}: [launch] needs {key} = {{value, source, date}}")
        nums[key], prov[f"launch.{key}"] = _sourced_number(lau[key], key, where)
    launch = LaunchParams(vehicle=ve.params, curve=ce.params, price_model=lau.get("price_model", "fixed"),
                          billing=lau.get("billing", "per_kg"),
                          destination=lau.get("destination", "sso"), **nums)
    if launch.price_model == "curve":
        check_curve_date(ce.params, launch.launch_date_yr, name=f"{where}: launch.launch_date_yr", curve_name=cn)
    traj = _trajectories(head, sites, where, prov)
    workloads, links = _workloads_and_links(head, where, prov)
    if traj is not None and launch.launch_date_yr > traj.valid_to_yr:
        raise ValueError(f"{where}: launch.launch_date_yr = {launch.launch_date_yr:g} is outside the validity "
                         f"of the trajectories: [{launch.curve.start_date_yr:g}, {traj.valid_to_yr:g}] yr")
    scen = Scenario(orbit=parts["orbit"], environment=parts["environment"], spacecraft=sc,
                    gpu=parts["gpu"], cells=parts["cells"], battery=parts["battery"],
                    radiator=parts["radiator"], radiation=parts["radiation"], launch=launch,
                    finance=parts["finance"], costs=parts["costs"], carbon=parts["carbon"],
                    sites=sites, trajectories=traj, workloads=workloads, comm_links=links, name=path.stem)
    for key, raw in doc.get("overrides", {}).items():
        value, p = _sourced_number(raw, key, where)
        try:
            scen = with_path(scen, key, value)
        except (KeyError, AttributeError, TypeError) as exc:
            raise ValueError(f"{where}: [overrides] {key!r} is not a parameter path "
                             f"(see numeric_paths()): {exc}") from None
        prov[key] = p
    scen.validate(where=path.stem)
    active = _OVERRIDING.get()
    if active is not None:
        items, applied = active
        for key, value in items:
            scen = with_path(scen, key, value)
            prov.pop(key, None)
        applied.append(path.stem)
    return scen, prov


_OVERRIDING: contextvars.ContextVar = contextvars.ContextVar("orbitalcompute_overriding", default=None)


@contextlib.contextmanager
def overriding(overrides):
    """Inside this block every scenario loaded (`load_scenario`, `scenario_provenance`)
    has ``overrides`` (``{path: value}`` or ``[(path, value)]``, checked by
    `with_path`) applied; their catalogue provenance is dropped (the value is
    the caller's).  Yields the list of scenario names it was applied to, so
    a caller can tell whether any scenario was loaded at all.

    This is how `orbitalcompute.reproductions.run` changes an assumption of a
    reproduction without each reproduction taking overrides of its own.
    """
    items = list(overrides.items()) if isinstance(overrides, dict) else [tuple(i) for i in overrides]
    applied: list[str] = []
    token = _OVERRIDING.set((items, applied))
    try:
        yield applied
    finally:
        _OVERRIDING.reset(token)


def _named_entries(head: dict, kind: str, where: str, prov: dict) -> dict:
    """``{name: parameter set}`` of ``[scenario] <kind> = "all"`` (default) or a list of
    ``"<kind>/NAME"``, each entry's provenance under ``<kind>.NAME.<field>``."""
    refs = head.get(kind, "all")
    if refs == "all":
        refs = [f"{kind}/{n}" for n in catalog.names(kind)]
    if not isinstance(refs, list) or not refs:
        raise ValueError(f"{where}: [scenario] {kind} must be 'all' or a non-empty list of '{kind}/NAME'")
    out = {}
    for ref in refs:
        k_, nm = _ref(ref, kind, where)
        if k_ != kind:
            raise ValueError(f"{where}: {kind} entries must be '{kind}/NAME'; got {ref!r}")
        e = catalog.entry(kind, nm)
        out[nm] = e.params
        for k, p in e.provenance.items():
            prov[f"{kind}.{nm}.{k}"] = p
    return out


def _workloads_and_links(head: dict, where: str, prov: dict):
    """The scenario's workload classes (``workloads = "all"`` (default) or a list of
    ``"workloads/NAME"``) and communication links (``comm_links = "comm_links/NAME"``,
    default ``"comm_links/default"``), with their provenance."""
    workloads = _named_entries(head, "workloads", where, prov)
    kind, nm = _ref(head.get("comm_links", "comm_links/default"), "comm_links", where)
    if kind != "comm_links":
        raise ValueError(f"{where}: [scenario] comm_links must be 'comm_links/NAME'; got {head['comm_links']!r}")
    e = catalog.entry("comm_links", nm)
    for k, p in e.provenance.items():
        prov[f"comm_links.{k}"] = p
    return workloads, e.params


def _trajectories(head: dict, sites: dict, where: str, prov: dict):
    """The scenario's TrajectoryParams with its per-site power trajectories and
    accelerator roadmap filled in (None when the scenario names none)."""
    ref = head.get("trajectories")
    if ref is None:
        return None
    kind, nm = _ref(ref, "trajectories", where)
    if kind != "trajectories":
        raise ValueError(f"{where}: [scenario] trajectories must be 'trajectories/NAME'; got {ref!r}")
    e = catalog.entry(kind, nm)
    for k, p in e.provenance.items():
        prov[f"trajectories.{k}"] = p
    tr = e.params
    if tr.site_power != "off":
        per_site = {}
        for site in sites:
            sp, sprov, _ = site_power_trajectory(site)
            per_site[site] = sp
            for k, p in sprov.items():
                prov[f"trajectories.sites.{site}.{k}"] = p
        tr = tr.replace(sites=per_site)
    if tr.gpu_roadmap != "off":
        gens, gprov = gpu_roadmap(tr.gpu_roadmap)
        for k, p in gprov.items():
            prov[f"trajectories.generations.{k}"] = p
        tr = tr.replace(generations=gens)
    return tr


def curve_validity_yr(curve) -> tuple[float, float]:
    """``(first, last)`` decimal year a dated launch curve is valid for: its
    start date to its ``horizon_date_yr`` (or ``end_date_yr``; open-ended if neither)."""
    last = curve.horizon_date_yr if curve.horizon_date_yr is not None else curve.end_date_yr
    return float(curve.start_date_yr), float("inf") if last is None else float(last)


def check_curve_date(curve, date_yr, *, name: str = "launch_date_yr", curve_name: str = "") -> None:
    """``ValueError`` naming the date and the curve's validity range when
    ``date_yr`` lies outside it (see `curve_validity_yr`)."""
    lo, hi = curve_validity_yr(curve)
    d = np.asarray(date_yr, dtype=float)
    if not np.all((d >= lo) & (d <= hi)):
        bad = float(np.ravel(d[~((d >= lo) & (d <= hi))] if d.ndim else d)[0])
        label = f" of launch curve {curve_name!r}" if curve_name else ""
        raise ValueError(f"{name} = {bad:g} is outside the validity{label}: [{lo:g}, {hi:g}] yr")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load ``models/scenarios/<name>.toml`` (or a path to a scenario file).

    Raises
    ------
    ValueError
        Unknown scenario (lists the valid names), unknown catalogue entries
        (lists them), unsourced or out-of-range values, unknown override paths.
    """
    return _build(name_or_path)[0]


def scenario_provenance(name_or_path: str | Path) -> dict[str, Parameter]:
    """``{dotted path: Parameter}`` (value, unit, source, date, low/high) for every
    numeric leaf of a scenario that came from the catalogue or the scenario file."""
    return _build(name_or_path)[1]


def with_path(obj, path: str, value):
    """A copy of ``obj`` with the leaf at dotted ``path`` replaced (pure, jit-safe).

    The value is checked at this boundary (concrete values only; traced
    values inside ``jit``/``vmap``/``grad`` pass through unchanged):

    - an astropy ``Quantity`` is converted to the field's unit
      (``8 * u.percent`` -> 0.08 for ``finance.wacc``, ``0.7 * u.Mm`` -> 700 for
      ``orbit.altitude_km``); one that cannot be converted is refused;
    - a pandas ``Series`` (a ``DataFrame`` column), a list or a numpy array
      becomes a float64 array (a batch of designs, see
      `orbitalcompute.analysis.tables.evaluate_table`);
    - every value must be finite and inside the field's declared valid range
      (e.g. ``finance.utilisation`` in (0, 1]); a categorical field must be
      one of its choices.

    Raises
    ------
    KeyError
        ``path`` names no field.
    ValueError
        A value of the wrong unit, out of range, or not a number; the message
        names the path, the value and the valid range.
    """
    return _with_path(obj, path, value, path)


def _with_path(obj, path: str, value, full: str):
    head, _, rest = path.partition(".")
    if isinstance(obj, dict):
        if head not in obj:
            raise KeyError(f"{head!r} not in {sorted(obj)}")
        leaf = _field_value(full, value, {}) if not rest else None
        return {**obj, head: _with_path(obj[head], rest, value, full) if rest else leaf}
    fields = {f.name: f for f in dataclasses.fields(obj)}
    if head not in fields:
        raise KeyError(f"{type(obj).__name__} has no field {head!r}")
    if rest:
        new = _with_path(getattr(obj, head), rest, value, full)
    else:
        new = _field_value(full, value, dict(fields[head].metadata))
    return dataclasses.replace(obj, **{head: new})


def _field_value(path: str, value, meta: dict):
    """``value`` for the field at ``path`` (metadata ``meta``), converted and checked."""
    from .validation import as_float_array, check_range, is_traced

    kind = meta.get("kind", "quantity" if not isinstance(value, str) else "category")
    if kind == "component" or is_traced(value):
        return value
    if kind == "category":
        choices = meta.get("choices")
        if choices and value not in choices:
            raise ValueError(f"{path} = {value!r} is not one of {', '.join(map(repr, choices))}")
        return value
    if value is None or isinstance(value, str) or dataclasses.is_dataclass(value):
        return value  # an optional quantity left unset, or a whole parameter set at a dict key
    unit = meta.get("unit")
    labelled = hasattr(value, "to_numpy") and not type(value).__module__.startswith("astropy")
    if labelled:  # pandas Series / DataFrame column / Index
        if getattr(value, "ndim", 1) != 1:
            raise ValueError(f"{path}: a table of shape {getattr(value, 'shape', '?')} was given; pass "
                             f"one column (df[{path!r}]) or a 1-d array")
        value = value.to_numpy(dtype=float)
    is_quantity = type(value).__module__.startswith("astropy")
    if is_quantity:
        if (unit or "1") == "1" and not getattr(value, "unit", None).physical_type == "dimensionless":
            raise ValueError(f"{path} = {value!s}: this field is a dimensionless fraction (8 % is 0.08); "
                             f"give a plain number or a Quantity in percent")
        value = as_float_array(path, value, unit or "1")
        value = float(value) if value.ndim == 0 else value
    elif isinstance(value, bool):
        raise ValueError(f"{path} = {value!r} is a boolean; give a number in {unit or '1'}")
    elif isinstance(value, (list, tuple)):
        value = as_float_array(path, value, unit)
    if not meta:  # a plain dict pytree (no declared unit or range): numbers only
        if not isinstance(value, (int, float)):
            as_float_array(path, value)
        return value
    check_range(path, value, ge=meta.get("ge"), gt=meta.get("gt"), le=meta.get("le"),
                lt=meta.get("lt"), unit="" if unit in (None, "1") else unit)
    return value


def numeric_paths(scenario: Scenario) -> list[str]:
    """Dotted paths of every numeric leaf (what ``jax.grad`` reaches)."""
    return [path_of(p) for p, _ in jax.tree_util.tree_flatten_with_path(scenario)[0]]


def design_params(s: Scenario):
    """The [`orbitalcompute.spacecraft.DesignParams`][orbitalcompute.spacecraft.DesignParams] inside a scenario."""
    from .spacecraft.params import DesignParams

    return DesignParams(spacecraft=s.spacecraft, gpu=s.gpu, cells=s.cells, battery=s.battery,
                        radiator=s.radiator, radiation=s.radiation, environment=s.environment)


def _np(x):  # pragma: no cover - debugging helper
    return np.asarray(x)
