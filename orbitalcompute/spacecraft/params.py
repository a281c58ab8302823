"""Parameter sets of the spacecraft model (typed, sourced, frozen pytrees).

Each class types one catalogue file in ``models/``:

| class | catalogue file |
|---|---|
| ``SolarCellParams`` | ``models/solar_cells.toml`` |
| ``BatteryParams`` | ``models/batteries.toml`` |
| ``RadiatorParams`` | ``models/radiators.toml`` |
| ``GpuParams`` | ``models/gpus.toml`` |
| ``RadiationParams`` | ``models/radiation.toml`` |
| ``SpacecraftParams`` | ``models/spacecraft.toml`` |

``DesignParams`` bundles one of each (plus the environment) into the
pytree that ``orbitalcompute.core.mass_budget.design_kernel`` consumes.
"""

from __future__ import annotations

from ..catalog import category, component, load, parameter_set, quantity
from ..core.thermal import ORIENTATIONS
from ..environment import EnvironmentParams, default_environment

__all__ = [
    "SolarCellParams", "BatteryParams", "RadiatorParams", "GpuParams", "RadiationParams",
    "SpacecraftParams", "DesignParams", "reference_design",
]

CELL_TECHNOLOGIES = ("triple_junction", "silicon", "thin_film")


@parameter_set
class SolarCellParams:
    """A solar-array technology (cells on their panel/blanket)."""

    technology: str = category(CELL_TECHNOLOGIES, doc="cell family")
    efficiency: float = quantity("1", gt=0, le=1, doc="BOL AM0 cell efficiency at the reference temperature")
    packing_fraction: float = quantity("1", gt=0, le=1, doc="cell area / panel area")
    reference_temperature_k: float = quantity("K", gt=0, doc="temperature of the efficiency rating")
    operating_temperature_k: float = quantity("K", gt=0, doc="array temperature in sunlight")
    temperature_coefficient_per_k: float = quantity(
        "1/K", ge=-0.05, le=0.0, doc="relative change of power per kelvin")
    inherent_degradation_factor: float = quantity(
        "1", gt=0, le=1, doc="design and assembly losses (wiring, mismatch)")
    degradation_per_yr: float = quantity("1/yr", ge=0, lt=1, doc="relative power loss per year in orbit")
    array_areal_mass_kg_per_m2: float = quantity("kg/m2", gt=0, doc="array mass per panel area (cells, substrate, structure, drive)")
    array_usd_per_w: float = quantity("USD/W", ge=0, doc="array cost per W at BOL for this technology (economics reads it)")


@parameter_set
class BatteryParams:
    """A battery technology at pack level."""

    specific_energy_wh_per_kg: float = quantity("Wh/kg", gt=0, doc="nameplate energy per pack mass")
    depth_of_discharge_fraction: float = quantity("1", gt=0, le=1, doc="allowed depth of discharge per eclipse")
    charge_efficiency: float = quantity("1", gt=0, le=1, doc="array-to-battery energy efficiency")
    discharge_efficiency: float = quantity("1", gt=0, le=1, doc="battery-to-bus energy efficiency")


@parameter_set
class RadiatorParams:
    """A deployable radiator: coating, structure, fin and thermal chain."""

    orientation: str = category(ORIENTATIONS, doc="attitude of the panel (sets faces and Earth view factor)")
    emissivity: float = quantity("1", gt=0, le=1, doc="infrared hemispherical emissivity")
    absorptivity: float = quantity("1", ge=0, le=1, doc="solar absorptivity")
    areal_mass_kg_per_m2: float = quantity("kg/m2", gt=0, doc="panel mass per projected area (incl. heat pipes/loop share)")
    fin_conductivity_w_per_m_k: float = quantity("W/(m K)", gt=0, doc="face-sheet conductivity")
    fin_thickness_mm: float = quantity("mm", gt=0, doc="face-sheet thickness")
    fin_half_width_m: float = quantity("m", ge=0, doc="half spacing between heat pipes / loop tubes")
    sun_cos_factor: float = quantity("1", ge=0, le=1, doc="orbit-mean cosine of Sun incidence on the sunlit face")
    albedo_phase_factor: float = quantity("1", ge=0, le=1, doc="orbit-mean fraction of full-phase albedo seen")
    cold_plate_delta_temperature_k: float = quantity("K", ge=0, doc="junction to coolant temperature drop")
    loop_delta_temperature_k: float = quantity("K", ge=0, doc="coolant to radiator surface temperature drop")


@parameter_set
class GpuParams:
    """An accelerator with its share of the server around it."""

    board_power_w: float = quantity("W", gt=0, doc="accelerator board power (TDP)")
    host_power_per_gpu_w: float = quantity("W", ge=0, doc="server (CPU, NIC, fans->pumps, memory) power per accelerator")
    mass_per_gpu_kg: float = quantity("kg", gt=0, doc="server mass per accelerator (board + host share)")
    volume_per_gpu_m3: float = quantity("m3", gt=0, doc="server volume per accelerator (sets the shielded enclosure)")
    unit_price_usd: float = quantity("USD", gt=0, doc="price per accelerator (economics reads it)")
    junction_limit_temperature_k: float = quantity("K", gt=0, doc="maximum junction/HBM operating temperature")
    tid_limit_krad_si: float = quantity("krad(Si)", gt=0, doc="TID at which the accelerator (HBM) degrades")
    host_tid_limit_krad_si: float = quantity("krad(Si)", gt=0, doc="TID limit of the host (CPU, NIC, power)")
    sdc_dose_per_event_rad_si: float = quantity("rad(Si)", gt=0, doc="dose per silent data corruption (detected -> rollback)")
    uecc_dose_per_event_rad_si: float = quantity("rad(Si)", gt=0, doc="dose per uncorrectable HBM ECC error")
    crash_dose_per_event_rad_si: float = quantity("rad(Si)", gt=0, doc="dose per accelerator crash/hang")
    host_sefi_dose_per_event_rad_si: float = quantity("rad(Si)", gt=0, doc="dose per host functional interrupt")
    failure_rate_per_yr: float = quantity("1/yr", ge=0, doc="random permanent hardware failure rate per accelerator (both sides)")
    serving_tokens_per_gpu_h: float = quantity("1/(GPU h)", gt=0, doc="output tokens served per GPU-hour at a named benchmark")
    sdc_detection: str = category(("detected", "undetected"), default="detected",
                                  doc="silent data corruptions detected (each a rollback) or not (no rollback; results silently wrong)")


@parameter_set
class RadiationParams:
    """Non-trapped radiation allowance and trapped-model margin."""

    gcr_dose_rad_si_per_yr: float = quantity("rad(Si)/yr", ge=0, doc="galactic cosmic-ray dose allowance")
    spe_dose_rad_si_per_yr: float = quantity("rad(Si)/yr", ge=0, doc="solar-particle-event dose allowance, fully exposed (polar) orbit")
    spe_onset_inclination_deg: float = quantity("deg", ge=0, le=90, doc="inclination below which SPE exposure is neglected")
    spe_full_inclination_deg: float = quantity("deg", ge=0, le=90, doc="inclination above which SPE exposure is full")
    trapped_margin_factor: float = quantity("1", ge=1, doc="multiplier on the AE-8/AP-8 trapped dose")


@parameter_set
class SpacecraftParams:
    """One compute satellite: payload size, design choices and bus fractions."""

    gpu_model: str = category(doc="entry of models/gpus.toml")
    cell_model: str = category(doc="entry of models/solar_cells.toml")
    battery_model: str = category(doc="entry of models/batteries.toml")
    radiator_model: str = category(doc="entry of models/radiators.toml")
    radiation_model: str = category(doc="entry of models/radiation.toml")
    gpu_count: float = quantity("1", ge=1, doc="accelerators per satellite")
    radiator_temperature_k: float = quantity("K", gt=0, doc="radiator surface temperature")
    shielding_thickness_mm: float = quantity("mm", gt=0, doc="aluminium enclosure wall around the servers")
    shielding_density_kg_per_m3: float = quantity("kg/m3", gt=0, doc="enclosure material density")
    array_oversize_factor: float = quantity("1", ge=1, doc="array margin over the EOL energy balance")
    array_incidence_deg: float = quantity("deg", ge=0, lt=90, doc="mean Sun incidence on the array (0: sun tracking)")
    power_conversion_efficiency: float = quantity("1", gt=0, le=1, doc="bus-to-load conversion efficiency")
    bus_power_fraction: float = quantity("1", ge=0, le=1, doc="housekeeping power / IT power")
    bus_mass_fraction: float = quantity("1", ge=0, lt=1, doc="structure + propulsion + avionics / total mass")
    optical_terminal_count: float = quantity("1", ge=0, doc="inter-satellite optical terminals")
    optical_terminal_mass_kg: float = quantity("kg", ge=0, doc="mass per optical terminal")
    design_life_yr: float = quantity("yr", gt=0, doc="planned replacement interval")
    min_lifetime_yr: float = quantity("yr", ge=0, doc="shortest acceptable radiation lifetime")
    checkpoint_time_s: float = quantity("s", ge=0, doc="time to write one checkpoint")
    restart_time_s: float = quantity("s", ge=0, doc="time to restart a job from a checkpoint")


@parameter_set
class DesignParams:
    """Everything the design kernel needs, as one differentiable pytree."""

    spacecraft: SpacecraftParams = component(doc="satellite design choices")
    gpu: GpuParams = component(doc="accelerator")
    cells: SolarCellParams = component(doc="solar array technology")
    battery: BatteryParams = component(doc="battery technology")
    radiator: RadiatorParams = component(doc="radiator")
    radiation: RadiationParams = component(doc="GCR/SPE allowance")
    environment: EnvironmentParams = component(doc="solar constant, Earth IR, albedo")


def reference_design(name: str = "tpu_v6e_sat_650", **spacecraft_changes) -> DesignParams:
    """A ``DesignParams`` from ``models/spacecraft.toml`` entry ``name``.

    The components are those its category fields name (``gpu_model``,
    ``cell_model``, ``battery_model``, ``radiator_model``...).

    Parameters
    ----------
    name : str
        Entry of ``models/spacecraft.toml``.
    **spacecraft_changes
        Replace fields of the ``SpacecraftParams`` (model names included), in
        their own units (``gpu_count`` [1], ``shielding_thickness_mm`` [mm],
        ``radiator_temperature_k`` [K]...).

    Returns
    -------
    DesignParams
        The parameter pytree ``design`` and ``design_kernel`` take.

    Raises
    ------
    ValueError
        Unknown entry or model name (the message lists the valid names).

    Examples
    --------
    >>> p = reference_design("h100_sat_650")
    >>> p.gpu.board_power_w, p.spacecraft.gpu_count
    (700.0, 32.0)
    >>> reference_design("h100_sat_650", gpu_count=64.0).spacecraft.gpu_count
    64.0
    """
    sc = load("spacecraft", name)
    if spacecraft_changes:
        sc = sc.replace(**spacecraft_changes)
    return DesignParams(
        spacecraft=sc,
        gpu=load("gpus", sc.gpu_model),
        cells=load("solar_cells", sc.cell_model),
        battery=load("batteries", sc.battery_model),
        radiator=load("radiators", sc.radiator_model),
        radiation=load("radiation", sc.radiation_model),
        environment=default_environment(),
    )
