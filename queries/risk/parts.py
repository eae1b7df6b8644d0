"""Independent parts of a snapshot for the group rules, so the group job can write one part
while it derives the next (the derivation is Python on one core while the server idles;
the write is mostly the server's).

Control passes only along OWNS and CONTROLS links, family ties join control sets only along
FAMILY links, and a dependant (economic dependence, a large guarantee) is attached to the
group of its target without chaining. So every group is decided inside one connected
component of the OWNS and CONTROLS links (and FAMILY where the profile joins families),
together with the dependants whose target is in that component. On the 1,000,000-party
bank the largest such component has under 500 links, while over every group link one
component holds 95% of them; hence the split by the links that chain, not by all links.

A part is a run of whole components; the rules see, inside it, every link they would see
in the whole snapshot, in the same order (each rule sorts its links), so the groups of the
parts together are the groups of the whole (tests/risk/test_parts.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph.store import Link

from .snapshot import RiskGraph

# Links per part: small enough that the first writes start within a second of the
# derivation, large enough that a part's fixed costs (a names query, a few transactions)
# stay a small share of it.
PART_LINKS = 50_000

T = TypeVar("T")


@dataclass
class Part(Generic[T]):
    graph: RiskGraph  # the part's chaining links (OWNS, CONTROLS, FAMILY)
    attached: list[tuple[str, T]] = field(default_factory=list)  # (target, dependant), in the order given


def split_parts(graph: RiskGraph, types: Sequence[str], attached: Sequence[tuple[str, T]],
                part_links: int = PART_LINKS) -> Iterator[Part[T]]:
    """The snapshot's links of `types` and the attached dependants, in parts of whole
    connected components of about `part_links` links (one part when they are fewer)."""
    links = graph.of_type(*types)
    if len(links) <= part_links:
        yield _part(graph.as_of, links, list(attached))
        return
    index: dict[str, int] = {}
    sources = np.array([index.setdefault(ln.source, len(index)) for ln in links], dtype=np.int64)
    targets = np.array([index.setdefault(ln.target, len(index)) for ln in links], dtype=np.int64)
    for target, _ in attached:
        index.setdefault(target, len(index))
    part_of = _parts_of_parties(sources, targets, len(index), part_links)
    numbers = part_of[sources]
    order = np.argsort(numbers, kind="stable")  # links by part, in their order within each
    count = int(part_of.max()) + 1
    bounds = np.searchsorted(numbers[order], np.arange(count + 1)).tolist()
    ordered = [links[i] for i in order.tolist()]
    by_part: list[list[tuple[str, T]]] = [[] for _ in range(count)]
    for target, dependant in attached:
        by_part[part_of[index[target]]].append((target, dependant))
    for number in range(count):
        if bounds[number] < bounds[number + 1] or by_part[number]:
            yield _part(graph.as_of, ordered[bounds[number]:bounds[number + 1]], by_part[number])


def _parts_of_parties(sources: np.ndarray, targets: np.ndarray, parties: int, part_links: int) -> np.ndarray:
    """Party index -> part number: components in label order, a new part every
    `part_links` links (a component without links, a lone target, weighs one)."""
    matrix = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(parties, parties))
    count, label = connected_components(matrix, directed=False)
    weight = np.maximum(np.bincount(label[sources], minlength=count), 1)
    part_of_component = (np.cumsum(weight) - 1) // part_links
    parts: np.ndarray = part_of_component[label]
    return parts


def _part(as_of: str | None, links: list[Link], attached: list[tuple[str, T]]) -> Part[T]:
    graph = RiskGraph(as_of)
    for link in links:
        graph.add_link(link)
    return Part(graph, attached)
