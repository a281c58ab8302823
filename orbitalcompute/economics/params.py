"""Parameter sets (typed, sourced, pytree) of the economics models.

Each class types one catalogue file:

| class | file | entries |
|---|---|---|
| [`SiteParams`][orbitalcompute.economics.params.SiteParams] | ``models/sites.toml`` | terrestrial sites/markets |
| [`FinanceParams`][orbitalcompute.economics.params.FinanceParams] | ``models/finance.toml`` | WACC, lives, utilisation |
| [`CostLawParams`][orbitalcompute.economics.params.CostLawParams] | ``models/cost_laws.toml`` | satellite cost laws, ops |
| [`CarbonParams`][orbitalcompute.economics.params.CarbonParams] | ``models/carbon.toml`` | launch emissions per kg |
| [`LaunchVehicleParams`][orbitalcompute.economics.params.LaunchVehicleParams] | ``models/launch_vehicles.toml`` | payload, fairing, price |
| [`LaunchCurveParams`][orbitalcompute.economics.params.LaunchCurveParams] | ``models/launch_curves.toml`` | learning / bottom-up / cadence |

[`LaunchParams`][orbitalcompute.economics.params.LaunchParams] is not a catalogue file: a scenario builds it (launch
price or curve, launch date, vehicle, number of satellites).
"""

from __future__ import annotations

from ..catalog import category, component, parameter_set, quantity

__all__ = ["SiteParams", "FinanceParams", "CostLawParams", "CarbonParams",
           "LaunchVehicleParams", "LaunchCurveParams", "LaunchParams"]


@parameter_set
class SiteParams:
    """A terrestrial data-centre site or market."""

    electricity_price_usd_per_kwh: float = quantity("USD/kWh", ge=0, doc="Industrial electricity price")
    pue: float = quantity("1", ge=1, le=5, doc="Power usage effectiveness (facility / IT energy)")
    construction_usd_per_mw: float = quantity("USD/MW", ge=0, doc="Build cost per MW of IT (critical) load")
    land_usd_per_mw: float = quantity("USD/MW", ge=0, doc="Land cost per MW of IT load")
    water_l_per_kwh: float = quantity("L/kWh", ge=0, doc="Water usage effectiveness, per kWh of IT energy")
    water_price_usd_per_m3: float = quantity("USD/m3", ge=0, doc="Industrial water and sewer price")
    grid_intensity_kgco2_per_kwh: float = quantity("kgCO2/kWh", ge=0, doc="Grid carbon intensity")
    time_to_power_months: float = quantity("months", ge=0, doc="Months until grid power is available")
    latitude_deg: float = quantity("deg", ge=-90, le=90, doc="Geodetic latitude (north positive)")
    longitude_deg: float = quantity("deg", ge=-180, le=180, doc="Longitude (east positive)")
    onsite_generation_usd_per_mw: float = quantity(
        "USD/MW", ge=0, default=0.0,
        doc="Behind-the-meter generation capex per MW of facility load (0: grid-supplied); recovered at the WACC over the building's life")
    heat_rate_btu_per_kwh: float = quantity("Btu/kWh", ge=0, default=0.0, doc="Heat rate of on-site gas generation (0: none)")
    gas_price_usd_per_mmbtu: float = quantity("USD/MMBtu", ge=0, default=0.0, doc="Delivered gas price for on-site generation")
    country: str = category(default="", doc="ISO 3166 country code")


@parameter_set
class FinanceParams:
    """Financing and operating assumptions shared by both sides."""

    wacc: float = quantity("1", ge=0, lt=1, doc="Weighted average cost of capital of the terrestrial side, per year")
    orbital_wacc: float = quantity("1", ge=0, lt=1, doc="Weighted average cost of capital of the orbital side, per year")
    gpu_useful_life_yr: float = quantity("yr", gt=0, doc="Depreciation life of GPU servers (ground)")
    building_useful_life_yr: float = quantity("yr", gt=0, doc="Useful life of the building and plant")
    utilisation: float = quantity("1", gt=0, le=1, doc="Fraction of hours a GPU is sold/busy")
    server_overhead_fraction: float = quantity(
        "1", ge=0, doc="Non-GPU server and network capex as a fraction of the GPU price")
    facility_om_per_yr: float = quantity("1/yr", ge=0, doc="Facility maintenance, fraction of build cost per year")
    staffing_usd_per_kw_yr: float = quantity("USD/(kW yr)", ge=0, doc="Site staffing per kW of IT per year")
    construction_months: float = quantity(
        "months", ge=0, doc="Building construction time (facility capital spent evenly over it)")
    rental_price_usd_per_gpu_h: float = quantity(
        "USD/(GPU h)", ge=0, doc="Price a GPU-hour rents for (NPV, IRR and payback of both sides)")
    gpu_install_months: float = quantity(
        "months", ge=0, doc="Months from paying for ground GPUs (delivery) to their first GPU-hour")


@parameter_set
class CostLawParams:
    """Satellite hardware cost laws and orbital operations."""

    satellite_usd_per_kg: float = quantity(
        "USD/kg", ge=0, doc="Whole-satellite unit cost per kg of the non-compute satellite (hardware_cost_model = 'whole_satellite')")
    satellite_usd_per_w: float = quantity(
        "USD/W", ge=0, doc="Whole-satellite unit cost per W of BOL array power, compute excluded (hardware_cost_model = 'whole_satellite_per_w')")
    radiator_usd_per_m2: float = quantity("USD/m2", ge=0, doc="Deployable radiator cost per m^2")
    battery_usd_per_kwh: float = quantity("USD/kWh", ge=0, doc="Battery cost per kWh of capacity")
    bus_usd_per_kg: float = quantity("USD/kg", ge=0, doc="Bus parts (structure, ADCS, propulsion, avionics, optical terminals) per kg, not a whole-satellite figure (bottom_up)")
    shielding_usd_per_kg: float = quantity("USD/kg", ge=0, doc="Radiation shielding per kg")
    integration_fraction: float = quantity("1", ge=0, doc="Assembly, integration and test, fraction of hardware")
    compute_space_premium_fraction: float = quantity(
        "1", ge=0, doc="Extra cost of flight-qualifying compute, fraction of server cost")
    insurance_fraction: float = quantity("1", ge=0, le=1, doc="Launch + first-year insurance, fraction of insured value")
    deorbit_fraction: float = quantity("1", ge=0, doc="Deorbit capability (propellant, disposal), fraction of hardware")
    ground_segment_usd_per_kw_yr: float = quantity(
        "USD/(kW yr)", ge=0, doc="Ground stations and backhaul bandwidth per kW of IT per year")
    operations_usd_per_yr: float = quantity("USD/yr", ge=0, doc="Mission operations per satellite per year")
    time_to_power_months: float = quantity("months", ge=0, doc="Months from paying for satellite hardware and launch to first orbital GPU-hour")
    compute_carry_months: float = quantity(
        "months", ge=0, doc="Months from buying the GPUs (at satellite integration) to first orbital GPU-hour")
    programme_nre_usd: float = quantity("USD", ge=0, doc="Programme development (non-recurring) cost, spread over the programme's satellites")
    programme_it_power_w: float = quantity("W", gt=0, doc="IT power of the programme's whole production run (NRE share per W, Wright learning batch)")
    learning_rate: float = quantity("1", gt=0.5, le=1, doc="Wright progress ratio of satellite unit cost per doubling of units built")
    learning_anchor_count: float = quantity("1", gt=0, doc="Cumulative satellites built at which the unit-cost anchor holds")
    prior_satellite_count: float = quantity("1", ge=0, doc="Satellites the manufacturer built before this fleet")
    hardware_cost_model: str = category(("whole_satellite", "whole_satellite_per_w", "bottom_up"), default="whole_satellite",
                                        doc="How satellite hardware is priced (one law per piece, no double counting)")
    failure_handling: str = category(("unrepaired", "spares"), default="unrepaired",
                                     doc="In-orbit GPU failures: capacity decays, or cold spares are flown")
    economic_life: str = category(("capped_by_gpu_life", "physical"), default="capped_by_gpu_life",
                                  doc="Satellite economic life: min(physical, GPU useful life), or the physical life")


@parameter_set
class CarbonParams:
    """Emission factors of the orbital side."""

    launch_kgco2_per_kg: float = quantity("kgCO2/kg", ge=0, doc="Launch CO2 per kg of payload")
    manufacturing_kgco2_per_kg: float = quantity(
        "kgCO2/kg", ge=0, default=0.0, doc="Satellite manufacturing CO2 per kg (0 where not sourced)")


@parameter_set
class LaunchVehicleParams:
    """A launch vehicle (or rideshare service)."""

    payload_leo_kg: float = quantity("kg", gt=0, doc="Payload to low Earth orbit (~28.5 deg, ~200-500 km)")
    payload_sso_kg: float = quantity("kg", gt=0, doc="Payload to ~500-650 km sun-synchronous orbit")
    fairing_volume_m3: float = quantity("m3", gt=0, doc="Usable payload volume")
    list_price_usd_per_kg: float | None = quantity("USD/kg", ge=0, default=None,
                                                   doc="Published price per kg (None: no list price)")
    reuse: str = category(("expendable", "booster_reuse", "full_reuse", "rideshare"), default="expendable")


@parameter_set
class LaunchCurveParams:
    """One launch-price curve (fields used depend on ``family``)."""

    family: str = category(("wright", "bottom_up", "cadence", "log_linear"))
    anchor_price_usd_per_kg: float | None = quantity("USD/kg", gt=0, default=None)
    anchor_cumulative_mass_t: float | None = quantity("t", gt=0, default=None)
    learning_rate: float | None = quantity("1", gt=0, lt=1, default=None)
    vehicle_cost_usd: float | None = quantity("USD", ge=0, default=None)
    reuse_count: float | None = quantity("1", ge=1, default=None)
    refurbishment_fraction: float | None = quantity("1", ge=0, default=None)
    oxidiser_mass_t: float | None = quantity("t", ge=0, default=None)
    oxidiser_price_usd_per_t: float | None = quantity("USD/t", ge=0, default=None)
    fuel_mass_t: float | None = quantity("t", ge=0, default=None)
    fuel_price_usd_per_t: float | None = quantity("USD/t", ge=0, default=None)
    operations_usd: float | None = quantity("USD", ge=0, default=None)
    margin_fraction: float | None = quantity("1", ge=0, default=None)
    payload_kg: float | None = quantity("kg", gt=0, default=None)
    start_date_yr: float | None = quantity("yr", ge=1957, default=None)
    start_launches_per_yr: float | None = quantity("1/yr", ge=0, default=None)
    max_launches_per_yr: float | None = quantity("1/yr", gt=0, default=None)
    ramp_duration_yr: float | None = quantity("yr", ge=0, default=None)
    payload_per_launch_t: float | None = quantity("t", gt=0, default=None)
    end_date_yr: float | None = quantity("yr", ge=1957, default=None,
                                         doc="Date of the end point of a log_linear projection")
    end_price_usd_per_kg: float | None = quantity("USD/kg", gt=0, default=None,
                                                  doc="Price at end_date_yr (log_linear)")
    price_fraction: float | None = quantity(
        "1", gt=0, le=1, default=None,
        doc="What the buyer pays as a fraction of the curve's customer price (1: a customer; "
            "below 1: an operator launching its own satellites at cost)")
    horizon_date_yr: float | None = quantity(
        "yr", ge=1957, default=None,
        doc="Latest date the cadence extrapolation is trusted; later break-even dates are reported as NaN")


@parameter_set
class LaunchParams:
    """How a scenario's satellites get to orbit.

    ``price_model = "fixed"`` uses ``price_usd_per_kg``; ``"curve"`` reads the
    price of the cadence curve ``curve`` at ``launch_date_yr``.  ``billing =
    "per_kg"`` charges the satellites' mass; ``"full_vehicle"`` charges whole
    vehicles (integer launches at the vehicle's payload), shared by the satellites.
    """

    price_usd_per_kg: float = quantity("USD/kg", ge=0, doc="Launch price (used when price_model = 'fixed')")
    launch_date_yr: float = quantity("yr", ge=1957, doc="Decimal year of launch")
    satellite_count: float = quantity("1", ge=1, doc="Satellites launched (a cluster)")
    vehicle: LaunchVehicleParams = component(doc="Launch vehicle")
    curve: LaunchCurveParams = component(doc="Cadence curve for price-by-year and break-even year")
    price_model: str = category(("fixed", "curve"), default="fixed")
    billing: str = category(("per_kg", "full_vehicle"), default="per_kg")
    destination: str = category(("leo", "sso"), default="sso")
