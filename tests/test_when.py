"""The "when" analysis (issue 12): break-even year per site, P(orbit wins) by year,
sweeps over trajectory names and the year."""

import dataclasses

import jax
import numpy as np
import pytest

from orbitalcompute.analysis import when
from orbitalcompute.analysis.report import load
from orbitalcompute.pipeline import evaluate
from orbitalcompute.scenario import with_path

YEARS = np.arange(2026.0, 2046.0)


@pytest.fixture(scope="module")
def base():
    s, prov, _ = load("default")
    return s, prov


@pytest.fixture(scope="module")
def crossing(base):
    # A site whose power price starts high and escalates 20 %/yr: orbit overtakes it inside
    # the grid (an invented stress case, not a forecast), so a break-even year exists.
    s, _ = base
    s = with_path(s, "trajectories.sites.memphis_tn.electricity_price_growth_per_yr", 0.2)
    return with_path(s, "sites.memphis_tn.electricity_price_usd_per_kwh", 0.3)


def test_breakeven_year_agrees_with_a_brute_force_scan(crossing):
    # Brute force: the full pipeline called once per year (no vmap), first year orbit is
    # cheaper.  Same kernels, independent year loop: must agree exactly.
    got = when.breakeven_years(crossing, YEARS)
    ev = jax.jit(evaluate)
    expect = {}
    for n in crossing.sites:
        expect[n] = None
        for y in YEARS:
            o = ev(with_path(crossing, "launch.launch_date_yr", float(y)))
            if bool(o["feasible"]) and float(o["orbital_cost_usd_per_gpu_h"]) < float(o[f"site_{n}_cost_usd_per_gpu_h"]):
                expect[n] = float(y)
                break
    assert got["by_variant"]["all"] == expect
    assert 2026.0 < expect["memphis_tn"] < 2045.0  # the stress case does cross inside the grid
    # each trajectory alone: the site's escalation alone crosses too; the launch curve alone
    # (site frozen at its 2025 price) does not
    assert got["by_variant"]["site_power"]["memphis_tn"] is not None
    assert got["by_variant"]["launch_price"]["memphis_tn"] is None


def test_default_says_not_before_year_max(base):
    s, prov = base
    lines, data = when.when_report(s, prov, n=8)
    be = data["breakeven_years"]
    assert be["year_max"] == 2045.0
    assert all(y is None for v in be["by_variant"].values() for y in v.values())
    assert any(">2045" in ln for ln in lines) and any("P(orbit wins)" in ln for ln in lines)


def test_p_win_by_year_is_a_probability_and_names_a_deciding_input(crossing, base):
    # the draws replace the stress case's escalation unless its range holds it: narrow it
    _, prov = base
    key = "trajectories.sites.memphis_tn.electricity_price_growth_per_yr"
    prov = {**prov, key: dataclasses.replace(prov[key], low=0.19, high=0.21)}
    pw = when.p_win_by_year(crossing, prov, YEARS[[0, 10, 19]], n=16, seed=3)
    p = np.array(pw["p_by_site"]["memphis_tn"])
    assert np.all((p >= 0) & (p <= 1))
    assert p[0] == 0.0 and p[-1] == 1.0  # 2026: site at 0.3 USD/kWh still cheaper; 2045: 12x that
    labels = {i["label"] for i in pw["inputs"]}
    assert "launch.curve.learning_rate" in labels and "launch.curve.launches_per_yr" in labels
    assert all(d in labels for d in pw["decisive_input"])
    assert len(pw["p_any_site"]) == 3 and pw["n"] == 16


def test_bad_input_to_the_analysis(base):
    s, prov = base
    with pytest.raises(ValueError, match=r"outside the validity.*\[2025, 2045\] yr"):
        when.year_grid(s, 2050, 2060)
    with pytest.raises(ValueError, match=r"n = 1 draws is outside the valid range \[2, inf\)"):
        when.p_win_by_year(s, prov, YEARS[:2], n=1)


def test_sweep_over_trajectory_names_and_the_year(tmp_path):
    # A sweep TOML with launch curves and trajectory sets as categorical axes and the year as a
    # grid axis; each cell equals the pipeline on the same choices (wiring, 1e-12).
    from orbitalcompute.engine import load_sweep, run_sweep

    toml = tmp_path / "w.toml"
    toml.write_text('[sweep]\nscenario = "default"\noutputs = ["orbital_cost_usd_per_gpu_h", "reason_code"]\n'
                    '[grid]\n"launch.launch_date_yr" = [2030.0, 2042.0]\n'
                    '[categorical]\n"launch.curve" = ["suncatcher_learning", "citi_base"]\n'
                    'trajectories = ["default", "frozen"]\n')
    ds = run_sweep(load_sweep(toml), tmp_path / "w.zarr", quiet=True)
    c = ds["orbital_cost_usd_per_gpu_h"]
    assert c.dims[:3] == ("launch.curve", "trajectories", "launch.launch_date_yr")
    v = np.squeeze(c.values)
    # Citi ends in 2040: its 2042 cells are masked (reason bit 1024), not extrapolated
    assert np.all(np.isnan(v[1, :, 1])) and np.all(np.isfinite(v[0]))
    assert np.all(np.squeeze(ds["reason_code"].values)[1, :, 1].astype(int) & 1024)
    # learning and site power lower the 2042 orbital cost against the frozen set
    assert v[0, 0, 1] < v[0, 1, 1]
