"""``orbitalcompute scenario list|show NAME|new NAME``: find, print and copy scenarios."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub):
    p = sub.add_parser("scenario", help="list, print or copy scenarios (the inputs every verb evaluates)",
                       description="Scenarios are TOML files in models/scenarios/ (and scenarios/ of "
                                   "any user catalogue folder: --models DIR or ORBITALCOMPUTE_MODELS).")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = ssub.add_parser("list", help="every scenario with its description and file")
    pl.add_argument("--format", choices=["table", "json"], default="table")
    pl.set_defaults(func=_list)
    ps = ssub.add_parser("show", help="print a scenario file (or its resolved inputs with --resolved)")
    ps.add_argument("name", help="scenario name or path to a scenario .toml")
    ps.add_argument("--resolved", action="store_true",
                    help="every numeric input the scenario resolves to: value, unit, source")
    ps.add_argument("--format", choices=["table", "json"], default="table", help="with --resolved")
    ps.set_defaults(func=_show)
    pn = ssub.add_parser("new", help="write a documented copy of a scenario to edit")
    pn.add_argument("name", help="name of the new scenario (file NAME.toml)")
    pn.add_argument("--from", dest="source", default="default", help="scenario to copy (default: default)")
    pn.add_argument("--dir", default=None,
                    help="folder to write NAME.toml in (default: scenarios/ of the first user catalogue "
                         "folder if one is set, else the current folder)")
    pn.add_argument("--force", action="store_true", help="replace an existing file")
    pn.set_defaults(func=_new)


def _description(path: Path) -> str:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return str(tomllib.load(fh).get("scenario", {}).get("description", ""))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return f"(unreadable: {exc})"


def scenario_rows() -> list[dict]:
    """``[{name, description, file}]`` of every scenario, in name order."""
    from ..scenario import scenario_file, scenario_names

    rows = []
    for n in scenario_names():
        f = scenario_file(n)
        rows.append({"name": n, "description": _description(f), "file": str(f)})
    return rows


def _list(args):
    rows = scenario_rows()
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    from .catalog import print_table

    print_table([(r["name"], r["description"]) for r in rows], ("scenario", "description"))
    print("\n(orbitalcompute scenario show NAME prints one; scenario new NAME copies one to edit)")
    return 0


def _show(args):
    from ..scenario import scenario_file

    path = scenario_file(args.name)
    if not args.resolved:
        print(f"# {path}")
        sys.stdout.write(path.read_text())
        return 0
    from ..scenario import scenario_provenance

    prov = scenario_provenance(args.name)
    if args.format == "json":
        print(json.dumps({k: {"value": p.value, "unit": p.unit, "source": p.source, "date": p.date,
                              "low": p.low, "high": p.high} for k, p in prov.items()}, indent=2))
        return 0
    from .catalog import print_table

    print(f"{path.stem}: {_description(path)}")
    print_table([(k, f"{p.value:g}", p.unit, f"[{p.low:g} .. {p.high:g}]" if p.low is not None
                  and p.high is not None else "", p.source) for k, p in prov.items()],
                ("path", "value", "unit", "range", "source"), max_width={4: 60})
    return 0


def documented_copy(source: str, name: str) -> str:
    """The text of scenario ``source`` with a header explaining the format and,
    beside each catalogue reference, the names it may take."""
    from .. import catalog
    from ..scenario import scenario_file

    path = scenario_file(source)
    head = [f"# Scenario {name!r}: a copy of {path.stem!r} ({path}) to edit.",
            "#",
            "# [scenario] picks one catalogue entry per component as 'kind/entry' (the choices are listed",
            "# beside each line; 'orbitalcompute catalog show KIND/ENTRY' prints an entry with its sources).",
            "# [launch] numbers and every [overrides] entry need {value = ..., source = \"...\", date = \"...\"}:",
            "# a number without a source is refused.  [overrides] may set any numeric dotted path",
            "# (e.g. \"finance.wacc\" = {value = 0.08, source = \"my assumption\", date = \"2026-12-03\"});",
            "# fractions are 0..1 (8 % is 0.08).  Units are those in each name (_km, _usd_per_kg, ...).",
            "# Use it: orbitalcompute report PATH/TO/THIS.toml  (or by name from a --models folder's scenarios/).",
            "# Change one input without editing: orbitalcompute report THIS --set orbit.altitude_km=700",
            ""]
    out = []
    kinds = set(catalog.kinds())
    for line in path.read_text().splitlines():
        key, sep, rest = line.partition("=")
        ref = rest.split("#", 1)[0].strip().strip('"').strip("'")
        if sep and ref.count("/") == 1 and ref.split("/")[0] in kinds and "#" not in rest:
            kind = ref.split("/")[0]
            names = catalog.names(kind)
            shown = ", ".join(names[:8]) + (f", ... ({len(names)} in all)" if len(names) > 8 else "")
            line = f"{line}    # {kind}: {shown}"
        out.append(line)
    return "\n".join(head + out) + "\n"


def _new(args):
    from ..catalog import user_dirs
    from ..validation import check_choice  # noqa: F401 - for the error style

    name = args.name
    if not name or "/" in name or name.endswith(".toml") or not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"scenario name {name!r} must be letters, digits, '_' or '-' (no path, no .toml)")
    if args.dir is not None:
        folder = Path(args.dir)
    else:
        users = user_dirs()
        folder = users[0] / "scenarios" if users else Path(".")
    dest = folder / f"{name}.toml"
    if dest.exists() and not args.force:
        raise ValueError(f"{dest} exists; pass --force to replace it")
    text = documented_copy(args.source, name)
    folder.mkdir(parents=True, exist_ok=True)
    dest.write_text(text)
    print(f"wrote {dest} (a copy of scenario {args.source!r}); edit it, then: "
          f"orbitalcompute report {dest}")
    return 0
