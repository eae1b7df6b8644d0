"""Ownership questions about one company: integrated shares with the paths that produce
them, beneficial owners at a threshold and method, the ultimate parent, circular ownership.

A company's integrated holders depend only on the parties upstream of it (every walk into
the company comes from there), so a point query reads the upstream OWNS/CONTROLS links with
`links_of` and solves exactly on that subgraph; `integrated_all` solves the whole bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from graph.errors import InvalidRequestError
from graph.store import GraphStore, Link

from .control import compute_control
from .explain import path_json
from .groups import control_path
from .integrate import Ownership, direct_matrix, integrate
from .snapshot import OWNERSHIP_TYPES, RiskGraph, collect_component, on_day

Method = Literal["multiplication", "dominancy"]
MAX_DEPTH = 16  # simple paths longer than this are not listed (their share still counts)


@dataclass(frozen=True)
class OwnershipPath:
    links: list[dict[str, Any]]
    pct: float


@dataclass
class HolderShare:
    holder_id: str
    integrated_pct: float
    direct_pct: float
    ultimate: bool  # nobody holds this holder
    paths: list[OwnershipPath]
    paths_pct: float  # sum over the simple paths listed
    cycle_pct: float  # the part that only walks round a cycle produce (when paths are complete)
    complete: bool  # every simple path was listed


@dataclass
class CompanyOwnership:
    company_id: str
    as_of: str | None
    method: str
    holders: list[HolderShare]
    in_cycle: bool
    self_held_pct: float  # the company's own shares coming back to it round cycles
    cycles: list[list[str]]
    closed_cycles: list[list[str]]
    ultimate_parent: str | None
    ultimate_parent_path: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BeneficialOwners:
    company_id: str
    threshold_pct: float
    inclusive: bool
    method: str
    owners: list[HolderShare]
    natural_persons_found: bool


def upstream(store: GraphStore, company_id: str, as_of: str | None) -> RiskGraph:
    graph = RiskGraph(as_of)
    for link in collect_component(store, [company_id], OWNERSHIP_TYPES, as_of, direction="in").values():
        graph.add_link(link)
    return graph


def solve(graph: RiskGraph, method: Method = "multiplication") -> Ownership:
    ids, index, a = direct_matrix(graph.of_type("OWNS"))
    if method == "multiplication":
        return integrate(ids, index, a)
    if method == "dominancy":
        return _dominancy(ids, index, a)
    raise InvalidRequestError(f"unknown method {method!r}: multiplication or dominancy")


def _dominancy(ids: list[str], index: dict[str, int], a: sp.csr_matrix) -> Ownership:
    """A holder above 50% of an intermediate counts as holding all of it; at most 100%.

    C = who dominates whom through chains of >50% holdings (reachability, cycles allowed);
    X = A + C A: a holder's direct share plus the direct shares of everything it dominates.
    """
    base = integrate(ids, index, a)
    dom = (a > 0.5).astype(float).tocsr()
    reach = dom.copy()
    while True:
        grown = ((reach + reach @ dom) > 0).astype(float).tocsr()
        if grown.nnz == reach.nnz:
            break
        reach = grown
    reach.setdiag(0)
    reach.eliminate_zeros()
    x = (a + reach @ a).tocsc()
    x.data = np.minimum(x.data, 1.0)
    return Ownership(ids, index, a, x, base.components, base.cyclic, base.closed_cycles)


def simple_paths(graph: RiskGraph, holder: str, company: str, cap: int) -> tuple[list[OwnershipPath], bool]:
    """Simple OWNS paths holder -> company (depth first), at most `cap`; False when cut short."""
    out_links: dict[str, list[Link]] = {}
    for link in graph.of_type("OWNS"):
        out_links.setdefault(link.source, []).append(link)
    found: list[OwnershipPath] = []
    complete = True

    def walk(node: str, trail: list[Link], visited: set[str], share: float) -> None:
        nonlocal complete
        for link in sorted(out_links.get(node, []), key=lambda item: item.id):
            if len(found) >= cap or len(trail) >= MAX_DEPTH:
                complete = False
                return
            if link.target in visited:
                continue
            step = share * float(link.props.get("share_pct") or 0) / 100.0
            if link.target == company:
                found.append(OwnershipPath(path_json([*trail, link]), 100.0 * step))
            else:
                walk(link.target, [*trail, link], visited | {link.target}, step)

    walk(holder, [], {holder}, 1.0)
    return found, complete


def ownership_of(store: GraphStore, company_id: str, as_of: str | None = None,
                 method: Method = "multiplication", max_paths: int = 20) -> CompanyOwnership:
    graph = upstream(store, company_id, on_day(as_of))
    return describe_company(graph, company_id, method, max_paths)


def describe_company(graph: RiskGraph, company_id: str, method: Method = "multiplication",
                     max_paths: int = 20) -> CompanyOwnership:
    own = solve(graph, method)
    if company_id not in own.index:
        return CompanyOwnership(company_id, graph.as_of, method, [], False, 0.0, [], [], None)
    col = own.index[company_id]
    holders = [_holder(graph, own, h, company_id, share, max_paths) for h, share in own.holders(company_id)]
    cycles = _cycles_upstream(own)
    parent, path = _ultimate_parent(graph, company_id)
    return CompanyOwnership(company_id, graph.as_of, method, holders, bool(own.cyclic[col]),
                            100.0 * float(own.integrated[col, col]), cycles, own.closed_cycles, parent, path)


def _holder(graph: RiskGraph, own: Ownership, holder: str, company: str, share: float, cap: int) -> HolderShare:
    paths, complete = simple_paths(graph, holder, company, cap)
    listed = sum(p.pct for p in paths)
    direct = 100.0 * float(own.direct[own.index[holder], own.index[company]])
    cycle = 100.0 * share - listed if complete else 0.0
    return HolderShare(holder, 100.0 * share, direct, own.is_ultimate(holder), paths, listed,
                       max(cycle, 0.0) if abs(cycle) > 1e-9 else 0.0, complete)


def _cycles_upstream(own: Ownership) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for i in np.flatnonzero(own.cyclic):
        groups.setdefault(int(own.components[i]), []).append(own.ids[i])
    return sorted(sorted(members) for members in groups.values())


def _ultimate_parent(graph: RiskGraph, company_id: str) -> tuple[str | None, list[dict[str, Any]]]:
    """The top of the control chain above the company (LEX10 control, majority votes)."""
    ctrl = compute_control(graph, 50.0)
    if not ctrl.controlled(company_id):
        return None, []
    tops = sorted(p for p in ctrl.uf.members_of(company_id) if not ctrl.controlled(p))
    return (tops[0] if tops else None), path_json(control_path(ctrl, company_id))


def beneficial_owners(store: GraphStore, company_id: str, as_of: str | None = None, threshold_pct: float = 25.0,
                      inclusive: bool = False, method: Method = "multiplication",
                      max_paths: int = 20) -> BeneficialOwners:
    """Ultimate holders above (or at, when inclusive) the threshold: natural persons first.

    Ultimate holders are those nobody holds; a company among them is listed too (its owners
    are unknown to the bank), and natural_persons_found says whether any person qualified.
    """
    graph = upstream(store, company_id, on_day(as_of))
    found = describe_company(graph, company_id, method, max_paths)
    passes = [h for h in found.holders if h.ultimate and (
        h.integrated_pct >= threshold_pct - 1e-9 if inclusive else h.integrated_pct > threshold_pct + 1e-9)]
    persons = {n.id for n in store.get_nodes([h.holder_id for h in passes]) if n.type == "Person"}
    passes.sort(key=lambda h: (h.holder_id not in persons, -h.integrated_pct, h.holder_id))
    return BeneficialOwners(company_id, threshold_pct, inclusive, method, passes, bool(persons))


def integrated_all(graph: RiskGraph, method: Method = "multiplication") -> Ownership:
    """Integrated ownership of every company in the snapshot (the bench and bulk reports)."""
    return solve(graph, method)

