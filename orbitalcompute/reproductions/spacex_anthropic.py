"""The SpaceX-Anthropic compute agreement: the implied price of a GPU-hour and
of a MW-year, against our modelled cost of the same capacity in Memphis and in orbit.

The agreement (``models/spacex_anthropic2026.toml``, from press reports of
SpaceX's 2026 IPO filing and the parties' announcement): about 1.25 billion
USD per month for access to about 220,000 NVIDIA GPUs and roughly 300 MW at
the Colossus data centres in Memphis.  Implied prices:

.. math::

    p_{GPU\\text{-}h} = \\frac{12\\,C_{month}}{N_{GPU}\\,H_{yr}}, \\qquad
    p_{MW\\text{-}yr} = \\frac{12\\,C_{month}}{P_{MW}},

with :math:`H_{yr}` the hours of a Julian year.  Against them: our levelised
cost of a delivered GPU-hour at the Memphis site (``models/sites.toml``) and
from the H100 satellite design of ``models/spacecraft.toml`` in a 650 km
dawn-dusk orbit, and the launch price at which that orbital GPU-hour would
cost what Anthropic pays.
"""

from __future__ import annotations

from pathlib import Path


from ..catalog import parameter_set, quantity
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


def _orbital_cost(gpu: str, launch_price_usd_per_kg, design_name: str = "h100_sat_650"):
    """Cost per GPU-hour of the catalogue satellite design with GPU ``gpu``."""
    from .. import catalog, illumination
    from ..economics.orbital import orbital_cost_per_gpu_h
    from ..spacecraft import design, reference_design

    orbit = catalog.load("orbits", "dawn_dusk_sso_650")
    summ = illumination.annual_summary(orbit, method="analytic")
    params = reference_design(design_name, gpu_model=gpu)
    d = design(params, sunlit_fraction=summ.mean_sunlit_fraction, eclipse_duration_s=summ.longest_eclipse_s,
               altitude_km=orbit.altitude_km)
    r = orbital_cost_per_gpu_h(d, gpu=params.gpu, cells=params.cells,
                               launch_price_usd_per_kg=launch_price_usd_per_kg)
    return r, d, params


def run(outdir: Path | None = None, quick: bool = False) -> Reproduction:
    from .. import catalog, launch
    from ..constants import HOUR_S, JULIAN_YEAR_S
    from ..economics.terrestrial import site, terrestrial_cost_per_gpu_h

    deal: ComputeDealInputs = catalog.load(KIND, ENTRY)
    hours = JULIAN_YEAR_S / HOUR_S
    annual = deal.monthly_payment_usd * _MONTHS_PER_YR
    price_gpu_h = annual / (deal.gpu_count * hours)
    price_mw_yr = annual / deal.facility_power_mw
    w_per_gpu_deal = deal.facility_power_mw * _W_PER_MW / deal.gpu_count

    memphis = site("memphis_tn")
    rows: list[Comparison] = []
    ours = {}
    for gpu in ("h100_sxm", "b200"):
        g = catalog.load("gpus", gpu)
        it_w = g.board_power_w + g.host_power_per_gpu_w
        t = terrestrial_cost_per_gpu_h(memphis, gpu_unit_price_usd=g.unit_price_usd, it_power_per_gpu_w=it_w,
                                       gpu_failure_rate_per_yr=g.failure_rate_per_yr)
        ours[gpu] = (float(t["cost_usd_per_gpu_h"]), it_w, t)
    h100_cost, h100_w, h100_t = ours["h100_sxm"]
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

    date = 2030.0
    p_launch = float(launch.price_usd_per_kg("cadence", date_yr=date))
    orb, d, params = _orbital_cost(params_gpu := "h100_sxm", p_launch)
    orb_cost = float(orb["cost_usd_per_gpu_h"])
    rows.append(Comparison(
        f"orbit (650 km dawn-dusk, H100 satellites, launch {p_launch:,.0f} USD/kg in {date:g}): our cost per "
        "GPU-hour", orb_cost, price_gpu_h, "USD/(GPU h)",
        f"Catalogue H100 satellite design ({float(d.gpu_count):g} GPUs, {float(d.total_mass_kg):,.0f} kg, "
        f"{float(d.lifetime_yr):g}-year life, goodput {float(d.goodput_fraction):.0%}) costed at the launch price "
        "the catalogue's Starship cadence curve gives for the launch year; same finance as on the ground."))
    # launch price at which an orbital GPU-hour costs what Anthropic pays (cost is affine in launch price)
    c0 = float(_orbital_cost(params_gpu, 0.0)[0]["cost_usd_per_gpu_h"])
    slope = (orb_cost - c0) / p_launch
    p_star = (price_gpu_h - c0) / slope
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
              f"orbit H100, {date:g} (ours)": {k: float(v) for k, v in orb["breakdown_usd_per_gpu_h"].items()}}
        fig = plots.cost_breakdown(bd, title="Anthropic's price per GPU-hour vs what it costs to make one",
                                   source_note="Deal: press reports of SpaceX's S-1 and the 6 May 2026 "
                                               "announcement (secondary). Ours: models/sites.toml [memphis_tn], "
                                               "models/spacecraft.toml [h100_sat_650].")
        figures += plots.save(fig, outdir, "spacex_anthropic_price_vs_cost")

    return Reproduction(name="spacex_anthropic", title=TITLE, publication=PUBLICATION, target=TARGET,
                        inputs=[f"models/{KIND}.toml [{ENTRY}]", "models/sites.toml [memphis_tn]",
                                "models/gpus.toml [h100_sxm, b200]", "models/finance.toml [default]",
                                "models/spacecraft.toml [h100_sat_650]", "models/cost_laws.toml [default]",
                                "models/launch_curves.toml [starship_cadence]"],
                        comparisons=rows, findings=findings, figures=figures)
