"""docs/worked_example.md agrees with the code, every number of every line.

Reference: the page's hand arithmetic (plain multiplication and division,
shown line by line).  Each line ``name = arithmetic = value unit`` is checked
three ways, so that a changed input or cost law breaks the test until the page
is regenerated:

1. the printed value equals the code's value to half a unit of its last printed
   digit ("to the cent" or finer);
2. the arithmetic, evaluated as written, gives the printed value within the
   rounding of its printed operands (first-order propagation of half a unit of
   each operand's last digit, plus half a unit of the result);
3. every number in the arithmetic is a catalogue input, the design's input, a
   fixed conversion (1, 1000, 12 months, the Julian year's 8766 h) or the
   printed value of another line (to half a unit of its last digit).
"""

import dataclasses
import re
from pathlib import Path

import pytest

from orbitalcompute import catalog
from orbitalcompute.core.finance import (HOURS_PER_YEAR, capital_recovery_factor,
                                         interest_during_construction_factor)
from orbitalcompute.economics.orbital import orbital_cost_per_gpu_h
from orbitalcompute.economics.terrestrial import terrestrial_cost_per_gpu_h

PAGE = Path(__file__).resolve().parents[1] / "docs" / "worked_example.md"


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?")
_UNIT = re.compile(r"(?<=[\d)])\s+(?:USD/\(kW yr\)|USD/\(GPU h\)|USD/[A-Za-z0-9]+|L/kWh|/yr|1/yr|USD|kWh|kW|"
                   r"Wh|W|kg|m2|h|GPUs|utilisation|goodput|yr)(?: per satellite)?(?=\s|\)|$)")
_WORDS = {"eight": 8, "twelve": 12}
#: the page's named sums
_NAMED_SUMS = {
    "array + radiator + battery + bus + shielding":
        ["solar_array_usd", "radiator_usd", "battery_usd", "bus_usd", "shielding_usd"],
    "sum of the capital lines":
        ["compute_usd", "hardware_usd", "integration_usd", "deorbit_usd", "launch_usd", "insurance_usd"],
}


def _half_unit(token):
    """Half a unit of the last printed digit of a number token (0 for an integer)."""
    mant = token.split("e")[0]
    return 0.5 * 10.0 ** -len(mant.split(".")[1]) if "." in mant else 0.0


def _block(tag):
    """The page's lines: name -> (printed value, half unit, arithmetic text, line index)."""
    text = PAGE.read_text(encoding="utf-8")
    m = re.search(rf"<!-- worked-example: {tag} -->\s*```text\n(.*?)\n```", text, re.S)
    assert m, f"block {tag!r} missing from {PAGE.name}"
    rows = {}
    for i, line in enumerate(m.group(1).splitlines()):
        name, *mids, last = [p.strip() for p in line.split(" = ")]
        value = last.split()[0]
        rows[name] = (float(value), _half_unit(value) + 1e-12, mids[-1], i)
    return rows


def _evaluate(expr, rows, order):
    """The arithmetic as written: value and its rounding bound from the printed operands."""
    m = re.fullmatch(r"sum of the (\w+) lines above", expr)
    if m or expr in _NAMED_SUMS:
        if m:  # the N nearest earlier lines in the same unit as this one
            owner = expr_owner[expr]
            suffix = next(x for x in ("_usd_per_yr", "_usd_per_gpu_h") if owner.endswith(x))
            same = [n for n in order[:order.index(owner)] if n.endswith(suffix)]
            names = same[-_WORDS[m.group(1)]:]
        else:
            names = _NAMED_SUMS[expr]
        return sum(rows[n][0] for n in names), sum(rows[n][1] for n in names), []
    e = expr
    for _ in range(3):
        e = _UNIT.sub("", e)
    tokens = _NUM.findall(e)
    value = eval(e.replace(",", "").replace(" x ", " * ").replace("^", "**"), {"__builtins__": {}})  # noqa: S307
    rel = sum(_half_unit(t) / float(t.replace(",", "")) for t in tokens)
    return value, abs(value) * rel, tokens


expr_owner: dict = {}


def _inputs(*objs, extra=()):
    vals = [1.0, 1000.0, 12.0, round(HOURS_PER_YEAR, 6)]
    for o in list(objs) + [dict(enumerate(extra))]:
        items = dataclasses.asdict(o).values() if dataclasses.is_dataclass(o) else o.values()
        for v in items:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                vals += [float(v), float(v) / 1000.0, 1.0 + float(v), float(v) * 100.0]
    return vals


def _check(rows, code, inputs):
    assert set(rows) == set(code), set(rows) ^ set(code)
    order = list(rows)
    expr_owner.clear()
    expr_owner.update({rows[n][2]: n for n in order})
    known = inputs + [v for v, *_ in rows.values()]
    for k, (v, tol, expr, _) in rows.items():
        # 1. printed value = code value
        assert float(code[k]) == pytest.approx(v, abs=tol), k
        # 2. the arithmetic as written gives the printed value
        got, bound, tokens = _evaluate(expr, rows, order)
        assert abs(got - v) <= bound + tol, (k, expr, got, v, bound + tol)
        # 3. every operand is an input or another line's printed value
        for t in tokens:
            x, h = float(t.replace(",", "")), _half_unit(t) + 1e-9 * max(1.0, abs(float(t.replace(",", ""))))
            assert any(abs(x - a) <= h for a in known), (k, t, "not an input or a printed value")


GPU = catalog.load("gpus", "h100_sxm")
FIN = catalog.load("finance", "default")


def test_inputs_still_match_the_catalogue():
    s = catalog.load("sites", "abilene_tx")
    c = catalog.load("cost_laws", "default")
    assert (GPU.unit_price_usd, GPU.board_power_w + GPU.host_power_per_gpu_w) == (30000.0, 1275.0)
    assert (s.electricity_price_usd_per_kwh, s.pue, s.construction_usd_per_mw, s.land_usd_per_mw,
            s.water_l_per_kwh, s.water_price_usd_per_m3, s.time_to_power_months) == \
        (0.062, 1.2, 11.7e6, 0.05e6, 0.2, 2.0, 18.0)
    assert (FIN.wacc, FIN.gpu_useful_life_yr, FIN.building_useful_life_yr, FIN.utilisation,
            FIN.server_overhead_fraction, FIN.facility_om_per_yr, FIN.staffing_usd_per_kw_yr,
            FIN.gpu_failure_rate_per_yr) == (0.08, 5.0, 20.0, 0.8, 0.5, 0.03, 20.0, 0.05)
    assert (c.solar_array_usd_per_w, c.radiator_usd_per_m2, c.battery_usd_per_kwh, c.bus_usd_per_kg,
            c.shielding_usd_per_kg, c.integration_fraction, c.compute_space_premium_fraction,
            c.insurance_fraction, c.deorbit_fraction, c.ground_segment_usd_per_kw_yr,
            c.operations_usd_per_yr, c.time_to_power_months) == \
        (30.0, 3000.0, 500.0, 1000.0, 50.0, 0.1, 0.1, 0.05, 0.02, 50.0, 20000.0, 18.0)


def test_terrestrial_case_matches_code():
    r = terrestrial_cost_per_gpu_h("abilene_tx", gpu_unit_price_usd=GPU.unit_price_usd,
                                   it_power_per_gpu_w=GPU.board_power_w + GPU.host_power_per_gpu_w)
    h = float(r["gpu_hours_per_yr"])
    b = {k: float(v) for k, v in r["breakdown_usd_per_gpu_h"].items()}
    code = {"gpu_hours_per_yr": h, "server_capex_usd": b["compute"] * h / float(capital_recovery_factor(0.08, 5)),
            "crf_5yr": capital_recovery_factor(0.08, 5.0), "crf_20yr": capital_recovery_factor(0.08, 20.0),
            "idc_factor": interest_during_construction_factor(0.08, 18.0),
            "facility_capex_usd": b["maintenance"] * h / 0.03,
            "total_usd_per_yr": float(r["cost_usd_per_gpu_h"]) * h,
            "cost_usd_per_gpu_h": r["cost_usd_per_gpu_h"]}
    for k, v in b.items():
        code[f"{k}_usd_per_yr"] = v * h
        code[f"{k}_usd_per_gpu_h"] = v
    s = catalog.load("sites", "abilene_tx")
    _check(_block("terrestrial"), code, _inputs(GPU, s, FIN, extra=[GPU.board_power_w + GPU.host_power_per_gpu_w]))


def test_orbital_case_matches_code():
    design = dict(gpu_count=32.0, it_power_w=40800.0, power_bol_w=60000.0, radiator_area_m2=60.0,
                  battery_energy_wh=25000.0, bus_mass_kg=900.0, optical_link_mass_kg=60.0,
                  shielding_mass_kg=300.0, solar_array_mass_kg=400.0, battery_mass_kg=150.0,
                  radiator_mass_kg=500.0, total_mass_kg=3000.0, lifetime_yr=5.0, goodput_fraction=0.8)
    r = orbital_cost_per_gpu_h(design, gpu_unit_price_usd=GPU.unit_price_usd, launch_price_usd_per_kg=500.0)
    h = float(r["gpu_hours_per_yr"])
    ann = float(interest_during_construction_factor(0.08, 18.0) * capital_recovery_factor(0.08, 5.0))
    b = {k: float(v) for k, v in r["breakdown_usd_per_gpu_h"].items()}
    code = {"gpu_hours_per_yr": h, "annuity_per_yr": ann, "capex_usd": r["capex_usd"],
            "capex_usd_per_w": r["capex_usd_per_w"], "cost_usd_per_gpu_h": r["cost_usd_per_gpu_h"],
            "launched_power_usd_per_kw_yr": r["launched_power_usd_per_kw_yr"],
            "ground_segment_usd_per_yr": b["ground_segment"] * h, "operations_usd_per_yr": b["operations"] * h}
    for k, v in b.items():
        code[f"{k}_usd_per_gpu_h"] = v
        if k not in ("ground_segment", "operations"):
            code[f"{k}_usd"] = v * h / ann
    code["hardware_usd"] = sum(code[f"{k}_usd"] for k in ("solar_array", "radiator", "battery", "bus",
                                                          "shielding"))
    _check(_block("orbital"), code, _inputs(GPU, FIN, catalog.load("cost_laws", "default"), design,
                                            extra=[500.0] + [v for v, *_ in _block("terrestrial").values()]))
