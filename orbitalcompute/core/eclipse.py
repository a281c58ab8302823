"""Earth-shadow and annual-illumination kernels: one import point.

The kernels live in small modules, one job each; this module re-exports them
under the names the pipeline, the tools and the tests use:

* [`orbitalcompute.core.shadow`][orbitalcompute.core.shadow]: eclipse fraction and duration of one
  circular orbit from altitude and beta angle (cylindrical and conical shadow).
* [`orbitalcompute.core.sun`][orbitalcompute.core.sun]: the Almanac low-precision Sun and the mean Sun.
* [`orbitalcompute.core.illumination_series`][orbitalcompute.core.illumination_series]: the day-series kernel and
  its per-day and annual reductions.
* [`orbitalcompute.core.sso_illumination`][orbitalcompute.core.sso_illumination]: the sun-synchronous case
  (node from the mean Sun, feasibility, shadow margin).
* [`orbitalcompute.core.sso_table`][orbitalcompute.core.sso_table]: the precomputed sun-synchronous table
  and its interpolation.
* [`orbitalcompute.core.domain`][orbitalcompute.core.domain]: the valid altitude range.
"""

from __future__ import annotations

from ..constants import R_SUN_KM  # noqa: F401  (kept: tests read E.R_SUN_KM)
from .domain import MAX_ALTITUDE_KM, MIN_ALTITUDE_KM
from .illumination_series import (DailyReduction, DaySeries, annual_illumination, annual_reduction,
                                  beta_day_series_deg, daily_illumination, illumination_day_series)
from .sso_illumination import (REASON_ALTITUDE, REASON_LTAN, REASON_NO_SSO, REASON_OK, annual_sso_feasibility,
                               annual_sso_illumination, annual_sso_shadow_margin_rad, sso_node_deg)
from .shadow import (SHADOW_MODELS, beta_angle_deg, check_shadow_model, conical_eclipse_half_angle_rad,
                     critical_beta_deg, earth_angular_radius_rad, eclipse_duration_s, eclipse_fraction,
                     shadow_fractions, solar_disc_visible_fraction, sun_angular_radius_rad)
from .sso_table import (REASON_TABLE_ALTITUDE, REASON_TABLE_ENVIRONMENT,
                        TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM, TABLE_TROPICAL_YEAR_TOLERANCE_DAYS,
                        SSOIlluminationTable, annual_sso_illumination_interp, build_sso_illumination_table,
                        make_sso_illumination_table, sso_illumination_grid,
                        sso_illumination_table_feasibility)
from .sun import (ALMANAC_TROPICAL_YEAR_DAYS, MEAN_SUN_RATE_DEG_PER_DAY, mean_sun_right_ascension_deg,
                  sun_position_low_precision)

__all__ = [
    "SHADOW_MODELS",
    "earth_angular_radius_rad",
    "sun_angular_radius_rad",
    "solar_disc_visible_fraction",
    "shadow_fractions",
    "eclipse_fraction",
    "eclipse_duration_s",
    "critical_beta_deg",
    "beta_angle_deg",
    "sun_position_low_precision",
    "mean_sun_right_ascension_deg",
    "illumination_day_series",
    "daily_illumination",
    "annual_illumination",
    "annual_sso_illumination",
    "annual_sso_feasibility",
    "annual_sso_shadow_margin_rad",
    "SSOIlluminationTable",
    "make_sso_illumination_table",
    "sso_illumination_grid",
    "build_sso_illumination_table",
    "annual_sso_illumination_interp",
    "sso_illumination_table_feasibility",
    "MIN_ALTITUDE_KM",
    "MAX_ALTITUDE_KM",
]
