r"""Terrestrial fibre: great-circle round-trip times with a route-inflation factor.

$$
RTT_{fibre} = \frac{2\,k\,n\,R_E\,\theta}{c}
$$

with $\theta$ the central angle between the points, $n$ the group
index of single-mode fibre (``models/network.toml``: 1.468, Corning SMF-28 at
1550 nm) and $k$ the route inflation (1.3, the median shortest-conduit
stretch of Bozkurt et al. 2018; 1.0 is the great-circle bound Handley 2018
uses; 2.1 is the measured Internet).

References
----------
Bozkurt, I. N. et al. (2018), Dissecting Latency in the Internet's Fiber
Infrastructure, arXiv:1811.10737.
"""

from __future__ import annotations

import numpy as np

from .. import catalog
from ..core import latency_geometry as geo
from ..validation import check_range
from .params import NetworkParams

__all__ = ["load_network", "check_lat_lon", "fibre_rtt_ms", "vacuum_great_circle_rtt_ms"]


def load_network(name: str = "default") -> NetworkParams:
    """The fibre/terminal parameter set ``name`` of ``models/network.toml``."""
    return catalog.load("network", name)


def check_lat_lon(latitude_deg, longitude_deg, prefix: str = ""):
    """Validate coordinates: latitude in [-90, 90] deg, longitude in [-180, 360) deg."""
    lat = check_range(f"{prefix}latitude_deg", latitude_deg, ge=-90.0, le=90.0, unit="deg")
    lon = check_range(f"{prefix}longitude_deg", longitude_deg, ge=-180.0, lt=360.0, unit="deg")
    return lat, lon


def fibre_rtt_ms(lat1_deg, lon1_deg, lat2_deg, lon2_deg, *, refractive_index=None,
                 route_inflation_factor=None, network: str = "default"):
    r"""Round-trip time [ms] over terrestrial fibre between two points.

    $$
    RTT = 2\,k\,n\,d_{gc}/c
    $$

    Parameters
    ----------
    lat1_deg, lon1_deg, lat2_deg, lon2_deg : array_like
        Coordinates [deg]; broadcast against each other.
    refractive_index : float, optional
        Fibre group index (default: ``models/network.toml``, 1.468).
    route_inflation_factor : float, optional
        Route length / great-circle distance, >= 1 (default 1.3).

    Returns
    -------
    ndarray of float64 [ms].

    Examples
    --------
    >>> round(float(fibre_rtt_ms(51.5, -0.13, 40.7, -74.0, route_inflation_factor=1.0)), 1)
    54.6
    """
    la1, lo1 = check_lat_lon(lat1_deg, lon1_deg, "lat1/lon1: ")
    la2, lo2 = check_lat_lon(lat2_deg, lon2_deg, "lat2/lon2: ")
    net = load_network(network)
    n = net.refractive_index if refractive_index is None else refractive_index
    k = net.route_inflation_factor if route_inflation_factor is None else route_inflation_factor
    n = check_range("refractive_index", n, ge=1.0, le=2.0)
    k = check_range("route_inflation_factor", k, ge=1.0)
    d = geo.great_circle_distance_km(la1, lo1, la2, lo2)
    return np.asarray(2.0 * geo.fibre_one_way_ms(d, n, k))


def vacuum_great_circle_rtt_ms(lat1_deg, lon1_deg, lat2_deg, lon2_deg, height_km=0.0):
    r"""Lower bound [ms]: twice the great-circle arc at ``height_km`` at the
    vacuum speed of light, $2 (R_E + h)\theta / c$."""
    la1, lo1 = check_lat_lon(lat1_deg, lon1_deg, "lat1/lon1: ")
    la2, lo2 = check_lat_lon(lat2_deg, lon2_deg, "lat2/lon2: ")
    h = check_range("height_km", height_km, ge=0.0, unit="km")
    return np.asarray(2.0 * geo.great_circle_distance_km(la1, lo1, la2, lo2, h) / geo.C_KM_PER_MS)
