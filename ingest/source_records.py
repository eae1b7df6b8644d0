"""Source records (DECISIONS.md "Model"): every loaded party row is kept as a
SourceRecord node - file, line, source system, content hash and the canonical content -
linked from its party by HAS_RECORD. De-duplication later moves HAS_RECORD links
between parties and never rewrites the records, so their ids depend only on the row."""

from __future__ import annotations

import hashlib
from typing import Any

from graph.store import canonical_json
from ingest.validation import ValidRow

INGEST_SOURCE = "ingest"
SOURCE_RECORD = "SourceRecord"  # the node type of source records


def source_record_id(source: str, type_name: str, row_id: str) -> str:
    digest = hashlib.blake2b(f"{source}|{type_name}|{row_id}".encode(), digest_size=10).hexdigest()
    return f"sr-{digest}"


def source_record(type_name: str, row_id: str, row: ValidRow, checksum: str, file: str, line: int) -> ValidRow:
    """The SourceRecord node of one party row (row.props are its canonical content)."""
    # the bytes json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) gives
    content = canonical_json({"id": row_id, **row.props}).decode("utf-8")
    props: dict[str, Any] = {
        "source": row.props["source"], "file": file, "line": line, "record_type": type_name,
        "content_hash": checksum, "content": content,
    }
    return ValidRow(id=source_record_id(str(row.props["source"]), type_name, row_id), props=props)


def has_record(party_id: str, record_id: str, row_id: str) -> ValidRow:
    """The HAS_RECORD link from the (canonical) party to its source record."""
    return ValidRow(
        id="hr-" + record_id.removeprefix("sr-"),
        props={"source": INGEST_SOURCE, "source_record_id": row_id},
        source=party_id, target=record_id,
    )
