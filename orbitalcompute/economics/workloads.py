"""Workload classes (``models/workloads.toml``) and the cluster's communication
links (``models/comm_links.toml``): what a training, inference or batch job asks
of an orbital cluster, and the keyword wiring into
`orbitalcompute.core.workloads.workload_link_kernel` (the pipeline calls it).

Every workload has the same fields (a uniform pytree); a field that does not
bind a workload (e.g. a latency target for batch) carries a neutral value that
its source says is neutral.
"""

from __future__ import annotations

from .. import catalog
from ..catalog import category, parameter_set, quantity
from ..validation import check_choice

__all__ = ["WorkloadParams", "CommLinkParams", "WORKLOAD_KINDS", "workload_names", "workload",
           "default_workloads", "comm_links", "link_kernel_inputs"]

#: Valid ``WorkloadParams.kind`` values.
WORKLOAD_KINDS = ("training", "inference", "batch")


@parameter_set
class WorkloadParams:
    """One workload class: traffic, latency target, interruption tolerance."""

    scale_out_per_gpu_gbps: float = quantity(
        "Gb/s", ge=0, doc="Scale-out (cluster network) bandwidth per GPU that crosses satellite boundaries")
    ground_per_gpu_gbps: float = quantity("Gb/s", ge=0, doc="Traffic per GPU to and from the ground (users, data)")
    latency_target_ms: float = quantity(
        "ms", gt=0, doc="Round-trip time the workload's users accept (no target: a very large value)")
    min_goodput_fraction: float = quantity(
        "1", ge=0, le=1, doc="Lowest checkpoint goodput the job tolerates (interruption tolerance)")
    checkpoint_interval_h: float = quantity("h", gt=0, doc="Checkpoint cadence of the job (documentation of the class)")
    kind: str = category(WORKLOAD_KINDS, default="batch", doc="training, inference or batch")


@parameter_set
class CommLinkParams:
    """Optical inter-satellite terminals and ground gateways of an orbital cluster."""

    terminal_rate_gbps: float = quantity("Gb/s", gt=0, doc="Data rate one optical terminal closes at its reference range")
    terminal_reference_range_km: float = quantity("km", gt=0, doc="Range at which the terminal closes terminal_rate_gbps")
    terminal_max_rate_gbps: float = quantity("Gb/s", gt=0, doc="Modem rate cap of one terminal (any range)")
    terminal_mass_kg: float = quantity("kg", ge=0, doc="Mass of one optical terminal")
    terminal_power_w: float = quantity("W", ge=0, doc="Electrical power of one optical terminal")
    terminal_cost_usd: float = quantity("USD", ge=0, doc="Unit cost of one optical terminal")
    max_terminals_per_satellite_count: float = quantity(
        "1", ge=0, doc="Optical terminals one satellite can mount (pointing, field of view, area)")
    formation_spacing_km: float = quantity("km", gt=0, doc="Distance between neighbouring satellites of the cluster")
    gateway_capacity_gbps: float = quantity("Gb/s", gt=0, doc="Capacity of one ground gateway to the cluster")
    gateway_availability_fraction: float = quantity(
        "1", gt=0, le=1, doc="Fraction of time a gateway's link is up through weather")
    gateway_cost_usd_per_yr: float = quantity("USD/yr", ge=0, doc="Yearly cost of one gateway (lease or capital recovery + operations)")


def workload_names() -> list[str]:
    """Names in ``models/workloads.toml``."""
    return catalog.names("workloads")


def workload(name: str) -> WorkloadParams:
    """A workload class from the catalogue; an unknown name lists the valid ones."""
    check_choice("workload", name, workload_names())
    return catalog.load("workloads", name)


def default_workloads() -> dict[str, WorkloadParams]:
    """Every workload class of the catalogue, by name (the pipeline's default)."""
    return {n: catalog.load("workloads", n) for n in workload_names()}


def comm_links(name: str = "default") -> CommLinkParams:
    """``models/comm_links.toml [name]``; an unknown name lists the valid ones."""
    check_choice("comm_links", name, catalog.names("comm_links"))
    return catalog.load("comm_links", name)


def link_kernel_inputs(w: WorkloadParams, links: CommLinkParams) -> dict:
    """Keywords of `orbitalcompute.core.workloads.workload_link_kernel` from a
    workload and the link catalogue (the design, launch and finance keywords come
    from the pipeline)."""
    return dict(scale_out_per_gpu_gbps=w.scale_out_per_gpu_gbps, ground_per_gpu_gbps=w.ground_per_gpu_gbps,
                min_goodput_fraction=w.min_goodput_fraction,
                terminal_rate_gbps=links.terminal_rate_gbps,
                terminal_reference_range_km=links.terminal_reference_range_km,
                terminal_max_rate_gbps=links.terminal_max_rate_gbps, terminal_mass_kg=links.terminal_mass_kg,
                terminal_power_w=links.terminal_power_w, terminal_cost_usd=links.terminal_cost_usd,
                max_terminals_per_satellite_count=links.max_terminals_per_satellite_count,
                formation_spacing_km=links.formation_spacing_km,
                gateway_capacity_gbps=links.gateway_capacity_gbps,
                gateway_availability_fraction=links.gateway_availability_fraction,
                gateway_cost_usd_per_yr=links.gateway_cost_usd_per_yr)
