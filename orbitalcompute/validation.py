"""Input validation at the public boundary.

Public functions call these helpers on their inputs before handing plain
floats to the JAX kernels in [`orbitalcompute.core`][orbitalcompute.core].  Every failure is a
`ValueError` that names the parameter, the offending value and the
valid range, e.g.:

    ValueError: altitude_km = 50.0 is outside the valid range [100, 100000) km

Domain bounds of a parameter are declared once, on the parameter set's field
(e.g. ``OrbitParams.altitude_km``); `check_field` reads them from there so
every public function applies the same range.

Inside ``jax.jit``/``vmap``/``grad`` the values are tracers and cannot be
inspected; the helpers then return the input unchanged and the kernels mark
out-of-domain points with NaN plus a validity mask instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["as_float_array", "check_range", "check_choice", "check_field", "check_altitude_km",
           "is_traced"]


def is_traced(value: Any) -> bool:
    """True if ``value`` is (or contains) a JAX tracer (inside jit/vmap/grad)."""
    try:
        import jax

        leaves = jax.tree_util.tree_leaves(value)
        return any(isinstance(leaf, jax.core.Tracer) for leaf in leaves)
    except Exception:  # pragma: no cover - jax always present
        return False


def _fmt_bound(x: float | None, default: str) -> str:
    if x is None:
        return default
    return f"{x:g}"


def _describe(arr: np.ndarray, mask: np.ndarray) -> str:
    bad = arr[mask]
    if arr.ndim == 0:
        return f"{float(arr):g}"
    first = ", ".join(f"{v:g}" for v in bad.ravel()[:3])
    more = f" (and {bad.size - 3} more)" if bad.size > 3 else ""
    return f"[{first}{more}] at {int(mask.sum())} of {arr.size} positions"


def as_float_array(name: str, value: Any, unit: str | None = None):
    """Convert ``value`` (number, sequence, ndarray, jax array or astropy
    Quantity) to a float64 array in ``unit``.

    An astropy ``Quantity`` is converted with ``.to_value(unit)``; a plain
    number is taken to be in ``unit`` already (the unit is in the parameter
    name).  JAX tracers pass through unchanged.
    """
    if is_traced(value):
        return value
    if type(value).__module__.startswith("astropy"):
        if unit is None:
            raise ValueError(f"{name}: an astropy Quantity was given but the parameter is unitless")
        try:
            target = _astropy_unit(unit)
        except ValueError:  # a unit astropy has no name for, e.g. krad(Si) (astropy's 'rad' is the radian)
            raise ValueError(f"{name} = {value!s}: astropy has no unit for {unit}; pass a plain number "
                             f"in {unit}") from None
        try:
            value = value.to_value(target)
        except Exception as exc:  # UnitConversionError
            raise ValueError(f"{name} = {value!s} cannot be converted to {unit}: {exc}") from None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or array of numbers; got {value!r}") from None
    return arr


def _astropy_unit(unit: str):
    import astropy.units as u

    aliases = {"deg": u.deg, "K": u.K, "W": u.W, "m2": u.m**2, "km": u.km, "m": u.m,
               "s": u.s, "kg": u.kg, "h": u.h, "yr": u.yr, "mm": u.mm, "ms": u.ms}
    return aliases.get(unit) or u.Unit(unit)


def check_range(
    name: str,
    value: Any,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    unit: str = "",
    allow_empty: bool = False,
):
    """Validate that ``value`` is finite and inside a range; return it as a
    float64 numpy array (or unchanged if traced).

    Raises
    ------
    ValueError
        Naming ``name``, the offending value(s) and the valid range.
    """
    arr = as_float_array(name, value, unit or None)
    if is_traced(arr):
        return arr
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; at least one value is required")
    lo = ge if ge is not None else gt
    hi = le if le is not None else lt
    lo_br = "[" if ge is not None else "("
    hi_br = "]" if le is not None else ")"
    rng = f"{lo_br}{_fmt_bound(lo, '-inf')}, {_fmt_bound(hi, 'inf')}{hi_br}"
    u = f" {unit}" if unit else ""
    nonfinite = ~np.isfinite(arr)
    if nonfinite.any():
        raise ValueError(
            f"{name} = {_describe(arr, nonfinite)} is not finite; valid range is {rng}{u}"
        )
    bad = np.zeros(arr.shape, dtype=bool)
    if ge is not None:
        bad |= arr < ge
    if gt is not None:
        bad |= arr <= gt
    if le is not None:
        bad |= arr > le
    if lt is not None:
        bad |= arr >= lt
    if bad.any():
        raise ValueError(f"{name} = {_describe(arr, bad)} is outside the valid range {rng}{u}")
    return arr


def check_choice(name: str, value: str, choices) -> str:
    """Validate a categorical value (model name, site, vehicle...)."""
    choices = list(choices)
    if value not in choices:
        import difflib

        close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(
            f"{name} = {value!r} is not one of the valid names: "
            f"{', '.join(repr(c) for c in choices)}.{hint}"
        )
    return value


def require_finite_scalar(name: str, value: Any) -> float:
    arr = check_range(name, value)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a scalar; got shape {arr.shape}")
    return float(arr)




def check_field(param_set, field_name: str, value: Any, *, name: str | None = None):
    """Validate ``value`` against the range declared on a parameter-set field.

    Parameters
    ----------
    param_set : parameter-set class or instance
        E.g. [`orbitalcompute.orbit.OrbitParams`][orbitalcompute.orbit.OrbitParams].
    field_name : str
        A ``quantity`` field of it; its ``ge``/``gt``/``le``/``lt`` metadata
        and unit give the range.
    value : array_like
    name : str, optional
        Parameter name for the message (default ``field_name``).

    Returns
    -------
    ndarray
        As `check_range`.

    Examples
    --------
    >>> from orbitalcompute.orbit import OrbitParams
    >>> check_field(OrbitParams, "altitude_km", 1e7)
    Traceback (most recent call last):
    ...
    ValueError: altitude_km = 1e+07 is outside the valid range [100, 100000) km
    """
    import dataclasses

    fields = {f.name: f for f in dataclasses.fields(param_set)}
    m = fields[field_name].metadata
    return check_range(name or field_name, value, ge=m.get("ge"), gt=m.get("gt"), le=m.get("le"),
                       lt=m.get("lt"), unit=m.get("unit", ""))


def check_altitude_km(altitude_km: Any, name: str = "altitude_km"):
    """Validate an orbit altitude [km] against ``OrbitParams.altitude_km``'s
    declared range (the one altitude domain, `orbitalcompute.core.domain`)."""
    from .orbit import OrbitParams

    return check_field(OrbitParams, "altitude_km", altitude_km, name=name)


def check_count(name: str, value: Any, low: int = 1, high: int | None = None) -> int:
    """Validate a count (workers, samples, grid points, chunks): an integer
    ``low <= value <= high``; ``ValueError`` naming the value and the range.

    A limit is a size checked before anything of that size is allocated.
    """
    rng = f"[{low:,}, {'inf' if high is None else f'{high:,}'}]"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        try:
            f = float(value)
        except (TypeError, ValueError):
            f = float("nan")
        if not (np.isfinite(f) and f == int(f)) or isinstance(value, (bool, str)):
            raise ValueError(f"{name} = {value!r} is not an integer; valid range is {rng}")
        value = int(f)
    value = int(value)
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} = {value:,} is outside the valid range {rng}")
    return value


def check_size(name: str, n: int, limit: int, what: str = "") -> int:
    """Refuse a size ``n`` above ``limit`` before allocating it (the message
    gives both, and what the size counts)."""
    n = int(n)
    if n > limit:
        raise ValueError(f"{name} = {n:,} {what}exceeds the limit {limit:,}; split the work "
                         f"(fewer points or a coarser grid)")
    return n


#: The most time samples one call may allocate (a time span over a step): 1e8 samples of
#: float64 are 0.8 GB before any per-sample work, so a larger grid is refused up front.
MAX_TIME_SAMPLES = 10**8


def check_time_samples(count: int, span: str) -> int:
    """Refuse a time grid of more than `MAX_TIME_SAMPLES` samples (``span`` names the
    span and step that produced it) before allocating it."""
    return check_size(f"time grid ({span})", count, MAX_TIME_SAMPLES, "samples ")
