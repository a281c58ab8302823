r"""When does orbit win?  Break-even year per site and the probability by year.

Every number comes from `orbitalcompute.pipeline.evaluate` evaluated at the
launch year (``launch.launch_date_yr``), with the scenario's trajectories
(`orbitalcompute.trajectories`) mapping the year onto the launch price,
satellite learning, site power and, with a roadmap, the accelerator: a year
is one more numeric leaf, vmapped over a grid of whole years.

- `breakeven_years`: the first year on the grid in which orbit costs less
  per delivered GPU-hour than each site, with every trajectory applied together
  and with each one alone (the others held at their first-year value); ``None``
  means "not before" the last year of the grid.
- `p_win_by_year`: a Monte Carlo over the trajectories' catalogue ranges
  (uniform, or log-uniform where the catalogue says so) giving, per year,
  P(orbit cheaper than each site) and the input whose draws are most strongly
  rank-correlated with the margin against the cheapest site in that year.
- `when_report`: text lines and a JSON-ready dict for the report;
  `orbitalcompute.plots.when.p_win_by_year` draws the figure.
"""

from __future__ import annotations

import dataclasses
import math

import jax
import jax.numpy as jnp
import numpy as np

from ..pipeline import evaluate
from ..scenario import Scenario, curve_validity_yr, with_path

__all__ = ["YEAR_MIN", "YEAR_MAX", "year_grid", "trajectory_variants", "costs_by_year", "breakeven_years",
           "uncertain_inputs", "p_win_by_year", "when_report", "DEFAULT_DRAWS"]

#: First year of the grid: the catalogue's date (its prices are 2025-2026 values).
YEAR_MIN = 2026
#: Last year of the grid (issue 12: probability by year to 2045).
YEAR_MAX = 2045
#: Monte Carlo draws of the report's probability by year.
DEFAULT_DRAWS = 256


def year_grid(s: Scenario, year_min: int = YEAR_MIN, year_max: int = YEAR_MAX) -> np.ndarray:
    """Whole years ``year_min..year_max`` inside the launch curve's validity
    (and the trajectories' ``valid_to_yr``); ``ValueError`` naming the range if none."""
    lo, hi = (curve_validity_yr(s.launch.curve) if s.launch.price_model == "curve"
              else (-math.inf, math.inf))
    if s.trajectories is not None:
        hi = min(hi, float(s.trajectories.valid_to_yr))
    first, last = max(year_min, math.ceil(lo)), min(year_max, math.floor(hi))
    if last < first:
        raise ValueError(f"year range [{year_min}, {year_max}] lies outside the validity of the scenario's "
                         f"trajectories [{lo:g}, {hi:g}] yr")
    return np.arange(first, last + 1, dtype=float)


def _fixed_launch(s: Scenario, year: float) -> Scenario:
    from ..core.launch_curves import curve_price_usd_per_kg

    if s.launch.price_model != "curve":
        return s
    price = float(curve_price_usd_per_kg(s.launch.curve, year))
    return dataclasses.replace(s, launch=s.launch.replace(price_model="fixed", price_usd_per_kg=price))


def trajectory_variants(s: Scenario, first_year: float = YEAR_MIN) -> dict[str, Scenario]:
    """``{"all": s, "<trajectory>": s with only it moving}``; the others are held
    at their ``first_year`` value (launch at the curve's price of that year, the
    rest switched off, i.e. at their catalogue values as dated)."""
    tr = s.trajectories
    off = None if tr is None else tr.replace(satellite_learning="off", site_power="off", gpu_roadmap="off")
    out = {"all": s}
    if s.launch.price_model == "curve":
        out["launch_price"] = dataclasses.replace(s, trajectories=off)
    if tr is None:
        return out
    held = _fixed_launch(s, first_year)
    if tr.satellite_learning != "off":
        out["satellite_learning"] = dataclasses.replace(held, trajectories=off.replace(
            satellite_learning=tr.satellite_learning))
    if tr.site_power != "off":
        out["site_power"] = dataclasses.replace(held, trajectories=off.replace(site_power=tr.site_power))
    if tr.gpu_roadmap != "off":
        out["gpu_roadmap"] = dataclasses.replace(held, trajectories=off.replace(gpu_roadmap=tr.gpu_roadmap))
    return out


def _year_outputs(s: Scenario, year):
    o = evaluate(with_path(s, "launch.launch_date_yr", year))
    sites = jnp.stack([o[f"site_{n}_cost_usd_per_gpu_h"] for n in s.sites])
    return o["orbital_cost_usd_per_gpu_h"], sites, o["feasible"]


def costs_by_year(s: Scenario, years) -> dict:
    """Orbital and site costs [USD per GPU-hour] on a grid of years (one vmapped
    pipeline call): ``orbit`` (Y,), ``sites`` (Y, S), ``feasible`` (Y,), ``site_names``."""
    orbit, sites, ok = jax.jit(jax.vmap(lambda y: _year_outputs(s, y)))(jnp.asarray(years, dtype=jnp.float64))
    return {"years": np.asarray(years, dtype=float), "orbit": np.asarray(orbit), "sites": np.asarray(sites),
            "feasible": np.asarray(ok), "site_names": list(s.sites)}


def _first_win(years, orbit, site, feasible):
    win = feasible & np.isfinite(orbit) & (orbit < site)
    return float(years[np.argmax(win)]) if win.any() else None


def breakeven_years(s: Scenario, years=None) -> dict:
    """First grid year in which orbit is cheaper than each site, per trajectory variant.

    Returns
    -------
    dict
        ``{"years": [...], "year_max": last grid year, "by_variant": {variant:
        {site: year or None}}}``; ``None``: not before ``year_max``.
    """
    years = year_grid(s) if years is None else np.asarray(years, dtype=float)
    by = {}
    for name, v in trajectory_variants(s, float(years[0])).items():
        c = costs_by_year(v, years)
        by[name] = {n: _first_win(years, c["orbit"], c["sites"][:, i], c["feasible"])
                    for i, n in enumerate(c["site_names"])}
    return {"years": years.tolist(), "year_max": float(years[-1]), "by_variant": by}


def _trajectory_paths(s: Scenario) -> list[str]:
    paths = ["launch.curve.learning_rate", "launch.curve.payload_per_launch_t",
             "launch.curve.end_price_usd_per_kg", "launch.curve.price_fraction"]
    tr = s.trajectories
    if tr is not None and tr.satellite_learning != "off":
        paths += ["costs.learning_rate", "trajectories.production_units_per_yr"]
    if tr is not None and tr.site_power != "off":
        for n in s.sites:
            paths += [f"trajectories.sites.{n}.electricity_price_growth_per_yr",
                      f"trajectories.sites.{n}.time_to_power_change_months_per_yr"]
    return paths


def uncertain_inputs(s: Scenario, provenance: dict) -> list[dict]:
    """The trajectories' inputs with a catalogue range: ``{"label", "paths",
    "low", "high", "log"}`` (a curve's start and maximum cadence are one input)."""
    out = []
    if s.launch.price_model == "curve" and s.launch.curve.family == "cadence":
        p = provenance.get("launch.curve.start_launches_per_yr")
        if p is not None and p.low is not None and p.high is not None:
            out.append({"label": "launch.curve.launches_per_yr", "low": float(p.low), "high": float(p.high),
                        "paths": ["launch.curve.start_launches_per_yr", "launch.curve.max_launches_per_yr"],
                        "log": p.distribution == "loguniform"})
    for path in _trajectory_paths(s):
        p = provenance.get(path)
        if p is None or p.low is None or p.high is None or not p.high > p.low:
            continue
        if s.launch.price_model != "curve" and path.startswith("launch.curve."):
            continue
        out.append({"label": path, "paths": [path], "low": float(p.low), "high": float(p.high),
                    "log": p.distribution == "loguniform"})
    return out


def _draw(inputs, n: int, seed: int) -> np.ndarray:
    u = np.random.default_rng(seed).random((n, len(inputs)))
    lo = np.array([i["low"] for i in inputs])
    hi = np.array([i["high"] for i in inputs])
    lg = np.array([i["log"] for i in inputs], dtype=bool)
    lin = lo + u * (hi - lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        logv = np.exp(np.log(np.where(lg, lo, 1.0)) + u * np.log(np.where(lg, hi / lo, 1.0)))
    return np.where(lg, logv, lin)


def _rank(x: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(x, axis=0), axis=0).astype(float)


def p_win_by_year(s: Scenario, provenance: dict, years=None, n: int = DEFAULT_DRAWS, seed: int = 0) -> dict:
    """Monte Carlo P(orbit cheaper than each site) for each grid year.

    Parameters
    ----------
    s : Scenario
    provenance : dict
        `orbitalcompute.scenario.scenario_provenance` (the catalogue ranges).
    years : array_like, optional
        Whole years (default `year_grid`).
    n : int
        Draws (each evaluated at every year: one vmap over draws x years).
    seed : int

    Returns
    -------
    dict
        ``years``, ``p_by_site`` ``{site: [P per year]}``, ``p_any_site`` (cheaper
        than the cheapest site), ``decisive_input`` (per year: the input with the
        largest absolute Spearman correlation with the margin cheapest site minus
        orbit over the draws), ``rank_correlation`` ``{input: [rho per year]}``,
        ``inputs`` (labels and ranges), ``n``, ``seed``, ``infeasible_fraction``.
    """
    if n < 2:
        raise ValueError(f"n = {n} draws is outside the valid range [2, inf)")
    years = year_grid(s) if years is None else np.asarray(years, dtype=float)
    inputs = uncertain_inputs(s, provenance)
    theta = _draw(inputs, n, seed) if inputs else np.zeros((n, 0))

    def one(th, year):
        sc = s
        for k, inp in enumerate(inputs):
            for path in inp["paths"]:
                sc = with_path(sc, path, th[k])
        return _year_outputs(sc, year)

    f = jax.jit(jax.vmap(jax.vmap(one, in_axes=(None, 0)), in_axes=(0, None)))
    orbit, sites, ok = (np.asarray(a) for a in f(jnp.asarray(theta), jnp.asarray(years)))
    ok = ok & np.isfinite(orbit)
    win = ok[..., None] & (orbit[..., None] < sites)               # (n, Y, S)
    cheapest = np.min(sites, axis=-1)
    margin = np.where(ok, cheapest - orbit, -np.inf)                  # > 0: orbit wins
    names = list(s.sites)
    rho = {}
    if inputs:
        rt = _rank(theta)                                              # (n, K)
        rm = _rank(np.where(np.isfinite(margin), margin, -1e300))      # (n, Y)
        rt_c = rt - rt.mean(axis=0)
        rm_c = rm - rm.mean(axis=0)
        den = np.sqrt((rt_c**2).sum(axis=0))[:, None] * np.sqrt((rm_c**2).sum(axis=0))[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = (rt_c.T @ rm_c) / den                                  # (K, Y)
        r = np.where(np.isfinite(r), r, 0.0)
        rho = {inp["label"]: r[k].tolist() for k, inp in enumerate(inputs)}
        decisive = [inputs[int(np.argmax(np.abs(r[:, j])))]["label"] for j in range(len(years))]
    else:
        decisive = [None] * len(years)
    return {"years": years.tolist(), "n": int(n), "seed": int(seed),
            "p_by_site": {nm: win[:, :, i].mean(axis=0).tolist() for i, nm in enumerate(names)},
            "p_any_site": (ok & (orbit < cheapest)).mean(axis=0).tolist(),
            "decisive_input": decisive, "rank_correlation": rho,
            "infeasible_fraction": (1.0 - ok.mean(axis=0)).tolist(),
            "inputs": [{k: v for k, v in i.items()} for i in inputs]}


def when_report(s: Scenario, provenance: dict, *, n: int = DEFAULT_DRAWS, seed: int = 0) -> tuple[list[str], dict]:
    """The report's "when" section: ``(text lines, JSON-ready dict)``.

    The dict holds ``breakeven_years`` (`breakeven_years`) and
    ``p_win`` (`p_win_by_year`).
    """
    years = year_grid(s)
    be = breakeven_years(s, years)
    pw = p_win_by_year(s, provenance, years, n=n, seed=seed)
    ymax = be["year_max"]
    variants = list(be["by_variant"])
    names = list(s.sites)
    w = max(10, max(len(x) for x in names))
    vw = max(len(v) for v in variants) + 2
    lines = [f"When: first year orbit is cheaper per GPU-hour, {years[0]:.0f}-{ymax:.0f} "
             "(all trajectories, and each alone with the others held at the first year)",
             "  " + f"{'site':<{w}}" + "".join(f"{v:>{vw}}" for v in variants)]
    for nm in names:
        cells = [be["by_variant"][v][nm] for v in variants]
        lines.append("  " + f"{nm:<{w}}" + "".join(
            f"{(f'{y:.0f}' if y is not None else f'>{ymax:.0f}'):>{vw}}" for y in cells))
    lines.append(f"  (>{ymax:.0f}: not before {ymax:.0f}, the last year the trajectories are trusted)")
    step = max(1, len(years) // 5)
    pick = list(range(0, len(years), step))
    if pick[-1] != len(years) - 1:
        pick.append(len(years) - 1)
    lines.append(f"P(orbit wins) by year vs the cheapest site ({pw['n']} draws over {len(pw['inputs'])} "
                 "trajectory inputs): " + ", ".join(f"{years[j]:.0f} {pw['p_any_site'][j]:.0%}" for j in pick))
    dec = [pw["decisive_input"][j] for j in pick]
    if any(dec):
        lines.append("  input most rank-correlated with the margin: " + ", ".join(
            f"{years[j]:.0f} {d}" for j, d in zip(pick, dec)))
    return lines, {"breakeven_years": be, "p_win": pw}
