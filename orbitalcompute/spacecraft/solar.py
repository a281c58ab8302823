"""Solar arrays and batteries (public layer): validation, catalogue lookup,
then the kernels of ``orbitalcompute.core.solar``."""

from __future__ import annotations

from ..catalog import load, names
from ..core import solar as _solar
from ..environment import default_environment
from ..validation import check_choice, check_range

__all__ = ["array_power_density_w_per_m2", "size_power_system"]


def array_power_density_w_per_m2(cell_model: str = "triple_junction", *, incidence_deg=0.0,
                                 years_yr=0.0, sun_distance_au=1.0, efficiency=None,
                                 packing_fraction=None):
    r"""Array output per panel area [W/m^2] for catalogue technology ``cell_model``.

    Parameters
    ----------
    cell_model : str
        Entry of ``models/solar_cells.toml`` (``triple_junction``, ``silicon``, ``thin_film``).
    incidence_deg : array_like
        Sun incidence on the array [deg], [0, 90].
    years_yr : array_like
        Time in orbit [yr] (>= 0) for the per-year degradation.
    sun_distance_au : array_like
        Sun distance [AU] (> 0).
    efficiency, packing_fraction : array_like, optional
        Override the catalogue values; must lie in (0, 1].

    Returns
    -------
    jax.Array
        Output per unit panel area [W/m^2]: $S\,\eta\,f_{\rm pack}\cos\theta\,
        [1 + \gamma (T - T_{\rm ref})]\,I_d\,(1 - r)^L / d^2$ (Patel 2004, eq. 4.3).

    Raises
    ------
    ValueError
        Unknown ``cell_model`` (listing the valid names) or an input out of range.

    Notes
    -----
    Kernel: ``orbitalcompute.core.solar.array_power_density_w_per_m2`` (equation
    and references in ``orbitalcompute.core.solar``).

    Examples
    --------
    >>> round(float(array_power_density_w_per_m2("silicon")), 2)
    196.07
    """
    check_choice("cell_model", cell_model, names("solar_cells"))
    c = load("solar_cells", cell_model)
    eff = c.efficiency if efficiency is None else check_range("efficiency", efficiency, gt=0, le=1)
    pf = (c.packing_fraction if packing_fraction is None
          else check_range("packing_fraction", packing_fraction, gt=0, le=1))
    inc = check_range("incidence_deg", incidence_deg, ge=0, le=90, unit="deg")
    yrs = check_range("years_yr", years_yr, ge=0, unit="yr")
    d = check_range("sun_distance_au", sun_distance_au, gt=0)
    env = default_environment()
    return _solar.array_power_density_w_per_m2(
        env.solar_constant_w_per_m2, eff, pf, inc, c.operating_temperature_k,
        c.reference_temperature_k, c.temperature_coefficient_per_k,
        c.inherent_degradation_factor, c.degradation_per_yr, yrs, d)


def size_power_system(load_power_w, orbit_period_s, eclipse_duration_s, *,
                      cell_model: str = "triple_junction", battery_model: str = "li_ion_leo",
                      years_yr=0.0, incidence_deg=0.0):
    """SMAD energy-balance sizing of array and battery for a continuous load.

    Parameters
    ----------
    load_power_w : array_like
        Continuous bus load [W] (>= 0).
    orbit_period_s : array_like
        Orbital period [s] (> 0).
    eclipse_duration_s : array_like
        Longest eclipse [s], 0 <= eclipse < period.
    cell_model, battery_model : str
        Catalogue entries.
    years_yr : array_like
        End-of-life time for array degradation [yr].
    incidence_deg : array_like
        Sun incidence on the array [deg].

    Returns
    -------
    dict
        ``array_power_w`` [W], ``array_area_m2`` [m^2], ``array_mass_kg`` [kg],
        ``battery_energy_wh`` [Wh], ``battery_mass_kg`` [kg] (SMAD 3rd ed.
        eqs. 11-5 and 11-6, Wertz & Larson 1999; kernels in ``orbitalcompute.core.solar``).

    Raises
    ------
    ValueError
        Negative load, non-positive period, an eclipse not shorter than the period,
        or an unknown catalogue entry.

    Examples
    --------
    1 kW through a 35 min eclipse of a 96.7 min orbit, silicon cells:

    >>> out = size_power_system(1e3, 5800.0, 2100.0, cell_model="silicon")
    >>> round(float(out["array_power_w"]), 1), round(float(out["battery_energy_wh"]), 1)
    (1628.9, 2046.8)
    """
    p = check_range("load_power_w", load_power_w, ge=0, unit="W")
    t = check_range("orbit_period_s", orbit_period_s, gt=0, unit="s")
    te = check_range("eclipse_duration_s", eclipse_duration_s, ge=0, unit="s")
    if (te >= t).any():
        raise ValueError(f"eclipse_duration_s = {float(te.max()):g} must be shorter than "
                         f"orbit_period_s = {float(t.min()):g} s")
    check_choice("battery_model", battery_model, names("batteries"))
    b = load("batteries", battery_model)
    c = load("solar_cells", cell_model) if cell_model in names("solar_cells") else None
    density = array_power_density_w_per_m2(cell_model, incidence_deg=incidence_deg,
                                           years_yr=years_yr)
    p_sa = _solar.array_power_required_w(p, t, te, b.charge_efficiency, b.discharge_efficiency)
    area = _solar.array_area_m2(p_sa, density)
    e = _solar.battery_energy_required_wh(p, te, b.discharge_efficiency,
                                          b.depth_of_discharge_fraction)
    return {"array_power_w": p_sa, "array_area_m2": area,
            "array_mass_kg": area * c.array_areal_mass_kg_per_m2,
            "battery_energy_wh": e, "battery_mass_kg": e / b.specific_energy_wh_per_kg}
