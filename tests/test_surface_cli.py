"""The user surface (issue 14.1, 14.2, 14.4-smaller): --set on the verbs, compare,
no-effect warnings in sweeps, scenario list/show/new, a user catalogue layered with
--models, sweep-relative paths, and quiet broken pipes.  Kept fast: the pipeline is
compiled at most once per test (compare, reproduce); the rest uses the catalogue
and the engine's closed-form test functions."""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.cli import build_parser, main
from orbitalcompute.scenario import load_scenario, scenario_names

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_user_layers(monkeypatch):
    monkeypatch.delenv(catalog.MODELS_ENV, raising=False)
    catalog.set_user_dirs([])
    yield
    catalog.set_user_dirs([])


@pytest.mark.parametrize("verb", ["report", "breakeven", "sweep", "optimize", "uncertainty", "reproduce",
                                  "compare", "whom", "when"])
def test_every_scenario_verb_takes_set(verb):
    first = {"sweep": ["f.toml"], "optimize": ["f.toml"], "uncertainty": [], "reproduce": ["mccalip"],
             "compare": ["default"]}.get(verb, [])
    args = build_parser().parse_args([verb, *first, "--set", "finance.wacc=8%", "--set",
                                      "orbit.altitude_km=0.7 Mm"])
    assert args.set == ["finance.wacc=8%", "orbit.altitude_km=0.7 Mm"]


def test_report_set_with_units_reaches_the_scenario(monkeypatch, no_user_layers):
    # the report's loader (cli._options.load, what compute_report calls) with units on the command line
    from orbitalcompute.cli import report
    from orbitalcompute.cli._options import load

    s, prov, _ = load(argparse.Namespace(set=["finance.wacc=11%", "orbit.altitude_km=0.7 Mm"],
                                         scenario="default"), verb="report")
    assert s.finance.wacc == pytest.approx(0.11, rel=1e-15)
    assert s.orbit.altitude_km == pytest.approx(700.0, rel=1e-15)
    assert prov["orbit.altitude_km"].value == pytest.approx(700.0)
    assert prov["orbit.altitude_km"].source.startswith("--set on the command line")
    assert prov["orbit.altitude_km"].low is None  # held fixed by the report's uncertainty study
    # and the report verb hands its --set list to compute_report
    seen = {}

    def fake(scenario, **kw):
        seen.update(kw, scenario=scenario)
        raise ValueError("stop here")

    monkeypatch.setattr(report, "compute_report", fake)
    assert main(["report", "--no-figures", "--set", "orbit.altitude_km=0.7 Mm"]) == 2
    assert seen["overrides"] == ["orbit.altitude_km=0.7 Mm"]


def test_set_errors_are_one_line(capsys, no_user_layers):
    assert main(["breakeven", "gpu.unit_price_usd", "--set", "finance.utilisation=1.5"]) == 2
    err = capsys.readouterr().err
    assert "finance.utilisation = 1.5 is outside the valid range (0, 1]" in err and "Traceback" not in err
    assert main(["breakeven", "gpu.unit_price_usd", "--set", "finance.wac=0.1"]) == 2
    assert "Did you mean 'finance.wacc'" in capsys.readouterr().err


def test_reproduce_with_set_and_units(capsys, no_user_layers):
    from orbitalcompute import reproductions

    code = main(["reproduce", "mccalip", "--quick", "--format", "json", "--set", "orbit.altitude_km=0.55 Mm"])
    assert code == 0
    rep = json.loads(capsys.readouterr().out)
    assert any("orbit.altitude_km" in i for i in rep["inputs"])
    changed = [c for c in rep["comparisons"] if "unchanged assumptions" in c["explanation"]]
    assert changed, "a lower orbit changes our sunlit fraction and specific power rows"
    # a changed row is no longer claimed to reproduce the publication exactly
    assert all(c["tolerance_fraction"] is None for c in changed)
    with pytest.raises(ValueError, match="evaluates no scenario"):
        reproductions.run("eclipse", quick=True, overrides={"finance.wacc": 0.1})


def test_compare_one_scenario_with_set(capsys, tmp_path, no_user_layers):
    code = main(["compare", "default", "--set", "orbit.altitude_km=0.7 Mm", "--format", "json"])
    assert code == 0
    out = capsys.readouterr()
    cmp = json.loads(out.out)
    assert cmp["inputs"] == [{"path": "orbit.altitude_km", "a": 650.0, "b": 700.0}]
    rows = {r["output"]: r for r in cmp["outputs"]}
    orb = rows["orbital_cost_usd_per_gpu_h"]
    assert orb["changed"] and orb["difference"] == pytest.approx(orb["b"] - orb["a"], rel=1e-12)
    # the sites do not depend on the orbit
    site = next(k for k in rows if k.startswith("site_"))
    assert not rows[site]["changed"]
    from orbitalcompute.plots.compare import compare_figure

    files = compare_figure({**cmp, "outputs": cmp["outputs"]}, tmp_path)
    assert {f.suffix for f in files} == {".png", ".svg"} and all(f.stat().st_size > 0 for f in files)


def test_compare_needs_b_or_set(capsys):
    assert main(["compare", "default"]) == 2
    assert "needs a scenario B or at least one --set" in capsys.readouterr().err


def _ishigami_sweep(folder: Path) -> Path:
    f = folder / "ish.toml"
    f.write_text('[sweep]\nname = "ish"\nbase = "ishigami_base"\nfunction = "ishigami"\nchunk_size = 16\n'
                 '[grid]\n"x.x3" = {start = -1.0, stop = 1.0, num = 3}\n"x.x1" = {start = -1.0, stop = 1.0, num = 2}\n')
    return f


def test_sweep_warns_for_a_swept_and_a_set_input_without_effect(capsys, tmp_path):
    f = _ishigami_sweep(tmp_path)
    # b = 0 removes x3 from the Ishigami function (y = sin x1 + a sin^2 x2 + b x3^4 sin x1)
    code = main(["sweep", str(f), "-o", str(tmp_path / "s.zarr"), "-q", "--set", "b=0", "--set", "x.x2=0"])
    assert code == 0
    err = capsys.readouterr().err
    assert "swept input x.x3 has no effect" in err
    assert "swept input x.x1 has no effect" not in err
    assert "--set b:" not in err  # b acts wherever sin(x1) != 0, which the probes reach
    assert "--set x.x2: has no effect: the scenario already has x.x2 = 0" in err


def test_sweep_warns_for_a_fixed_price_under_a_curve(capsys, tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[sweep]\nscenario = "default"\n[grid]\n"launch.price_usd_per_kg" = {start = 50.0, stop = 500.0, num = 3}\n')
    assert main(["sweep", str(f), "--check"]) == 0
    assert "swept input launch.price_usd_per_kg has no effect" in capsys.readouterr().err


def test_sweep_file_paths_are_relative_to_the_file(tmp_path, monkeypatch, capsys):
    sub = tmp_path / "study"
    sub.mkdir()
    (sub / "mine.toml").write_text((catalog.catalog_dir() / "scenarios" / "default.toml").read_text())
    f = sub / "grid.toml"
    f.write_text('[sweep]\nscenario = "mine.toml"\n[grid]\n"orbit.altitude_km" = {start = 550.0, stop = 650.0, num = 2}\n')
    monkeypatch.chdir(tmp_path)  # not the sweep file's folder
    assert main(["sweep", "study/grid.toml", "--check"]) == 0
    assert "2 designs" in capsys.readouterr().out


def test_scenario_list_show_new(capsys, tmp_path, no_user_layers):
    assert main(["scenario", "list"]) == 0
    out = capsys.readouterr().out
    assert all(n in out for n in scenario_names())
    assert main(["catalog", "list", "scenarios"]) == 0
    assert "scenarios/default" in capsys.readouterr().out
    assert main(["scenario", "show", "default"]) == 0
    assert "[launch]" in capsys.readouterr().out
    assert main(["scenario", "new", "mine", "--dir", str(tmp_path)]) == 0
    text = (tmp_path / "mine.toml").read_text()
    assert text.startswith("# Scenario 'mine'") and "# orbits:" in text
    a, b = load_scenario("default"), load_scenario(tmp_path / "mine.toml")
    import jax

    for x, y in zip(jax.tree_util.tree_leaves(a), jax.tree_util.tree_leaves(b)):
        assert np.array_equal(np.asarray(x), np.asarray(y))
    assert main(["scenario", "new", "mine", "--dir", str(tmp_path)]) == 2
    assert "exists; pass --force" in capsys.readouterr().err


def _user_layer(folder: Path) -> Path:
    text = (catalog.catalog_dir() / "gpus.toml").read_text()
    block = text[text.index("[h100_sxm]"):]
    block = block[: block.index("\n[", 1)]
    block = block.replace("[h100_sxm]", "[h100_cheap]").replace("unit_price_usd = {value = 30000.0",
                                                                "unit_price_usd = {value = 35000.0")
    folder.mkdir()
    (folder / "gpus.toml").write_text(block + "\n")
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "mine.toml").write_text(
        (catalog.catalog_dir() / "scenarios" / "default.toml").read_text())
    return folder


def test_models_folder_is_layered_over_the_catalogue(tmp_path, capsys, no_user_layers, monkeypatch):
    user = _user_layer(tmp_path / "models")
    assert "h100_cheap" not in catalog.names("gpus")
    assert main(["--models", str(user), "catalog", "show", "gpus/h100_cheap", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["params"]["unit_price_usd"] == 35000.0
    catalog.set_user_dirs([])
    monkeypatch.setenv(catalog.MODELS_ENV, str(user))
    assert "h100_cheap" in catalog.names("gpus") and "h100_sxm" in catalog.names("gpus")
    assert catalog.entry("gpus", "h100_cheap").file == user / "gpus.toml"
    assert catalog.entry("gpus", "h100_sxm").file == catalog.catalog_dir() / "gpus.toml"
    assert "mine" in scenario_names()
    monkeypatch.setenv(catalog.MODELS_ENV, str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="does not exist"):
        catalog.names("gpus")
    monkeypatch.delenv(catalog.MODELS_ENV)
    assert "h100_cheap" not in catalog.names("gpus")


def test_broken_pipe_is_quiet():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "orbitalcompute", "catalog", "show", "orbits/dawn_dusk_sso_650",
                          "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    p.stdout.close()  # the reader is gone before anything is written (as `| head` after its lines)
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_uncertainty_samples_and_help(capsys):
    with pytest.raises(SystemExit) as e:
        main(["uncertainty", "-n", "0"])
    assert e.value.code == 2
    assert "--samples = 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["uncertainty", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    named = re.findall(r"(?:examples|models)/[\w/.-]+\.toml", help_text)
    assert named and all((ROOT / n).is_file() for n in named), named


def test_catalog_list_columns_align(capsys, no_user_layers):
    assert main(["catalog", "list"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.strip()]
    starts = {len(ln.split("  ")[0]) + len(ln) - len(ln.split("  ", 1)[1].lstrip()) - len(ln.split("  ")[0])
              for ln in lines if "  " in ln}
    cols = {len(ln) - len(ln[len(ln.split()[0]):].lstrip()) for ln in lines}
    assert len(cols) == 1, sorted(cols)[:5]
    assert starts


def test_when_applies_set_before_the_analysis(monkeypatch, capsys):
    # the when verb evaluates the scenario with its --set overrides applied (converted units)
    from orbitalcompute.analysis import when

    seen = {}

    def fake(s, prov, n, seed):
        seen["wacc"] = s.finance.wacc
        return ["ok"], {}

    monkeypatch.setattr(when, "when_report", fake)
    assert main(["when", "--set", "finance.wacc=9%"]) == 0
    assert seen["wacc"] == pytest.approx(0.09, rel=1e-12)
