"""docs/worked_example.md agrees with the code, every number of every line.

Reference: the page's hand arithmetic, shown line by line: numbers, + - x /,
``^``, parentheses, ``ln``, ``exp``, ``log2``, ``max``, ``min`` and the names of
other lines, evaluated by a whitelisting ``ast`` walker (no ``eval``).  Each line ``name = arithmetic = value unit`` is checked
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

import ast
import dataclasses
import math
import operator
import re
from pathlib import Path

import pytest

from orbitalcompute import catalog
from orbitalcompute.core.finance import (HOURS_PER_YEAR, continuous_annuity_factor_yr,
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


#: the functions the page's arithmetic may call (nothing else is callable)
_FUNCS = {"ln": math.log, "exp": math.exp, "log2": math.log2, "max": max, "min": min}
#: short names the page uses for other lines (``compute + satellite + ...``)
_ALIASES = {"compute": "compute_usd", "satellite": "satellite_usd", "nre": "nre_usd",
            "launch": "launch_usd", "insurance": "insurance_usd"}
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def _safe_eval(tree, consts, names):
    """Evaluate a parsed arithmetic expression: numbers, + - * / **, unary minus,
    the whitelisted functions of ``_FUNCS`` and names of other page lines; any
    other node raises.  ``consts``/``names`` map a node to the value used for it
    (so that one operand at a time can be perturbed)."""
    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and type(n.value) in (int, float):
            return consts.get(id(n), n.value)
        if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
            return _BINOPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp) and type(n.op) in _UNARY:
            return _UNARY[type(n.op)](ev(n.operand))
        if (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in _FUNCS
                and not n.keywords):
            return _FUNCS[n.func.id](*(ev(a) for a in n.args))
        if isinstance(n, ast.Name) and n.id in names:
            return names[n.id]
        raise ValueError(f"worked example: {ast.dump(n)} is not page arithmetic")
    return ev(tree)


def _evaluate(expr, rows, order):
    """The arithmetic as written: value, its rounding bound from the printed
    operands (first-order: the sum over operands of the change of the result when
    that operand moves by half a unit of its last printed digit; a named line
    moves by half a unit of its printed value), and the number tokens."""
    m = re.fullmatch(r"sum of the (?:(\w+) )?lines above", expr)
    if m or expr in _NAMED_SUMS:
        if m:  # the N nearest (or all) earlier lines in the same unit as this one
            owner = expr_owner[expr]
            suffix = next(x for x in ("_usd_per_yr", "_usd_per_gpu_h") if owner.endswith(x))
            same = [n for n in order[:order.index(owner)] if n.endswith(suffix)]
            names = same[-_WORDS[m.group(1)]:] if m.group(1) else same
        else:
            names = _NAMED_SUMS[expr]
        return sum(rows[n][0] for n in names), sum(rows[n][1] for n in names), []
    e = expr
    for _ in range(3):
        e = _UNIT.sub("", e)
    e = re.sub(r"(?<=\d),(?=\d)", "", e)  # thousands separators
    tree = ast.parse(e.replace(" x ", " * ").replace("^", "**"), mode="eval")
    # every number literal, with its printed text (for its last digit)
    spans = [(t.start(), t.group()) for t in _NUM.finditer(e)
             if not re.match(r"[A-Za-z_]", e[max(t.start() - 1, 0)]) or t.start() == 0]
    consts = [n for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    consts.sort(key=lambda n: n.col_offset)
    texts = [tx for _, tx in spans]
    assert len(texts) == len(consts), (expr, texts)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in _FUNCS}
    names = {n: rows[_ALIASES.get(n, n)][0] for n in used}
    half = {n: rows[_ALIASES.get(n, n)][1] for n in used}
    value = _safe_eval(tree, {}, names)
    bound = 0.0
    for c, tx in zip(consts, texts):
        h = _half_unit(tx)
        if h:
            bound += abs(_safe_eval(tree, {id(c): float(tx) + h}, names) - value)
    for n in used:
        bound += abs(_safe_eval(tree, {}, {**names, n: names[n] + half[n]}) - value)
    return value, bound, texts


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
    assert (GPU.unit_price_usd, GPU.board_power_w + GPU.host_power_per_gpu_w, GPU.failure_rate_per_yr,
            GPU.mass_per_gpu_kg) == (30000.0, 1275.0, 0.05, 16.3)
    assert (s.electricity_price_usd_per_kwh, s.pue, s.construction_usd_per_mw, s.land_usd_per_mw,
            s.water_l_per_kwh, s.water_price_usd_per_m3, s.time_to_power_months) == \
        (0.062, 1.2, 11.7e6, 0.05e6, 0.2, 2.0, 18.0)
    assert (FIN.wacc, FIN.orbital_wacc, FIN.gpu_useful_life_yr, FIN.building_useful_life_yr, FIN.utilisation,
            FIN.server_overhead_fraction, FIN.facility_om_per_yr, FIN.staffing_usd_per_kw_yr,
            FIN.construction_months, FIN.gpu_install_months) == \
        (0.08, 0.076, 5.5, 20.0, 0.8, 0.5, 0.03, 20.0, 18.0, 2.0)
    assert (c.hardware_cost_model, c.satellite_usd_per_kg, c.compute_space_premium_fraction,
            c.insurance_fraction, c.ground_segment_usd_per_kw_yr, c.operations_usd_per_yr,
            c.time_to_power_months, c.compute_carry_months, c.programme_nre_usd, c.programme_it_power_w,
            c.learning_rate, c.learning_anchor_count, c.prior_satellite_count) == \
        ("whole_satellite", 950.0, 0.1, 0.05, 50.0, 15500.0, 12.0, 3.0, 1e9, 1e9, 0.85, 5000.0, 5000.0)


def test_terrestrial_case_matches_code():
    lam = GPU.failure_rate_per_yr
    r = terrestrial_cost_per_gpu_h("abilene_tx", gpu_unit_price_usd=GPU.unit_price_usd,
                                   it_power_per_gpu_w=GPU.board_power_w + GPU.host_power_per_gpu_w,
                                   gpu_failure_rate_per_yr=lam)
    h = float(r["gpu_hours_per_yr"])
    b = {k: float(v) for k, v in r["breakdown_usd_per_gpu_h"].items()}
    sch = r["schedule"]
    code = {"gpu_hours_per_yr": h, "server_capex_usd": sch["server_usd"],
            "annuity_gpu_life_yr": continuous_annuity_factor_yr(0.08, FIN.gpu_useful_life_yr),
            "gpu_carry_factor": interest_during_construction_factor(0.08, sch["server_carry_months"]),
            "facility_capex_usd": sch["facility_usd"], "facility_carry_months": sch["facility_carry_months"],
            "facility_carry_factor": interest_during_construction_factor(0.08, sch["facility_carry_months"]),
            "annuity_20yr_yr": continuous_annuity_factor_yr(0.08, 20.0),
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
    lam = GPU.failure_rate_per_yr
    r = orbital_cost_per_gpu_h(design, gpu=GPU, cells="silicon", launch_price_usd_per_kg=500.0,
                               failure_rate_per_yr=lam)
    c = catalog.load("cost_laws", "default")
    ro = FIN.orbital_wacc
    cap = r["capex_by_category_usd"]
    sch = r["schedule"]
    b = {k: float(v) for k, v in r["breakdown_usd_per_gpu_h"].items()}
    code = {"gpu_hours_at_start_per_yr": sch["gpu_hours_per_yr"], "capacity_factor": r["mean_capacity_fraction"],
            "gpu_hours_per_yr": r["gpu_hours_per_yr"], "compute_usd": cap["compute"],
            "non_compute_mass_kg": sum(design[k] for k in ("bus_mass_kg", "optical_link_mass_kg",
                                       "shielding_mass_kg", "solar_array_mass_kg", "battery_mass_kg",
                                       "radiator_mass_kg")),
            "programme_satellites": c.programme_it_power_w / design["it_power_w"],
            "learning_factor": r["learning_factor"], "satellite_usd": cap["satellite"], "nre_usd": cap["nre"],
            "launch_usd": cap["launch"], "insurance_usd": cap["insurance"], "capex_usd": r["capex_usd"],
            "annuity_yr": continuous_annuity_factor_yr(ro, sch["life_yr"]),
            "compute_carry_factor": interest_during_construction_factor(ro, sch["compute_carry_months"]),
            "hardware_carry_factor": interest_during_construction_factor(ro, sch["hardware_carry_months"]),
            "ground_segment_usd_per_yr": b["ground_segment"] * float(r["gpu_hours_per_yr"]),
            "operations_usd_per_yr": b["operations"] * float(r["gpu_hours_per_yr"]),
            "cost_usd_per_gpu_h": r["cost_usd_per_gpu_h"], "capex_usd_per_w": r["capex_usd_per_w"],
            "launched_power_usd_per_kw_yr": r["launched_power_usd_per_kw_yr"]}
    for k, v in b.items():
        if v != 0.0:
            code[f"{k}_usd_per_gpu_h"] = v
    _check(_block("orbital"), code, _inputs(GPU, FIN, c, design,
                                            extra=[500.0] + [v for v, *_ in _block("terrestrial").values()]))
