"""Offline ephemeris and timescale for the Skyfield tier.

Everything here is read from files shipped inside registry packages; nothing is
ever downloaded at run time:

* **DE421** (JPL planetary ephemeris, 1900-2050) from the ``skyfield-data``
  package, opened through a Skyfield `Loader` with
  ``expire=False``.
* **Timescale** (leap seconds, Delta T, UT1) from Skyfield's *builtin* tables
  (``load.timescale(builtin=True)``), which ship inside the ``skyfield`` wheel.
  ``skyfield-data`` also ships an IERS ``finals2000A.all``; we do not use it
  (its bundled copy carries an expiry date and its check warns once it has
  passed, while the builtin tables are what Skyfield itself recommends offline).
* **Astropy**: importing this module switches off astropy's automatic IERS-A
  download (``astropy.utils.iers.conf.auto_download = False``) so UT1 and
  polar-motion look-ups use the ``astropy-iers-data`` package bundled tables.

Both loaders are cached: the first call opens the files, later calls are free.

References
----------
Folkner, W. M., Williams, J. G. & Boggs, D. H. (2009), The Planetary and Lunar
Ephemeris DE 421, IPN Progress Report 42-178,
https://ipnpr.jpl.nasa.gov/progress_report/42-178/178C.pdf
"""

from __future__ import annotations

import functools
import warnings

__all__ = ["ephemeris_path", "load_ephemeris", "load_timescale", "disable_astropy_downloads"]

#: Ephemeris file used by the illumination module (JPL DE421, 1900-2050).
EPHEMERIS_FILE = "de421.bsp"


def disable_astropy_downloads() -> None:
    """Make astropy use its bundled IERS tables only (never a download).

    Sets ``astropy.utils.iers.conf.auto_download = False`` and
    ``astropy.utils.iers.conf.auto_max_age = None`` (do not complain that the
    bundled IERS-A table is old) so a UT1 conversion runs offline.
    """
    from astropy.utils import iers

    iers.conf.auto_download = False
    iers.conf.auto_max_age = None


disable_astropy_downloads()


@functools.lru_cache(maxsize=None)
def ephemeris_path() -> str:
    """Folder of the ``skyfield-data`` package files (``de421.bsp``)."""
    import skyfield_data

    with warnings.catch_warnings():
        # skyfield-data warns about its bundled finals2000A.all expiring; we
        # use Skyfield's builtin timescale instead (see module docstring).
        warnings.simplefilter("ignore", RuntimeWarning)
        return str(skyfield_data.get_skyfield_data_path())


@functools.lru_cache(maxsize=None)
def _loader():
    from skyfield.api import Loader

    return Loader(ephemeris_path(), expire=False, verbose=False)


@functools.lru_cache(maxsize=None)
def load_ephemeris():
    """The JPL DE421 ephemeris (a Skyfield ``SpiceKernel``), cached.

    Raises
    ------
    FileNotFoundError
        If ``skyfield-data`` is installed without ``de421.bsp`` (never downloads).
    """
    import os

    path = os.path.join(ephemeris_path(), EPHEMERIS_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"{path} not found; install the 'skyfield-data' package (orbitalcompute never "
            "downloads ephemerides at run time)")
    return _loader()(EPHEMERIS_FILE)


@functools.lru_cache(maxsize=None)
def load_timescale():
    """Skyfield timescale from the builtin leap-second and Delta T tables, cached."""
    return _loader().timescale(builtin=True)
