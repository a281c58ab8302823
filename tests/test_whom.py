"""Workloads, their links, the new sites and the 'for whom' answer.

Fast tests: the link kernel and the whom rules are exercised on small inputs;
the CLI test replaces the (slow, separately tested) pipeline evaluation and
latency routing with stand-ins so that only the verb's plumbing and text are
under test here.
"""

import json
import math
from types import SimpleNamespace

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import catalog, pipeline
from orbitalcompute.analysis import whom
from orbitalcompute.core.workloads import GOODPUT_REASON_BIT, ISL_REASON_BIT, workload_link_kernel
from orbitalcompute.economics.workloads import (CommLinkParams, WorkloadParams, comm_links, default_workloads,
                                                link_kernel_inputs, workload)

NEW_SITES = ("tokyo_jp", "singapore_sg", "mumbai_in", "sao_paulo_br", "queretaro_mx", "johannesburg_za",
             "sydney_au")


def _kernel(w="training_sync", **over):
    kw = dict(gpu_count=32.0, satellite_count=81.0, lifetime_yr=5.0, goodput_fraction=0.84,
              checkpoint_goodput_fraction=0.95, utilisation=0.9, orbital_wacc=0.1,
              launch_price_usd_per_kg=500.0, orbital_energy_usd_per_kwh=0.2,
              **link_kernel_inputs(workload(w), comm_links()))
    kw.update(over)
    return workload_link_kernel(**kw)


def test_training_isl_cannot_close_and_is_flagged():
    # Hand arithmetic (docs/whom.md): 32 GPUs x 400 Gb/s = 12,800 Gb/s leave each
    # satellite; a Starlink-class terminal closes min(200, 100 (5400/1)^2) = 200 Gb/s
    # at 1 km, so 64 terminals are needed against 4 a satellite mounts.
    r = _kernel()
    assert float(r["isl_required_gbps"]) == pytest.approx(12800.0, abs=1e-9)
    assert float(r["terminal_capacity_gbps"]) == pytest.approx(200.0, abs=1e-9)
    assert float(r["isl_terminal_count"]) == 64.0
    assert not bool(r["feasible"])
    assert int(r["reason_code"]) & ISL_REASON_BIT


def test_isl_closes_for_one_satellite_and_for_inference():
    assert bool(_kernel(satellite_count=1.0)["feasible"])          # nothing crosses a satellite boundary
    r = _kernel("inference_interactive")
    assert bool(r["feasible"]) and float(r["isl_terminal_count"]) == 0.0
    assert float(r["isl_usd_per_gpu_h"]) == 0.0


def test_terminal_capacity_falls_as_inverse_square_beyond_its_reference_range():
    # 10 x the 5,400 km reference range: 100 Gb/s / 100 = 1 Gb/s (closed form of the link budget)
    r = _kernel(formation_spacing_km=54000.0)
    assert float(r["terminal_capacity_gbps"]) == pytest.approx(1.0, rel=1e-12)


def test_goodput_below_tolerance_is_flagged():
    r = _kernel(checkpoint_goodput_fraction=0.5)
    assert int(r["reason_code"]) & GOODPUT_REASON_BIT


def test_link_cost_gradient_is_finite():
    g = jax.grad(lambda c: _kernel(terminal_cost_usd=c)["isl_usd_per_gpu_h"])(300000.0)
    # d cost / d unit price = n / (A N H) > 0 (64 terminals)
    assert math.isfinite(float(g)) and float(g) > 0


def test_workload_reason_bits_do_not_collide():
    spacecraft_and_pipeline = set(pipeline.PIPELINE_REASON_CODES) | set(
        __import__("orbitalcompute.spacecraft", fromlist=["REASON_CODES"]).REASON_CODES)
    assert not ({ISL_REASON_BIT, GOODPUT_REASON_BIT} & spacecraft_and_pipeline)
    assert {ISL_REASON_BIT, GOODPUT_REASON_BIT} <= set(pipeline.REASON_CODES)


def test_pipeline_workload_outputs_carry_the_flag():
    # the pipeline's wiring (pipeline.workload_outputs) on a stand-in design
    d = SimpleNamespace(gpu_count=jnp.float64(32.0), lifetime_yr=jnp.float64(5.0),
                        goodput_fraction=jnp.float64(0.84), checkpoint_goodput_fraction=jnp.float64(0.95))
    s = SimpleNamespace(launch=SimpleNamespace(satellite_count=81.0), workloads=None, comm_links=None,
                        finance=SimpleNamespace(utilisation=0.9, orbital_wacc=0.1))
    orb = {"cost_usd_per_gpu_h": jnp.float64(6.0), "energy_usd_per_kwh": jnp.float64(0.2)}
    out = pipeline.workload_outputs(s, d, orb, 500.0, jnp.bool_(True), jnp.int32(0))
    assert not bool(out["workload_training_sync_feasible"])
    assert int(out["workload_training_sync_reason_code"]) & ISL_REASON_BIT
    assert math.isnan(float(out["workload_training_sync_orbital_cost_usd_per_gpu_h"]))
    c = float(out["workload_batch_orbital_cost_usd_per_gpu_h"])
    assert c == pytest.approx(6.0 + float(out["workload_batch_ground_link_usd_per_gpu_h"]), rel=1e-12)


def test_bad_workload_inputs_name_the_field_and_range():
    w = workload("inference_interactive")
    with pytest.raises(ValueError, match="latency_target_ms"):
        w.replace(latency_target_ms=0.0).validate()
    with pytest.raises(ValueError, match="terminal_rate_gbps"):
        comm_links().replace(terminal_rate_gbps=0.0).validate()
    with pytest.raises(ValueError, match="training_sync"):
        workload("trainign")
    assert isinstance(w, WorkloadParams) and isinstance(comm_links(), CommLinkParams)


def test_new_sites_load_evaluate_and_stack_uniformly():
    from orbitalcompute.economics.terrestrial import terrestrial_cost_per_gpu_h

    sites = {n: catalog.load("sites", n) for n in catalog.names("sites")}
    assert set(NEW_SITES) <= set(sites)
    for n in NEW_SITES:
        c = float(terrestrial_cost_per_gpu_h(n, gpu_unit_price_usd=30000.0, it_power_per_gpu_w=1200.0,
                                             gpu_failure_rate_per_yr=0.05)["cost_usd_per_gpu_h"])
        assert 1.0 < c < 4.0, (n, c)
    # one pytree structure for every site, so sites stack for vmap (economics/breakeven.py)
    uniform = [s.replace(country="") for s in sites.values()]
    assert len({jax.tree_util.tree_structure(s) for s in uniform}) == 1
    stacked = jax.tree_util.tree_map(lambda *xs: jnp.asarray(np.array(xs, dtype=float)), *uniform)
    assert stacked.pue.shape == (len(sites),)


def test_every_reference_user_has_a_site_within_a_realtime_round_trip():
    # the Tokyo / Sao Paulo artefact: no nearby site existed.  Fibre RTT on the
    # inflated great circle (independently validated in tests/test_latency_*).
    from orbitalcompute.latency import ground_point
    from orbitalcompute.latency.fibre import fibre_rtt_ms

    sites = {n: catalog.load("sites", n) for n in catalog.names("sites")}
    for u in whom.DEFAULT_USERS:
        lat, lon = ground_point(u)
        best = min(float(fibre_rtt_ms(lat, lon, s.latitude_deg, s.longitude_deg)) for s in sites.values())
        assert best < 30.0, (u, best)


# --- the whom rules, on stand-in costs and RTTs -------------------------------------------------

@pytest.fixture(scope="module")
def scen():
    from orbitalcompute.analysis.report import load

    return load("default")[0]


def _fake_outputs(s, orbit_cost=6.0, site_cost=2.0, cheap_site="mumbai_in"):
    out = {}
    for n in s.sites:
        out[f"site_{n}_cost_usd_per_gpu_h"] = site_cost - (0.1 if n == cheap_site else 0.0)
    for w, p in default_workloads().items():
        pre = f"workload_{w}_"
        feas = w != "training_sync"
        out.update({pre + "latency_target_ms": p.latency_target_ms, pre + "feasible": feas,
                    pre + "orbital_cost_usd_per_gpu_h": orbit_cost if feas else float("nan"),
                    pre + "reason_code": 0 if feas else ISL_REASON_BIT,
                    pre + "isl_terminal_count": 0.0 if feas else 64.0,
                    pre + "isl_required_gbps": 0.0 if feas else 12800.0, pre + "isl_usd_per_gpu_h": 0.0,
                    pre + "ground_link_usd_per_gpu_h": 0.05, pre + "gateway_count": 1.0})
    from orbitalcompute.latency.table import region_names

    for r in region_names():  # stand-ins for the pipeline's latency outputs (evaluate(..., latency=True))
        out.update({f"latency_{r}_p95_ms": 40.0, f"latency_{r}_reachable_fraction": 1.0})
        for n in s.sites:
            out[f"site_{n}_fibre_rtt_{r}_ms"] = 10.0 if n == "tokyo_jp" else 50.0
    return out


def _fake_latency(s, users, orbit_p95_ms=40.0, reach=1.0):
    from orbitalcompute.latency import ground_point
    from orbitalcompute.latency.fibre import fibre_rtt_ms

    pts = np.array([ground_point(u) for u in users])
    return {"orbit_p50_ms": np.full(len(users), orbit_p95_ms - 5), "orbit_p95_ms": np.full(len(users), orbit_p95_ms),
            "orbit_reachable_fraction": np.full(len(users), reach),
            "site_rtt_ms": {n: np.asarray(fibre_rtt_ms(pts[:, 0], pts[:, 1], p.latitude_deg, p.longitude_deg))
                            for n, p in s.sites.items()},
            "method": "stand-in"}


def test_whom_picks_the_cheapest_option_within_the_target(scen):
    users = ["tokyo", "sao_paulo"]
    d = whom.whom_data(scen, users, latency=_fake_latency(scen, users), outputs=_fake_outputs(scen))
    rt = d["workloads"]["inference_realtime"]["by_user"]
    assert rt["tokyo"]["choice"] == "tokyo_jp" and rt["sao_paulo"]["choice"] == "sao_paulo_br"
    assert rt["tokyo"]["orbit_meets_target"] is False            # 40 ms p95 > 30 ms
    tr = d["workloads"]["training_sync"]["by_user"]["tokyo"]
    assert tr["choice"] == "mumbai_in" and tr["margin_usd_per_gpu_h"] == pytest.approx(0.1)
    assert "infeasible" in tr["orbit_why_not"]
    json.dumps(d, allow_nan=False)                                   # never a NaN
    # regions answer from the pipeline's latency outputs: only tokyo_jp is within 30 ms here
    assert d["workloads"]["inference_realtime"]["by_region"]["asia"]["choice"] == "tokyo_jp"
    with pytest.raises(ValueError, match="asia"):
        whom.whom_data(scen, users, regions=["atlantis"], latency=_fake_latency(scen, users),
                       outputs=_fake_outputs(scen))


def test_whom_names_orbit_when_it_is_cheapest_and_meets_the_target(scen):
    users = ["tokyo"]
    d = whom.whom_data(scen, users, latency=_fake_latency(scen, users, orbit_p95_ms=60.0),
                       outputs=_fake_outputs(scen, orbit_cost=1.0))
    a = d["workloads"]["inference_interactive"]["by_user"]["tokyo"]
    assert a["choice"] == whom.ORBIT and a["runner_up"] == "mumbai_in"
    assert a["margin_usd_per_gpu_h"] == pytest.approx(0.9)
    assert ["inference_interactive", "tokyo"] in d["orbit_wins"]
    # unreachable part of the day: orbit does not qualify for a latency-bound workload
    d = whom.whom_data(scen, users, latency=_fake_latency(scen, users, orbit_p95_ms=60.0, reach=0.5),
                       outputs=_fake_outputs(scen, orbit_cost=1.0))
    assert d["workloads"]["inference_interactive"]["by_user"]["tokyo"]["choice"] != whom.ORBIT


def test_whom_verb_prints_an_answer_without_nan(scen, monkeypatch, capsys):
    from orbitalcompute.cli import main

    monkeypatch.setattr(whom, "evaluate", lambda s, workloads=None, latency=False: _fake_outputs(s))
    monkeypatch.setattr(whom, "user_latency", lambda s, users, quick=False: _fake_latency(s, users))
    assert main(["whom", "--users", "tokyo,london", "--quick"]) == 0
    text = capsys.readouterr().out
    assert "inference_realtime" in text and "tokyo_jp" in text and "Better served from orbit" in text
    assert "nan" not in text.lower()
    assert main(["whom", "--users", "tokyo", "--format", "json", "--workloads", "batch"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["workloads"]) == ["batch"]
    assert main(["whom", "--workloads", "nope"]) == 2
    assert "training_sync" in capsys.readouterr().err


# --- site archetypes -----------------------------------------------------------------------------

def test_behind_the_meter_gas_price_is_capital_plus_fuel():
    # closed form of core.costs.onsite_electricity_usd_per_kwh (a regression check of its equation):
    # K / 1000 / (A(r, L) 8766 u) + h p_g / 1e6
    from orbitalcompute.core.costs import onsite_electricity_usd_per_kwh
    from orbitalcompute.core.finance import continuous_annuity_factor_yr

    p = float(onsite_electricity_usd_per_kwh(1.3e6, 9000.0, 2.5, 0.08, 20.0, 0.9))
    a = float(continuous_annuity_factor_yr(0.08, 20.0))
    assert p == pytest.approx(1300.0 / (a * 8766.0 * 0.9) + 0.0225, rel=1e-12)
    assert float(onsite_electricity_usd_per_kwh(0.0, 0.0, 0.0, 0.08, 20.0, 0.9)) == 0.0   # grid sites unchanged


def test_grid_wait_is_priced_once_as_deferred_revenue():
    # constrained_grid_va waits 60 months for power (in the sites' base year; the queue
    # grows with the launch year, trajectories.toml) against the orbital side's 12: the
    # pipeline's deferred-revenue line is R (1 - (1+r)^-(delay)) at the finance rental
    # price R and WACC r (closed form, core.trajectories), and it is the only wait line.
    from orbitalcompute import pipeline
    from orbitalcompute.scenario import load_scenario
    from orbitalcompute.trajectories import apply_trajectories

    s = load_scenario("default")
    out = pipeline.evaluate(s)
    f, site = s.finance, apply_trajectories(s).sites["constrained_grid_va"]
    assert float(site.time_to_power_months) > float(s.sites["constrained_grid_va"].time_to_power_months)
    delay_yr = (float(site.time_to_power_months) - s.costs.time_to_power_months) / 12.0
    expected = f.rental_price_usd_per_gpu_h * (1.0 - (1.0 + f.wacc) ** -delay_yr)
    got = float(out["site_constrained_grid_va_deferred_revenue_usd_per_gpu_h"])
    assert got == pytest.approx(expected, rel=1e-12)
    assert "site_constrained_grid_va_connection_wait_usd_per_gpu_h" not in out


def test_every_site_has_a_time_to_power_and_archetypes_are_named():
    from orbitalcompute.economics.terrestrial import site

    for n in catalog.names("sites"):
        assert math.isfinite(float(catalog.load("sites", n).time_to_power_months)), n
    with pytest.raises(ValueError, match="btm_gas_permian_tx"):
        site("btm_gas")


def test_scenario_picks_workloads_and_links_with_clear_errors(tmp_path):
    from orbitalcompute.scenario import load_scenario, scenario_file, with_path

    text = scenario_file("default").read_text()
    assert 'workloads = "all"' in text
    ok = tmp_path / "two.toml"
    ok.write_text(text.replace('workloads = "all"', 'workloads = ["workloads/batch", "workloads/training_sync"]'))
    s = load_scenario(ok)
    assert sorted(s.workloads) == ["batch", "training_sync"]
    assert with_path(s, "comm_links.formation_spacing_km", 5.0).comm_links.formation_spacing_km == 5.0
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('workloads = "all"', 'workloads = ["workloads/trainign"]'))
    with pytest.raises(ValueError, match="training_sync"):  # lists the valid names
        load_scenario(bad)
    bad.write_text(text.replace('comm_links = "comm_links/default"', 'comm_links = "sites/lulea_se"'))
    with pytest.raises(ValueError, match="comm_links must be 'comm_links/NAME'"):
        load_scenario(bad)
    with pytest.raises(ValueError, match="formation_spacing_km"):
        with_path(s, "comm_links.formation_spacing_km", -1.0)
