"""Economics: terrestrial and orbital cost per delivered GPU-hour, break-even
launch price, carbon per GPU-hour.

Public entry points (each returns a dict with a breakdown):

* [`orbitalcompute.economics.terrestrial.terrestrial_cost_per_gpu_h`][orbitalcompute.economics.terrestrial.terrestrial_cost_per_gpu_h]
* [`orbitalcompute.economics.orbital.orbital_cost_per_gpu_h`][orbitalcompute.economics.orbital.orbital_cost_per_gpu_h]
* [`orbitalcompute.economics.breakeven.breakeven_launch_price`][orbitalcompute.economics.breakeven.breakeven_launch_price]
* [`orbitalcompute.economics.breakeven.elasticities`][orbitalcompute.economics.breakeven.elasticities]
* [`orbitalcompute.economics.carbon.terrestrial_carbon_kgco2_per_gpu_h`][orbitalcompute.economics.carbon.terrestrial_carbon_kgco2_per_gpu_h],
  [`orbitalcompute.economics.carbon.orbital_carbon_kgco2_per_gpu_h`][orbitalcompute.economics.carbon.orbital_carbon_kgco2_per_gpu_h]

The kernels they call live in [`orbitalcompute.core.costs`][orbitalcompute.core.costs] and
[`orbitalcompute.core.finance`][orbitalcompute.core.finance]; every default is in ``models/`` (sites,
finance, cost_laws, carbon, launch_vehicles, launch_curves).
"""

from .params import (  # noqa: F401
    CarbonParams,
    CostLawParams,
    FinanceParams,
    LaunchCurveParams,
    LaunchParams,
    LaunchVehicleParams,
    SiteParams,
)
from .breakeven import breakeven_launch_price, elasticities, gradients  # noqa: E402,F401
from .carbon import orbital_carbon_kgco2_per_gpu_h, terrestrial_carbon_kgco2_per_gpu_h  # noqa: E402,F401
from .orbital import orbital_cost_per_gpu_h  # noqa: E402,F401
from .terrestrial import site, site_names, terrestrial_cost_per_gpu_h  # noqa: E402,F401

__all__ = [
    "terrestrial_cost_per_gpu_h", "orbital_cost_per_gpu_h", "breakeven_launch_price",
    "elasticities", "gradients", "terrestrial_carbon_kgco2_per_gpu_h",
    "orbital_carbon_kgco2_per_gpu_h", "site", "site_names",
    "SiteParams", "FinanceParams", "CostLawParams", "CarbonParams", "LaunchVehicleParams",
    "LaunchCurveParams", "LaunchParams",
]
