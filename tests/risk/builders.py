"""Small banks built by hand for the risk tests: every row goes through the schema models,
so the tests exercise the same data the loader would write."""

from __future__ import annotations

from typing import Any

from graph.models import model_for
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum


class Bank:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._n = 0

    def node(self, type_name: str, node_id: str, **props: Any) -> str:
        model = model_for(type_name)
        clean = model.model_validate({"id": node_id, "source": "test", **props}).model_dump(exclude_none=True)
        clean.pop("id")
        self.store.write_nodes(type_name, [NodeRow(node_id, clean, content_checksum(clean))])
        return node_id

    def company(self, *ids: str, status: str = "customer") -> None:
        for node_id in ids:
            self.node("Company", node_id, name=f"Company {node_id}", status=status)

    def person(self, *ids: str, status: str = "none") -> None:
        for node_id in ids:
            self.node("Person", node_id, name=f"Person {node_id}", status=status)

    def link(self, type_name: str, source: str, target: str, **props: Any) -> str:
        self._n += 1
        link_id = props.pop("id", None) or f"{type_name.lower()}-{source}-{target}-{self._n}"
        model = model_for(type_name)
        row = {"id": link_id, "source_id": source, "target_id": target, "source": "test",
               "source_record_id": f"rec-{self._n}", **props}
        clean = model.model_validate(row).model_dump(exclude_none=True)
        for key in ("id", "source_id", "target_id"):
            clean.pop(key)
        self.store.write_links(type_name, [LinkRow(link_id, source, target, clean, content_checksum(clean))])
        return link_id

    def owns(self, holder: str, company: str, share: float, **props: Any) -> str:
        return self.link("OWNS", holder, company, share_pct=share, **props)

    def facility(self, facility_id: str, borrower: str, limit: float, drawn: float, currency: str = "USD",
                 facility_type: str = "term_loan", **props: Any) -> str:
        self.node("Facility", facility_id, facility_type=facility_type, limit_amount=limit, drawn_amount=drawn,
                  currency=currency, **props)
        self.link("BORROWS", borrower, facility_id)
        return facility_id
