"""Integrated ownership, exact: W = A + A^2 + A^3 + ... = (I - A)^-1 - I, where A[h, c] is
the share of company c held directly by h. W[h, c] sums, over every walk from h to c, the
product of the shares along it, so cross-holdings and cycles are counted in full.

A holder inside a cycle would meet itself on those walks and be counted more than once
(A 90% of B and B 90% of A give W[A, B] = 0.9 / 0.19 = 474%). The integrated share is
therefore the walks that do not pass through the holder again (Vitali, Glattfelder and
Battiston, 2011): X[h, c] = W[h, c] / (1 + W[h, h]). It is the chance that tracing c's
shares back to their holders ever reaches h, so it lies in 0..100%, the ultimate holders'
shares of a company add up to at most 100%, and nothing changes for a holder outside cycles
(W[h, h] = 0). X[c, c] is the company's own shares coming back to it round its cycles.

How it is solved without a dense n x n inverse: split A = D + E, D the links inside
strongly connected components (the cycles), E the links between them. Then
(I - A)^-1 = (I - M E)^-1 M with M = (I - D)^-1, block diagonal, one small dense inverse per
cycle. M E only leads from one component to a later one in the condensation (a DAG), so it
is nilpotent and (I - M E)^-1 = I + ME + (ME)^2 + ... ends exactly after at most the depth
of the condensation: the loop stops when the next term is structurally zero, which makes
the result exact, not a depth-limited approximation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.store import Link

# A cycle whose members hold (almost) all of each other has no outside owner: (I - D) is
# singular. Such "closed" cycles are flagged and their walks counted once round.
SINGULAR = 1e-9
TINY = 1e-15  # products below this are float dust, dropped so the series' end is visible


@dataclass
class Ownership:
    ids: list[str]
    index: dict[str, int]
    direct: sp.csr_matrix  # A, fractions
    integrated: sp.csc_matrix  # X, fractions; X[i, i] > 0 is a company's circular self-holding
    components: np.ndarray  # strongly connected component of each node
    cyclic: np.ndarray  # bool: node sits on an ownership cycle
    closed_cycles: list[list[str]] = field(default_factory=list)

    def share(self, holder: str, company: str) -> float:
        return float(self.integrated[self.index[holder], self.index[company]])

    def holders(self, company: str) -> list[tuple[str, float]]:
        """Every holder of a company with its integrated share (fraction), largest first."""
        col = self.integrated.getcol(self.index[company])
        pairs = [(self.ids[i], float(v)) for i, v in zip(col.indices, col.data, strict=True) if self.ids[i] != company]
        return sorted(pairs, key=lambda p: (-p[1], p[0]))

    def is_ultimate(self, holder: str) -> bool:
        """Nobody holds it (a person, or a company whose owners are unknown)."""
        return bool(self.indegree[self.index[holder]] == 0)

    @property
    def indegree(self) -> np.ndarray:
        return np.diff(self.direct.tocsc().indptr)


def direct_matrix(links: Iterable[Link], prop: str = "share_pct") -> tuple[list[str], dict[str, int], sp.csr_matrix]:
    """A from OWNS links (two links between the same pair, e.g. two share classes, add up)."""
    index: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for link in links:
        value = link.props.get(prop)
        if value is None:
            value = link.props.get("share_pct")
        rows.append(index.setdefault(link.source, len(index)))
        cols.append(index.setdefault(link.target, len(index)))
        vals.append(float(value or 0.0) / 100.0)
    n = len(index)
    matrix = sp.csr_matrix((np.asarray(vals, dtype=float), (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    return list(index), index, matrix


def integrate(ids: list[str], index: dict[str, int], a: sp.csr_matrix) -> Ownership:
    n = a.shape[0]
    _, labels = connected_components(a, directed=True, connection="strong")
    coo = a.tocoo()
    inside = labels[coo.row] == labels[coo.col]
    e = sp.csr_matrix((coo.data[~inside], (coo.row[~inside], coo.col[~inside])), shape=(n, n))
    m, cyclic, closed = _cycle_inverse(coo, inside, labels, n)
    y = _neumann(m, (m @ e).tocsr(), n)
    w = (y - sp.identity(n, format="csr")).tocsr()
    x = (sp.diags(1.0 / (1.0 + w.diagonal())) @ w).tocsc()
    x.data[np.abs(x.data) < TINY] = 0.0
    x.eliminate_zeros()
    return Ownership(ids, index, a, x, labels, cyclic, sorted(sorted(ids[i] for i in c) for c in closed))


def _cycle_inverse(coo: sp.coo_matrix, inside: np.ndarray, labels: np.ndarray,
                   n: int) -> tuple[sp.csr_matrix, np.ndarray, list[list[int]]]:
    """M = (I - D)^-1: identity outside cycles, one dense inverse per cycle's block."""
    cyclic = np.zeros(n, dtype=bool)
    cyclic[coo.row[inside]] = True
    diag = np.flatnonzero(~cyclic)
    rows, cols, vals = [diag], [diag], [np.ones(diag.size)]
    closed: list[list[int]] = []
    for members, r, c, v in _blocks(coo, inside, labels, cyclic):
        pos = {int(node): k for k, node in enumerate(members)}
        block = np.zeros((members.size, members.size))
        for ri, ci, vi in zip(r, c, v, strict=True):
            block[pos[int(ri)], pos[int(ci)]] += vi
        inverse = _inverse_or_once(block)
        if inverse is None:
            closed.append([int(i) for i in members])
            inverse = np.eye(members.size) + block
        rr, cc = np.meshgrid(members, members, indexing="ij")
        rows.append(rr.ravel())
        cols.append(cc.ravel())
        vals.append(inverse.ravel())
    m = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return m, cyclic, closed


def _blocks(coo: sp.coo_matrix, inside: np.ndarray, labels: np.ndarray,
            cyclic: np.ndarray) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per cycle: its nodes and its internal links, grouped by one sort (not a scan per cycle)."""
    nodes = np.flatnonzero(cyclic)
    nodes = nodes[np.argsort(labels[nodes], kind="stable")]
    node_cuts = np.flatnonzero(np.diff(labels[nodes])) + 1
    r, c, v = coo.row[inside], coo.col[inside], coo.data[inside]
    order = np.argsort(labels[r], kind="stable")
    r, c, v = r[order], c[order], v[order]
    link_cuts = np.flatnonzero(np.diff(labels[r])) + 1
    yield from zip(np.split(nodes, node_cuts), np.split(r, link_cuts), np.split(c, link_cuts),
                   np.split(v, link_cuts), strict=True)


def _inverse_or_once(block: np.ndarray) -> np.ndarray | None:
    eye = np.eye(block.shape[0])
    if abs(np.linalg.det(eye - block)) < SINGULAR:
        return None
    return np.asarray(np.linalg.inv(eye - block))


def _neumann(m: sp.csr_matrix, n_mat: sp.csr_matrix, n: int) -> sp.csr_matrix:
    """Y = sum_k (ME)^k M; ME is nilpotent, so the sum ends when a term is structurally zero."""
    total = m.copy()
    term = m
    for _ in range(n + 1):
        term = (n_mat @ term).tocsr()
        term.data[np.abs(term.data) < TINY] = 0.0
        term.eliminate_zeros()
        if term.nnz == 0:
            return total
        total = total + term
    raise RuntimeError("ownership series did not end: the condensation should be acyclic")
