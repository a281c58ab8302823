"""Satellite mass/power budget: design() and design_kernel()."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orbitalcompute  # noqa: F401
from orbitalcompute.core.mass_budget import DesignResult, design_kernel
from orbitalcompute.core.orbit_kernels import sun_synchronous_inclination_deg
from orbitalcompute.spacecraft import (design, dose_table, explain_reason, reference_design,
                                       thermal as public_thermal)

REQUIRED = ("gpu_count it_power_w power_bol_w power_eol_w array_area_m2 radiator_area_m2 "
            "battery_energy_wh compute_mass_kg solar_array_mass_kg battery_mass_kg "
            "radiator_mass_kg shielding_mass_kg bus_mass_kg optical_link_mass_kg total_mass_kg "
            "mass_per_kw_kg_per_kw lifetime_yr goodput_fraction dose_rad_si_per_yr feasible "
            "reason_code").split()
ORBIT = dict(sunlit_fraction=0.99, eclipse_duration_s=1200.0, altitude_km=650.0)
TABLE = dose_table()
INC_650 = float(sun_synchronous_inclination_deg(650.0, 365.2421897))
_kernel = jax.jit(design_kernel)


def _run(params, **orbit):
    o = dict(ORBIT, inclination_deg=INC_650)
    o.update(orbit)
    return _kernel(params, TABLE, o["sunlit_fraction"], o["eclipse_duration_s"],
                   o["altitude_km"], o["inclination_deg"])


@pytest.mark.parametrize("name", ["tpu_v6e_sat_650", "h100_sat_650", "b200_sat_650"])
def test_reference_designs_feasible_with_contract_fields(name):
    r = design(name, **ORBIT)
    names = {f.name for f in dataclasses.fields(DesignResult)}
    assert set(REQUIRED) <= names
    assert bool(r.feasible) and int(r.reason_code) == 0
    assert r.total_mass_kg.dtype == jnp.float64
    # mass closure (identity of the budget): parts + bus = total, to 1e-9 kg
    parts = (r.compute_mass_kg + r.solar_array_mass_kg + r.battery_mass_kg + r.radiator_mass_kg
             + r.shielding_mass_kg + r.optical_link_mass_kg + r.bus_mass_kg)
    assert float(parts) == pytest.approx(float(r.total_mass_kg), abs=1e-9)
    assert float(r.power_bol_w) >= float(r.power_eol_w) > float(r.it_power_w)
    assert 0.0 < float(r.goodput_fraction) <= 1.0


def test_wiring_design_kernel_to_component_functions():
    # Wiring test, not a second method: the public thermal function runs the same
    # radiator kernel, so 1e-12 shows only that design_kernel passes it the right
    # heat load, temperature, model and altitude (the physics is tested in
    # tests/test_thermal.py against closed forms and quadrature).
    p = reference_design("h100_sat_650")
    r = _run(p)
    area, _ = public_thermal.radiator_area_m2(float(r.heat_load_w), p.spacecraft.radiator_temperature_k,
                                              p.spacecraft.radiator_model, 650.0)
    assert float(r.radiator_area_m2) == pytest.approx(float(area), rel=1e-12)
    # IT power = N (board + host)
    assert float(r.it_power_w) == pytest.approx(32 * (700.0 + 575.0), rel=1e-12)


def test_no_eclipse_means_no_battery_and_smaller_array():
    p = reference_design("h100_sat_650")
    dark = _run(p)
    sunny = _run(p, eclipse_duration_s=0.0, sunlit_fraction=1.0)
    assert float(sunny.battery_mass_kg) == 0.0
    assert float(sunny.array_area_m2) < float(dark.array_area_m2)


def test_vmap_and_broadcast_over_designs():
    p = reference_design("tpu_v6e_sat_650")
    counts = jnp.array([16.0, 64.0, 256.0])
    batch = p.replace(spacecraft=p.spacecraft.replace(gpu_count=counts))
    axes = jax.tree_util.tree_map(lambda x: 0 if np.ndim(x) else None, batch)
    out = jax.vmap(lambda q: _kernel(q, TABLE, 0.99, 1200.0, 650.0, INC_650), in_axes=(axes,))(batch)
    assert out.total_mass_kg.shape == (3,)
    np.testing.assert_allclose(out.it_power_w, counts * 500.0, rtol=1e-12)
    bc = _run(batch)  # plain broadcasting gives the same
    np.testing.assert_allclose(bc.total_mass_kg, out.total_mass_kg, rtol=1e-12)
    alts = _run(p, altitude_km=jnp.array([500.0, 650.0, 900.0]))
    assert np.all(np.diff(np.asarray(alts.dose_rad_si_per_yr)) > 0)


def test_gradient_reaches_every_parameter():
    p = reference_design("b200_sat_650")
    g = jax.jit(jax.grad(lambda q: _run(q).total_mass_kg))(p)
    leaves = jax.tree_util.tree_leaves(g)
    assert all(np.isfinite(np.asarray(x)).all() for x in leaves)
    # the gradient is not trivially zero: most parameters move the mass
    assert sum(float(np.abs(np.asarray(x)).max()) > 0.0 for x in leaves) >= len(leaves) // 2
    # mass grows with GPU count and radiator areal mass; falls with radiator temperature
    assert float(g.spacecraft.gpu_count) > 0
    assert float(g.radiator.areal_mass_kg_per_m2) > 0
    assert float(g.spacecraft.radiator_temperature_k) < 0
    assert float(g.cells.efficiency) < 0


def test_infeasible_designs_are_flagged_not_silent():
    p = reference_design("tpu_v6e_sat_650")
    sc = p.spacecraft
    # radiator hotter than the junction chain allows (333.15 K)
    hot = _run(p.replace(spacecraft=sc.replace(radiator_temperature_k=345.0)))
    assert not bool(hot.feasible) and int(hot.reason_code) & 2
    # below the sink inside a sweep: cannot reject heat, area NaN
    cold = _run(p.replace(spacecraft=sc.replace(radiator_temperature_k=150.0)))
    assert int(cold.reason_code) & 1 and np.isnan(float(cold.radiator_area_m2))
    # 2 krad TPU at 1,200 km behind 0.5 mm: lifetime well under a year
    short = _run(p.replace(spacecraft=sc.replace(shielding_thickness_mm=0.5)), altitude_km=1200.0,
                 inclination_deg=100.0)
    assert int(short.reason_code) & 4, explain_reason(int(short.reason_code))
    # altitude outside the dose table
    low = _run(p, altitude_km=300.0)
    assert int(low.reason_code) & 16 and not bool(low.feasible)
    assert "orbit or shielding outside the trapped-dose table" in explain_reason(int(low.reason_code))


def test_public_boundary_raises():
    p = reference_design("h100_sat_650")
    with pytest.raises(ValueError, match="efficiency"):
        design(p.replace(cells=p.cells.replace(efficiency=1.3)), **ORBIT)
    with pytest.raises(ValueError, match="emissivity"):
        design(p.replace(radiator=p.radiator.replace(emissivity=0.0)), **ORBIT)
    with pytest.raises(ValueError, match="shielding_thickness_mm"):
        design(p.replace(spacecraft=p.spacecraft.replace(shielding_thickness_mm=-1.0)), **ORBIT)
    with pytest.raises(ValueError, match="board_power_w"):
        design(p.replace(gpu=p.gpu.replace(board_power_w=-700.0)), **ORBIT)
    with pytest.raises(ValueError, match="sink"):
        design(p.replace(spacecraft=p.spacecraft.replace(radiator_temperature_k=150.0)), **ORBIT)
    with pytest.raises(ValueError, match="eclipse_duration_s"):
        design(p, sunlit_fraction=0.6, eclipse_duration_s=1e4, altitude_km=650.0)
    with pytest.raises(ValueError, match="valid names"):
        reference_design("h100_sat_650", gpu_model="h200").__class__  # noqa: B018


def test_shielding_mass_closed_form():
    # Closed form: aluminium cube around N V_g, mass = 6 (N V_g)^(2/3) t rho.  1e-9 kg.
    p = reference_design("h100_sat_650")
    r = _run(p)
    expected = 6.0 * (32 * 0.0193) ** (2.0 / 3.0) * 10e-3 * 2699.0
    assert float(r.shielding_mass_kg) == pytest.approx(expected, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(n1=st.floats(1.0, 1000.0), n2=st.floats(1.0, 1000.0), t1=st.floats(300.0, 333.0),
       t2=st.floats(300.0, 333.0))
def test_monotone_in_gpu_count_and_radiator_temperature(n1, n2, t1, t2):
    # Invariants: more accelerators -> more total mass; a hotter radiator -> less area.
    p = reference_design("h100_sat_650")
    sc = p.spacecraft
    lo_n, hi_n = sorted((n1, n2))
    lo_t, hi_t = sorted((t1, t2))
    batch = p.replace(spacecraft=sc.replace(gpu_count=jnp.array([lo_n, hi_n, 32.0, 32.0]),
                                            radiator_temperature_k=jnp.array([320.0, 320.0, lo_t, hi_t])))
    r = _run(batch)
    m, a = np.asarray(r.total_mass_kg), np.asarray(r.radiator_area_m2)
    assert m[1] >= m[0]
    assert a[3] <= a[2]
