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


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """The site, built once for the tests below (``mkdocs build --strict``)."""
    pytest.importorskip("mkdocs", reason="docs extra not installed")
    pytest.importorskip("mkdocstrings", reason="docs extra (mkdocstrings[python]) not installed")
    # The reproductions are run (and checked) by tests/test_reproductions*.py;
    # here their pages are built without re-running them, to keep the test fast.
    env = dict(os.environ, ORBITALCOMPUTE_DOCS_SKIP_REPRODUCTIONS="1")
    site = tmp_path_factory.mktemp("docs") / "site"
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"mkdocs build --strict failed:\n{out.stdout}\n{out.stderr}"
    return site


def test_docs_build_strict(built_site):
    site = built_site
    assert (site / "catalog" / "index.html").exists()
    assert (site / "api" / "orbitalcompute.catalog" / "index.html").exists()
    for name in _reproduction_names():
        assert (site / "reproductions" / name / "index.html").exists(), name


#: reStructuredText that Markdown prints literally: Sphinx roles, directives,
#: simple-table rules, footnote targets and literal-block markers
UNRENDERED = re.compile(r":(?:math|func|class|data|mod|meth|attr|obj|exc|ref):`|\.\. (?:math|note|warning|"
                        r"code-block)::|={5,}|^\s*\.\. \[\d+\]|\w::\s*$", re.M)


def _html_text(page: Path) -> str:
    """A page's text outside ``<pre>`` blocks (program output may print anything)."""
    import html

    text = re.sub(r"<pre\b.*?</pre>", "", page.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_built_html_has_no_unrendered_markup(built_site):
    # issue 14: the API reference showed 346 literal :math:/:func:/.. math:: markers
    # and the scenario tables as runs of '====='.
    bad = {}
    for page in sorted(built_site.rglob("*.html")):
        hits = sorted({m.group(0).strip() for m in UNRENDERED.finditer(_html_text(page))})
        if hits:
            bad[str(page.relative_to(built_site))] = hits
    assert not bad, f"unrendered reStructuredText in the built docs: {bad}"


def test_scenario_components_render_as_a_table(built_site):
    page = (built_site / "api" / "orbitalcompute.scenario" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<table>.*?<th>component</th>.*?orbit\.altitude_km", page, re.S)


def test_equations_render_offline(built_site):
    # KaTeX ships with the site; no page loads anything from the network.
    for page in built_site.rglob("*.html"):
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.read_text(encoding="utf-8")):
            assert not src.startswith(("http:", "https:", "//")), f"{page}: loads {src}"
    katex = built_site / "assets" / "katex"
    assert (katex / "katex.min.js").is_file() and (katex / "katex.min.css").is_file()
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", css))
    assert fonts and all((katex / f).is_file() for f in fonts)
    index = (built_site / "api" / "orbitalcompute.core.finance" / "index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in index and "assets/katex-init.js" in index


def test_every_equation_parses_in_katex(built_site, tmp_path):
    # Renders every $...$ and $$...$$ of the built site with the shipped KaTeX
    # (throwOnError), so a LaTeX typo fails here rather than in a reader's browser.
    import html
    import json
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    items = []
    for page in built_site.rglob("*.html"):
        for m in re.finditer(r'<(span|div) class="arithmatex">(.*?)</\1>', page.read_text(encoding="utf-8"), re.S):
            tex = html.unescape(m.group(2)).strip()
            items.append({"page": str(page.relative_to(built_site)), "display": tex.startswith("\\["),
                          "tex": tex[2:-2]})
    assert len(items) > 100
    (tmp_path / "math.json").write_text(json.dumps(items))
    script = (f"const katex = require({json.dumps(str(built_site / 'assets' / 'katex' / 'katex.min.js'))});"
              f"const items = require({json.dumps(str(tmp_path / 'math.json'))});"
              "const bad = [];"
              "for (const it of items) { try { katex.renderToString(it.tex, {displayMode: it.display,"
              " throwOnError: true}); } catch (e) { bad.push(it.page + ': ' + it.tex.slice(0, 80) + ' -> '"
              " + e.message.slice(0, 100)); } }"
              "console.log(JSON.stringify(bad));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    bad = json.loads(out.stdout)
    assert not bad, "equations KaTeX cannot render:\n" + "\n".join(bad)


def _inventory(site: Path) -> set[str]:
    import zlib

    raw = (site / "objects.inv").read_bytes().split(b"\n", 4)[4]
    return {line.split(" ")[0] for line in zlib.decompress(raw).decode().splitlines()}


def test_api_reference_documents_every_public_function_and_class(built_site):
    # issue 14: radiator, solar, dose, optimisation, uncertainty, Pareto, row-wise
    # evaluation and break-even functions were missing from the reference.
    import importlib
    import inspect

    documented = _inventory(built_site)
    missing = []
    for mod_name in _hooks().api_modules():
        mod = importlib.import_module(mod_name)
        names = getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]
        for n in names:
            obj = getattr(mod, n, None)
            if inspect.ismodule(obj) or not callable(obj) or getattr(obj, "__module__", None) != mod_name:
                continue  # re-exports are documented where they are defined
            if f"{mod_name}.{n}" not in documented:
                missing.append(f"{mod_name}.{n}")
    assert not missing, f"public functions/classes missing from the API reference (no docstring?): {missing}"
    for path in ("orbitalcompute.spacecraft.thermal", "orbitalcompute.spacecraft.solar",
                 "orbitalcompute.spacecraft.radiation", "orbitalcompute.engine.optimize",
                 "orbitalcompute.engine.uncertainty", "orbitalcompute.engine.pareto",
                 "orbitalcompute.engine.evaluate", "orbitalcompute.analysis.breakeven"):
        assert path in documented, path


def test_api_modules_are_discovered():
    mods = _hooks().api_modules()
    assert mods[0] == "orbitalcompute.catalog" and len(mods) == len(set(mods))
    assert "orbitalcompute.engine.pareto" in mods and "orbitalcompute.spacecraft.thermal" in mods
    assert not any(m.startswith("orbitalcompute.cli") for m in mods)


def test_every_model_and_user_page_has_a_tested_example():
    pages = sorted((DOCS / "models").glob("*.md")) + sorted((DOCS / "users").glob("*.md"))
    assert len(list((DOCS / "users").glob("*.md"))) >= 3
    for page in pages:
        assert _python_blocks(page), f"{page.relative_to(ROOT)} has no runnable ```python example"


def test_date_rows_show_a_difference_in_years_not_percent():
    from orbitalcompute.reproductions import Comparison

    hooks = _hooks()
    assert hooks.comparison_difference(Comparison("year", 2035.2, 2035.0, "yr", is_date=True)) == "+0.2 yr"
    assert hooks.comparison_difference(Comparison("cost", 1.1, 1.0, "USD")) == "+10.00 %"
    assert hooks.comparison_difference(Comparison("cost", None, 1.0, "USD")) == ""


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
