"""``orbitalcompute reproduce NAME|--list``: published results beside ours."""

from __future__ import annotations

import json
import sys


def register(sub):
    p = sub.add_parser(
        "reproduce",
        help="reproduce a published result and print ours beside it, with every difference explained",
        description="Run one reproduction of a published result (a paper's table or figure, a public "
                    "cost model, a reported contract) and print our number beside the published one, "
                    "the difference and why.  'orbitalcompute reproduce --list' shows the names.",
    )
    p.add_argument("name", nargs="?", help="reproduction to run (see --list)")
    p.add_argument("--list", action="store_true", help="list the reproductions and what each reproduces")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (readable, default) or json (for scripts)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write the reproduction's figures (PNG and SVG) to DIR")
    p.add_argument("--quick", action="store_true",
                   help="coarser grids and time steps (seconds instead of minutes); same published rows")
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _run(args):
    from .. import reproductions

    if args.list or not args.name:
        if not args.list:
            print("orbitalcompute reproduce: error: give a NAME or --list", file=sys.stderr)
        rows = [reproductions.describe(n) for n in reproductions.names()]
        if args.format == "json":
            print(json.dumps(rows, indent=2))
        else:
            for r in rows:
                print(f"{r['name']:18s} {r['title']}")
                print(f"{'':18s}   reproduces: {r['target']}")
        return 0 if args.list else 2
    from .overrides import warnings_to_stderr

    with warnings_to_stderr("reproduce"):
        rep = reproductions.run(args.name, args.out, quick=args.quick, overrides=args.set)
    if args.format == "json":
        print(json.dumps(rep.to_dict(), indent=2, default=str, allow_nan=False))
    else:
        print(reproductions.format_table(rep))
    return 0
