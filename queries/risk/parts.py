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

from .snapshot import RiskGraph, link_ends

# Links per part: small enough that the first writes start within a second of the
# derivation, large enough that a part's fixed costs (a names query, a few transactions)
# stay a small share of it.
PART_LINKS = 50_000
RAMP = (0.1, 0.25)  # the first parts' sizes, as shares of PART_LINKS

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
    index, sources, targets = _numbered(graph, types, links)
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


def _numbered(graph: RiskGraph, types: Sequence[str],
              links: list[Link]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Party numbers and each link's two ends by number: as the snapshot numbered them
    while it was read, else (a copy, a replaced link) numbered here the same way."""
    known = graph.numbered(types)
    if known is None:
        index: dict[str, int] = {}
        ends = [number for ln in links for number in link_ends(index, ln)]
    else:
        index, ends = dict(known[0]), known[1]
    array = np.array(ends, dtype=np.int64)
    return index, array[0::2], array[1::2]


def _parts_of_parties(sources: np.ndarray, targets: np.ndarray, parties: int, part_links: int) -> np.ndarray:
    """Party index -> part number: components in label order, a new part every
    `part_links` links (a component without links, a lone target, weighs one)."""
    matrix = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(parties, parties))
    count, label = connected_components(matrix, directed=False)
    weight = np.maximum(np.bincount(label[sources], minlength=count), 1)
    parts: np.ndarray = _part_numbers(np.cumsum(weight) - 1, part_links)[label]
    return parts


def _part_numbers(position: np.ndarray, part_links: int) -> np.ndarray:
    """Part number of each component from the position of its last link in the run: the
    first two parts hold a tenth and a quarter of a part, so the server, idle until the
    first part is derived, starts writing sooner (a full part takes about a second)."""
    firsts = np.cumsum([int(part_links * share) for share in RAMP])
    last = int(position[-1]) if len(position) else 0
    bounds = np.concatenate([firsts, np.arange(int(firsts[-1]) + part_links, last + part_links + 1, part_links)])
    numbers: np.ndarray = np.searchsorted(bounds, position, side="right")
    return numbers


def _part(as_of: str | None, links: list[Link], attached: list[tuple[str, T]]) -> Part[T]:
    graph = RiskGraph(as_of)
    for link in links:
        graph.add_link(link)
    return Part(graph, attached)
