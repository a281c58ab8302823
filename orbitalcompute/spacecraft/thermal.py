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
    """Temperature [K] below which the radiator absorbs more than it emits."""
    r, eps, sides, q_abs = _setup(radiator_model, altitude_km, emissivity)
    return _th.sink_temperature_k(eps, sides, q_abs)


def net_rejection_w_per_m2(temperature_k, radiator_model: str = "edge_on_dawn_dusk",
                           altitude_km=650.0, *, emissivity=None):
    """Net heat rejected per unit panel area [W/m^2] at ``temperature_k``.

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

    Raises
    ------
    ValueError
        For temperatures not above the sink temperature (the panel would absorb).
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
    """Panel area [m^2] and mass [kg] to reject ``heat_w`` [W] at ``temperature_k``.

    Returns ``(area_m2, mass_kg)``."""
    q = check_range("heat_w", heat_w, ge=0, unit="W")
    qn = net_rejection_w_per_m2(temperature_k, radiator_model, altitude_km, emissivity=emissivity)
    area = _th.radiator_area_m2(q, qn)
    return area, area * load("radiators", radiator_model).areal_mass_kg_per_m2


def equilibrium_temperature_k(heat_w, area_m2, radiator_model: str = "edge_on_dawn_dusk",
                              altitude_km=650.0, *, emissivity=None):
    """Radiator temperature [K] at which ``area_m2`` rejects ``heat_w``
    (differentiable root solve, see ``orbitalcompute.core.thermal.equilibrium_temperature_k``)."""
    r, eps, sides, q_abs = _setup(radiator_model, altitude_km, emissivity)
    q = check_range("heat_w", heat_w, ge=0, unit="W")
    a = check_range("area_m2", area_m2, gt=0, unit="m2")
    return _equilibrium_jit(q, a, eps, sides, q_abs, r.fin_conductivity_w_per_m_k,
                                         r.fin_thickness_mm * 1e-3, r.fin_half_width_m)
