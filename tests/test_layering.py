"""Layering contract (import-linter, configured in pyproject.toml [tool.importlinter]):
``orbitalcompute.core`` imports nothing of the package but ``orbitalcompute.constants``,
and nothing outside ``orbitalcompute.cli`` imports the command line.  ``.ci/run`` also
runs ``lint-imports`` after the README test command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(*args: str) -> subprocess.CompletedProcess:
    if not LINT.exists():
        pytest.fail(f"{LINT} not found: install the test extra (pip install '.[test]'), which has import-linter")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([str(LINT), "--no-cache", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_import_contracts_are_kept():
    r = _lint()
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 kept, 0 broken" in r.stdout, r.stdout


def test_a_broken_contract_fails(tmp_path):
    # the check can fail: core does import orbitalcompute.constants, so forbidding it breaks
    cfg = tmp_path / "contracts.ini"
    cfg.write_text("[importlinter]\nroot_package = orbitalcompute\n\n"
                   "[importlinter:contract:probe]\nname = probe\ntype = forbidden\n"
                   "source_modules = orbitalcompute.core\nforbidden_modules = orbitalcompute.constants\n")
    r = _lint("--config", str(cfg))
    assert r.returncode != 0 and "BROKEN" in r.stdout, r.stdout + r.stderr


def test_contracts_name_every_module():
    # the forbidden lists are written out by hand: a new top-level module must join them,
    # or core could import it (and it could import the CLI) unchecked
    import pkgutil
    import tomllib

    import orbitalcompute

    top = {f"orbitalcompute.{m.name}" for m in pkgutil.iter_modules(orbitalcompute.__path__)
           if not m.name.startswith("_")}
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    core_rule, cli_rule = contracts
    assert top - {"orbitalcompute.core", "orbitalcompute.constants"} <= set(core_rule["forbidden_modules"])
    assert top - {"orbitalcompute.cli"} <= set(cli_rule["source_modules"])
