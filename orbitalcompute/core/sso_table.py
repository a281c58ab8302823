r"""Precomputed-table fast path for the annual illumination of sun-synchronous
orbits (numeric core, pure JAX).

One job: `annual_sso_illumination` of `orbitalcompute.core.illumination_series`
costs ~1 ms per orbit (1,461 Sun samples x 8 penumbra nodes).  For design
sweeps, `build_sso_illumination_table` evaluates it once on an altitude x LTAN
grid (plus the shadow margin `annual_sso_shadow_margin_rad`) and
`annual_sso_illumination_interp` interpolates that `SSOIlluminationTable`
bilinearly (periodic in LTAN) in a few hundred nanoseconds.  The longest
eclipse is not interpolated across its square-root edge but rebuilt in closed
form from the interpolated margin.  The stored table and its measured
accuracy: ``tools/generate_sso_illumination_table.py``,
``tests/test_illumination_table.py``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import jax
import jax.numpy as jnp

from ..constants import AU_KM
from . import orbit_kernels as _ok
from .sso_illumination import (REASON_ALTITUDE, REASON_LTAN, REASON_OK, annual_sso_illumination,
                               annual_sso_shadow_margin_rad)
from .shadow import conical_eclipse_half_angle_rad, earth_angular_radius_rad, sun_angular_radius_rad
from .sun import ALMANAC_TROPICAL_YEAR_DAYS

__all__ = [
    "REASON_TABLE_ALTITUDE",
    "REASON_TABLE_ENVIRONMENT",
    "TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM",
    "TABLE_TROPICAL_YEAR_TOLERANCE_DAYS",
    "SSOIlluminationTable",
    "make_sso_illumination_table",
    "sso_illumination_grid",
    "build_sso_illumination_table",
    "sso_illumination_table_feasibility",
    "annual_sso_illumination_interp",
]

#: Altitude outside the altitude range of an `SSOIlluminationTable`.
REASON_TABLE_ALTITUDE = 4
#: Shadow atmosphere height or tropical year differs from the table's.
REASON_TABLE_ENVIRONMENT = 5


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)

#: Hours of local time in one revolution of the LTAN axis (the axis is periodic).
_LTAN_PERIOD_H = 24.0
#: Largest difference [km] between the requested shadow atmosphere height and
#: the table's for which the table is used (1 m: no visible effect on the shadow).
TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM = 1e-3
#: Largest difference [days] between the requested tropical year and the
#: table's: 1e-3 d changes the sun-synchronous inclination by < 3e-5 deg.
TABLE_TROPICAL_YEAR_TOLERANCE_DAYS = 1e-3


class SSOIlluminationTable(NamedTuple):
    """Annual illumination of sun-synchronous orbits on an altitude x LTAN grid
    (a pytree of arrays; build with `make_sso_illumination_table`).

    Attributes
    ----------
    altitude_km : array (n_alt,)
        Uniform altitude grid [km].
    ltan_h : array (n_ltan,)
        Uniform LTAN grid ``24 h * arange(n_ltan) / n_ltan`` [h] (periodic).
    values : array (n_alt, n_ltan, 3)
        ``mean_sunlit_fraction``, ``shadow_margin_rad``
        (`annual_sso_shadow_margin_rad`) and ``eclipse_day_count`` of the
        direct kernel (conical shadow, 365 days x 4 samples from J2000.0).
    shadow_atmosphere_height_km, tropical_year_days : array ()
        Environment the table was computed for.
    """

    altitude_km: jnp.ndarray
    ltan_h: jnp.ndarray
    values: jnp.ndarray
    shadow_atmosphere_height_km: jnp.ndarray
    tropical_year_days: jnp.ndarray


def make_sso_illumination_table(altitude_km, ltan_h, mean_sunlit_fraction, shadow_margin_rad,
                                eclipse_day_count, shadow_atmosphere_height_km,
                                tropical_year_days) -> SSOIlluminationTable:
    """Check grid shapes and spacing and pack an `SSOIlluminationTable`.

    Concrete (NumPy) inputs only: call it outside ``jit``.  The arrays become
    float64 constants.

    Raises
    ------
    ValueError
        For a non-uniform or too-short grid, a value array of the wrong shape,
        or non-finite values.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.zeros((2, 4))
    >>> t = make_sso_illumination_table([500.0, 600.0], [0.0, 6.0, 12.0, 18.0], z + 1.0, z - 1.0, z,
    ...                                 0.0, 365.2422)
    >>> t.values.shape
    (2, 4, 3)
    """
    alt = np.asarray(altitude_km, dtype=np.float64)
    lt = np.asarray(ltan_h, dtype=np.float64)
    if alt.ndim != 1 or alt.size < 2 or np.any(np.diff(alt) <= 0):
        raise ValueError("altitude_km must be an increasing 1-D grid of >= 2 points")
    if not np.allclose(np.diff(alt), alt[1] - alt[0], rtol=1e-9, atol=1e-9):
        raise ValueError("altitude_km must be uniformly spaced")
    expect = _LTAN_PERIOD_H * np.arange(lt.size) / max(lt.size, 1)
    if lt.ndim != 1 or lt.size < 4 or not np.allclose(lt, expect, rtol=0.0, atol=1e-9):
        raise ValueError("ltan_h must be the periodic grid 24 h * arange(n) / n with n >= 4")
    cols = [np.asarray(c, dtype=np.float64) for c in
            (mean_sunlit_fraction, shadow_margin_rad, eclipse_day_count)]
    for name, c in zip(("mean_sunlit_fraction", "shadow_margin_rad", "eclipse_day_count"), cols):
        if c.shape != (alt.size, lt.size):
            raise ValueError(f"{name} has shape {c.shape}, expected {(alt.size, lt.size)}")
        if not np.all(np.isfinite(c)):
            raise ValueError(f"{name} has non-finite entries")
    with jax.ensure_compile_time_eval():  # constants even if called under a trace
        return SSOIlluminationTable(jnp.asarray(alt), jnp.asarray(lt), jnp.asarray(np.stack(cols, axis=-1)),
                                    jnp.asarray(float(shadow_atmosphere_height_km)),
                                    jnp.asarray(float(tropical_year_days)))


def sso_illumination_grid(altitude_km, ltan_h, *, shadow_atmosphere_height_km=0.0,
                          tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS, batch_size: int = 256):
    """The direct kernels on the grid ``altitude_km x ltan_h`` (vmapped in
    batches of ``batch_size`` points with `jax.lax.map`, no Python loop).

    Returns
    -------
    dict of arrays (n_alt, n_ltan)
        ``mean_sunlit_fraction``, ``longest_eclipse_s``, ``eclipse_day_count``
        (`annual_sso_illumination`, conical shadow, default span) and
        ``shadow_margin_rad`` (`annual_sso_shadow_margin_rad`).
    """
    a, lt = jnp.meshgrid(_f64(altitude_km), _f64(ltan_h), indexing="ij")

    def one(x):
        sun, ecl, days = annual_sso_illumination(
            x[0], x[1], shadow_atmosphere_height_km=shadow_atmosphere_height_km,
            tropical_year_days=tropical_year_days)
        mu = annual_sso_shadow_margin_rad(x[0], x[1], tropical_year_days=tropical_year_days)
        return jnp.stack([sun, ecl, days, mu])

    pts = jnp.stack([a.ravel(), lt.ravel()], axis=-1)
    out = jax.jit(lambda p: jax.lax.map(one, p, batch_size=int(batch_size)))(pts)
    out = out.reshape(a.shape + (4,))
    return {k: out[..., i] for i, k in enumerate(
        ("mean_sunlit_fraction", "longest_eclipse_s", "eclipse_day_count", "shadow_margin_rad"))}


def build_sso_illumination_table(altitude_km, ltan_point_count: int, *, shadow_atmosphere_height_km=0.0,
                                 tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS,
                                 batch_size: int = 256) -> SSOIlluminationTable:
    """Compute an `SSOIlluminationTable` with the direct kernels
    (`sso_illumination_grid`) on ``altitude_km`` x ``ltan_point_count``
    LTANs spread uniformly over [0, 24) h.  Costs ~1 ms per grid point on a CPU
    core."""
    lt = _LTAN_PERIOD_H * np.arange(int(ltan_point_count)) / int(ltan_point_count)
    g = sso_illumination_grid(np.asarray(altitude_km, dtype=np.float64), lt,
                              shadow_atmosphere_height_km=shadow_atmosphere_height_km,
                              tropical_year_days=tropical_year_days, batch_size=batch_size)
    return make_sso_illumination_table(altitude_km, lt, np.asarray(g["mean_sunlit_fraction"]),
                                       np.asarray(g["shadow_margin_rad"]), np.asarray(g["eclipse_day_count"]),
                                       shadow_atmosphere_height_km, tropical_year_days)


def sso_illumination_table_feasibility(table: SSOIlluminationTable, altitude_km, ltan_h,
                                       shadow_atmosphere_height_km=None, tropical_year_days=None):
    """Validity mask and reason code of `annual_sso_illumination_interp`
    (jit-safe).

    Returns
    -------
    feasible : bool array
    reason_code : int array
        0 valid; 1 altitude not finite; 3 ``ltan_h`` outside [0, 24) or not
        finite; 4 (`REASON_TABLE_ALTITUDE`) altitude outside the table's
        range; 5 (`REASON_TABLE_ENVIRONMENT`) shadow atmosphere height or
        tropical year differs from the table's (by more than
        `TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM` /
        `TABLE_TROPICAL_YEAR_TOLERANCE_DAYS`): use the direct kernel.

    Examples
    --------
    >>> from orbitalcompute.illumination import sso_illumination_table
    >>> ok, code = sso_illumination_table_feasibility(sso_illumination_table(), [300.0, 650.0, 650.0],
    ...                                               [6.0, 6.0, 24.0])
    >>> code.tolist()          # below the table's 400 km; valid; LTAN out of range
    [4, 0, 3]
    """
    h = _f64(altitude_km)
    lt = _f64(ltan_h)
    h, lt = jnp.broadcast_arrays(h, lt)
    bad_h = ~jnp.isfinite(h)
    out = (h < table.altitude_km[0]) | (h > table.altitude_km[-1])
    bad_lt = ~(jnp.isfinite(lt) & (lt >= 0.0) & (lt < _LTAN_PERIOD_H))
    env_ok = jnp.asarray(True)
    if shadow_atmosphere_height_km is not None:
        env_ok = env_ok & (jnp.abs(_f64(shadow_atmosphere_height_km) - table.shadow_atmosphere_height_km)
                           <= TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM)
    if tropical_year_days is not None:
        env_ok = env_ok & (jnp.abs(_f64(tropical_year_days) - table.tropical_year_days)
                           <= TABLE_TROPICAL_YEAR_TOLERANCE_DAYS)
    code = jnp.where(bad_h, REASON_ALTITUDE,
                     jnp.where(out, REASON_TABLE_ALTITUDE,
                               jnp.where(bad_lt, REASON_LTAN,
                                         jnp.where(env_ok, REASON_OK, REASON_TABLE_ENVIRONMENT))))
    return code == REASON_OK, code


def annual_sso_illumination_interp(table: SSOIlluminationTable, altitude_km, ltan_h, *,
                                   shadow_atmosphere_height_km=None, tropical_year_days=None):
    r"""Annual illumination of a sun-synchronous orbit from a precomputed table.

    The fast path of `annual_sso_illumination` (same outputs, conical
    shadow, 365 days x 4 samples): a few hundred nanoseconds per design instead
    of ~1 ms.  Pure JAX; broadcasts over ``altitude_km`` and ``ltan_h``;
    jit/vmap/grad clean.

    Parameters
    ----------
    table : SSOIlluminationTable
        From `build_sso_illumination_table` or the stored file
        (`orbitalcompute.illumination.sso_illumination_table`).
    altitude_km : array_like
        Altitude [km], inside the table's altitude range.
    ltan_h : array_like
        LTAN [h], 0..24 (the table is periodic in LTAN).
    shadow_atmosphere_height_km, tropical_year_days : array_like, optional
        The environment of the caller [km], [days]; where it differs from the
        table's, the outputs are NaN (reason code 5).  ``None``: not checked.
        The longest eclipse uses ``shadow_atmosphere_height_km`` in its closed
        form (exact gradient); the sunlit fraction and the day count do not
        depend on either argument (zero gradient).

    Returns
    -------
    mean_sunlit_fraction, longest_eclipse_s, eclipse_day_count : arrays
        As `annual_sso_illumination`; NaN where
        `sso_illumination_table_feasibility` is False.

    Notes
    -----
    Bilinear interpolation (periodic in LTAN) of the mean sunlit fraction, the
    shadow margin $\mu$ (`annual_sso_shadow_margin_rad`) and the
    eclipse day count.  The longest eclipse is not interpolated (it has a
    square-root edge where eclipse seasons begin) but rebuilt in closed form
    from $\mu$, with the mean solar radius $\rho_{S0}$ at 1 AU:

    $$t_{max} = \frac{T}{\pi}\arccos\!\left(\min\left(1, \frac{\cos(\rho_E + \rho_{S0})}{\cos(\rho_{S0} - \mu)}\right)\right)$$

    which is the conical umbra + penumbra duration at the sample of largest
    margin (exact where $\rho_{S,k} = \rho_{S0}$; within 0.2 s of the
    direct kernel otherwise).  The day count is a step function: its
    interpolated value is approximate near eclipse-season edges (see
    ``tests/test_illumination_table.py`` for measured errors).

    Examples
    --------
    >>> from orbitalcompute.illumination import sso_illumination_table
    >>> sun, longest, days = annual_sso_illumination_interp(sso_illumination_table(), 650.0, 18.0)
    >>> round(float(sun), 4), round(float(longest)), round(float(days))
    (0.9599, 1209, 93)
    """
    feasible, _ = sso_illumination_table_feasibility(table, altitude_km, ltan_h,
                                                     shadow_atmosphere_height_km, tropical_year_days)
    grid_a = table.altitude_km
    n_alt = grid_a.shape[0]
    n_lt = table.ltan_h.shape[0]
    a0 = grid_a[0]
    da = grid_a[1] - grid_a[0]
    h = jnp.where(feasible, _f64(altitude_km), a0)
    lt = jnp.where(feasible, _f64(ltan_h), 0.0)
    ta = (h - a0) / da
    ia = jnp.clip(jnp.floor(ta), 0, n_alt - 2)
    wa = (ta - ia)[..., None]
    ia = ia.astype(jnp.int32)
    tl = lt * (n_lt / _LTAN_PERIOD_H)
    il = jnp.floor(tl)
    wl = (tl - il)[..., None]
    il = jnp.mod(il.astype(jnp.int32), n_lt)
    il1 = jnp.mod(il + 1, n_lt)
    v = table.values
    vals = ((1.0 - wa) * ((1.0 - wl) * v[ia, il] + wl * v[ia, il1])
            + wa * ((1.0 - wl) * v[ia + 1, il] + wl * v[ia + 1, il1]))
    sunlit, mu, days = vals[..., 0], vals[..., 1], vals[..., 2]
    h_atm = table.shadow_atmosphere_height_km if shadow_atmosphere_height_km is None \
        else _f64(shadow_atmosphere_height_km)
    rho_e = earth_angular_radius_rad(h, h_atm)
    rho_s0 = sun_angular_radius_rad(AU_KM)
    longest = conical_eclipse_half_angle_rad(rho_e + rho_s0, rho_s0 - mu) / jnp.pi * _ok.period_s(h)
    return tuple(jnp.where(feasible, x, jnp.nan) for x in (sunlit, longest, days))
