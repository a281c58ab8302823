"""The Starcloud white paper, "Why we should train AI in space": its 40 MW
ten-year cost table and radiator figures, then the same cluster with our physics.

Radiator figures (Stefan-Boltzmann, two faces, deep-space sink):

$$
q_{black} = 2\\sigma T^4, \\quad q_{emit} = 2\\varepsilon\\sigma T^4, \\quad
q_{net} = q_{emit} - q_{abs},
$$

with the absorbed environmental load $q_{abs}$ from
[`orbitalcompute.core.thermal.absorbed_flux_w_per_m2`][orbitalcompute.core.thermal.absorbed_flux_w_per_m2] for a panel
edge-on to the Sun in a dawn-dusk orbit.

Cost table: the paper's Earth side (energy, chillers, backup power) and
space side (solar array, one Starship launch) for 40 MW over ten years,
against our catalogue: the cheapest US site's electricity, the full facility
build cost per MW, and a 40 MW cluster of the catalogue's H100 satellites
(real array, radiator, battery, shielding and bus masses, the number of
launches it needs, our cost laws and launch price).  Like the paper's table,
these rows leave out the GPUs themselves; ``orbitalcompute report`` adds them.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from pathlib import Path


import numpy as np

from ..catalog import parameter_set, quantity
from . import Comparison, Reproduction

__all__ = ["StarcloudInputs", "run", "TITLE", "PUBLICATION", "TARGET"]

TITLE = "Starcloud white paper: 40 MW for ten years, Earth vs space, and its radiators"
PUBLICATION = ("Feilden, Oltean & Johnston, Why we should train AI in space, Starcloud (Lumen Orbit) white "
               "paper, https://starcloudinc.github.io/wp.pdf (figures read through secondary summaries)")
TARGET = "the 40 MW ten-year cost table and the radiator figures; then the same cluster with our physics"
KIND = "starcloud_whitepaper"
ENTRY = "forty_mw_ten_years"
_W_PER_MW = 1.0e6
_KW_PER_MW = 1.0e3


#: the scenario whose satellites the space rows cost (the report's default)
SCENARIO = "default"


@parameter_set
class StarcloudInputs:
    """The white paper's inputs and published results (as quoted)."""

    cluster_power_mw: float = quantity("MW", gt=0)
    analysis_period_yr: float = quantity("yr", gt=0)
    published_terrestrial_energy_usd: float = quantity("USD", ge=0)
    published_terrestrial_cooling_usd: float = quantity("USD", ge=0)
    published_terrestrial_backup_power_usd: float = quantity("USD", ge=0)
    published_terrestrial_total_usd: float = quantity("USD", ge=0)
    published_space_solar_array_usd: float = quantity("USD", ge=0)
    published_space_launch_usd: float = quantity("USD", ge=0)
    published_space_total_usd: float = quantity("USD", ge=0)
    published_launch_payload_kg: float = quantity("kg", gt=0)
    published_launch_price_usd_per_kg: float = quantity("USD/kg", gt=0)
    radiator_temperature_k: float = quantity("K", gt=0)
    emissivity: float = quantity("1", gt=0, le=1)
    absorptivity: float = quantity("1", ge=0, le=1)
    published_black_plate_w_per_m2: float = quantity("W/m2", gt=0)
    published_emitted_w_per_m2: float = quantity("W/m2", gt=0)
    published_absorbed_w_per_m2: float = quantity("W/m2", ge=0)
    published_net_rejection_w_per_m2: float = quantity("W/m2", gt=0)
    published_capacity_factor: float = quantity("1", gt=0, le=1)


def run(outdir: Path | None = None, quick: bool = False) -> Reproduction:
    """Run this reproduction (see the module docstring for what it reproduces);
    figures go to ``outdir`` when given, ``quick`` coarsens time steps and grids.
    Called through [`orbitalcompute.reproductions.run`][orbitalcompute.reproductions.run]."""
    from .. import catalog
    from ..constants import HOUR_S, JULIAN_YEAR_S, SIGMA_W_PER_M2_K4
    from ..core import thermal as th
    from ..economics.terrestrial import site, site_names
    from ..pipeline import evaluate
    from ..scenario import load_scenario

    p: StarcloudInputs = catalog.load(KIND, ENTRY)
    env = catalog.load("environment", "earth")
    rows: list[Comparison] = []

    # --- radiator figures ---
    t4 = SIGMA_W_PER_M2_K4 * p.radiator_temperature_k**4
    black = 2.0 * t4
    rows.append(Comparison(
        "black plate, two faces, 20 C: radiated flux", black, p.published_black_plate_w_per_m2, "W/m2",
        f"2 sigma T^4 with CODATA sigma at 293.15 K = {black:.1f} W/m^2; the quoted 838 W/m^2 is rounded "
        "(or uses a rounded sigma or 20 C = 293 K).",
        tolerance_fraction=0.005))
    emitted = 2.0 * p.emissivity * t4
    rows.append(Comparison(
        "radiator, two faces, 20 C: emitted flux at the paper's emissivity", emitted, p.published_emitted_w_per_m2,
        "W/m2", f"2 epsilon sigma T^4 with epsilon = {p.emissivity:g}: the quoted 770 W/m^2 implies the same "
                "emissivity.", tolerance_fraction=0.005))
    rad = catalog.load("radiators", "edge_on_dawn_dusk")
    orbit = catalog.load("orbits", "dawn_dusk_sso_650")
    view, sides = th.earth_view_factor(orbit.altitude_km, rad.orientation)
    q_abs = float(th.absorbed_flux_w_per_m2(view, p.absorptivity, p.emissivity, env.solar_constant_w_per_m2,
                                            env.earth_ir_w_per_m2, env.earth_albedo, rad.sun_cos_factor,
                                            rad.albedo_phase_factor))
    rows.append(Comparison(
        "absorbed environmental load (edge-on panel, 650 km dawn-dusk)", q_abs, p.published_absorbed_w_per_m2,
        "W/m2",
        "Ours: a panel kept edge-on to the Sun absorbs Earth infrared on both faces (view factor from 650 km) "
        "and a little albedo, no direct sunlight. The paper's ~137 W/m^2 is consistent with a panel that also "
        "takes some sunlight or a larger Earth view; its geometry is not given in the summaries we could read."))
    rows.append(Comparison(
        "net heat rejection at 20 C", emitted - q_abs, p.published_net_rejection_w_per_m2, "W/m2",
        "Emitted minus absorbed, both faces, ideal fins. The difference is the absorbed load above; with fin "
        "efficiency and end-of-life coating (absorptivity toward 0.3) a real panel rejects less."))

    # --- Earth side of the cost table ---
    hours = JULIAN_YEAR_S / HOUR_S
    us_sites = [n for n in site_names() if site(n).country == "US"] or site_names()
    energy = {n: float(site(n).electricity_price_usd_per_kwh * site(n).pue) * p.cluster_power_mw * _KW_PER_MW
              * hours * p.analysis_period_yr for n in us_sites}
    cheap = min(energy, key=energy.get)
    implied_kwh = p.published_terrestrial_energy_usd / (p.cluster_power_mw * _KW_PER_MW * hours
                                                       * p.analysis_period_yr)
    rows.append(Comparison(
        f"Earth: energy for {p.cluster_power_mw:g} MW over {p.analysis_period_yr:g} years ({cheap})",
        energy[cheap], p.published_terrestrial_energy_usd, "USD",
        f"Ours: {cheap}'s industrial price x PUE {float(site(cheap).pue):g} x hours. The paper's figure implies "
        f"{implied_kwh * 100:.1f} US cents per kWh of IT energy with no PUE; the cheapest US site in our "
        "catalogue pays more once cooling overhead (PUE) is counted."))
    build = float(site(cheap).construction_usd_per_mw) * p.cluster_power_mw
    rows.append(Comparison(
        "Earth: facility (cooling, power, building) for 40 MW", build,
        p.published_terrestrial_cooling_usd + p.published_terrestrial_backup_power_usd, "USD",
        "The paper counts chillers ($7M) and backup power ($20M) only; ours is the whole build cost per MW of "
        "critical load (Cushman & Wakefield 2025, models/sites.toml) x 40 MW: building, electrical plant and "
        "cooling. The paper's Earth side leaves most of a data centre's capital out (so does its space side)."))

    # --- space side with our physics ---
    # the report's scenario (models/scenarios/default.toml: H100 satellites with silicon arrays in the
    # 650 km dawn-dusk orbit, launched on the Starship cadence curve in 2030), through the one pipeline
    scen = load_scenario(SCENARIO)
    out = {k: np.asarray(v) for k, v in evaluate(scen).items()}
    d = SimpleNamespace(**{k: out[k] for k in ("it_power_w", "power_bol_w", "total_mass_kg", "radiator_area_m2",
                                       "battery_energy_wh")},
                mass_per_kw_kg_per_kw=out["total_mass_kg"] / (out["it_power_w"] / 1e3))
    ill = SimpleNamespace(mean_sunlit_fraction=float(out["mean_sunlit_fraction"]),
                  longest_eclipse_s=float(out["longest_eclipse_s"]))
    n_sat = p.cluster_power_mw * _W_PER_MW / float(d.it_power_w)
    c, cells = scen.costs, scen.cells
    array_usd = float(cells.array_usd_per_w * d.power_bol_w) * n_sat
    rows.append(Comparison(
        "space: solar array for 40 MW of compute", array_usd, p.published_space_solar_array_usd, "USD",
        f"Ours: {float(d.power_bol_w) / float(d.it_power_w):.2f} W of beginning-of-life array per W of IT (eclipse "
        "battery charging, conversion losses, bus power, degradation margin) at the catalogue's "
        f"{float(cells.array_usd_per_w):g} USD/W, the catalogue price of the design's {cells.technology} array "
        "(models/solar_cells.toml). The paper "
        "prices bare cells (~$0.03/W, quoted in summaries) for about 40 MW."))
    mass = float(d.total_mass_kg) * n_sat
    launches = math.ceil(mass / p.published_launch_payload_kg)
    rows.append(Comparison(
        "space: launched mass of a 40 MW cluster", mass, p.published_launch_payload_kg, "kg",
        f"Ours: {n_sat:.0f} catalogue H100 satellites of {float(d.total_mass_kg):,.0f} kg "
        f"({float(d.mass_per_kw_kg_per_kw):.0f} kg per kW of IT: array, {float(d.radiator_area_m2):.0f} m^2 of "
        f"radiator per satellite, batteries for the {ill.longest_eclipse_s / 60:.0f}-minute eclipses, 10 mm Al "
        f"shielding, bus, servers): {launches} Starship launches of 100 t, not one."))
    rows.append(Comparison(
        "space: launch at the paper's own 30 USD/kg", mass * p.published_launch_price_usd_per_kg,
        p.published_space_launch_usd, "USD",
        f"Same price, our mass. Note the source's arithmetic: $5M for 100 t is "
        f"{p.published_space_launch_usd / p.published_launch_payload_kg:g} USD/kg, not the quoted 30 USD/kg."))
    p2030 = float(out["launch_price_usd_per_kg"])
    year = float(scen.launch.launch_date_yr)
    rows.append(Comparison(
        f"space: launch at our {year:g} curve price ({p2030:,.0f} USD/kg)", mass * p2030,
        p.published_space_launch_usd, "USD",
        f"The scenario's Starship cadence curve (models/launch_curves.toml) for a {year:g} launch."))
    power_thermal = (array_usd + float(c.radiator_usd_per_m2 * d.radiator_area_m2) * n_sat
                     + float(c.battery_usd_per_kwh * d.battery_energy_wh) / 1e3 * n_sat)
    ours_total = power_thermal + mass * p2030
    rows.append(Comparison(
        "space: power, cooling and launch for 40 MW (paper's scope)", ours_total, p.published_space_total_usd, "USD",
        "Ours: solar array + radiators + batteries (catalogue cost laws) + launching the whole cluster at the 2030 "
        "curve price; like the paper, no GPUs, servers, bus electronics, insurance or operations."))

    cf = float(ill.mean_sunlit_fraction)
    rows.append(Comparison(
        "dawn-dusk capacity factor of the array", cf, p.published_capacity_factor, "1",
        "Ours: annual mean sunlit fraction of the 650 km dawn-dusk orbit (the pipeline's illumination table; the "
        "eclipse season is "
        "May-August). The paper says '>95 %', so ours agrees with its bound."))

    findings = [
        f"The radiator physics in the paper is right: 2 sigma T^4 at 20 C is {black:.0f} W/m^2 and "
        f"{emitted:.0f} W/m^2 at emissivity {p.emissivity:g}.",
        f"The economics are not: a 40 MW cluster built from our catalogue's H100 satellites weighs "
        f"{mass / 1e3:,.0f} t ({launches} Starship launches, not one), its solar arrays alone cost "
        f"{array_usd / 1e6:,.0f} M USD at space-array prices, and power, cooling and launch come to "
        f"{ours_total / 1e6:,.0f} M USD against the paper's {p.published_space_total_usd / 1e6:g} M USD.",
        "Both sides of the paper's table leave out most capital: on Earth the building and electrical plant, in "
        "orbit the satellite buses, structure and shielding. Energy is the only like-for-like line, and that is "
        "why orbit looks twenty times cheaper in it.",
        f"Arithmetic in the source: $5M per 100 t launch is {p.published_space_launch_usd / p.published_launch_payload_kg:g} "
        "USD/kg, not the $30/kg it quotes.",
    ]

    figures: list[Path] = []
    if outdir is not None:
        from .. import plots

        bd = {"Earth (paper)": {"energy": p.published_terrestrial_energy_usd / 1e6,
                                "cooling": p.published_terrestrial_cooling_usd / 1e6,
                                "backup power": p.published_terrestrial_backup_power_usd / 1e6},
              f"Earth ({cheap}, ours)": {"energy": energy[cheap] / 1e6, "facility build": build / 1e6},
              "space (paper)": {"solar array": p.published_space_solar_array_usd / 1e6,
                                "launch": p.published_space_launch_usd / 1e6,
                                "other": (p.published_space_total_usd - p.published_space_solar_array_usd
                                          - p.published_space_launch_usd) / 1e6},
              "space (ours, 2030 launch)": {"solar array": array_usd / 1e6,
                                            "radiators + batteries": (power_thermal - array_usd) / 1e6,
                                            "launch": mass * p2030 / 1e6}}
        fig = plots.cost_breakdown(bd, unit="million USD over ten years (no GPUs)",
                                   title="Starcloud's 40 MW ten-year table and the same cluster with our physics",
                                   source_note="Paper figures via secondary summaries (models/starcloud_whitepaper.toml); "
                                               "ours: models/sites.toml, scenarios/default.toml, cost_laws.toml.")
        figures += plots.save(fig, outdir, "starcloud_cost_table")
        fig = plots.ours_vs_published(
            ["black plate", "emitted (eps 0.92)", "absorbed", "net"],
            [black, emitted, q_abs, emitted - q_abs],
            [p.published_black_plate_w_per_m2, p.published_emitted_w_per_m2, p.published_absorbed_w_per_m2,
             p.published_net_rejection_w_per_m2], unit="W per m^2 of panel (two faces, 20 C)",
            title="Starcloud radiator figures vs ours", source_note="Ours: 2 eps sigma T^4 (CODATA sigma); absorbed "
                                                                  "load for an edge-on panel at 650 km.")
        figures += plots.save(fig, outdir, "starcloud_radiator")

    return Reproduction(name="starcloud", title=TITLE, publication=PUBLICATION, target=TARGET,
                        inputs=[f"models/{KIND}.toml [{ENTRY}]", "models/environment.toml [earth]",
                                "models/radiators.toml [edge_on_dawn_dusk]", "models/sites.toml (US sites)",
                                f"models/scenarios/{SCENARIO}.toml (spacecraft h100_sat_650, silicon cells)",
                                "models/cost_laws.toml [default]",
                                "models/launch_curves.toml [starship_cadence]"],
                        comparisons=rows, findings=findings, figures=figures)
