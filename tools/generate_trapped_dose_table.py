"""Regenerate the stored radiation tables in ``models/data/``.

Writes three files (each with a comment header giving source and method):

* ``trapped_spectra_orbit_avg.csv`` -- orbit-averaged omnidirectional integral
  fluxes J(>E) of trapped protons (AP-8 MIN) and electrons (AE-8 MAX) on an
  altitude x inclination grid of circular orbits.
* ``trapped_dose_depth.csv`` -- total ionising dose per year in silicon at the
  centre of an aluminium spherical shell, versus shell thickness, for every
  orbit of the grid (straight-ahead CSDA approximation).
* ``stopping_power_range_al_si.csv`` -- an independent Bethe-formula
  computation of the stopping powers and CSDA ranges in aluminium and silicon,
  kept only as a cross-check of the NIST tables (``tests/test_radiation.py``);
  the dose does not use it.

Method
------
Stopping powers and ranges used by the dose: the NIST PSTAR (protons) and
ESTAR (electrons) tables for aluminium and silicon stored in
``models/data/nist_{pstar,estar}_{aluminum,silicon}.txt`` (NIST SRD 124,
Berger, Coursey, Zucker & Chang 2005, doi:10.18434/T4NC7P; provenance in each
file's header).  The range-energy relation R_Al(E) and its inverse are log-log
interpolations of the tabulated CSDA ranges (PSTAR: total stopping; ESTAR:
collision + radiative); the energy deposited in the thin silicon target is the
tabulated PSTAR electronic stopping power (protons) or ESTAR collision stopping
power (electrons; bremsstrahlung escapes the thin target).

Cross-check (``stopping_power_range_al_si.csv``): the Bethe formula for protons
(ICRU Report 49, eq. 2.1, without shell, Barkas and Bloch corrections; below
0.5 MeV the electronic stopping is continued with S ~ sqrt(E)) and the
Rohrlich-Carlson collision stopping power for electrons (ICRU Report 37,
eq. 2.1, without the density-effect correction), with a radiative stopping
S_rad/S_col ~ Z (T + m c^2)/800 MeV (Koch & Motz rule) for the range only;
I = 166 eV (Al), 173 eV (Si).  Measured agreement with PSTAR/ESTAR over
1-400 MeV (p) and 0.1-10 MeV (e) is stated in ``tests/test_radiation.py`` and
``docs/models/radiation.md``.

Trapped environment: AE-8/AP-8 through the ``radbelt`` package (NASA
wrapper of the NSSDC Fortran, with IGRF/DGRF field).  Following ECSS-E-ST-10-04C
sec. 9 (use the models with the field epoch they were built with, no secular
extrapolation), AP-8 MIN is evaluated with the 1964 field and AE-8 MAX with
the 1970 field.  Orbit averages sample circular-orbit positions from
``orbitalcompute.core.orbit_kernels.circular_position_eci_km`` over a
uniform grid of argument of latitude and Earth-fixed node longitude (the
long-time average of a precessing, non-repeating ground track) and
bilinearly interpolate a latitude/longitude flux map at each altitude.

Dose: for isotropic omnidirectional fluence reaching the centre of a shell of
areal thickness t, every particle crosses t; a particle of energy E leaves
with E' = R^-1(R(E) - t) (CSDA, straight-ahead) and deposits S_Si(E') per unit
fluence in a thin silicon target.  D(t) = sum_k dJ_k S_Si(E'_k).  No
secondaries, no bremsstrahlung dose, no nuclear reactions; behind
1-20 mm Al in LEO this agrees with SHIELDOSE-2 to within about a factor 2.

Run: ``python tools/generate_trapped_dose_table.py`` (about 10 min on one core:
AE-8/AP-8 maps, orbit averages, dose).  ``--dose-only`` skips the radbelt part
and recomputes the dose table (and the Bethe cross-check table) from the stored
orbit-averaged spectra, which are exactly what the dose step consumes (to
their 6 stored digits); ``--stopping bethe`` uses the Bethe cross-check instead
of the NIST tables (for measuring the difference, not for the stored table).
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

import numpy as np
import scipy.constants as sc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "models" / "data"

# Material data: NIST PSTAR/ESTAR material composition tables
# (https://physics.nist.gov/PhysRefData/Star/Text/method.html; ICRU 37/49).
MATERIALS = {
    "al": {"z": 13.0, "a_g_per_mol": 26.9815, "i_ev": 166.0, "density_g_per_cm3": 2.699},
    "si": {"z": 14.0, "a_g_per_mol": 28.0855, "i_ev": 173.0, "density_g_per_cm3": 2.33},
}
ME_MEV = sc.physical_constants["electron mass energy equivalent in MeV"][0]
MP_MEV = sc.physical_constants["proton mass energy equivalent in MeV"][0]
R_E_CM = sc.physical_constants["classical electron radius"][0] * 100.0
# K = 4 pi N_A r_e^2 m_e c^2  [MeV cm2/mol]  (PDG eq. 34.5 constant, 0.307075)
K_MEV_CM2_PER_MOL = 4.0 * np.pi * sc.N_A * R_E_CM**2 * ME_MEV
# Energy at which the proton Bethe formula hands over to S ~ sqrt(E) [MeV]
PROTON_LOW_MATCH_MEV = 0.5
# Koch & Motz rule of thumb for S_rad/S_col of electrons (Z * E_total / 800 MeV)
RADIATIVE_RULE_MEV = 800.0

PROTON_ENERGIES_MEV = np.array([0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0, 1.5, 2.0, 3.0,
                                4.0, 5.0, 6.0, 7.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
                                70.0, 100.0, 150.0, 200.0, 300.0, 400.0])
ELECTRON_ENERGIES_MEV = np.array([0.04, 0.07, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0,
                                  3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0])
ALTITUDES_KM = np.arange(400.0, 1201.0, 100.0)
INCLINATIONS_DEG = np.array([0.0, 15.0, 30.0, 40.0, 50.0, 55.0, 60.0, 70.0, 80.0, 90.0,
                             96.0, 97.0, 98.0, 99.0, 100.0, 101.0])
THICKNESS_MM = np.array([0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0])
LAT_GRID_DEG = np.arange(-90.0, 90.01, 2.5)
LON_GRID_DEG = np.arange(-180.0, 180.0, 6.0)
N_ARG_LAT = 180
N_NODE = 72
FIELD_EPOCH = {"p": 1964.0, "e": 1970.0}
SOLAR = {"p": "min", "e": "max"}


def proton_stopping_mev_cm2_per_g(energy_mev, mat):
    m = MATERIALS[mat]

    def bethe(e):
        gamma = 1.0 + e / MP_MEV
        beta2 = 1.0 - 1.0 / gamma**2
        arg = 2.0 * ME_MEV * beta2 * gamma**2 / (m["i_ev"] * 1e-6)
        return K_MEV_CM2_PER_MOL * m["z"] / m["a_g_per_mol"] / beta2 * (np.log(arg) - beta2)

    e = np.asarray(energy_mev, float)
    low = bethe(PROTON_LOW_MATCH_MEV) * np.sqrt(e / PROTON_LOW_MATCH_MEV)
    return np.where(e >= PROTON_LOW_MATCH_MEV, bethe(np.maximum(e, PROTON_LOW_MATCH_MEV)), low)


def electron_stopping_mev_cm2_per_g(energy_mev, mat):
    """Returns (collision, total) mass stopping powers."""
    m = MATERIALS[mat]
    tau = np.asarray(energy_mev, float) / ME_MEV
    gamma = tau + 1.0
    beta2 = 1.0 - 1.0 / gamma**2
    i_ratio = m["i_ev"] * 1e-6 / ME_MEV
    f = 1.0 - beta2 + (tau**2 / 8.0 - (2.0 * tau + 1.0) * np.log(2.0)) / (tau + 1.0) ** 2
    col = (K_MEV_CM2_PER_MOL / 2.0 * m["z"] / m["a_g_per_mol"] / beta2
           * (np.log(tau**2 * (tau + 2.0) / (2.0 * i_ratio**2)) + f))
    rad = col * m["z"] * (np.asarray(energy_mev) + ME_MEV) / RADIATIVE_RULE_MEV
    return col, col + rad


def csda_range_g_per_cm2(energy_mev, stopping):
    """Cumulative trapezoid of 1/S in log energy; R(E0) from S ~ sqrt(E) below E0."""
    e = np.asarray(energy_mev)
    inv = 1.0 / stopping
    r0 = 2.0 * e[0] * inv[0]
    seg = 0.5 * (inv[1:] + inv[:-1]) * np.diff(e)
    return r0 + np.concatenate([[0.0], np.cumsum(seg)])


def stopping_tables():
    """Bethe / Rohrlich-Carlson cross-check tables (not used by the dose)."""
    ep = np.geomspace(1e-3, 1e3, 241)
    ee = np.geomspace(1e-2, 2e1, 241)
    out = {"proton_energy_mev": ep, "electron_energy_mev": ee}
    for mat in MATERIALS:
        sp = proton_stopping_mev_cm2_per_g(ep, mat)
        scol, stot = electron_stopping_mev_cm2_per_g(ee, mat)
        out[f"p_{mat}_stopping"] = sp
        out[f"p_{mat}_range"] = csda_range_g_per_cm2(ep, sp)
        out[f"e_{mat}_collision_stopping"] = scol
        out[f"e_{mat}_total_stopping"] = stot
        out[f"e_{mat}_range"] = csda_range_g_per_cm2(ee, stot)
    return out


NIST_FILES = {("p", "al"): "nist_pstar_aluminum.txt", ("p", "si"): "nist_pstar_silicon.txt",
              ("e", "al"): "nist_estar_aluminum.txt", ("e", "si"): "nist_estar_silicon.txt"}


def read_nist_star(path):
    """Columns of a stored NIST PSTAR/ESTAR table (names from its ``# columns:`` line)."""
    names = None
    with open(path) as fh:
        for line in fh:
            if line.startswith("# columns:"):
                names = line.split(":", 1)[1].split()
    if names is None:
        raise ValueError(f"{path}: no '# columns:' header line")
    data = np.loadtxt(path, comments="#")
    if data.shape[1] != len(names):
        raise ValueError(f"{path}: {data.shape[1]} columns, header names {len(names)}")
    return {n: data[:, j] for j, n in enumerate(names)}


def nist_tables():
    """The dose's stopping tables from the stored NIST PSTAR/ESTAR files: Al CSDA
    ranges (log-log interpolated by :func:`dose_depth`) and Si deposited stopping
    powers (PSTAR electronic, ESTAR collision), with the same keys as
    :func:`stopping_tables`."""
    t = {k: read_nist_star(OUT / f) for k, f in NIST_FILES.items()}
    for sp in ("p", "e"):
        if not np.array_equal(t[sp, "al"]["energy_mev"], t[sp, "si"]["energy_mev"]):
            raise ValueError(f"NIST {sp} tables for Al and Si are on different energy grids")
    return {"proton_energy_mev": t["p", "al"]["energy_mev"],
            "p_al_range": t["p", "al"]["csda_range_g_per_cm2"],
            "p_si_stopping": t["p", "si"]["electronic_stopping_mev_cm2_per_g"],
            "electron_energy_mev": t["e", "al"]["energy_mev"],
            "e_al_range": t["e", "al"]["csda_range_g_per_cm2"],
            "e_si_collision_stopping": t["e", "si"]["collision_stopping_mev_cm2_per_g"]}


def read_orbit_spectra():
    """The stored orbit-averaged spectra as {species: (alt, inc, energy) array}."""
    from orbitalcompute.spacecraft.radiation import read_commented_csv

    data, _ = read_commented_csv(OUT / "trapped_spectra_orbit_avg.csv")
    out = {}
    for particle, energies in (("p", PROTON_ENERGIES_MEV), ("e", ELECTRON_ENERGIES_MEV)):
        m = data["species"] == particle
        cube = np.full((ALTITUDES_KM.size, INCLINATIONS_DEG.size, energies.size), np.nan)
        ia = np.searchsorted(ALTITUDES_KM, data["altitude_km"][m])
        ii = np.searchsorted(INCLINATIONS_DEG, data["inclination_deg"][m])
        ie = np.searchsorted(energies, data["energy_mev"][m])
        cube[ia, ii, ie] = data["integral_flux_per_cm2_s"][m]
        if np.isnan(cube).any():
            raise ValueError(f"stored spectra do not match the generator grid ({particle})")
        out[particle] = cube
    return out


def geographic_flux_maps(particle, energies):
    """Integral flux [1/cm2/s] on (alt, lat, lon, energy)."""
    import radbelt

    lat, lon = np.meshgrid(LAT_GRID_DEG, LON_GRID_DEG, indexing="ij")
    out = np.zeros((ALTITUDES_KM.size, *lat.shape, energies.size))
    for ia, alt in enumerate(ALTITUDES_KM):
        t0 = time.time()
        lval, bb0 = radbelt.igrf(lon.ravel(), lat.ravel(), alt, FIELD_EPOCH[particle])
        first = radbelt.aep8(energies[0], lval, bb0, particle, SOLAR[particle])
        nz = np.flatnonzero(first > 0.0)
        flux = np.zeros((lval.size, energies.size))
        flux[:, 0] = first
        if nz.size:
            rest = radbelt.aep8(energies[None, 1:], lval[nz, None], bb0[nz, None], particle,
                                SOLAR[particle])
            flux[nz, 1:] = rest
        out[ia] = flux.reshape(*lat.shape, energies.size)
        print(f"  {particle} {alt:.0f} km: {nz.size}/{lval.size} points with flux, "
              f"{time.time() - t0:.0f} s", flush=True)
    return out


def orbit_average(maps):
    """Average of the maps over circular orbits: (alt, inc, energy)."""
    import jax

    jax.config.update("jax_enable_x64", True)
    from orbitalcompute.core.orbit_kernels import circular_position_eci_km

    u = np.arange(N_ARG_LAT) * 360.0 / N_ARG_LAT
    node = np.arange(N_NODE) * 360.0 / N_NODE
    res = np.zeros((ALTITUDES_KM.size, INCLINATIONS_DEG.size, maps.shape[-1]))
    for ii, inc in enumerate(INCLINATIONS_DEG):
        r = np.asarray(circular_position_eci_km(500.0, inc, node[:, None], u[None, :]))
        lat = np.rad2deg(np.arcsin(r[..., 2] / np.linalg.norm(r, axis=-1))).ravel()
        lon = np.rad2deg(np.arctan2(r[..., 1], r[..., 0])).ravel()
        fi = (lat - LAT_GRID_DEG[0]) / (LAT_GRID_DEG[1] - LAT_GRID_DEG[0])
        i0 = np.clip(np.floor(fi).astype(int), 0, LAT_GRID_DEG.size - 2)
        wi = fi - i0
        fj = (lon - LON_GRID_DEG[0]) / (LON_GRID_DEG[1] - LON_GRID_DEG[0])
        j0 = np.floor(fj).astype(int) % LON_GRID_DEG.size
        wj = fj - np.floor(fj)
        j1 = (j0 + 1) % LON_GRID_DEG.size
        for ia in range(ALTITUDES_KM.size):
            m = maps[ia]
            v = ((1 - wi)[:, None] * (1 - wj)[:, None] * m[i0, j0] + wi[:, None] * (1 - wj)[:, None] * m[i0 + 1, j0]
                 + (1 - wi)[:, None] * wj[:, None] * m[i0, j1] + wi[:, None] * wj[:, None] * m[i0 + 1, j1])
            res[ia, ii] = v.mean(axis=0)
    return res


def dose_depth(integral_flux, energies, particle, st):
    """Dose rate [rad(Si)/yr] at each thickness for integral spectra (..., n_e)."""
    fine = np.geomspace(energies[0], energies[-1], 400)
    logj = np.log(np.maximum(integral_flux, 1e-300))
    jf = np.exp(np.apply_along_axis(lambda y: np.interp(np.log(fine), np.log(energies), y), -1, logj))
    jf = np.where(jf < 1e-250, 0.0, jf)
    dj = jf[..., :-1] - jf[..., 1:]
    emid = np.sqrt(fine[:-1] * fine[1:])
    if particle == "p":
        eg, r_al, s_si = st["proton_energy_mev"], st["p_al_range"], st["p_si_stopping"]
    else:
        eg, r_al, s_si = st["electron_energy_mev"], st["e_al_range"], st["e_si_collision_stopping"]
    r_mid = np.exp(np.interp(np.log(emid), np.log(eg), np.log(r_al)))
    mev_per_g_to_rad = sc.mega * sc.electron_volt / 1e-3 / 1e-2  # MeV/g -> J/kg -> rad
    out = []
    for t_mm in THICKNESS_MM:
        t_gcm2 = t_mm * 0.1 * MATERIALS["al"]["density_g_per_cm3"]
        r_out = r_mid - t_gcm2
        ok = r_out > r_al[0]
        e_out = np.exp(np.interp(np.log(np.where(ok, r_out, r_al[0])), np.log(r_al), np.log(eg)))
        s = np.where(ok, np.exp(np.interp(np.log(e_out), np.log(eg), np.log(s_si))), 0.0)
        out.append((dj * s).sum(-1) * mev_per_g_to_rad * sc.Julian_year)
    return np.stack(out, axis=-1)


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dose-only", action="store_true",
                    help="recompute the dose table from the stored orbit-averaged spectra (no radbelt)")
    ap.add_argument("--stopping", choices=("nist", "bethe"), default="nist",
                    help="stopping/range tables for the dose (default nist; bethe only for comparisons)")
    ap.add_argument("--out", type=Path, default=None,
                    help="write the dose table here instead of models/data/trapped_dose_depth.csv")
    args = ap.parse_args(argv)
    today = datetime.date.today().isoformat()
    st = stopping_tables()
    dose_st = nist_tables() if args.stopping == "nist" else st
    hdr_common = (f"# generated by tools/generate_trapped_dose_table.py on {today}\n")
    with open(OUT / "stopping_power_range_al_si.csv", "w") as fh:
        fh.write("# Mass stopping powers [MeV cm2/g] and CSDA ranges [g/cm2] in Al and Si: an independent\n"
                 "# Bethe-formula CROSS-CHECK of the NIST PSTAR/ESTAR tables (models/data/nist_*.txt);\n"
                 "# the dose table does not use it (tests/test_radiation.py compares the two).\n"
                 "# Method: Bethe formula (ICRU Report 49 eq. 2.1, no shell/Barkas/Bloch corrections;\n"
                 "# below 0.5 MeV S ~ sqrt(E)) for protons; Rohrlich-Carlson collision stopping\n"
                 "# (ICRU Report 37 eq. 2.1, no density effect) for electrons.  *_stopping columns: proton\n"
                 "# electronic / electron collision stopping power; electron CSDA ranges integrate the\n"
                 "# collision + radiative stopping, radiative ~ collision * Z(T+mc2)/800 MeV (Koch & Motz).\n"
                 "# I-values: Al 166 eV, Si 173 eV (as in PSTAR/ESTAR).\n"
                 + hdr_common)
        fh.write("species,energy_mev,al_stopping_mev_cm2_per_g,al_csda_range_g_per_cm2,"
                 "si_stopping_mev_cm2_per_g,si_csda_range_g_per_cm2\n")
        for k, e in enumerate(st["proton_energy_mev"]):
            fh.write(f"p,{e:.6g},{st['p_al_stopping'][k]:.6g},{st['p_al_range'][k]:.6g},"
                     f"{st['p_si_stopping'][k]:.6g},{st['p_si_range'][k]:.6g}\n")
        for k, e in enumerate(st["electron_energy_mev"]):
            fh.write(f"e,{e:.6g},{st['e_al_collision_stopping'][k]:.6g},{st['e_al_range'][k]:.6g},"
                     f"{st['e_si_collision_stopping'][k]:.6g},{st['e_si_range'][k]:.6g}\n")

    if args.dose_only:
        spectra = read_orbit_spectra()
        doses = {particle: dose_depth(spectra[particle], energies, particle, dose_st)
                 for particle, energies in (("p", PROTON_ENERGIES_MEV), ("e", ELECTRON_ENERGIES_MEV))}
        write_dose_table(doses, hdr_common, args.stopping, args.out)
        print("wrote dose table from the stored spectra")
        return

    spectra, doses = {}, {}
    for particle, energies in (("p", PROTON_ENERGIES_MEV), ("e", ELECTRON_ENERGIES_MEV)):
        maps = geographic_flux_maps(particle, energies)
        spectra[particle] = orbit_average(maps)
        doses[particle] = dose_depth(spectra[particle], energies, particle, dose_st)

    with open(OUT / "trapped_spectra_orbit_avg.csv", "w") as fh:
        fh.write("# Orbit-averaged omnidirectional integral flux J(>E) [1/(cm2 s)] of trapped particles.\n"
                 + environment_source() + hdr_common)
        fh.write("altitude_km,inclination_deg,species,energy_mev,integral_flux_per_cm2_s\n")
        for particle, energies in (("p", PROTON_ENERGIES_MEV), ("e", ELECTRON_ENERGIES_MEV)):
            for ia, alt in enumerate(ALTITUDES_KM):
                for ii, inc in enumerate(INCLINATIONS_DEG):
                    for k, e in enumerate(energies):
                        fh.write(f"{alt:g},{inc:g},{particle},{e:g},{spectra[particle][ia, ii, k]:.6g}\n")
    write_dose_table(doses, hdr_common, args.stopping, args.out)
    print("wrote", OUT)


def environment_source():
    return ("# Source: AE-8 MAX / AP-8 MIN (Vette 1991, NSSDC/WDC-A-R&S 91-24; Sawyer & Vette 1976,\n"
            "# NSSDC/WDC-A-R&S 76-06) via the radbelt package (NASA, pypi radbelt 0.1.8) with the\n"
            "# IGRF/DGRF field at the model epochs (AP-8 MIN: 1964.0, AE-8 MAX: 1970.0; ECSS-E-ST-10-04C).\n"
            "# Circular orbits; average over a uniform grid of argument of latitude (180) x Earth-fixed\n"
            f"# node longitude (72); flux maps on a {LAT_GRID_DEG[1]-LAT_GRID_DEG[0]:g} deg x "
            f"{LON_GRID_DEG[1]-LON_GRID_DEG[0]:g} deg geographic grid per altitude.\n")


def write_dose_table(doses, hdr_common, stopping, out=None):
    if stopping == "nist":
        st_src = ("# Ranges and stopping powers: NIST PSTAR/ESTAR (SRD 124, doi:10.18434/T4NC7P) tables in\n"
                  "# models/data/nist_*.txt: log-log interpolated Al CSDA range, Si electronic (p) /\n"
                  "# collision (e) stopping power. Expected accuracy vs SHIELDOSE-2: factor ~2.\n")
    else:
        st_src = ("# Ranges and stopping powers: Bethe cross-check (stopping_power_range_al_si.csv), NOT NIST.\n")
    with open(out or OUT / "trapped_dose_depth.csv", "w") as fh:
        fh.write("# Trapped-particle total ionising dose rate in Si [rad(Si)/yr] at the centre of an Al\n"
                 "# spherical shell of the given thickness (straight-ahead CSDA: every particle crosses\n"
                 "# the thickness radially; no secondaries/bremsstrahlung).\n"
                 + st_src + environment_source()
                 + "# Spectra: trapped_spectra_orbit_avg.csv (the orbit averages of the source above).\n"
                 + hdr_common)
        fh.write("altitude_km,inclination_deg,al_thickness_mm,proton_dose_rad_si_per_yr,"
                 "electron_dose_rad_si_per_yr\n")
        for ia, alt in enumerate(ALTITUDES_KM):
            for ii, inc in enumerate(INCLINATIONS_DEG):
                for k, t in enumerate(THICKNESS_MM):
                    fh.write(f"{alt:g},{inc:g},{t:g},{doses['p'][ia, ii, k]:.6g},"
                             f"{doses['e'][ia, ii, k]:.6g}\n")


if __name__ == "__main__":
    main()
