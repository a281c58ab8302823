r"""Shortest-delay routing on the time-varying satellite graph.

For every time step one directed sparse graph is built with vectorised numpy
(no Python loop over satellites, links or pairs) and
`scipy.sparse.csgraph.dijkstra` finds the shortest one-way delay from
every distinct source to every node.  Geometry for a chunk of time steps
comes from one jitted JAX call (`link_geometry`).

Nodes: ``[satellites | source ground nodes | destination ground nodes |
gateways | cluster]``.  Ground users only originate (source nodes have
out-edges only) or terminate (destination nodes have in-edges only) traffic,
so no path relays through a user terminal.  Gateways in bent-pipe mode are
bidirectional (a path may bounce sat -> gateway -> sat, as in Handley's
bent-pipe simulations) and hand traffic to the destination over fibre.

Edge weight [ms] = length / c (vacuum) + the per-hop processing delay of the
satellite the edge enters.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from ..core.latency_geometry import C_KM_PER_MS, isl_feasibility
from .constellation import Constellation
from .links import LinkArrays, link_geometry

__all__ = ["route_one_way_ms", "orient_pairs"]


def orient_pairs(pair_a: np.ndarray, pair_b: np.ndarray):
    """Orient undirected pairs so that few distinct points are sources.

    Greedy vertex cover: points in many pairs become sources first.  Returns
    ``(src, dst, flipped)``; valid only where delay(a, b) = delay(b, a)
    (ISL mode: every link is symmetric).
    """
    a = np.asarray(pair_a)
    b = np.asarray(pair_b)
    n = int(max(a.max(), b.max())) + 1
    chosen = np.zeros(n, dtype=bool)
    covered = np.zeros(a.size, dtype=bool)
    while not covered.all():
        deg = np.bincount(np.concatenate([a[~covered], b[~covered]]), minlength=n)
        v = int(np.argmax(deg))
        chosen[v] = True
        covered |= (a == v) | (b == v)
    flipped = ~chosen[a] & chosen[b]
    return np.where(flipped, b, a), np.where(flipped, a, b), flipped


def route_one_way_ms(constellation: Constellation, t_s, ground_ecef_km, pair_src, pair_dst, *,
                     mode: str = "isl", gateway_ecef_km=None, gateway_to_dst_ms=None,
                     cluster_ecef_km=None, cluster_link_count: int = 4,
                     cluster_link_max_range_km: float = np.inf, chunk_steps: int = 32,
                     workers: int | None = None):
    """One-way shortest delays [ms] for pairs over a time grid.

    Parameters
    ----------
    constellation : Constellation
    t_s : array (T,)
        Seconds after the constellation's epoch.
    ground_ecef_km : array (G, 3)
        Ground points; ``pair_src``/``pair_dst`` index into it.
    pair_src, pair_dst : int arrays (P,)
        In ``mode='cluster'`` ``pair_dst`` is ignored (the cluster is the
        destination).
    mode : {'isl', 'bent-pipe', 'cluster'}
        ``'isl'``: user -> satellite -> laser ISLs -> satellite -> user.
        ``'bent-pipe'``: user -> satellite -> gateway (-> satellite ->
        gateway ...) -> fibre -> destination; no ISLs.
        ``'cluster'``: user -> satellite -> ISLs -> satellite -> optical link
        -> orbital cluster.
    gateway_ecef_km : array (W, 3), bent-pipe only
    gateway_to_dst_ms : array (W, G), bent-pipe only
        One-way fibre delay from each gateway to each ground point.
    cluster_ecef_km : array (T, 3), cluster only
        Earth-fixed position of the cluster at each time.
    cluster_link_count, cluster_link_max_range_km : cluster only
        The cluster links to up to this many of the nearest network
        satellites within range whose line of sight clears the atmosphere.

    chunk_steps : int
        Time steps per jitted geometry call.
    workers : int, optional
        Threads running Dijkstra on different time steps concurrently
        (csgraph releases the GIL); default ``os.cpu_count()``.

    Returns
    -------
    delay_ms : array (P, T)
        ``inf`` where no path exists (callers turn it into NaN + mask).
    """
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    g_ecef = np.asarray(ground_ecef_km, dtype=np.float64).reshape(-1, 3)
    src = np.asarray(pair_src, dtype=np.int64).ravel()
    dst = np.asarray(pair_dst, dtype=np.int64).ravel()
    if mode not in ("isl", "bent-pipe", "cluster"):
        raise ValueError(f"mode = {mode!r} is not one of 'isl', 'bent-pipe', 'cluster'")
    links = LinkArrays(constellation)
    S = constellation.size
    hop = links.hop_ms
    use_isl = mode in ("isl", "cluster")
    edges = links.edges

    flipped = np.zeros(src.size, dtype=bool)
    if mode == "isl":
        src, dst, flipped = orient_pairs(src, dst)
    src_pts, src_local = np.unique(src, return_inverse=True)
    n_s = src_pts.size
    if mode == "cluster":
        dst_pts = np.zeros(0, dtype=np.int64)
        dst_local = np.zeros(src.size, dtype=np.int64)
    else:
        dst_pts, dst_local = np.unique(dst, return_inverse=True)
    n_d = dst_pts.size

    # ground points whose visibility we need (each once): sources, (isl)
    # destinations, then gateways
    ground_pts = np.union1d(src_pts, dst_pts) if mode == "isl" else src_pts
    src_row = np.searchsorted(ground_pts, src_pts)
    dst_row = np.searchsorted(ground_pts, dst_pts) if mode == "isl" else None
    vis_pts = [g_ecef[ground_pts]]
    n_w = 0
    if mode == "bent-pipe":
        if gateway_ecef_km is None or gateway_to_dst_ms is None:
            raise ValueError("bent-pipe mode needs gateway_ecef_km and gateway_to_dst_ms")
        gw = np.asarray(gateway_ecef_km, dtype=np.float64).reshape(-1, 3)
        n_w = gw.shape[0]
        vis_pts.append(gw)
        fib = np.asarray(gateway_to_dst_ms, dtype=np.float64)[:, dst_pts]   # (W, n_d)
        fw, fd = np.nonzero(np.isfinite(fib))
        fib_rows = S + n_s + n_d + fw
        fib_cols = S + n_s + fd
        fib_w = fib[fw, fd]
    vis_ecef = np.concatenate(vis_pts, axis=0)
    gw_row = ground_pts.size + np.arange(n_w)
    n_c = 1 if mode == "cluster" else 0
    if mode == "cluster":
        if cluster_ecef_km is None:
            raise ValueError("cluster mode needs cluster_ecef_km (T, 3)")
        cl = np.asarray(cluster_ecef_km, dtype=np.float64).reshape(-1, 3)
        if cl.shape[0] != t.size:
            raise ValueError(f"cluster_ecef_km has {cl.shape[0]} rows; expected one per time step ({t.size})")
        k_links = int(min(cluster_link_count, S))
    N = S + n_s + n_d + n_w + n_c
    cluster_node = N - 1
    src_nodes = S + np.arange(n_s)

    out = np.full((src.size, t.size), np.inf)
    n_workers = max(1, int(workers if workers is not None else (os.cpu_count() or 1)))
    pool = ThreadPoolExecutor(n_workers) if n_workers > 1 else None

    def solve(graph):
        if mode == "cluster":
            # every user's delay *to* the cluster in one search: Dijkstra from
            # the cluster on the transposed graph (same edge weights)
            return dijkstra(graph.T.tocsr(), directed=True, indices=[cluster_node])  # (1, N)
        return dijkstra(graph, directed=True, indices=src_nodes)            # (n_s, N)

    starts = list(range(0, t.size, chunk_steps))
    # JAX dispatches asynchronously: the geometry of the next chunk is
    # computed while this chunk's graphs are built and solved.
    pending = link_geometry(links, t[:chunk_steps], vis_ecef)
    for i_chunk, c0 in enumerate(starts):
        tc = t[c0:c0 + chunk_steps]
        current = pending
        if i_chunk + 1 < len(starts):
            nxt = starts[i_chunk + 1]
            pending = link_geometry(links, t[nxt:nxt + chunk_steps], vis_ecef)
        pos, rng, vis, length, ok = (np.asarray(x) for x in current)
        if mode == "cluster":
            clc = cl[c0:c0 + chunk_steps]
            d_cl, feas, _ = (np.asarray(x) for x in isl_feasibility(
                pos, clc[:, None, :], cluster_link_max_range_km, links.graze_h))  # (Tc, S)
            d_m = np.where(feas, d_cl, np.inf)
            nearest = np.argpartition(d_m, k_links - 1, axis=1)[:, :k_links] if k_links < S \
                else np.broadcast_to(np.arange(S), d_m.shape)
        graphs = []
        for k in range(tc.size):
            rows, cols, w = [], [], []
            if use_isl and edges.size:
                e = edges[ok[k]]
                L = length[k][ok[k]] / C_KM_PER_MS
                rows += [e[:, 0], e[:, 1]]
                cols += [e[:, 1], e[:, 0]]
                w += [L + hop[e[:, 1]], L + hop[e[:, 0]]]
            # uplinks from sources
            a, s = np.nonzero(vis[k, src_row])
            rows.append(S + a)
            cols.append(s)
            w.append(rng[k, src_row[a], s] / C_KM_PER_MS + hop[s])
            if mode == "isl":
                b, s2 = np.nonzero(vis[k, dst_row])
                rows.append(s2)
                cols.append(S + n_s + b)
                w.append(rng[k, dst_row[b], s2] / C_KM_PER_MS)
            elif mode == "bent-pipe":
                gq, s3 = np.nonzero(vis[k, gw_row])
                dl = rng[k, gw_row[gq], s3] / C_KM_PER_MS
                gnode = S + n_s + n_d + gq
                rows += [s3, gnode, fib_rows]
                cols += [gnode, s3, fib_cols]
                w += [dl, dl + hop[s3], fib_w]
            else:
                near = nearest[k]
                dn = d_m[k, near]
                fin = np.isfinite(dn)
                near, dn = near[fin], dn[fin] / C_KM_PER_MS
                rows += [near, np.full(near.size, cluster_node)]
                cols += [np.full(near.size, cluster_node), near]
                w += [dn, dn + hop[near]]
            graphs.append(sp.csr_matrix(
                (np.concatenate(w), (np.concatenate(rows), np.concatenate(cols))), shape=(N, N)))
        dists = pool.map(solve, graphs) if pool is not None else map(solve, graphs)
        for k, dist in enumerate(dists):
            if mode == "cluster":
                out[:, c0 + k] = dist[0, S + src_local]
            else:
                out[:, c0 + k] = dist[src_local, S + n_s + dst_local]
    if pool is not None:
        pool.shutdown()
    return out
