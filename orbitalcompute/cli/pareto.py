"""``orbitalcompute pareto STORE``: the cost-vs-latency Pareto fronts of a sweep
store (table + figure): orbital cost per GPU-hour against the user-weighted
median RTT and against the share of demand within 100 ms, or any outputs named
with ``--cost`` / ``--objective``."""

from __future__ import annotations

import csv
import io
import json
import sys

DEFAULT_OUT = "orbitalcompute_output"


def register(sub):
    from ..analysis.pareto import DEFAULT_COST, DEFAULT_OBJECTIVES

    p = sub.add_parser("pareto", help="cost-vs-latency Pareto front of a sweep store (table + figure)",
                       description="Non-dominated designs of a stored sweep: lowest cost for each "
                                   "latency (or demand share). The sweep must store the outputs "
                                   "(latency outputs: function = \"pipeline_latency\").")
    p.add_argument("store", help="sweep store (the folder written by orbitalcompute sweep)")
    p.add_argument("--cost", default=DEFAULT_COST, help=f"output on the cost axis (default {DEFAULT_COST})")
    p.add_argument("--objective", action="append", default=None,
                   help="second objective, repeatable (default: "
                        + ", ".join(DEFAULT_OBJECTIVES) + "); *_fraction outputs are maximised")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the figure (default {DEFAULT_OUT})")
    p.add_argument("--no-figure", action="store_true", help="print the fronts only")
    p.set_defaults(func=_run)


def _rows(fronts) -> list[dict]:
    rows = []
    for fr in fronts:
        dims = [d for d in fr["front"].coords if d != "front" and fr["front"][d].dims == ("front",)]
        for k in range(fr["front_x"].size):
            row = {"objective": fr["objective"], fr["cost"]: f"{fr['front_x'][k]:.6g}",
                   "value": f"{fr['front_y'][k]:.6g}"}
            for d in dims:
                v = fr["front"][d].values[k]
                row[d] = f"{v:.6g}" if isinstance(v, float) else str(v)
            rows.append(row)
    return rows


def _run(args):
    from ..analysis.pareto import DEFAULT_OBJECTIVES, pareto_fronts
    from ..engine import open_sweep

    ds = open_sweep(args.store)
    fronts = pareto_fronts(ds, args.cost, tuple(args.objective or DEFAULT_OBJECTIVES))
    rows = _rows(fronts)
    cols = list(dict.fromkeys(k for r in rows for k in r))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        for fr in fronts:
            print(f"{fr['objective']} ({'min' if fr['minimize'] else 'max'}) vs {fr['cost']} (min): "
                  f"{fr['front_x'].size} of {fr['n_designs']:,} feasible designs on the front")
        if rows:
            width = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
            print("  ".join(c.ljust(width[c]) for c in cols))
            for r in rows:
                print("  ".join(str(r.get(c, "")).ljust(width[c]) for c in cols))
    if not args.no_figure:
        from ..plots.pareto import pareto_figure

        files = pareto_figure(fronts, args.out,
                              source=f"Sweep store {args.store}; infeasible designs left out.")
        print("figure: " + ", ".join(str(f) for f in files), file=sys.stderr)
    return 0
