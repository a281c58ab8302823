"""Progress reporting for sweeps: a tqdm bar in designs with rate and ETA.

The bar appears only once a sweep has run for ``delay_s`` seconds (so quick
sweeps stay silent) and never in quiet mode.
"""

from __future__ import annotations

import sys

__all__ = ["progress_bar", "PROGRESS_DELAY_S"]

#: a sweep shows its bar after this many seconds (short sweeps print nothing)
PROGRESS_DELAY_S = 2.0


class _Null:
    def update(self, n=1):
        pass

    def close(self):
        pass

    def set_postfix_str(self, s):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_bar(total: int, *, quiet: bool = False, initial: int = 0, desc: str = "sweep",
                 delay_s: float = PROGRESS_DELAY_S, file=None):
    """A context-managed progress bar counting designs (``quiet`` -> no-op).

    Shows designs done / total, designs per second (SI-scaled, e.g.
    ``1.2M design/s``) and the estimated time left.
    """
    if quiet:
        return _Null()
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, desc=desc, unit="design", unit_scale=True,
                delay=delay_s, file=file or sys.stderr, dynamic_ncols=True, smoothing=0.1)
