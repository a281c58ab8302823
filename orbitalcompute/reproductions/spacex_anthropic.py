"""The SpaceX-Anthropic compute agreement: the implied price of a GPU-hour and
of a MW-year, against our modelled cost of the same capacity in Memphis and in orbit.

The agreement (``models/spacex_anthropic2026.toml``, from press reports of
SpaceX's 2026 IPO filing and the parties' announcement): about 1.25 billion
USD per month for access to about 220,000 NVIDIA GPUs and roughly 300 MW at
the Colossus data centres in Memphis.  Implied prices:

$$
p_{GPU\\text{-}h} = \\frac{12\\,C_{month}}{N_{GPU}\\,H_{yr}}, \\qquad
p_{MW\\text{-}yr} = \\frac{12\\,C_{month}}{P_{MW}},
$$

with $H_{yr}$ the hours of a Julian year.  Against them: our levelised
cost of a delivered GPU-hour at the Memphis site (``models/sites.toml``) and
from the H100 satellite design of ``models/spacecraft.toml`` in a 650 km
dawn-dusk orbit, and the launch price at which that orbital GPU-hour would
cost what Anthropic pays.
"""

from __future__ import annotations

from pathlib import Path


from ..catalog import parameter_set, quantity
from ..core.costs import ORBITAL_CATEGORIES
from . import Comparison, Reproduction

__all__ = ["ComputeDealInputs", "run", "TITLE", "PUBLICATION", "TARGET"]

TITLE = "SpaceX-Anthropic Colossus deal: implied price per GPU-hour vs our cost in Memphis and in orbit"
PUBLICATION = ("SpaceX S-1 (May 2026) and the Anthropic-SpaceX announcement of 6 May 2026, as reported in the "
               "press (1.25 billion USD/month; ~220,000 NVIDIA GPUs; ~300 MW at Colossus, Memphis)")
TARGET = "implied USD per GPU-hour and per MW-year, against modelled cost in Memphis and in orbit"
KIND = "spacex_anthropic2026"
ENTRY = "colossus_deal_2026"
_MONTHS_PER_YR = 12.0
_W_PER_MW = 1.0e6


@parameter_set
class ComputeDealInputs:
    """A compute-rental agreement: what is paid and for how much capacity."""

    monthly_payment_usd: float = quantity("USD", gt=0)
    gpu_count: float = quantity("1", gt=0)
    facility_power_mw: float = quantity("MW", gt=0)


#: the scenario the orbital and Memphis rows evaluate (``models/scenarios/default.toml``: 81 H100
#: satellites, 650 km dawn-dusk SSO, Starship cadence-curve price of the launch year)
SCENARIO = "default"
SITE = "memphis_tn"


def _with_gpu(s, gpu: str):
    """The scenario with another catalogue GPU (the satellite is redesigned around it)."""
    from .. import catalog

    return s.replace(gpu=catalog.load("gpus", gpu), spacecraft=s.spacecraft.replace(gpu_model=gpu))


def run(outdir: Path | None = None, quick: bool = False) -> Reproduction:
    """Run this reproduction (see the module docstring for what it reproduces);
    figures go to ``outdir`` when given, ``quick`` coarsens time steps and grids.
    Called through [`orbitalcompute.reproductions.run`][orbitalcompute.reproductions.run]."""
    from .. import catalog
    from ..constants import HOUR_S, JULIAN_YEAR_S
    from ..pipeline import SITE_CATEGORIES, evaluate
    from ..scenario import load_scenario

    deal: ComputeDealInputs = catalog.load(KIND, ENTRY)
    hours = JULIAN_YEAR_S / HOUR_S
    annual = deal.monthly_payment_usd * _MONTHS_PER_YR
    price_gpu_h = annual / (deal.gpu_count * hours)
    price_mw_yr = annual / deal.facility_power_mw
    w_per_gpu_deal = deal.facility_power_mw * _W_PER_MW / deal.gpu_count

    scen = load_scenario(SCENARIO)
    memphis = scen.sites[SITE]
    rows: list[Comparison] = []
    ours = {}
    pre = f"site_{SITE}_"
    for gpu in ("h100_sxm", "b200"):
        out = evaluate(_with_gpu(scen, gpu), reference_cost_usd_per_gpu_h=price_gpu_h)
        t = {"cost_usd_per_gpu_h": out[pre + "cost_usd_per_gpu_h"],
             "breakdown_usd_per_gpu_h": {c: out[f"{pre}{c}_usd_per_gpu_h"] for c in SITE_CATEGORIES}}
        ours[gpu] = (float(t["cost_usd_per_gpu_h"]), float(out["it_power_w"] / out["gpu_count"]), t, out)
    h100_cost, h100_w, h100_t, orb = ours["h100_sxm"]
    rows.append(Comparison(
        "Memphis, H100 server: our cost vs the deal's implied price per GPU-hour", h100_cost, price_gpu_h,
        "USD/(GPU h)",
        f"Implied price = 12 x {deal.monthly_payment_usd / 1e9:g} B USD / ({deal.gpu_count:,.0f} GPUs x "
        f"{hours:.0f} h) = {price_gpu_h:.2f} USD per GPU-hour. Ours is a levelised cost (capital recovered at "
        "the catalogue WACC, electricity, facility, staff, failures) with no seller's margin; the deal is a "
        "price that also covers SpaceX's margin, the reported mix of H100, H200 and GB200, and (per the S-1 "
        "reports) capacity in Colossus II as well as Colossus 1, so the implied price per GPU of Colossus 1 is "
        "an upper bound."))
    b200_cost = ours["b200"][0]
    rows.append(Comparison(
        "Memphis, B200 server: our cost vs the deal's implied price per GPU-hour", b200_cost, price_gpu_h,
        "USD/(GPU h)",
        "The same with the catalogue's B200 (a stand-in for the GB200s in the mix): a dearer, more powerful "
        "GPU; the truth for the mixed fleet lies between the two rows."))
    our_w_per_gpu = h100_w * float(memphis.pue)
    rows.append(Comparison(
        "facility power per GPU", our_w_per_gpu, w_per_gpu_deal, "W",
        f"The deal's {deal.facility_power_mw:g} MW / {deal.gpu_count:,.0f} GPUs against our H100 server "
        f"({h100_w:g} W of IT per GPU, board plus host share) times Memphis's PUE {float(memphis.pue):g}. "
        "The announcement does not say whether 300 MW is IT or facility power, nor how many GPUs are H100 vs "
        "GB200 (a GB200 draws more), so agreement within a few tens of percent is what to expect."))
    our_mw_yr = h100_cost * hours * _W_PER_MW / our_w_per_gpu
    rows.append(Comparison(
        "Memphis, H100: our cost per MW-year of facility power", our_mw_yr, price_mw_yr, "USD/(MW yr)",
        f"Implied: 12 x {deal.monthly_payment_usd / 1e9:g} B USD / {deal.facility_power_mw:g} MW. Ours: our cost "
        "per GPU-hour x hours x GPUs per MW at our power per GPU. A MW-year of electricity alone in Memphis "
        f"costs {float(memphis.electricity_price_usd_per_kwh) * 1e3 * hours / 1e6:.2f} M USD: the price is "
        "for GPUs, not power."))

    date = float(scen.launch.launch_date_yr)
    p_launch = float(orb["launch_price_usd_per_kg"])
    orb_cost = float(orb["orbital_cost_usd_per_gpu_h"])
    rows.append(Comparison(
        f"orbit (650 km dawn-dusk, H100 satellites, launch {p_launch:,.0f} USD/kg in {date:g}): our cost per "
        "GPU-hour", orb_cost, price_gpu_h, "USD/(GPU h)",
        f"The report's scenario '{SCENARIO}' (models/scenarios/{SCENARIO}.toml): catalogue H100 satellite design "
        f"({float(orb['gpu_count']):g} GPUs, {float(orb['satellite_mass_kg']):,.0f} kg, "
        f"{float(orb['lifetime_yr']):g}-year life, goodput {float(orb['goodput_fraction']):.0%}) costed at the "
        "launch price the catalogue's Starship cadence curve gives for the launch year; same finance as on the "
        "ground; `orbitalcompute report` prints the same number."))
    # launch price at which an orbital GPU-hour costs what Anthropic pays: the pipeline's break-even kernel
    c0 = float(orb["orbital_free_launch_cost_usd_per_gpu_h"])
    p_star = float(orb["reference_breakeven_unclipped_usd_per_kg"])
    rows.append(Comparison(
        "launch price at which an orbital H100 GPU-hour costs the deal's price", p_star if p_star > 0 else None,
        None, "USD/kg",
        "No published figure: this is what the comparison implies. Orbital cost is affine in launch price "
        f"(our cost at free launch: {c0:.2f} USD per GPU-hour); "
        + (f"below {p_star:,.0f} USD/kg an orbital H100 would cost less than Anthropic pays per GPU-hour "
           "(before any margin)." if p_star > 0 else
           "even free launch leaves an orbital H100 dearer than the deal's price.")))

    findings = [
        f"The deal prices a GPU-hour at {price_gpu_h:.2f} USD: {price_gpu_h / h100_cost:.1f}x our levelised cost of "
        f"an H100-hour in Memphis ({h100_cost:.2f} USD) and {price_gpu_h / b200_cost:.1f}x that of a B200-hour "
        f"({b200_cost:.2f} USD). The gap is the seller's margin, the premium for capacity available at once at "
        "this scale, and whatever our cost model leaves out.",
        f"At that price an orbital H100 GPU-hour ({orb_cost:.2f} USD at {date:g} launch prices) "
        + ("would be competitive as a product even though it costs more than the ground."
           if orb_cost < price_gpu_h else "would not even be competitive with the rental price."),
        f"Electricity for 300 MW in Memphis is ~{float(memphis.electricity_price_usd_per_kwh) * deal.facility_power_mw * 1e3 * hours / 1e9:.2f} "
        f"B USD a year against {annual / 1e9:.0f} B USD paid: {float(memphis.electricity_price_usd_per_kwh) * deal.facility_power_mw * 1e3 * hours / annual:.1%}. "
        "Free solar power in orbit attacks a small part of what this customer pays for.",
    ]

    figures: list[Path] = []
    if outdir is not None:
        from .. import plots

        bd = {"deal price (implied)": {"price": price_gpu_h},
              "Memphis H100 (ours)": {k: float(v) for k, v in h100_t["breakdown_usd_per_gpu_h"].items()},
              f"orbit H100, {date:g} (ours)": {c: float(orb[f"orbital_{c}_usd_per_gpu_h"])
                                              for c in ORBITAL_CATEGORIES}}
        fig = plots.cost_breakdown(bd, title="Anthropic's price per GPU-hour vs what it costs to make one",
                                   source_note="Deal: press reports of SpaceX's S-1 and the 6 May 2026 "
                                               "announcement (secondary). Ours: models/sites.toml [memphis_tn], "
                                               "models/spacecraft.toml [h100_sat_650].")
        figures += plots.save(fig, outdir, "spacex_anthropic_price_vs_cost")

    return Reproduction(name="spacex_anthropic", title=TITLE, publication=PUBLICATION, target=TARGET,
                        inputs=[f"models/{KIND}.toml [{ENTRY}]", "models/sites.toml [memphis_tn]",
                                "models/gpus.toml [h100_sxm, b200]", "models/finance.toml [default]",
                                f"models/scenarios/{SCENARIO}.toml (spacecraft h100_sat_650, silicon cells)",
                                "models/cost_laws.toml [default]",
                                "models/launch_curves.toml [starship_cadence]"],
                        comparisons=rows, findings=findings, figures=figures)
