"""Every ``Examples`` section in the library's docstrings runs and gives what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import orbitalcompute

MODULES = sorted(m.name for m in pkgutil.walk_packages(orbitalcompute.__path__, "orbitalcompute.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
