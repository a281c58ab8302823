"""NPV, IRR and payback (orbitalcompute.core.cashflow) against closed forms,
and against the levelised costs of orbitalcompute.core.costs: at a rental
price equal to the levelised cost the NPV is zero and the IRR is the WACC.
The second check is a consistency test of two computations (one levelised
number vs each purchase placed at its own date, GPU refresh tranches, the
residual value of the last tranche, land resale), not an identity."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.core import cashflow as cf
from orbitalcompute.core import costs
from orbitalcompute.economics.orbital import orbital_kernel_inputs
from orbitalcompute.economics.terrestrial import site_kernel_inputs
from orbitalcompute.pipeline import evaluate
from orbitalcompute.scenario import load_scenario

jax.config.update("jax_enable_x64", True)

DESIGN = dict(gpu_count=32.0, it_power_w=40800.0, power_bol_w=60000.0, radiator_area_m2=60.0,
              battery_energy_wh=25000.0, bus_mass_kg=900.0, optical_link_mass_kg=60.0,
              shielding_mass_kg=300.0, solar_array_mass_kg=400.0, battery_mass_kg=150.0,
              radiator_mass_kg=500.0, total_mass_kg=3000.0, lifetime_yr=4.3, goodput_fraction=0.8)


def _annuity_flows(capital, payment_per_yr, years, rate_for_discrete=None):
    """-capital at t=0, then +payment at the end of years 1..n (lumps)."""
    t = jnp.concatenate([jnp.zeros(1), jnp.arange(1.0, years + 1.0)])
    a = jnp.concatenate([-jnp.array([capital]), jnp.full(years, payment_per_yr)])
    z = jnp.zeros(1)
    return dict(lump_t_yr=t, lump_usd=a, flow_start_yr=z, flow_end_yr=z, flow_usd_per_yr=z,
                flow_decay_per_yr=z, horizon_yr=jnp.float64(years))


def test_level_annuity_npv_and_irr_closed_form():
    # Closed form (NREL/TP-462-5173 eq. 4-3): a level end-of-year payment
    # K * CRF(r, n) for n years has NPV 0 at r and IRR r.
    k, r, n = 1.0e6, 0.08, 10
    crf = r / (1 - (1 + r) ** -n)
    flows = _annuity_flows(k, k * crf, n)
    assert float(cf.npv_usd(r, flows)) == pytest.approx(0.0, abs=1e-8)  # measured 4e-10 USD on 1e6
    rate, ok = cf.irr(flows)
    assert bool(ok) and float(rate) == pytest.approx(r, abs=1e-14)   # measured 1e-16
    # NPV at another rate: PV of an annuity = P (1 - (1+i)^-n)/i - K
    i = 0.05
    ref = k * crf * (1 - (1 + i) ** -n) / i - k
    assert float(cf.npv_usd(i, flows)) == pytest.approx(ref, rel=1e-12)
    # simple payback of a level annuity: K / P years, here within one grid step
    # (n / 2048 = 0.005 yr) because the payments are annual lumps: ceil(K/P)
    pb, ok = cf.payback_yr(flows, flows["horizon_yr"])
    assert bool(ok) and float(pb) == pytest.approx(np.ceil(1 / crf), abs=n / 2048)


def test_continuous_flow_closed_form():
    # -K at 0, +F/yr continuously over T: NPV = F (1 - (1+r)^-T)/ln(1+r) - K;
    # payback = K / F exactly.
    k, f, big_t, r = 100.0, 30.0, 6.0, 0.1
    z = jnp.zeros(1)
    flows = dict(lump_t_yr=z, lump_usd=-jnp.array([k]), flow_start_yr=z, flow_end_yr=jnp.array([big_t]),
                 flow_usd_per_yr=jnp.array([f]), flow_decay_per_yr=z, horizon_yr=jnp.float64(big_t))
    ref = f * (1 - (1 + r) ** -big_t) / np.log1p(r) - k
    assert float(cf.npv_usd(r, flows)) == pytest.approx(ref, rel=1e-13)
    pb, _ = cf.payback_yr(flows, big_t)
    assert float(pb) == pytest.approx(k / f, abs=1e-9)   # linear between grid points: exact
    # IRR: solve F A(irr, T) = K independently with numpy bisection
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        g = f * (1 - (1 + mid) ** -big_t) / np.log1p(mid) - k
        lo, hi = (mid, hi) if g > 0 else (lo, mid)
    assert float(cf.irr(flows)[0]) == pytest.approx(lo, abs=1e-12)


def test_irr_none_is_nan_with_reason():
    z = jnp.zeros(1)
    flows = dict(lump_t_yr=z, lump_usd=-jnp.array([1.0]), flow_start_yr=z, flow_end_yr=z,
                 flow_usd_per_yr=z, flow_decay_per_yr=z, horizon_yr=jnp.float64(1.0))
    out = cf.evaluate_cash_flows(flows, 0.08)
    assert np.isnan(float(out["irr"])) and np.isnan(float(out["payback_yr"]))
    assert int(out["reason_code"]) == 3


def _orbital(costs_params, finance, failure, cells="silicon"):
    gpu = catalog.load("gpus", "h100_sxm")
    kw = orbital_kernel_inputs(costs_params, finance, catalog.load("solar_cells", cells), gpu, failure)
    return costs.orbital_cost(**DESIGN, gpu_unit_price_usd=gpu.unit_price_usd, billed_mass_kg=3100.0,
                              launch_price_usd_per_kg=300.0, **kw)


@pytest.mark.parametrize("model", ["whole_satellite", "bottom_up"])
@pytest.mark.parametrize("handling", ["unrepaired", "spares"])
@pytest.mark.parametrize("life", ["capped_by_gpu_life", "physical"])
def test_orbital_npv_zero_at_levelised_price(model, handling, life):
    c = catalog.load("cost_laws", "default").replace(hardware_cost_model=model, failure_handling=handling,
                                                      economic_life=life)
    f = catalog.load("finance", "default").replace(gpu_useful_life_yr=3.5)
    o = _orbital(c, f, 0.09)
    price = o["cost_usd_per_gpu_h"]
    flows = cf.orbital_cash_flows(o["schedule"], price, 81.0)
    npv = cf.npv_usd(f.orbital_wacc, flows)
    capex = 81.0 * float(o["capex_usd"])
    # float64 round-off only: measured |NPV| / capex < 2e-16
    assert abs(float(npv)) / capex < 1e-13
    rate, ok = cf.irr(flows)
    assert bool(ok) and float(rate) == pytest.approx(f.orbital_wacc, abs=1e-13)  # measured < 3e-17
    # a higher price earns more than the WACC
    assert float(cf.irr(cf.orbital_cash_flows(o["schedule"], price * 1.2, 81.0))[0]) > f.orbital_wacc


@pytest.mark.parametrize("gpu_life, bldg_life", [(5.0, 20.0), (4.0, 15.0), (6.0, 20.0), (3.3, 17.5)])
def test_terrestrial_npv_zero_at_levelised_price(gpu_life, bldg_life):
    # includes refresh chains that do not divide the building life (residual value)
    f = catalog.load("finance", "default").replace(gpu_useful_life_yr=gpu_life,
                                                    building_useful_life_yr=bldg_life)
    for name in ("northern_virginia", "lulea_se"):   # grid wait longer / shorter than construction
        s = catalog.load("sites", name)
        t = costs.terrestrial_cost(gpu_unit_price_usd=30000.0, it_power_per_gpu_w=1275.0,
                                   **site_kernel_inputs(s, f, 0.05))
        flows = cf.terrestrial_cash_flows(t["schedule"], t["cost_usd_per_gpu_h"], 1000.0)
        npv = float(cf.npv_usd(f.wacc, flows))
        assert abs(npv) / (1000.0 * 45000.0) < 1e-13        # measured < 7e-16 of the capital
        assert float(cf.irr(flows)[0]) == pytest.approx(f.wacc, abs=1e-13)  # measured < 2e-16


def test_irr_gradient_is_implicit_function_derivative():
    c = catalog.load("cost_laws", "default")
    f = catalog.load("finance", "default")
    o = _orbital(c, f, 0.05)

    def irr_of(price):
        return cf.irr(cf.orbital_cash_flows(o["schedule"], price, 1.0))[0]

    p = float(o["cost_usd_per_gpu_h"]) * 1.1
    g = float(jax.grad(irr_of)(p))
    h = 1e-4
    fd = (float(irr_of(p + h)) - float(irr_of(p - h))) / (2 * h)
    assert g == pytest.approx(fd, rel=1e-9)   # measured 3e-11 relative (central difference, step 1e-4)
    assert g > 0


def test_pipeline_outputs_and_vmap():
    sc = load_scenario("default")
    out = jax.jit(evaluate)(sc)
    for k in ("orbital_npv_usd", "orbital_irr", "orbital_payback_yr", "orbital_cost_usd_per_mtok"):
        assert k in out and out[k].dtype == jnp.float64
    for s in sc.sites:
        assert f"site_{s}_npv_usd" in out and f"site_{s}_irr" in out
    # USD per Mtok = USD per GPU-hour / tokens per GPU-hour * 1e6
    assert float(out["orbital_cost_usd_per_mtok"]) == pytest.approx(
        float(out["orbital_cost_usd_per_gpu_h"]) / sc.gpu.serving_tokens_per_gpu_h * 1e6, rel=1e-12)
    # at the orbital levelised cost as rental price, the cluster's NPV is ~0
    sc2 = sc.replace(finance=sc.finance.replace(rental_price_usd_per_gpu_h=out["orbital_cost_usd_per_gpu_h"]))
    o2 = jax.jit(evaluate)(sc2)
    assert float(o2["orbital_irr"]) == pytest.approx(sc.finance.orbital_wacc, abs=1e-12)
    prices = jnp.array([2.0, 8.0, 30.0])
    batch = jax.jit(jax.vmap(lambda p: evaluate(sc.replace(finance=sc.finance.replace(rental_price_usd_per_gpu_h=p)))
                     ["orbital_npv_usd"]))(prices)
    assert bool(jnp.all(jnp.diff(batch) > 0))
