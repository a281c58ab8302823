"""``orbitalcompute optimize FILE``: gradient-based design optimisation with
constraints, optionally checked against a dense grid (see docs/engine.md)."""

from __future__ import annotations

import json

from .sweep import _int_arg, add_allow_imports


def register(sub):
    p = sub.add_parser("optimize", help="minimise an output over design variables with constraints",
                       description="SLSQP with JAX gradients over [variables] subject to "
                                   "[constraints]; grid_check = N also runs an N-per-axis grid.")
    p.add_argument("file", help="optimisation TOML file (see examples/sweeps/optimize_*.toml)")
    p.add_argument("--grid-check", type=_grid_check_arg, metavar="N",
                   help="also evaluate an N-per-axis dense grid and compare (2-3 variables)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_allow_imports(p)
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _grid_check_arg(v: str) -> int:
    from ..engine.optimize import MAX_GRID_CHECK

    return _int_arg("--grid-check", 1, MAX_GRID_CHECK)(v)


def _run(args):
    from ..engine.optimize import grid_search, load_optimization, minimize

    from .overrides import apply

    study = load_optimization(args.file, allow_imports=args.allow_imports)
    study["base"] = apply(args, study["base"], outputs=[study["objective"]], f=study["f"], verb="optimize")
    res = minimize(study["f"], study["base"], study["variables"], study["objective"],
                   study["constraints"], n_starts=study["n_starts"], seed=study["seed"])
    num = study["grid_check"] if args.grid_check is None else args.grid_check
    grid = None
    if num:
        if len(study["variables"]) > 3:
            raise ValueError("a dense grid check is limited to 2-3 design variables")
        grid = grid_search(study["f"], study["base"], study["variables"], study["objective"],
                           study["constraints"], num=int(num))
    if args.format == "json":
        print(json.dumps({"x": res.x, "objective": res.objective, "success": res.success,
                          "active": res.active, "outputs": res.outputs, "grid": grid},
                         indent=2, default=float))
        return 0 if res.success else 1
    print(f"{study['name']}: minimise {study['objective']}")
    print(f"  {'optimum' if res.success else 'best (NOT feasible)'}: {res}")
    if grid is not None:
        if grid["n_feasible"]:
            gx = ", ".join(f"{k} = {v:.6g}" for k, v in grid["x"].items())
            print(f"  dense grid ({grid['n']:,} points, {grid['n_feasible']:,} feasible): "
                  f"{grid['objective']:.6g} at {gx}")
        else:
            print("  dense grid: no feasible point")
    return 0 if res.success else 1
