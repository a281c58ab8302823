"""Eclipse fraction against altitude and beta angle, and dawn-dusk eclipse seasons.

Checks the illumination model against closed forms and against the sunlight
figures that orbital data-centre proposals assume for dawn-dusk
sun-synchronous orbits, and draws the two figures every such proposal needs:
the fraction of an orbit in shadow over altitude and beta angle, and the
eclipse season of dawn-dusk orbits over a year.

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 5.3.2: cylindrical shadow, eclipse fraction
:math:`f = \\arccos(\\sqrt{1-(R/a)^2}/\\cos\\beta)/\\pi`, zero above
:math:`\\beta^* = \\arcsin(R/a)`.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from . import Comparison, Reproduction

__all__ = ["run", "TITLE", "PUBLICATION", "TARGET"]

TITLE = "Eclipses: fraction of orbit in shadow by altitude and beta; dawn-dusk eclipse seasons"
PUBLICATION = ("Vallado (2013) Fundamentals of Astrodynamics and Applications, sec. 5.3.2 (closed-form "
               "cylindrical shadow); sunlight fractions assumed for dawn-dusk orbits by McCalip (2025) "
               "and the Starcloud white paper")
TARGET = "eclipse fraction vs altitude and beta (figure); dawn-dusk SSO sunlit fraction and eclipse season"

#: altitudes of the dawn-dusk eclipse-season figure [km]
_SEASON_ALTITUDES_KM = (550.0, 650.0, 800.0, 1000.0)


def _closed_form_cylindrical(altitude_km: float, beta_deg: float) -> float:
    """Vallado (2013) sec. 5.3.2, written out independently of the kernel."""
    from ..constants import R_EARTH_KM

    ratio = R_EARTH_KM / (R_EARTH_KM + altitude_km)
    c = math.sqrt(1.0 - ratio**2) / math.cos(math.radians(beta_deg))
    return math.acos(c) / math.pi if c < 1.0 else 0.0


def run(outdir: Path | None = None, quick: bool = False) -> Reproduction:
    from .. import catalog, illumination
    from ..constants import R_EARTH_KM
    from ..orbit import OrbitParams

    rows: list[Comparison] = []
    # --- closed forms (Vallado 2013) against the kernels ---
    for h in (400.0, 650.0, 1200.0):
        ours = float(illumination.eclipse_fraction(h, 0.0, "cylindrical"))
        rows.append(Comparison(
            f"eclipse fraction at beta = 0, {h:.0f} km (cylindrical)", ours, _closed_form_cylindrical(h, 0.0),
            "1", "Same geometry: the kernel and the closed form of Vallado (2013) sec. 5.3.2 agree to "
                 "rounding.", tolerance_fraction=1e-9))
    h = 650.0
    ours_cyl = float(illumination.critical_beta_deg(h, "cylindrical"))
    rows.append(Comparison(
        "critical beta at 650 km (cylindrical)", ours_cyl,
        math.degrees(math.asin(R_EARTH_KM / (R_EARTH_KM + h))), "deg",
        "Closed form arcsin(R/a) of Vallado (2013); the kernel evaluates the same expression.",
        tolerance_fraction=1e-9))
    ours_con = float(illumination.eclipse_fraction(h, 0.0, "conical"))
    rows.append(Comparison(
        "eclipse fraction at beta = 0, 650 km (conical, energy-weighted)", ours_con,
        _closed_form_cylindrical(h, 0.0), "1",
        "Compared with the cylindrical closed form on purpose: the conical model counts the penumbra "
        "(the Sun's 0.27 deg radius) and weights it by the hidden part of the solar disc, which changes "
        "the energy lost by well under 1 % of the eclipse; the cylinder is a good approximation in LEO."))

    # --- the dawn-dusk orbit every proposal uses ---
    orbit = catalog.load("orbits", "dawn_dusk_sso_650")
    step = 600.0 if quick else 60.0
    eph = illumination.annual_summary(orbit, method="ephemeris", step_s=step)
    ana = illumination.annual_summary(orbit, method="analytic")
    mc = catalog.load("mccalip2025", "baseline")
    rows.append(Comparison(
        "dawn-dusk SSO 650 km: annual mean sunlit fraction vs McCalip's assumption", eph.mean_sunlit_fraction,
        float(mc.sun_fraction), "1",
        f"McCalip's model assumes 0.98 for a 'terminator orbit' (models/mccalip2025.toml). A real dawn-dusk "
        f"orbit at 650 km (LTAN 18:00, Skyfield + DE421, {step:g} s steps) dips into the Earth's shadow "
        f"for {eph.eclipse_day_count} days around the June solstice (northern summer tilts the shadow "
        f"toward the orbit), up to {eph.longest_eclipse_s / 60:.1f} min per orbit: "
        f"{100 * eph.mean_sunlit_fraction:.1f} % sunlit over the year."))
    from ..core.eclipse import annual_sso_illumination

    clear_step = 50.0 if quick else 25.0
    grid = np.arange(500.0, 3000.0 + clear_step, clear_step)
    days = np.asarray(annual_sso_illumination(grid, float(orbit.ltan_h))[2])
    clear_km = float(grid[np.argmax(days == 0)]) if np.any(days == 0) else float("nan")
    findings = [
        f"Analytic kernel vs Skyfield ephemeris for the 650 km dawn-dusk orbit: mean sunlit fraction "
        f"{ana.mean_sunlit_fraction:.4f} vs {eph.mean_sunlit_fraction:.4f} "
        f"({100 * (ana.mean_sunlit_fraction - eph.mean_sunlit_fraction):+.2f} percentage points); longest "
        f"eclipse {ana.longest_eclipse_s / 60:.1f} vs {eph.longest_eclipse_s / 60:.1f} min; eclipse days "
        f"{ana.eclipse_day_count} vs {eph.eclipse_day_count}.",
        "Eclipse season of the 650 km dawn-dusk orbit: " + (
            ", ".join(f"{a} to {b}" for a, b in eph.eclipse_seasons) or "none") + " (ephemeris).",
        f"Dawn-dusk orbits (LTAN {float(orbit.ltan_h):g} h) clear the shadow all year from about "
        f"{clear_km:.0f} km up (first altitude on a {clear_step:g} km grid with no eclipse day); that "
        "continuous sunlight is bought with the trapped-particle dose of higher orbits (see the radiation model).",
        "The Starcloud white paper's '>95 % capacity factor' for dawn-dusk orbits is consistent with this "
        "(we were only able to read it through secondary summaries, so it is not tabulated as a published row).",
    ]

    figures: list[Path] = []
    if outdir is not None:
        from .. import plots

        alts = np.linspace(300.0, 2000.0, 35 if quick else 120)
        betas = np.linspace(0.0, 90.0, 31 if quick else 121)
        frac = np.asarray(illumination.eclipse_fraction(alts[None, :], betas[:, None], "conical"))
        crit = np.asarray(illumination.critical_beta_deg(alts, "conical"))
        fig = plots.eclipse_fraction_map(
            alts, betas, frac, critical_beta_deg=crit,
            title="Fraction of each orbit in Earth's shadow (circular orbits)",
            source_note="Conical shadow, energy-weighted (umbra + penumbra); orbitalcompute.illumination."
                        f" The 650 km dawn-dusk SSO's beta spans {eph.beta_min_deg:.0f}-{eph.beta_max_deg:.0f} deg over the year.")
        figures += plots.save(fig, outdir, "eclipse_fraction_altitude_beta")

        series, longest = {}, {}
        day = None
        for alt in _SEASON_ALTITUDES_KM:
            o = OrbitParams(altitude_km=alt, orbit_type="sun_synchronous", ltan_h=float(orbit.ltan_h))
            s = illumination.annual_summary(o, method="analytic")
            day = np.arange(len(s.daily.sunlit_fraction)) + 1
            series[f"{alt:.0f} km"] = 1.0 - np.asarray(s.daily.sunlit_fraction)
            longest[f"{alt:.0f} km"] = np.asarray(s.daily.longest_eclipse_s) / 60.0
        fig = plots.eclipse_seasons(
            day, longest, ylabel="longest eclipse of the day [min]", scale=1.0,
            title="Dawn-dusk orbits (LTAN 18:00): eclipse season around the June solstice",
            source_note="orbitalcompute.illumination.annual_summary(method='analytic'), J2 sun-synchronous "
                        "inclination, low-precision Sun.")
        figures += plots.save(fig, outdir, "dawn_dusk_eclipse_seasons")

        d = eph.daily
        fig = plots.illumination_year(
            np.arange(len(d.sunlit_fraction)) + 1, d.sunlit_fraction, np.asarray(d.longest_eclipse_s) / 60.0,
            beta_deg=d.beta_deg, title="650 km dawn-dusk SSO: illumination over a year (Skyfield + DE421)",
            source_note=f"orbits/dawn_dusk_sso_650; ephemeris path, {step:g} s steps, conical shadow.")
        figures += plots.save(fig, outdir, "dawn_dusk_650_illumination_year")

    return Reproduction(name="eclipse", title=TITLE, publication=PUBLICATION, target=TARGET,
                        inputs=["models/orbits.toml [dawn_dusk_sso_650]", "models/environment.toml [earth]",
                                "models/mccalip2025.toml [baseline] (sun_fraction)"],
                        comparisons=rows, findings=findings, figures=figures)
