"""The float32 sweep option (``Sweep.precision = "float32"``, issue 15).

Reference: the same sweep in float64 (the default).  Measured on the default
scenario over altitude x radiator temperature (35 designs): at most 5.4e-7
relative on cost, break-even and mass, no feasibility flip; tolerance 1e-5.
"""

import numpy as np
import pytest

from orbitalcompute.engine import Grid, Sweep, run_sweep
from orbitalcompute.engine.spec import parse_sweep
from orbitalcompute.scenario import load_scenario

OUTS = ["orbital_cost_usd_per_gpu_h", "terrestrial_cost_min_usd_per_gpu_h", "breakeven_unclipped_usd_per_kg",
        "total_mass_kg", "feasible", "reason_code"]


@pytest.fixture(scope="module")
def scen():
    return load_scenario("default")


def test_float32_sweep_agrees_with_float64(scen, tmp_path):
    grid = [Grid.linspace("orbit.altitude_km", 500.0, 1100.0, 7),
            Grid.linspace("spacecraft.radiator_temperature_k", 300.0, 360.0, 5)]
    r = {p: run_sweep(Sweep(base=scen, grid=grid, outputs=OUTS, chunk_size=64, precision=p), quiet=True)
         for p in ("float64", "float32")}
    for k in OUTS[:4]:
        a, b = r["float64"][k].values, r["float32"][k].values
        assert np.array_equal(np.isfinite(a), np.isfinite(b)), k
        m = np.isfinite(a)
        assert m.any()
        np.testing.assert_allclose(b[m], a[m], rtol=1e-5, err_msg=k)
        assert not np.array_equal(a[m], b[m]), f"{k}: float32 gave float64's bits (ran in float64?)"
    np.testing.assert_array_equal(r["float32"]["feasible"].values, r["float64"]["feasible"].values)
    np.testing.assert_array_equal(r["float32"]["reason_code"].values, r["float64"]["reason_code"].values)
    # into a store: the same values (the kernel is the cached float32 one)
    from orbitalcompute.engine import open_sweep

    run_sweep(Sweep(base=scen, grid=grid, outputs=OUTS, chunk_size=64, precision="float32"), tmp_path / "s.zarr",
              quiet=True)
    ds = open_sweep(tmp_path / "s.zarr")
    np.testing.assert_array_equal(ds["orbital_cost_usd_per_gpu_h"].values, r["float32"]["orbital_cost_usd_per_gpu_h"].values)


def test_float32_refuses_what_needs_float64(scen):
    g = [Grid.linspace("orbit.altitude_km", 500.0, 600.0, 2)]
    with pytest.raises(ValueError, match="all outputs"):
        Sweep(base=scen, grid=g, precision="float32")
    with pytest.raises(ValueError, match="site_lulea_se_irr"):
        Sweep(base=scen, grid=g, outputs=["orbital_cost_usd_per_gpu_h", "site_lulea_se_irr"], precision="float32")
    from orbitalcompute import catalog

    inclined = scen.replace(orbit=catalog.load("orbits", "starlink_shell1_550"))
    with pytest.raises(ValueError, match="sun-synchronous"):
        Sweep(base=inclined, grid=g, outputs=OUTS, precision="float32")
    with pytest.raises(ValueError, match="precision"):
        Sweep(base=scen, grid=g, outputs=OUTS, precision="float16")


def test_precision_key_in_a_sweep_file():
    sw = parse_sweep({"sweep": {"scenario": "default", "precision": "float32", "outputs": OUTS},
                      "grid": {"orbit.altitude_km": {"values": [550.0, 650.0]}}}, where="t.toml")
    assert sw.precision == "float32" and sw.to_dict()["precision"] == "float32"
