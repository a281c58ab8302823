"""The numeric core: pure JAX kernels.

Rules (see ``docs/architecture.md``): plain float64 inputs and outputs whose
names carry their units, no astropy, no skyfield, no I/O, no printing; every
function broadcasts over array arguments and is safe under ``jax.jit``,
``jax.vmap`` and ``jax.grad``.  Out-of-domain inputs give NaN (plus a validity
mask where a sweep needs one); validation with clear errors happens in the
public layer that calls these kernels.

Importing the core switches JAX to 64-bit mode, as importing the package does,
unless the environment variable ``ORBITALCOMPUTE_NO_X64`` is ``1``, ``true``
or ``yes`` (the same opt-out, read in one place: ``orbitalcompute.x64_opted_out``).
"""

import jax as _jax

from .. import x64_opted_out as _x64_opted_out

if not _x64_opted_out():
    _jax.config.update("jax_enable_x64", True)
