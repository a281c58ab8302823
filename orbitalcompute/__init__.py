"""orbitalcompute: when, where and for whom does a data centre in orbit beat one
on the ground, per GPU-hour?

Importing the package enables JAX 64-bit mode (``jax_enable_x64``) because
orbits and money need float64.  This is a process-wide JAX setting: arrays that
*callers* create afterwards with ``jnp.array(1.0)`` also default to float64.
Set the environment variable ``ORBITALCOMPUTE_NO_X64=1`` before import to opt
out: neither ``orbitalcompute`` nor ``orbitalcompute.core`` then touches the
setting, so results follow JAX's own default (float32 unless the caller
enabled x64; the test suite assumes float64; not recommended).

Importing the package also sets astropy's IERS configuration to use the
tables bundled in ``astropy-iers-data`` (``auto_download = False``), so no
astropy time conversion ever reaches for the network
([`orbitalcompute.ephemeris.disable_astropy_downloads`][orbitalcompute.ephemeris.disable_astropy_downloads]).

JAX runs on the CPU by default and on a GPU when a CUDA-enabled jaxlib is
installed, with no code change.
"""

from __future__ import annotations

import os as _os

import jax as _jax

#: values of ``ORBITALCOMPUTE_NO_X64`` that opt out of 64-bit mode (case-insensitive)
_NO_X64_VALUES = ("1", "true", "yes")


def x64_opted_out() -> bool:
    """Whether ``ORBITALCOMPUTE_NO_X64`` asks to leave JAX in 32-bit mode.

    Returns
    -------
    bool
        ``True`` when the variable is ``1``, ``true`` or ``yes`` (any case).
    """
    return _os.environ.get("ORBITALCOMPUTE_NO_X64", "").strip().lower() in _NO_X64_VALUES


if not x64_opted_out():
    _jax.config.update("jax_enable_x64", True)

from astropy.utils import iers as _iers  # noqa: E402

_iers.conf.auto_download = False  # same as ephemeris.disable_astropy_downloads()
_iers.conf.auto_max_age = None

__version__ = "0.1.0"

__all__ = ["__version__", "x64_opted_out"]
