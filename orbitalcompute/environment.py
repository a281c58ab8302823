"""The physical environment of near-Earth orbit: solar constant, Earth infrared
and albedo.  Values come from ``models/environment.toml`` with their sources.
"""

from __future__ import annotations

from .catalog import load, parameter_set, quantity

__all__ = ["EnvironmentParams", "default_environment", "shadow_atmosphere_height_or_default"]


@parameter_set
class EnvironmentParams:
    """Radiative environment near Earth (orbit-independent inputs)."""

    solar_constant_w_per_m2: float = quantity(
        "W/m2", gt=0, doc="Total solar irradiance at 1 AU")
    earth_ir_w_per_m2: float = quantity(
        "W/m2", ge=0, doc="Global-mean outgoing longwave radiation at the top of the atmosphere")
    earth_albedo: float = quantity("1", ge=0, le=1, doc="Earth's Bond albedo")
    tropical_year_days: float = quantity(
        "days", gt=0, doc="Mean tropical year (sets the sun-synchronous node rate)")
    shadow_atmosphere_height_km: float = quantity(
        "km", ge=0, le=200, doc="Height added to Earth's radius for the shadow (grazing atmosphere)")


def default_environment() -> EnvironmentParams:
    """The catalogue's ``environment.toml [earth]`` entry."""
    return load("environment", "earth")


def shadow_atmosphere_height_or_default(shadow_atmosphere_height_km=None) -> float:
    """The shadow atmosphere height [km]: ``shadow_atmosphere_height_km``
    validated against ``EnvironmentParams``'s declared range, or the
    catalogue's value when ``None``.

    Examples
    --------
    >>> shadow_atmosphere_height_or_default(30.0)
    30.0
    """
    from .validation import check_field

    h = default_environment().shadow_atmosphere_height_km if shadow_atmosphere_height_km is None \
        else shadow_atmosphere_height_km
    return float(check_field(EnvironmentParams, "shadow_atmosphere_height_km", h))
