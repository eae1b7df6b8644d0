"""Key-person leads, consent, the duplicate-marketing guard and lead distribution."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import ConflictError
from queries.distribution import distribute_leads, lead_id, leads_of, update_lead
from queries.leads import key_person_leads, marketing_export
from tests.views.build import small_bank


def test_leads_ranked_by_value_times_strength(store: Any) -> None:
    small_bank(store)
    leads = key_person_leads(store)
    # x-second: large (500m) x legal rep 0.8 x 5% owner 0.335 = 134m; x-target: 5m x 0.72 x 0.7 = 2.52m
    assert [(x.company.id, x.score) for x in leads] == [("x-second", 134_000_000.0), ("x-target", 2_520_000.0)]
    assert [p.customer.id for p in leads[1].paths] == ["c-hoang", "c-an", "c-minh"]
    assert leads[1].paths[0].text == "Big Owner owns 60% of Hoang Ltd (customer) and is director of Target Co"
    assert [r.id for r in leads[1].paths[0].rms] == ["rm-anna"]


def test_consent_respected_in_leads_and_exports(store: Any) -> None:
    small_bank(store)
    ids = {x.company.id for x in key_person_leads(store)}
    assert "x-dnc" not in ids and "x-noconsent" not in ids
    assert {row["party_id"] for row in marketing_export(store)} == {"x-second", "x-target"}
    assert marketing_export(store, require_consent=True) == []  # nobody gave explicit consent


def test_filters(store: Any) -> None:
    small_bank(store)
    assert [x.company.id for x in key_person_leads(store, industry="steel")] == ["x-target"]
    assert [x.company.id for x in key_person_leads(store, region="south")] == ["x-second"]
    assert key_person_leads(store, segment="sme") == []


def test_duplicate_marketing_guard(store: Any) -> None:
    small_bank(store)
    # x-owned is already managed by Bao: never a lead for anyone else
    assert "x-owned" not in {x.company.id for x in key_person_leads(store)}
    assert "x-owned" in {x.company.id for x in key_person_leads(store, for_rm="rm-bao")}
    done = distribute_leads(store, key_person_leads(store))
    assert [(a.company.id, a.rm.id if a.rm else None, a.created) for a in done] == [
        ("x-second", "rm-bao", True), ("x-target", "rm-anna", True),
    ]
    # an open lead is not offered again to someone else ...
    assert key_person_leads(store) == []
    assert [x.company.id for x in key_person_leads(store, for_rm="rm-anna")] == ["x-target"]  # Anna's own
    # a lost lead is closed, so the company may be offered again
    update_lead(store, lead_id("x-target"), "lost", "not interested", "anna")
    assert [x.company.id for x in key_person_leads(store)] == ["x-target"]


def test_distribution_explained_and_idempotent(store: Any) -> None:
    small_bank(store)
    first = distribute_leads(store, key_person_leads(store))
    target = next(a for a in first if a.company.id == "x-target")
    # Anna manages c-hoang (0.504) and c-an (0.49); Bao manages c-minh (0.2345)
    assert target.rm is not None and target.rm.id == "rm-anna" and target.proximity == 0.994
    assert target.explanation.startswith("Anna Tran manages Hoang Ltd, where Big Owner owns 60% of Hoang Ltd")
    assert "chosen over 1 other connected RM(s)" in target.explanation
    again = distribute_leads(store, [*key_person_leads(store, for_rm="rm-anna"), *key_person_leads(store)])
    assert all(not a.created for a in again)
    assert len(list(store.iter_nodes("Lead"))) == 2


def test_lead_stages_and_history(store: Any) -> None:
    small_bank(store)
    distribute_leads(store, key_person_leads(store))
    lid = lead_id("x-target")
    update_lead(store, lid, "contacted", "called Big Owner", "anna")
    rec = update_lead(store, lid, "won", "account opened", "anna")
    assert [h["stage"] for h in rec.history] == ["new", "contacted", "won"]
    assert [x.id for x in leads_of(store, "rm-anna")] == []
    with pytest.raises(ConflictError):
        update_lead(store, lid, "contacted", "again", "anna")
