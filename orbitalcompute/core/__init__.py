"""The numeric core: pure JAX kernels.

Rules (see ``docs/architecture.md``): plain float64 inputs and outputs whose
names carry their units, no astropy, no skyfield, no I/O, no printing; every
function broadcasts over array arguments and is safe under ``jax.jit``,
``jax.vmap`` and ``jax.grad``.  Out-of-domain inputs give NaN (plus a validity
mask where a sweep needs one); validation with clear errors happens in the
public layer that calls these kernels.
"""

import jax as _jax

_jax.config.update("jax_enable_x64", True)
