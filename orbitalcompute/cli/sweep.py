"""``orbitalcompute sweep SWEEP.toml --out PATH``: design-space sweeps (see docs/engine.md)."""

from __future__ import annotations

import json
import sys


def register(sub):
    p = sub.add_parser("sweep", help="evaluate a design sweep (TOML) into a resumable Zarr store",
                       description="Declare a sweep in a TOML file (base scenario plus grid, "
                                   "sampled and categorical axes; see examples/sweeps/) and "
                                   "evaluate every design, chunk by chunk, into a Zarr store:  "
                                   "orbitalcompute sweep SWEEP.toml --out PATH [--resume] "
                                   "[--dask local|ADDRESS].  --check validates a file without "
                                   "running it; --show STORE summarises a stored sweep.")
    p.add_argument("file", nargs="?", help="sweep TOML file")
    p.add_argument("-o", "--out", help="output Zarr directory (required to run)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--resume", action="store_true",
                   help="continue an interrupted run of the same sweep in --out")
    g.add_argument("--overwrite", action="store_true",
                   help="replace the sweep stored in --out (never other data)")
    p.add_argument("--dask", metavar="local|ADDRESS",
                   help="run on Dask: 'local' starts a LocalCluster, else a scheduler address")
    p.add_argument("--workers", type=_workers_arg, default=2,
                   help="LocalCluster worker processes, >= 1 (2)")
    p.add_argument("--chunk-size", type=_chunk_arg, metavar="N|auto",
                   help="designs per chunk (overrides the file); 'auto' fits a memory budget")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--check", action="store_true",
                   help="validate the sweep file and print its size, without running")
    p.add_argument("--show", metavar="STORE",
                   help="summarise a stored sweep (feasible designs only) instead of running")
    p.add_argument("--format", choices=["table", "json"], default="table", help="with --show")
    add_allow_imports(p)
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_dispatch)


def _dispatch(args):
    if args.show:
        if args.file:
            raise ValueError("give either a sweep FILE to run or --show STORE, not both")
        return _show(args)
    if not args.file:
        raise ValueError("a sweep FILE is required (or --show STORE); see examples/sweeps/")
    if args.check:
        return _check(args)
    if not args.out:
        raise ValueError("--out PATH is required to run a sweep (a Zarr directory)")
    return _run(args)


def add_allow_imports(p):
    """The explicit opt-in that lets a file's base/function import any module."""
    p.add_argument("--allow-imports", action="store_true",
                   help="let the file's base = / function = name ANY Python 'module:name', which "
                        "is imported and run (arbitrary code: only for files you trust). "
                        "Without it only the package's registered functions are accepted")


def _int_arg(name: str, low: int, high: int | None = None):
    import argparse

    from ..validation import check_count

    def parse(v: str) -> int:
        try:
            n = int(v)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} = {v!r} is not an integer; valid range is [{low:,}, "
                f"{'inf' if high is None else f'{high:,}'}]") from None
        try:
            return check_count(name, n, low, high)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _workers_arg(v: str) -> int:
    from ..engine.run import MAX_WORKERS

    return _int_arg("--workers", 1, MAX_WORKERS)(v)


def _chunk_arg(v: str):
    if v == "auto":
        return v
    from ..engine.spec import MAX_CHUNK_SIZE

    return _int_arg("--chunk-size", 1, MAX_CHUNK_SIZE)(v)


def _describe(sw) -> str:
    dims = ", ".join(f"{d}={n}" for d, n in zip(sw.dims, sw.shape))
    chunks = "automatic chunk size" if sw.chunk_size == "auto" else \
        f"{sw.n_chunks} chunk(s) of {sw.effective_chunk_size:,} designs"
    return (f"sweep {sw.name!r}: {sw.size:,} designs ({dims}); {sw.n_groups} categorical group(s) "
            f"x {chunks}")


def _run(args):
    from ..engine import load_sweep, run_sweep, summarize

    sw = _load(args)
    if args.chunk_size:
        sw = sw.replace(chunk_size=args.chunk_size)
    if not args.quiet:
        print(_describe(sw), file=sys.stderr)
    ds = run_sweep(sw, args.out, resume=args.resume, overwrite=args.overwrite, quiet=args.quiet,
                   dask=args.dask, n_workers=args.workers)
    if not args.quiet:
        _print_summary(summarize(ds), ds)
    return 0


def _check(args):
    from ..engine import load_sweep

    print(_describe(_load(args, numeric_check=False)))
    return 0


def _load(args, numeric_check: bool = True):
    """The sweep of ``args.file`` with ``--set`` applied to its base; warns (stderr) for
    a set or swept input that changes none of the sweep's outputs."""
    from ..analysis.overrides import axis_no_effect, mode_reason
    from ..engine import load_sweep
    from .overrides import apply, warnings_to_stderr

    sw = load_sweep(args.file, allow_imports=args.allow_imports)
    f = sw.resolve_function()
    outputs = list(sw.outputs) if sw.outputs else None
    axes = {g.path: (min(g.values), max(g.values)) for g in sw.grid if len(g.values) > 1}
    axes.update({a.path: (a.low, a.high) for a in sw.sampled})
    if args.set:
        sw = sw.replace(base=apply(args, sw.base, outputs=outputs, f=f, verb="sweep",
                                   axes=axes if numeric_check else None))
    with warnings_to_stderr("sweep"):
        if numeric_check:
            axis_no_effect(sw.base, axes, outputs=outputs, f=f)
        else:
            import warnings

            from ..analysis.overrides import NoEffectWarning

            for path in axes:
                why = mode_reason(sw.base, path)
                if why:
                    warnings.warn(f"sweep: swept input {path} has no effect: {why}", NoEffectWarning)
    return sw


def _print_summary(summ, ds):
    print(f"{ds.attrs['title']}: {ds.attrs['n_designs']:,} designs, "
          f"{ds.attrs['chunks_done']}/{ds.attrs['chunks_total']} chunks done")
    for k, row in summ.items():
        if k == "reason_codes":
            print(f"  reason codes (0 = feasible): {row}")
            continue
        if row["n"] == 0:
            print(f"  {k}: no feasible finite values")
            continue
        unit = f"[{row['units']}]" if row["units"] else ""
        print(f"  {k:40s} {unit} min {row['min']:.4g}  median {row['q50']:.4g}  "
              f"max {row['max']:.4g}  (n = {row['n']:,}, infeasible {row['n_infeasible']:,})")


def _show(args):
    from ..engine import open_sweep, summarize

    ds = open_sweep(args.show)
    summ = summarize(ds)
    if args.format == "json":
        print(json.dumps({"attrs": {k: v for k, v in ds.attrs.items() if k != "sweep_spec_json"},
                          "summary": summ}, indent=2, default=str))
    else:
        _print_summary(summ, ds)
    return 0
