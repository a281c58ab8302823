"""``orbitalcompute export STORE --to nc|parquet|csv``: a sweep store as a file
other tools open (`orbitalcompute.engine.export.export_sweep`)."""

from __future__ import annotations


def register(sub):
    from ..engine.export import FORMATS

    p = sub.add_parser("export", help="write a sweep store as NetCDF, Parquet or CSV",
                       description="Write the results of a sweep store (a Zarr directory that "
                                   "xarray.open_zarr also reads) as NetCDF, or as a table with "
                                   "one row per design (Parquet, CSV).")
    p.add_argument("store", help="the sweep store (directory written by `orbitalcompute sweep`)")
    p.add_argument("--to", dest="fmt", required=True, choices=list(FORMATS),
                   help="output format")
    p.add_argument("-o", "--out", help="output file (default: STORE with the format's suffix)")
    p.add_argument("--outputs", help="comma-separated outputs to keep (default: all)")
    p.add_argument("--partial", action="store_true",
                   help="export an unfinished sweep (unwritten designs are NaN / -1)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    p.set_defaults(func=_run)


def _run(args):
    from ..engine.export import export_sweep

    outs = [s.strip() for s in args.outputs.split(",") if s.strip()] if args.outputs else None
    path = export_sweep(args.store, args.out, args.fmt, outputs=outs,
                        allow_incomplete=args.partial, overwrite=args.overwrite)
    print(f"wrote {path}")
    return 0
