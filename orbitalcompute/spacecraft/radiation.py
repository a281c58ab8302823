r"""Radiation environment and derates (public layer).

Trapped particles: AE-8 MAX / AP-8 MIN, orbit-averaged over circular orbits
and turned into a dose-depth table (Si behind an Al spherical shell) by
``tools/generate_trapped_dose_table.py``; the table lives in
``models/data/trapped_dose_depth.csv`` with its provenance header.  Galactic
cosmic rays and solar particle events enter as the constant allowance of
``models/radiation.toml``.

Expected accuracy of the trapped dose: AP-8/AE-8 themselves are uncertain by
about a factor 2 in LEO (ECSS-E-ST-10-04C sec. 9); the straight-ahead CSDA
shell approximation neglects secondaries and bremsstrahlung and agrees with
SHIELDOSE-2 to within about a factor 2 behind 1-20 mm Al.  Treat results as
order-of-magnitude-plus (factor 2-3).

References
----------
Vette, J. I. (1991), The AE-8 trapped electron model environment, NSSDC/WDC-A-R&S 91-24.
Sawyer, D. M. & Vette, J. I. (1976), AP-8 trapped proton environment for solar
maximum and solar minimum, NSSDC/WDC-A-R&S 76-06.
Seltzer, S. M. (1980), SHIELDOSE: a computer code for space-shielding radiation
dose calculations, NBS Technical Note 1116.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from ..catalog import catalog_dir, load, names
from ..core import radiation as _rad
from ..validation import check_choice, check_range

__all__ = [
    "dose_table",
    "dose_table_path",
    "trapped_dose_rad_si_per_yr",
    "total_dose_rad_si_per_yr",
    "tid_lifetime_yr",
    "young_interval_s",
    "daly_interval_s",
    "checkpoint_goodput_fraction",
    "read_commented_csv",
    "trapped_spectrum",
    "spectra_path",
]


def dose_table_path():
    """Path of the stored trapped dose-depth table."""
    return catalog_dir() / "data" / "trapped_dose_depth.csv"


def spectra_path():
    """Path of the stored orbit-averaged trapped spectra."""
    return catalog_dir() / "data" / "trapped_spectra_orbit_avg.csv"


@functools.lru_cache(maxsize=None)
def _spectra():
    data, _ = read_commented_csv(spectra_path())
    out = {}
    for sp in ("p", "e"):
        m = data["species"] == sp
        alt = np.unique(data["altitude_km"][m])
        inc = np.unique(data["inclination_deg"][m])
        en = np.unique(data["energy_mev"][m])
        cube = np.zeros((alt.size, inc.size, en.size))
        cube[np.searchsorted(alt, data["altitude_km"][m]), np.searchsorted(inc, data["inclination_deg"][m]),
             np.searchsorted(en, data["energy_mev"][m])] = data["integral_flux_per_cm2_s"][m]
        out[sp] = (alt, inc, en, cube)
    return out


def trapped_spectrum(altitude_km: float, inclination_deg: float, species: str = "p"):
    """Orbit-averaged trapped spectrum (AP-8 MIN protons ``"p"`` or AE-8 MAX electrons ``"e"``).

    Bilinear interpolation of the stored table in altitude and inclination.

    Parameters
    ----------
    altitude_km : float
        Circular-orbit altitude [km], 400-1200.
    inclination_deg : float
        Inclination [deg], 0-101.
    species : {"p", "e"}
        Particle species.

    Returns
    -------
    dict
        ``energy_mev`` (grid), ``integral_flux_per_cm2_s`` (omnidirectional
        $J(>E)$ [1/(cm2 s)]) and ``differential_flux_per_cm2_s_mev``
        ($-dJ/dE$ [1/(cm2 s MeV)], log-log finite differences at the
        geometric bin centres ``differential_energy_mev``).
    """
    check_choice("species", species, ("p", "e"))
    alt_g, inc_g, en, cube = _spectra()[species]
    a = float(check_range("altitude_km", altitude_km, ge=alt_g[0], le=alt_g[-1], unit="km"))
    i = float(check_range("inclination_deg", inclination_deg, ge=inc_g[0], le=inc_g[-1], unit="deg"))
    ia = min(np.searchsorted(alt_g, a, side="right") - 1, alt_g.size - 2)
    ii = min(np.searchsorted(inc_g, i, side="right") - 1, inc_g.size - 2)
    wa = (a - alt_g[ia]) / (alt_g[ia + 1] - alt_g[ia])
    wi = (i - inc_g[ii]) / (inc_g[ii + 1] - inc_g[ii])
    j = ((1 - wa) * (1 - wi) * cube[ia, ii] + wa * (1 - wi) * cube[ia + 1, ii]
         + (1 - wa) * wi * cube[ia, ii + 1] + wa * wi * cube[ia + 1, ii + 1])
    e_mid = np.sqrt(en[1:] * en[:-1])
    diff = (j[:-1] - j[1:]) / np.diff(en)
    return {"energy_mev": en, "integral_flux_per_cm2_s": j,
            "differential_energy_mev": e_mid, "differential_flux_per_cm2_s_mev": diff}


def read_commented_csv(path):
    """Read a ``#``-commented CSV into a dict of columns (numbers where possible)
    and the header comment lines."""
    header, rows = [], []
    with open(path) as fh:
        for line in fh:
            if line.startswith("#"):
                header.append(line[1:].strip())
            elif line.strip():
                rows.append(line.strip().split(","))
    cols = rows[0]
    data = {}
    for j, c in enumerate(cols):
        vals = [r[j] for r in rows[1:]]
        try:
            data[c] = np.array([float(v) for v in vals])
        except ValueError:
            data[c] = np.array(vals)
    return data, header


@functools.lru_cache(maxsize=None)
def _dose_table_numpy():
    """(altitude, inclination, thickness, log-dose cube) as NumPy arrays (read once)."""
    data, _ = read_commented_csv(dose_table_path())
    alt = np.unique(data["altitude_km"])
    inc = np.unique(data["inclination_deg"])
    th = np.unique(data["al_thickness_mm"])
    total = data["proton_dose_rad_si_per_yr"] + data["electron_dose_rad_si_per_yr"]
    cube = np.full((alt.size, inc.size, th.size), np.nan)
    ia = np.searchsorted(alt, data["altitude_km"])
    ii = np.searchsorted(inc, data["inclination_deg"])
    it = np.searchsorted(th, data["al_thickness_mm"])
    cube[ia, ii, it] = total
    if np.isnan(cube).any():
        raise ValueError(f"{dose_table_path()}: incomplete grid")
    return alt, inc, th, np.log(cube + _rad.DOSE_FLOOR_RAD_SI_PER_YR)


@functools.lru_cache(maxsize=None)
def dose_table() -> _rad.DoseTable:
    """The trapped (proton + electron) dose-depth table as a
    ``orbitalcompute.core.radiation.DoseTable`` of float64 arrays.

    Built with NumPy and turned into constant JAX arrays outside any trace, so
    the cached table is never a tracer even when first called inside ``jit``.
    """
    arrays = _dose_table_numpy()
    with jax.ensure_compile_time_eval():
        return _rad.DoseTable(*(jnp.asarray(a) for a in arrays))


def _check_orbit(altitude_km, inclination_deg, thickness_mm):
    t = dose_table()
    alt = check_range("altitude_km", altitude_km, ge=float(t.altitude_km[0]),
                      le=float(t.altitude_km[-1]), unit="km")
    inc = check_range("inclination_deg", inclination_deg, ge=float(t.inclination_deg[0]),
                      le=float(t.inclination_deg[-1]), unit="deg")
    th = check_range("thickness_mm", thickness_mm, ge=float(t.thickness_mm[0]),
                     le=float(t.thickness_mm[-1]), unit="mm")
    return alt, inc, th


def trapped_dose_rad_si_per_yr(altitude_km, inclination_deg, thickness_mm):
    """Trapped-particle TID rate in Si behind an Al shell [rad(Si)/yr].

    Parameters
    ----------
    altitude_km : array_like
        Circular-orbit altitude, 400-1200 km (table range).
    inclination_deg : array_like
        Inclination, 0-101 deg (covers sun-synchronous orbits).
    thickness_mm : array_like
        Aluminium shell thickness, 0.1-50 mm.

    Returns
    -------
    jax.Array
        Dose rate [rad(Si)/yr] (AP-8 MIN protons + AE-8 MAX electrons).

    Examples
    --------
    >>> d = trapped_dose_rad_si_per_yr(650.0, 98.0, 10.0)
    """
    alt, inc, th = _check_orbit(altitude_km, inclination_deg, thickness_mm)
    return _rad.trapped_dose_rad_si_per_yr(dose_table(), alt, inc, th)


def total_dose_rad_si_per_yr(altitude_km, inclination_deg, thickness_mm,
                             model: str = "leo_allowance"):
    """Trapped dose x margin + GCR/SPE allowance of ``models/radiation.toml``
    entry ``model`` [rad(Si)/yr]."""
    check_choice("model", model, names("radiation"))
    p = load("radiation", model)
    alt, inc, th = _check_orbit(altitude_km, inclination_deg, thickness_mm)
    trapped = _rad.trapped_dose_rad_si_per_yr(dose_table(), alt, inc, th)
    return trapped * p.trapped_margin_factor + _rad.environment_allowance_rad_si_per_yr(
        inc, p.gcr_dose_rad_si_per_yr, p.spe_dose_rad_si_per_yr, p.spe_onset_inclination_deg,
        p.spe_full_inclination_deg)


def tid_lifetime_yr(tid_limit_krad_si, dose_rad_si_per_yr):
    """Years to reach a device's TID limit (see ``orbitalcompute.core.radiation.tid_lifetime_yr``)."""
    lim = check_range("tid_limit_krad_si", tid_limit_krad_si, gt=0, unit="krad(Si)")
    d = check_range("dose_rad_si_per_yr", dose_rad_si_per_yr, ge=0, unit="rad(Si)/yr")
    return _rad.tid_lifetime_yr(lim, d)


def young_interval_s(checkpoint_s, mtbi_s):
    """Young (1974) optimal checkpoint interval [s]."""
    d = check_range("checkpoint_s", checkpoint_s, ge=0, unit="s")
    m = check_range("mtbi_s", mtbi_s, gt=0, unit="s")
    return _rad.young_interval_s(d, m)


def daly_interval_s(checkpoint_s, mtbi_s):
    """Daly (2006) optimal checkpoint interval [s]."""
    d = check_range("checkpoint_s", checkpoint_s, ge=0, unit="s")
    m = check_range("mtbi_s", mtbi_s, gt=0, unit="s")
    return _rad.daly_interval_s(d, m)


def checkpoint_goodput_fraction(interval_s, checkpoint_s, restart_s, mtbi_s):
    """Useful fraction of time under checkpoint-restart (Daly 2006, eq. 13)."""
    tau = check_range("interval_s", interval_s, gt=0, unit="s")
    d = check_range("checkpoint_s", checkpoint_s, ge=0, unit="s")
    r = check_range("restart_s", restart_s, ge=0, unit="s")
    m = check_range("mtbi_s", mtbi_s, gt=0, unit="s")
    return _rad.checkpoint_goodput_fraction(tau, d, r, m)
