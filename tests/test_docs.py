"""Documentation: the site builds with warnings as errors, the code examples in
it run, and the generated catalogue page lists every catalogue entry."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _hooks():
    spec = importlib.util.spec_from_file_location("orbitalcompute_docs_hooks",
                                                  DOCS / "_hooks" / "orbitalcompute_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _python_blocks(md: Path):
    """Fenced ```python blocks, except those right after a ``<!-- no-test -->`` line."""
    text = md.read_text(encoding="utf-8")
    blocks = []
    for m in re.finditer(r"(?P<pre>[^\n]*)\n```python\n(?P<code>.*?)\n```", "\n" + text, re.S):
        if "no-test" in m.group("pre"):
            continue
        blocks.append(m.group("code"))
    return blocks


DOC_PAGES = sorted(p for p in DOCS.rglob("*.md") if "_hooks" not in p.parts)


@pytest.mark.parametrize("page", [p for p in DOC_PAGES if _python_blocks(p)],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_code_examples_in_docs_run(page, tmp_path, monkeypatch, capsys):
    # Each page's blocks run in order in one namespace, as a reader would type them.
    monkeypatch.chdir(tmp_path)
    ns: dict = {"__name__": "__docs__"}
    for i, code in enumerate(_python_blocks(page)):
        try:
            exec(compile(code, f"{page.relative_to(ROOT)} [block {i + 1}]", "exec"), ns)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{page.relative_to(ROOT)} block {i + 1} failed: {type(exc).__name__}: {exc}")


def test_generated_catalog_page_lists_every_entry():
    from orbitalcompute import catalog

    md = _hooks().catalog_markdown()
    for kind in catalog.kinds():
        for name in catalog.names(kind):
            assert f"`{kind}/{name}`" in md, f"{kind}/{name} missing from the catalogue page"
    # every sourced value appears with its source
    e = catalog.entry("orbits", "dawn_dusk_sso_650")
    assert e.provenance["altitude_km"].source.split(",")[0] in md


def test_nav_lists_every_model_page_and_only_existing_pages():
    hooks = _hooks()
    cfg = {"docs_dir": str(DOCS), "config_file_path": str(ROOT / "mkdocs.yml")}
    nav = hooks.on_config(cfg)["nav"]

    def flatten(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for v in x.values():
                yield from flatten(v)
        else:
            for v in x:
                yield from flatten(v)

    pages = set(flatten(nav))
    generated = {"catalog.md", "cli.md"} | {p for p in pages if p.startswith(("api/orbitalcompute", "reproductions/"))
                                  and not (DOCS / p).exists()}
    for p in pages - generated:
        assert (DOCS / p).is_file(), f"nav names missing page {p}"
    for p in (DOCS / "models").glob("*.md"):
        assert p.relative_to(DOCS).as_posix() in pages


def test_docs_build_strict(tmp_path):
    pytest.importorskip("mkdocs", reason="docs extra not installed")
    pytest.importorskip("mkdocstrings", reason="docs extra (mkdocstrings[python]) not installed")
    # The reproductions are run (and checked) by tests/test_reproductions*.py;
    # here their pages are built without re-running them, to keep the test fast.
    env = dict(os.environ, ORBITALCOMPUTE_DOCS_SKIP_REPRODUCTIONS="1")
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"mkdocs build --strict failed:\n{out.stdout}\n{out.stderr}"
    site = tmp_path / "site"
    assert (site / "catalog" / "index.html").exists()
    assert (site / "api" / "orbitalcompute.catalog" / "index.html").exists()
    for name in _reproduction_names():
        assert (site / "reproductions" / name / "index.html").exists(), name


def _reproduction_names():
    from orbitalcompute import reproductions

    return reproductions.names()


def test_reproduction_page_has_table_and_figures(tmp_path):
    md = _hooks().reproduction_markdown("mccalip", tmp_path)
    assert "| # | quantity | ours | published |" in md
    assert "## Why they differ" in md and "## Findings" in md
    assert "![mccalip_cost_vs_launch_price](figures/mccalip_cost_vs_launch_price.png)" in md
    assert (tmp_path / "mccalip_cost_vs_launch_price.svg").exists()
    # the page says it was built in quick mode (issue 10)
    assert "**Built in quick mode** (`quick=True`" in md


def test_quick_mode_note_names_what_quick_changes():
    hooks = _hooks()
    note = hooks.quick_mode_note("eclipse", True)
    from orbitalcompute.reproductions import eclipse

    assert "Built in quick mode" in note and eclipse.QUICK_MODE in note
    assert "full resolution" in hooks.quick_mode_note("eclipse", False)


def test_gallery_lists_every_reproduction(tmp_path):
    from orbitalcompute import reproductions

    hooks = _hooks()
    md = hooks.gallery_markdown((DOCS / "reproductions" / "index.md").read_text(), reproductions.names(), tmp_path)
    for n in reproductions.names():
        assert f"]({n}.md)" in md


def test_cli_page_documents_every_command():
    md = _hooks().cli_markdown()
    for cmd in ("report", "reproduce", "catalog"):
        assert f"`orbitalcompute {cmd}`" in md
    assert "--format" in md and "exit status" in md.lower()
