"""``orbitalcompute when [SCENARIO]``: the first year orbit is cheaper than each site
(all trajectories together and each alone) and P(orbit wins) by year (Monte Carlo over
the trajectories' catalogue ranges); ``--format json`` prints every number."""

from __future__ import annotations

import json

DEFAULT_OUT = "orbitalcompute_output"


def _draws(v: str) -> int:
    n = int(v)
    if not 2 <= n <= 100_000:
        raise ValueError(f"--draws = {n} is outside the valid range [2, 100000]")
    return n


def register(sub):
    p = sub.add_parser("when", help="break-even year per site and P(orbit wins) by year",
                       description="First year (to 2045) in which orbit costs less per delivered GPU-hour "
                                   "than each site, with every trajectory and each alone, and the "
                                   "probability by year over the trajectories' uncertainty.")
    p.add_argument("scenario", nargs="?", default="default", help="scenario name or TOML file (default: default)")
    p.add_argument("--draws", type=_draws, default=None, help="Monte Carlo draws (default 256)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--figure", action="store_true", help="also write p_win_by_year.png/.svg to --out")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the figure (default {DEFAULT_OUT})")
    from ._options import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _run(args):
    from ..analysis import when
    from ._options import load

    s, prov, _ = load(args, verb="when")
    lines, data = when.when_report(s, prov, n=args.draws or when.DEFAULT_DRAWS, seed=args.seed)
    if args.figure:
        from .. import plots
        from ..plots.when import p_win_by_year

        pw = data["p_win"]
        data["figures"] = [str(p) for p in plots.save(
            p_win_by_year(pw["years"], pw["p_by_site"], pw["p_any_site"],
                          source_note=f"Scenario '{args.scenario}'; {pw['n']} draws."), args.out, "p_win_by_year")]
    if args.format == "json":
        from ..reproductions import json_safe

        print(json.dumps(json_safe(data), indent=2, allow_nan=False))
    else:
        print("\n".join(lines))
        if data.get("figures"):
            print("Figures: " + ", ".join(data["figures"]))
    return 0
