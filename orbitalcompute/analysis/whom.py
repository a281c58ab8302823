r"""For whom: per workload and user, the cheapest option that meets the
workload's latency target (the orbital cluster or which terrestrial site), its
cost and its margin over the next option.

Every cost comes from one evaluation of `orbitalcompute.pipeline.evaluate`
(``workload_<w>_orbital_cost_usd_per_gpu_h`` for orbit, which carries the
workload's optical inter-satellite links, gateways and feasibility;
``site_<s>_cost_usd_per_gpu_h`` for the ground).  Round-trip times come from
`user_latency`, the one place this module reads latency.

Rules
-----
* An option *meets* a workload's target $T$ (``latency_target_ms``) for a user
  when its round trip is at most $T$: a site by its fibre RTT
  (`orbitalcompute.latency.fibre.fibre_rtt_ms`); the orbit by its 95th-percentile
  RTT over a day through the relay constellation, with the user-terminal access
  overhead included (`orbitalcompute.latency.orbital_cluster_rtt` with
  ``access_overhead=True``), and only if the cluster is reachable at least
  `MIN_REACHABLE_FRACTION` of the time and the workload is feasible in
  orbit (``workload_<w>_feasible``).
* The *choice* is the cheapest option that meets the target; the *margin* is
  the next qualifying option's cost minus the choice's, in USD per GPU-hour and
  as a fraction of the choice's cost.  With one qualifying option there is no
  margin (``None``); with none there is no choice (``None``, and the reason).

No number is ever NaN in the returned data: a value that does not exist is
``None`` with a reason beside it.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.workloads import WORKLOAD_REASON_CODES
from ..economics.workloads import default_workloads
from ..latency import ground_point, orbital_cluster_rtt
from ..latency.fibre import fibre_rtt_ms
from ..latency.table import region_names
from ..pipeline import REASON_CODES, evaluate
from ..scenario import Scenario

__all__ = ["ORBIT", "DEFAULT_USERS", "MIN_REACHABLE_FRACTION", "user_latency", "whom_data", "whom_lines"]

#: name of the orbital option in the answers
ORBIT = "orbit"
#: reference users (``models/ground_points.toml``): every continent with demand
DEFAULT_USERS = ("london", "new_york", "tokyo", "sao_paulo", "mumbai", "singapore", "johannesburg",
                 "sydney", "mexico_city")
#: the orbit must be reachable at least this share of the day to serve a latency-bound workload
MIN_REACHABLE_FRACTION = 0.99
#: latency targets at or above this [ms] are "no target" in the text
NO_TARGET_MS = 1.0e5


def _f(x):
    """A finite float, or None."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def user_latency(s: Scenario, users, *, quick: bool = False) -> dict:
    """Round-trip times [ms] from each user to the scenario's orbit and to each of its sites.

    The orbit: RTT over a day (10-minute steps, 30 with ``quick``) through the
    relay constellation's laser links with the user-terminal access overhead
    (`orbitalcompute.latency.orbital_cluster_rtt`); sites: fibre RTT on the
    inflated great circle (`orbitalcompute.latency.fibre.fibre_rtt_ms`).

    Returns
    -------
    dict
        ``orbit_p50_ms``, ``orbit_p95_ms``, ``orbit_reachable_fraction`` (arrays
        over users), ``site_rtt_ms`` ({site: array over users}), ``method`` (text).
    """
    pts = np.array([ground_point(u) for u in users], dtype=float)  # raises with the valid names
    t = np.arange(0.0, 86400.0, 1800.0 if quick else 600.0)
    _, stats = orbital_cluster_rtt(pts[:, 0], pts[:, 1], s.orbit, t_s=t, access_overhead=True)
    sites = {n: np.asarray(fibre_rtt_ms(pts[:, 0], pts[:, 1], p.latitude_deg, p.longitude_deg), dtype=float)
             for n, p in s.sites.items()}
    return {"orbit_p50_ms": np.asarray(stats["p50_ms"], dtype=float),
            "orbit_p95_ms": np.asarray(stats["p95_ms"], dtype=float),
            "orbit_reachable_fraction": np.asarray(stats["reachable_fraction"], dtype=float),
            "site_rtt_ms": sites,
            "method": f"orbit: p95 over a day at {int(t[1] - t[0])} s steps through the relay constellation's "
                      "laser links, access overhead included; sites: fibre on the inflated great circle"}


def _orbit_why_not(feasible: bool, code: int, p95, reach, target) -> str | None:
    if not feasible:
        bits = [t for b, t in {**REASON_CODES, **WORKLOAD_REASON_CODES}.items() if code & b]
        return "infeasible in orbit: " + ("; ".join(bits) if bits else "non-finite cost")
    if reach is None or reach < MIN_REACHABLE_FRACTION:
        return (f"reachable only {0.0 if reach is None else reach:.0%} of the day "
                f"(needs {MIN_REACHABLE_FRACTION:.0%})")
    if p95 is None or p95 > target:
        return f"p95 RTT {'unknown' if p95 is None else f'{p95:.0f} ms'} > target {target:.0f} ms"
    return None


def _answer(o_ok: bool, o_cost, code: int, p95, reach, target: float, site_rtt: dict, site_cost: dict) -> dict:
    """One user's (or region's) answer: the cheapest option within ``target``, its margin."""
    why = _orbit_why_not(o_ok, code, p95, reach, target)
    options = [] if why else [(o_cost, ORBIT, p95)]
    for n, rtt in site_rtt.items():
        if site_cost[n] is not None and rtt is not None and rtt <= target:
            options.append((site_cost[n], n, rtt))
    options.sort(key=lambda x: x[0])
    ans = {"choice": None, "cost_usd_per_gpu_h": None, "rtt_ms": None, "runner_up": None,
           "runner_up_cost_usd_per_gpu_h": None, "margin_usd_per_gpu_h": None, "margin_fraction": None,
           "qualifying_options": len(options), "orbit_rtt_p95_ms": p95, "orbit_reachable_fraction": reach,
           "orbit_meets_target": why is None, "orbit_why_not": why}
    if options:
        c, n, r = options[0]
        ans.update(choice=n, cost_usd_per_gpu_h=c, rtt_ms=r)
        if len(options) > 1:
            c2, n2, _ = options[1]
            ans.update(runner_up=n2, runner_up_cost_usd_per_gpu_h=c2, margin_usd_per_gpu_h=c2 - c,
                       margin_fraction=(c2 - c) / c if c > 0 else None)
    else:
        known = {n: v for n, v in site_rtt.items() if v is not None}
        near = min(known, key=known.get) if known else None
        ans["no_choice_reason"] = (f"no option within {target:.0f} ms" + (
            f" (nearest site {near}: {known[near]:.0f} ms fibre)" if near else ""))
    return ans


def whom_data(s: Scenario, users=DEFAULT_USERS, *, quick: bool = False, workloads=None, regions=None,
              latency: dict | None = None, outputs: dict | None = None) -> dict:
    """For each workload and user: the cheapest option meeting the latency target,
    its cost, RTT and margin (see the module notes).

    Parameters
    ----------
    s : Scenario
    users : sequence of str
        ``models/ground_points.toml`` names (an unknown one lists the valid names).
    quick : bool
        Coarser latency steps (30 min).
    workloads : dict, optional
        ``{name: WorkloadParams}`` (default: ``models/workloads.toml``).
    regions : sequence of str, optional
        User regions (``models/user_regions.toml``; default all), answered from the
        pipeline's stored latency table (``evaluate(..., latency=True)``:
        ``latency_<r>_p95_ms`` with the access overhead, ``site_<s>_fibre_rtt_<r>_ms``
        the median over the region's cities); ``[]`` for none.
    latency, outputs : dict, optional
        Precomputed `user_latency` and ``pipeline.evaluate(..., latency=True)`` results.

    Returns
    -------
    dict
        JSON-ready: ``users``, ``latency_method``, ``workloads`` ({w: {``kind``,
        ``latency_target_ms`` (None = no target), ``orbit`` ({``cost_usd_per_gpu_h``,
        ``feasible``, ``reasons``}), ``by_user`` ({u: answer}), ``by_region``
        ({r: answer})}}), ``orbit_wins`` (list of ``[workload, user or region]``).
    """
    users = [u.strip() for u in users if u and u.strip()]
    if not users:
        raise ValueError("users: give at least one name of models/ground_points.toml")
    wl = workloads if workloads is not None else (s.workloads if s.workloads is not None else default_workloads())
    lat = user_latency(s, users, quick=quick) if latency is None else latency
    if outputs is None:
        out = evaluate(s, latency=True) if workloads is None else evaluate(s, workloads=wl, latency=True)
    else:
        out = outputs
    regions = region_names() if regions is None else list(regions)
    sites = list(s.sites)
    site_cost = {n: _f(out[f"site_{n}_cost_usd_per_gpu_h"]) for n in sites}
    res = {"users": users, "regions": regions, "latency_method": lat["method"],
           "region_latency_method": ("orbit: p95 from the stored latency table (access overhead on); sites: "
                                     "median over the region's cities of the fibre RTT (models/user_regions.toml)"),
           "min_reachable_fraction": MIN_REACHABLE_FRACTION, "workloads": {}, "orbit_wins": []}
    for w, wp in wl.items():
        pre = f"workload_{w}_"
        target = float(np.asarray(out[pre + "latency_target_ms"]))
        o_cost = _f(out[pre + "orbital_cost_usd_per_gpu_h"])
        o_ok = bool(np.asarray(out[pre + "feasible"])) and o_cost is not None
        code = int(np.asarray(out[pre + "reason_code"]))
        entry = {"kind": wp.kind, "latency_target_ms": None if target >= NO_TARGET_MS else target,
                 "orbit": {"cost_usd_per_gpu_h": o_cost, "feasible": o_ok,
                           "isl_terminal_count": _f(out[pre + "isl_terminal_count"]),
                           "isl_required_gbps": _f(out[pre + "isl_required_gbps"]),
                           "isl_usd_per_gpu_h": _f(out[pre + "isl_usd_per_gpu_h"]),
                           "ground_link_usd_per_gpu_h": _f(out[pre + "ground_link_usd_per_gpu_h"]),
                           "gateway_count": _f(out[pre + "gateway_count"]),
                           "reasons": [t for b, t in {**REASON_CODES, **WORKLOAD_REASON_CODES}.items() if code & b]},
                 "by_user": {}}
        for i, u in enumerate(users):
            ans = _answer(o_ok, o_cost, code, _f(lat["orbit_p95_ms"][i]), _f(lat["orbit_reachable_fraction"][i]),
                          target, {n: _f(lat["site_rtt_ms"][n][i]) for n in sites}, site_cost)
            entry["by_user"][u] = ans
            if ans["choice"] == ORBIT:
                res["orbit_wins"].append([w, u])
        entry["by_region"] = {}
        for r in regions:
            if f"latency_{r}_p95_ms" not in out:
                raise ValueError(f"region = {r!r} has no latency outputs; valid regions: "
                                 f"{', '.join(map(repr, region_names()))}")
            ans = _answer(o_ok, o_cost, code, _f(out[f"latency_{r}_p95_ms"]),
                          _f(out[f"latency_{r}_reachable_fraction"]), target,
                          {n: _f(out[f"site_{n}_fibre_rtt_{r}_ms"]) for n in sites}, site_cost)
            entry["by_region"][r] = ans
            if ans["choice"] == ORBIT:
                res["orbit_wins"].append([w, r])
        res["workloads"][w] = entry
    return res


def _money(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _rows(answers: dict, label: str, orbit_feasible: bool) -> list[str]:
    uw = max([len(label)] + [len(u) for u in answers])
    lines = [f"    {label:<{uw}}  {'choice':<23} {'USD/GPU-h':>9} {'RTT ms':>7} {'margin':>16}  orbit"]
    for u, a in answers.items():
        if a["choice"] is None:
            lines.append(f"    {u:<{uw}}  {'none':<23} {'':>9} {'':>7} {'':>16}  {a['no_choice_reason']}")
            continue
        rtt = "" if a["rtt_ms"] is None else f"{a['rtt_ms']:.0f}"
        if a["margin_usd_per_gpu_h"] is None:
            margin = "only option"
        else:
            frac = "" if a["margin_fraction"] is None else f" ({a['margin_fraction']:.0%})"
            margin = f"{a['margin_usd_per_gpu_h']:.3f}{frac}"
        if a["choice"] == ORBIT:
            onote = "chosen"
        elif a["orbit_meets_target"]:
            onote = f"meets the target (p95 {a['orbit_rtt_p95_ms']:.0f} ms), costs more"
        elif not orbit_feasible:
            onote = "infeasible (above)"
        else:
            onote = a["orbit_why_not"]
        lines.append(f"    {u:<{uw}}  {a['choice']:<23} {_money(a['cost_usd_per_gpu_h']):>9} {rtt:>7} "
                     f"{margin:>16}  {onote}")
    return lines


def whom_lines(data: dict) -> list[str]:
    """The report section as text lines (never a NaN printed as a number)."""
    lines = ["For whom: the cheapest option that meets each workload's latency target "
             "[USD per delivered GPU-hour]",
             f"  regions: {data['region_latency_method']}",
             f"  cities: {data['latency_method']}",
             f"  (orbit also needs the workload feasible in orbit and the cluster reachable >= "
             f"{data['min_reachable_fraction']:.0%} of the day; margin = next qualifying option minus the choice)"]
    for w, e in data["workloads"].items():
        t = e["latency_target_ms"]
        o = e["orbit"]
        head = f"  {w} ({e['kind']}; " + ("no latency target" if t is None else f"RTT <= {t:.0f} ms") + "): orbit "
        if o["feasible"]:
            head += f"{_money(o['cost_usd_per_gpu_h'])} USD/GPU-h incl. links"
        else:
            need = o["isl_required_gbps"]
            head += "infeasible (" + "; ".join(o["reasons"]) + (
                f"; needs {need:,.0f} Gb/s per satellite = {o['isl_terminal_count']:.0f} terminals)"
                if need else ")")
        lines += ["", head]
        if e.get("by_region"):
            lines += _rows(e["by_region"], "region", o["feasible"])
        if e.get("by_user"):
            lines += _rows(e["by_user"], "city", o["feasible"])
    wins = data["orbit_wins"]
    lines += ["", "  Better served from orbit: " + (", ".join(f"{w} for {u}" for w, u in wins) if wins else
                                                 "none of these workload / region / city pairs")]
    return lines
