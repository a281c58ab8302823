"""Shared look and the PNG+SVG writer for every orbitalcompute figure."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

__all__ = ["new_figure", "save", "note", "fit_titles", "parameter_label", "ORBIT_COLOR", "SITE_COLORS",
           "CATEGORY_COLORS", "MEDIAN_COLOR", "NOMINAL_COLOR"]

#: colour of the orbital option in every figure
ORBIT_COLOR = "#1f4e9c"
#: colours cycled over terrestrial sites (colour-blind safe, Okabe-Ito)
SITE_COLORS = ("#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#999999")
#: colours cycled over cost categories in stacked bars
CATEGORY_COLORS = ("#1f4e9c", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9",
                   "#f0e442", "#999999", "#7a3b8f", "#4d4d4d", "#a6761d", "#66a61e")
#: Monte Carlo median and deterministic nominal markers
MEDIAN_COLOR = "#4d4d4d"
NOMINAL_COLOR = "#b2182b"


def new_figure(width_in: float = 7.5, height_in: float = 4.5, nrows: int = 1, ncols: int = 1):
    """A figure with ``nrows x ncols`` axes and the house style applied."""
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.ravel():
        ax.grid(True, alpha=0.3, linewidth=0.6)
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
    return fig, (axes[0, 0] if nrows * ncols == 1 else axes)


def note(fig: Figure, text: str) -> None:
    """Small grey source/assumption note at the bottom of the figure."""
    if text:
        # leave a strip at the bottom so the note never overlaps the axis label
        fig.set_layout_engine("constrained", rect=(0.0, 0.045, 1.0, 0.955))
        fig.text(0.005, 0.004, text, fontsize=7, color="0.35", ha="left", va="bottom", wrap=True)


def fit_titles(fig: Figure, margin: float = 0.98) -> None:
    """Wrap every axes title (and the figure's suptitle) that is wider than the
    figure onto several lines, so no title is clipped at the figure edge (the
    constrained layout then makes room for the extra lines)."""
    import textwrap

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = canvas.get_renderer()
    width = fig.bbox.width * margin
    texts = [ax.title for ax in fig.axes if ax.get_title()]
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        texts.append(fig._suptitle)
    changed = False
    for t in texts:
        s = t.get_text().replace("\n", " ")
        w = t.get_window_extent(renderer).width
        ext = t.get_window_extent(renderer)
        if w <= width and ext.x0 >= 0 and ext.x1 <= fig.bbox.width:
            continue
        n = max(12, int(len(s) * width / max(w, 1.0) * 0.9))
        while n > 12:
            t.set_text(textwrap.fill(s, n))
            ext = t.get_window_extent(renderer)
            if ext.width <= width:
                break
            n -= 4
        changed = True
    if changed:
        fig.draw_without_rendering()


def parameter_label(path: str, low: float | None = None, high: float | None = None) -> str:
    """A readable label for a dotted parameter path, with its unit and range:
    ``gpu.unit_price_usd`` with (20000, 40000) -> ``gpu: unit price 20,000-40,000 USD``."""
    from ..units import unit_of

    head, _, leaf = path.rpartition(".")
    unit = unit_of(leaf) or ""
    name = leaf
    if unit and unit != "1":
        from ..units import SUFFIX_UNITS

        suffix = max((s for s, u in SUFFIX_UNITS.items() if leaf.endswith(s) and u == unit), key=len, default="")
        name = leaf[: len(leaf) - len(suffix)] if suffix and len(suffix) < len(leaf) else leaf
    where = head.replace("sites.", "").replace("launch.curve", "launch curve").replace("_", " ")
    label = (f"{where}: " if where else "") + name.replace("_", " ")
    if low is not None and high is not None:
        u = "" if unit in ("", "1") else f" {unit}"
        label += f"  [{_short(low)} to {_short(high)}{u}]"
    elif unit not in ("", "1"):
        label += f" [{unit}]"
    return label


def _short(x: float) -> str:
    x = float(x)
    if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
        return f"{x:.3g}"
    if abs(x) >= 10000:
        return f"{x:,.0f}"
    if abs(x) >= 1000:  # no thousands separator: years read 2027, not 2,027
        return f"{x:.0f}"
    return f"{x:.4g}"


def save(fig: Figure, outdir: str | Path, stem: str, formats: tuple[str, ...] = ("png", "svg"),
         dpi: int = 150) -> list[Path]:
    """Write ``fig`` as ``outdir/stem.png`` and ``outdir/stem.svg``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    outdir : str or Path
        Output folder (created if missing).
    stem : str
        File name without extension; letters, digits, ``_`` and ``-`` only.
    formats : tuple of str
        Extensions to write (default PNG and SVG).
    dpi : int
        Resolution of raster formats [dots per inch].

    Returns
    -------
    list of Path
        The files written.
    """
    if not stem or not all(c.isalnum() or c in "_-" for c in stem):
        raise ValueError(f"figure stem {stem!r} must be non-empty letters, digits, '_' or '-'")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    fit_titles(fig)
    paths = []
    for ext in formats:
        p = out / f"{stem}.{ext}"
        fig.savefig(p, dpi=dpi, metadata={"Date": None} if ext == "svg" else None)
        paths.append(p)
    return paths
