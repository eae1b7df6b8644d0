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
    """RM anna manages customer c-hoang; p-big owns 60% of c-hoang, p-small owns 5% of
    c-minh (RM bao's customer); both direct the prospect x-target. p-nominee directs 55
    companies including c-hoang and x-target. A referrer agent r-one referred x-target."""
    b = Builder(store)
    b.rm("rm-anna", name="Anna Tran")
    b.rm("rm-bao", name="Bao Le")
    b.company("c-hoang", name="Hoang Ltd", status="customer")
    b.company("c-minh", name="Minh Ltd", status="customer")
    b.company("x-target", name="Target Co", status="prospect", industry="steel", region="north",
              annual_revenue=5_000_000.0)
    b.person("p-big", name="Big Owner")
    b.person("p-small", name="Small Owner")
    b.person("p-nominee", name="Nominee Person")
    b.link("MANAGES", "rm-anna", "c-hoang")
    b.link("MANAGES", "rm-bao", "c-minh")
    b.link("OWNS", "p-big", "c-hoang", share_pct=60.0)
    b.link("OWNS", "p-small", "c-minh", share_pct=5.0)
    b.link("DIRECTOR_OF", "p-big", "x-target", role="director")
    b.link("DIRECTOR_OF", "p-small", "x-target", role="director")
    b.link("DIRECTOR_OF", "p-nominee", "c-hoang", role="nominee_director")
    b.link("DIRECTOR_OF", "p-nominee", "x-target", role="nominee_director")
    for i in range(53):
        b.company(f"shell-{i:02d}", name=f"Shell {i:02d}")
        b.link("DIRECTOR_OF", "p-nominee", f"shell-{i:02d}", role="nominee_director")
    return b
