"""Sweep stores open with plain ``xarray.open_zarr`` and export to NetCDF,
Parquet and CSV (issue 14.4).  Round trips are exact: the same float64 bytes
(NetCDF, Parquet) or the same values after CSV's shortest round-trip repr."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from orbitalcompute import catalog
from orbitalcompute.cli import main as cli_main
from orbitalcompute.engine import Categorical, Grid, Sampled, Sweep, run_sweep
from orbitalcompute.engine.export import export_sweep
from orbitalcompute.engine.testfunctions import disc, quadratic, quadratic_base


def _orbit_f(p):
    o = p["orbit"]
    y = p["k"] * o.altitude_km + p["s"]
    return {"value_km": y, "feasible": y > 800.0, "reason_code": (y <= 800.0).astype(np.int32)}


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    d = tmp_path_factory.mktemp("stores")
    base = {"orbit": catalog.load("orbits", "iss_like_400"), "k": 2.0, "s": 0.0}
    cat = Sweep(base=base, categorical=[Categorical("orbit", ["iss_like_400", "dawn_dusk_sso_650"])],
                grid=[Grid("k", [1.0, 2.0, 3.0])], sampled=[Sampled("s", 0.0, 10.0)],
                n_samples=5, function=_orbit_f, chunk_size=4)  # 2 chunks per k row
    quad = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 7),
                                              Grid.linspace("design.y", 0, 3, 5)],
                 function=disc, chunk_size=3)
    out = {}
    for name, sw in (("cat", cat), ("quad", quad)):
        path = d / f"{name}.zarr"
        out[name] = (path, run_sweep(sw, path, quiet=True))
    return out


@pytest.mark.parametrize("name", ["cat", "quad"])
def test_plain_open_zarr_reads_named_dims_and_coordinates(stores, name):
    path, ref = stores[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "missing dimension_names", no consolidation warning
        ds = xr.open_zarr(path)
    assert dict(ds.sizes) == dict(ref.sizes)
    for k in ref.data_vars:
        assert ds[k].dims == ref[k].dims
        np.testing.assert_array_equal(ds[k].values, ref[k].values)
        assert ds[k].dtype == ref[k].dtype
        assert ds[k].attrs.get("units") == ref[k].attrs.get("units")
    for k in ref.coords:
        assert k in ds.coords and ds[k].dims == ref[k].dims
        np.testing.assert_array_equal(np.asarray(ds[k].values, dtype=ref[k].dtype), ref[k].values)


def test_resume_still_works_on_the_xarray_layout(tmp_path, stores):
    _, ref = stores["cat"]
    sw = Sweep(base={"orbit": catalog.load("orbits", "iss_like_400"), "k": 2.0, "s": 0.0},
               categorical=[Categorical("orbit", ["iss_like_400", "dawn_dusk_sso_650"])],
               grid=[Grid("k", [1.0, 2.0, 3.0])], sampled=[Sampled("s", 0.0, 10.0)],
               n_samples=5, function=_orbit_f, chunk_size=4)
    path = tmp_path / "part.zarr"
    part = run_sweep(sw, path, quiet=True, max_chunks=5)
    assert part.attrs["complete"] == 0 and part.attrs["chunks_done"] == 5
    # 12 chunks of 3 and 2 samples (5 per row cut evenly); the first 5 hold 3+2+3+2+3 designs
    assert np.isnan(xr.open_zarr(path)["value_km"].values).sum() == 30 - 13
    full = run_sweep(sw, path, quiet=True, resume=True)
    for k in ref.data_vars:
        np.testing.assert_array_equal(full[k].values, ref[k].values)
        np.testing.assert_array_equal(xr.open_zarr(path)[k].values, ref[k].values)


@pytest.mark.parametrize("name", ["cat", "quad"])
def test_netcdf_round_trip(stores, tmp_path, name):
    path, ref = stores[name]
    out = export_sweep(path, tmp_path / "r.nc", "nc")
    back = xr.open_dataset(out).load()
    for k in ref.data_vars:
        np.testing.assert_array_equal(back[k].values, ref[k].values)
        assert back[k].dtype.kind == ref[k].dtype.kind
    for k in ref.coords:
        np.testing.assert_array_equal(np.asarray(back[k].values).astype(ref[k].dtype),
                                      ref[k].values)
    assert back.attrs["complete"] == 1
    with pytest.raises(ValueError, match="exists"):
        export_sweep(path, out, "nc")


def _table(ref):
    return ref.to_dataframe().reset_index()


@pytest.mark.parametrize("name", ["cat", "quad"])
def test_csv_round_trip(stores, tmp_path, name):
    path, ref = stores[name]
    out = export_sweep(path, tmp_path / "r.csv", "csv")
    back = pd.read_csv(out)
    want = _table(ref)
    assert len(back) == ref.attrs["n_designs"] == len(want)
    for c in want.columns:
        got = back[c].to_numpy()
        exp = want[c].to_numpy()
        if exp.dtype.kind == "f":
            np.testing.assert_array_equal(got.astype(float), exp)
        else:
            np.testing.assert_array_equal(got.astype(str), exp.astype(str))
    units = json.loads((tmp_path / "r.csv.units.json").read_text())
    assert units.get("value_km", "km") == "km"


def test_parquet_round_trip(stores, tmp_path):
    pytest.importorskip("pyarrow")
    path, ref = stores["cat"]
    out = export_sweep(path, tmp_path / "r.parquet", "parquet")
    back = pd.read_parquet(out)
    want = _table(ref)
    assert list(back.columns) == list(want.columns)
    for c in want.columns:
        exp = want[c].to_numpy()
        if exp.dtype.kind in "fbiu":
            np.testing.assert_array_equal(back[c].to_numpy(), exp)
            assert back[c].to_numpy().dtype == exp.dtype
        else:  # category names
            np.testing.assert_array_equal(back[c].to_numpy().astype(str), exp.astype(str))
    import pyarrow.parquet as pq

    units = json.loads(pq.read_schema(out).metadata[b"orbitalcompute_units"])
    assert units["value_km"] == "km"


def test_cli_export_and_refusals(stores, tmp_path, capsys):
    path, ref = stores["quad"]
    out = tmp_path / "q.nc"
    assert cli_main(["export", str(path), "--to", "nc", "-o", str(out),
                     "--outputs", "objective,feasible"]) == 0
    back = xr.open_dataset(out)
    assert set(back.data_vars) == {"objective", "feasible"}
    assert cli_main(["export", str(path), "--to", "nc", "-o", str(out)]) == 2  # exists
    assert "exists" in capsys.readouterr().err
    assert cli_main(["export", str(path), "--to", "csv", "--outputs", "nope",
                     "-o", str(tmp_path / "x.csv")]) == 2
    assert "unknown output" in capsys.readouterr().err
    part = tmp_path / "part.zarr"
    run_sweep(Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", 0, 1, 6)],
                    function=quadratic, chunk_size=2), part, quiet=True, max_chunks=1)
    assert cli_main(["export", str(part), "--to", "csv", "-o", str(tmp_path / "p.csv")]) == 2
    assert "unfinished" in capsys.readouterr().err
    assert cli_main(["export", str(part), "--to", "csv", "--partial",
                     "-o", str(tmp_path / "p.csv")]) == 0
