"""Orbits: circular orbit definitions, J2 secular rates, Skyfield propagation.

(Foundation issue #2.)  This module is the Skyfield/Astropy tier; the
analytic kernels it relies on live in :mod:`orbitalcompute.core.orbit_kernels`.
"""

from __future__ import annotations

from .catalog import category, parameter_set, quantity

__all__ = ["OrbitParams"]


@parameter_set
class OrbitParams:
    """A circular orbit.

    ``orbit_type = "sun_synchronous"`` derives the inclination from J2 and the
    node from the local time of the ascending node ``ltan_h``;
    ``"inclined"`` takes ``inclination_deg`` and ``raan_deg`` as given.
    """

    altitude_km: float = quantity("km", ge=100.0, lt=100000.0, doc="Altitude above the equatorial radius")
    orbit_type: str = category(("sun_synchronous", "inclined"), default="inclined")
    inclination_deg: float | None = quantity("deg", ge=0.0, le=180.0, default=None)
    raan_deg: float | None = quantity("deg", ge=0.0, lt=360.0, default=None)
    ltan_h: float | None = quantity("h", ge=0.0, lt=24.0, default=None,
                                    doc="Local (mean solar) time of the ascending node")
    epoch_utc: str = category(default="2026-01-01T00:00:00Z", doc="Epoch (ISO 8601, UTC)")
