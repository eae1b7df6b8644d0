"""Hand-worked integrated ownership, each with its arithmetic."""

from __future__ import annotations

import pytest

from queries.risk.ownership import beneficial_owners, ownership_of
from tests.risk.builders import Bank


def shares(bank: Bank, company: str, method: str = "multiplication") -> dict[str, float]:
    found = ownership_of(bank.store, company, method=method)  # type: ignore[arg-type]
    return {h.holder_id: round(h.integrated_pct, 6) for h in found.holders}


def test_three_level_pyramid(bank: Bank) -> None:
    # P 60% of A, A 50% of B, B 40% of C:
    # P in C = 0.6 x 0.5 x 0.4 = 12%; A in C = 0.5 x 0.4 = 20%; B in C = 40%.
    bank.person("P")
    bank.company("A", "B", "C")
    bank.owns("P", "A", 60)
    bank.owns("A", "B", 50)
    bank.owns("B", "C", 40)
    assert shares(bank, "C") == {"P": 12.0, "A": 20.0, "B": 40.0}
    found = ownership_of(bank.store, "C")
    p = next(h for h in found.holders if h.holder_id == "P")
    assert [len(path.links) for path in p.paths] == [3] and p.cycle_pct == 0 and p.ultimate
    assert found.ultimate_parent is None  # 12% is no control


def test_two_parallel_paths(bank: Bank) -> None:
    # P 10% of T directly; P 50% of A, A 40% of T; P 80% of B, B 20% of T.
    # P in T = 10% + 0.5 x 0.4 + 0.8 x 0.2 = 10% + 20% + 16% = 46%, from three paths.
    bank.person("P")
    bank.company("A", "B", "T")
    bank.owns("P", "T", 10)
    bank.owns("P", "A", 50)
    bank.owns("A", "T", 40)
    bank.owns("P", "B", 80)
    bank.owns("B", "T", 20)
    found = ownership_of(bank.store, "T")
    p = next(h for h in found.holders if h.holder_id == "P")
    assert p.integrated_pct == pytest.approx(46.0)
    assert sorted(round(path.pct, 6) for path in p.paths) == [10.0, 16.0, 20.0]
    assert p.direct_pct == pytest.approx(10.0)


def test_cross_holding_pair(bank: Bank) -> None:
    # P 80% of A, Q 70% of B, A 30% of B, B 20% of A (A and B hold each other).
    # Walks P->A->B, P->A->B->A->B, ...: P in B = 0.8 x 0.3 x (1 + 0.06 + 0.06^2 + ...)
    #   = 0.24 / (1 - 0.3 x 0.2) = 0.24 / 0.94 = 25.5319%.
    # Q in B = 0.7 / 0.94 = 74.4681%; P + Q = 0.94 / 0.94 = 100% (every share of B traced).
    # Cycle part of P: 25.5319% - 24% (the one simple path) = 1.5319%.
    # A (inside the cycle): walks A->B that do not come back through A: only A->B = 30%
    #   (all walks: 0.3 / 0.94 = 31.9149%; divided by 1 + A's return walks 0.06 / 0.94 -> 30%).
    bank.person("P", "Q")
    bank.company("A", "B")
    bank.owns("P", "A", 80)
    bank.owns("Q", "B", 70)
    bank.owns("A", "B", 30)
    bank.owns("B", "A", 20)
    found = ownership_of(bank.store, "B")
    got = {h.holder_id: h for h in found.holders}
    assert got["P"].integrated_pct == pytest.approx(100 * 0.24 / 0.94)
    assert got["Q"].integrated_pct == pytest.approx(100 * 0.7 / 0.94)
    assert got["P"].integrated_pct + got["Q"].integrated_pct == pytest.approx(100.0)
    assert got["A"].integrated_pct == pytest.approx(30.0)
    assert got["P"].paths_pct == pytest.approx(24.0)
    assert got["P"].cycle_pct == pytest.approx(100 * 0.24 / 0.94 - 24.0)
    # B's own shares coming back to B the first time: B->A->B = 0.2 x 0.3 = 6%.
    assert found.in_cycle and found.self_held_pct == pytest.approx(6.0)
    assert found.cycles == [["A", "B"]]


def test_three_company_cycle(bank: Bank) -> None:
    # X 50% of Y, Y 50% of Z, Z 50% of X; U holds the other 50% of each.
    # u = U's share of X: u = 0.5 + 0.5 x (0.5 + 0.5 x (0.5 + 0.5 u)) = 0.875 + 0.125 u -> u = 100%.
    # Z in X: every walk Z->X (0.5), Z->X->Y->Z->X, ... sums to 0.5 / (1 - 0.5^3) = 57.1429%,
    # but Z meets itself again on all but the first; not counting Z twice:
    # 57.1429% / (1 + Z's return walks 0.125 / 0.875) = 0.5714 / 1.1429 = 50%. Y in X = 0.5 x 0.5 = 25%.
    bank.person("U")
    bank.company("X", "Y", "Z")
    for a, b in (("X", "Y"), ("Y", "Z"), ("Z", "X")):
        bank.owns(a, b, 50)
    for c in ("X", "Y", "Z"):
        bank.owns("U", c, 50)
    got = shares(bank, "X")
    assert got["U"] == pytest.approx(100.0)
    assert got["Z"] == pytest.approx(50.0)
    assert got["Y"] == pytest.approx(25.0)
    assert ownership_of(bank.store, "X").cycles == [["X", "Y", "Z"]]


def test_beneficial_owners_threshold_and_method(bank: Bank) -> None:
    # P 60% of H, H 40% of T, R 25% of T directly, S 35% of T directly.
    # Multiplication: P = 0.6 x 0.4 = 24%; R = 25%; S = 35%.
    #   >25%: S only; >=25%: S and R; >=20%: S, R, P.
    # Dominancy: P holds >50% of H, so counts as holding all of H: P = 40% -> P and S above 25%.
    bank.person("P", "R", "S")
    bank.company("H", "T")
    bank.owns("P", "H", 60)
    bank.owns("H", "T", 40)
    bank.owns("R", "T", 25)
    bank.owns("S", "T", 35)
    ids = lambda found: [h.holder_id for h in found.owners]  # noqa: E731
    assert ids(beneficial_owners(bank.store, "T")) == ["S"]
    assert ids(beneficial_owners(bank.store, "T", inclusive=True)) == ["S", "R"]
    assert ids(beneficial_owners(bank.store, "T", threshold_pct=20, inclusive=True)) == ["S", "R", "P"]
    assert ids(beneficial_owners(bank.store, "T", method="dominancy")) == ["P", "S"]


def test_ultimate_parent_through_control_chain(bank: Bank) -> None:
    # P 25% of C directly and 55% of S; S 30% of C -> P controls C (55%) and is its ultimate parent.
    bank.person("P")
    bank.company("S", "C")
    bank.owns("P", "S", 55)
    bank.owns("P", "C", 25)
    bank.owns("S", "C", 30)
    found = ownership_of(bank.store, "C")
    assert found.ultimate_parent == "P"
    assert {step["from"] for step in found.ultimate_parent_path} == {"P", "S"}
    # Integrated (capital) share of P in C is 25% + 0.55 x 0.30 = 41.5%.
    assert {h.holder_id: round(h.integrated_pct, 6) for h in found.holders}["P"] == 41.5


def test_closed_cycle_is_flagged(bank: Bank) -> None:
    # K and L hold all of each other: no outside owner, (I - A) is singular -> flagged.
    bank.company("K", "L")
    bank.owns("K", "L", 100)
    bank.owns("L", "K", 100)
    assert ownership_of(bank.store, "K").closed_cycles == [["K", "L"]]
