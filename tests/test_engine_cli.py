"""CLI sub-commands of the engine: sweep FILE [--check] / --show STORE, optimize, uncertainty."""

import argparse
from pathlib import Path

import pytest

from orbitalcompute.cli import optimize, sweep, uncertainty

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "sweeps"


def _cli(*argv):
    p = argparse.ArgumentParser(prog="orbitalcompute")
    sub = p.add_subparsers(dest="command")
    for m in (sweep, optimize, uncertainty):
        m.register(sub)
    args = p.parse_args([str(a) for a in argv])
    return args.func(args)


def test_sweep_run_show_resume_and_refusal(tmp_path, capsys):
    out = tmp_path / "bowl.zarr"
    f = EXAMPLES / "testfunction_grid.toml"
    assert _cli("sweep", f, "--check") == 0
    assert "7,936 designs" in capsys.readouterr().out
    assert _cli("sweep", f, "-o", out, "-q") == 0
    with pytest.raises(ValueError, match="already holds this sweep"):
        _cli("sweep", f, "-o", out, "-q")
    assert _cli("sweep", f, "-o", out, "--resume") == 0
    assert _cli("sweep", "--show", out) == 0
    text = capsys.readouterr().out
    assert "7,936 designs, 2/2 chunks done" in text and "objective" in text


def test_optimize_cli_reports_optimum_and_grid(capsys):
    assert _cli("optimize", EXAMPLES / "testfunction_optimize.toml", "--grid-check", "101") == 0
    text = capsys.readouterr().out
    # published optimum (MathWorks fmincon example): (0.7864, 0.6177), f = 0.04567
    assert "design.x = 0.7864" in text and "0.04567" in text and "dense grid" in text


def test_uncertainty_cli(capsys):
    assert _cli("uncertainty", EXAMPLES / "testfunction_uncertainty.toml", "-n", "20000",
                "-q") == 0
    text = capsys.readouterr().out
    assert "20,000 draws" in text and "P(orbit beats y = 3.5)" in text


def test_bad_files_raise_value_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[sweep]\nbase = "orbitalcompute.engine.testfunctions:quadratic_base"\n'
                   '[grid]\n"design.z" = [1, 2]\n')
    with pytest.raises(ValueError, match="unknown parameter 'design.z'"):
        _cli("sweep", bad, "--check")
    with pytest.raises(ValueError, match="does not exist"):
        _cli("optimize", tmp_path / "missing.toml")
