"""The break-even report's analysis: every number and series that
``orbitalcompute report`` prints or plots, as plain data.

One scenario is parsed once ([`load`][orbitalcompute.analysis.report.load]) and evaluated through
`orbitalcompute.pipeline.evaluate`; the sensitivity (tornado), Monte Carlo and
design-grid analyses use the engine's one implementation of each
(`orbitalcompute.engine.sensitivity.tornado_swings`,
`orbitalcompute.engine.uncertainty.monte_carlo`,
`orbitalcompute.engine.evaluate.evaluate_designs`) over the catalogue's
``low``/``high`` ranges (no range is written here).  The Monte Carlo is the one
default uncertainty study (`uncertainty_study`: the inputs, seed and outputs of
`orbitalcompute.engine.uncertainty.DEFAULT_STUDY`, the same computation as
``orbitalcompute uncertainty``); `assumption_flags` marks every output that rests
on an input sourced only as an assumption.  The command line
(`orbitalcompute.cli.report`) only formats, prints and plots.
"""

from __future__ import annotations

import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from . import breakeven as _breakeven
from ..engine.evaluate import evaluate_designs
from ..engine.sensitivity import tornado_from_values, tornado_rows, tornado_swings
from ..engine.uncertainty import DEFAULT_STUDY, default_study_params, monte_carlo, probability_below
from ..latency import ground_point, orbital_cluster_rtt
from ..latency.fibre import fibre_rtt_ms
from ..launch import price_usd_per_kg
from ..pipeline import REASON_CODES, evaluate, evaluate_with_elasticities
from ..scenario import Scenario, _build, scenario_file

__all__ = ["OUTPUT", "DESIGN_GRID_PATHS", "load", "catalogue_ranges", "report_data", "launch_price_sweep",
           "launch_price_by_year", "tornado", "uncertainty_study", "is_assumption",
           "assumption_paths", "assumption_flags", "breakeven_ranking", "breakeven_top", "design_grid",
           "tornado_and_design_grid"]

#: the report's headline output
OUTPUT = "orbital_cost_usd_per_gpu_h"
#: the two design parameters of the report's design-space map
DESIGN_GRID_PATHS = ("orbit.altitude_km", "spacecraft.radiator_temperature_k")


def _f(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def load(scenario: str | Path):
    """``(Scenario, provenance, description)`` of a scenario name or file, parsed once."""
    s, prov = _build(scenario)
    path = scenario_file(scenario)
    with open(path, "rb") as fh:
        desc = str(tomllib.load(fh).get("scenario", {}).get("description", ""))
    return s, prov, desc


def catalogue_ranges(provenance: dict, paths=None) -> dict[str, tuple[float, float]]:
    """``{path: (low, high)}`` of every parameter (or of ``paths``) with a catalogue range.

    Raises
    ------
    ValueError
        A path in ``paths`` that has no catalogue low/high.
    """
    rng = {p: (float(r.low), float(r.high)) for p, r in provenance.items()
           if r.low is not None and r.high is not None and r.low < r.high}
    if paths is None:
        return rng
    missing = [p for p in paths if p not in rng]
    if missing:
        raise ValueError(f"no catalogue low/high range for {', '.join(missing)}; give one in models/ "
                         "(or the scenario file)")
    return {p: rng[p] for p in paths}


def _demand(out: dict, pre: str) -> dict:
    """NPV, IRR, payback and USD per million tokens of one side (``orbital_`` or ``site_<s>_``),
    each with a reason when it is not a number."""
    d = {"npv_usd": _f(out[pre + "npv_usd"]), "irr": _f(out[pre + "irr"]),
         "payback_yr": _f(out[pre + "payback_yr"]), "cost_usd_per_mtok": _f(out[pre + "cost_usd_per_mtok"])}
    code = int(out[pre + "finance_reason_code"]) if pre + "finance_reason_code" in out else 0
    why = {}  # the pipeline's finance reason bits (docs/models/economics.md): 1 no IRR, 2 no payback
    if not np.isfinite(d["irr"]):
        why["irr"] = ("no IRR in [-90 %, 1000 %]" if code & 1 else "not defined")
    if not np.isfinite(d["payback_yr"]):
        why["payback_yr"] = ("cumulative cash never turns positive within the life at this rental price"
                             if code & 2 else "not defined")
    d["not_a_number_reason"] = why
    return d


@contextmanager
def _step(progress, what: str):
    """``progress(what)`` (a context manager that reports the step) or nothing."""
    if progress is None:
        yield
    else:
        with progress(what):
            yield


def report_data(s: Scenario, name: str, description: str = "", *, users, quick: bool = False,
                provenance: dict | None = None, samples: int | None = None, seed: int | None = None,
                progress=None) -> dict:
    """Every number the report prints (JSON-ready), plus ``_series`` (RTT over a day).

    Parameters
    ----------
    s : Scenario
    name, description : str
        Scenario name and description (as printed).
    users : sequence of str
        Reference users (``models/ground_points.toml`` names) for round-trip times.
    quick : bool
        30-minute instead of 10-minute latency steps.
    progress : callable, optional
        ``progress(step)`` returning a context manager around each step (the
        command line prints a line per step; see `orbitalcompute.cli.report.Progress`).
    """
    users = [u.strip() for u in users if u.strip()]
    user_pts = [ground_point(u) for u in users]  # raises with the valid names
    cost_outputs = [OUTPUT] + [f"site_{n}_cost_usd_per_gpu_h" for n in s.sites]
    el_by_output = None
    if provenance is None:
        with _step(progress, "evaluating the scenario"):
            out = {k: np.asarray(v) for k, v in evaluate(s).items()}
    else:  # values and every cost's elasticities from one compiled call
        with _step(progress, "evaluating the scenario and the elasticities of every cost"):
            out, el_by_output = evaluate_with_elasticities(s, cost_outputs)
            out = {k: np.asarray(v) for k, v in out.items()}
    sites = list(s.sites)
    from ..core.costs import ORBITAL_CATEGORIES
    from ..pipeline import SITE_CATEGORIES

    code = int(out["reason_code"])
    rep: dict = {
        "scenario": {"name": str(name), "description": description,
                     "orbit_altitude_km": _f(s.orbit.altitude_km), "orbit_type": s.orbit.orbit_type,
                     "ltan_h": None if s.orbit.ltan_h is None else _f(s.orbit.ltan_h),
                     "satellite_count": _f(s.launch.satellite_count), "gpu_model": s.spacecraft.gpu_model,
                     "launch_price_model": s.launch.price_model,
                     "launch_date_yr": _f(s.launch.launch_date_yr)},
        "design": {k: _f(out[k]) for k in ("gpu_count", "it_power_w", "satellite_mass_kg", "lifetime_yr",
                                           "goodput_fraction", "mean_sunlit_fraction", "longest_eclipse_s",
                                           "launch_price_usd_per_kg", "launch_count")},
        "orbit": {
            "cost_usd_per_gpu_h": _f(out[OUTPUT]),
            "breakdown_usd_per_gpu_h": {c: _f(out[f"orbital_{c}_usd_per_gpu_h"]) for c in ORBITAL_CATEGORIES},
            "carbon_kgco2_per_gpu_h": _f(out["orbital_carbon_kgco2_per_gpu_h"]),
            "launched_power_usd_per_kw_yr": _f(out["orbital_launched_power_usd_per_kw_yr"]),
            "feasible": bool(out["feasible"]),
            "reasons": [t for b, t in REASON_CODES.items() if code & b],
        },
        "sites": {},
        "latency": {},
    }
    rep["orbit"].update(_demand(out, "orbital_"))
    rp = "finance.rental_price_usd_per_gpu_h"
    rec = (provenance or {}).get(rp)
    rep["rental_price"] = {"usd_per_gpu_h": _f(out["rental_price_usd_per_gpu_h"]), "path": rp,
                           "source": None if rec is None else str(rec.source)}
    for n in sites:
        pre = f"site_{n}_"
        rep["sites"][n] = {**_demand(out, pre),
            "cost_usd_per_gpu_h": _f(out[pre + "cost_usd_per_gpu_h"]),
            "breakdown_usd_per_gpu_h": {c: _f(out[f"{pre}{c}_usd_per_gpu_h"]) for c in SITE_CATEGORIES},
            "carbon_kgco2_per_gpu_h": _f(out[pre + "carbon_kgco2_per_gpu_h"]),
            "breakeven_price_usd_per_kg": _f(out[pre + "breakeven_price_usd_per_kg"]),
            "breakeven_unclipped_usd_per_kg": _f(out[pre + "breakeven_unclipped_usd_per_kg"]),
            "breakeven_exists": bool(out[pre + "breakeven_exists"]),
            "breakeven_date_yr": _f(out[pre + "breakeven_date_yr"]),
            "latitude_deg": _f(s.sites[n].latitude_deg), "longitude_deg": _f(s.sites[n].longitude_deg),
        }

    finite = {n: v["cost_usd_per_gpu_h"] for n, v in rep["sites"].items() if np.isfinite(v["cost_usd_per_gpu_h"])}
    if finite:
        cheap = min(finite, key=finite.get)
        rep["orbit"]["cheapest_site"] = cheap
        rep["orbit"]["ratio_to_cheapest_site"] = rep["orbit"]["cost_usd_per_gpu_h"] / finite[cheap]
        for n, c in finite.items():
            rep["sites"][n]["orbit_ratio"] = rep["orbit"]["cost_usd_per_gpu_h"] / c
    if provenance is not None:
        flags = assumption_flags(s, provenance, outputs=cost_outputs, elasticities=el_by_output)
        rep["assumptions"] = {"n_assumption_inputs": len(assumption_paths(provenance)), "flagged_outputs": flags,
                              "rule": "catalogue source starts with 'assumption' (after an optional "
                                      "'engineering ' or '<x> side: '); an output is flagged when such an "
                                      "input has |elasticity| > 1e-6 (one reverse-mode pass per output). "
                                      "NPV, IRR, payback and USD/Mtok of a side rest on that side's cost."}
        if samples is not None:
            with _step(progress, f"uncertainty study ({samples:,} draws)"):
                uq = uncertainty_study(s, provenance, n=samples, seed=seed, nominal=out,
                                       elasticities=el_by_output[OUTPUT])
            rep["_uncertainty_draws"] = uq.pop("_cost_usd_per_gpu_h")
            uq.pop("_summary")
            rep["uncertainty"] = uq
        with _step(progress, "break-even of every ranged input"):
            ranking, results = _breakeven.rank_with_results(s, provenance)
            rep["breakeven_ranking"] = ranking
            rep["breakeven_top"] = breakeven_top(s, provenance, ranking, results=results)
    step = 1800.0 if quick else 600.0
    t = np.arange(0.0, 86400.0, step)
    up = np.array(user_pts)
    with _step(progress, f"round-trip times over a day ({len(users)} users, {len(t)} steps)"):
        res, stats = orbital_cluster_rtt(up[:, 0], up[:, 1], s.orbit, t_s=t)
    for i, u in enumerate(users):
        site_rtt = {n: _f(fibre_rtt_ms(up[i, 0], up[i, 1], rep["sites"][n]["latitude_deg"],
                                       rep["sites"][n]["longitude_deg"])) for n in sites}
        rep["latency"][u] = {"orbit_p50_ms": _f(stats["p50_ms"][i]), "orbit_p95_ms": _f(stats["p95_ms"][i]),
                             "orbit_reachable_fraction": _f(stats["reachable_fraction"][i]),
                             "site_rtt_ms": site_rtt}
    rep["_series"] = {"t_h": (t / 3600.0).tolist(), "orbit_rtt_ms": {u: res.rtt_ms[i].tolist()
                                                                     for i, u in enumerate(users)}}
    rep["units"] = {"cost": "USD (of the catalogue's currency year) per delivered GPU-hour",
                    "carbon": "kg CO2 per delivered GPU-hour", "rtt": "ms, propagation only, median over a day"}
    return rep


def launch_price_sweep(s: Scenario, prices_usd_per_kg) -> np.ndarray:
    """Orbital cost per GPU-hour at each fixed launch price [USD/(GPU h)]."""
    fixed = s.replace(launch=s.launch.replace(price_model="fixed"))
    prices = np.asarray(prices_usd_per_kg, dtype=float)
    return evaluate_designs(evaluate, fixed, ["launch.price_usd_per_kg"], prices[:, None], outputs=[OUTPUT])[OUTPUT]


def launch_price_by_year(s: Scenario, n: int = 120, span_yr: float = 20.0):
    """``(years, price [USD/kg])`` of the scenario's cadence curve from its start date."""
    start = float(s.launch.curve.start_date_yr)
    years = np.linspace(start, start + span_yr, n)
    return years, np.asarray(price_usd_per_kg("cadence", date_yr=years, params=s.launch.curve))


def tornado(s: Scenario, provenance: dict) -> dict:
    """`tornado_swings` of the orbital cost over every parameter with a catalogue range."""
    return tornado_swings(evaluate, s, OUTPUT, catalogue_ranges(provenance))


def _grid_axes(provenance: dict, n: tuple[int, int], paths) -> tuple[np.ndarray, np.ndarray]:
    rng = catalogue_ranges(provenance, paths)
    return np.linspace(*rng[paths[0]], n[0]), np.linspace(*rng[paths[1]], n[1])


def _grid_result(x, y, cost, feasible, paths) -> dict:
    X, Y = np.meshgrid(x, y)
    z = np.asarray(cost).reshape(X.shape)
    feas = np.asarray(feasible).reshape(X.shape).astype(bool)
    best = None
    if np.any(feas & np.isfinite(z)):
        k = int(np.nanargmin(np.where(feas, z, np.nan)))
        best = (float(X.ravel()[k]), float(Y.ravel()[k]))
    return {"paths": tuple(paths), "x": x, "y": y, "cost_usd_per_gpu_h": z, "feasible": feas, "best": best}


def design_grid(s: Scenario, provenance: dict, n: tuple[int, int] = (17, 16), paths=DESIGN_GRID_PATHS) -> dict:
    """Orbital cost over a grid of two design parameters spanning their catalogue ranges.

    Returns
    -------
    dict
        ``paths``, ``x``, ``y`` (grid axes), ``cost_usd_per_gpu_h`` and ``feasible``
        (shape ``(len(y), len(x))``), ``best`` (``(x, y)`` of the cheapest feasible
        point, or None).
    """
    x, y = _grid_axes(provenance, n, paths)
    X, Y = np.meshgrid(x, y)
    res = evaluate_designs(evaluate, s, list(paths), np.stack([X.ravel(), Y.ravel()], axis=1),
                           outputs=[OUTPUT, "feasible"])
    return _grid_result(x, y, res[OUTPUT], res["feasible"], paths)


def tornado_and_design_grid(s: Scenario, provenance: dict, n: tuple[int, int] = (17, 16),
                            paths=DESIGN_GRID_PATHS) -> tuple[dict, dict]:
    """``(tornado(s, provenance), design_grid(s, provenance, n, paths))`` from ONE
    vectorised call (one compiled kernel): the grid's designs are rows over the
    tornado's parameters with every other parameter at its base value."""
    ranges = catalogue_ranges(provenance)
    names, trows = tornado_rows(s, ranges)
    missing = [p for p in paths if p not in ranges]
    if missing:  # not among the tornado's columns: separate calls
        return tornado(s, provenance), design_grid(s, provenance, n, paths)
    x, y = _grid_axes(provenance, n, paths)
    X, Y = np.meshgrid(x, y)
    grows = np.repeat(trows[:1], X.size, axis=0)
    grows[:, names.index(paths[0])] = X.ravel()
    grows[:, names.index(paths[1])] = Y.ravel()
    res = evaluate_designs(evaluate, s, names, np.concatenate([trows, grows]), outputs=[OUTPUT, "feasible"])
    nt = trows.shape[0]
    return (tornado_from_values(names, ranges, res[OUTPUT][:nt]),
            _grid_result(x, y, res[OUTPUT][nt:], res["feasible"][nt:], paths))


def uncertainty_study(s: Scenario, provenance: dict, n: int | None = None, seed: int | None = None,
                      study=None, *, nominal: dict | None = None, elasticities: dict | None = None) -> dict:
    """The one uncertainty study (`orbitalcompute.engine.uncertainty.DEFAULT_STUDY`:
    its ``[sample]`` inputs, distributions, seed and outputs) run on ``s`` through
    `orbitalcompute.engine.uncertainty.monte_carlo`, with the gap between the
    median and the nominal (deterministic default) explained.

    For the study file's own scenario and the same ``n`` and ``seed`` the draws, and
    so the percentiles, are those of ``orbitalcompute uncertainty`` on that file.

    Returns
    -------
    dict
        JSON-ready: ``study`` (file), ``n``, ``seed``, ``n_parameters``, ``parameters``,
        ``nominal_usd_per_gpu_h``, ``median_usd_per_gpu_h``, ``q05``/``q95``/``mean``
        (same unit), ``n_feasible``, ``converged``, ``median_vs_nominal_fraction``,
        ``n_parameters_orbit_depends_on`` (sampled inputs with a non-zero elasticity of the
        output), ``inputs_median_above_default`` / ``inputs_median_below_default`` (of those,
        the paths whose sampling distribution's median, `transform` at u = 0.5, is above /
        below the default value, largest effect first), ``first_order_shift_fraction``
        (``{path: elasticity x (median / default - 1)}``, the linearised share of the gap), ``p_orbit_beats_cheapest_site`` (per draw, against the cheapest
        site of that draw; Wilson interval), ``p_orbit_beats_site``; plus
        ``_cost_usd_per_gpu_h`` (the draws, NaN where infeasible) and ``_summary``.

    ``nominal`` (the outputs of ``evaluate(s)``) and ``elasticities`` (of the study's
    orbital output, `orbitalcompute.pipeline.elasticities`) may be passed when the
    caller has them already; they are computed otherwise.
    """
    from ..engine.sampling import transform

    st = default_study_params(provenance, study, base=s)  # s is the study's base: no second parse
    n = int(st["n"] if n is None else n)
    seed = int(st["seed"] if seed is None else seed)
    orbit_output = st["orbit_output"] or OUTPUT
    sites = st["sites"] if st["sites"] == "all" else (st["sites"] or "all")
    res = monte_carlo(st["f"], s, st["params"], n, seed=seed, outputs=st["outputs"],
                      orbit_output=orbit_output, sites=sites, rtol=st["rtol"],
                      n_batches=st["n_batches"], chunk_size=st["chunk_size"])
    ds = res.dataset
    feas = np.asarray(ds["feasible"].values).astype(bool)
    cost = np.where(feas, np.asarray(ds[orbit_output].values), np.nan)
    site_keys = [k for k in ds.data_vars if re.match(r"^site_(.+)_cost_usd_per_gpu_h$", k)]
    cheapest = np.min(np.stack([np.asarray(ds[k].values) for k in site_keys]), axis=0) if site_keys else None
    nominal = _f((evaluate(s) if nominal is None or orbit_output not in nominal else nominal)[orbit_output])
    summ = res.summary.get(orbit_output) or {}
    from ..pipeline import elasticities as _elasticities

    if elasticities is None or orbit_output != OUTPUT:
        elasticities = _elasticities(s, orbit_output)  # one reverse pass: which inputs it depends on
    el = elasticities
    above, below, first_order = [], [], {}
    for a in st["params"]:
        med = float(transform(np.array([0.5]), a.low, a.high, a.distribution, a.nominal)[0])
        default = a.nominal if a.nominal is not None else _f(provenance[a.path].value)
        e = _f(el[a.path]) if a.path in el else 0.0
        if not (np.isfinite(e) and abs(e) > 1e-9):
            continue  # the orbital cost does not depend on it (e.g. a site's electricity price)
        tol = 1e-9 * max(abs(default), abs(med), 1e-300)
        if med > default + tol:
            above.append(a.path)
        elif med < default - tol:
            below.append(a.path)
        if abs(med - default) > tol and default != 0:
            first_order[a.path] = e * (med / default - 1.0)
    n_dep = sum(1 for a in st["params"] if a.path in el and np.isfinite(_f(el[a.path]))
                and abs(_f(el[a.path])) > 1e-9)
    key = lambda p: -abs(first_order.get(p, 0.0))  # noqa: E731
    above.sort(key=key)
    below.sort(key=key)
    med = _f(summ.get("q50"))
    conv = res.convergence.get(orbit_output, {})
    return {
        "study": str(DEFAULT_STUDY if study is None else study), "n": n, "seed": seed,
        "n_parameters": len(st["params"]), "parameters": [a.path for a in st["params"]],
        "output": orbit_output,
        "nominal_usd_per_gpu_h": nominal, "median_usd_per_gpu_h": med,
        "q05_usd_per_gpu_h": _f(summ.get("q05")), "q95_usd_per_gpu_h": _f(summ.get("q95")),
        "mean_usd_per_gpu_h": _f(summ.get("mean")), "n_feasible": int(np.sum(feas & np.isfinite(cost))),
        "converged": bool(conv.get("converged", False)),
        "median_vs_nominal_fraction": med / nominal - 1.0 if np.isfinite(nominal) and nominal else float("nan"),
        "n_parameters_orbit_depends_on": n_dep,
        "inputs_median_above_default": above, "inputs_median_below_default": below,
        "first_order_shift_fraction": first_order,
        "p_orbit_beats_cheapest_site": (probability_below(np.asarray(ds[orbit_output].values), cheapest,
                                                          feasible=feas) if cheapest is not None else None),
        "p_orbit_beats_site": res.beats,
        "_cost_usd_per_gpu_h": cost, "_summary": res.summary,
    }


_ASSUMPTION = re.compile(r"^\s*(?:[a-z]+ side:\s*)?(?:engineering\s+)?assumption\b", re.IGNORECASE)


def is_assumption(source) -> bool:
    """True when a catalogue ``source`` string says the value is an assumption: it
    starts with "assumption" (after an optional "engineering " or "<x> side: ")."""
    return bool(_ASSUMPTION.match(str(source or "")))


def assumption_paths(provenance: dict) -> list[str]:
    """Scenario paths whose catalogue source is only an assumption (`is_assumption`)."""
    return [p for p, r in provenance.items() if is_assumption(getattr(r, "source", None))]


def assumption_flags(s: Scenario, provenance: dict, outputs=None, tol: float = 1e-6,
                     elasticities: dict | None = None) -> dict:
    """Which outputs rest on an input sourced only as an assumption, and how much.

    One reverse-mode pass per output (`orbitalcompute.pipeline.elasticities`) gives
    $\\varepsilon_i = (x_i / y)\\,\\partial y / \\partial x_i$ for every input; an output is
    flagged when an assumption input has $|\\varepsilon_i| > $ ``tol``.

    ``elasticities`` (``{output: {path: elasticity}}``, e.g. from
    `orbitalcompute.pipeline.evaluate_with_elasticities`) skips the passes.

    Returns
    -------
    dict
        ``{output: [{"path", "elasticity", "source"}, ...]}`` (largest $|\\varepsilon|$
        first) for each flagged output; unflagged outputs are absent.
    """
    paths = assumption_paths(provenance)
    if outputs is None:
        outputs = [OUTPUT] + [f"site_{n}_cost_usd_per_gpu_h" for n in s.sites]
    if elasticities is None or any(o not in elasticities for o in outputs):
        elasticities = evaluate_with_elasticities(s, outputs)[1]
    flags = {}
    for out in outputs:
        el = elasticities[out]
        rows = [{"path": p, "elasticity": _f(el[p]), "source": str(provenance[p].source),
                 "value": _f(getattr(provenance[p], "value", np.nan))}
                for p in paths if p in el and np.isfinite(_f(el[p])) and abs(_f(el[p])) > tol]
        if rows:
            flags[out] = sorted(rows, key=lambda r: -abs(r["elasticity"]))
    return flags


#: how many of the ranked inputs get a per-site break-even in the report
TOP_BREAKEVEN_INPUTS = 3


def breakeven_top(s: Scenario, provenance: dict, ranking: list[dict], n: int = TOP_BREAKEVEN_INPUTS,
                  results: dict | None = None) -> list[dict]:
    """Per-site break-even values (`orbitalcompute.analysis.breakeven.breakeven`) of the
    ``n`` inputs closest to their break-even value (in units of their own range);
    ``results`` (`orbitalcompute.analysis.breakeven.rank_with_results`) saves the solves."""
    top = [r["path"] for r in ranking if r.get("breakeven") is not None][:n]
    return [(results[p] if results is not None and p in results
             else _breakeven.breakeven(s, p, provenance=provenance)).to_dict() for p in top]


def breakeven_ranking(s: Scenario, provenance: dict):
    """Inputs ranked by distance to their break-even value against the cheapest
    site (`orbitalcompute.analysis.breakeven.rank_by_distance`)."""
    return _breakeven.rank_by_distance(s, provenance)
