r"""Public latency entry points: ground-to-ground RTT over a constellation,
RTT from users to an orbital data centre, and RTT to terrestrial sites.

All round-trip times are in milliseconds.  Where no path exists at a time
step the RTT is NaN and ``reachable`` is False: an unreachable endpoint is
never given a number.

Propagation only by default; ``access_overhead=True`` adds the shell's
documented ``access_overhead_rtt_ms`` once per user-terminal link (the
scheduling/processing overhead that makes measured Starlink medians 25-50 ms
rather than the ~5-10 ms of propagation).  Gateways and fibre ends carry no
access overhead.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .. import catalog
from ..constants import DAY_S
from ..core import latency_geometry as geo
from ..validation import check_choice, check_range
from .constellation import (DEFAULT_EPOCH_UTC, Constellation, julian_date_ut1,
                            load_constellation, time_grid_s)
from .fibre import check_lat_lon, fibre_rtt_ms, load_network
from .routing import route_one_way_ms

__all__ = [
    "RTTResult",
    "rtt_statistics",
    "ground_point",
    "ground_rtt_ms",
    "orbital_cluster_rtt",
    "terrestrial_site_rtt_ms",
    "default_gateways",
]

PERCENTILES = (50.0, 95.0, 99.0)


@dataclasses.dataclass(frozen=True)
class RTTResult:
    """Round-trip times over a time grid.

    Attributes
    ----------
    rtt_ms : ndarray (P, T)
        NaN where unreachable.
    reachable : ndarray of bool (P, T)
    t_s : ndarray (T,)
        Seconds after ``epoch_utc``.
    mode : str
    constellation : str
    epoch_utc : str
    """

    rtt_ms: np.ndarray
    reachable: np.ndarray
    t_s: np.ndarray
    mode: str
    constellation: str
    epoch_utc: str

    def statistics(self) -> dict:
        """Per-row p50/p95/p99/max [ms] over reachable steps and the fraction
        of steps reachable (see [`rtt_statistics`][orbitalcompute.latency.endpoints.rtt_statistics])."""
        return rtt_statistics(self.rtt_ms, self.reachable)


def rtt_statistics(rtt_ms, reachable=None) -> dict:
    """Percentiles of RTT over time, ignoring unreachable steps.

    Parameters
    ----------
    rtt_ms : array (..., T)
    reachable : bool array (..., T), optional (default: finite ``rtt_ms``)

    Returns
    -------
    dict with ``p50_ms``, ``p95_ms``, ``p99_ms``, ``max_ms``, ``min_ms`` (NaN
    where never reachable) and ``reachable_fraction`` (0..1), each of shape
    ``rtt_ms.shape[:-1]``.
    """
    r = np.asarray(rtt_ms, dtype=np.float64)
    ok = np.isfinite(r) if reachable is None else (np.asarray(reachable, bool) & np.isfinite(r))
    masked = np.where(ok, r, np.nan)
    any_ok = ok.any(axis=-1)
    out = {}
    with np.errstate(all="ignore"):
        safe = np.where(any_ok[..., None], masked, 0.0)
        for p in PERCENTILES:
            v = np.nanpercentile(safe, p, axis=-1)
            out[f"p{int(p)}_ms"] = np.where(any_ok, v, np.nan)
        out["max_ms"] = np.where(any_ok, np.nanmax(safe, axis=-1), np.nan)
        out["min_ms"] = np.where(any_ok, np.nanmin(safe, axis=-1), np.nan)
    out["reachable_fraction"] = ok.mean(axis=-1)
    return out


def ground_point(name: str) -> tuple[float, float]:
    """(latitude_deg, longitude_deg) of a catalogue point: a city of
    ``models/ground_points.toml`` or a site of ``models/sites.toml``."""
    kinds = [k for k in ("ground_points", "sites") if k in catalog.kinds()]
    every = []
    for k in kinds:
        names = catalog.names(k)
        every += names
        if name in names:
            p = catalog.load(k, name)
            return float(p.latitude_deg), float(p.longitude_deg)
    check_choice("ground point", name, every)
    raise AssertionError  # pragma: no cover


def default_gateways() -> np.ndarray:
    """Gateway coordinates, shape (W, 2) [deg]: every entry of
    ``models/ground_points.toml`` (assumption: a gateway/PoP in every major
    metro area of the reference list; pass your own for real gateway sites)."""
    names = catalog.names("ground_points")
    return np.array([[catalog.load("ground_points", n).latitude_deg,
                      catalog.load("ground_points", n).longitude_deg] for n in names])


def _resolve_constellation(constellation, epoch_utc) -> Constellation:
    if isinstance(constellation, Constellation):
        return constellation
    return load_constellation(constellation, epoch_utc=epoch_utc)


def _times(hours, step_s, t_s):
    if t_s is not None:
        t = np.atleast_1d(check_range("t_s", t_s, ge=0.0, unit="s")).astype(np.float64)
        return t
    return time_grid_s(hours, step_s)


def _gateway_arrays(gateways):
    gw = default_gateways() if gateways is None else np.atleast_2d(np.asarray(gateways, dtype=float))
    if gw.ndim != 2 or gw.shape[1] != 2 or gw.shape[0] == 0:
        raise ValueError(f"gateways must have shape (W, 2) [lat_deg, lon_deg]; got {gw.shape}")
    check_lat_lon(gw[:, 0], gw[:, 1], "gateways: ")
    return gw


def ground_rtt_ms(lat_a_deg, lon_a_deg, lat_b_deg, lon_b_deg, *,
                  constellation="starlink_gen1_shell1", mode: str = "isl",
                  hours: float = 24.0, step_s: float = 60.0, t_s=None,
                  epoch_utc: str = DEFAULT_EPOCH_UTC, gateways=None,
                  access_overhead: bool = False, network: str = "default",
                  workers: int | None = None) -> RTTResult:
    r"""Round-trip time [ms] between pairs of ground points through a
    constellation, over a time grid.

    Parameters
    ----------
    lat_a_deg, lon_a_deg, lat_b_deg, lon_b_deg : array_like, broadcast to (P,)
        End points [deg]; latitude in [-90, 90], longitude in [-180, 360).
    constellation : str or Constellation
        Catalogue name (``'starlink_gen1_shell1'``, ``'starlink_gen1'``,
        ``'kuiper'``...) or a `Constellation`.
    mode : {'isl', 'bent-pipe'}
        ``'isl'``: both ends have user terminals; laser ISLs (+Grid) carry the
        traffic.  ``'bent-pipe'``: A's terminal -> satellite -> gateway
        (possibly bouncing through further satellites and gateways) -> fibre
        -> B; no ISLs.
    hours, step_s : float
        Time grid (ignored if ``t_s`` is given).
    t_s : array_like, optional
        Explicit times [s] after ``epoch_utc``.
    gateways : array (W, 2), optional
        Gateway [lat_deg, lon_deg] for bent-pipe mode; default
        [`default_gateways`][orbitalcompute.latency.endpoints.default_gateways].
    access_overhead : bool
        Add the shell's ``access_overhead_rtt_ms`` per user terminal (two in
        ISL mode, one in bent-pipe mode).
    network : str
        Fibre parameters (``models/network.toml``) for bent-pipe mode.
    workers : int, optional
        Threads for the per-step Dijkstra solves (default: CPU count).

    Returns
    -------
    RTTResult
        ``rtt_ms`` (P, T) with NaN where no path exists.

    Notes
    -----
    Each link's delay is its length over the vacuum speed of light plus the
    shell's per-hop processing delay at every satellite traversed;
    Dijkstra's algorithm (``scipy.sparse.csgraph``) gives the shortest path
    at each time step, and RTT = 2 x one-way (links are symmetric).

    $$
    RTT = 2\min_{\rm paths}\sum_{\ell}\left(\frac{L_\ell}{c} + \tau_{hop}\right)
    $$

    References
    ----------
    Handley (2018), doi:10.1145/3286062.3286075; Kassing et al. (2020),
    doi:10.1145/3419394.3423635.
    """
    check_choice("mode", mode, ["isl", "bent-pipe"])
    la, loa = check_lat_lon(lat_a_deg, lon_a_deg, "A: ")
    lb, lob = check_lat_lon(lat_b_deg, lon_b_deg, "B: ")
    la, loa, lb, lob = (np.ravel(x) for x in np.broadcast_arrays(la, loa, lb, lob))
    con = _resolve_constellation(constellation, epoch_utc)
    t = _times(hours, step_s, t_s)
    P = la.size
    # each distinct place once: a city in many pairs is one Dijkstra source
    pts, inv = np.unique(np.concatenate([np.stack([la, loa], 1), np.stack([lb, lob], 1)]),
                         axis=0, return_inverse=True)
    inv = inv.ravel()
    ecef = np.asarray(geo.geodetic_to_ecef_km(pts[:, 0], pts[:, 1]))
    src = inv[:P]
    dst = inv[P:]
    kwargs = {}
    if mode == "bent-pipe":
        gw = _gateway_arrays(gateways)
        net = load_network(network)
        gw_ecef = np.asarray(geo.geodetic_to_ecef_km(gw[:, 0], gw[:, 1]))
        fib = fibre_rtt_ms(gw[:, 0][:, None], gw[:, 1][:, None], pts[:, 0][None, :],
                           pts[:, 1][None, :], refractive_index=net.refractive_index,
                           route_inflation_factor=net.route_inflation_factor) / 2.0
        kwargs = dict(gateway_ecef_km=gw_ecef, gateway_to_dst_ms=fib)
    one_way = route_one_way_ms(con, t, ecef, src, dst, mode=mode, workers=workers, **kwargs)
    reach = np.isfinite(one_way)
    rtt = np.where(reach, 2.0 * one_way, np.nan)
    if access_overhead:
        n_user_links = 2 if mode == "isl" else 1
        rtt = rtt + n_user_links * _access_overhead_ms(con)
    return RTTResult(rtt, reach, t, mode, con.name, con.epoch_utc)


def _access_overhead_ms(con: Constellation) -> float:
    vals = {float(sh.access_overhead_rtt_ms) for sh in con.shells}
    return max(vals)


def _cluster_ecef_km(orbit, t_s, epoch_utc):
    """Earth-fixed positions (T, 3) of an orbital cluster (circular + J2)."""
    from ..orbit import resolve_orbit

    orb = resolve_orbit(orbit)
    # The orbit's RAAN is referred to its own epoch; carry it to ours.
    dt0 = (julian_date_ut1(epoch_utc) - julian_date_ut1(orb.epoch_utc)) * DAY_S
    t = np.asarray(t_s, dtype=np.float64) + dt0
    eci = geo.circular_positions_eci_km(orb.altitude_km, orb.inclination_deg,
                                        np.array([orb.raan_deg]), np.array([orb.arg_lat_deg]), t)
    theta = geo.gmst_rad(julian_date_ut1(epoch_utc) + np.asarray(t_s) / DAY_S)
    return np.asarray(geo.eci_to_ecef_km(eci, theta[..., None]))[:, 0, :], orb


def orbital_cluster_rtt(user_lat_deg, user_lon_deg, orbit="dawn_dusk_sso_650", *,
                        constellation="starlink_gen1_shell1", via: str = "isl",
                        hours: float = 24.0, step_s: float = 60.0, t_s=None,
                        epoch_utc: str = DEFAULT_EPOCH_UTC, gateways=None,
                        access_overhead: bool = False, network: str = "default",
                        min_elevation_deg=None):
    r"""RTT [ms] from users to an orbital data centre over time, with statistics.

    Parameters
    ----------
    user_lat_deg, user_lon_deg : array_like, broadcast to (U,)
        User locations [deg].
    orbit : str, OrbitParams or CircularOrbit
        The cluster's orbit (default ``'dawn_dusk_sso_650'``: 650 km
        dawn-dusk sun-synchronous, inclination from J2, node from the mean
        Sun at the epoch, via [`orbitalcompute.orbit.resolve_orbit`][orbitalcompute.orbit.resolve_orbit]).
        Its node is in the TEME frame of its epoch (the one frame of nodes
        in the package, see [`orbitalcompute.orbit`][orbitalcompute.orbit]), the frame of the
        constellation's positions; the precession between the orbit's epoch
        and ``epoch_utc`` (50 arcsec per year) is neglected.
    constellation : str or Constellation
        The relay network (``via='isl'``).
    via : {'isl', 'gateway'}
        ``'isl'``: user terminal -> network satellite -> laser ISLs -> the
        cluster, which links optically to up to ``cluster_link_count``
        nearest network satellites within ``cluster_link_max_range_km``
        whose line clears the atmosphere grazing height
        (``models/network.toml``).
        ``'gateway'``: user -> terrestrial fibre -> a ground gateway that sees
        the cluster above ``min_elevation_deg`` -> cluster (direct RF/optical
        uplink).
    gateways : array (W, 2), optional
        Gateway coordinates for ``via='gateway'`` (default
        [`default_gateways`][orbitalcompute.latency.endpoints.default_gateways]).
    min_elevation_deg : float, optional
        Gateway elevation mask for ``via='gateway'`` (default: the
        constellation's first shell's mask); must be in [0, 90).
    access_overhead : bool
        Add one user-terminal access overhead (``via='isl'`` only).

    Returns
    -------
    result : RTTResult
        ``rtt_ms`` (U, T), NaN where the cluster is unreachable.
    stats : dict
        [`rtt_statistics`][orbitalcompute.latency.endpoints.rtt_statistics]: ``p50_ms``, ``p95_ms``, ``p99_ms``,
        ``max_ms``, ``reachable_fraction`` per user.
    """
    check_choice("via", via, ["isl", "gateway"])
    lat, lon = check_lat_lon(user_lat_deg, user_lon_deg, "user: ")
    lat, lon = (np.ravel(x) for x in np.broadcast_arrays(lat, lon))
    t = _times(hours, step_s, t_s)
    con = _resolve_constellation(constellation, epoch_utc)
    epoch = con.epoch_utc
    cl_ecef, _ = _cluster_ecef_km(orbit, t, epoch)
    net = load_network(network)
    users_ecef = np.asarray(geo.geodetic_to_ecef_km(lat, lon))
    if via == "isl":
        one_way = route_one_way_ms(con, t, users_ecef, np.arange(lat.size), np.zeros(lat.size, int),
                                   mode="cluster", cluster_ecef_km=cl_ecef,
                                   cluster_link_count=int(round(net.cluster_link_count)),
                                   cluster_link_max_range_km=float(net.cluster_link_max_range_km))
        reach = np.isfinite(one_way)
        rtt = np.where(reach, 2.0 * one_way, np.nan)
        if access_overhead:
            rtt = rtt + _access_overhead_ms(con)
    else:
        mask = con.shells[0].min_elevation_deg if min_elevation_deg is None else min_elevation_deg
        mask = float(check_range("min_elevation_deg", mask, ge=0.0, lt=90.0, unit="deg"))
        gw = _gateway_arrays(gateways)
        gw_ecef = np.asarray(geo.geodetic_to_ecef_km(gw[:, 0], gw[:, 1]))          # (W, 3)
        rng, vis = (np.asarray(x) for x in geo.ground_visibility_km(gw_ecef, cl_ecef[:, None, :], mask))
        rng, vis = rng[..., 0], vis[..., 0]                                       # (T, W)
        up_ms = np.where(vis, rng / geo.C_KM_PER_MS, np.inf)
        fib = fibre_rtt_ms(lat[:, None], lon[:, None], gw[:, 0][None, :], gw[:, 1][None, :],
                           refractive_index=net.refractive_index,
                           route_inflation_factor=net.route_inflation_factor) / 2.0   # (U, W)
        one_way = np.min(fib[:, None, :] + up_ms[None, :, :], axis=-1)             # (U, T)
        reach = np.isfinite(one_way)
        rtt = np.where(reach, 2.0 * one_way, np.nan)
    res = RTTResult(rtt, reach, t, f"cluster-{via}", con.name, epoch)
    return res, res.statistics()


def terrestrial_site_rtt_ms(user_lat_deg, user_lon_deg, site, *, network: str = "default",
                            refractive_index=None, route_inflation_factor=None):
    """Fibre RTT [ms] from users to a terrestrial data-centre site.

    ``site`` is a name in ``models/sites.toml`` or ``models/ground_points.toml``,
    or a ``(latitude_deg, longitude_deg)`` pair.
    """
    if isinstance(site, str):
        s_lat, s_lon = ground_point(site)
    else:
        s_lat, s_lon = site
    return fibre_rtt_ms(user_lat_deg, user_lon_deg, s_lat, s_lon, network=network,
                        refractive_index=refractive_index,
                        route_inflation_factor=route_inflation_factor)
