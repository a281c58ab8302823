"""``orbitalcompute report [SCENARIO]``: the break-even report, the main job.

Evaluates one scenario (default ``models/scenarios/default.toml``: an orbital
cluster against the catalogue's terrestrial sites) through the whole pipeline
and prints, per delivered GPU-hour, what orbit and each site cost and of what,
the break-even launch price and the year the scenario's launch-price curve
reaches it, round-trip times to reference users, and kg CO2.  Figures (PNG and
SVG), ``report.json``, ``report.csv``, the resolved scenario with provenance
(``scenario.toml``) and the package versions (``versions.json``) go to
``--out DIR`` (default ``orbitalcompute_output/``).

Progress lines (one per step, with the elapsed time) go to stderr unless
``--quiet``; compiled kernels are kept on disk between runs (JAX's persistent
compilation cache, `orbitalcompute.cli._compile_cache`), so a second run skips
the compiles.

The functions here (`compute_report`, `format_table`,
`to_csv`, `to_json`, `write_figures`, `write_outputs`)
are importable for scripts and tests; a new report section adds its numbers in
`compute_report` (or `orbitalcompute.analysis.report.report_data`), its
lines in `format_table` (`_table` aligns columns) and its rows in
`to_csv`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import time
from contextlib import contextmanager
from pathlib import Path

DEFAULT_SCENARIO = "default"
DEFAULT_OUT = "orbitalcompute_output"
#: reference users for the latency table (names in models/ground_points.toml)
DEFAULT_USERS = ("london", "new_york", "tokyo", "sao_paulo")
OUTPUT = "orbital_cost_usd_per_gpu_h"  # = orbitalcompute.analysis.report.OUTPUT


def _samples_arg(v: str) -> int:
    from ..engine.spec import MAX_SAMPLES
    from .sweep import _int_arg

    return _int_arg("--samples", 1, MAX_SAMPLES)(v)


def register(sub):
    p = sub.add_parser(
        "report",
        help="the break-even report: cost per delivered GPU-hour in orbit and on the ground",
        description="Evaluate a scenario (default: models/scenarios/default.toml) and report the cost per "
                    "delivered GPU-hour in orbit and at each terrestrial site with its breakdown, the "
                    "break-even launch price and year, round-trip times to reference users and kg CO2 per "
                    "GPU-hour; write figures (PNG and SVG) to --out.",
    )
    p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO,
                   help="scenario name in models/scenarios/ or a path to a scenario .toml (default: default)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (readable, default), json or csv (for scripts)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="folder for the figures, report.json, report.csv, the resolved scenario "
                        f"(scenario.toml) and versions.json (default: {DEFAULT_OUT}/; with "
                        "--no-figures nothing is written unless --out is given)")
    p.add_argument("--no-figures", action="store_true", help="skip the figures (faster)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.add_argument("--users", default=",".join(DEFAULT_USERS),
                   help="comma-separated reference users for the latency table "
                        f"(models/ground_points.toml names; default: {','.join(DEFAULT_USERS)})")
    p.add_argument("--samples", type=_samples_arg, default=2000,
                   help="Monte Carlo draws of the uncertainty study (the same study as "
                        "'orbitalcompute uncertainty' with no FILE; default 2000)")
    p.add_argument("--quick", action="store_true",
                   help="coarser latency time steps, at most 400 Monte Carlo draws and coarser "
                        "figure grids (for a fast look)")
    from ._options import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


class Progress:
    """Progress lines on a stream (stderr): ``with progress("uncertainty study"):``
    prints ``report [  4.1 s] uncertainty study ...`` when the step starts (the time
    since the report started), so a step that takes more than a second is never
    silent.  ``Progress(enabled=False)`` prints nothing; the report's analysis
    functions take any such callable (or None)."""

    def __init__(self, stream=None, enabled: bool = True, prefix: str = "report"):
        self.stream = sys.stderr if stream is None else stream
        self.enabled = bool(enabled)
        self.prefix = prefix
        self.t0 = time.perf_counter()
        self.steps: dict[str, float] = {}  # seconds per step (for benchmarks)

    def note(self, what: str) -> None:
        if self.enabled:
            print(f"{self.prefix} [{time.perf_counter() - self.t0:6.1f} s] {what}", file=self.stream, flush=True)

    @contextmanager
    def __call__(self, what: str):
        self.note(what + " ...")
        t = time.perf_counter()
        try:
            yield
        finally:
            self.steps[what] = self.steps.get(what, 0.0) + time.perf_counter() - t


def _step(progress, what: str):
    """`orbitalcompute.analysis.report._step` (imported when first used: the CLI starts without JAX)."""
    from ..analysis.report import _step as step

    return step(progress, what)


def compute_report(scenario: str = DEFAULT_SCENARIO, *, users=DEFAULT_USERS, quick: bool = False,
                   samples: int | None = 2000, seed: int | None = None, overrides=None,
                   progress=None) -> dict:
    """Evaluate ``scenario`` and collect every number the report shows
    (`orbitalcompute.analysis.report.report_data`; the scenario is parsed once and
    kept in ``_scenario``/``_provenance`` for `write_figures`).

    Parameters
    ----------
    scenario : str
        Name in ``models/scenarios`` or path to a scenario TOML file.
    users : sequence of str
        Reference users (``models/ground_points.toml`` names) for RTTs.
    quick : bool
        30-minute instead of 10-minute latency steps (and at most 400 Monte Carlo draws).
    samples, seed : int, optional
        Draws and seed of the uncertainty study (`orbitalcompute.analysis.report.uncertainty_study`;
        seed None = the study file's); ``samples=None`` skips it.
    overrides : dict or list of str, optional
        ``{path: value}`` or ``["PATH=VALUE", ...]`` applied to the scenario
        (`orbitalcompute.analysis.overrides.apply_overrides`; units allowed); an
        override that changes no output warns (`NoEffectWarning`).
    progress : callable, optional
        ``progress(step)`` returning a context manager around each step (`Progress`).

    Returns
    -------
    dict
        JSON-ready: ``scenario``, ``design``, ``orbit``, ``sites``, ``latency``, ``units``
        (keys starting with ``_`` are not printed).

    Raises
    ------
    ValueError
        Unknown scenario (lists the valid names) or user name, bad scenario file.
    """
    from ..analysis import report as analysis

    from ._options import load

    with _step(progress, f"loading scenario {scenario!r}"):
        s, prov, desc = load(argparse.Namespace(set=list(_override_items(overrides))), scenario, verb="report")
    if quick and samples is not None:
        samples = min(samples, 400)
    rep = analysis.report_data(s, str(scenario), desc, users=users, quick=quick, provenance=prov,
                               samples=samples, seed=seed, progress=progress)
    rep["_scenario"], rep["_provenance"] = s, prov
    rep["_source"] = str(scenario)
    from ..analysis import whom as _whom  # the 'For whom' section (orbitalcompute whom)

    with _step(progress, "for whom: workloads and users"):
        rep["whom"] = _whom.whom_data(s, quick=quick)
    if overrides:
        rep["scenario"]["overrides"] = {p: str(v) for p, v in _override_items(overrides)}
    from ..analysis.when import DEFAULT_DRAWS, when_report  # issue 12: break-even year, P(win) by year
    rep["_when_lines"], rep["when"] = when_report(s, prov, n=64 if quick else DEFAULT_DRAWS)
    return rep


def _override_items(overrides):
    from ..analysis.overrides import _items

    return _items(overrides)


def _money(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:,.3f}"


def _num(x, fmt: str, why: str = "n/a") -> str:
    """``x`` formatted, or ``why`` when it is not a finite number (never 'nan')."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return why
    return format(x, fmt) if math.isfinite(x) else why


def _flag(rep: dict, output: str) -> str:
    return " [A]" if output in rep.get("assumptions", {}).get("flagged_outputs", {}) else ""


def _site_output(name: str) -> str:
    return OUTPUT if name == "orbit" else f"site_{name}_cost_usd_per_gpu_h"


def _breakeven_text(site: dict) -> tuple[str, str]:
    p, u, d = site["breakeven_price_usd_per_kg"], site["breakeven_unclipped_usd_per_kg"], site["breakeven_date_yr"]
    if site["breakeven_exists"] and math.isfinite(p):
        year = f"{d:.1f}" if math.isfinite(d) else "not on the curve"
        return f"{p:,.0f} USD/kg", year
    if math.isfinite(u):
        # u < 0: even free launch is dearer than the site; say both numbers so it reads one way only
        return (f"none: needs a launch price of {u:,.0f} USD/kg, i.e. a subsidy of {-u:,.0f} USD/kg "
                f"on top of free launch"), "never"
    return "none", "never"


def _table(header, rows, align=None, indent: str = "  ") -> list[str]:
    """Lines of an aligned text table (rendered by ``rich``, no colour, no width
    limit): ``header`` is a sequence of column titles, ``rows`` of cell strings,
    ``align`` one of ``"l"``/``"r"`` per column (default: first left, others right)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # plain text: "[yr]" is a unit, not rich markup

    ncol = len(header)
    align = align or ("l",) + ("r",) * (ncol - 1)
    t = Table(box=None, pad_edge=False, padding=(0, 1), header_style="", show_header=True)
    for h, a in zip(header, align):
        t.add_column(Text(str(h)), justify="left" if a == "l" else "right", no_wrap=True)
    for r in rows:
        t.add_row(*[Text(str(c)) for c in r])
    buf = io.StringIO()
    Console(file=buf, width=100_000, color_system=None, force_terminal=False, legacy_windows=False,
            soft_wrap=False).print(t)
    out = [indent + ln.rstrip() for ln in buf.getvalue().splitlines() if ln.strip()]
    if out:  # an ASCII rule under the header (any terminal encoding)
        out.insert(1, indent + "-" * (max(len(ln) for ln in out) - len(indent)))
    return out


def format_table(rep: dict) -> str:
    """The readable report."""
    sc, d, o = rep["scenario"], rep["design"], rep["orbit"]
    lines = [f"orbitalcompute report: scenario '{sc['name']}'"]
    if sc.get("overrides"):
        lines.append("With --set " + ", ".join(f"{k} = {v}" for k, v in sc["overrides"].items()))
    if sc["description"]:
        lines.append(sc["description"])
    lt = f", LTAN {sc['ltan_h']:g} h" if sc["ltan_h"] is not None else ""
    lines += [
        f"Orbit: {sc['orbit_altitude_km']:g} km {sc['orbit_type'].replace('_', '-')}{lt}; "
        f"{sc['satellite_count']:g} satellites x {d['gpu_count']:g} {sc['gpu_model']} "
        f"({d['it_power_w'] / 1e3:.1f} kW IT, {d['satellite_mass_kg']:,.0f} kg each); "
        f"sunlit {d['mean_sunlit_fraction']:.1%}, longest eclipse {d['longest_eclipse_s'] / 60:.1f} min; "
        f"life {d['lifetime_yr']:.1f} yr; goodput {d['goodput_fraction']:.1%}.",
        f"Launch: {d['launch_price_usd_per_kg']:,.0f} USD/kg ({sc['launch_price_model']}, "
        f"{sc['launch_date_yr']:g}), {d['launch_count']:g} launches.",
    ]
    if not o["feasible"]:
        lines.append("INFEASIBLE design: " + "; ".join(o["reasons"]))
    lines += ["", "Cost per delivered GPU-hour [USD]"]
    rows = [("orbit", o["cost_usd_per_gpu_h"], o["carbon_kgco2_per_gpu_h"])] + [
        (n, v["cost_usd_per_gpu_h"], v["carbon_kgco2_per_gpu_h"]) for n, v in rep["sites"].items()]
    w = max(len(r[0]) for r in rows)
    oc = o["cost_usd_per_gpu_h"]
    cells = []
    for n, c, co2 in rows:
        ratio = "" if n == "orbit" or not (math.isfinite(c) and math.isfinite(oc) and c > 0) else f"{oc / c:.2f}x"
        cells.append((n, _money(c), ratio, _num(co2, ".3f"), _flag(rep, _site_output(n)).strip()))
    lines += _table(("option", "USD/GPU-h", "vs orbit", "kgCO2/GPU-h", ""), cells, ("l", "r", "r", "r", "l"))
    lines.append("  (vs orbit: orbital cost / site cost; > 1 means the ground is cheaper; "
                 "[A]: rests on inputs sourced only as assumptions, listed below)")
    if "ratio_to_cheapest_site" in o:
        lines.append(f"  Orbit costs {o['ratio_to_cheapest_site']:.2f}x the cheapest site ({o['cheapest_site']}).")
    lines += _assumption_lines(rep, w)
    lines += _demand_lines(rep, w)
    lines += _uncertainty_lines(rep)
    if rep.get("breakeven_ranking") is not None:
        lines += ["", "Inputs ranked by distance to their break-even value (in units of their own range)"]
        lines += _ranking_lines(rep["breakeven_ranking"], rep.get("breakeven_top", ()))

    lines += ["", "Orbital cost breakdown [USD per GPU-hour]"]
    parts = sorted(o["breakdown_usd_per_gpu_h"].items(), key=lambda kv: -abs(kv[1]) if math.isfinite(kv[1]) else 0)
    cells = []
    for k, v in parts:
        share = v / oc if math.isfinite(oc) and oc else float("nan")
        cells.append((k.replace("_", " "), _money(v), _num(share, ".1%")))
    lines += _table(("category", "USD/GPU-h", "share"), cells)
    if rep["sites"]:
        lines += ["", "Terrestrial cost breakdown [USD per GPU-hour]"]
        cats = list(next(iter(rep["sites"].values()))["breakdown_usd_per_gpu_h"])
        names = list(rep["sites"])
        cells = [[c.replace("_", " ")] + [_money(rep["sites"][n]["breakdown_usd_per_gpu_h"].get(c, float("nan")))
                                          for n in names] for c in cats]
        lines += _table(["category"] + names, cells)

    lines += ["", "Break-even launch price (orbit = site) and the year the scenario's launch curve reaches it"]
    lines += _table(("site", "break-even launch price", "year"),
                    [(n, *_breakeven_text(v)) for n, v in rep["sites"].items()], ("l", "l", "l"))

    lines += [""] + rep.get("_when_lines", [])
    if rep["latency"]:
        lines += ["", "Round-trip time to reference users [ms] (propagation only; orbit: median and p95 over a "
                      "day via Starlink ISLs; sites: fibre)"]
        names = list(rep["sites"])
        cells = [[u, f"{v['orbit_p50_ms']:.1f}", f"{v['orbit_p95_ms']:.1f}", f"{v['orbit_reachable_fraction']:.0%}"]
                 + [_num(v["site_rtt_ms"][n], ".1f") for n in names] for u, v in rep["latency"].items()]
        lines += _table(["user", "orbit p50", "p95", "reach"] + names, cells)
    if rep.get("whom"):
        from ..analysis.whom import whom_lines

        lines += [""] + whom_lines(rep["whom"])
    if rep.get("figures"):
        lines += ["", "Figures: " + ", ".join(str(p) for p in rep["figures"] if str(p).endswith(".png"))]
    if rep.get("files"):
        lines += ["Data: " + ", ".join(str(p) for p in rep["files"])]
    return "\n".join(lines)


def _flag_share(r: dict) -> str:
    """``path +e``; a calendar date's elasticity (against year 0) also as the change per year."""
    v = r.get("value")
    if r["path"].endswith("date_yr") and isinstance(v, float) and math.isfinite(v) and v != 0:
        return f"{r['path']} {r['elasticity']:+.3g} (a date: {100 * r['elasticity'] / v:+.3g} % per year)"
    return f"{r['path']} {r['elasticity']:+.3g}"


def _assumption_lines(rep: dict, w: int) -> list[str]:
    a = rep.get("assumptions")
    if not a:
        return []
    lines = ["", f"Assumption flags: outputs resting on inputs sourced only as 'assumption' "
                 f"({a['n_assumption_inputs']} such inputs in the scenario; share = elasticity "
                 "(x/y) dy/dx, i.e. % change of the cost per % change of the input)"]
    for out, rows in a["flagged_outputs"].items():
        top = ", ".join(_flag_share(r) for r in rows[:6])
        more = f" (+{len(rows) - 6} more)" if len(rows) > 6 else ""
        lines.append(f"  {out}: {len(rows)} inputs: {top}{more}")
    return lines


def _demand_lines(rep: dict, w: int) -> list[str]:
    rp = rep.get("rental_price")
    if not rp or "npv_usd" not in rep["orbit"]:
        return []
    src = (rp.get("source") or "scenario value").split(";")[0]
    lines = ["", f"At a rental price of {_num(rp['usd_per_gpu_h'], '.2f')} USD/GPU-h ({rp['path']}: {src})"]
    rows = [("orbit", rep["orbit"])] + list(rep["sites"].items())
    cells = [(n, _num(v["npv_usd"] / 1e6, ",.1f"), _num(v["irr"], ".1%", "none"), _num(v["payback_yr"], ".1f", "never"),
              _num(v["cost_usd_per_mtok"], ".3f"), _flag(rep, _site_output(n)).strip()) for n, v in rows]
    lines += _table(("option", "NPV [MUSD]", "IRR", "payback [yr]", "USD/Mtok", ""), cells,
                    ("l", "r", "r", "r", "r", "l"))
    reasons = sorted({f"{k}: {r}" for _, v in rows for k, r in v.get("not_a_number_reason", {}).items()})
    for r in reasons:
        lines.append(f"  ({r.replace('irr:', 'IRR none:', 1).replace('payback_yr:', 'payback never:', 1)})")
    lines.append("  (NPV of one cluster / site at the WACC of its side; USD/Mtok: levelised cost per million "
                 "tokens at the GPU's catalogue serving throughput)")
    return lines


def _uncertainty_lines(rep: dict) -> list[str]:
    u = rep.get("uncertainty")
    if not u:
        return []
    nom, med = u["nominal_usd_per_gpu_h"], u["median_usd_per_gpu_h"]
    gap = u["median_vs_nominal_fraction"]
    above, below = u["inputs_median_above_default"], u["inputs_median_below_default"]
    pc = u["p_orbit_beats_cheapest_site"]
    lines = ["", f"Uncertainty ({u['n']:,} draws, seed {u['seed']}, {u['n_parameters']} uncertain inputs of "
                 f"{Path(u['study']).name}; {u['n_feasible']:,} feasible; "
                 f"{'converged' if u['converged'] else 'NOT converged at rtol 0.01'})",
             f"  orbit: nominal {_num(nom, '.3f')}, median {_num(med, '.3f')}, 90 % interval "
             f"[{_num(u['q05_usd_per_gpu_h'], '.3f')}, {_num(u['q95_usd_per_gpu_h'], '.3f')}] USD/GPU-h"]
    if math.isfinite(gap):
        word = "above" if gap >= 0 else "below"
        nd = u["n_parameters_orbit_depends_on"]
        fo = u["first_order_shift_fraction"]
        lin = sum(fo.values())
        lines.append(f"  The median is {abs(gap):.1%} {word} the nominal because {len(above)} of the {nd} sampled "
                     f"ranges the orbital cost depends on have a median above the default ({len(below)} below, "
                     f"{nd - len(above) - len(below)} centred on it); to first order (elasticity x median shift) "
                     f"they move the cost {lin:+.1%}, the rest is the cost's curvature in its inputs.")
        if above:
            lines.append("    median above default: " + ", ".join(f"{p} ({fo.get(p, 0.0):+.1%})" for p in above))
        if below:
            lines.append("    median below default: " + ", ".join(f"{p} ({fo.get(p, 0.0):+.1%})" for p in below))
    if pc is not None:
        lo, hi = (0.0 if abs(x) < 1e-12 else x for x in (pc["low"], pc["high"]))  # float rounding of 0
        lines.append(f"  P(orbit beats the cheapest site of each draw) = {pc['p']:.3g} "
                     f"[{lo:.2g}, {hi:.2g}] (95 % Wilson, {pc['k']}/{pc['n']} draws)")
    return lines


def _ranking_lines(ranking, top=(), n: int = 10) -> list[str]:
    """The ranked inputs (those with a break-even first, nearest first), then the
    per-site break-even values of the top ones; never a NaN printed as a number."""
    found = [r for r in ranking if r.get("breakeven") is not None]
    none = [r for r in ranking if r.get("breakeven") is None]
    def _note(r):
        return "" if r.get("in_range", True) else \
            f"outside its catalogue range [{r['low']:g}, {r['high']:g}]: an extrapolation"

    lines = _table(("input", "nominal", "break-even", "distance", "unit", "note"),
                   [(r["path"], f"{r['nominal']:.4g}", f"{r['breakeven']:.4g}", f"{float(r['distance']):+.2f}",
                     r["unit"], _note(r)) for r in found[:n]], ("l", "r", "r", "r", "l", "l"))
    lines.append(f"  (distance: (break-even - nominal) / (high - low) of the input's catalogue range, log "
                 f"space for log-uniform ranges; {len(none)} of {len(ranking)} ranged inputs have no "
                 "break-even within their search range, e.g. "
                 + ", ".join(f"{r['path']} ({r['message']})" for r in none[:3]) + ")")
    for t in top:
        vals = ", ".join(f"{k} {_num(v, '.4g') if v is not None else 'none'}"
                         for k, v in t["value_by_site"].items() if k != "cheapest")
        lines.append(f"  {t['path']} at break-even, per site [{t['unit']}]: {vals}")
    lev = sorted((r for r in ranking if r.get("best_ratio") is not None), key=lambda r: r["best_ratio"])
    if lev:
        nom = lev[0].get("nominal_ratio")
        lines.append("  Leverage within the catalogue ranges: orbit / cheapest site with one input alone at the "
                     f"favourable end of its range (nominal {_num(nom, '.3g')}x):")
        lines += _table(("input", "end", "value", "unit", "orbit / cheapest"),
                        [(r["path"], r["best_end"], f"{r[r['best_end']]:.4g}", r["unit"], f"{r['best_ratio']:.3g}x")
                         for r in lev[:n]], ("l", "l", "r", "l", "r"), indent="    ")
    return lines


def to_csv(rep: dict) -> str:
    """Flat CSV: ``option,quantity,value,unit`` (an empty value where a number does not exist,
    e.g. no break-even or no payback; the JSON says why)."""
    buf = io.StringIO()
    raw = csv.writer(buf, lineterminator="\n")

    class _Rows:  # a value that is not a finite number is an empty cell, never 'nan'
        @staticmethod
        def writerow(r):
            raw.writerow([r[0], r[1], _csv_num(r[2]) if isinstance(r[2], float) else r[2], r[3]])

    wr = _Rows()
    wr.writerow(["option", "quantity", "value", "unit"])
    o = rep["orbit"]
    wr.writerow(["orbit", "cost", o["cost_usd_per_gpu_h"], "USD/(GPU h)"])
    for k, v in o["breakdown_usd_per_gpu_h"].items():
        wr.writerow(["orbit", f"cost.{k}", v, "USD/(GPU h)"])
    wr.writerow(["orbit", "carbon", o["carbon_kgco2_per_gpu_h"], "kgCO2/(GPU h)"])
    for k, v in rep["design"].items():
        wr.writerow(["orbit", f"design.{k}", v, ""])
    for n, s in rep["sites"].items():
        wr.writerow([n, "cost", s["cost_usd_per_gpu_h"], "USD/(GPU h)"])
        for k, v in s["breakdown_usd_per_gpu_h"].items():
            wr.writerow([n, f"cost.{k}", v, "USD/(GPU h)"])
        wr.writerow([n, "carbon", s["carbon_kgco2_per_gpu_h"], "kgCO2/(GPU h)"])
        wr.writerow([n, "breakeven_price", s["breakeven_price_usd_per_kg"], "USD/kg"])
        wr.writerow([n, "breakeven_unclipped_price", s["breakeven_unclipped_usd_per_kg"], "USD/kg"])
        wr.writerow([n, "breakeven_date", s["breakeven_date_yr"], "yr"])
    dem = [("npv_usd", "npv", "USD"), ("irr", "irr", "1"), ("payback_yr", "payback", "yr"),
           ("cost_usd_per_mtok", "cost_per_mtok", "USD/Mtok")]
    for n, v in [("orbit", o)] + list(rep["sites"].items()):
        for k, q, unit in dem:
            if k in v:
                wr.writerow([n, q, _csv_num(v[k]), unit])
        if "orbit_ratio" in v:
            wr.writerow([n, "orbit_ratio", v["orbit_ratio"], "1"])
        if "assumptions" in rep:
            wr.writerow([n, "rests_on_assumptions", int(_site_output(n) in rep["assumptions"]["flagged_outputs"]), ""])
    if "rental_price" in rep:
        wr.writerow(["all", "rental_price", rep["rental_price"]["usd_per_gpu_h"], "USD/(GPU h)"])
    for out, rows in rep.get("assumptions", {}).get("flagged_outputs", {}).items():
        for r in rows:
            wr.writerow([f"assumption:{r['path']}", f"elasticity_of.{out}", r["elasticity"], "1"])
    for r in rep.get("breakeven_ranking") or ():
        if r.get("breakeven") is not None:
            wr.writerow([f"input:{r['path']}", "breakeven_vs_cheapest", r["breakeven"], r["unit"]])
            wr.writerow([f"input:{r['path']}", "breakeven_distance_in_ranges", r["distance"], "1"])
            wr.writerow([f"input:{r['path']}", "breakeven_in_catalogue_range", int(r["in_range"]), ""])
        if r.get("best_ratio") is not None:
            wr.writerow([f"input:{r['path']}", f"orbit_ratio_at_{r['best_end']}", r["best_ratio"], "1"])
    u = rep.get("uncertainty")
    if u:
        for k in ("nominal_usd_per_gpu_h", "median_usd_per_gpu_h", "q05_usd_per_gpu_h", "q95_usd_per_gpu_h",
                  "mean_usd_per_gpu_h", "median_vs_nominal_fraction"):
            wr.writerow(["orbit", f"uncertainty.{k}", _csv_num(u[k]), ""])
        wr.writerow(["orbit", "uncertainty.n", u["n"], ""])
        wr.writerow(["orbit", "uncertainty.seed", u["seed"], ""])
        if u["p_orbit_beats_cheapest_site"] is not None:
            wr.writerow(["orbit", "uncertainty.p_beats_cheapest_site", u["p_orbit_beats_cheapest_site"]["p"], "1"])
    for u, v in rep["latency"].items():
        wr.writerow([f"user:{u}", "orbit_rtt_p50", v["orbit_p50_ms"], "ms"])
        wr.writerow([f"user:{u}", "orbit_rtt_p95", v["orbit_p95_ms"], "ms"])
        for n, r in v["site_rtt_ms"].items():
            wr.writerow([f"user:{u}", f"rtt_to_{n}", r, "ms"])
    for w, e in rep.get("whom", {}).get("workloads", {}).items():  # the 'For whom' answers
        for u, a in e["by_user"].items():
            wr.writerow([f"whom:{w}:{u}", f"choice={a['choice'] or 'none'}", _csv_num(a["cost_usd_per_gpu_h"]),
                         "USD/(GPU h)"])
            wr.writerow([f"whom:{w}:{u}", "margin", _csv_num(a["margin_usd_per_gpu_h"]), "USD/(GPU h)"])
    return buf.getvalue()


def _csv_num(x):
    """A finite number, or an empty cell (never 'nan')."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return ""
    return x if math.isfinite(x) else ""


def write_figures(scenario: str, rep: dict, outdir, *, samples: int = 2000, quick: bool = False,
                  progress=None) -> list[Path]:
    """Write the report's figures (PNG + SVG) to ``outdir``; returns the paths.  The
    numbers come from `orbitalcompute.analysis.report`; this function only plots
    (``progress``: as in `compute_report`)."""
    import numpy as np

    from .. import illumination, plots
    from ..analysis import report as analysis
    from ..engine.sensitivity import tornado_chart

    if "_scenario" in rep:
        s, prov = rep["_scenario"], rep["_provenance"]
    else:
        s, prov, _ = analysis.load(scenario)
    outdir = Path(outdir)
    o, sites = rep["orbit"], rep["sites"]
    site_cost = {n: v["cost_usd_per_gpu_h"] for n, v in sites.items()}
    note = f"Scenario '{rep['scenario']['name']}'; every input from models/ (orbitalcompute catalog list)."
    paths: list[Path] = []

    # 1. cost breakdown, orbit vs sites
    with _step(progress, "figure: cost breakdown"):
        bd = {"orbit": o["breakdown_usd_per_gpu_h"]}
        bd.update({n: v["breakdown_usd_per_gpu_h"] for n, v in sites.items()})
        nflag = [n for n in bd if _site_output(n) in rep.get("assumptions", {}).get("flagged_outputs", {})]
        anote = (f" [A] rests on inputs sourced only as assumptions: {', '.join(nflag)}." if nflag else "")
        paths += plots.save(plots.cost_breakdown(bd, source_note=note + anote), outdir, "cost_breakdown")

    # 2. orbital cost vs launch price, break-even markers
    with _step(progress, "figure: cost vs launch price"):
        prices = np.geomspace(10.0, 10000.0, 25 if quick else 60)
        y = analysis.launch_price_sweep(s, prices)
        be = {n: (v["breakeven_price_usd_per_kg"] if v["breakeven_exists"] else None) for n, v in sites.items()}
        paths += plots.save(plots.cost_vs_launch_price(
            prices, y, site_cost, breakeven_usd_per_kg=be, source_note=note,
            current_usd_per_kg=rep["design"]["launch_price_usd_per_kg"],
            current_label=f"scenario's launch price ({rep['scenario']['launch_date_yr']:g})"),
            outdir, "cost_vs_launch_price")

    # 3. launch price vs year with the break-even band
    with _step(progress, "figure: launch price by year"):
        years, curve = analysis.launch_price_by_year(s)
        fin = [v["breakeven_price_usd_per_kg"] for v in sites.values()
               if v["breakeven_exists"] and math.isfinite(v["breakeven_price_usd_per_kg"])]
        dates = [v["breakeven_date_yr"] for v in sites.values() if math.isfinite(v["breakeven_date_yr"])]
        paths += plots.save(plots.launch_price_vs_year(
            years, curve, breakeven_band_usd_per_kg=(min(fin), max(fin)) if fin else None,
            breakeven_year=min(dates) if dates else None, curve_label="scenario launch-price curve",
            title="Launch price by year and the break-even band" + ("" if fin else " (no site breaks even)"),
            current=(rep["scenario"]["launch_date_yr"], rep["design"]["launch_price_usd_per_kg"]),
            source_note=note), outdir, "launch_price_vs_year")

    if "when" in rep:  # 3b. P(orbit wins) by year (analysis.when)
        from ..plots.when import p_win_by_year
        pw = rep["when"]["p_win"]
        paths += plots.save(p_win_by_year(pw["years"], pw["p_by_site"], pw["p_any_site"], source_note=note + (
            f" {pw['n']} draws over the trajectories' catalogue ranges.")), outdir, "p_win_by_year")

    # 4. tornado over every parameter with a catalogue range
    with _step(progress, "tornado and design-space grid (one vectorised evaluation)"):
        swings, g = analysis.tornado_and_design_grid(s, prov, n=(9, 8) if quick else (17, 16))
    with _step(progress, "figure: tornado"):
        fig = tornado_chart(swings, output=OUTPUT, unit="USD/(GPU h)",
                            source_note=note + " Each input at the low/high end of its catalogue range, others at base.")
        paths += plots.save(fig, outdir, "tornado")

    # 5. Monte Carlo over the same ranges (the engine's monte_carlo)
    with _step(progress, "figure: uncertainty histogram"):
        u = rep.get("uncertainty")
        if u is None or "_uncertainty_draws" not in rep:
            n = min(samples, 400) if quick else samples
            u = analysis.uncertainty_study(s, prov, n=n)
            draws = u.pop("_cost_usd_per_gpu_h")
        else:
            draws = rep["_uncertainty_draws"]
        flagged = OUTPUT in rep.get("assumptions", {}).get("flagged_outputs", {})
        fig = plots.uncertainty_histogram(
            draws, reference_lines=site_cost, nominal=u["nominal_usd_per_gpu_h"],
            source_note=note + f" {u['n']} draws (seed {u['seed']}) of the {u['n_parameters']} uncertain inputs of "
            f"{Path(u['study']).name}; {len(u['inputs_median_above_default'])} ranges have a median above the "
            "default." + (" [A] the orbital cost rests on inputs sourced only as assumptions." if flagged else ""))
        paths += plots.save(fig, outdir, "uncertainty_histogram")

    # 6. illumination over a year
    with _step(progress, "figure: illumination over a year"):
        summ = illumination.annual_summary(s.orbit, method="analytic")
        dd = summ.daily
        paths += plots.save(plots.illumination_year(
            np.arange(len(dd.sunlit_fraction)) + 1, dd.sunlit_fraction, np.asarray(dd.longest_eclipse_s) / 60.0,
            beta_deg=dd.beta_deg, title="Illumination of the scenario's orbit over a year", source_note=note),
            outdir, "illumination_year")

    # 7. RTT over a day and its CDF
    with _step(progress, "figures: round-trip time over a day and its CDF"):
        ser = rep["_series"]
        series = {f"{u} -> orbit": np.asarray(v, dtype=float) for u, v in ser["orbit_rtt_ms"].items()}
        refs = {}  # each user's fibre RTT to its nearest site, in that user's panel
        if sites:
            for u, v in rep["latency"].items():
                near = min(sites, key=lambda nm: v["site_rtt_ms"][nm])
                refs[f"{u} -> orbit"] = (f"fibre to {near}", v["site_rtt_ms"][near])
        paths += plots.save(plots.rtt_over_day(ser["t_h"], series, references=refs, source_note=note),
                            outdir, "rtt_over_day")
        cdf = dict(series)
        if sites and rep["latency"]:
            u0 = next(iter(rep["latency"]))
            near = min(sites, key=lambda nm: rep["latency"][u0]["site_rtt_ms"][nm])
            cdf[f"{u0} -> {near} (fibre)"] = np.full(len(ser["t_h"]), rep["latency"][u0]["site_rtt_ms"][near])
        paths += plots.save(plots.rtt_cdf(cdf, source_note=note), outdir, "rtt_cdf")

    # 8. design-space heat map: altitude x radiator temperature over their catalogue ranges
    with _step(progress, "figure: design-space map"):
        paths += plots.save(plots.heatmap_feasibility(
            g["x"], g["y"], g["cost_usd_per_gpu_h"], g["feasible"], xlabel="orbit altitude [km]",
            ylabel="radiator temperature [K]", zlabel="orbital cost [USD per GPU-hour]", optimum=g["best"],
            title="Design space: altitude x radiator temperature (catalogue ranges)", source_note=note),
            outdir, "design_space_heatmap")
    return paths


def to_json(rep: dict) -> str:
    """The report as strict JSON (no NaN: a number that does not exist is ``null``;
    keys starting with ``_`` are left out)."""
    from ..reproductions import json_safe

    public = {k: v for k, v in rep.items() if not k.startswith("_")}
    return json.dumps(json_safe(public), indent=2, default=str, allow_nan=False)


#: distributions whose versions ``versions.json`` records
VERSIONED = ("orbitalcompute", "jax", "jaxlib", "numpy", "scipy", "astropy", "skyfield", "sgp4",
             "matplotlib", "xarray", "zarr", "SALib", "rich")


def package_versions() -> dict:
    """``{"python": ..., "platform": ..., "packages": {name: version or None}}``."""
    import platform
    from importlib import metadata

    def ver(n):
        try:
            return metadata.version(n)
        except metadata.PackageNotFoundError:
            return None

    return {"python": platform.python_version(), "platform": platform.platform(),
            "packages": {n: ver(n) for n in VERSIONED}}


def _toml_str(x) -> str:
    return json.dumps(str(x), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_val(x) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, (int, float)):
        x = float(x)
        return repr(x) if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))
    return _toml_str(x)


def _categories(obj, prefix: str = "") -> dict:
    """``{dotted path: value}`` of the categorical (static) fields of a scenario."""
    import dataclasses

    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(_categories(v, f"{prefix}{k}."))
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if f.metadata.get("kind") == "category":
                out[prefix + f.name] = v
            elif f.metadata.get("kind") == "component":
                out.update(_categories(v, f"{prefix}{f.name}."))
    return out


def scenario_toml(s, provenance: dict, *, name: str = "", source: str = "") -> str:
    """The resolved scenario as TOML: every categorical choice and every numeric
    input the report evaluated (dotted path, value, unit) with its provenance
    (source, date, low/high, distribution, currency year) where the catalogue or the
    scenario file gives one.  A record of what was run, not a scenario file."""
    from .. import __version__
    from ..core.autodiff import leaves_by_path
    from ..units import unit_of

    lines = [f"# Resolved scenario {name!r} as evaluated by orbitalcompute {__version__} "
             f"({time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}).",
             "# Every input with its value and provenance; a record of the run, not a scenario file.",
             "", "[scenario]", f"name = {_toml_str(name)}", f"source = {_toml_str(source)}", "",
             "[categories]"]
    lines += [f"{_toml_str(k)} = {_toml_val(v)}" for k, v in _categories(s).items()]
    lines += ["", "[parameters]"]
    for path, leaf in leaves_by_path(s).items():
        try:
            value = float(leaf)
        except (TypeError, ValueError):
            continue
        rec = provenance.get(path)
        items = [("value", value), ("unit", rec.unit if rec is not None else (unit_of(path.rsplit(".", 1)[-1]) or ""))]
        if rec is not None:
            items += [("source", rec.source), ("date", rec.date)]
            items += [(k, getattr(rec, k)) for k in ("low", "high", "distribution", "currency_year", "note")
                      if getattr(rec, k) is not None]
            if float(rec.value) != value:
                items.append(("catalogue_value", float(rec.value)))
        else:
            items.append(("source", "no provenance record (a derived or structural default)"))
        lines.append(f"{_toml_str(path)} = {{ " + ", ".join(f"{k} = {_toml_val(v)}" for k, v in items) + " }")
    return "\n".join(lines) + "\n"


def write_outputs(rep: dict, outdir) -> list[Path]:
    """Write ``report.json``, ``report.csv``, ``scenario.toml`` (the resolved scenario
    with provenance, `scenario_toml`) and ``versions.json`` to ``outdir``."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    files = {"report.json": to_json(rep) + "\n", "report.csv": to_csv(rep),
             "versions.json": json.dumps(package_versions(), indent=2) + "\n"}
    if "_scenario" in rep:
        files["scenario.toml"] = scenario_toml(rep["_scenario"], rep.get("_provenance", {}),
                                               name=rep["scenario"]["name"], source=rep.get("_source", ""))
    paths = []
    for fname, text in files.items():
        path = outdir / fname
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _run(args):
    from . import _compile_cache as compile_cache

    compile_cache.enable()  # no-op when the user turned it off
    progress = Progress(enabled=not args.quiet)
    rep = compute_report(args.scenario, users=args.users.split(","), quick=args.quick, samples=args.samples,
                         overrides=args.set, progress=progress)
    out = args.out if args.out is not None else (None if args.no_figures else DEFAULT_OUT)
    if not args.no_figures:
        rep["figures"] = [str(p) for p in write_figures(args.scenario, rep, out, samples=args.samples,
                                                        quick=args.quick, progress=progress)]
    if out is not None:
        rep["files"] = [str(p) for p in write_outputs(rep, out)]
    progress.note(f"done in {time.perf_counter() - progress.t0:.1f} s")
    if args.format == "json":
        print(to_json(rep))
    elif args.format == "csv":
        sys.stdout.write(to_csv(rep))
    else:
        print(format_table(rep))
    return 0
