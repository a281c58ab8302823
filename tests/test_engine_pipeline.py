"""End to end: the engine over the full pipeline and the default scenario."""

from pathlib import Path

import jax
import numpy as np
import pytest

# The package's own modules: a failed import must fail the test, not skip it.
from orbitalcompute import pipeline, scenario
from orbitalcompute.engine import load_sweep, run_sweep, set_path, summarize

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "sweeps"
OUTPUTS = ["orbital_cost_usd_per_gpu_h", "breakeven_unclipped_usd_per_kg", "feasible",
           "reason_code"]


def test_wiring_sweep_of_default_scenario_equals_direct_evaluation(tmp_path):
    # Wiring test (not a reference): a 2 x 2 grid x 3 Latin-hypercube draws of the
    # launch date (range from the scenario file), against pipeline.evaluate called
    # directly on the same scenario with the same values written in.  Both run the
    # same kernels, so this checks only that the engine writes each value to the
    # right path and cell: 1e-12 relative (only XLA fusion order differs).
    toml = tmp_path / "s.toml"
    toml.write_text(
        '[sweep]\nscenario = "default"\nmethod = "lhs"\nsamples = 3\nseed = 1\n'
        f'outputs = {OUTPUTS!r}\n'.replace("'", '"') +
        '[grid]\n"orbit.altitude_km" = [550.0, 800.0]\n'
        '"spacecraft.radiator_temperature_k" = [300.0, 330.0]\n'
        '[sample]\n"launch.launch_date_yr" = "catalog"\n')
    sw = load_sweep(toml)
    ds = run_sweep(sw, tmp_path / "out.zarr", quiet=True)
    assert ds["orbital_cost_usd_per_gpu_h"].dims == ("orbit.altitude_km",
                                                     "spacecraft.radiator_temperature_k", "sample")
    # units and provenance in the attributes
    assert ds["orbital_cost_usd_per_gpu_h"].attrs["units"] == "USD/(GPU h)"
    assert ds["orbit.altitude_km"].attrs["units"] == "km"
    dates = ds["launch.launch_date_yr"]
    assert dates.attrs["low"] == 2027.0 and dates.attrs["high"] == 2033.0
    assert "scenario choice" in dates.attrs["source"]
    assert np.all((dates.values >= 2027.0) & (dates.values <= 2033.0))
    assert ds.attrs["scenario"] == "default" and ds.attrs["complete"] == 1

    base = scenario.load_scenario("default")
    ev = jax.jit(pipeline.evaluate)
    for (i, j, k) in [(0, 1, 2), (1, 0, 0)]:
        sc = set_path(base, "orbit.altitude_km", float(ds["orbit.altitude_km"][i]))
        sc = set_path(sc, "spacecraft.radiator_temperature_k",
                      float(ds["spacecraft.radiator_temperature_k"][j]))
        sc = set_path(sc, "launch.launch_date_yr", float(dates[k]))
        ref = ev(sc)
        for key in OUTPUTS:
            got = ds[key].values[i, j, k]
            if np.issubdtype(np.asarray(got).dtype, np.floating):
                np.testing.assert_allclose(got, float(ref[key]), rtol=1e-12)
            else:
                assert got == ref[key]
    s = summarize(ds)
    vals = ds["orbital_cost_usd_per_gpu_h"].values
    assert s["orbital_cost_usd_per_gpu_h"]["mean"] == pytest.approx(float(np.nanmean(vals)), rel=1e-12)


def test_example_sweep_files_parse():
    # every example sweep over the default scenario names valid parameters
    for name in ("default_grid.toml", "default_lhs.toml"):
        sw = load_sweep(EXAMPLES / name)
        assert sw.size > 1000 and sw.scenario == "default"
