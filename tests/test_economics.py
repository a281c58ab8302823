"""Economics: finance kernels, terrestrial and orbital cost per GPU-hour,
break-even launch price, carbon, sensitivities, bad input.

References are named per test: closed forms (capital recovery factor, NREL
TP-462-5173 eq. 4-3), a second independent method (discount-factor sums,
numerical integration), and Project Suncatcher (arXiv:2511.19468) Table 1 as
quoted secondarily (TechCrunch 2026) where the paper could not be read.
"""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.core import costs as C
from orbitalcompute.core.finance import (
    HOURS_PER_YEAR,
    capital_recovery_factor,
    discounted_mean_capacity_fraction,
    interest_during_construction_factor,
)
from orbitalcompute.economics.breakeven import breakeven_launch_price, elasticities, gradients
from orbitalcompute.economics.carbon import (
    orbital_carbon_kgco2_per_gpu_h,
    terrestrial_carbon_kgco2_per_gpu_h,
)
from orbitalcompute.economics.orbital import default_cost_laws, orbital_cost_per_gpu_h, orbital_kernel_inputs
from orbitalcompute.economics.terrestrial import (
    default_finance,
    site,
    site_kernel_inputs,
    site_names,
    terrestrial_cost_per_gpu_h,
)

# A representative compute satellite (test input, not a catalogue default):
# 64 GPUs, 80 kW IT, 1.7 t, 5-year life.
DESIGN = dict(gpu_count=64.0, it_power_w=80e3, power_bol_w=100e3, radiator_area_m2=150.0,
              battery_energy_wh=20e3, bus_mass_kg=300.0, optical_link_mass_kg=20.0,
              shielding_mass_kg=100.0, solar_array_mass_kg=400.0, battery_mass_kg=100.0,
              radiator_mass_kg=450.0, total_mass_kg=1700.0, lifetime_yr=5.0, goodput_fraction=0.95)
GPU_USD = 30000.0
GPU = catalog.load("gpus", "h100_sxm").replace(unit_price_usd=GPU_USD)
CELLS = catalog.load("solar_cells", "silicon")
LAM = GPU.failure_rate_per_yr   # one permanent-loss rate for both sides
IT_PER_GPU_W = DESIGN["it_power_w"] / DESIGN["gpu_count"]


# ---------------------------------------------------------------- finance

def test_crf_equals_inverse_sum_of_discount_factors():
    # Second method: CRF = 1 / sum_{t=1..n} (1+r)^-t for integer n. Tolerance 1e-12.
    for r in (0.0, 1e-9, 0.03, 0.08, 0.12):
        for n in (1, 5, 20, 30):
            ref = 1.0 / sum((1 + r) ** -t for t in range(1, n + 1))
            assert float(capital_recovery_factor(r, n)) == pytest.approx(ref, rel=1e-9, abs=1e-12)
    # textbook value: 8 %, 5 yr -> 0.25046 (annuity tables, 5 significant figures)
    assert float(capital_recovery_factor(0.08, 5.0)) == pytest.approx(0.25046, abs=5e-6)


def test_crf_gradient_finite_through_zero_rate():
    g = jax.grad(capital_recovery_factor)(0.0, 5.0)
    # d CRF/dr at r=0 = (n+1)/(2n) = 0.6 (series); tolerance 1e-9
    assert float(g) == pytest.approx(0.6, abs=1e-9)
    assert np.isnan(float(capital_recovery_factor(0.08, 0.0)))  # zero life -> NaN
    assert np.isfinite(float(jax.grad(capital_recovery_factor)(0.08, 0.0)))  # no NaN gradient leak


def test_capacity_fraction_vs_numerical_integral():
    # Second method: trapezoid of e^{-(lam+rho)t} / e^{-rho t}, 100001 points: 1e-8.
    lam, r, T = 0.09, 0.08, 5.0
    t = np.linspace(0, T, 100001)
    rho = math.log1p(r)
    ref = np.trapezoid(np.exp(-(lam + rho) * t), t) / np.trapezoid(np.exp(-rho * t), t)
    assert float(discounted_mean_capacity_fraction(lam, r, T)) == pytest.approx(ref, abs=1e-8)
    # undiscounted closed form (1 - e^{-lam T}) / (lam T)
    assert float(discounted_mean_capacity_fraction(lam, 0.0, T)) == pytest.approx(
        (1 - math.exp(-lam * T)) / (lam * T), abs=1e-12)
    assert float(discounted_mean_capacity_fraction(0.0, r, T)) == pytest.approx(1.0, abs=1e-12)


def test_idc_factor():
    assert float(interest_during_construction_factor(0.08, 12.0)) == pytest.approx(1.08, abs=1e-12)
    assert float(interest_during_construction_factor(0.08, 0.0)) == 1.0


# ---------------------------------------------------------------- Suncatcher Table 1

def test_suncatcher_table1_starlink_v2_mini_launched_power_cost():
    # Suncatcher Table 1 metric: launch cost / (power x lifespan).  Inputs: Starlink
    # v2 mini 575 kg, ~28 kW (105 m^2, 22 % cells, 90 % packing: Suncatcher sec. 4.4
    # via the project sheet), 5-year life, Falcon 9 at $3,600/kg.  Published value
    # as quoted by TechCrunch (2026, secondary): ~$14,700 per kW per year.
    # Tolerance 1.5 %: the power is given as "~28 kW" and the quote to 3 figures.
    power_w = 105.0 * 1361.0 * 0.22 * 0.90
    ours = float(C.launched_power_usd_per_kw_yr(575.0, 3600.0, power_w, 5.0))
    print(f"\nSuncatcher Table 1, Starlink v2 mini @ $3,600/kg: ours ${ours:,.0f}/kW/y, "
          "published ~$14,700/kW/y (secondary quote)")
    assert ours == pytest.approx(14700.0, rel=0.015)
    at200 = float(C.launched_power_usd_per_kw_yr(575.0, 200.0, power_w, 5.0))
    print(f"  same satellite @ $200/kg: ours ${at200:,.0f}/kW/y (paper value not readable offline)")
    assert at200 == pytest.approx(ours * 200.0 / 3600.0, rel=1e-12)


def test_site_power_bills_inside_suncatcher_terrestrial_range():
    # Suncatcher: terrestrial data centres pay ~$570-3,000 per kW per year for
    # power (quoted by TechCrunch 2026, secondary).  Every catalogue site's
    # grid-supplied site's electricity x PUE x 8766 h must fall inside it.  Behind-the-meter
    # sites pay for their own generation (core.costs.onsite_electricity_usd_per_kwh)
    # instead of a tariff: btm_gas_permian_tx comes to ~480 USD/kW/yr, below the range,
    # which is the point of that archetype; it is checked to be cheaper, not inside.
    f = default_finance()
    for n in site_names():
        s = site(n)
        onsite = float(C.onsite_electricity_usd_per_kwh(
            s.onsite_generation_usd_per_mw, s.heat_rate_btu_per_kwh, s.gas_price_usd_per_mmbtu,
            f.wacc, f.building_useful_life_yr, f.utilisation))
        bill = (s.electricity_price_usd_per_kwh + onsite) * s.pue * HOURS_PER_YEAR
        if s.onsite_generation_usd_per_mw > 0:
            assert 0.0 < bill < 570.0, (n, bill)
        else:
            assert 570.0 <= bill <= 3000.0, (n, bill)


# ---------------------------------------------------------------- terrestrial

def test_terrestrial_breakdown_sums_and_float64():
    r = terrestrial_cost_per_gpu_h("abilene_tx", gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W)
    total = r["cost_usd_per_gpu_h"]
    assert total.dtype == jnp.float64
    assert float(sum(r["breakdown_usd_per_gpu_h"].values())) == pytest.approx(float(total), abs=1e-12)
    # compute dominates at ~$2/GPU-h for an H100-class server (market rental $2-2.5, sheet)
    assert 1.5 < float(total) < 3.5


def test_terrestrial_electricity_line_closed_form():
    # electricity per GPU-hour = P_kW * PUE * price (utilisation cancels). 1e-12 USD.
    s = site("frankfurt_de")
    r = terrestrial_cost_per_gpu_h(s, gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0)
    assert float(r["breakdown_usd_per_gpu_h"]["electricity"]) == pytest.approx(
        1.25 * s.pue * s.electricity_price_usd_per_kwh, abs=1e-12)


def test_terrestrial_scalar_array_vmap():
    f = default_finance()
    s = site("memphis_tn")

    def cost(price):
        kw = site_kernel_inputs(s.replace(electricity_price_usd_per_kwh=price), f, LAM)
        return C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0, **kw)["cost_usd_per_gpu_h"]

    prices = jnp.array([0.03, 0.06, 0.12])
    arr = cost(prices)
    vm = jax.vmap(cost)(prices)
    np.testing.assert_allclose(arr, vm, atol=1e-14)
    assert np.all(np.diff(np.asarray(arr)) > 0)  # increases with electricity price
    assert float(cost(0.06)) == pytest.approx(float(arr[1]), abs=1e-14)


def test_cost_increases_with_wacc_both_sides():
    f = default_finance()
    c = default_cost_laws()
    s = site("lulea_se")
    waccs = [0.03, 0.06, 0.09, 0.12]
    terr = [float(terrestrial_cost_per_gpu_h(s, gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0,
                                             finance=f.replace(wacc=w))["cost_usd_per_gpu_h"]) for w in waccs]
    orb = [float(orbital_cost_per_gpu_h(DESIGN, gpu=GPU, cells=CELLS, launch_price_usd_per_kg=500.0,
                                        finance=f.replace(orbital_wacc=w), costs=c)["cost_usd_per_gpu_h"]) for w in waccs]
    assert np.all(np.diff(terr) > 0) and np.all(np.diff(orb) > 0)


# ---------------------------------------------------------------- orbital

def test_orbital_breakdown_sums_and_increases_with_launch_price():
    prices = [0.0, 100.0, 1000.0, 3600.0]
    totals = []
    for p in prices:
        r = orbital_cost_per_gpu_h(DESIGN, gpu=GPU, cells=CELLS, launch_price_usd_per_kg=p)
        assert float(sum(r["breakdown_usd_per_gpu_h"].values())) == pytest.approx(
            float(r["cost_usd_per_gpu_h"]), abs=1e-12)
        totals.append(float(r["cost_usd_per_gpu_h"]))
    assert np.all(np.diff(totals) > 0)
    # affine in the launch price (the break-even closed form relies on it): 1e-12
    a, b = totals[0], (totals[1] - totals[0]) / 100.0
    for p, t in zip(prices, totals):
        assert t == pytest.approx(a + b * p, abs=1e-10)


def test_orbital_launch_line_closed_form():
    # launch per GPU-hour = p m x (1+r)^(t/12) / A(r, T) / H (insurance is a separate line),
    # A = (1 - (1+r)^-T) / ln(1+r) the continuous annuity factor (closed form retyped: a regression check)
    c = default_cost_laws()
    f = default_finance()
    r = orbital_cost_per_gpu_h(DESIGN, gpu=GPU, cells=CELLS, launch_price_usd_per_kg=200.0)
    ro = f.orbital_wacc
    annuity = (1 + ro) ** (c.time_to_power_months / 12) * math.log1p(ro) / (1 - (1 + ro) ** -5.0)
    hours = HOURS_PER_YEAR * 64 * f.utilisation * 0.95  # no extra decay (in goodput)
    assert float(r["breakdown_usd_per_gpu_h"]["launch"]) == pytest.approx(200.0 * 1700.0 * annuity / hours,
                                                                          abs=1e-12)


def test_orbital_jit_vmap_over_launch_price():
    c, f = default_cost_laws(), default_finance()
    kw = dict(**DESIGN, gpu_unit_price_usd=GPU_USD, billed_mass_kg=1700.0, **orbital_kernel_inputs(c, f, CELLS, GPU))
    fn = jax.jit(lambda p: C.orbital_cost(launch_price_usd_per_kg=p, **kw)["cost_usd_per_gpu_h"])
    ps = jnp.linspace(0.0, 5000.0, 11)
    np.testing.assert_allclose(jax.vmap(fn)(ps), fn(ps), atol=1e-13)
    assert fn(ps).dtype == jnp.float64


# ---------------------------------------------------------------- break-even

# Cost laws at the favourable ends of their catalogue ranges: orbit can break even.
CHEAP = default_cost_laws().replace(
    hardware_cost_model="bottom_up", programme_nre_usd=0.0, radiator_usd_per_m2=1000.0,
    compute_space_premium_fraction=0.0, time_to_power_months=6.0, bus_usd_per_kg=300.0,
    insurance_fraction=0.0, integration_fraction=0.05, deorbit_fraction=0.0,
    ground_segment_usd_per_kw_yr=10.0, operations_usd_per_yr=5000.0)
CHEAP_CELLS = CELLS.replace(array_usd_per_w=5.0)

def test_breakeven_price_equalises_costs():
    # a cheap-hardware variant that does break even (cost laws at their low ends)
    c = CHEAP
    r = breakeven_launch_price(DESIGN, gpu=GPU, cells=CHEAP_CELLS, costs=c)
    exists = np.asarray(r["exists"])
    assert exists[r["sites"].index("frankfurt_de")]  # the dearest site
    for name, p, terr, ok in zip(r["sites"], np.asarray(r["price_usd_per_kg"]),
                                 np.asarray(r["terrestrial_cost_usd_per_gpu_h"]), exists):
        if not ok:
            continue
        orb = float(orbital_cost_per_gpu_h(DESIGN, gpu=GPU, cells=CHEAP_CELLS, launch_price_usd_per_kg=p,
                                           costs=c)["cost_usd_per_gpu_h"])
        assert orb == pytest.approx(terr, abs=1e-9), name  # 1e-9 USD per GPU-hour
    # the cadence curve reaches each price at a date after its 2026 start
    dates = np.asarray(r["date_yr"])[exists]
    # either inside [start, horizon] or NaN (beyond the 2100 horizon: not reported)
    assert np.all(np.isnan(dates) | ((dates >= 2026.0) & (dates <= 2100.0)))
    assert np.all(np.isnan(np.asarray(r["date_yr"])[~exists]))
    print("\nbreak-even (cheap cost laws):", {n: round(float(p), 1) for n, p in
                                               zip(r["sites"], np.asarray(r["unclipped_price_usd_per_kg"]))})


def test_breakeven_decreases_as_site_gets_cheaper():
    c = CHEAP
    base = site("frankfurt_de")
    prices = []
    for e in (0.25, 0.19, 0.12, 0.06):
        d = breakeven_launch_price(DESIGN, ["frankfurt_de"], gpu=GPU, cells=CHEAP_CELLS, costs=c)
        # build from a modified site through the kernel path
        from orbitalcompute.economics.breakeven import breakeven_kernel
        f = default_finance()
        terr = C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W,
                                  **site_kernel_inputs(base.replace(electricity_price_usd_per_kwh=e), f, LAM))
        kw = dict(**DESIGN, gpu_unit_price_usd=GPU_USD, billed_mass_kg=1700.0, **orbital_kernel_inputs(c, f, CELLS, GPU))
        prices.append(float(breakeven_kernel(kw, terr["cost_usd_per_gpu_h"])["unclipped_price_usd_per_kg"]))
    assert np.all(np.diff(prices) < 0)
    assert d["sites"] == ["frankfurt_de"]


def test_no_breakeven_reported_honestly():
    # default cost laws, sites without their grid wait priced: even free launch
    # leaves this design dearer than every site
    r = breakeven_launch_price(DESIGN, gpu=GPU, cells=CELLS, deferred_revenue=False)
    assert not np.any(np.asarray(r["exists"]))
    assert np.all(np.isnan(np.asarray(r["price_usd_per_kg"])))
    assert np.all(np.isnan(np.asarray(r["date_yr"])))
    assert np.all(np.asarray(r["unclipped_price_usd_per_kg"]) < 0)
    assert float(r["free_launch_cost_usd_per_gpu_h"]) > float(np.max(r["terrestrial_cost_usd_per_gpu_h"]))


def _catalogue_points():
    """(kind, entry, field, value) at each catalogue low/high."""
    pts = []
    for kind in ("sites", "finance", "cost_laws"):
        for name in catalog.names(kind):
            for fld, p in catalog.provenance(kind, name).items():
                for v in (p.low, p.high):
                    if v is not None:
                        pts.append((kind, name, fld, v))
    return pts


def test_gradients_finite_across_catalogue_ranges():
    f0, c0 = default_finance(), default_cost_laws()

    def total(params):
        s, f, c = params
        terr = C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W,
                                  **site_kernel_inputs(s, f, LAM))["cost_usd_per_gpu_h"]
        orb = C.orbital_cost(**DESIGN, gpu_unit_price_usd=GPU_USD, billed_mass_kg=1700.0,
                             launch_price_usd_per_kg=500.0, **orbital_kernel_inputs(c, f, CELLS, GPU))
        return orb["cost_usd_per_gpu_h"] - terr

    g = jax.jit(jax.grad(total))
    strip = lambda s: s.replace(country="")  # noqa: E731
    for kind, name, fld, v in _catalogue_points():
        s = strip(site(name)) if kind == "sites" else strip(site("memphis_tn"))
        f = f0.replace(**{fld: v}) if kind == "finance" else f0
        c = c0.replace(**{fld: v}) if kind == "cost_laws" else c0
        if kind == "sites":
            s = s.replace(**{fld: v})
        leaves = jax.tree_util.tree_leaves(g((s, f, c)))
        assert all(np.isfinite(x) for x in leaves), (kind, name, fld, v)


def test_elasticities_by_autodiff():
    f, c = default_finance(), default_cost_laws()
    s = site("abilene_tx").replace(country="")

    def terr(params):
        s_, f_ = params
        return C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W,
                                  **site_kernel_inputs(s_, f_, LAM))["cost_usd_per_gpu_h"]

    e = elasticities(terr, (s, f))
    # electricity elasticity = electricity share of the cost (linear term): 1e-12
    r = terrestrial_cost_per_gpu_h(s, gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W)
    share = float(r["breakdown_usd_per_gpu_h"]["electricity"] / r["cost_usd_per_gpu_h"])
    assert float(e["0.electricity_price_usd_per_kwh"]) == pytest.approx(share, abs=1e-12)
    assert float(e["1.wacc"]) > 0
    g = gradients(terr, (s, f))
    assert set(g) == set(e)


def test_breakeven_gradients_by_autodiff():
    # forward-over-reverse: d p*/d x for every site, finance and cost-law input
    from orbitalcompute.economics.breakeven import breakeven_kernel

    f, c = default_finance(), CHEAP
    s = site("frankfurt_de").replace(country="")

    def pstar(params):
        s_, f_, c_, cells_ = params
        terr = C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W,
                                  **site_kernel_inputs(s_, f_, LAM))["cost_usd_per_gpu_h"]
        kw = dict(**DESIGN, gpu_unit_price_usd=GPU_USD, billed_mass_kg=1700.0,
                  **orbital_kernel_inputs(c_, f_, cells_, GPU))
        return breakeven_kernel(kw, terr)["unclipped_price_usd_per_kg"]

    cells = CHEAP_CELLS.replace(technology="")
    g = gradients(jax.jit(pstar), (s, f, c, cells))
    assert all(np.isfinite(float(v)) for v in g.values())
    assert float(g["0.electricity_price_usd_per_kwh"]) > 0   # dearer site -> higher break-even
    assert float(g["3.array_usd_per_w"]) < 0                 # dearer arrays -> lower break-even
    # check one derivative against a central difference (step 1e-4 USD/kWh; linear -> 1e-6 rel)
    h = 1e-4
    fd = (pstar((s.replace(electricity_price_usd_per_kwh=s.electricity_price_usd_per_kwh + h), f, c, cells))
          - pstar((s.replace(electricity_price_usd_per_kwh=s.electricity_price_usd_per_kwh - h), f, c, cells))) / (2 * h)
    assert float(g["0.electricity_price_usd_per_kwh"]) == pytest.approx(float(fd), rel=1e-6)


# ---------------------------------------------------------------- carbon

def test_carbon_hand_values():
    # terrestrial: 1.25 kW x PUE 1.2 x 0.37 kg/kWh (Abilene) = 0.555 kg per GPU-h
    assert float(terrestrial_carbon_kgco2_per_gpu_h("abilene_tx", it_power_per_gpu_w=1250.0)) == \
        pytest.approx(1.25 * 1.2 * 0.37, abs=1e-12)
    # orbital: 1,700 kg x 27.5 kg/kg over the undiscounted lifetime GPU-hours
    f = default_finance()
    lam, T = 0.09, 5.0
    hours = HOURS_PER_YEAR * 64 * f.utilisation * 0.95 * T
    assert float(orbital_carbon_kgco2_per_gpu_h(DESIGN, carbon="starship")) == pytest.approx(
        1700.0 * 27.5 / hours, rel=1e-12)
    decayed = hours * (1 - math.exp(-lam * T)) / (lam * T)
    assert float(orbital_carbon_kgco2_per_gpu_h(DESIGN, carbon="starship", failure_rate_per_yr=lam)) == \
        pytest.approx(1700.0 * 27.5 / decayed, rel=1e-12)


# ---------------------------------------------------------------- bad input

def test_bad_inputs():
    with pytest.raises(ValueError, match="site = 'memphis'.*memphis_tn"):
        terrestrial_cost_per_gpu_h("memphis", gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0)
    with pytest.raises(ValueError, match="electricity_price_usd_per_kwh = -0.1 is outside"):
        terrestrial_cost_per_gpu_h(site("memphis_tn").replace(electricity_price_usd_per_kwh=-0.1),
                                   gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0)
    with pytest.raises(ValueError, match="gpu_unit_price_usd = -1"):
        terrestrial_cost_per_gpu_h("memphis_tn", gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=-1.0, it_power_per_gpu_w=1250.0)
    for u in (0.0, 1.5):
        with pytest.raises(ValueError, match=r"utilisation = .* is outside the valid range \(0, 1\]"):
            terrestrial_cost_per_gpu_h("memphis_tn", gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0,
                                       finance=default_finance().replace(utilisation=u))
    with pytest.raises(ValueError, match="gpu_useful_life_yr = 0"):
        terrestrial_cost_per_gpu_h("memphis_tn", gpu_failure_rate_per_yr=LAM, gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0,
                                   finance=default_finance().replace(gpu_useful_life_yr=0.0))
    with pytest.raises(ValueError, match="lifetime_yr = 0"):
        orbital_cost_per_gpu_h({**DESIGN, "lifetime_yr": 0.0}, gpu=GPU, cells=CELLS,
                               launch_price_usd_per_kg=200.0)
    with pytest.raises(ValueError, match="launch_price_usd_per_kg = -200"):
        orbital_cost_per_gpu_h(DESIGN, gpu=GPU, cells=CELLS, launch_price_usd_per_kg=-200.0)
    with pytest.raises(ValueError, match="design is missing 'lifetime_yr'"):
        orbital_cost_per_gpu_h({k: v for k, v in DESIGN.items() if k != "lifetime_yr"},
                               gpu=GPU, cells=CELLS, launch_price_usd_per_kg=200.0)
    with pytest.raises(ValueError, match="site = 'mars'"):
        breakeven_launch_price(DESIGN, ["mars"], gpu=GPU, cells=CELLS)
    # inside the kernels: NaN, not a silent number
    kw = site_kernel_inputs(site("memphis_tn"), default_finance().replace(utilisation=0.0), LAM)
    r = C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=1250.0, **kw)
    assert np.isnan(float(r["cost_usd_per_gpu_h"]))


# ---------------------------------------------------------------- property tests

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@jax.jit
def _costs_at(p_launch, wacc, e_price):
    f = default_finance().replace(wacc=wacc, orbital_wacc=wacc)
    s = site("memphis_tn").replace(country="", electricity_price_usd_per_kwh=e_price)
    orb = C.orbital_cost(**DESIGN, gpu_unit_price_usd=GPU_USD, billed_mass_kg=1700.0, launch_price_usd_per_kg=p_launch,
                         **orbital_kernel_inputs(default_cost_laws(), f, CELLS, GPU))["cost_usd_per_gpu_h"]
    terr = C.terrestrial_cost(gpu_unit_price_usd=GPU_USD, it_power_per_gpu_w=IT_PER_GPU_W,
                              **site_kernel_inputs(s, f, LAM))["cost_usd_per_gpu_h"]
    return orb, terr


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.0, 5000.0), dp=st.floats(1.0, 1000.0), r=st.floats(0.05, 0.12), dr=st.floats(0.001, 0.02),
       e=st.floats(0.04, 0.26), de=st.floats(0.001, 0.05))
def test_costs_monotone_in_launch_price_wacc_and_electricity(p, dp, r, dr, e, de):
    # Invariants over the catalogue ranges: orbit dearer with launch price and WACC,
    # the site dearer with WACC and electricity price.
    o0, t0 = _costs_at(p, r, e)
    assert float(_costs_at(p + dp, r, e)[0]) > float(o0)
    o1, t1 = _costs_at(p, r + dr, e)
    assert float(o1) > float(o0) and float(t1) > float(t0)
    assert float(_costs_at(p, r, e + de)[1]) > float(t0)
