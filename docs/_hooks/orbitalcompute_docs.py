"""MkDocs hooks: pages generated from the code and the catalogue, so they never drift.

* ``catalog.md``: every parameter set in ``models/`` with value, unit, range,
  distribution, currency year and source (from :mod:`orbitalcompute.catalog`).
* ``api/<module>.md``: one mkdocstrings page per public module that exists.
* ``reproductions/<name>.md``: each reproduction run, its ours-vs-published
  table, explanations, findings and figures.  They run in quick mode
  (``quick=True``: coarser ephemeris time steps and figure grids) and each page
  says so and what quick mode changes for it; set
  ``ORBITALCOMPUTE_DOCS_FULL_REPRODUCTIONS=1`` to build them at full resolution.
* the navigation, built from the pages that exist (so a page another module
  has not written yet never breaks ``mkdocs build --strict``).

Set ``ORBITALCOMPUTE_DOCS_SKIP_REPRODUCTIONS=1`` to skip running the
reproductions (their pages then say so) for a fast local preview.
"""

from __future__ import annotations

import functools
import importlib
import os
import tempfile
from pathlib import Path

from mkdocs.structure.files import File

#: modules that lead the API reference, in reading order; every other public
#: module of the package (found by walking it, see :func:`api_modules`) follows
#: in alphabetical order, so a new module appears without editing this list.
API_MODULES = [
    "orbitalcompute.catalog",
    "orbitalcompute.units",
    "orbitalcompute.validation",
    "orbitalcompute.constants",
    "orbitalcompute.environment",
    "orbitalcompute.timescale",
    "orbitalcompute.orbit",
    "orbitalcompute.sgp4_orbits",
    "orbitalcompute.walker",
    "orbitalcompute.ephemeris",
    "orbitalcompute.illumination",
    "orbitalcompute.illumination_ephemeris",
    "orbitalcompute.illumination_summary",
    "orbitalcompute.illumination_table",
    "orbitalcompute.scenario",
    "orbitalcompute.pipeline",
    "orbitalcompute.launch",
]

#: packages and modules left out of the API reference: the command line has its
#: own page (generated from ``--help``)
API_EXCLUDE = ("orbitalcompute.cli", "orbitalcompute.__main__")

_TMP = Path(tempfile.mkdtemp(prefix="orbitalcompute_docs_"))
_GENERATED: dict[str, list[str]] = {"api": [], "reproductions": []}


def _importable(mod: str) -> bool:
    try:
        m = importlib.import_module(mod)
        return getattr(m, "__file__", None) is not None  # not an empty namespace package
    except Exception:  # noqa: BLE001 - a module that does not import is simply not documented
        return False


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def catalog_markdown() -> str:
    """The parameter catalogue page, generated from ``models/``."""
    from orbitalcompute import catalog

    out = ["# Parameter catalogue", "",
           "Every engineering number the toolkit uses, generated from the TOML files in `models/` when "
           "the documentation is built (so it cannot drift from the code). Browse the same data with "
           "`orbitalcompute catalog list` and `orbitalcompute catalog show NAME`. Ranges (`low`-`high`) are "
           "the plausible spans that uncertainty sweeps draw from; money carries the year of its dollars.", ""]
    for kind in catalog.kinds():
        entries = [catalog.entry(kind, n) for n in catalog.names(kind)]
        if not entries:
            continue
        out += [f"## `{kind}`", "", f"File `models/{kind}.toml`, schema "
                f"`{type(entries[0].params).__module__}.{type(entries[0].params).__name__}`.", ""]
        for e in entries:
            out += [f"### `{kind}/{e.name}`", "", _md_escape(e.description) or "(no description)", ""]
            cats = {f: getattr(e.params, f) for f in (c.name for c in catalog.category_fields(e.params))}
            if cats:
                out.append("Choices: " + ", ".join(f"`{k}` = `{v}`" for k, v in cats.items()))
                out.append("")
            if e.provenance:
                out += ["| parameter | value | unit | range | source |", "|---|---|---|---|---|"]
                for name, p in e.provenance.items():
                    rng = ""
                    if p.low is not None and p.high is not None:
                        rng = f"{p.low:g} to {p.high:g}" + (f" ({p.distribution})" if p.distribution else "")
                    unit = p.unit + (f" ({p.currency_year} USD)" if p.currency_year else "")
                    src = _md_escape(p.source) + (f" (taken {p.date})" if p.date else "")
                    if p.note:
                        src += f". Note: {_md_escape(p.note)}"
                    out.append(f"| `{name}` | {p.value:g} | {unit} | {rng} | {src} |")
                out.append("")
    return "\n".join(out) + "\n"


def cli_markdown() -> str:
    """The command-line reference: ``--help`` of every sub-command module in
    ``orbitalcompute/cli`` (and of their own sub-commands), as the program prints it."""
    import argparse
    import importlib
    import pkgutil

    import orbitalcompute.cli as cli

    mods = [m.name for m in pkgutil.iter_modules(cli.__path__) if not m.name.startswith("_")]
    order = [m for m in cli.COMMANDS if m in mods] + sorted(m for m in mods if m not in cli.COMMANDS)
    parser = argparse.ArgumentParser(prog="orbitalcompute")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for m in order:
        importlib.import_module(f"orbitalcompute.cli.{m}").register(sub)
    out = ["# Command line", "",
           "Generated from the program's own `--help` when the documentation is built. Exit status: 0 on "
           "success, 2 on bad usage or bad input (with a message naming the problem and, for unknown names, the "
           "valid ones), 1 on any other failure.", ""]

    def emit(p: argparse.ArgumentParser, level: int):
        out.extend([f"{'#' * level} `{p.prog}`", "", "```text", p.format_help().rstrip(), "```", ""])
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for child in dict.fromkeys(a.choices.values()):
                    emit(child, min(level + 1, 4))

    for name, child in sub.choices.items():
        emit(child, 2)
    return "\n".join(out) + "\n"


@functools.lru_cache(maxsize=1)
def api_modules() -> tuple[str, ...]:
    """Every public module of the package that imports, in reading order:
    :data:`API_MODULES` first, then the rest alphabetically (packages before
    their submodules).  Private modules (``_name``) and :data:`API_EXCLUDE`
    are left out."""
    import pkgutil

    import orbitalcompute

    found = [m.name for m in pkgutil.walk_packages(orbitalcompute.__path__, "orbitalcompute.",
                                                    onerror=lambda name: None)
             if not any(part.startswith("_") for part in m.name.split("."))
             and not m.name.startswith(API_EXCLUDE)]
    found = [m for m in found if _importable(m)]
    lead = [m for m in API_MODULES if m in found]
    return tuple(lead + sorted(m for m in found if m not in lead))


@functools.lru_cache(maxsize=1)
def _griffe_package():
    import griffe

    root = Path(__file__).resolve().parents[2]
    return griffe.load("orbitalcompute", search_paths=[str(root)], resolve_aliases=False)


def _griffe_module(mod: str):
    return _griffe_package()[mod[len("orbitalcompute."):]]


def _documented(path: str) -> bool:
    """Whether the API reference renders ``path`` (it exists and has a docstring:
    the reference hides objects without one)."""
    try:
        obj = _griffe_package()[path[len("orbitalcompute."):]]
        for _ in range(10):
            if not obj.is_alias:
                break
            obj = _griffe_package()[obj.target_path[len("orbitalcompute."):]]
        return bool(obj.docstring) and not obj.is_alias
    except Exception:  # noqa: BLE001 - unknown or outside the package: not linked
        return False


def _summary(obj) -> str:
    doc = obj.docstring.value.strip() if obj.docstring else ""
    first = doc.split("\n\n")[0].replace("\n", " ").strip()
    return first


def api_markdown(mod: str) -> str:
    """The API page of one module.  A package's page shows its own docstring
    and the objects defined in it, links the names it re-exports to the page
    of the submodule that defines them (each object is documented once), and
    lists its submodules."""
    head = f"# `{mod}`\n\nGenerated from the docstrings of `{mod}`.\n\n"
    try:
        obj = _griffe_module(mod)
    except Exception:  # noqa: BLE001 - fall back to the plain directive
        return head + f"::: {mod}\n"
    if not obj.is_init_module:
        return head + f"::: {mod}\n"
    own = [n for n, m in obj.members.items()
           if not n.startswith("_") and not m.is_alias and not m.is_module]
    members = "[" + ", ".join(own) + "]" if own else "false"
    out = [head + f"::: {mod}\n    options:\n      members: {members}\n"]
    exported = obj.exports if obj.exports is not None else []
    reexports = []
    for name in exported:
        m = obj.members.get(name)
        if m is not None and m.is_alias and str(m.target_path).startswith("orbitalcompute."):
            reexports.append((name, m.target_path))
    if reexports:
        out += ["## Importable from here", "",
                f"These names can be imported from `{mod}`; each is documented in the module that defines it.", ""]
        for name, target in reexports:
            documented = _documented(target)
            out.append(f"- [`{name}`][{target}] (`{target}`)" if documented else f"- `{name}` (`{target}`)")
        out.append("")
    subs = [m for m in api_modules() if m.startswith(mod + ".") and "." not in m[len(mod) + 1:]]
    if subs:
        out += ["## Submodules", ""]
        for m in subs:
            try:
                summary = _summary(obj.members[m.rsplit(".", 1)[1]])
            except Exception:  # noqa: BLE001
                summary = ""
            out.append(f"- [`{m}`]({m}.md)" + (f": {_md_escape(summary)}" if summary else ""))
        out.append("")
    return "\n".join(out)


def reproduction_markdown(name: str, figdir: Path) -> str:
    from orbitalcompute import reproductions

    d = reproductions.describe(name)
    head = [f"# {d['title']}", "", f"**Publication:** {d['publication']}", "",
            f"**Reproduces:** {d['target']}", "",
            f"Run it yourself: `orbitalcompute reproduce {name}` (add `--out DIR` for the figures), or "
            f"`python examples/reproduce_{name}.py`.", ""]
    if os.environ.get("ORBITALCOMPUTE_DOCS_SKIP_REPRODUCTIONS"):
        return "\n".join(head + ["*(Not run in this documentation build: "
                                 "ORBITALCOMPUTE_DOCS_SKIP_REPRODUCTIONS was set.)*", ""])
    quick = not os.environ.get("ORBITALCOMPUTE_DOCS_FULL_REPRODUCTIONS")
    rep = reproductions.run(name, figdir, quick=quick)
    _FIGURES_BY_REPRODUCTION[name] = tuple(p.stem for p in rep.figures)
    head += [quick_mode_note(name, quick), ""]
    out = head + ["## Inputs", ""] + [f"- `{i}`" for i in rep.inputs] + ["", "## Ours beside the published value",
                                                                        "", "| # | quantity | ours | published | difference | unit |",
                                                                        "|---|---|---|---|---|---|"]
    for i, c in enumerate(rep.comparisons, 1):
        diff = comparison_difference(c)
        out.append(f"| {i} | {_md_escape(c.quantity)} | {reproductions._fmt(c.ours, c.unit)} | "
                   f"{reproductions._fmt(c.published, c.unit)} | {diff} | {_md_escape(c.unit)} |")
    out += ["", "## Why they differ", ""]
    seen = set()
    for i, c in enumerate(rep.comparisons, 1):
        if c.explanation and c.explanation not in seen:
            seen.add(c.explanation)
            rows = [j for j, x in enumerate(rep.comparisons, 1) if x.explanation == c.explanation]
            label = f"Row {rows[0]}" if len(rows) == 1 else f"Rows {rows[0]}-{rows[-1]}"
            out.append(f"- **{label}.** {c.explanation}")
    if rep.findings:
        out += ["", "## Findings", ""] + [f"- {f}" for f in rep.findings]
    pngs = [p for p in rep.figures if p.suffix == ".png"]
    if pngs:
        out += ["", "## Figures", ""]
        for p in pngs:
            out += [f"![{p.stem}](figures/{p.name})", "",
                    f"[SVG](figures/{p.stem}.svg)", ""]
    return "\n".join(out) + "\n"


def comparison_difference(c) -> str:
    """The "difference" cell of a reproduction table: percent for ratio-scale
    quantities, the difference in the quantity's unit for a calendar date
    (``Comparison.is_date``: a year has no meaningful percentage), empty when
    either side is missing."""
    if getattr(c, "is_date", False):
        d = c.difference
        return "" if d is None else f"{d:+.1f} {c.unit}".rstrip()
    r = c.relative_difference
    return "" if r is None else f"{100 * r:+.2f} %"


def quick_mode_note(name: str, quick: bool) -> str:
    """The sentence a reproduction page carries about the resolution it was built at.

    A reproduction module may describe what its quick mode changes in a
    module-level string ``QUICK_MODE``; otherwise a general description is used.
    """
    if not quick:
        return ("*Built at full resolution (`quick=False`): the numbers are those of "
                f"`orbitalcompute reproduce {name}`.*")
    try:
        what = getattr(importlib.import_module(f"orbitalcompute.reproductions.{name}"), "QUICK_MODE", None)
    except Exception:  # noqa: BLE001 - the page still says quick mode
        what = None
    what = what or ("coarser time steps for the Skyfield ephemeris paths and coarser grids for the "
                    "figures and sweeps")
    return (f"**Built in quick mode** (`quick=True`, the same as `orbitalcompute reproduce {name} --quick`): "
            f"{what}. Numbers from the ephemeris paths and grid searches can differ from a full run "
            f"(`orbitalcompute reproduce {name}`, without `--quick`) in their last digits; the published "
            "values and the analytic rows do not depend on it.")


def gallery_markdown(intro: str, names: list[str], figdir: Path) -> str:
    """The reproductions index: the hand-written introduction plus one entry
    per reproduction (title, what it reproduces, its first figure)."""
    from orbitalcompute import reproductions

    out = [intro.rstrip(), "", "## Gallery", ""]
    for n in names:
        d = reproductions.describe(n)
        out += [f"### [{d['title']}]({n}.md)", "", f"*{d['publication']}*", "", f"Reproduces: {d['target']}.", ""]
        mod_figs = [figdir / f"{stem}.png" for stem in _FIGURES_BY_REPRODUCTION.get(n, ())
                    if (figdir / f"{stem}.png").exists()]
        if mod_figs:
            out += [f"[![{mod_figs[0].stem}](figures/{mod_figs[0].name})]({n}.md)", ""]
    return "\n".join(out) + "\n"


#: figure stems each reproduction writes (filled as pages are generated)
_FIGURES_BY_REPRODUCTION: dict[str, tuple[str, ...]] = {}


def api_nav() -> list:
    """The API reference's navigation: the top-level modules, then one section
    per sub-package (its own page first, then its submodules)."""
    mods = api_modules()
    packages = [m for m in mods if m.count(".") == 1 and any(x.startswith(m + ".") for x in mods)]
    nav: list = [f"api/{m}.md" for m in mods
                 if m.count(".") == 1 and m not in packages]
    for pkg in packages:
        nav.append({pkg: [f"api/{m}.md" for m in mods if m == pkg or m.startswith(pkg + ".")]})
    return nav


def on_config(config):
    """Document the checkout being built (its root first on ``sys.path``) and
    build the navigation from the pages that exist."""
    import sys

    root = str(Path(config["config_file_path"]).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    docs = Path(config["docs_dir"])

    def have(rel: str) -> bool:
        return (docs / rel).is_file()

    nav: list = [{"Home": "index.md"}]
    if have("getting-started.md"):
        nav.append({"Getting started": "getting-started.md"})
    if have("worked_example.md"):
        nav.append({"Worked example": "worked_example.md"})
    if have("what_decides.md"):
        nav.append({"What decides the answer": "what_decides.md"})
    models = sorted(p.relative_to(docs).as_posix() for p in (docs / "models").glob("*.md"))
    if models:
        nav.append({"Models": models})
    if have("engine.md"):
        nav.append({"Design-space engine": "engine.md"})
    if have("breakeven.md"):
        nav.append({"Break-even in any input": "breakeven.md"})
    if have("whom.md"):
        nav.append({"For whom: workloads, links and places": "whom.md"})
    if have("when.md"):
        nav.append({"When does orbit win?": "when.md"})
    nav.append({"Command line": "cli.md"})
    nav.append({"Parameter catalogue": "catalog.md"})
    try:
        from orbitalcompute import reproductions

        names = reproductions.names()
    except Exception:  # noqa: BLE001
        names = []
    rep_nav: list = ["reproductions/index.md"] if have("reproductions/index.md") else []
    rep_nav += [f"reproductions/{n}.md" for n in names]
    if rep_nav:
        nav.append({"Reproductions": rep_nav})
    nav.append({"API reference": (["api/index.md"] if have("api/index.md") else []) + api_nav()})
    extra = [p for p in ("architecture.md", "glossary.md") if have(p)]
    nav += [{"Architecture": "architecture.md"}] if "architecture.md" in extra else []
    nav += [{"Glossary": "glossary.md"}] if "glossary.md" in extra else []
    config["nav"] = nav
    return config


def on_files(files, config):
    """Add the generated pages (and reproduction figures) to the build."""
    files.append(File.generated(config, "catalog.md", content=catalog_markdown()))
    files.append(File.generated(config, "cli.md", content=cli_markdown()))
    for m in api_modules():
        files.append(File.generated(config, f"api/{m}.md", content=api_markdown(m)))
    try:
        from orbitalcompute import reproductions

        names = reproductions.names()
    except Exception:  # noqa: BLE001
        names = []
    figdir = _TMP / "figures"
    for n in names:
        files.append(File.generated(config, f"reproductions/{n}.md", content=reproduction_markdown(n, figdir)))
    index = files.get_file_from_path("reproductions/index.md")
    if index is not None and names:
        files.remove(index)
        files.append(File.generated(config, "reproductions/index.md",
                                    content=gallery_markdown(Path(index.abs_src_path).read_text(), names, figdir)))
    if figdir.is_dir():
        for p in sorted(figdir.iterdir()):
            files.append(File.generated(config, f"reproductions/figures/{p.name}", abs_src_path=str(p)))
    return files
