"""The break-even report's analysis: every number and series that
``orbitalcompute report`` prints or plots, as plain data.

One scenario is parsed once (:func:`load`) and evaluated through
`orbitalcompute.pipeline.evaluate`; the sensitivity (tornado), Monte Carlo and
design-grid analyses use the engine's one implementation of each
(`orbitalcompute.engine.sensitivity.tornado_swings`,
`orbitalcompute.engine.uncertainty.monte_carlo`,
`orbitalcompute.engine.evaluate.evaluate_designs`) over the catalogue's
``low``/``high`` ranges (no range is written here).  The command line
(`orbitalcompute.cli.report`) only formats, prints and plots.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from ..engine.evaluate import evaluate_designs
from ..engine.sensitivity import tornado_swings
from ..engine.uncertainty import monte_carlo, sampled_from_provenance
from ..latency import ground_point, orbital_cluster_rtt
from ..latency.fibre import fibre_rtt_ms
from ..launch import price_usd_per_kg
from ..pipeline import REASON_CODES, evaluate
from ..scenario import Scenario, _build, scenario_dir

__all__ = ["OUTPUT", "DESIGN_GRID_PATHS", "load", "catalogue_ranges", "report_data", "launch_price_sweep",
           "launch_price_by_year", "tornado", "monte_carlo_costs", "design_grid"]

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
    p = Path(scenario)
    path = p if (p.suffix == ".toml" and p.is_file()) else scenario_dir() / f"{scenario}.toml"
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


def report_data(s: Scenario, name: str, description: str = "", *, users, quick: bool = False) -> dict:
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
    """
    users = [u.strip() for u in users if u.strip()]
    user_pts = [ground_point(u) for u in users]  # raises with the valid names
    out = {k: np.asarray(v) for k, v in evaluate(s).items()}
    sites = list(s.sites)
    from ..core.costs import ORBITAL_CATEGORIES, TERRESTRIAL_CATEGORIES

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
    for n in sites:
        pre = f"site_{n}_"
        rep["sites"][n] = {
            "cost_usd_per_gpu_h": _f(out[pre + "cost_usd_per_gpu_h"]),
            "breakdown_usd_per_gpu_h": {c: _f(out[f"{pre}{c}_usd_per_gpu_h"]) for c in TERRESTRIAL_CATEGORIES},
            "carbon_kgco2_per_gpu_h": _f(out[pre + "carbon_kgco2_per_gpu_h"]),
            "breakeven_price_usd_per_kg": _f(out[pre + "breakeven_price_usd_per_kg"]),
            "breakeven_unclipped_usd_per_kg": _f(out[pre + "breakeven_unclipped_usd_per_kg"]),
            "breakeven_exists": bool(out[pre + "breakeven_exists"]),
            "breakeven_date_yr": _f(out[pre + "breakeven_date_yr"]),
            "latitude_deg": _f(s.sites[n].latitude_deg), "longitude_deg": _f(s.sites[n].longitude_deg),
        }

    step = 1800.0 if quick else 600.0
    t = np.arange(0.0, 86400.0, step)
    up = np.array(user_pts)
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


def monte_carlo_costs(s: Scenario, provenance: dict, n: int, seed: int = 0) -> dict:
    """Orbital cost per GPU-hour over ``n`` draws from the catalogue ranges
    (`orbitalcompute.engine.uncertainty.monte_carlo`; infeasible draws NaN).

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h`` (n,), ``n_parameters``, ``summary`` (the engine's).
    """
    axes = sampled_from_provenance(provenance)
    res = monte_carlo(evaluate, s, axes, int(n), seed=seed, outputs=[OUTPUT, "feasible"])
    ds = res.dataset
    cost = np.where(np.asarray(ds["feasible"].values).astype(bool), np.asarray(ds[OUTPUT].values), np.nan)
    return {"cost_usd_per_gpu_h": cost, "n_parameters": len(axes), "summary": res.summary.get(OUTPUT)}


def design_grid(s: Scenario, provenance: dict, n: tuple[int, int] = (17, 16), paths=DESIGN_GRID_PATHS) -> dict:
    """Orbital cost over a grid of two design parameters spanning their catalogue ranges.

    Returns
    -------
    dict
        ``paths``, ``x``, ``y`` (grid axes), ``cost_usd_per_gpu_h`` and ``feasible``
        (shape ``(len(y), len(x))``), ``best`` (``(x, y)`` of the cheapest feasible
        point, or None).
    """
    rng = catalogue_ranges(provenance, paths)
    x = np.linspace(*rng[paths[0]], n[0])
    y = np.linspace(*rng[paths[1]], n[1])
    X, Y = np.meshgrid(x, y)
    res = evaluate_designs(evaluate, s, list(paths), np.stack([X.ravel(), Y.ravel()], axis=1),
                           outputs=[OUTPUT, "feasible"])
    z = res[OUTPUT].reshape(X.shape)
    feas = res["feasible"].reshape(X.shape).astype(bool)
    best = None
    if np.any(feas & np.isfinite(z)):
        k = int(np.nanargmin(np.where(feas, z, np.nan)))
        best = (float(X.ravel()[k]), float(Y.ravel()[k]))
    return {"paths": tuple(paths), "x": x, "y": y, "cost_usd_per_gpu_h": z, "feasible": feas, "best": best}

