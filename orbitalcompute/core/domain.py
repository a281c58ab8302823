"""Domain bounds of the orbit inputs (numeric core).

The one place where the valid altitude range is written down.  The parameter
sets declare their fields with these bounds (``OrbitParams.altitude_km`` in
[`orbitalcompute.orbit`][orbitalcompute.orbit], ``ShellParams.altitude_km`` in
[`orbitalcompute.latency.params`][orbitalcompute.latency.params]); every public function validates
against the parameter-set metadata (`orbitalcompute.validation.check_field`),
and the jitted kernels, which cannot raise, turn an altitude outside it into
NaN plus a reason code.

* 100 km: the Karman line, the edge of space as the FAI defines it; near it
  even very eccentric orbits decay within one revolution
  (https://en.wikipedia.org/wiki/K%C3%A1rm%C3%A1n_line, read 2026-12).  A
  circular orbit there is not sustainable; the bound only rejects inputs that
  are not orbits at all.
* 100,000 km: the upper bound the parameter sets declared before this module
  existed (a modelling choice of this package, not a published figure): well
  above GEO (35,786 km), where the two-body + J2 kernels with an Earth shadow
  and a low-precision Sun are still the intended physics.
"""

from __future__ import annotations

__all__ = ["MIN_ALTITUDE_KM", "MAX_ALTITUDE_KM"]

#: Lowest valid altitude above the equatorial radius [km] (inclusive).
MIN_ALTITUDE_KM = 100.0
#: Highest valid altitude above the equatorial radius [km] (exclusive).
MAX_ALTITUDE_KM = 100000.0
