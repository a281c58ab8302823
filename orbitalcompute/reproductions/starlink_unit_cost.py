r"""Starlink V2 mini unit cost: the bottom-up cost laws against the published
whole-satellite estimates.

The orbital cost model prices satellite hardware one of two ways
(``costs.hardware_cost_model``): a whole-satellite law per kg of the
non-compute satellite (or per W of array), anchored on the published Starlink unit costs, or
bottom-up component laws (array price per W of the cell technology in
``models/solar_cells.toml``, bus parts per kg, radiator per m$^2$, battery per
kWh, integration and deorbit fractions, in ``models/cost_laws.toml``).  This
reproduction applies both to a Starlink V2 mini-like satellite (730 kg,
27 kW silicon array of 116 m$^2$; ``models/starlink_unit_cost.toml``) and
compares with the published unit-cost estimates (Quilty Space via CNBC
USD 800k; McCalip's USD 590k):

$$K_{bottom\text{-}up} = (1 + f_{int} + f_{do})\,(c_W P_{array} + c_{bus}\,(m - A\,\sigma_{array})),
\qquad K_{whole} = c_{sat}\,m$$

at the anchor of the learning curve (learning factor 1, no NRE: the estimates
are recurring unit costs).  Constellation-scale component prices are not
published (the Aerospace Corporation small-satellite CERs are not public and
are calibrated on one-off satellites), so the bottom-up laws' central values
are chosen consistently with these estimates: the rows show the two cost
structures agree with each other and with the published range; they are a
consistency check, not an independent validation.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import parameter_set, quantity
from . import Comparison, Reproduction

__all__ = ["StarlinkUnitCostInputs", "run", "TITLE", "PUBLICATION", "TARGET", "unit_costs_usd"]

TITLE = "Starlink V2 mini unit cost: bottom-up and whole-satellite cost laws vs published estimates"
PUBLICATION = ("Quilty Space estimates reported by CNBC (2024): V2 mini ~$800,000 at 730 kg (secondary); "
               "A. McCalip's orbital data-centre model (2025, github andrewmccalip/thoughts): $590k, $22/W")
TARGET = "whole-satellite unit cost of Starlink V2 mini [USD]"
KIND = "starlink_unit_cost"
ENTRY = "v2_mini"


@parameter_set
class StarlinkUnitCostInputs:
    """A satellite's published unit-cost estimates and its size."""

    published_unit_cost_usd: float = quantity("USD", gt=0)
    published_low_unit_cost_usd: float = quantity("USD", gt=0)
    mass_kg: float = quantity("kg", gt=0)
    array_power_w: float = quantity("W", gt=0)
    array_area_m2: float = quantity("m2", gt=0)


def unit_costs_usd(p: StarlinkUnitCostInputs, costs=None, cells=None) -> dict:
    """Unit cost of the V2 mini-like satellite under both hardware cost models
    (``{"bottom_up": {line: USD}, "whole_satellite": {...}, "whole_satellite_per_w": {...}}``), through
    `orbitalcompute.core.costs.orbital_cost` (the same kernel as the pipeline)."""
    from .. import catalog
    from ..core import costs as _costs
    from ..economics.orbital import orbital_kernel_inputs

    c = catalog.load("cost_laws", "default") if costs is None else costs
    # the estimates are recurring unit costs at the anchor of the learning curve
    c = c.replace(programme_nre_usd=0.0, learning_rate=1.0)
    cells = catalog.load("solar_cells", "silicon") if cells is None else cells
    gpu = catalog.load("gpus", "h100_sxm")
    f = catalog.load("finance", "default")
    array_mass = p.array_area_m2 * cells.array_areal_mass_kg_per_m2
    design = dict(gpu_count=0.0, it_power_w=p.array_power_w, power_bol_w=p.array_power_w,
                  radiator_area_m2=0.0, battery_energy_wh=0.0, bus_mass_kg=p.mass_kg - array_mass,
                  optical_link_mass_kg=0.0, shielding_mass_kg=0.0, solar_array_mass_kg=array_mass,
                  battery_mass_kg=0.0, radiator_mass_kg=0.0, total_mass_kg=p.mass_kg,
                  lifetime_yr=5.0, goodput_fraction=1.0)
    out = {}
    for model in ("bottom_up", "whole_satellite", "whole_satellite_per_w"):
        kw = orbital_kernel_inputs(c.replace(hardware_cost_model=model), f, cells, gpu)
        r = _costs.orbital_cost(**design, gpu_unit_price_usd=gpu.unit_price_usd, billed_mass_kg=0.0,
                                launch_price_usd_per_kg=0.0, **{**kw, "insurance_fraction": 0.0})
        out[model] = {k: float(v) for k, v in r["capex_by_category_usd"].items() if float(v) != 0.0}
    return out


def run(outdir: Path | None = None, quick: bool = False) -> Reproduction:
    """Run this reproduction (see the module docstring for what it reproduces);
    figures go to ``outdir`` when given, ``quick`` coarsens time steps and grids.
    Called through [`orbitalcompute.reproductions.run`][orbitalcompute.reproductions.run]."""
    from .. import catalog

    p: StarlinkUnitCostInputs = catalog.load(KIND, ENTRY)
    c = catalog.load("cost_laws", "default")
    cells = catalog.load("solar_cells", "silicon")
    u = unit_costs_usd(p, c, cells)
    bu, ws, wp = u["bottom_up"], u["whole_satellite"], u["whole_satellite_per_w"]
    array_mass = p.array_area_m2 * cells.array_areal_mass_kg_per_m2
    rows = [
        Comparison(
            "V2 mini unit cost, bottom-up laws", sum(bu.values()), p.published_unit_cost_usd, "USD",
            f"Ours: silicon array {cells.array_usd_per_w:g} USD/W x {p.array_power_w:,.0f} W = "
            f"{bu['solar_array']:,.0f} USD; the rest of the satellite ({p.mass_kg:,.0f} kg - "
            f"{p.array_area_m2:g} m2 x {cells.array_areal_mass_kg_per_m2:g} kg/m2 of array = "
            f"{p.mass_kg - array_mass:,.0f} kg: structure, avionics, propulsion, phased-array and laser "
            f"payload) at {c.bus_usd_per_kg:,.0f} USD/kg = {bu['bus']:,.0f} USD; integration "
            f"{c.integration_fraction:g} and deorbit {c.deorbit_fraction:g} of the parts. No battery or "
            "radiator line (not published for V2 mini). Published: Quilty Space $800k; McCalip's model "
            f"$590k: ours lies in that range. The component prices are chosen consistently with these "
            "estimates (constellation-scale component prices are not published), so this is a consistency "
            "check of the two cost structures, not an independent validation."),
        Comparison(
            "V2 mini unit cost, whole-satellite law", sum(ws.values()), p.published_unit_cost_usd, "USD",
            f"Ours: {c.satellite_usd_per_kg:,.0f} USD/kg x {p.mass_kg:,.0f} kg, the median of the published "
            "Starlink unit costs per kg (V1 ~770, V1.5 ~820, V2 mini ~1,096 USD/kg; models/cost_laws.toml)."),
        Comparison(
            "V2 mini whole-satellite cost per W of array", sum(bu.values()) / p.array_power_w,
            p.published_low_unit_cost_usd / p.array_power_w, "USD/W",
            "Published: McCalip's $22/W ($590k / 27 kW). The array itself costs "
            f"{cells.array_usd_per_w:g} USD/W of it: an array cannot cost as much as the whole satellite."),
        Comparison(
            "V2 mini unit cost, whole-satellite per-W law", sum(wp.values()), p.published_unit_cost_usd, "USD",
            f"Ours: {c.satellite_usd_per_w:g} USD/W x {p.array_power_w:,.0f} W of array, the median of the "
            "published 22 (McCalip) to 29.6 (Quilty Space / 27 kW) USD/W; by construction inside the range "
            "(the law's range is these two estimates)."),
    ]
    findings = [
        f"Bottom-up {sum(bu.values()) / 1e3:,.0f}k USD, whole-satellite {sum(ws.values()) / 1e3:,.0f}k USD "
        f"(per kg) and {sum(wp.values()) / 1e3:,.0f}k USD (per W) all lie within the published {p.published_low_unit_cost_usd / 1e3:,.0f}k-"
        f"{p.published_unit_cost_usd / 1e3:,.0f}k USD range.",
        "The two cost structures are alternatives (costs.hardware_cost_model): the whole-satellite law is never "
        "stacked with separate array, radiator, battery, bus or integration lines.",
    ]
    return Reproduction(name="starlink_unit_cost", title=TITLE, publication=PUBLICATION, target=TARGET,
                        inputs=[f"models/{KIND}.toml [{ENTRY}]", "models/cost_laws.toml [default]",
                                "models/solar_cells.toml [silicon]"],
                        comparisons=rows, findings=findings, figures=[])
