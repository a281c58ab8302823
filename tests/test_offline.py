"""Offline: ephemeris, timescale and astropy UT1 work with the network blocked."""

import socket

import pytest


def test_no_network_needed(monkeypatch):
    def blocked(*args, **kwargs):
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket, "socket", blocked)
    monkeypatch.setattr(socket, "create_connection", blocked)
    monkeypatch.setattr(socket, "getaddrinfo", blocked)

    from orbitalcompute import ephemeris

    for fn in (ephemeris.ephemeris_path, ephemeris._loader, ephemeris.load_ephemeris,
               ephemeris.load_timescale):
        fn.cache_clear()
    eph = ephemeris.load_ephemeris()
    ts = ephemeris.load_timescale()
    t = ts.utc(2026, 6, 1)
    assert eph["earth"].at(t).observe(eph["sun"]).distance().au == pytest.approx(1.014, abs=0.002)

    from astropy.time import Time
    from astropy.utils import iers

    assert iers.conf.auto_download is False
    ut1 = Time("2026-06-01T00:00:00", scale="utc").ut1
    # |UT1 - UTC| < 0.9 s by definition of UTC.
    assert abs((ut1.jd1 - 2461192.5 + ut1.jd2) * 86400.0) < 0.9

    from orbitalcompute import illumination

    s = illumination.illumination_series("dawn_dusk_sso_650", span_days=0.1, step_s=60.0)
    assert s.visible_fraction.size == 144
