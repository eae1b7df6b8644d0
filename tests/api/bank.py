"""A small bank for the service tests: two RMs, a derived group each side, facilities,
personal data to mask, a hub with more neighbours than a view shows, tasks."""

from __future__ import annotations

from typing import Any

from graph.models import derived_properties
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum
from queries.risk.derive import derive_groups
from queries.tasks import TaskSpec, raise_tasks

PERSONAL = {"date_of_birth": "1970-05-01", "national_id": "079070000123", "passport": "B1234567",
            "phone": "+84901234567", "email": "an@example.vn", "address": "12 Hang Bac, Ha Noi"}


class Bank:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.n = 0

    def node(self, type_name: str, node_id: str, **props: Any) -> str:
        props.setdefault("source", "test")
        props.update(derived_properties(type_name, props))
        self.store.write_nodes(type_name, [NodeRow(node_id, props, content_checksum(props))])
        return node_id

    def link(self, type_name: str, source: str, target: str, **props: Any) -> str:
        self.n += 1
        props.setdefault("source", "test")
        props.setdefault("source_record_id", f"r{self.n}")
        link_id = f"{type_name.lower()}-{source}-{target}"
        self.store.write_links(type_name, [LinkRow(link_id, source, target, props, content_checksum(props))])
        return link_id


def build(store: GraphStore) -> dict[str, str]:
    b = Bank(store)
    b.node("RelationshipManager", "rm-anna", name="Anna Tran")
    b.node("RelationshipManager", "rm-bao", name="Bao Le")
    b.node("Person", "p-big", name="Nguyễn Văn An", status="customer", **PERSONAL)
    b.node("Company", "c-hoang", name="Công ty Hoàng", status="customer", country="VN")
    b.node("Company", "c-sub", name="Hoang Sub", status="customer", country="VN")
    b.node("Company", "c-parent", name="Other Parent", status="none")
    b.node("Company", "c-other", name="Other Co", status="customer")
    b.node("Person", "p-x", name="Trần Thị Bình", status="none", national_id="001080000999", date_of_birth="1980-01-02",
           phone="+84900000000")
    b.node("Referrer", "r-one", name="Agent Minh", referrer_kind="agent")
    for rm, party in (("rm-anna", "p-big"), ("rm-anna", "c-hoang"), ("rm-bao", "c-sub"), ("rm-bao", "c-other")):
        b.link("MANAGES", rm, party)
    b.link("OWNS", "p-big", "c-hoang", share_pct=60.0)
    b.link("OWNS", "c-hoang", "c-sub", share_pct=80.0)
    b.link("OWNS", "c-parent", "c-other", share_pct=70.0)
    b.link("DIRECTOR_OF", "p-x", "c-other", role="director")
    b.link("DIRECTOR_OF", "p-x", "c-hoang", role="independent_director")
    b.link("REFERRED", "r-one", "c-hoang", date="2024-01-10", channel="referrer", outcome="converted", value=50000.0)
    facilities = (("f-1", "c-hoang", 1_000_000.0, 400_000.0), ("f-2", "c-sub", 500_000.0, 500_000.0),
                  ("f-3", "c-other", 2_000_000.0, 1_500_000.0))
    for fid, borrower, limit, drawn in facilities:
        b.node("Facility", fid, facility_type="term_loan", limit_amount=limit, drawn_amount=drawn, currency="USD")
        b.link("BORROWS", borrower, fid)
    for i in range(25):
        b.node("Person", f"e-{i:02d}", name=f"Employee {i:02d}")
        b.link("EMPLOYED_BY", f"e-{i:02d}", "c-hoang", position="staff")
    derive_groups(store)
    raise_tasks(store, [TaskSpec("test", "c-hoang", "2026-11", "rm-anna", "Call Hoang", "test reason"),
                        TaskSpec("test", "c-other", "2026-11", "rm-bao", "Call Other", "test reason")])
    groups = {m.source: m.target for m in store.iter_links(["MEMBER_OF"])}
    tasks = {n.props["subject_id"]: n.id for n in store.iter_nodes("Task")}
    return {"group_own": groups["c-hoang"], "group_other": groups["c-other"],
            "task_anna": tasks["c-hoang"], "task_bao": tasks["c-other"]}
