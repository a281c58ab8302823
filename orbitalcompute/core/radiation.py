r"""Radiation kernels: trapped dose-depth interpolation, GCR/SPE allowance,
lifetime to a TID limit, single-event interrupt rates and checkpoint-restart
goodput (Young/Daly) (numeric core).

The trapped-particle dose table (AE-8 MAX / AP-8 MIN, orbit-averaged,
straight-ahead CSDA through an aluminium spherical shell, with the NIST
PSTAR/ESTAR ranges and stopping powers of ``models/data/nist_*.txt``) is
computed offline by ``tools/generate_trapped_dose_table.py`` and passed in as a
``DoseTable`` of plain arrays; this module does no I/O.

Notes
-----
Dose interpolation is multilinear in (altitude, inclination, $\ln t_{\rm Al}$)
on $\ln(D + D_0)$ with $D_0$ = ``DOSE_FLOOR_RAD_SI_PER_YR``, so it is
continuous, piecewise smooth and differentiable almost everywhere in altitude
and thickness.

Checkpoint-restart with checkpoint cost $\delta$, restart cost $R$, mean time
between interrupts $M$ and compute interval $\tau$ (Daly 2006, eq. 13,
exponential failures) runs a job of solve time $T_s$ in

$$
T_w = M e^{R/M}\left(e^{(\tau+\delta)/M} - 1\right) \frac{T_s}{\tau},
\qquad \text{goodput} = T_s / T_w.
$$

Young (1974): $\tau_{\rm opt} = \sqrt{2\delta M}$; Daly (2006, eq. 37):
$\tau_{\rm opt} = \sqrt{2\delta M}\,[1 + \tfrac13\sqrt{\delta/(2M)} +
\tfrac19 \delta/(2M)] - \delta$ for $\delta < 2M$, else $M$.

References
----------
Young, J. W. (1974), A first order approximation to the optimum checkpoint
interval, Commun. ACM 17(9), 530-531, doi:10.1145/361147.361115.
Daly, J. T. (2006), A higher order estimate of the optimum checkpoint interval
for restart dumps, Future Gener. Comput. Syst. 22(3), 303-312,
doi:10.1016/j.future.2004.11.016.
Berger, M. J., Coursey, J. S., Zucker, M. A. & Chang, J. (2005), ESTAR, PSTAR,
and ASTAR: stopping-power and range tables for electrons, protons, and helium
ions, NIST Standard Reference Database 124, doi:10.18434/T4NC7P.
"""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp

from ..constants import JULIAN_YEAR_S

__all__ = [
    "DoseTable",
    "DOSE_FLOOR_RAD_SI_PER_YR",
    "trapped_dose_rad_si_per_yr",
    "environment_allowance_rad_si_per_yr",
    "tid_lifetime_yr",
    "interrupt_rate_per_yr",
    "young_interval_s",
    "daly_interval_s",
    "checkpoint_goodput_fraction",
    "interruption_goodput",
    "survival_mean_fraction",
    "cross_section_cm2",
]

#: Added to doses before taking logs (keeps log finite where electrons are
#: fully stopped) [rad(Si)/yr]; far below any dose of interest.
DOSE_FLOOR_RAD_SI_PER_YR = 1e-6

#: Floor under square roots so that gradients stay finite at zero arguments.
_SQRT_FLOOR = 1e-300


class DoseTable(NamedTuple):
    """Rectilinear dose table: ``log_dose[i_alt, i_inc, i_thick]`` of
    ``ln(D + DOSE_FLOOR)`` with D in rad(Si)/yr (a pytree of arrays)."""

    altitude_km: jnp.ndarray
    inclination_deg: jnp.ndarray
    thickness_mm: jnp.ndarray
    log_dose: jnp.ndarray


def _f(x):
    return jnp.asarray(x, dtype=jnp.float64)


def _axis(grid, x):
    """Left index and weight of ``x`` on ``grid`` (clipped), plus in-range mask."""
    n = grid.shape[0]
    i = jnp.clip(jnp.searchsorted(grid, x, side="right") - 1, 0, n - 2)
    w = (x - grid[i]) / (grid[i + 1] - grid[i])
    ok = (x >= grid[0]) & (x <= grid[-1])
    # w is in [0, 1] inside the grid already; clipping only matters outside it (NaN
    # there anyway).  jnp.clip would halve dw/dx where w is exactly 0 or 1 (ties
    # of min/max share the gradient), i.e. on every grid node: keep the slope of
    # the cell searchsorted picked (the right-hand derivative) instead.
    inside = (w >= 0.0) & (w <= 1.0)
    return i, jnp.where(inside, w, jnp.clip(w, 0.0, 1.0)), ok


def trapped_dose_rad_si_per_yr(table: DoseTable, altitude_km, inclination_deg, thickness_mm):
    r"""Orbit-averaged trapped-particle TID rate in Si behind ``thickness_mm`` of Al.

    Multilinear interpolation of $\ln(D + D_0)$ in (altitude, inclination,
    $\ln t$) (module Notes) of a table generated offline from AP-8 MIN / AE-8 MAX
    and NIST PSTAR/ESTAR (Berger et al. 2005).

    Parameters
    ----------
    table : DoseTable
        The dose-depth table (``orbitalcompute.spacecraft.dose_table()``).
    altitude_km : array_like
        Circular-orbit altitude [km].
    inclination_deg : array_like
        Inclination [deg].
    thickness_mm : array_like
        Aluminium shield thickness [mm], > 0.

    Returns
    -------
    jax.Array
        Dose rate [rad(Si)/yr], float64; NaN outside the table (altitude,
        inclination, thickness).

    Examples
    --------
    A 2 x 2 x 2 table holding 100 rad/yr everywhere:

    >>> import jax.numpy as jnp
    >>> t = DoseTable(jnp.array([400.0, 1200.0]), jnp.array([0.0, 100.0]), jnp.array([1.0, 10.0]),
    ...               jnp.full((2, 2, 2), jnp.log(100.0 + DOSE_FLOOR_RAD_SI_PER_YR)))
    >>> round(float(trapped_dose_rad_si_per_yr(t, 650.0, 97.9, 5.0)), 9)
    100.0
    >>> bool(jnp.isnan(trapped_dose_rad_si_per_yr(t, 300.0, 97.9, 5.0)))
    True
    """
    alt, inc, th = jnp.broadcast_arrays(_f(altitude_km), _f(inclination_deg), _f(thickness_mm))
    ia, wa, oka = _axis(table.altitude_km, alt)
    ii, wi, oki = _axis(table.inclination_deg, inc)
    log_t = jnp.log(jnp.where(th > 0.0, th, 1.0))
    it, wt, okt = _axis(jnp.log(table.thickness_mm), log_t)
    okt = okt & (th > 0.0)
    val = 0.0
    for da, fa in ((0, 1.0 - wa), (1, wa)):
        for di, fi in ((0, 1.0 - wi), (1, wi)):
            for dt, ft in ((0, 1.0 - wt), (1, wt)):
                val = val + fa * fi * ft * table.log_dose[ia + da, ii + di, it + dt]
    dose = jnp.exp(val) - DOSE_FLOOR_RAD_SI_PER_YR
    return jnp.where(oka & oki & okt, jnp.maximum(dose, 0.0), jnp.nan)


def environment_allowance_rad_si_per_yr(inclination_deg, gcr_dose_rad_si_per_yr,
                                        spe_dose_rad_si_per_yr, spe_onset_inclination_deg,
                                        spe_full_inclination_deg):
    r"""GCR + SPE allowance [rad(Si)/yr] ("constant-allowance" model, see
    ``models/radiation.toml`` for the sources of the allowances).

    $$D = D_{\rm GCR} + D_{\rm SPE}\,w(i), \qquad
    w = \mathrm{clip}\left(\frac{i' - i_0}{i_1 - i_0}, 0, 1\right), \qquad
    i' = \min(i, 180^\circ - i)$$

    Parameters
    ----------
    inclination_deg : array_like
        Inclination $i$ [deg].
    gcr_dose_rad_si_per_yr, spe_dose_rad_si_per_yr : array_like
        GCR and solar-particle allowances [rad(Si)/yr].
    spe_onset_inclination_deg, spe_full_inclination_deg : array_like
        $i_0$, $i_1$ [deg]: the SPE weight ramps from 0 to 1 between them.

    Returns
    -------
    jax.Array
        Allowance [rad(Si)/yr], float64.

    Examples
    --------
    >>> float(environment_allowance_rad_si_per_yr(97.9, 5.0, 10.0, 40.0, 70.0))
    15.0
    >>> round(float(environment_allowance_rad_si_per_yr(51.6, 5.0, 10.0, 40.0, 70.0)), 4)
    8.8667
    """
    inc = _f(inclination_deg)
    i_eff = jnp.minimum(inc, 180.0 - inc)
    i0, i1 = _f(spe_onset_inclination_deg), _f(spe_full_inclination_deg)
    w = jnp.clip((i_eff - i0) / jnp.where(i1 > i0, i1 - i0, 1.0), 0.0, 1.0)
    return _f(gcr_dose_rad_si_per_yr) + _f(spe_dose_rad_si_per_yr) * w


def tid_lifetime_yr(tid_limit_krad_si, dose_rad_si_per_yr):
    r"""Years until the accumulated dose reaches the device TID limit, $D_{\rm lim}/\dot D$.

    Parameters
    ----------
    tid_limit_krad_si : array_like
        Device total-ionising-dose limit $D_{\rm lim}$ [krad(Si)], > 0.
    dose_rad_si_per_yr : array_like
        Dose rate $\dot D$ [rad(Si)/yr], >= 0.

    Returns
    -------
    jax.Array
        Lifetime [yr], float64; ``inf`` at zero dose, NaN for negative inputs.

    Examples
    --------
    >>> float(tid_lifetime_yr(2.0, 200.0))
    10.0
    """
    lim = _f(tid_limit_krad_si) * 1e3
    d = _f(dose_rad_si_per_yr)
    ok = (lim > 0.0) & (d >= 0.0)
    pos = d > 0.0
    life = jnp.where(pos, lim / jnp.where(pos, d, 1.0), jnp.inf)
    return jnp.where(ok, life, jnp.nan)


def interrupt_rate_per_yr(dose_rad_si_per_yr, dose_per_event_rad_si, device_count):
    r"""Rate of job interrupts [1/yr]: $N\,\dot D / D_{\rm event}$.

    Rad-per-event figures come from beam tests (``models/radiation.toml``).

    Parameters
    ----------
    dose_rad_si_per_yr : array_like
        Dose rate $\dot D$ [rad(Si)/yr], >= 0.
    dose_per_event_rad_si : array_like
        Dose per interrupting event $D_{\rm event}$ [rad(Si)], > 0.  Several event
        kinds may be stacked on the last axis by broadcasting; pass them
        separately and sum for clarity.
    device_count : array_like
        Number of devices $N$ [1].

    Returns
    -------
    jax.Array
        Interrupt rate [1/yr], float64; NaN outside the domain.

    Examples
    --------
    >>> float(interrupt_rate_per_yr(200.0, 50.0, 32.0))
    128.0
    """
    d = _f(dose_rad_si_per_yr)
    e = _f(dose_per_event_rad_si)
    ok = (e > 0.0) & (d >= 0.0)
    return jnp.where(ok, _f(device_count) * d / jnp.where(ok, e, 1.0), jnp.nan)


def young_interval_s(checkpoint_s, mtbi_s):
    r"""Young (1974) optimal compute interval $\tau = \sqrt{2\delta M}$ [s].

    Parameters
    ----------
    checkpoint_s : array_like
        Checkpoint cost $\delta$ [s].
    mtbi_s : array_like
        Mean time between interrupts $M$ [s].

    Returns
    -------
    jax.Array
        Compute interval between checkpoints [s], float64.

    Examples
    --------
    >>> round(float(young_interval_s(60.0, 86400.0)), 3)
    3219.938
    """
    # floor inside the sqrt keeps the gradient finite at a zero checkpoint cost
    return jnp.sqrt(jnp.maximum(2.0 * _f(checkpoint_s) * _f(mtbi_s), _SQRT_FLOOR))


def daly_interval_s(checkpoint_s, mtbi_s):
    r"""Daly (2006, eq. 37) higher-order optimal compute interval [s].

    $$\tau = \sqrt{2\delta M}\left[1 + \tfrac13\sqrt{\delta/(2M)} + \tfrac19\,\delta/(2M)\right]
    - \delta \quad (\delta < 2M), \qquad \tau = M \text{ otherwise.}$$

    Parameters
    ----------
    checkpoint_s : array_like
        Checkpoint cost $\delta$ [s].
    mtbi_s : array_like
        Mean time between interrupts $M$ [s].

    Returns
    -------
    jax.Array
        Compute interval between checkpoints [s], float64.

    Examples
    --------
    >>> round(float(daly_interval_s(60.0, 86400.0)), 3)
    3180.062
    """
    d, m = _f(checkpoint_s), _f(mtbi_s)
    small = d < 2.0 * m
    x = jnp.where(small, d / (2.0 * m), 0.0)
    tau = (jnp.sqrt(jnp.maximum(2.0 * d * m, _SQRT_FLOOR))
           * (1.0 + jnp.sqrt(jnp.maximum(x, _SQRT_FLOOR)) / 3.0 + x / 9.0) - d)
    return jnp.where(small, tau, m)


def checkpoint_goodput_fraction(interval_s, checkpoint_s, restart_s, mtbi_s):
    r"""Useful fraction of wall time under checkpoint-restart.

    $$g = \frac{\tau}{M e^{R/M}\left(e^{(\tau+\delta)/M} - 1\right)}$$

    (Daly 2006, eq. 13); tends to $\tau/(\tau+\delta)$ as $M \to \infty$.

    Parameters
    ----------
    interval_s : array_like
        Compute interval $\tau$ [s], > 0.
    checkpoint_s : array_like
        Checkpoint cost $\delta$ [s], >= 0.
    restart_s : array_like
        Restart cost $R$ [s], >= 0.
    mtbi_s : array_like
        Mean time between interrupts $M$ [s], > 0.

    Returns
    -------
    jax.Array
        Goodput fraction [1], float64; NaN outside the domain.

    Examples
    --------
    >>> round(float(checkpoint_goodput_fraction(1000.0, 50.0, 0.0, 1e12)), 6)   # ~ 1000 / 1050
    0.952381
    """
    tau, d, r, m = _f(interval_s), _f(checkpoint_s), _f(restart_s), _f(mtbi_s)
    ok = (tau > 0.0) & (d >= 0.0) & (r >= 0.0) & (m > 0.0)
    m_safe = jnp.where(ok, m, 1.0)
    g = tau / (m_safe * jnp.exp(r / m_safe) * jnp.expm1((tau + d) / m_safe))
    return jnp.where(ok, g, jnp.nan)


class InterruptionGoodput(NamedTuple):
    """Result of `interruption_goodput` (arrays, broadcast)."""

    goodput_fraction: object
    interval_s: object
    mtbi_s: object


def interruption_goodput(interrupts_per_yr, checkpoint_s, restart_s) -> InterruptionGoodput:
    r"""Checkpoint-restart goodput of one job at a given interrupt rate: the one
    interruption model of both sides (in orbit the rate adds single-event effects
    to permanent failures; on the ground it is the failures alone).

    $M = T_{yr}/\nu$ (a very long $M$ when $\nu = 0$), $\tau$ = `daly_interval_s`$(\delta, M)$
    (at least 1 ns), goodput = `checkpoint_goodput_fraction`$(\tau, \delta, R, M)$.

    Parameters
    ----------
    interrupts_per_yr : array_like
        Interrupt rate $\nu$ of the job [1/yr], >= 0.
    checkpoint_s, restart_s : array_like
        Checkpoint cost $\delta$ and restart time $R$ [s].

    Returns
    -------
    InterruptionGoodput
        ``goodput_fraction`` [1], ``interval_s`` (the Daly interval) [s] and
        ``mtbi_s`` (mean time between interrupts; ``inf`` at no interrupts) [s].

    Examples
    --------
    >>> g = interruption_goodput(0.0, 60.0, 300.0)
    >>> round(float(g.goodput_fraction), 6), float(g.mtbi_s)
    (1.0, inf)
    """
    rate = _f(interrupts_per_yr)
    has = rate > 0.0
    mtbi_s = jnp.where(has, JULIAN_YEAR_S / jnp.where(has, rate, 1.0), jnp.inf)
    mtbi_finite = jnp.where(has, mtbi_s, 1e30)
    tau = jnp.maximum(daly_interval_s(checkpoint_s, mtbi_finite), 1e-9)
    g = checkpoint_goodput_fraction(tau, checkpoint_s, restart_s, mtbi_finite)
    return InterruptionGoodput(g, tau, mtbi_s)


def survival_mean_fraction(failure_rate_per_yr, years_yr):
    r"""Mean fraction of devices still working over ``years_yr`` without repair.

    For a constant failure rate $\lambda$ (exponential survival $e^{-\lambda t}$
    averaged over $[0, L]$): $(1 - e^{-\lambda L})/(\lambda L)$, 1 at $\lambda L = 0$.

    Parameters
    ----------
    failure_rate_per_yr : array_like
        $\lambda$ [1/yr].
    years_yr : array_like
        $L$ [yr].

    Returns
    -------
    jax.Array
        Mean surviving fraction [1], float64.

    Examples
    --------
    >>> round(float(survival_mean_fraction(0.05, 5.0)), 6)
    0.884797
    """
    x = _f(failure_rate_per_yr) * _f(years_yr)
    small = jnp.abs(x) < 1e-6
    xs = jnp.where(small, 1.0, x)
    return jnp.where(small, 1.0 - x / 2.0, -jnp.expm1(-xs) / xs)


def cross_section_cm2(dose_per_event_rad_si, fluence_per_rad_per_cm2):
    r"""Per-device event cross-section [cm^2]: $\sigma = 1 / (D_{\rm event}\,\Phi_{\rm 1\,rad})$.

    From a rad-per-event figure and the beam fluence that deposits 1 rad(Si);
    for 67 MeV protons $\Phi_{\rm 1\,rad} \approx 7.9\times10^6$ cm^-2
    (Suncatcher, arXiv:2511.19468, sec. 4.3).

    Parameters
    ----------
    dose_per_event_rad_si : array_like
        $D_{\rm event}$ [rad(Si)], > 0.
    fluence_per_rad_per_cm2 : array_like
        $\Phi_{\rm 1\,rad}$ [cm^-2 per rad(Si)], > 0.

    Returns
    -------
    jax.Array
        Cross-section [cm^2], float64; NaN outside the domain.

    Examples
    --------
    >>> float(cross_section_cm2(50.0, 7.9e6))
    2.5316455696202533e-09
    """
    d, phi = _f(dose_per_event_rad_si), _f(fluence_per_rad_per_cm2)
    ok = (d > 0.0) & (phi > 0.0)
    return jnp.where(ok, 1.0 / jnp.where(ok, d * phi, 1.0), jnp.nan)
