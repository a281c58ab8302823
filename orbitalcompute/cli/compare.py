"""``orbitalcompute compare A [B] [--set PATH=VALUE ...]``: two scenarios, or one
scenario against itself with assumptions changed, output by output."""

from __future__ import annotations

import csv
import io
import json
import math
import sys

DEFAULT_OUT = "orbitalcompute_output"


def register(sub):
    p = sub.add_parser("compare", help="compare two scenarios (or one with --set changes), output by output",
                       description="Evaluate scenario A and scenario B (or A with the --set changes "
                                   "when B is not given) and print the inputs that differ and every "
                                   "headline output in each, with the difference; write a figure of "
                                   "the relative changes to --out.  --set applies to B.")
    p.add_argument("a", help="scenario A: name or path to a scenario .toml")
    p.add_argument("b", nargs="?", default=None, help="scenario B (default: A with the --set changes)")
    p.add_argument("--all", action="store_true", help="every output, not only the headline ones")
    p.add_argument("--changed", action="store_true", help="only outputs that differ")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the figure (default {DEFAULT_OUT}/)")
    p.add_argument("--no-figures", action="store_true", help="skip the figure")
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _cell(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            return "n/a"
        return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:.6g}"
    return str(x)


def _run(args):
    from ..analysis.compare import compare
    from ..analysis.report import load
    from .catalog import print_table
    from .overrides import load as load_with_overrides

    if args.b is None and not args.set:
        raise ValueError("compare needs a scenario B or at least one --set PATH=VALUE "
                         "(e.g. orbitalcompute compare default --set finance.wacc=8%)")
    a, _, _ = load(args.a)
    b, _, _ = load_with_overrides(args, args.a if args.b is None else args.b, verb="compare")
    label_b = args.b if args.b is not None else f"{args.a} with --set"
    cmp = compare(a, b, all_outputs=args.all)
    cmp["a"], cmp["b"] = str(args.a), str(label_b)
    rows = [r for r in cmp["outputs"] if r["changed"] or not args.changed]
    if args.format == "json":
        from ..reproductions import json_safe

        print(json.dumps(json_safe({**cmp, "outputs": rows}), indent=2, allow_nan=False))
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["output", "a", "b", "difference", "relative_difference", "changed"])
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        print(f"A = {cmp['a']}    B = {cmp['b']}")
        print("\nInputs that differ")
        if cmp["inputs"]:
            print_table([(r["path"], _cell(r["a"]), _cell(r["b"])) for r in cmp["inputs"]], ("input", "A", "B"))
        else:
            print("  none")
        print("\nOutputs" + (" (changed only)" if args.changed else ""))
        print_table([(r["output"], _cell(r["a"]), _cell(r["b"]), _cell(r["difference"]),
                      "" if r["relative_difference"] is None or not r["changed"]
                      else f"{100 * r['relative_difference']:+.3g} %",
                      "" if r["changed"] else "same")
                     for r in rows], ("output", "A", "B", "B - A", "B / A - 1", ""))
        print(f"\n{cmp['n_changed']} of {len(cmp['outputs'])} outputs differ.")
    if not args.no_figures and args.format == "table":
        from ..plots.compare import compare_figure

        files = compare_figure(cmp, args.out)
        print("figures: " + ", ".join(str(f) for f in files))
    return 0
