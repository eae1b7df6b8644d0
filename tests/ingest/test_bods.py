"""Must-show 4: a BODS 0.4 example imports with its ownership shares."""

from __future__ import annotations

import json
from pathlib import Path

from graph.settings import Settings
from graph.store import GraphStore
from ingest.bods import load_bods, share_value
from ingest.rejects import read_rejects

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bods" / "sao-mai-group.json"
HOLDINGS, STEEL, DELTA = "vn-erc-0101234567", "vn-erc-0209876543", "gb-coh-08123456"


def test_the_bods_example_imports_with_its_ownership_shares(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    summary = load_bods(store, [EXAMPLE], progress=False, settings=settings, rejects_path=tmp_path / "r.jsonl")

    owns = {(link.source, link.target): link.props for link in store.iter_links(["OWNS"])}
    assert owns[("person-nguyen-van-an", HOLDINGS)]["share_pct"] == 62.5
    assert owns[("person-tran-thi-bich", HOLDINGS)]["share_pct"] == 37.5  # midpoint of (25, 50]
    assert owns[(HOLDINGS, STEEL)]["share_pct"] == 75.0 and owns[(HOLDINGS, STEEL)]["voting_pct"] == 80.0
    assert owns[("person-james-whitfield", DELTA)]["valid_to"] == "2024-12-31"
    assert len(owns) == 4
    (control,) = store.iter_links(["CONTROLS"])
    assert (control.source, control.target, control.props["basis"]) == (HOLDINGS, STEEL, "board_majority")
    (board,) = store.iter_links(["DIRECTOR_OF"])
    assert board.props["role"] == "chair"

    (holdings,) = store.get_nodes([HOLDINGS])
    assert holdings.type == "Company"
    assert holdings.props["lei"] == "5493001KJTIIGC8Y1R12" and holdings.props["tax_id"] == "0101234567"
    (an,) = store.get_nodes(["person-nguyen-van-an"])
    assert an.props["national_id"] == "001068004512" and an.props["date_of_birth"] == "1968-04-12"

    (indirect,) = read_rejects(tmp_path / "r.jsonl")  # the indirect holding is reported, not lost
    assert indirect["line"] == 10 and "indirect shareholding" in indirect["reason"]
    assert summary.counts("Person").loaded == 3 and summary.counts("Company").loaded == 3

    checksum = store.store_checksum()
    again = load_bods(store, [EXAMPLE], progress=False, settings=settings, rejects_path=tmp_path / "r2.jsonl")
    assert store.store_checksum() == checksum and again.totals.loaded == again.totals.updated == 0


def test_bods_json_lines_and_latest_statement_per_record(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    statements = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    update = json.loads(json.dumps(statements[6]))  # An's holding, restated later at 55%
    update["statementId"], update["statementDate"] = "later-statement", "2025-06-30"
    update["recordStatus"] = "updated"
    update["recordDetails"]["interests"] = [{"type": "shareholding", "directOrIndirect": "direct",
                                             "share": {"exact": 55}, "startDate": "2015-01-01"}]
    path = tmp_path / "bods.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in [*statements, update]), encoding="utf-8")
    load_bods(store, [path], progress=False, settings=settings)
    (link,) = [link for link in store.iter_links(["OWNS"]) if link.id == "rel-an-holdings"]
    assert link.props["share_pct"] == 55.0 and link.props["source_record_id"] == "later-statement"


def test_share_ranges() -> None:
    assert share_value({"exact": 12}) == 12.0
    assert share_value({"minimum": 25, "maximum": 50}) == 37.5
    assert share_value({"exclusiveMinimum": 75}) == 75.0
    assert share_value({}) is None
