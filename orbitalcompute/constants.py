"""Physical constants as plain float64 numbers for the numeric core.

Each comes from an authority through a registry package, never typed in:

* Earth gravity model: WGS-84 values from the ``sgp4`` package
  (``sgp4.earth_gravity.wgs84``: mu, equatorial radius, J2) -- the same
  constants Skyfield's SGP4 uses, so the analytic and ephemeris paths share them.
* Speed of light, Stefan-Boltzmann: CODATA via `scipy.constants`.
* Astronomical unit, nominal solar radius: IAU 2012/2015 via `astropy.constants`.

Engineering and environment values (solar constant, Earth albedo and infrared,
tropical year...) are *not* here: they live in ``models/environment.toml``
with their sources.
"""

from __future__ import annotations

import scipy.constants as _sc
from sgp4.earth_gravity import wgs84 as _wgs84

# astropy.constants is imported once here (boundary tier) and the values are
# frozen as floats; the JAX core imports only this module's floats.
from astropy import constants as _ac

#: Earth gravitational parameter [m^3/s^2] (WGS-84, via sgp4).
MU_EARTH_M3_PER_S2: float = float(_wgs84.mu) * 1e9
#: Earth equatorial radius [km] (WGS-84, via sgp4).
R_EARTH_KM: float = float(_wgs84.radiusearthkm)
#: Earth second zonal harmonic J2 [-] (WGS-84, via sgp4).
J2_EARTH: float = float(_wgs84.j2)
#: Speed of light in vacuum [m/s] (CODATA, scipy).
C_M_PER_S: float = float(_sc.c)
#: Stefan-Boltzmann constant [W m^-2 K^-4] (CODATA, scipy).
SIGMA_W_PER_M2_K4: float = float(_sc.Stefan_Boltzmann)
#: Astronomical unit [km] (IAU 2012 B2, astropy).
AU_KM: float = float(_ac.au.to_value("km"))
#: Nominal solar radius [km] (IAU 2015 B3, astropy).
R_SUN_KM: float = float(_ac.R_sun.to_value("km"))
#: Seconds per day (SI definition).
DAY_S: float = float(_sc.day)
#: Seconds per Julian year (365.25 d), used for per-year rates.
JULIAN_YEAR_S: float = float(_sc.Julian_year)
#: Seconds per hour.
HOUR_S: float = float(_sc.hour)
#: Zero Celsius in kelvin.
ZERO_CELSIUS_K: float = float(_sc.zero_Celsius)
