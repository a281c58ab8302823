"""Radiator thermal kernels."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import orbitalcompute  # noqa: F401
from orbitalcompute.constants import R_EARTH_KM, SIGMA_W_PER_M2_K4, ZERO_CELSIUS_K
from orbitalcompute.core import thermal
from orbitalcompute.spacecraft import thermal as public


def test_black_plate_838_w():
    # Published statement (e.g. Suncatcher / Starcloud radiator discussions): a 1 m^2
    # black plate at 20 C radiates ~838 W from two sides to deep space.  sigma from
    # CODATA; 2 * sigma * 293.15^4 = 837.5 W (measured -0.47 W).  Tolerance 1 W (the
    # statement is rounded to whole watts, +-0.5 W).
    q = thermal.net_rejection_w_per_m2(ZERO_CELSIUS_K + 20.0, 1.0, 2.0, 1.0, 0.0)
    assert abs(float(q) - 838.0) < 1.0


def test_equilibrium_closed_form_black_plate():
    # Closed form with fin efficiency 1 (half width 0):
    # T = ((Q/A + q_abs) / (n eps sigma))^(1/4).  Measured difference 0 K (Newton
    # converged to round-off); tolerance 1e-10 K (a few hundred ulps of 300 K).
    q, a, eps, n, qa = 2500.0, 3.0, 1.0, 2.0, 120.0
    t = thermal.equilibrium_temperature_k(q, a, eps, n, qa, 167.0, 1e-3, 0.0)
    expected = ((q / a + qa) / (n * eps * SIGMA_W_PER_M2_K4)) ** 0.25
    assert float(t) == pytest.approx(expected, abs=1e-10)


def test_equilibrium_with_fins_satisfies_balance_and_gradient():
    # Second method: substitute the solution back into A q_net(T) = Q (measured
    # 7e-13 W; tolerance 5e-12 W), and compare the implicit gradient dT/dQ
    # (0.0527 K/W) with a central finite difference (measured 3.8e-9 K/W, the
    # FD truncation ~h^2 T'''/6; tolerance 1.5e-8 K/W).
    args = (2.0, 0.9, 2.0, 60.0, 167.0, 1e-3, 0.08)

    @jax.jit
    def temp(q):
        return thermal.equilibrium_temperature_k(q, *args)

    t = float(temp(1500.0))
    eta = thermal.fin_efficiency(t, 0.9, 2.0, 167.0, 1e-3, 0.08)
    assert 0.5 < float(eta) < 1.0
    balance = 2.0 * float(thermal.net_rejection_w_per_m2(t, 0.9, 2.0, eta, 60.0))
    assert balance == pytest.approx(1500.0, abs=5e-12)
    g = float(jax.jit(jax.grad(temp))(1500.0))
    fd = (float(temp(1501.0)) - float(temp(1499.0))) / 2.0
    assert g == pytest.approx(fd, abs=1.5e-8)
    # vmap over heat loads
    ts = jax.vmap(temp)(jnp.array([500.0, 1500.0, 3000.0]))
    assert np.all(np.diff(np.asarray(ts)) > 0)


def _numerical_view_factor(altitude_km, normal_from_nadir_deg, n=500):
    # Second method: F = (1/pi) * integral over Earth-hitting directions of cos(theta) dOmega
    # (midpoint quadrature on the hemisphere around the plate normal).
    h = (R_EARTH_KM + altitude_km) / R_EARTH_KM
    half = np.arcsin(1.0 / h)
    th = (np.arange(n) + 0.5) * (np.pi / 2) / n
    ph = (np.arange(2 * n) + 0.5) * 2 * np.pi / (2 * n)
    T, P = np.meshgrid(th, ph, indexing="ij")
    lam = np.deg2rad(normal_from_nadir_deg)
    # direction in a frame where nadir = (0, 0, 1) rotated by lam about y
    dx, dy, dz = np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)
    nadir_comp = dz * np.cos(lam) + dx * np.sin(lam)  # cos of angle from nadir
    hits = nadir_comp >= np.cos(half)
    dA = np.sin(T) * (np.pi / 2 / n) * (2 * np.pi / (2 * n))
    return float(np.sum(np.cos(T) * hits * dA) / np.pi)


@pytest.mark.parametrize("alt", [400.0, 650.0, 1200.0])
def test_view_factors_against_quadrature(alt):
    # Tolerance 3e-3: quadrature resolution of the Earth's limb on a 500 x 1000 grid
    # (measured: nadir 2.0e-4 / 5.3e-5 / 1.19e-3 at 400 / 650 / 1200 km; edge-on < 5e-5).
    f_nadir, n1 = thermal.earth_view_factor(alt, "nadir")
    f_edge, n2 = thermal.earth_view_factor(alt, "edge_on")
    assert (n1, n2) == (1.0, 2.0)
    assert float(f_nadir) == pytest.approx(_numerical_view_factor(alt, 0.0), abs=3e-3)
    assert float(f_edge) / 2.0 == pytest.approx(_numerical_view_factor(alt, 90.0), abs=3e-3)
    assert float(thermal.earth_view_factor(alt, "zenith")[0]) == 0.0


def test_fin_efficiency_limits():
    # Limits: zero half-width -> 1; efficiency falls with half-width and temperature.
    assert float(thermal.fin_efficiency(300.0, 0.9, 2.0, 167.0, 1e-3, 0.0)) == 1.0
    e = thermal.fin_efficiency(300.0, 0.9, 2.0, 167.0, 1e-3, jnp.array([0.02, 0.05, 0.1, 0.2]))
    assert np.all(np.diff(np.asarray(e)) < 0)
    assert float(thermal.fin_efficiency(400.0, 0.9, 2.0, 167.0, 1e-3, 0.1)) < float(e[2])


def test_allowed_temperature_chain():
    # Closed form: 85 C junction - 15 K cold plate - 10 K loop = 60 C.
    t = thermal.allowed_radiator_temperature_k(358.15, 15.0, 10.0)
    assert float(t) == pytest.approx(333.15, abs=1e-12)


def test_radiator_area_and_public_errors():
    area, mass = public.radiator_area_m2(10e3, 320.0)
    qn = public.net_rejection_w_per_m2(320.0)
    assert float(area) == pytest.approx(10e3 / float(qn), rel=1e-12)
    from orbitalcompute import catalog

    # mass = area x the catalogue's areal mass (default model edge_on_dawn_dusk), 1e-12 relative
    rad = catalog.load("radiators", "edge_on_dawn_dusk")
    assert float(mass) == pytest.approx(float(area) * rad.areal_mass_kg_per_m2, rel=1e-12)
    # hotter radiator -> smaller area
    a2, _ = public.radiator_area_m2(10e3, np.array([300.0, 340.0]))
    assert a2[0] > a2[1]
    sink = float(public.sink_temperature_k("nadir_zenith_dawn_dusk", 650.0))
    with pytest.raises(ValueError, match="sink"):
        public.net_rejection_w_per_m2(sink - 1.0, "nadir_zenith_dawn_dusk")
    with pytest.raises(ValueError, match="emissivity"):
        public.radiator_area_m2(1e3, 320.0, emissivity=1.5)
    with pytest.raises(ValueError, match="heat_w"):
        public.radiator_area_m2(-1.0, 320.0)
    with pytest.raises(ValueError, match="valid names"):
        public.radiator_area_m2(1.0, 320.0, "sideways")
    t = public.equilibrium_temperature_k(10e3, float(area))
    assert float(t) == pytest.approx(320.0, abs=1e-6)


def test_kernel_nan_and_infeasible():
    assert np.isnan(float(thermal.net_rejection_w_per_m2(300.0, 1.5, 2.0, 1.0, 0.0)))
    # below the sink the panel absorbs: area is NaN (not a negative area)
    assert np.isnan(float(thermal.radiator_area_m2(100.0, -5.0)))
