"""Orbit module: closed forms, SSO inclination, LTAN, SGP4/TLE, Walker-delta."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import orbit as O
from orbitalcompute.constants import J2_EARTH, MU_EARTH_M3_PER_S2, R_EARTH_KM
from orbitalcompute.core import orbit_kernels as K
from orbitalcompute.environment import default_environment

MU_KM3 = MU_EARTH_M3_PER_S2 * 1e-9
YEAR_D = default_environment().tropical_year_days


def _sso_inclination_closed_form(h_km):
    # Vallado (2013) eq. 9-41 solved for cos i, written out independently here.
    a = R_EARTH_KM + h_km
    n = math.sqrt(MU_KM3 / a**3)
    rate = 2 * math.pi / (YEAR_D * 86400.0)
    return math.degrees(math.acos(-rate / (1.5 * n * J2_EARTH * (R_EARTH_KM / a) ** 2)))


@pytest.mark.parametrize("h", [300.0, 550.0, 650.0, 800.0, 1200.0])
def test_sso_inclination_matches_j2_closed_form(h):
    # Reference: closed form above; tolerance 1e-9 deg (float64 round-off only).
    assert O.sun_synchronous_inclination_deg(h) == pytest.approx(_sso_inclination_closed_form(h), abs=1e-9)


def test_sso_inclination_published_missions():
    # Reference: ESA Sentinel-2 orbit page (mean altitude 786 km, i = 98.62 deg) and
    # ESA MetOp-SG orbit page (817 km, ~98.7 deg); the textbook ~98.6 deg at 800 km.
    # Tolerance 0.1 deg: published "mean altitudes" are over an oblate Earth and the
    # real orbits are frozen (e ~ 1e-3); 0.1 deg corresponds to ~15 km of altitude.
    assert O.sun_synchronous_inclination_deg(786.0) == pytest.approx(98.62, abs=0.1)
    assert O.sun_synchronous_inclination_deg(817.0) == pytest.approx(98.7, abs=0.1)
    assert O.sun_synchronous_inclination_deg(800.0) == pytest.approx(98.6, abs=0.05)


def test_sso_inclination_broadcasts_and_vmaps():
    hs = np.array([500.0, 700.0, 900.0])
    arr = O.sun_synchronous_inclination_deg(hs)
    assert arr.shape == (3,) and arr.dtype == np.float64
    assert np.all(np.diff(arr) > 0)  # higher orbits need more retrograde inclination
    v = jax.vmap(lambda h: K.sun_synchronous_inclination_deg(h, YEAR_D))(jnp.asarray(hs))
    np.testing.assert_allclose(v, arr, rtol=0, atol=1e-12)
    # No sun-synchronous orbit far above ~5970 km: NaN, not a wrong number.
    assert math.isnan(O.sun_synchronous_inclination_deg(7000.0))


def test_sso_node_rate_equals_mean_sun():
    # Invariant: at the SSO inclination the J2 node drift is 360 deg per tropical year.
    h = np.array([550.0, 800.0])
    rate = O.nodal_precession_deg_per_day(h, O.sun_synchronous_inclination_deg(h))
    np.testing.assert_allclose(rate, 360.0 / YEAR_D, rtol=1e-12)


def test_period_closed_form_and_geostationary():
    # Closed form T = 2 pi sqrt(a^3/mu); and the textbook geostationary radius
    # 42,164 km (Vallado 2013 sec. 2.2) has a period of one sidereal day, 86,164.1 s.
    # Tolerance 2 s: the 42,164 km figure is rounded to 1 km (1 km -> 3 s).
    for h in (400.0, 800.0):
        a = R_EARTH_KM + h
        assert O.period_s(h) == pytest.approx(2 * math.pi * math.sqrt(a**3 / MU_KM3), rel=1e-14)
    assert O.period_s(42164.0 - R_EARTH_KM) == pytest.approx(86164.1, abs=2.0)
    assert O.period_s([400.0, 500.0]).shape == (2,)


def test_iss_nodal_precession_textbook():
    # ISS (~400 km, 51.6 deg) node regresses about 5 deg/day (Vallado 2013 sec. 9.6);
    # first-order J2 at 400 km gives -5.00; tolerance 0.1 deg/day.
    assert O.nodal_precession_deg_per_day(400.0, 51.6) == pytest.approx(-5.0, abs=0.1)


@pytest.mark.parametrize("bad, match", [
    (dict(altitude_km=50.0), "altitude_km"),
    (dict(altitude_km=float("nan")), "altitude_km"),
    (dict(altitude_km=500.0, inclination_deg=181.0), "inclination_deg"),
    (dict(altitude_km=500.0, ltan_h=24.0), "ltan_h"),
    (dict(altitude_km=500.0, ltan_h=-1.0), "ltan_h"),
])
def test_bad_orbit_inputs_raise_naming_parameter(bad, match):
    with pytest.raises(ValueError, match=match) as exc:
        O.circular_orbit(**bad)
    assert "range" in str(exc.value) or "finite" in str(exc.value)


def test_empty_time_span_raises():
    with pytest.raises(ValueError, match="span_days"):
        O.time_grid("2026-01-01T00:00:00Z", 0.0, 30.0)
    with pytest.raises(ValueError, match="empty"):
        O.time_grid("2026-01-01T00:00:00Z", 10.0 / 86400.0, 30.0)


def test_ltan_to_raan_against_de421_sun():
    # Independent check: at LTAN 12 h the node is at the mean Sun, which differs
    # from the true Sun (DE421 via Skyfield) by the equation of time, |EoT| < 16.5 min
    # = 4.2 deg (Astronomical Almanac).  On 2026-02-11 EoT ~ -14.2 min (Sun "slow").
    from orbitalcompute.ephemeris import load_ephemeris, load_timescale

    eph, ts = load_ephemeris(), load_timescale()
    for date in ("2026-02-11T00:00:00Z", "2026-11-03T00:00:00Z", "2026-06-13T00:00:00Z"):
        t = O._to_time(date)
        ra_true = eph["earth"].at(t).observe(eph["sun"]).apparent().radec(epoch="date")[0]._degrees
        raan = O.raan_from_ltan_deg(12.0, date)
        diff = (raan - ra_true + 180) % 360 - 180
        assert abs(diff) < 4.2
    t = "2026-02-11T00:00:00Z"
    # EoT = apparent - mean solar time = (alpha_MS - alpha_true) * 4 min/deg.
    eot_min = ((O.raan_from_ltan_deg(12.0, t) - eph["earth"].at(O._to_time(t)).observe(
        eph["sun"]).apparent().radec(epoch="date")[0]._degrees + 180) % 360 - 180) * 4
    assert eot_min == pytest.approx(-14.2, abs=0.5)  # tolerance: EoT varies 0.1 min/day
    assert O.ltan_from_raan_h(O.raan_from_ltan_deg(18.0, t), t) == pytest.approx(18.0, abs=1e-9)


def test_catalogue_orbits_resolve():
    dd = O.resolve_orbit("dawn_dusk_sso_650")
    assert dd.sun_synchronous and dd.ltan_h == 18.0
    assert dd.inclination_deg == pytest.approx(_sso_inclination_closed_form(650.0), abs=1e-9)
    iss = O.resolve_orbit("orbits/iss_like_400")
    assert iss.inclination_deg == 51.6 and not iss.sun_synchronous
    with pytest.raises(ValueError, match="valid names"):
        O.resolve_orbit("no_such_orbit")


def test_circular_satrec_reproduces_orbit_under_sgp4():
    # SGP4's own secular theory: Brouwer semi-major axis = R_E + h (to 1 m) and,
    # for an SSO, the node rate = 360 deg / tropical year (to 1e-9 relative).
    o = O.resolve_orbit("dawn_dusk_sso_650")
    s = O.circular_satrec(o)
    assert s.a * s.radiusearthkm == pytest.approx(R_EARTH_KM + 650.0, abs=1e-3)
    assert s.nodedot == pytest.approx(2 * math.pi / (YEAR_D * 1440.0), rel=1e-9)
    # Propagated radius stays within the J2 short-period terms of SGP4's circular
    # orbit, of order (3/2) J2 R_E^2 / a = 9.4 km: tolerance 15 km.
    t = O.time_grid(o.epoch_utc, 1.0, 60.0)
    r = np.linalg.norm(O.propagate_gcrs_km(o, t), axis=1)
    assert r.shape == (1440,)
    assert np.all(np.abs(r - (R_EARTH_KM + 650.0)) < 15.0)


def test_tle_roundtrip_and_propagation():
    # The exported TLE, read back with WGS-72 (the TLE convention), gives the same
    # position at epoch to 2 km (TLE rounding 1e-4 deg ~ 12 m; WGS-72 vs WGS-84
    # mean-element interpretation ~1 km).
    o = O.circular_orbit(550.0, 53.0, 40.0, epoch_utc="2026-03-01T00:00:00Z")
    l1, l2 = O.circular_tle(o)
    sat = O.orbit_from_tle(l1, l2, name="test")
    t = O.time_grid(o.epoch_utc, 0.01, 60.0)
    p_tle = O.propagate_gcrs_km(sat, t)
    p_ref = O.propagate_gcrs_km(o, t)
    assert np.max(np.linalg.norm(p_tle - p_ref, axis=1)) < 2.0


ISS_TLE = ("1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082",
           "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473")


def test_orbit_from_real_tle():
    # Skyfield documentation's ISS TLE: 51.65 deg, ~15.5 rev/day (~400 km).
    sat = O.orbit_from_tle(*ISS_TLE)
    assert math.degrees(sat.model.inclo) == pytest.approx(51.6498, abs=1e-9)
    alt = sat.model.a * sat.model.radiusearthkm - R_EARTH_KM
    assert 380.0 < alt < 440.0


@pytest.mark.parametrize("l1, l2, match", [
    (ISS_TLE[0][:-1] + "0", ISS_TLE[1], "line1.*checksum"),
    (ISS_TLE[0], ISS_TLE[1][:60], "line2.*length"),
    (ISS_TLE[1], ISS_TLE[0], "line1.*must start"),
    ("garbage", ISS_TLE[1], "line1"),
])
def test_malformed_tle_raises(l1, l2, match):
    with pytest.raises(ValueError, match=match):
        O.orbit_from_tle(l1, l2)


def test_walker_delta_pattern():
    # Walker (1984): 24/3/1 -> 3 planes 120 deg apart, 8 satellites 45 deg apart,
    # adjacent planes offset by 360 f / t = 15 deg.
    w = O.walker_delta(1000.0, 56.0, 24, 3, 1)
    assert w.raan_deg.shape == (24,)
    np.testing.assert_allclose(np.unique(w.raan_deg), [0.0, 120.0, 240.0])
    np.testing.assert_allclose(np.diff(w.arg_lat_deg[:8]), 45.0)
    assert w.arg_lat_deg[8] == pytest.approx(15.0)
    pos = w.position_eci_km([0.0, 600.0])
    assert pos.shape == (2, 24, 3)
    np.testing.assert_allclose(np.linalg.norm(pos, axis=-1), R_EARTH_KM + 1000.0, rtol=1e-12)
    with pytest.raises(ValueError, match="planes_count"):
        O.walker_delta(550.0, 53.0, 10, 3, 0)
    with pytest.raises(ValueError, match="altitude_km"):
        O.walker_delta(50.0, 53.0, 10, 2, 0)
