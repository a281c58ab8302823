"""Export a sweep store to files other tools open: NetCDF, Parquet, CSV.

A store is already a Zarr group that plain ``xarray.open_zarr`` reads (see
`orbitalcompute.engine.store`); this writes the same dataset as

* ``nc``: a NetCDF file (``netCDF4`` or ``h5netcdf`` when installed, else
  SciPy's NetCDF-3 writer: integers narrowed to 32 bits where they fit,
  booleans stored as ``int8`` and restored by xarray);
* ``parquet``, ``csv``: one row per design, the swept inputs (grid and
  categorical values, sampled values, sample index) then the outputs as
  columns. Parquet needs ``pyarrow`` (``pip install 'orbitalcompute[export]'``).
  Rows are written one slice of the leading dimension at a time, so a big
  store never has to fit in memory at once.

Units and sources of the swept inputs and the units of the outputs are kept
as NetCDF attributes; in Parquet they go to the file's key-value metadata
(``orbitalcompute_units``, JSON), in CSV to a sidecar ``<file>.units.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["FORMATS", "export_sweep"]

#: export formats and their file suffixes
FORMATS = {"nc": ".nc", "parquet": ".parquet", "csv": ".csv"}

#: designs per written slice of a table export (bounds the memory of csv/parquet)
_ROWS_PER_PART = 1 << 20


def export_sweep(store, out=None, fmt: str = "nc", *, outputs=None,
                 allow_incomplete: bool = False, overwrite: bool = False) -> Path:
    """Write the sweep results at ``store`` to ``out`` in format ``fmt``.

    Parameters
    ----------
    store : path
        A sweep store written by `orbitalcompute.engine.run_sweep`.
    out : path, optional
        The file to write; default ``store`` with the format's suffix.
    fmt : {"nc", "parquet", "csv"}
        Output format.
    outputs : sequence of str, optional
        Only these outputs (default: all).
    allow_incomplete : bool
        Export a store whose sweep has not finished (unwritten designs are
        NaN, ``False`` or ``-1``); refused otherwise.
    overwrite : bool
        Replace an existing ``out``.

    Returns
    -------
    Path
        The written file.
    """
    from .run import open_sweep

    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(map(repr, FORMATS))}")
    store = Path(store)
    out = Path(out) if out is not None else store.with_suffix(FORMATS[fmt])
    if out.exists() and not overwrite:
        raise ValueError(f"{out} exists; pass overwrite (--overwrite) to replace it")
    if out.resolve() == store.resolve():
        raise ValueError(f"the export file {out} would replace the store itself")
    ds = open_sweep(store, lazy=True)
    if not ds.attrs.get("complete") and not allow_incomplete:
        raise ValueError(f"{store} holds an unfinished sweep ({ds.attrs['chunks_done']}/"
                         f"{ds.attrs['chunks_total']} chunks); resume it first, or pass "
                         f"allow_incomplete (--partial) to export what is there")
    if outputs is not None:
        missing = [k for k in outputs if k not in ds.data_vars]
        if missing:
            raise ValueError(f"unknown output(s) {', '.join(map(repr, missing))}; available: "
                             f"{', '.join(sorted(ds.data_vars))}")
        ds = ds[list(outputs)]
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ValueError("Parquet export needs pyarrow: pip install 'orbitalcompute[export]' "
                             "(or pyarrow)") from None
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        if fmt == "nc":
            _to_netcdf(ds, tmp)
        else:
            _to_table(ds, tmp, fmt)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    if fmt == "csv":
        out.with_name(out.name + ".units.json").write_text(json.dumps(_units(ds), indent=1))
    return out


def _plain_attrs(attrs: dict) -> dict:
    """Attributes NetCDF can hold: numbers, strings, flat lists; the rest as JSON."""
    res = {}
    for k, v in attrs.items():
        if isinstance(v, (bool, np.bool_)):
            res[k] = int(v)
        elif isinstance(v, (int, float, str, np.integer, np.floating)):
            res[k] = v
        else:
            res[k] = json.dumps(v, default=str)
    return res


def _netcdf_engine() -> str:
    import importlib.util

    for name, engine in (("netCDF4", "netcdf4"), ("h5netcdf", "h5netcdf")):
        if importlib.util.find_spec(name) is not None:
            return engine
    return "scipy"


def _to_netcdf(ds, path: Path):
    ds = ds.copy()
    ds.attrs = _plain_attrs(ds.attrs)
    for name in list(ds.variables):
        var = ds[name]
        var.attrs = _plain_attrs(var.attrs)
        if var.dtype.kind in "OT":  # category names: fixed-width strings
            ds[name] = var.astype(str)
        var.encoding = {}
    engine = _netcdf_engine()
    ds.to_netcdf(path, engine=engine, format="NETCDF3_64BIT" if engine == "scipy" else None)


def _units(ds) -> dict:
    return {str(k): v.attrs["units"] for k, v in ds.variables.items() if v.attrs.get("units")}


def _to_table(ds, path: Path, fmt: str):
    dims = list(ds.dims)
    order = [d for d in ds[next(iter(ds.data_vars))].dims] if ds.data_vars else dims
    lead = order[0] if order else None
    n_lead = ds.sizes[lead] if lead else 1
    per_row = int(np.prod([ds.sizes[d] for d in order[1:]], dtype=np.int64)) if order else 1
    step = max(1, _ROWS_PER_PART // max(per_row, 1))
    writer = None
    try:
        for i in range(0, n_lead, step):
            part = ds.isel({lead: slice(i, i + step)}) if lead else ds
            df = part.load().to_dataframe(dim_order=order or None).reset_index()
            for c in df.columns:
                if df[c].dtype == object or str(df[c].dtype).startswith("string"):
                    df[c] = df[c].astype(str)
            if fmt == "csv":
                df.to_csv(path, mode="a", header=(i == 0), index=False)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(df, preserve_index=False)
                if writer is None:
                    meta = dict(table.schema.metadata or {})
                    meta[b"orbitalcompute_units"] = json.dumps(_units(ds)).encode()
                    meta[b"orbitalcompute_sweep"] = json.dumps(_plain_attrs(ds.attrs)).encode()
                    writer = pq.ParquetWriter(path, table.schema.with_metadata(meta))
                writer.write_table(table.replace_schema_metadata(writer.schema.metadata))
    finally:
        if writer is not None:
            writer.close()
