"""``orbitalcompute breakeven PATH [PATH2]``: the value of any numeric scenario input
at which orbit costs the same per delivered GPU-hour as each site (and the cheapest);
with ``PATH2`` the 2-D frontier (table + figure); with ``--rank`` every input with a
catalogue range, ranked by its distance to break-even in units of that range."""

from __future__ import annotations

import csv
import io
import json
import math
import sys

DEFAULT_OUT = "orbitalcompute_output"


def register(sub):
    p = sub.add_parser("breakeven", help="break-even value of any numeric input (or a 2-D frontier)",
                       description="Solve for the value of a scenario path at which the orbital "
                                   "cost equals each site's cost; PATH2 gives a frontier; --rank "
                                   "ranks every input with a catalogue range.")
    p.add_argument("path", nargs="?", help="dotted scenario path, e.g. gpu.unit_price_usd")
    p.add_argument("path2", nargs="?", help="second path: break-even frontier of PATH2 over PATH")
    p.add_argument("--scenario", default="default", help="scenario name or TOML file (default: default)")
    p.add_argument("--rank", action="store_true", help="rank all inputs by distance to break-even")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("-n", "--points", type=int, default=41, help="frontier grid points (default 41)")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the frontier figure (default {DEFAULT_OUT})")
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _num(v, lo, hi) -> str:
    return f"none in [{lo:g}, {hi:g}]" if v is None or not math.isfinite(v) else f"{v:.6g}"


def _emit(rows: list[dict], fmt: str, cols: list[str]) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        width = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
        print("  ".join(c.ljust(width[c]) for c in cols))
        for r in rows:
            print("  ".join(str(r.get(c, "")).ljust(width[c]) for c in cols))


def _run(args):
    from ..analysis import breakeven as be
    from .overrides import load

    s, prov, _ = load(args, verb="breakeven")
    if args.rank:
        rows = be.rank_by_distance(s, prov)
        out = [{"path": r["path"], "unit": r["unit"], "nominal": f"{r['nominal']:.6g}",
                "breakeven": (f"{r['breakeven']:.6g}" if r["breakeven"] is not None else r["message"]),
                "distance_in_ranges": ("" if r["distance"] is None else f"{r['distance']:+.3g}"),
                "range": f"[{r['low']:g}, {r['high']:g}]" + (" log" if r["log"] else "")}
               for r in rows]
        if args.format == "json":
            out = rows
        _emit(out, args.format, ["path", "unit", "nominal", "breakeven", "distance_in_ranges", "range"])
        return 0
    if not args.path:
        raise ValueError("breakeven needs a PATH (e.g. gpu.unit_price_usd) or --rank")
    if args.path2:
        fr = be.breakeven_frontier(s, args.path, args.path2, n=args.points, provenance=prov)
        lo, hi = fr["range_y"]
        rows = [{args.path: f"{x:.6g}", **{k: _num(float(v[i]), lo, hi) for k, v in fr["y_by_site"].items()}}
                for i, x in enumerate(fr["x"])]
        if args.format == "json":
            print(json.dumps({**{k: v for k, v in fr.items() if k not in ("x", "y_by_site", "exists_by_site")},
                              "x": fr["x"].tolist(),
                              "y_by_site": {k: [None if not math.isfinite(t) else t for t in v.tolist()]
                                            for k, v in fr["y_by_site"].items()}}, indent=2))
        else:
            _emit(rows, args.format, [args.path, *fr["y_by_site"]])
        if args.format == "table":
            from ..plots.breakeven import frontier_figure

            files = frontier_figure(fr, args.out)
            print("figures: " + ", ".join(str(f) for f in files))
        return 0
    r = be.breakeven(s, args.path, provenance=prov)
    if args.format == "json":
        print(json.dumps(r.to_dict(), indent=2))
        return 0
    rows = [{"site": k, "breakeven": _num(v, r.lo, r.hi), "unit": r.unit,
             "note": r.messages.get(k, "")} for k, v in r.value_by_site.items()]
    if args.format == "table":
        print(f"{r.path} = {r.nominal:g} {r.unit} nominal; search range [{r.lo:g}, {r.hi:g}]")
        if r.no_effect:
            print(next(iter(r.messages.values())))
    _emit(rows, args.format, ["site", "breakeven", "unit", "note"])
    return 0
