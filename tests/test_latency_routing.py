"""Latency routing and public entry points: bounds, published figures, bad input."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

import orbitalcompute  # noqa: F401
from orbitalcompute.core import latency_geometry as geo
from orbitalcompute.latency import (fibre_rtt_ms, ground_point, ground_rtt_ms, load_constellation,
                                    orbital_cluster_rtt, rtt_statistics, terrestrial_site_rtt_ms,
                                    vacuum_great_circle_rtt_ms)

T_FEW = np.array([0.0, 600.0, 1200.0])  # three time steps keep these tests fast


@pytest.fixture(scope="module")
def shell1():
    return load_constellation("starlink_gen1_shell1")


def _pts(*names):
    return np.array([ground_point(n) for n in names])


PAIRS = [("london", "new_york"), ("paris", "moscow"), ("madrid", "barcelona"),
         ("tokyo", "los_angeles"), ("manila", "dalian"), ("washington", "boston")]


@pytest.fixture(scope="module")
def isl_pairs(shell1):
    a = _pts(*[p[0] for p in PAIRS])
    b = _pts(*[p[1] for p in PAIRS])
    res = ground_rtt_ms(a[:, 0], a[:, 1], b[:, 0], b[:, 1], constellation=shell1, t_s=T_FEW)
    return a, b, res


def test_no_path_beats_vacuum_great_circle_at_shell_altitude(isl_pairs):
    # Lower bound (closed form): every path is at least the great-circle arc
    # at the shell altitude travelled at c.  Strict, no tolerance.
    a, b, res = isl_pairs
    bound = vacuum_great_circle_rtt_ms(a[:, 0], a[:, 1], b[:, 0], b[:, 1], height_km=550.0)
    assert res.reachable.all()
    assert np.all(res.rtt_ms >= bound[:, None])
    assert res.rtt_ms.dtype == np.float64 and res.rtt_ms.shape == (len(PAIRS), T_FEW.size)


def test_isl_beats_fibre_for_long_pairs_and_loses_for_short(isl_pairs):
    # Handley (HotNets 2018, abstract): ISL paths beat any terrestrial fibre
    # (great-circle, n = 1.468) beyond roughly 3,000 km.  Check on east-west
    # pairs well either side of the crossover, at every time step.  (Long
    # north-south pairs can lose: +Grid paths zig-zag; see docs/models/latency.md.)
    a, b, res = isl_pairs
    d = geo.great_circle_distance_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    fib = fibre_rtt_ms(a[:, 0], a[:, 1], b[:, 0], b[:, 1], route_inflation_factor=1.0)
    long_ = np.asarray(d) > 4500.0
    short = np.asarray(d) < 1000.0
    assert long_.sum() >= 2 and short.sum() >= 2
    assert np.all(res.rtt_ms[long_] < fib[long_, None])
    assert np.all(res.rtt_ms[short] > fib[short, None])


def test_symmetry_and_access_overhead(shell1):
    # RTT(A,B) = RTT(B,A) (links symmetric; orientation of pairs is internal),
    # and the documented access overhead adds exactly 2 x 20 ms in ISL mode.
    p = _pts("london", "new_york")
    r1 = ground_rtt_ms(p[0, 0], p[0, 1], p[1, 0], p[1, 1], constellation=shell1, t_s=T_FEW)
    r2 = ground_rtt_ms(p[1, 0], p[1, 1], p[0, 0], p[0, 1], constellation=shell1, t_s=T_FEW)
    r3 = ground_rtt_ms(p[0, 0], p[0, 1], p[1, 0], p[1, 1], constellation=shell1, t_s=T_FEW,
                       access_overhead=True)
    np.testing.assert_allclose(r1.rtt_ms, r2.rtt_ms, rtol=1e-12)
    np.testing.assert_allclose(r3.rtt_ms - r1.rtt_ms, 40.0, atol=1e-9)


def test_paris_moscow_matches_hypatia_starlink(shell1):
    # Published figure: Hypatia (Kassing et al., IMC 2020) computed RTT for
    # Paris -> Moscow over Starlink-550 with +Grid ISLs, 20.56-20.72 ms
    # (snkas/hypatia out/starlink_550_isls_plus_grid_..._paris_moscow_grid/
    # networkx_rtt_1584_to_1660.txt).  Epoch and plane phasing differ, so the
    # path differs slightly: require every step within 1.0 ms (5 %).
    p = _pts("paris", "moscow")
    t = np.arange(0.0, 3600.0, 600.0)
    r = ground_rtt_ms(p[0, 0], p[0, 1], p[1, 0], p[1, 1], constellation=shell1, t_s=t)
    assert np.all(np.abs(r.rtt_ms - 20.64) < 1.0)


def test_kuiper_city_pairs_match_hypatia_envelope():
    # Published figures: Hypatia's Kuiper-630 RTTs (satgenpy/tests/data_to_match/
    # kuiper_630/networkx_rtt_1173_to_1241.txt and _1173_to_1229.txt, 200 s at
    # their epoch): Manila-Dalian 25.2-41.2 ms, Manila-St Petersburg
    # 73.8-76.8 ms.  Hypatia's ground link rule is a 1,260 km range
    # (630 km / tan 30 deg cone), i.e. a 25.2 deg mask on the sphere; we use
    # that mask.  Phasing and epoch differ, so compare envelopes: Hypatia's
    # values must lie inside our one-day RTT range widened by 10 %.
    gsl_km = math.hypot(630.0 / math.tan(math.radians(30.0)), 630.0)
    mask = brentq(lambda e: float(geo.slant_range_km(630.0, e)) - gsl_km, 0.0, 89.0)
    con = load_constellation("kuiper", min_elevation_deg=mask)
    a = _pts("manila", "manila")
    b = _pts("dalian", "saint_petersburg")
    t = np.arange(0.0, 86400.0, 900.0)
    r = ground_rtt_ms(a[:, 0], a[:, 1], b[:, 0], b[:, 1], constellation=con, t_s=t)
    assert r.reachable.all()
    lo = np.min(r.rtt_ms, axis=1) * 0.9
    hi = np.max(r.rtt_ms, axis=1) * 1.1
    hypatia = np.array([[25.2, 41.2], [73.8, 76.8]])
    assert np.all(hypatia[:, 0] >= lo) and np.all(hypatia[:, 1] <= hi)


def test_bent_pipe_mode(shell1):
    # Bent-pipe (no ISLs): user -> sat -> gateway -> fibre.  Bounds: never
    # faster than vacuum great circle; with a gateway in the destination city
    # a short pair needs no fibre beyond the gateway and is at least the
    # up+down leg at zenith (2 x 2 x 550 km / c).
    p = _pts("washington", "boston")
    gw = _pts("boston", "chicago")
    r = ground_rtt_ms(p[0, 0], p[0, 1], p[1, 0], p[1, 1], constellation=shell1, t_s=T_FEW,
                      mode="bent-pipe", gateways=gw)
    assert r.reachable.all()
    assert np.all(r.rtt_ms >= vacuum_great_circle_rtt_ms(p[0, 0], p[0, 1], p[1, 0], p[1, 1]))
    assert np.all(r.rtt_ms >= 4 * 550.0 / geo.C_KM_PER_MS)


def test_unreachable_user_is_nan_not_a_number(shell1):
    # A user at 85 deg S never sees a 53-deg-inclined satellite above 25 deg
    # (coverage reaches ~61 deg latitude): NaN + False, statistics NaN and a
    # reachable fraction of 0.
    r = ground_rtt_ms(-85.0, 0.0, 51.5, 0.0, constellation=shell1, t_s=T_FEW)
    assert not r.reachable.any()
    assert np.isnan(r.rtt_ms).all()
    st = r.statistics()
    assert np.isnan(st["p50_ms"]).all() and st["reachable_fraction"][0] == 0.0


def test_orbital_cluster_statistics(shell1):
    # User -> orbital cluster (650 km dawn-dusk SSO) via the network's ISLs:
    # always reachable here (cluster links to the nearest shell satellites);
    # ordering of percentiles; lower bound: at least the cluster's vacuum
    # distance from the user (straight line) at each step.
    lat, lon = ground_point("london")
    t = np.arange(0.0, 3 * 3600.0, 900.0)
    res, st = orbital_cluster_rtt(lat, lon, "dawn_dusk_sso_650", constellation=shell1, t_s=t)
    assert res.rtt_ms.shape == (1, t.size)
    assert st["reachable_fraction"][0] == 1.0
    assert st["p50_ms"] <= st["p95_ms"] <= st["p99_ms"] <= st["max_ms"]
    from orbitalcompute.latency.endpoints import _cluster_ecef_km

    cl, _ = _cluster_ecef_km("dawn_dusk_sso_650", t, shell1.epoch_utc)
    user = np.asarray(geo.geodetic_to_ecef_km(lat, lon))
    straight = 2 * np.linalg.norm(cl - user, axis=-1) / geo.C_KM_PER_MS
    assert np.all(res.rtt_ms[0] >= straight)


def test_orbital_cluster_via_single_gateway_is_sometimes_unreachable(shell1):
    # A single gateway sees a LEO cluster only a small part of the day: the
    # unreachable steps are NaN and the fraction is strictly between 0 and 1.
    lat, lon = ground_point("london")
    t = np.arange(0.0, 86400.0, 300.0)
    res, st = orbital_cluster_rtt(lat, lon, constellation=shell1, t_s=t, via="gateway",
                                  gateways=[[lat, lon]])
    f = st["reachable_fraction"][0]
    assert 0.0 < f < 0.5
    assert np.isnan(res.rtt_ms[~res.reachable]).all()
    # when reachable through a co-located gateway: at least 2 x altitude / c
    assert np.nanmin(res.rtt_ms) >= 2 * 650.0 / geo.C_KM_PER_MS


def test_fibre_rtt_closed_form_and_sites():
    # Closed form: London-New York great circle 5,570 km, n = 1.468, k = 1.3.
    d = float(geo.great_circle_distance_km(51.50853, -0.12574, 40.717042, -74.003663))
    expect = 2 * 1.3 * 1.468 * d / geo.C_KM_PER_MS
    got = terrestrial_site_rtt_ms(51.50853, -0.12574, "new_york")
    assert float(got) == pytest.approx(expect, rel=1e-12)
    assert float(terrestrial_site_rtt_ms(0.0, 0.0, (0.0, 0.0))) == 0.0


def test_rtt_statistics_masks():
    st = rtt_statistics(np.array([[10.0, np.nan, 30.0, 20.0]]))
    assert st["reachable_fraction"][0] == 0.75
    assert st["p50_ms"][0] == pytest.approx(20.0) and st["max_ms"][0] == 30.0


@pytest.mark.parametrize("kwargs, match", [
    (dict(lat_a_deg=91.0), r"latitude_deg = 91 is outside the valid range \[-90, 90\]"),
    (dict(lon_a_deg=360.0), r"longitude_deg = 360 is outside the valid range \[-180, 360\)"),
    (dict(lon_b_deg=-180.5), r"longitude_deg = -180.5 is outside"),
    (dict(mode="laser"), r"mode = 'laser' is not one of"),
    (dict(constellation="starlink"), r"valid names: .*starlink_gen1"),
])
def test_bad_input_names_parameter_and_range(kwargs, match):
    args = dict(lat_a_deg=0.0, lon_a_deg=0.0, lat_b_deg=10.0, lon_b_deg=10.0, t_s=[0.0])
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        ground_rtt_ms(args.pop("lat_a_deg"), args.pop("lon_a_deg"), args.pop("lat_b_deg"),
                      args.pop("lon_b_deg"), **args)


def test_bad_elevation_mask():
    with pytest.raises(ValueError, match=r"min_elevation_deg = 90 is outside the valid range \[0, 90\)"):
        load_constellation("starlink_gen1_shell1", min_elevation_deg=90.0)
    with pytest.raises(ValueError, match=r"min_elevation_deg = -1 is outside"):
        orbital_cluster_rtt(0.0, 0.0, t_s=[0.0], via="gateway", min_elevation_deg=-1.0)


def test_great_circle_fibre_matches_handley_seattle_new_york():
    # Published figure: Handley's Starlink simulation (reported by CircleID,
    # 2019-12-30) gives 38 ms RTT for a hypothetical great-circle fibre between
    # Seattle and New York.  Ours with n = 1.468, k = 1: within 0.5 ms (the
    # published figure is rounded to 1 ms; city coordinates differ slightly).
    seattle = (47.6062, -122.3321)  # city centre
    ny = ground_point("new_york")
    got = float(fibre_rtt_ms(*seattle, *ny, route_inflation_factor=1.0))
    assert got == pytest.approx(38.0, abs=0.5)


@pytest.mark.parametrize("hop_ms", [0.0, 0.2])
def test_routing_matches_brute_force_on_an_equatorial_ring(hop_ms):
    # Second method: one equatorial plane of 40 satellites linked in a ring.
    # The shortest path is min over (entry i, exit j) of
    # up(A,i) + ring_hops(i,j) x (chord/c + hop) + hop + down(j,B),
    # enumerated by brute force in numpy (no graph library).  Tolerance 1e-9 ms.
    from orbitalcompute.latency import Constellation, ShellParams

    sh = ShellParams(altitude_km=550.0, inclination_deg=0.0, planes_count=1.0,
                     sats_per_plane_count=40.0, phasing_count=0.0, min_elevation_deg=25.0,
                     isl_max_range_km=5000.0, atmosphere_grazing_height_km=80.0,
                     hop_processing_delay_ms=hop_ms, access_overhead_rtt_ms=0.0,
                     constellation="ring")
    con = Constellation.from_shells([sh], name="ring")
    t = np.array([0.0, 700.0])
    lat = np.array([0.0, 0.0, 5.0])
    lon_a = np.array([0.0, 10.0, 30.0])
    lon_b = np.array([60.0, 100.0, 170.0])
    r = ground_rtt_ms(lat, lon_a, -lat, lon_b, constellation=con, t_s=t)
    c = geo.C_KM_PER_MS
    n = con.size
    for k, tk in enumerate(t):
        pos = np.asarray(con.positions_ecef_km(tk))                       # (N, 3)
        chord = np.linalg.norm(pos[1] - pos[0])
        hops = np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])
        hops = np.minimum(hops, n - hops)
        for p in range(lat.size):
            ga = np.asarray(geo.geodetic_to_ecef_km(lat[p], lon_a[p]))
            gb = np.asarray(geo.geodetic_to_ecef_km(-lat[p], lon_b[p]))
            up = np.where(np.asarray(geo.elevation_deg(ga, pos)) >= 25.0,
                          np.linalg.norm(pos - ga, axis=-1) / c, np.inf)
            dn = np.where(np.asarray(geo.elevation_deg(gb, pos)) >= 25.0,
                          np.linalg.norm(pos - gb, axis=-1) / c, np.inf)
            total = up[:, None] + hop_ms + hops * (chord / c + hop_ms) + dn[None, :]
            assert r.rtt_ms[p, k] == pytest.approx(2 * total.min(), abs=1e-9)


def test_measured_starlink_medians_need_the_access_overhead(shell1):
    # Published measurements: Starlink median RTT user -> PoP ~26 ms (SpaceX,
    # 2025) and 40-60 ms multi-server (Ookla 2021-2024).  Propagation alone for
    # a user ~100 km from a gateway (bent pipe): measured median 7.83 ms, just above
    # the zenith bound 4 x 550 km / c = 7.34 ms.  The 20 ms access overhead
    # (models/constellations.toml) is an input taken from such measurements, so
    # only the propagation part is ours: the sum must be SpaceX's 26 ms median
    # within 5 ms (measured 27.83 ms, +1.83 ms; the 25-50 ms band this test used
    # was met by construction).
    user = (41.0, -88.5)                     # ~90 km south-west of Chicago
    chicago = ground_point("chicago")
    t = np.arange(0.0, 3600.0, 300.0)
    kw = dict(constellation=shell1, t_s=t, mode="bent-pipe", gateways=[chicago])
    prop = ground_rtt_ms(*user, *chicago, **kw)
    meas = ground_rtt_ms(*user, *chicago, access_overhead=True, **kw)
    assert prop.reachable.all()
    zenith = 4 * 550.0 / geo.C_KM_PER_MS
    assert zenith <= np.median(prop.rtt_ms) <= 1.2 * zenith      # measured 1.067 x zenith
    np.testing.assert_allclose(meas.rtt_ms - prop.rtt_ms, 20.0, atol=1e-9)  # the overhead, once
    assert np.median(meas.rtt_ms) == pytest.approx(26.0, abs=5.0)
