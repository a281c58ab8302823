"""``orbitalcompute illumination`` sub-command (parser built here, so the test
does not depend on the command list in ``cli/__init__``)."""

import argparse
import json

import pytest

from orbitalcompute.cli import illumination as cli


def _parser():
    p = argparse.ArgumentParser()
    cli.register(p.add_subparsers(dest="command"))
    return p


def test_cli_analytic_json_and_plot(tmp_path, capsys):
    png = tmp_path / "dd.png"
    args = _parser().parse_args(["illumination", "dawn_dusk_sso_650", "--method", "analytic",
                                 "--format", "json", "--plot", str(png)])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["orbit_name"] == "dawn_dusk_sso_650" and out["method"] == "analytic"
    assert 0.9 < out["mean_sunlit_fraction"] < 1.0
    assert png.stat().st_size > 10_000


def test_cli_ephemeris_table(capsys):
    args = _parser().parse_args(["illumination", "orbits/iss_like_400", "--span-days", "1",
                                 "--step-s", "60"])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "mean sunlit fraction" in text and "ephemeris" in text


def test_cli_unknown_orbit():
    args = _parser().parse_args(["illumination", "no_such_orbit", "--method", "analytic"])
    with pytest.raises(ValueError, match="no_such_orbit"):
        args.func(args)
