"""Shared look and the PNG+SVG writer for every orbitalcompute figure."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

__all__ = ["new_figure", "save", "note", "ORBIT_COLOR", "SITE_COLORS", "CATEGORY_COLORS"]

#: colour of the orbital option in every figure
ORBIT_COLOR = "#1f4e9c"
#: colours cycled over terrestrial sites (colour-blind safe, Okabe-Ito)
SITE_COLORS = ("#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#999999")
#: colours cycled over cost categories in stacked bars
CATEGORY_COLORS = ("#1f4e9c", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9",
                   "#f0e442", "#999999", "#7a3b8f", "#4d4d4d", "#a6761d", "#66a61e")


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
    paths = []
    for ext in formats:
        p = out / f"{stem}.{ext}"
        fig.savefig(p, dpi=dpi, metadata={"Date": None} if ext == "svg" else None)
        paths.append(p)
    return paths
