"""The unit vocabulary: one spelling per quantity across the package.

Every parameter name ends in a suffix that says its unit (``altitude_km``,
``power_w``).  `SUFFIX_UNITS` is the authoritative table; the catalogue
loader checks that each TOML entry's ``unit`` matches its key's suffix, and a
test checks every parameter-set field.  ``docs/glossary.md`` is generated from
the same table.
"""

from __future__ import annotations

#: suffix -> canonical unit string used in ``models/*.toml``.
#: Longest suffix wins (``_usd_per_kg`` before ``_kg``).
SUFFIX_UNITS: dict[str, str] = {
    # length / area / volume
    "_km": "km",
    "_m": "m",
    "_mm": "mm",
    "_m2": "m2",
    "_m3": "m3",
    # angle
    "_deg": "deg",
    "_rad": "rad",
    # time
    "_s": "s",
    "_ms": "ms",
    "_h": "h",
    "_yr": "yr",
    "_months": "months",
    "_days": "days",
    "_hours": "h",
    "_per_yr": "1/yr",
    "_months_per_yr": "months/yr",
    "_per_h": "1/h",
    # mass / density
    "_kg": "kg",
    "_t": "t",
    "_kg_per_m2": "kg/m2",
    "_kg_per_m3": "kg/m3",
    "_kg_per_kw": "kg/kW",
    "_g_per_cm3": "g/cm3",
    # power / energy
    "_w": "W",
    "_kw": "kW",
    "_mw": "MW",
    "_w_per_m2": "W/m2",
    "_w_per_kg": "W/kg",
    "_wh": "Wh",
    "_kwh": "kWh",
    "_wh_per_kg": "Wh/kg",
    # temperature
    "_k": "K",
    "_c": "degC",
    "_per_k": "1/K",
    # thermal conductivity
    "_w_per_m_k": "W/(m K)",
    # radiation
    "_rad_si": "rad(Si)",
    "_rad_si_per_yr": "rad(Si)/yr",
    "_krad_si": "krad(Si)",
    "_per_cm2": "1/cm2",
    "_cm2": "cm2",
    "_mev": "MeV",
    # data rate
    "_gbps": "Gb/s",
    # money
    "_usd": "USD",
    "_usd_per_kg": "USD/kg",
    "_usd_per_kwh": "USD/kWh",
    "_usd_per_w": "USD/W",
    "_usd_per_mw": "USD/MW",
    "_usd_per_m2": "USD/m2",
    "_usd_per_m3": "USD/m3",
    "_usd_per_h": "USD/h",
    "_usd_per_yr": "USD/yr",
    "_usd_per_kw_yr": "USD/(kW yr)",
    "_usd_per_gpu_h": "USD/(GPU h)",
    "_usd_per_mtok": "USD/Mtok",
    "_per_gpu_h": "1/(GPU h)",
    "_usd_per_t": "USD/t",
    "_usd_per_mmbtu": "USD/MMBtu",
    # fuel
    "_btu_per_kwh": "Btu/kWh",
    # carbon / water
    "_kgco2_per_kwh": "kgCO2/kWh",
    "_kgco2_per_kg": "kgCO2/kg",
    "_kgco2_per_gpu_h": "kgCO2/(GPU h)",
    "_kgco2": "kgCO2",
    "_l_per_kwh": "L/kWh",
    # dimensionless (fractions are 0..1, never percent)
    "_fraction": "1",
    "_ratio": "1",
    "_factor": "1",
    "_count": "1",
    "_per_doubling": "1",
    "_efficiency": "1",
}

#: Dimensionless names that carry no suffix by long tradition.
DIMENSIONLESS_NAMES = {
    "emissivity", "absorptivity", "albedo", "efficiency", "pue",
    "utilisation", "refractive_index", "learning_rate", "wacc", "irr",
}


def unit_of(name: str) -> str | None:
    """Canonical unit implied by a parameter name, or ``None`` if the name has
    no recognised unit suffix.  Dimensionless quantities return ``"1"``."""
    if name in DIMENSIONLESS_NAMES or any(name.endswith("_" + d) for d in DIMENSIONLESS_NAMES):
        return "1"
    for suffix in sorted(SUFFIX_UNITS, key=len, reverse=True):
        if name.endswith(suffix):
            return SUFFIX_UNITS[suffix]
    return None
