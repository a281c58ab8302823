"""Every reproduction has a runnable example script that names its publication
and inputs; one is run end to end (the others share the same code path and
are run through orbitalcompute.reproductions in tests/test_reproductions.py)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orbitalcompute import reproductions

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", reproductions.names())
def test_example_exists_and_documents_itself(name):
    path = ROOT / "examples" / f"reproduce_{name}.py"
    assert path.exists(), f"missing {path.relative_to(ROOT)}"
    doc = ast.get_docstring(ast.parse(path.read_text()))
    assert doc and "Reproduce" in doc and "Inputs" in doc and "models/" in doc
    assert f'reproductions.run("{name}"' in path.read_text()


def test_example_runs(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "reproduce_mccalip.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "published" in out.stdout and "Why they differ" in out.stdout
    assert (tmp_path / "mccalip_cost_vs_launch_price.svg").exists()
