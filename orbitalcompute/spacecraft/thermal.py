"""Radiators (public layer): validation, catalogue lookup, then the kernels
of ``orbitalcompute.core.thermal``."""

from __future__ import annotations

import jax
import numpy as np

from ..catalog import load, names
from ..core import thermal as _th
from ..environment import default_environment
from ..validation import check_choice, check_range

__all__ = ["net_rejection_w_per_m2", "radiator_area_m2", "equilibrium_temperature_k",
           "sink_temperature_k"]


_equilibrium_jit = jax.jit(_th.equilibrium_temperature_k)


def _setup(radiator_model, altitude_km, emissivity):
    check_choice("radiator_model", radiator_model, names("radiators"))
    r = load("radiators", radiator_model)
    alt = check_range("altitude_km", altitude_km, ge=100, unit="km")
    eps = r.emissivity if emissivity is None else check_range("emissivity", emissivity, gt=0, le=1)
    env = default_environment()
    view, sides = _th.earth_view_factor(alt, r.orientation)
    q_abs = _th.absorbed_flux_w_per_m2(view, r.absorptivity, eps, env.solar_constant_w_per_m2,
                                       env.earth_ir_w_per_m2, env.earth_albedo, r.sun_cos_factor,
                                       r.albedo_phase_factor)
    return r, eps, sides, q_abs


def sink_temperature_k(radiator_model: str = "edge_on_dawn_dusk", altitude_km=650.0, *,
                       emissivity=None):
    r"""Temperature [K] below which the radiator absorbs more than it emits.

    $T_{\rm sink} = (q_{\rm abs}/(n\varepsilon\sigma))^{1/4}$ with the environment
    load of the catalogue radiator (Gilmore 2002, eq. 6.1; kernel
    ``orbitalcompute.core.thermal.sink_temperature_k``).

    Parameters
    ----------
    radiator_model : str
        Entry of ``models/radiators.toml`` (default ``edge_on_dawn_dusk``).
    altitude_km : array_like
        Orbit altitude [km], >= 100 (sets the Earth view factor).
    emissivity : array_like, optional
        Override the catalogue emissivity, (0, 1].

    Returns
    -------
    jax.Array
        Sink temperature [K].

    Raises
    ------
    ValueError
        Unknown ``radiator_model`` (listing the valid names), altitude or
        emissivity out of range.

    Examples
    --------
    >>> round(float(sink_temperature_k("edge_on_dawn_dusk", 650.0)), 1)
    179.2
    """
    r, eps, sides, q_abs = _setup(radiator_model, altitude_km, emissivity)
    return _th.sink_temperature_k(eps, sides, q_abs)


def net_rejection_w_per_m2(temperature_k, radiator_model: str = "edge_on_dawn_dusk",
                           altitude_km=650.0, *, emissivity=None):
    r"""Net heat rejected per unit panel area [W/m^2] at ``temperature_k``.

    Parameters
    ----------
    temperature_k : array_like
        Radiator root temperature [K]; must be above the sink temperature.
    radiator_model : str
        Entry of ``models/radiators.toml``.
    altitude_km : array_like
        Orbit altitude [km] (Earth view factor).
    emissivity : array_like, optional
        Override the catalogue emissivity, (0, 1].

    Returns
    -------
    jax.Array
        Net rejection [W/m^2], $n \eta_f \varepsilon \sigma T^4 - q_{\rm abs}$
        (Gilmore 2002, eq. 6.1) with the temperature-dependent fin efficiency.

    Raises
    ------
    ValueError
        For temperatures not above the sink temperature (the panel would absorb).

    Examples
    --------
    >>> round(float(net_rejection_w_per_m2(320.0)), 2)
    898.78
    """
    r, eps, sides, q_abs = _setup(radiator_model, altitude_km, emissivity)
    t = check_range("temperature_k", temperature_k, gt=0, unit="K")
    sink = np.asarray(_th.sink_temperature_k(eps, sides, q_abs))
    if np.any(t <= sink):
        raise ValueError(f"temperature_k = {float(np.min(t)):g} is not above the sink "
                         f"temperature {float(np.max(sink)):.1f} K of radiator {radiator_model!r}; "
                         "valid range is (sink, inf) K")
    eta = _th.fin_efficiency(t, eps, sides, r.fin_conductivity_w_per_m_k,
                             r.fin_thickness_mm * 1e-3, r.fin_half_width_m)
    return _th.net_rejection_w_per_m2(t, eps, sides, eta, q_abs)


def radiator_area_m2(heat_w, temperature_k, radiator_model: str = "edge_on_dawn_dusk",
                     altitude_km=650.0, *, emissivity=None):
    r"""Panel area [m^2] and mass [kg] to reject ``heat_w`` at ``temperature_k``.

    $A = Q / q_{\rm net}(T)$; mass = $A$ x the catalogue areal mass.

    Parameters
    ----------
    heat_w : array_like
        Heat to reject [W], >= 0.
    temperature_k : array_like
        Radiator root temperature [K], above the sink temperature.
    radiator_model : str
        Entry of ``models/radiators.toml`` (default ``edge_on_dawn_dusk``).
    altitude_km : array_like
        Orbit altitude [km], >= 100 (sets the Earth view factor).
    emissivity : array_like, optional
        Override the catalogue emissivity, (0, 1].

    Returns
    -------
    area_m2 : jax.Array
        Panel area [m^2].
    mass_kg : jax.Array
        Panel mass [kg].

    Examples
    --------
    >>> area, mass = radiator_area_m2(10e3, 320.0)
    >>> round(float(area), 3), round(float(mass), 2)
    (11.126, 77.88)
    """
    q = check_range("heat_w", heat_w, ge=0, unit="W")
    qn = net_rejection_w_per_m2(temperature_k, radiator_model, altitude_km, emissivity=emissivity)
    area = _th.radiator_area_m2(q, qn)
    return area, area * load("radiators", radiator_model).areal_mass_kg_per_m2


def equilibrium_temperature_k(heat_w, area_m2, radiator_model: str = "edge_on_dawn_dusk",
                              altitude_km=650.0, *, emissivity=None):
    r"""Radiator temperature [K] at which ``area_m2`` rejects ``heat_w``.

    The root of $A\,q_{\rm net}(T) = Q$ (differentiable root solve,
    ``orbitalcompute.core.thermal.equilibrium_temperature_k``).

    Parameters
    ----------
    heat_w : array_like
        Heat to reject [W], >= 0.
    area_m2 : array_like
        Panel area [m^2], > 0.
    radiator_model : str
        Entry of ``models/radiators.toml`` (default ``edge_on_dawn_dusk``).
    altitude_km : array_like
        Orbit altitude [km], >= 100 (sets the Earth view factor).
    emissivity : array_like, optional
        Override the catalogue emissivity, (0, 1].

    Returns
    -------
    jax.Array
        Equilibrium temperature [K].

    Examples
    --------
    The inverse of ``radiator_area_m2``:

    >>> area, _ = radiator_area_m2(10e3, 320.0)
    >>> round(float(equilibrium_temperature_k(10e3, float(area))), 6)
    320.0
    """
    r, eps, sides, q_abs = _setup(radiator_model, altitude_km, emissivity)
    q = check_range("heat_w", heat_w, ge=0, unit="W")
    a = check_range("area_m2", area_m2, gt=0, unit="m2")
    return _equilibrium_jit(q, a, eps, sides, q_abs, r.fin_conductivity_w_per_m_k,
                                         r.fin_thickness_mm * 1e-3, r.fin_half_width_m)
