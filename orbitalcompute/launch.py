"""Launch prices and launch counts: the public entry points.

Three curve families, chosen by name (``models/launch_curves.toml`` holds the
sourced parameters; [`orbitalcompute.core.launch_curves`][orbitalcompute.core.launch_curves] the kernels):

``"wright"``
    Learning curve: price vs cumulative mass launched (``cumulative_mass_t``).
``"bottom_up"``
    Reusable-vehicle cost: price vs number of flights per vehicle (``reuse_count``).
``"cadence"``
    Launches-per-year ramp -> cumulative mass by date -> price (``date_yr``).

Examples
--------
>>> from orbitalcompute import launch
>>> round(float(launch.price_usd_per_kg("wright", cumulative_mass_t=800.0)), 2)
1440.0
>>> launch.launches_needed(250_000.0, "starship", destination="leo")
3
"""

from __future__ import annotations

import math

import jax.numpy as jnp
import numpy as np

from . import catalog
from .core import launch_curves as _lc
from .core.launch_curves import (cadence_date_for_price_yr, cadence_price_usd_per_kg,  # noqa: F401
                                 launches_needed_kernel)
from .economics.params import LaunchCurveParams, LaunchVehicleParams
from .validation import check_choice, check_range

__all__ = [
    "CURVES",
    "DEFAULT_CURVE_ENTRY",
    "curve_params",
    "vehicle",
    "vehicle_names",
    "price_usd_per_kg",
    "cumulative_mass_for_price_t",
    "date_for_price_yr",
    "launches_needed",
    "payload_kg",
]

#: Curve families accepted by `price_usd_per_kg`.
CURVES = ("wright", "bottom_up", "cadence")
#: The catalogue entry each family uses unless ``params`` is given.
DEFAULT_CURVE_ENTRY = {"wright": "suncatcher_wright", "bottom_up": "starship_reuse_10",
                       "cadence": "suncatcher_learning"}


def vehicle_names() -> list[str]:
    """Names in ``models/launch_vehicles.toml``."""
    return catalog.names("launch_vehicles")


def vehicle(name: str) -> LaunchVehicleParams:
    """A launch vehicle from the catalogue; unknown names list the valid ones."""
    check_choice("vehicle", name, vehicle_names())
    return catalog.load("launch_vehicles", name)


def curve_params(entry: str) -> LaunchCurveParams:
    """A launch curve from ``models/launch_curves.toml`` by entry name."""
    check_choice("curve entry", entry, catalog.names("launch_curves"))
    return catalog.load("launch_curves", entry)


def _resolve(curve: str, params) -> LaunchCurveParams:
    check_choice("curve", curve, CURVES)
    if params is None:
        params = curve_params(DEFAULT_CURVE_ENTRY[curve])
    elif isinstance(params, str):
        params = curve_params(params)
    else:
        params = catalog.validate_params(params, LaunchCurveParams, name="params")
    family_ok = {"wright": ("wright", "cadence"), "bottom_up": ("bottom_up",),
                 "cadence": ("cadence", "log_linear")}[curve]
    if params.family not in family_ok:
        raise ValueError(f"curve {curve!r} needs parameters of family {' or '.join(family_ok)}; "
                         f"got family {params.family!r}")
    return params


def price_usd_per_kg(curve: str, *, cumulative_mass_t=None, reuse_count=None, date_yr=None,
                     params=None):
    r"""Launch price [USD/kg] from a named curve family.

    Parameters
    ----------
    curve : {"wright", "bottom_up", "cadence"}
        Curve family.
    cumulative_mass_t : array_like, optional
        Cumulative mass launched [t] (``"wright"``; > 0).  Default: the anchor.
    reuse_count : array_like, optional
        Flights per vehicle [-] (``"bottom_up"``; >= 1).  Default: the entry's.
    date_yr : array_like, optional
        Decimal calendar year (``"cadence"``).  Default: the curve's start date.
    params : LaunchCurveParams or str, optional
        Curve parameters or the name of a ``models/launch_curves.toml`` entry;
        default `DEFAULT_CURVE_ENTRY`.

    Returns
    -------
    jax.Array
        Price [USD/kg], broadcast over the array argument.

    Raises
    ------
    ValueError
        Unknown curve (lists the valid names), a parameter family that does not
        fit the curve, or an out-of-range argument.

    Notes
    -----
    Wright: $P = P_0 (M/M_0)^{\log_2(1-L)}$.  Bottom-up:
    $P = (1+\mu)[C_v/N + f_r C_v (N-1)/N + m_o p_o + m_f p_f + C_{ops}]/m_{pl}$.
    Cadence: $P(t) = P_\mathrm{Wright}(M_0 + \Delta M(t))$ with the linear
    launch-rate ramp of [`orbitalcompute.core.launch_curves.cadence_cumulative_mass_t`][orbitalcompute.core.launch_curves.cadence_cumulative_mass_t].

    References
    ----------
    Wright (1936), https://doi.org/10.2514/8.155; Aguera y Arcas et al.,
    arXiv:2511.19468, sec. 2.4, 4.4.
    """
    p = _resolve(curve, params)
    if curve == "wright":
        m = p.anchor_cumulative_mass_t if cumulative_mass_t is None else cumulative_mass_t
        m = check_range("cumulative_mass_t", m, gt=0, unit="t")
        return _lc.wright_price_usd_per_kg(m, p.anchor_price_usd_per_kg,
                                           p.anchor_cumulative_mass_t, p.learning_rate)
    if curve == "bottom_up":
        n = p.reuse_count if reuse_count is None else reuse_count
        n = check_range("reuse_count", n, ge=1)
        return _lc.bottom_up_price_usd_per_kg(
            p.vehicle_cost_usd, n, p.refurbishment_fraction, p.oxidiser_mass_t,
            p.oxidiser_price_usd_per_t, p.fuel_mass_t, p.fuel_price_usd_per_t,
            p.operations_usd, p.margin_fraction, p.payload_kg)
    t = p.start_date_yr if date_yr is None else date_yr
    t = check_range("date_yr", t, ge=1957, unit="yr")
    return _lc.curve_price_usd_per_kg(p, t)


def cumulative_mass_for_price_t(price_usd_per_kg, params=None):
    """Cumulative mass launched [t] at which the Wright curve reaches a price."""
    p = _resolve("wright", params)
    price = check_range("price_usd_per_kg", price_usd_per_kg, gt=0, unit="USD/kg")
    return _lc.wright_cumulative_mass_t(price, p.anchor_price_usd_per_kg,
                                        p.anchor_cumulative_mass_t, p.learning_rate)


def date_for_price_yr(price_usd_per_kg, params=None):
    """Decimal year at which the cadence curve reaches ``price_usd_per_kg``
    (the start date if the price is already at or below it)."""
    p = _resolve("cadence", params)
    price = check_range("price_usd_per_kg", price_usd_per_kg, gt=0, unit="USD/kg")
    return _lc.curve_date_for_price_yr(p, price)


def payload_kg(veh, destination: str = "sso"):
    """Payload capacity [kg] of a vehicle (name or parameters) to ``"leo"`` or ``"sso"``."""
    check_choice("destination", destination, ("leo", "sso"))
    v = vehicle(veh) if isinstance(veh, str) else veh
    return v.payload_leo_kg if destination == "leo" else v.payload_sso_kg


def launches_needed(total_mass_kg, veh, destination: str = "sso", *,
                    satellite_mass_kg=None, satellite_volume_m3=None) -> int:
    """Integer number of launches for a cluster.

    Parameters
    ----------
    total_mass_kg : float
        Mass of everything to launch [kg].
    veh : str or LaunchVehicleParams
        Vehicle.
    destination : {"leo", "sso"}
    satellite_mass_kg, satellite_volume_m3 : float, optional
        Per-satellite mass and stowed volume: satellites are indivisible, so a
        launch carries ``min(floor(payload/mass), floor(fairing/volume))`` of them.

    Returns
    -------
    int
    """
    total = float(check_range("total_mass_kg", total_mass_kg, ge=0, unit="kg"))
    v = vehicle(veh) if isinstance(veh, str) else veh
    cap = float(payload_kg(v, destination))
    if satellite_mass_kg is None:
        return int(math.ceil(total / cap))
    m = float(check_range("satellite_mass_kg", satellite_mass_kg, gt=0, unit="kg"))
    if m > cap:
        raise ValueError(f"satellite_mass_kg = {m:g} exceeds the vehicle's payload {cap:g} kg")
    per = math.floor(cap / m)
    if satellite_volume_m3 is not None:
        vol = float(check_range("satellite_volume_m3", satellite_volume_m3, gt=0, unit="m3"))
        per = min(per, math.floor(v.fairing_volume_m3 / vol))
        if per < 1:
            raise ValueError(f"satellite_volume_m3 = {vol:g} exceeds the fairing volume "
                             f"{v.fairing_volume_m3:g} m3")
    n_sat = int(np.ceil(total / m - 1e-9))
    return int(math.ceil(n_sat / per))
