"""Small hand-built graphs for the views, paths, leads and task tests."""

from __future__ import annotations

from typing import Any

from graph.store import GraphStore, LinkRow, NodeRow, content_checksum


class Builder:
    """Write nodes and links with the least ceremony; every link gets a stable id."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.count = 0

    def node(self, type_name: str, node_id: str, **props: Any) -> str:
        props.setdefault("name", node_id)
        props.setdefault("source", "test")
        if type_name in ("Person", "Company"):
            props.setdefault("status", "none")
            props["name_folded"] = str(props["name"]).lower()
        if type_name == "Referrer":
            props.setdefault("referrer_kind", "agent")
        self.store.write_nodes(type_name, [NodeRow(id=node_id, props=props, checksum=content_checksum(props))])
        return node_id

    def person(self, node_id: str, **props: Any) -> str:
        return self.node("Person", node_id, **props)

    def company(self, node_id: str, **props: Any) -> str:
        return self.node("Company", node_id, **props)

    def rm(self, node_id: str, **props: Any) -> str:
        return self.node("RelationshipManager", node_id, **props)

    def link(self, type_name: str, source: str, target: str, **props: Any) -> str:
        self.count += 1
        props.setdefault("source", "test")
        props.setdefault("source_record_id", f"r{self.count}")
        link_id = f"{type_name.lower()}-{source}-{target}-{self.count}"
        row = LinkRow(id=link_id, source=source, target=target, props=props, checksum=content_checksum(props))
        self.store.write_links(type_name, [row])
        return link_id


def small_bank(store: GraphStore) -> Builder:
    """A bank small enough to check by hand.

    RMs: anna (customers c-hoang, c-an), bao (c-minh; owns prospect x-owned), chi (c-hub).
    p-big owns 60% of c-hoang and directs c-an, x-target, x-dnc (do not contact); is an
    officer of x-noconsent (marketing consent false) and owns 30% of x-owned.
    p-small owns 5% of c-minh, directs x-target and represents x-second (a large company).
    p-spouse is p-big's spouse and represents y-family. p-nominee is nominee director of
    c-hub, x-target and 53 shells (55 companies: a hub). Referrer r-one (2% commission)
    referred c-minh (converted), z-lost (lost) and x-target (still open).
    c-hoang is in group g-hoang; c-minh guarantees c-hoang; c-an supplies c-minh.
    """
    b = Builder(store)
    for rm, name in (("rm-anna", "Anna Tran"), ("rm-bao", "Bao Le"), ("rm-chi", "Chi Vo")):
        b.rm(rm, name=name)
    b.company("c-hoang", name="Hoang Ltd", status="customer")
    b.company("c-an", name="An Trading", status="customer")
    b.company("c-minh", name="Minh Ltd", status="customer")
    b.company("c-hub", name="Hub Client", status="customer")
    b.company("x-target", name="Target Co", status="prospect", industry="steel", region="north",
              annual_revenue=5_000_000.0)
    b.company("x-second", name="Second Co", status="prospect", industry="food", region="south", size_band="large")
    b.company("x-dnc", name="Quiet Co", status="prospect", do_not_contact=True, annual_revenue=9e9)
    b.company("x-noconsent", name="No Consent Co", status="prospect", marketing_consent=False, annual_revenue=9e9)
    b.company("x-owned", name="Owned Co", status="prospect", annual_revenue=9e9)
    b.company("y-family", name="Family Co", status="prospect")
    b.company("z-lost", name="Lost Co", status="prospect")
    for person, name in (("p-big", "Big Owner"), ("p-small", "Small Owner"), ("p-spouse", "Big Spouse"),
                         ("p-nominee", "Nominee Person")):
        b.person(person, name=name)
    b.node("Group", "g-hoang", name="Hoang Group", kind="declared")
    b.node("Referrer", "r-one", name="Agent One", commission_pct=2.0)
    b.link("MANAGES", "rm-anna", "c-hoang")
    b.link("MANAGES", "rm-anna", "c-an")
    b.link("MANAGES", "rm-bao", "c-minh")
    b.link("MANAGES", "rm-bao", "x-owned")
    b.link("MANAGES", "rm-chi", "c-hub")
    b.link("MEMBER_OF", "c-hoang", "g-hoang", rule="declared")
    b.link("OWNS", "p-big", "c-hoang", share_pct=60.0)
    b.link("DIRECTOR_OF", "p-big", "c-an", role="director")
    b.link("DIRECTOR_OF", "p-big", "x-target", role="director")
    b.link("DIRECTOR_OF", "p-big", "x-dnc", role="director")
    b.link("OFFICER_OF", "p-big", "x-noconsent", title="CFO")
    b.link("OWNS", "p-big", "x-owned", share_pct=30.0)
    b.link("OWNS", "p-small", "c-minh", share_pct=5.0)
    b.link("DIRECTOR_OF", "p-small", "x-target", role="director")
    b.link("LEGAL_REPRESENTATIVE_OF", "p-small", "x-second")
    b.link("FAMILY", "p-spouse", "p-big", kind="spouse")
    b.link("LEGAL_REPRESENTATIVE_OF", "p-spouse", "y-family")
    b.link("GUARANTEES", "c-minh", "c-hoang", amount=1000.0, currency="USD")
    b.link("SUPPLIES", "c-an", "c-minh", share_of_receipts=40.0)
    b.link("DIRECTOR_OF", "p-nominee", "c-hub", role="nominee_director")
    b.link("DIRECTOR_OF", "p-nominee", "x-target", role="nominee_director")
    for i in range(53):
        b.company(f"shell-{i:02d}", name=f"Shell {i:02d}")
        b.link("DIRECTOR_OF", "p-nominee", f"shell-{i:02d}", role="nominee_director")
    b.link("REFERRED", "r-one", "c-minh", date="2024-01-10", channel="referrer", outcome="converted",
           outcome_date="2024-03-10", value=100_000.0)
    b.link("REFERRED", "r-one", "z-lost", date="2024-02-01", channel="event", outcome="lost", outcome_date="2024-04-01")
    b.link("REFERRED", "r-one", "x-target", date="2024-06-01", channel="referrer", outcome="open")
    return b
