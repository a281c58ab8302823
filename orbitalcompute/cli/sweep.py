"""``orbitalcompute sweep run|check|show``: design-space sweeps (see docs/engine.md)."""

from __future__ import annotations

import json
import sys


def register(sub):
    p = sub.add_parser("sweep", help="evaluate a design sweep (TOML) into a resumable Zarr store",
                       description="Declare a sweep in a TOML file (base scenario plus grid, "
                                   "sampled and categorical axes; see examples/sweeps/) and "
                                   "evaluate every design, chunk by chunk, into a Zarr store.")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    r = s.add_parser("run", help="run a sweep file")
    r.add_argument("file", help="sweep TOML file")
    r.add_argument("-o", "--out", required=True, help="output Zarr directory")
    g = r.add_mutually_exclusive_group()
    g.add_argument("--resume", action="store_true",
                   help="continue an interrupted run of the same sweep in --out")
    g.add_argument("--overwrite", action="store_true",
                   help="replace the sweep stored in --out (never other data)")
    r.add_argument("--dask", metavar="local|ADDRESS",
                   help="run on Dask: 'local' starts a LocalCluster, else a scheduler address")
    r.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (2)")
    r.add_argument("--chunk-size", type=_chunk_arg, metavar="N|auto",
                   help="designs per chunk (overrides the file); 'auto' fits a memory budget")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=_run)
    c = s.add_parser("check", help="validate a sweep file and print its size, without running")
    c.add_argument("file")
    c.set_defaults(func=_check)
    sh = s.add_parser("show", help="summarise a stored sweep (feasible designs only)")
    sh.add_argument("store", help="Zarr directory written by 'sweep run'")
    sh.add_argument("--format", choices=["table", "json"], default="table")
    sh.set_defaults(func=_show)


def _chunk_arg(v: str):
    if v == "auto":
        return v
    n = int(v)
    if n < 1:
        raise ValueError(f"--chunk-size {v}: must be >= 1 or 'auto'")
    return n


def _describe(sw) -> str:
    dims = ", ".join(f"{d}={n}" for d, n in zip(sw.dims, sw.shape))
    chunks = "automatic chunk size" if sw.chunk_size == "auto" else \
        f"{sw.n_chunks} chunk(s) of {sw.effective_chunk_size:,} designs"
    return (f"sweep {sw.name!r}: {sw.size:,} designs ({dims}); {sw.n_groups} categorical group(s) "
            f"x {chunks}")


def _run(args):
    from ..engine import load_sweep, run_sweep, summarize

    sw = load_sweep(args.file)
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

    print(_describe(load_sweep(args.file)))
    return 0


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

    ds = open_sweep(args.store)
    summ = summarize(ds)
    if args.format == "json":
        print(json.dumps({"attrs": {k: v for k, v in ds.attrs.items() if k != "sweep_spec_json"},
                          "summary": summ}, indent=2, default=str))
    else:
        _print_summary(summ, ds)
    return 0
