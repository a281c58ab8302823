"""Units and values at the boundary (issue 14.3): `with_path` converts astropy
Quantities to the field's unit, refuses what cannot be converted, checks the
field's declared valid range, and takes numpy arrays and pandas columns;
`to_dataframe` labels results.  No pipeline compile here (fast)."""

import astropy.units as u
import numpy as np
import pandas as pd
import pytest

from orbitalcompute.analysis.overrides import (NoEffectWarning, apply_overrides, parse_assignment,
                                               parse_value, warn_no_effect)
from orbitalcompute.analysis.tables import to_dataframe
from orbitalcompute.scenario import load_scenario, with_path


@pytest.fixture(scope="module")
def scen():
    return load_scenario("default")


def test_quantities_are_converted_to_the_field_unit(scen):
    # 8 % is the fraction 0.08 (the 8,217 USD/GPU-h came from reading it as 8.0)
    assert with_path(scen, "finance.wacc", 8 * u.percent).finance.wacc == pytest.approx(0.08, rel=1e-15)
    # 0.7 Mm is 700 km, not 0.7 km
    assert with_path(scen, "orbit.altitude_km", 0.7 * u.Mm).orbit.altitude_km == pytest.approx(700.0, rel=1e-15)
    assert with_path(scen, "spacecraft.radiator_temperature_k", 300 * u.K).spacecraft.radiator_temperature_k == 300.0


def test_quantity_of_the_wrong_kind_is_refused_naming_the_field(scen):
    with pytest.raises(ValueError, match=r"orbit\.altitude_km = 3\.0 s cannot be converted to km"):
        with_path(scen, "orbit.altitude_km", 3 * u.s)
    with pytest.raises(ValueError, match=r"finance\.wacc = 3\.0 km: this field is a dimensionless fraction"):
        with_path(scen, "finance.wacc", 3 * u.km)


def test_values_are_checked_against_the_declared_range(scen):
    with pytest.raises(ValueError, match=r"finance\.utilisation = 1\.5 is outside the valid range \(0, 1\]"):
        with_path(scen, "finance.utilisation", 1.5)
    with pytest.raises(ValueError, match=r"finance\.wacc = 8 is outside the valid range \[0, 1\)"):
        with_path(scen, "finance.wacc", 8.0)
    with pytest.raises(ValueError, match=r"orbit\.altitude_km = \[50\] at 1 of 2 positions"):
        with_path(scen, "orbit.altitude_km", np.array([50.0, 600.0]))
    with pytest.raises(ValueError, match="not finite"):
        with_path(scen, "orbit.altitude_km", float("nan"))
    with pytest.raises(ValueError, match=r"launch\.price_model = 'free' is not one of"):
        with_path(scen, "launch.price_model", "free")


def test_numpy_and_pandas_inputs(scen):
    s = with_path(scen, "orbit.altitude_km", pd.Series([550.0, 650.0], name="alt"))
    assert isinstance(s.orbit.altitude_km, np.ndarray) and s.orbit.altitude_km.dtype == np.float64
    df = pd.DataFrame({"orbit.altitude_km": [500.0, 600.0, 700.0]})
    s = with_path(scen, "orbit.altitude_km", df["orbit.altitude_km"])
    np.testing.assert_array_equal(s.orbit.altitude_km, [500.0, 600.0, 700.0])
    s = with_path(scen, "orbit.altitude_km", [500.0, 600.0])
    np.testing.assert_array_equal(s.orbit.altitude_km, [500.0, 600.0])
    with pytest.raises(ValueError, match="pass one column"):
        with_path(scen, "orbit.altitude_km", df)


def test_traced_values_pass_through(scen):
    import jax

    f = jax.jit(lambda x: with_path(scen, "finance.wacc", x).finance.wacc * 2)
    assert float(f(0.05)) == pytest.approx(0.1)


def test_to_dataframe_labels_rows_by_design():
    out = {"orbital_cost_usd_per_gpu_h": np.array([6.4, 6.5]), "feasible": np.array([True, False]),
           "reason_code": np.array([0, 128])}
    t = to_dataframe(out, inputs={"orbit.altitude_km": [550.0, 650.0], "finance.wacc": [0.07, 0.08]})
    assert list(t.index.names) == ["orbit.altitude_km", "finance.wacc"]
    assert t.loc[(650.0, 0.08), "reason_code"] == 128
    assert t["feasible"].dtype == bool
    with pytest.raises(ValueError, match="3 values but the results have 2 designs"):
        to_dataframe(out, inputs={"orbit.altitude_km": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="unknown output 'nope'"):
        to_dataframe(out, outputs=["nope"])


def test_set_values_parse_with_units():
    assert parse_value("700") == 700.0
    assert parse_value("8%").to_value(u.dimensionless_unscaled) == pytest.approx(0.08)
    assert parse_value("0.7 Mm").to_value(u.km) == pytest.approx(700.0)
    assert parse_value("fixed") == "fixed"
    assert parse_assignment("finance.wacc=8%")[0] == "finance.wacc"
    with pytest.raises(ValueError, match="expected PATH=VALUE"):
        parse_assignment("finance.wacc")
    with pytest.raises(ValueError, match="neither a number nor a number with a unit"):
        parse_value("7 furlongs per fortnight x")


def test_apply_overrides_suggests_paths(scen):
    s = apply_overrides(scen, ["finance.wacc=8%", "orbit.altitude_km=0.7 Mm"])
    assert (s.finance.wacc, s.orbit.altitude_km) == (pytest.approx(0.08), pytest.approx(700.0))
    with pytest.raises(ValueError, match="finance.wac.*Did you mean 'finance.wacc'"):
        apply_overrides(scen, {"finance.wac": 0.08})


def test_no_effect_warning_from_the_scenario_mode(scen):
    # the default prices launch from its cadence curve: a fixed price is ignored (the silent no-op)
    assert scen.launch.price_model == "curve"
    with pytest.warns(NoEffectWarning, match=r"launch\.price_usd_per_kg: has no effect.*price_model = 'curve'"):
        assert warn_no_effect(scen, {"launch.price_usd_per_kg": 100.0}) == ["launch.price_usd_per_kg"]


def test_no_effect_warning_from_the_outputs():
    # Ishigami with b = 0: x3 enters only through b * x3**4 * sin(x1), so it cannot move y
    from orbitalcompute.engine.testfunctions import ishigami, ishigami_base

    base = with_path(ishigami_base(), "b", 0.0)
    with pytest.warns(NoEffectWarning, match=r"x\.x3: has no effect"):
        assert warn_no_effect(base, {"x.x3": 1.0}, f=ishigami) == ["x.x3"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", NoEffectWarning)
        assert warn_no_effect(base, {"x.x1": 1.0}, f=ishigami) == []


def test_no_effect_warning_when_the_value_is_unchanged(scen):
    same = float(scen.finance.wacc)
    with pytest.warns(NoEffectWarning, match=rf"already has finance\.wacc = {same:g}"):
        assert warn_no_effect(scen, {"finance.wacc": same}) == ["finance.wacc"]


def test_axis_check_sees_interactions_and_symmetric_effects():
    # Ishigami at its base x1 = 0: x3 acts only through b * x3**4 * sin(x1), and x3**4 is the same
    # at -pi and pi; probing the whole box must still find that x3 acts (no false warning), while
    # with b = 0 it truly cannot
    from orbitalcompute.analysis.overrides import axis_no_effect
    from orbitalcompute.engine.testfunctions import ishigami, ishigami_base

    box = {f"x.x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", NoEffectWarning)
        assert axis_no_effect(ishigami_base(), box, f=ishigami) == []
    with pytest.warns(NoEffectWarning, match=r"swept input x\.x3 has no effect"):
        assert axis_no_effect(with_path(ishigami_base(), "b", 0.0), box, f=ishigami) == ["x.x3"]
