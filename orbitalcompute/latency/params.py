"""Parameter sets of the latency model (typed, sourced, in ``models/``).

* [`ShellParams`][orbitalcompute.latency.params.ShellParams] -- one Walker-delta shell of a constellation with its
  link rules (``models/constellations.toml``).
* [`GroundPointParams`][orbitalcompute.latency.params.GroundPointParams] -- a reference city or gateway
  (``models/ground_points.toml``).
* [`NetworkParams`][orbitalcompute.latency.params.NetworkParams] -- terrestrial fibre and orbital-cluster optical
  terminals (``models/network.toml``).
"""

from __future__ import annotations

from ..catalog import category, parameter_set, quantity
from ..core.domain import MAX_ALTITUDE_KM, MIN_ALTITUDE_KM

__all__ = ["ShellParams", "GroundPointParams", "NetworkParams", "UserRegionParams"]


@parameter_set
class ShellParams:
    """One Walker-delta shell ``i: t/p/f`` of a satellite constellation.

    ``t = planes_count * sats_per_plane_count``.  Shells that share a
    ``constellation`` name form one constellation (see
    [`orbitalcompute.latency.constellation.load_constellation`][orbitalcompute.latency.constellation.load_constellation]).
    """

    altitude_km: float = quantity("km", ge=MIN_ALTITUDE_KM, lt=MAX_ALTITUDE_KM, doc="Orbit altitude above the equatorial radius")
    inclination_deg: float = quantity("deg", ge=0.0, le=180.0, doc="Orbit inclination")
    planes_count: float = quantity("1", ge=1.0, doc="Number of orbital planes p")
    sats_per_plane_count: float = quantity("1", ge=1.0, doc="Satellites per plane t/p")
    phasing_count: float = quantity("1", ge=0.0, doc="Walker phasing factor f (0 <= f < p)")
    min_elevation_deg: float = quantity("deg", ge=0.0, lt=90.0,
                                        doc="Minimum elevation of a ground-satellite link")
    isl_max_range_km: float = quantity("km", ge=0.0, doc="Longest laser inter-satellite link")
    atmosphere_grazing_height_km: float = quantity(
        "km", ge=0.0, le=1000.0, doc="No laser link may pass below this height above the sphere")
    hop_processing_delay_ms: float = quantity("ms", ge=0.0, doc="Processing delay per satellite traversed")
    access_overhead_rtt_ms: float = quantity(
        "ms", ge=0.0, doc="Round-trip access/scheduling overhead per user terminal link (not propagation)")
    constellation: str = category(default="", doc="Name of the constellation the shell belongs to")
    isl_pattern: str = category(("plus_grid", "none"), default="plus_grid",
                                doc="Laser ISL topology: +Grid (2 in-plane + 2 cross-plane) or none")

    @property
    def total_count(self) -> int:
        return int(round(self.planes_count)) * int(round(self.sats_per_plane_count))


@parameter_set
class GroundPointParams:
    """A point on the ground: a reference city (user population) or a gateway."""

    latitude_deg: float = quantity("deg", ge=-90.0, le=90.0, doc="Latitude (north positive)")
    longitude_deg: float = quantity("deg", ge=-180.0, lt=360.0, doc="Longitude (east positive)")
    kind: str = category(("city", "gateway"), default="city")


@parameter_set
class NetworkParams:
    """Terrestrial fibre and the orbital cluster's optical terminals."""

    refractive_index: float = quantity("1", ge=1.0, le=2.0,
                                       doc="Group index of single-mode fibre (light travels at c/n)")
    route_inflation_factor: float = quantity(
        "1", ge=1.0, le=5.0, doc="Fibre route length divided by the great-circle distance")
    cluster_link_count: float = quantity(
        "1", ge=1.0, doc="Optical terminals of an orbital cluster towards the network")
    cluster_link_max_range_km: float = quantity(
        "km", gt=0.0, doc="Longest optical link from the cluster to a network satellite")


@parameter_set
class UserRegionParams:
    """A region of Internet users: its share of the world's users (the demand
    weight) and the reference cities (``models/ground_points.toml``) that
    stand for its users, equally weighted."""

    internet_users_fraction: float = quantity(
        "1", ge=0.0, le=1.0, doc="Share of the world's Internet users living in the region")
    cities: str = category(default="", doc="Space-separated ground_points names standing for the region's users")
