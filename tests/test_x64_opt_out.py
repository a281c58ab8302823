"""The documented x64 opt-out (``ORBITALCOMPUTE_NO_X64``) works, and float64 is the default.

Each case runs in a fresh interpreter: the JAX setting is process-wide and
this test process has x64 on already.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = ("import orbitalcompute, orbitalcompute.core.solar, jax, jax.numpy as jnp;"
         "print(jax.config.jax_enable_x64, jnp.asarray(1.0).dtype)")


def _probe(value):
    env = {k: v for k, v in os.environ.items() if k != "ORBITALCOMPUTE_NO_X64"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["JAX_PLATFORMS"] = "cpu"
    if value is not None:
        env["ORBITALCOMPUTE_NO_X64"] = value
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return out.stdout.split()


def test_default_is_float64():
    assert _probe(None) == ["True", "float64"]


@pytest.mark.parametrize("value", ["1", "TRUE"])
def test_opt_out_leaves_jax_in_32_bit_mode(value):
    # importing the core (orbitalcompute.core.solar) must not switch x64 back on
    assert _probe(value) == ["False", "float32"]


def test_other_values_do_not_opt_out():
    assert _probe("0") == ["True", "float64"]
