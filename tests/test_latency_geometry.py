"""Latency geometry kernels: closed forms, Skyfield/SGP4 cross-checks, JAX contract."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import orbitalcompute  # noqa: F401
from orbitalcompute import catalog
from orbitalcompute.constants import R_EARTH_KM
from orbitalcompute.core import latency_geometry as geo
from orbitalcompute.latency import load_constellation, plus_grid_edges, sgp4_positions_teme_km


# ---------------------------------------------------------------- closed forms

def test_slant_range_at_zenith_is_the_altitude():
    # Closed form: at 90 deg elevation the satellite is straight overhead,
    # d = h.  Tolerance 1 mm (float64 round-off on ~7000 km numbers).
    h = np.array([300.0, 550.0, 1200.0])
    np.testing.assert_allclose(geo.slant_range_km(h, 90.0), h, atol=1e-6)


@pytest.mark.parametrize("h, e", [(550.0, 25.0), (630.0, 30.0), (550.0, 0.0), (1200.0, 40.0)])
def test_slant_range_at_min_elevation_matches_geometric_construction(h, e):
    # Second method: step d along the line of sight at elevation e from a
    # ground point; the end point must lie at radius R+h and be seen at e.
    # Tolerance 1 mm / 1e-9 deg (round-off).
    d = float(geo.slant_range_km(h, e))
    g = np.array([R_EARTH_KM, 0.0, 0.0])
    er = np.deg2rad(e)
    s = g + d * np.array([np.sin(er), np.cos(er), 0.0])
    assert np.linalg.norm(s) == pytest.approx(R_EARTH_KM + h, abs=1e-6)
    assert float(geo.elevation_deg(g, s)) == pytest.approx(e, abs=1e-9)


def test_coverage_cone_radius_starlink_shell1():
    # Closed form lambda = acos(R cos e/(R+h)) - e; a satellite over a point
    # lambda away must be seen exactly at the 25 deg mask (second method,
    # tolerance 1e-9 deg).  Hypatia's flat-Earth cone radius for the same
    # shell is 940.7 km (main_starlink_550.py); the spherical arc is longer
    # by the Earth's curvature: agree within 3 %.
    lam = float(geo.coverage_half_angle_rad(550.0, 25.0))
    g = np.array([R_EARTH_KM, 0.0, 0.0])
    s = (R_EARTH_KM + 550.0) * np.array([np.cos(lam), np.sin(lam), 0.0])
    assert float(geo.elevation_deg(g, s)) == pytest.approx(25.0, abs=1e-9)
    radius = float(geo.coverage_radius_km(550.0, 25.0))
    assert radius == pytest.approx(940.7, rel=0.03)
    # zero-altitude / 90 deg mask are out of domain -> NaN, not a number
    assert np.isnan(geo.coverage_half_angle_rad(550.0, 90.0))
    assert np.isnan(geo.slant_range_km(-1.0, 30.0))


def test_max_isl_range_reproduces_hypatia():
    # Hypatia main_starlink_550.py: MAX_ISL_LENGTH_M = 2 sqrt((R+h)^2-(R+80km)^2)
    # with R = 6378.135 km (WGS-72) -> 5016.6 km; our WGS-84 radius differs by
    # 2 m, so agree within 0.1 km.  The catalogue value must match too.
    assert float(geo.max_isl_range_km(550.0, 80.0)) == pytest.approx(5016.6, abs=0.1)
    sh = catalog.load("constellations", "starlink_gen1_shell1")
    assert sh.isl_max_range_km == pytest.approx(float(geo.max_isl_range_km(550.0, 80.0)), abs=0.1)


def test_grazing_distance_of_a_chord():
    # Closed form: the chord between two points at radius a separated by a
    # central angle phi passes the centre at a cos(phi/2).  Tolerance 1 mm.
    a = 6928.0
    phi = np.deg2rad(np.array([10.0, 60.0, 120.0]))
    p1 = np.stack([a * np.ones(3), np.zeros(3), np.zeros(3)], -1)
    p2 = np.stack([a * np.cos(phi), a * np.sin(phi), np.zeros(3)], -1)
    np.testing.assert_allclose(geo.grazing_distance_km(p1, p2), a * np.cos(phi / 2), atol=1e-6)
    assert bool(geo.link_clears_atmosphere(p1[0], p2[0], 80.0))
    assert not bool(geo.link_clears_atmosphere(p1[2], p2[2], 80.0))


def test_great_circle_distance_quarter_meridian():
    # Closed form: pole to equator is pi/2 R.  Tolerance 1 mm.
    assert float(geo.great_circle_distance_km(0.0, 0.0, 90.0, 0.0)) == pytest.approx(
        np.pi / 2 * R_EARTH_KM, abs=1e-6)


# ----------------------------------------------------- time and frames

def test_gmst_matches_skyfield():
    # Second method: Skyfield's GMST (IAU 2006 via ERA) vs our IAU-82
    # polynomial. They differ by a few ms of time; 1e-6 rad is 7 m at the
    # satellites' radius.
    from skyfield.api import load

    ts = load.timescale(builtin=True)
    t = ts.utc(2026, 1, 1, np.arange(0, 24, 6))
    d = np.asarray(geo.gmst_rad(t.ut1)) - np.deg2rad(t.gmst * 15.0)
    d = (d + np.pi) % (2 * np.pi) - np.pi
    assert np.max(np.abs(d)) < 1e-6


@pytest.fixture(scope="module")
def shell1():
    return load_constellation("starlink_gen1_shell1")


def test_positions_agree_with_sgp4_over_a_day(shell1):
    # Second method: SGP4 (sgp4 package, WGS-84) propagating the same circular
    # elements (built by orbitalcompute.sgp4_orbits.circular_satrec_elements).
    # SGP4's short-period J2 terms (which the secular model omits): measured
    # 12.9 km max over 24 h (2026-12); we require 25 km (0.08 ms of light time).
    idx = np.arange(0, shell1.size, 131)
    t = np.arange(0.0, 86400.0 + 1.0, 1800.0)
    ours = np.asarray(shell1.positions_eci_km(t))[:, idx]
    ref = sgp4_positions_teme_km(shell1.altitude_km[idx], shell1.inclination_deg[idx],
                                 shell1.raan0_deg[idx], shell1.arg_lat0_deg[idx], t, shell1.epoch_utc)
    err = np.linalg.norm(ours - ref, axis=-1)
    assert err.max() < 25.0
    # no secular drift: the error at the end of the day is not larger than
    # the periodic error at the start by more than 5 km
    assert err[-1].max() < err[:4].max() + 5.0


def test_earth_fixed_positions_agree_with_skyfield_itrs(shell1):
    # Second method: Skyfield EarthSatellite (SGP4 TEME -> GCRS -> ITRS with
    # full precession-nutation, polar motion) vs our TEME + IAU-82 GMST
    # rotation.  Measured 12.6 km max (2026-12, dominated by SGP4 periodic
    # terms); same 25 km budget.
    from skyfield.api import EarthSatellite, load
    from skyfield.framelib import itrs

    from orbitalcompute.sgp4_orbits import circular_satrec_elements

    ts = load.timescale(builtin=True)
    k = 7
    sat = circular_satrec_elements(shell1.altitude_km[k], shell1.inclination_deg[k],
                                   shell1.raan0_deg[k], shell1.arg_lat0_deg[k], shell1.epoch_utc,
                                   satnum=1)
    es = EarthSatellite.from_satrec(sat, ts)
    t_s = np.arange(0.0, 86400.0, 3600.0)
    t = ts.utc(2026, 1, 1, 0, 0, t_s)
    ref = es.at(t).frame_xyz(itrs).km.T
    ours = np.asarray(shell1.positions_ecef_km(t_s))[:, k]
    assert np.linalg.norm(ours - ref, axis=-1).max() < 25.0


def test_plus_grid_degree_four(shell1):
    # +Grid: every satellite has exactly 4 ISLs (2 in-plane, 2 cross-plane).
    e = plus_grid_edges(shell1)
    assert e.shape == (2 * shell1.size, 2)
    deg = np.bincount(e.ravel(), minlength=shell1.size)
    assert np.all(deg == 4)


def test_walker_shell_sizes_from_catalogue():
    # FCC 21-48: 4,408 Gen1 satellites; shell 1 has 1,584 (72 x 22).
    assert load_constellation("starlink_gen1").size == 4408
    assert load_constellation("starlink_gen1_shell1").size == 1584
    assert load_constellation("kuiper").size == 1156


# ------------------------------------------------------- JAX contract

def test_kernels_broadcast_vmap_grad_float64():
    e = jnp.linspace(10.0, 80.0, 5)
    d = geo.slant_range_km(550.0, e)
    assert d.shape == (5,) and d.dtype == jnp.float64
    dv = jax.vmap(lambda x: geo.slant_range_km(550.0, x))(e)
    np.testing.assert_allclose(dv, d, rtol=1e-15)
    assert geo.slant_range_km(550.0, 30.0).shape == ()
    g = jax.grad(lambda h: geo.slant_range_km(h, 25.0))(550.0)
    assert np.isfinite(g) and g > 1.0  # d grows faster than h at low elevation
    # coincident points: finite gradient thanks to the safe sqrt
    gg = jax.grad(lambda la: geo.great_circle_distance_km(la, 0.0, 10.0, 0.0))(10.0)
    assert np.isfinite(gg)
    # out-of-domain input gives NaN, and its gradient does not poison others
    gd = jax.grad(lambda h: jnp.nansum(geo.slant_range_km(h, jnp.array([30.0, 95.0]))))(550.0)
    assert np.isfinite(gd)
    f = jax.jit(geo.fibre_one_way_ms)(1000.0, 1.468, 1.0)
    assert float(f) == pytest.approx(1000.0 * 1.468 / geo.C_KM_PER_MS, rel=1e-15)


# ------------------------------------------------------- invariants

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_lat = st.floats(-90.0, 90.0)
_lon = st.floats(-180.0, 359.99)


@settings(max_examples=50, deadline=None)
@given(_lat, _lon, _lat, _lon)
def test_fibre_never_beats_vacuum(la1, lo1, la2, lo2):
    # Invariant: light in glass (n >= 1) on a route >= the great circle is
    # never faster than light in vacuum on the great circle.
    from orbitalcompute.latency import fibre_rtt_ms, vacuum_great_circle_rtt_ms

    assert float(fibre_rtt_ms(la1, lo1, la2, lo2, route_inflation_factor=1.0)) >= \
        float(vacuum_great_circle_rtt_ms(la1, lo1, la2, lo2)) - 1e-12


@settings(max_examples=50, deadline=None)
@given(st.floats(200.0, 2000.0), st.floats(0.0, 89.0), st.floats(0.1, 1.0))
def test_slant_range_decreases_with_elevation(h, e, de):
    # Invariant: a higher elevation means a shorter link, never shorter than h.
    d1 = float(geo.slant_range_km(h, e))
    d2 = float(geo.slant_range_km(h, min(e + de, 90.0)))
    assert d2 <= d1 and d2 >= h - 1e-9


def test_isl_feasibility_reason_codes():
    # Closed form: two satellites at 550 km, 60 deg apart: chord 6,928 km
    # (> 5,016.6 km range) and the line dips to a cos 30 deg = 6,000 km
    # radius, below R + 80 km -> reason 2; 30 deg apart: chord 3,586 km and
    # lowest point 6,692 km radius -> feasible; with a 3,000 km range -> 1.
    a = R_EARTH_KM + 550.0
    p0 = jnp.array([a, 0.0, 0.0])
    def at(deg):
        r = np.deg2rad(deg)
        return jnp.array([a * np.cos(r), a * np.sin(r), 0.0])
    length, ok, why = geo.isl_feasibility(jnp.stack([p0, p0, p0]), jnp.stack([at(60), at(30), at(30)]),
                                          jnp.array([5016.6, 5016.6, 3000.0]), 80.0)
    np.testing.assert_allclose(length[1], 2 * a * np.sin(np.deg2rad(15.0)), atol=1e-6)
    assert list(np.asarray(ok)) == [False, True, False]
    assert list(np.asarray(why)) == [geo.ISL_THROUGH_ATMOSPHERE, geo.ISL_OK, geo.ISL_TOO_LONG]
    # jit and vmap clean
    f = jax.jit(jax.vmap(lambda b: geo.isl_feasibility(p0, b, 5016.6, 80.0)[2]))
    assert list(np.asarray(f(jnp.stack([at(60), at(30)])))) == [2, 0]
