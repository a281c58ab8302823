"""The parameter catalogue: schema validation, provenance, pytrees, units."""

import dataclasses
import shutil

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.units import unit_of


def test_every_entry_loads_with_sources():
    entries = list(catalog.iter_entries())
    assert len(entries) >= 5
    for e in entries:
        for name, p in e.provenance.items():
            assert p.source.strip(), f"{e.kind}/{e.name}.{name} has no source"
            assert p.date.strip()
            if "USD" in p.unit:
                assert p.currency_year is not None


def test_every_field_name_carries_its_declared_unit():
    # One spelling per quantity: a field's declared unit must be the unit its
    # name's suffix implies (orbitalcompute.units.SUFFIX_UNITS).
    seen = set()
    for e in catalog.iter_entries():
        cls = type(e.params)
        if cls in seen:
            continue
        seen.add(cls)
        for f in catalog.quantity_fields(cls):
            assert unit_of(f.name) == f.metadata["unit"], (cls.__name__, f.name)


def test_parameter_sets_are_frozen_pytrees_and_differentiable():
    orbit = catalog.load("orbits", "iss_like_400")
    with pytest.raises(dataclasses.FrozenInstanceError):
        orbit.altitude_km = 500.0
    leaves = jax.tree_util.tree_leaves(orbit)
    assert 400.0 in leaves
    # grad reaches a numeric parameter through the pytree
    g = jax.grad(lambda o: o.altitude_km**2)(orbit.replace(altitude_km=jnp.float64(400.0)))
    assert float(g.altitude_km) == pytest.approx(800.0)
    # vmap over a batch of orbits
    batch = orbit.replace(altitude_km=jnp.array([400.0, 500.0]))
    out = jax.vmap(lambda o: o.altitude_km * 2, in_axes=(catalog_axes(batch),))(batch)
    np.testing.assert_allclose(out, [800.0, 1000.0])


def catalog_axes(obj):
    return jax.tree_util.tree_map(lambda x: 0 if np.ndim(x) else None, obj)


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match="valid names: .*dawn_dusk_sso_650"):
        catalog.load("orbits", "dawn_dusk")
    with pytest.raises(ValueError, match="unknown catalogue kind 'orbit'.*orbits"):
        catalog.load("orbit", "x")


def test_validate_names_field_value_and_range():
    orbit = catalog.load("orbits", "iss_like_400").replace(altitude_km=50.0)
    with pytest.raises(ValueError, match=r"altitude_km = 50 is outside the valid range \[100, 100000\) km"):
        orbit.validate()


@pytest.fixture
def scratch_catalog(tmp_path, monkeypatch):
    """A copy of the catalogue we can corrupt."""
    src = catalog.catalog_dir()
    dst = tmp_path / "models"
    shutil.copytree(src, dst)
    monkeypatch.setattr(catalog, "catalog_dir", lambda: dst)
    catalog._read.cache_clear()
    catalog.entry.cache_clear()
    yield dst
    catalog._read.cache_clear()
    catalog.entry.cache_clear()


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('unit = "km", source = "@fcc2021"}', 'unit = "m", source = "@fcc2021"}', r"unit 'm' is wrong; this field is in 'km'"),
        ('altitude_km = {value = 550.0, unit = "km", source = "@fcc2021"}',
         'altitude_km = {value = 550.0, unit = "km"}', "missing 'source'"),
        ('altitude_km = {value = 550.0,', 'altitude_km = {value = 50.0,', r"outside the valid range \[100"),
        ('orbit_type = "inclined"\ninclination_deg = {value = 53.0',
         'orbit_type = "inclined"\ninclinaton_deg = {value = 53.0', "unknown key 'inclinaton_deg'.*inclination_deg"),
    ],
)
def test_malformed_entries_name_file_and_key(scratch_catalog, old, new, message):
    path = scratch_catalog / "orbits.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(catalog.CatalogError, match=message) as info:
        catalog.load("orbits", "starlink_shell1_550")
    assert "orbits.toml [starlink_shell1_550]" in str(info.value)


def test_glossary_lists_every_unit_suffix():
    from pathlib import Path

    from orbitalcompute.units import SUFFIX_UNITS

    text = (Path(__file__).resolve().parents[1] / "docs" / "glossary.md").read_text()
    missing = [s for s in SUFFIX_UNITS if f"`{s}`" not in text]
    assert not missing, f"docs/glossary.md lacks {missing}"
