"""``orbitalcompute latency`` sub-command (registered on a private parser until
the lead adds it to ``orbitalcompute.cli.COMMANDS``)."""

import argparse
import json

import pytest

import orbitalcompute  # noqa: F401
from orbitalcompute.cli import latency


def _parser():
    p = argparse.ArgumentParser()
    latency.register(p.add_subparsers(dest="command"))
    return p


def test_cli_city_pair_json(capsys):
    a = _parser().parse_args(["latency", "london", "new_york", "--hours", "0.5", "--step-s", "600",
                              "--format", "json"])
    assert a.func(a) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reachable_fraction"] == 1.0
    # ISL beats great-circle fibre London-New York (5,570 km), Handley 2018
    assert out["vacuum_great_circle_rtt_ms"] < out["p50_ms"] < out["fibre_great_circle_rtt_ms"]


def test_cli_to_orbit_table(capsys):
    a = _parser().parse_args(["latency", "--to-orbit", "dawn_dusk_sso_650", "51.5,-0.13",
                              "--hours", "0.5", "--step-s", "900", "--via", "gateway"])
    assert a.func(a) == 0
    assert "reachable" in capsys.readouterr().out


def test_cli_bad_place_lists_names():
    a = _parser().parse_args(["latency", "atlantis", "london", "--hours", "0.1"])
    with pytest.raises(ValueError, match="Did you mean 'atlanta'"):
        a.func(a)
    a = _parser().parse_args(["latency", "95,0", "london", "--hours", "0.1"])
    with pytest.raises(ValueError, match=r"latitude_deg = 95 is outside the valid range"):
        a.func(a)
