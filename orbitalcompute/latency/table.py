r"""User regions, the stored orbital-cluster latency table, and the latency
outputs of the pipeline.

* `user_regions` -- the regions of ``models/user_regions.toml``: demand
  weight (share of the world's Internet users) and reference cities.
* `cluster_region_statistics` -- the direct computation: route every
  reference city to a cluster orbit over a time grid
  (`.endpoints.orbital_cluster_rtt`, ISL mode) and pool the samples of
  each region into RTT quantiles and a reachable fraction.  It writes the
  table (``tools/generate_latency_table.py``) and checks it
  (``tests/test_latency_table.py``).
* `latency_table` -- the stored table
  ``models/data/latency_cluster_table.csv.gz`` as a
  `orbitalcompute.core.latency_table.LatencyTable`.
* `latency_outputs` -- what ``pipeline.evaluate(..., latency=True)``
  adds: per-region p50/p95 RTT with the constellation's access overhead, the
  share of demand within each reporting threshold, and the fibre RTT from
  each region to every site.

The table stores propagation only; the user terminal's access overhead
(``access_overhead_rtt_ms`` of the table's constellation,
``models/constellations.toml``) is added here, once per RTT (one user link).
"""

from __future__ import annotations

import functools
import gzip

import jax.numpy as jnp
import numpy as np

from .. import catalog
from ..core import latency_geometry as geo
from ..core import latency_table as _lt
from ..validation import check_choice, check_range

__all__ = ["QUANTILE_PROBABILITIES", "DEMAND_THRESHOLDS_MS", "UserRegion", "user_regions",
           "region_names", "cluster_region_statistics", "latency_table_path", "latency_table",
           "latency_table_header", "access_overhead_rtt_ms", "latency_outputs",
           "demand_share_within_ms", "site_fibre_rtt_ms"]

#: Cumulative probabilities whose RTT quantiles the table stores (0 and 1 are
#: the minimum and maximum); enough to read p50, p95 and any threshold share.
QUANTILE_PROBABILITIES = (0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0)

#: Reporting thresholds [ms] of the "share of demand within X ms" outputs: a
#: presentation choice (interactive web ~100 ms, cloud gaming / voice ~50 ms,
#: "edge" ~20 ms), not a model parameter; any other target:
#: `demand_share_within_ms`.
DEMAND_THRESHOLDS_MS = (20.0, 50.0, 100.0)


class UserRegion:
    """A user region: demand weight and reference cities (lat/lon arrays)."""

    def __init__(self, name, weight, cities, lat_deg, lon_deg):
        self.name = name
        self.weight = float(weight)
        self.cities = tuple(cities)
        self.latitude_deg = np.asarray(lat_deg, dtype=np.float64)
        self.longitude_deg = np.asarray(lon_deg, dtype=np.float64)

    def __repr__(self):  # pragma: no cover - display only
        return f"UserRegion({self.name!r}, weight={self.weight}, cities={self.cities})"


def region_names() -> list[str]:
    """Names of the regions in ``models/user_regions.toml``."""
    return catalog.names("user_regions")


@functools.lru_cache(maxsize=None)
def _regions(names: tuple[str, ...]) -> tuple[UserRegion, ...]:
    valid = region_names()
    cities = set(catalog.names("ground_points"))
    out = []
    for n in names:
        check_choice("user region", n, valid)
        p = catalog.load("user_regions", n)
        members = p.cities.split()
        for c in members:
            check_choice(f"user_regions.{n}: city", c, sorted(cities))
        if not members:
            raise ValueError(f"user_regions.{n}: cities is empty; name at least one ground point")
        pts = [catalog.load("ground_points", c) for c in members]
        out.append(UserRegion(n, p.internet_users_fraction, members,
                              [g.latitude_deg for g in pts], [g.longitude_deg for g in pts]))
    return tuple(out)


def user_regions(names=None) -> tuple[UserRegion, ...]:
    """The user regions ``names`` (default: every region of ``models/user_regions.toml``).

    Raises ``ValueError`` listing the valid names for an unknown region.
    """
    return _regions(tuple(region_names() if names is None else names))


def _pooled_statistics(rtt_ms, reachable, members):
    """Quantiles (R, Q) and reachable fraction (R,) of the (city, time) samples
    of each region; ``members[r]`` indexes rows of ``rtt_ms`` (U, T)."""
    q = np.full((len(members), len(QUANTILE_PROBABILITIES)), np.nan)
    reach = np.zeros(len(members))
    for r, idx in enumerate(members):
        ok = reachable[idx]
        reach[r] = ok.mean()
        if ok.any():
            q[r] = np.quantile(rtt_ms[idx][ok], QUANTILE_PROBABILITIES)
    return q, reach


def cluster_region_statistics(altitude_km, inclination_deg, *, raan_deg=0.0, t_s=None,
                              hours=24.0, step_s=300.0, constellation="starlink_gen1_shell1",
                              regions=None, epoch_utc=None):
    r"""Propagation RTT quantiles [ms] from each region's reference cities to a
    cluster in a circular orbit, routed through ``constellation`` with laser
    ISLs (the direct computation the stored table is made of).

    Samples are pooled over the region's cities (equal weights) and the time
    grid; quantiles at `QUANTILE_PROBABILITIES` over the reachable
    samples.  No access overhead (the table stores propagation).

    Returns
    -------
    rtt_quantiles_ms : (R, Q)
    reachable_fraction : (R,)
    """
    from ..orbit import circular_orbit
    from .constellation import DEFAULT_EPOCH_UTC
    from .endpoints import orbital_cluster_rtt

    regs = user_regions(regions)
    epoch = DEFAULT_EPOCH_UTC if epoch_utc is None else epoch_utc
    lat = np.concatenate([r.latitude_deg for r in regs])
    lon = np.concatenate([r.longitude_deg for r in regs])
    bounds = np.cumsum([0] + [r.latitude_deg.size for r in regs])
    members = [np.arange(bounds[k], bounds[k + 1]) for k in range(len(regs))]
    orb = circular_orbit(float(altitude_km), float(inclination_deg), float(raan_deg), epoch_utc=epoch)
    res, _ = orbital_cluster_rtt(lat, lon, orb, constellation=constellation, via="isl",
                                 hours=hours, step_s=step_s, t_s=t_s, epoch_utc=epoch,
                                 access_overhead=False)
    return _pooled_statistics(res.rtt_ms, res.reachable, members)


def latency_table_path():
    """Path of the stored orbital-cluster latency table."""
    return catalog.catalog_dir() / "data" / "latency_cluster_table.csv.gz"


@functools.lru_cache(maxsize=None)
def _read_table():
    header, rows = {}, []
    with gzip.open(latency_table_path(), "rt") as fh:
        for line in fh:
            if line.startswith("#"):
                key, _, val = line[1:].partition("=")
                header[key.strip()] = val.strip()
            elif line.strip():
                rows.append(line)
    cols = rows[0].strip().split(",")
    body = [r.strip().split(",") for r in rows[1:]]
    return header, cols, body


def latency_table_header() -> dict[str, str]:
    """``{key: value}`` of the stored table's header (constellation, time grid, ...)."""
    return dict(_read_table()[0])


@functools.lru_cache(maxsize=None)
def _table_arrays():
    header, cols, body = _read_table()
    names = tuple(header["regions"].split())
    j = {c: k for k, c in enumerate(cols)}
    alt = np.array([float(r[j["altitude_km"]]) for r in body])
    inc = np.array([float(r[j["inclination_deg"]]) for r in body])
    reg = [r[j["region"]] for r in body]
    ga, gi = np.unique(alt), np.unique(inc)
    qcols = [c for c in cols if c.startswith("rtt_q")]
    probs = np.array([float(c[5:-3]) / 1000.0 for c in qcols])
    q = np.full((ga.size, gi.size, len(names), probs.size), np.nan)
    reach = np.full((ga.size, gi.size, len(names)), np.nan)
    for k, r in enumerate(body):
        a, i, n = np.searchsorted(ga, alt[k]), np.searchsorted(gi, inc[k]), names.index(reg[k])
        q[a, i, n] = [float(r[j[c]]) for c in qcols]
        reach[a, i, n] = float(r[j["reachable_fraction"]])
    if np.isnan(q).any() or np.isnan(reach).any():
        raise ValueError(f"{latency_table_path()}: the table has missing cells; regenerate it with "
                         "tools/generate_latency_table.py")
    return names, ga, gi, probs, q, reach


@functools.lru_cache(maxsize=None)
def latency_table() -> _lt.LatencyTable:
    """The stored table (read once per process; constant arrays, safe inside ``jit``).

    Region order: `latency_table_header` ``['regions']``.
    """
    import jax

    _, ga, gi, probs, q, reach = _table_arrays()
    with jax.ensure_compile_time_eval():  # constants, also when first called under jit
        return _lt.LatencyTable(jnp.asarray(ga), jnp.asarray(gi), jnp.asarray(probs), jnp.asarray(q),
                                jnp.asarray(reach))


def access_overhead_rtt_ms(constellation: str | None = None) -> float:
    """Access overhead [ms] per user-terminal link of ``constellation``
    (default: the stored table's), from ``models/constellations.toml``."""
    name = latency_table_header()["constellation"] if constellation is None else constellation
    return _access_overhead(name)


@functools.lru_cache(maxsize=None)
def _access_overhead(name: str) -> float:
    import jax

    from .constellation import load_constellation

    with jax.ensure_compile_time_eval():  # catalogue constants, also when first called under jit
        return max(float(sh.access_overhead_rtt_ms) for sh in load_constellation(name).shells)


@functools.lru_cache(maxsize=None)
def _network_constants():
    from .fibre import load_network

    net = load_network("default")
    return float(net.refractive_index), float(net.route_inflation_factor)


def site_fibre_rtt_ms(site_lat_deg, site_lon_deg, region: UserRegion):
    """Fibre RTT [ms] from each reference city of ``region`` to a site (JAX;
    differentiable in the site's coordinates), shape (cities,)."""
    n, k = _network_constants()
    d = geo.great_circle_distance_km(jnp.asarray(region.latitude_deg), jnp.asarray(region.longitude_deg),
                                     site_lat_deg, site_lon_deg)
    return 2.0 * geo.fibre_one_way_ms(d, n, k)


def _table_regions():
    names = _table_arrays()[0]
    return user_regions(names)


def demand_share_within_ms(altitude_km, inclination_deg, target_ms, *, access_overhead: bool = True):
    r"""Share of the world's Internet-user demand (the regions' weights,
    normalised) whose RTT to a cluster at (``altitude_km``, ``inclination_deg``)
    is within ``target_ms``, from the stored table (pure JAX: vmap/grad).

    $$ S(x) = \frac{\sum_r w_r F_r(x - \tau)}{\sum_r w_r} $$

    with $F_r$ the region's reachable share within $x$ (propagation,
    `fraction_within_ms`) and $\tau$ the access overhead.
    """
    tab = latency_table()
    regs = _table_regions()
    w = jnp.asarray([r.weight for r in regs])
    q, reach = _lt.region_rtt_interp(tab, altitude_km, inclination_deg)
    tau = access_overhead_rtt_ms() if access_overhead else 0.0
    f = _lt.fraction_within_ms(q, tab.probabilities, reach, jnp.asarray(target_ms) - tau)
    return jnp.sum(w * f) / jnp.sum(w)


def _label(x_ms: float) -> str:
    return f"{x_ms:g}".replace(".", "p")


def latency_outputs(scenario, inclination_deg, *, thresholds_ms=DEMAND_THRESHOLDS_MS,
                    access_overhead: bool = True) -> dict:
    r"""Latency outputs of one design (pure JAX; what ``evaluate(..., latency=True)`` adds).

    ``latency_<region>_p50_ms``, ``latency_<region>_p95_ms``: RTT percentiles
    from the region's users to the cluster over a day, through the table's
    constellation, with its access overhead (``access_overhead=True``);
    ``latency_<region>_reachable_fraction``;
    ``latency_demand_mean_p50_ms``: the user-weighted mean of the regions' p50;
    ``latency_demand_within_<X>ms_fraction``: share of demand (user-weighted)
    within X ms of the cluster; ``site_<s>_fibre_rtt_<region>_ms``: median
    over the region's cities of the fibre RTT to site ``s`` (no access
    overhead on the terrestrial side); ``site_<s>_fibre_rtt_demand_mean_ms``;
    ``site_<s>_demand_within_<X>ms_fraction``; ``latency_table_valid`` (the
    orbit lies inside the stored table; outside, the orbital values are NaN).
    """
    tab = latency_table()
    regs = _table_regions()
    probs = _table_arrays()[3]
    i50, i95 = int(np.argmin(abs(probs - 0.5))), int(np.argmin(abs(probs - 0.95)))
    alt = scenario.orbit.altitude_km
    ok = _lt.latency_table_in_range(tab, alt, inclination_deg)
    q, reach = _lt.region_rtt_interp(tab, alt, inclination_deg)
    tau = access_overhead_rtt_ms() if access_overhead else 0.0
    nan_out = lambda x: jnp.where(ok, x, jnp.nan)  # noqa: E731
    w = np.array([r.weight for r in regs])
    w = w / w.sum()
    out = {"latency_table_valid": ok}
    for k, r in enumerate(regs):
        out[f"latency_{r.name}_p50_ms"] = nan_out(q[k, i50] + tau)
        out[f"latency_{r.name}_p95_ms"] = nan_out(q[k, i95] + tau)
        out[f"latency_{r.name}_reachable_fraction"] = nan_out(reach[k])
    out["latency_demand_mean_p50_ms"] = nan_out(jnp.sum(w * q[:, i50]) + tau)
    for x in thresholds_ms:
        check_range("thresholds_ms", x, gt=0.0, unit="ms")
        f = _lt.fraction_within_ms(q, tab.probabilities, reach, x - tau)
        out[f"latency_demand_within_{_label(x)}ms_fraction"] = nan_out(jnp.sum(w * f))
    names = list(scenario.sites)
    if names:
        n, kf = _network_constants()
        lat = jnp.stack([jnp.asarray(scenario.sites[m].latitude_deg, jnp.float64) for m in names])
        lon = jnp.stack([jnp.asarray(scenario.sites[m].longitude_deg, jnp.float64) for m in names])
        c_lat = np.concatenate([r.latitude_deg for r in regs])
        c_lon = np.concatenate([r.longitude_deg for r in regs])
        d = geo.great_circle_distance_km(c_lat[None, :], c_lon[None, :], lat[:, None], lon[:, None])
        rtt = 2.0 * geo.fibre_one_way_ms(d, n, kf)                        # (sites, cities)
        bounds = np.cumsum([0] + [r.latitude_deg.size for r in regs])
        med = jnp.stack([jnp.median(rtt[:, bounds[k]:bounds[k + 1]], axis=1)
                         for k in range(len(regs))], axis=1)              # (sites, regions)
        mean_ms = med @ jnp.asarray(w)
        city_w = np.concatenate([np.full(r.latitude_deg.size, w[k] / r.latitude_deg.size)
                                 for k, r in enumerate(regs)])
        within = {x: (rtt <= x).astype(jnp.float64) @ jnp.asarray(city_w) for x in thresholds_ms}
        for j, m in enumerate(names):
            for k, r in enumerate(regs):
                out[f"site_{m}_fibre_rtt_{r.name}_ms"] = med[j, k]
            out[f"site_{m}_fibre_rtt_demand_mean_ms"] = mean_ms[j]
            for x in thresholds_ms:
                out[f"site_{m}_demand_within_{_label(x)}ms_fraction"] = within[x][j]
    return out
