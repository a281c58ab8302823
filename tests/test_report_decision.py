"""The report's decision content (issue 11, item 6): one uncertainty study shared with
``orbitalcompute uncertainty``, assumption flags, and NPV/IRR/payback at the rental price."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

N = 64  # small: identity of the two paths does not need converged statistics


@pytest.fixture(scope="module")
def rep(default_report):
    return default_report


def _finite(x):
    return isinstance(x, (int, float)) and math.isfinite(x)


def test_report_has_decision_keys_with_finite_numbers(rep):
    o = rep["orbit"]
    assert _finite(rep["rental_price"]["usd_per_gpu_h"]) and rep["rental_price"]["source"]
    assert _finite(o["npv_usd"]) and _finite(o["cost_usd_per_mtok"]) and _finite(o["ratio_to_cheapest_site"])
    for s in rep["sites"].values():
        for k in ("npv_usd", "irr", "cost_usd_per_mtok", "orbit_ratio"):
            assert _finite(s[k]), k
        # a site that never pays back within its life has no payback time (null, never NaN
        # printed), and then its NPV at any positive discount rate is negative
        assert _finite(s["payback_yr"]) or (s["payback_yr"] is None or math.isnan(s["payback_yr"])) and s["npv_usd"] < 0
    u = rep["uncertainty"]
    for k in ("nominal_usd_per_gpu_h", "median_usd_per_gpu_h", "q05_usd_per_gpu_h", "q95_usd_per_gpu_h",
              "median_vs_nominal_fraction"):
        assert _finite(u[k]), k
    assert u["n"] == N and 0.0 <= u["p_orbit_beats_cheapest_site"]["p"] <= 1.0
    assert "breakeven_ranking" in rep  # None until orbitalcompute.analysis.breakeven exists
    # the nominal is the deterministic headline
    assert u["nominal_usd_per_gpu_h"] == o["cost_usd_per_gpu_h"]


def test_any_nan_has_a_reason_and_is_never_printed(rep):
    from orbitalcompute.cli import report

    for side in [rep["orbit"], *rep["sites"].values()]:
        for k in ("irr", "payback_yr"):
            if not math.isfinite(side[k]):
                assert k in side["not_a_number_reason"]
    text = report.format_table(rep)
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    assert not re.search(r"\bnan\b", report.to_csv(rep), re.IGNORECASE)
    for head in ("At a rental price of", "Uncertainty (", "Assumption flags", "USD/Mtok", "nominal", "median"):
        assert head in text


def test_npv_sign_follows_rental_price_vs_levelised_cost(rep):
    p = rep["rental_price"]["usd_per_gpu_h"]
    for side in [rep["orbit"], *rep["sites"].values()]:
        c = side["cost_usd_per_gpu_h"]
        assert np.sign(side["npv_usd"]) == np.sign(p - c), (p, c, side["npv_usd"])


def test_report_and_uncertainty_command_give_identical_percentiles(rep, capsys):
    from orbitalcompute import cli

    rc = cli.main(["uncertainty", "-n", str(N), "--format", "json", "-q"])
    assert rc == 0
    d = json.loads(capsys.readouterr().out)
    s = d["summary"]["orbital_cost_usd_per_gpu_h"]
    u = rep["uncertainty"]
    assert u["seed"] == 11  # the study file's seed, in both
    assert s["q50"] == u["median_usd_per_gpu_h"]
    assert s["q05"] == u["q05_usd_per_gpu_h"] and s["q95"] == u["q95_usd_per_gpu_h"]
    assert s["mean"] == u["mean_usd_per_gpu_h"]
    for site, pr in d["beats"].items():
        assert pr["p"] == u["p_orbit_beats_site"][site]["p"]


def test_gap_explanation_is_computed_from_the_ranges(rep):
    from orbitalcompute.analysis.report import load
    from orbitalcompute.engine.sampling import transform

    _, prov, _ = load("default")
    u = rep["uncertainty"]
    assert set(u["parameters"]) <= set(prov)
    for p in u["inputs_median_above_default"]:
        r = prov[p]
        med = transform(np.array([0.5]), r.low, r.high, r.distribution or "uniform", r.value)[0]
        assert med > r.value
    for p in u["inputs_median_below_default"]:
        r = prov[p]
        assert transform(np.array([0.5]), r.low, r.high, r.distribution or "uniform", r.value)[0] < r.value


def test_assumption_flags_rest_on_assumption_sources(rep):
    from orbitalcompute.analysis.report import load

    _, prov, _ = load("default")
    flags = rep["assumptions"]["flagged_outputs"]
    assert "orbital_cost_usd_per_gpu_h" in flags and flags["orbital_cost_usd_per_gpu_h"]
    for rows in flags.values():
        for r in rows:
            src = str(prov[r["path"]].source).lower()
            # the rule: "assumption..." after an optional "engineering " or "<x> side: " qualifier
            head = src.split("side:", 1)[1].strip() if src.split(":", 1)[0].endswith(" side") else src
            assert head.removeprefix("engineering ").startswith("assumption"), (r["path"], src)
            assert r["elasticity"] != 0.0 and math.isfinite(r["elasticity"])


def test_is_assumption_rule():
    from orbitalcompute.analysis.report import is_assumption

    assert is_assumption("assumption: x") and is_assumption("engineering assumption of this work")
    assert is_assumption("terrestrial side: assumption: typical WACC")
    assert not is_assumption("Damodaran 2026 (primary); not an assumption")
    assert not is_assumption(None)


def test_ranking_reports_range_and_leverage_in_text_and_csv(rep):
    # out-of-range break-evens are marked as extrapolations; the leverage list ranks inputs by
    # the orbit / cheapest ratio at their favourable catalogue end (ascending)
    from orbitalcompute.cli import report

    text = report.format_table(rep)
    assert "Leverage within the catalogue ranges" in text
    rows = [r for r in rep["breakeven_ranking"] if r.get("best_ratio") is not None]
    assert rows and all(r["best_ratio"] > 0 for r in rows)
    for r in rep["breakeven_ranking"]:
        if r.get("breakeven") is not None and not r["in_range"]:
            assert f"outside its catalogue range [{r['low']:g}, {r['high']:g}]" in text
    csv_text = report.to_csv(rep)
    best = min(rows, key=lambda r: r["best_ratio"])
    assert f"input:{best['path']},orbit_ratio_at_{best['best_end']}," in csv_text
