"""``orbitalcompute catalog list|show NAME``: the parameter catalogue."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("catalog", help="list or show parameter sets with values, units, ranges and sources",
                       description="Browse the parameter catalogue in models/.")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = csub.add_parser("list", help="list every parameter set (KIND/NAME)")
    pl.add_argument("kind", nargs="?", help="only this kind (e.g. orbits, or scenarios)")
    pl.set_defaults(func=_list)
    ps = csub.add_parser("show", help="show one parameter set: KIND/NAME or NAME")
    ps.add_argument("name", help="KIND/NAME (e.g. orbits/dawn_dusk_sso_650) or a unique NAME")
    ps.add_argument("--format", choices=["table", "json"], default="table")
    ps.set_defaults(func=_show)


def print_table(rows, header=None, max_width: dict | None = None, file=None) -> None:
    """Print ``rows`` (sequences of cells) as columns aligned by the widest cell
    (a cell in column ``i`` is cut to ``max_width[i]`` characters)."""
    rows = [[str(c) for c in r] for r in rows]
    max_width = dict(max_width or {})
    if header is not None:
        rows = [list(header)] + rows
    if not rows:
        return
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    for i, w in max_width.items():
        rows = [[c if j != i or len(c) <= w else c[: w - 1] + "~" for j, c in enumerate(r)] for r in rows]
    width = [max(len(r[i]) for r in rows) for i in range(n)]
    # the last column wraps in the terminal rather than being padded
    width[-1] = 0
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)).rstrip(), file=file)
        if header is not None and k == 0:
            print("  ".join("-" * max(len(rows[0][i]), width[i]) for i in range(n)).rstrip(), file=file)


def _list(args):
    from .. import catalog

    if args.kind == "scenarios":
        from .scenario import scenario_rows

        print_table([(f"scenarios/{r['name']}", r["description"]) for r in scenario_rows()])
        return 0
    kinds = [args.kind] if args.kind else catalog.kinds()
    rows = [(f"{k}/{n}", catalog.entry(k, n).description) for k in kinds for n in catalog.names(k)]
    if not args.kind:
        from .scenario import scenario_rows

        rows += [(f"scenarios/{r['name']}", r["description"]) for r in scenario_rows()]
    print_table(rows)
    return 0


def resolve(name: str):
    """``KIND/NAME`` or a NAME unique across the catalogue -> (kind, name)."""
    from .. import catalog

    if "/" in name:
        kind, _, nm = name.partition("/")
        catalog.entry(kind, nm)  # raises with the valid names
        return kind, nm
    hits = [(k, name) for k in catalog.kinds() if name in catalog.names(k)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        every = [f"{k}/{n}" for k in catalog.kinds() for n in catalog.names(k)]
        import difflib

        close = difflib.get_close_matches(name, every + [e.split('/')[1] for e in every], n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"no catalogue entry named {name!r}.{hint} "
                         f"Run 'orbitalcompute catalog list' for all names.")
    raise ValueError(f"{name!r} is ambiguous: {', '.join(f'{k}/{n}' for k, n in hits)}")


def _show(args):
    from .. import catalog

    if args.name.startswith("scenarios/"):
        import argparse

        from .scenario import _show as show_scenario

        return show_scenario(argparse.Namespace(name=args.name.split("/", 1)[1], resolved=True,
                                                format=args.format))
    kind, name = resolve(args.name)
    e = catalog.entry(kind, name)
    if args.format == "json":
        out = {"kind": kind, "name": name, "description": e.description,
               "params": {k: v for k, v in e.params.to_dict().items()},
               "provenance": {k: vars(p) for k, p in e.provenance.items()}}
        print(json.dumps(out, indent=2, default=str))
        return 0
    print(f"{kind}/{name}: {e.description}")
    print(f"  file: {e.file.name}")
    for key, val in e.params.to_dict().items():
        p = e.provenance.get(key)
        if p is None:
            if val is not None:
                print(f"  {key:34s} {val}")
            continue
        rng = f"  [{p.low:g} .. {p.high:g}]" if p.low is not None and p.high is not None else ""
        cy = f" ({p.currency_year} USD)" if p.currency_year else ""
        print(f"  {key:34s} {p.value:g} {p.unit}{cy}{rng}")
        print(f"  {'':34s}   source: {p.source} (taken {p.date})")
    return 0
