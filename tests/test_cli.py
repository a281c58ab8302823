"""Command line: report and reproduce give readable output, machine formats
that parse, --help everywhere, and exit codes scripts can trust (0 ok, 2 bad
input, with the valid names on stderr)."""

import csv
import io
import json
import math

import pytest

from orbitalcompute import cli


@pytest.fixture(autouse=True)
def _commands(monkeypatch):
    # The lead's COMMANDS list registers sub-commands; make sure ours are on it
    # (idempotent once they are).
    monkeypatch.setattr(cli, "COMMANDS", list(dict.fromkeys(cli.COMMANDS + ["report", "reproduce"])))


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("cmd", [["report"], ["reproduce"]])
def test_help(cmd, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(cmd + ["--help"])
    assert e.value.code == 0
    assert "usage: orbitalcompute " + cmd[0] in capsys.readouterr().out


def test_reproduce_list_and_errors(capsys):
    rc, out, _ = run(capsys, "reproduce", "--list")
    assert rc == 0
    for name in ("mccalip", "suncatcher", "eclipse", "starlink_latency"):
        assert name in out
    rc, _, err = run(capsys, "reproduce", "suncatch")
    assert rc == 2 and "valid names" in err and "suncatcher" in err
    rc, _, err = run(capsys, "reproduce")
    assert rc == 2 and "NAME or --list" in err


def test_reproduce_runs_table_and_json(capsys, tmp_path):
    rc, out, _ = run(capsys, "reproduce", "mccalip", "--out", str(tmp_path))
    assert rc == 0
    assert "published" in out and "Why they differ" in out
    assert (tmp_path / "mccalip_breakdown.png").exists() and (tmp_path / "mccalip_breakdown.svg").exists()
    rc, out, _ = run(capsys, "reproduce", "mccalip", "--format", "json")
    d = json.loads(out)
    assert rc == 0 and d["name"] == "mccalip"
    # every row is computed (a failure raises, it is never an "explained" empty row) and every
    # row that claims an exact reproduction is within its tolerance
    assert all(r["ours"] is not None for r in d["comparisons"])
    assert all(r["within_tolerance"] is True for r in d["comparisons"] if r["tolerance_fraction"] is not None)


def test_reproduction_failure_raises(monkeypatch):
    # a broken model must fail the reproduction, not turn into a row saying "Not computed"
    from orbitalcompute import pipeline, reproductions

    def broken(*a, **k):
        raise RuntimeError("model broken")

    monkeypatch.setattr(pipeline, "evaluate", broken)
    with pytest.raises(RuntimeError, match="model broken"):
        reproductions.run("mccalip")


@pytest.fixture(scope="module")
def report_json(default_report):
    return default_report


def test_report_content(report_json):
    rep = report_json
    o = rep["orbit"]
    assert o["cost_usd_per_gpu_h"] > 0
    # the breakdown sums to the total (same kernel; float rounding only)
    assert sum(o["breakdown_usd_per_gpu_h"].values()) == pytest.approx(o["cost_usd_per_gpu_h"], rel=1e-9)
    assert len(rep["sites"]) >= 6
    for s in rep["sites"].values():
        assert sum(s["breakdown_usd_per_gpu_h"].values()) == pytest.approx(s["cost_usd_per_gpu_h"], rel=1e-9)
        # a break-even either exists (price and its year) or is honestly absent
        assert s["breakeven_exists"] == math.isfinite(s["breakeven_price_usd_per_kg"])
        assert s["carbon_kgco2_per_gpu_h"] >= 0
    for u in ("london", "tokyo"):
        lat = rep["latency"][u]
        assert lat["orbit_p50_ms"] > 0 and 0 <= lat["orbit_reachable_fraction"] <= 1
        assert set(lat["site_rtt_ms"]) == set(rep["sites"])


def test_report_formats(report_json):
    from orbitalcompute.cli import report

    text = report.format_table(report_json)
    assert "Cost per delivered GPU-hour" in text and "Break-even launch price" in text
    assert "Round-trip time" in text and "kgCO2/GPU-h" in text
    rows = list(csv.DictReader(io.StringIO(report.to_csv(report_json))))
    assert {"option", "quantity", "value", "unit"} == set(rows[0])
    assert any(r["option"] == "orbit" and r["quantity"] == "cost" for r in rows)


def test_report_cli_json_and_bad_input(capsys, monkeypatch, default_report):
    # the verb's own plumbing and JSON writer on the shared report (the computation itself,
    # compute_report, is what the default_report fixture ran; a second run would take a minute)
    from orbitalcompute.cli import report

    seen = {}

    def computed(scenario, **kw):
        seen.update(kw, scenario=scenario)
        return default_report

    with monkeypatch.context() as m:
        m.setattr(report, "compute_report", computed)
        rc, out, _ = run(capsys, "report", "--no-figures", "--quick", "--samples", "64", "--users", "london,tokyo",
                         "--format", "json")
    assert seen["scenario"] == "default" and seen["quick"] and seen["samples"] == 64
    assert seen["users"] == ["london", "tokyo"]
    assert rc == 0
    d = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert d["orbit"]["cost_usd_per_gpu_h"] > 0 and "london" in d["latency"]
    # no break-even is reported as null, never NaN
    assert all(s["breakeven_price_usd_per_kg"] is None or s["breakeven_price_usd_per_kg"] > 0
               for s in d["sites"].values())
    rc, _, err = run(capsys, "report", "no_such_scenario", "--no-figures")
    assert rc == 2 and "default" in err  # the valid names are listed
    rc, _, err = run(capsys, "report", "--no-figures", "--users", "atlantis")
    assert rc == 2 and "london" in err


@pytest.mark.slow
def test_report_figures(tmp_path, report_json):
    from orbitalcompute.cli import report

    paths = report.write_figures("default", report_json, tmp_path, samples=64, quick=True)
    stems = {p.stem for p in paths}
    assert stems == {"cost_breakdown", "cost_vs_launch_price", "launch_price_vs_year", "tornado",
                     "uncertainty_histogram", "illumination_year", "rtt_over_day", "rtt_cdf",
                     "design_space_heatmap", "p_win_by_year"}
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths)


def test_breakeven_text_both_branches():
    from orbitalcompute.cli.report import _breakeven_text

    ok = {"breakeven_price_usd_per_kg": 150.0, "breakeven_unclipped_usd_per_kg": 150.0,
          "breakeven_exists": True, "breakeven_date_yr": 2034.4}
    assert _breakeven_text(ok) == ("150 USD/kg", "2034.4")
    late = dict(ok, breakeven_date_yr=float("nan"))
    assert _breakeven_text(late)[1] == "not on the curve"
    none = {"breakeven_price_usd_per_kg": float("nan"), "breakeven_unclipped_usd_per_kg": -900.0,
            "breakeven_exists": False, "breakeven_date_yr": float("nan")}
    assert _breakeven_text(none) == ("none: needs a launch price of -900 USD/kg, i.e. a subsidy of "
                                     "900 USD/kg on top of free launch", "never")


def test_report_out_writes_data_files(tmp_path, report_json):
    # --out also writes the JSON, the CSV, the resolved scenario with provenance and the versions
    import tomllib

    from orbitalcompute.cli import report
    from orbitalcompute.scenario import numeric_paths

    paths = report.write_outputs(report_json, tmp_path)
    assert {p.name for p in paths} == {"report.json", "report.csv", "scenario.toml", "versions.json"}
    assert json.loads((tmp_path / "report.json").read_text()) == json.loads(report.to_json(report_json))
    assert (tmp_path / "report.csv").read_text() == report.to_csv(report_json)
    doc = tomllib.loads((tmp_path / "scenario.toml").read_text())
    s, prov = report_json["_scenario"], report_json["_provenance"]
    assert set(doc["parameters"]) == set(numeric_paths(s))
    p = "gpu.unit_price_usd"
    assert doc["parameters"][p]["value"] == float(s.gpu.unit_price_usd)
    assert doc["parameters"][p]["source"] == prov[p].source and doc["parameters"][p]["unit"] == "USD"
    assert doc["categories"]["launch.price_model"] == s.launch.price_model
    v = json.loads((tmp_path / "versions.json").read_text())
    assert v["packages"]["jax"] and v["packages"]["numpy"] and v["python"]


def test_report_tables_align_and_progress_goes_to_stderr(report_json):
    from orbitalcompute.cli import report

    lines = report._table(("option", "USD/GPU-h [x]"), [("orbit", "1.5"), ("a_long_site_name", "12,345.000")])
    assert "USD/GPU-h [x]" in lines[0]  # brackets are text, not markup
    ends = {len(ln) for ln in (lines[0], lines[2], lines[3])}
    assert len(ends) == 1  # right-aligned numbers end in one column
    buf = io.StringIO()
    prog = report.Progress(stream=buf)
    with prog("a step"):
        pass
    assert "a step ..." in buf.getvalue() and "a step" in prog.steps
    quiet = io.StringIO()
    with report.Progress(stream=quiet, enabled=False)("x"):
        pass
    assert quiet.getvalue() == ""


def test_compile_cache_threshold_is_checked(monkeypatch, capsys):
    from orbitalcompute.cli import _compile_cache as compile_cache

    monkeypatch.setenv(compile_cache.ENV_MIN_S, "2.5")
    assert compile_cache.min_compile_time_s() == 2.5
    monkeypatch.setenv(compile_cache.ENV_MIN_S, "soon")
    assert cli.main(["catalog", "list"]) == 2
    assert "ORBITALCOMPUTE_JAX_CACHE_MIN_S = 'soon' is not a number of seconds" in capsys.readouterr().err


def test_compile_cache_switches(tmp_path, monkeypatch):
    from orbitalcompute.cli import _compile_cache as compile_cache

    monkeypatch.setenv(compile_cache.ENV_DIR, str(tmp_path / "c"))
    assert compile_cache.cache_dir() == tmp_path / "c"
    monkeypatch.setenv(compile_cache.ENV_SWITCH, "0")
    assert compile_cache.is_disabled() and compile_cache.enable() is None
    assert not (tmp_path / "c").exists()
