"""``orbitalcompute whom [SCENARIO]``: for each workload and user, the cheapest
option that meets the workload's latency target (orbit or which site), its cost
and its margin over the next option (`orbitalcompute.analysis.whom`)."""

from __future__ import annotations

import json

DEFAULT_SCENARIO = "default"


def register(sub):
    from ..analysis.whom import DEFAULT_USERS

    p = sub.add_parser(
        "whom", help="for whom: the cheapest option meeting each workload's latency target, per user",
        description="Evaluate a scenario (default: models/scenarios/default.toml) and, for each workload "
                    "class (models/workloads.toml) and reference user (models/ground_points.toml), name the "
                    "cheapest option whose round trip meets the workload's latency target: the orbital "
                    "cluster (with its inter-satellite links and gateways, if feasible) or a terrestrial "
                    "site; print its cost per GPU-hour and the margin over the next qualifying option.")
    p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO,
                   help="scenario name in models/scenarios/ or a path to a scenario .toml (default: default)")
    p.add_argument("--users", default=",".join(DEFAULT_USERS),
                   help=f"comma-separated users (models/ground_points.toml names; default: {','.join(DEFAULT_USERS)})")
    p.add_argument("--workloads", default=None,
                   help="comma-separated workload classes (models/workloads.toml names; default: all)")
    p.add_argument("--quick", action="store_true", help="30-minute instead of 10-minute latency steps")
    p.add_argument("--format", choices=["table", "json"], default="table")
    from ._options import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _run(args):
    from ..analysis import whom
    from ..economics.workloads import workload

    wl = None
    if args.workloads:
        wl = {n.strip(): workload(n.strip()) for n in args.workloads.split(",") if n.strip()}
    from ._options import load

    s, _, _ = load(args, verb="whom")
    data = whom.whom_data(s, args.users.split(","), quick=args.quick, workloads=wl)
    if args.format == "json":
        print(json.dumps(data, indent=2, allow_nan=False))
    else:
        print(f"orbitalcompute whom: scenario '{s.name}'")
        print("\n".join(whom.whom_lines(data)))
    return 0
