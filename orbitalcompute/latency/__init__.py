"""Network latency: how far, in milliseconds, is a data centre from its users?

Constellation geometry (Walker-delta shells, J2 drift, Earth rotation), links
(elevation-masked ground links, +Grid laser ISLs with range and atmosphere
rules, bent-pipe gateways), shortest-delay routing on the time-varying graph
(``scipy.sparse.csgraph``), terrestrial fibre, and RTT statistics for users
of an orbital data centre.  See ``docs/models/latency.md``.

Entry points
------------
* [`ground_rtt_ms`][orbitalcompute.latency.ground_rtt_ms] -- RTT between ground points over time (ISL or bent-pipe).
* [`orbital_cluster_rtt`][orbitalcompute.latency.orbital_cluster_rtt] -- RTT from users to an orbital cluster with
  p50/p95/p99/max and the fraction of time it is reachable.
* [`fibre_rtt_ms`][orbitalcompute.latency.fibre_rtt_ms], [`terrestrial_site_rtt_ms`][orbitalcompute.latency.terrestrial_site_rtt_ms] -- terrestrial fibre.
"""

from .constellation import (Constellation, constellation_names, load_constellation,
                            sgp4_positions_teme_km, time_grid_s)
from .endpoints import (RTTResult, default_gateways, ground_point, ground_rtt_ms,
                        orbital_cluster_rtt, rtt_statistics, terrestrial_site_rtt_ms)
from .fibre import fibre_rtt_ms, load_network, vacuum_great_circle_rtt_ms
from .links import plus_grid_edges
from .params import GroundPointParams, NetworkParams, ShellParams
from .routing import route_one_way_ms

__all__ = [
    "Constellation", "constellation_names", "load_constellation", "sgp4_positions_teme_km",
    "time_grid_s", "RTTResult", "default_gateways", "ground_point", "ground_rtt_ms",
    "orbital_cluster_rtt", "rtt_statistics", "terrestrial_site_rtt_ms", "fibre_rtt_ms",
    "load_network", "vacuum_great_circle_rtt_ms", "plus_grid_edges", "GroundPointParams",
    "NetworkParams", "ShellParams", "route_one_way_ms",
]
