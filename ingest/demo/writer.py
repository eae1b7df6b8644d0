"""Stream rows to the canonical files: `<Type>.csv` or `<Type>.jsonl`, one file per type.

Columns come from the schema (id, or id/source_id/target_id for links, then every
non-derived property), so the files follow the schema as it grows.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from graph.schema import load_schema

Row = dict[str, Any]

JSONL_TYPES = frozenset({"Facility", "REFERRED"})
LINK_HEAD = ("id", "source_id", "target_id")
LINK_ID_PREFIX = {
    "BORROWS": "BOR", "CONTROLS": "CTL", "DIRECTOR_OF": "DIR", "EMPLOYED_BY": "EMP", "FAMILY": "FAM",
    "GUARANTEES": "GUA", "LEGAL_REPRESENTATIVE_OF": "LRP", "MANAGES": "MAN", "MEMBER_OF": "MEM", "OFFICER_OF": "OFF",
    "OWNS": "OWN", "REFERRED": "REF", "SUPPLIES": "SUP",
}
SOURCE_KEY_PREFIX = {
    "core_banking": "CBS", "crm": "CRM", "company_registry": "REG", "marketing_list": "MKT", "referral_form": "RFF",
    "credit_risk": "CRD", "hr": "HR", "kyc": "KYC", "referral_system": "RFS",
}


def columns_for(type_name: str) -> tuple[str, ...]:
    """The file columns of a node or link type, in schema order."""
    schema = load_schema()
    if type_name in schema.relationships:
        props = schema.relationships[type_name].properties
        return LINK_HEAD + tuple(k for k, p in props.items() if not p.derived)
    props = schema.node(type_name).properties
    return ("id", *(k for k, p in props.items() if not p.derived))


class TableWriter:
    """One output file; CSV with a header, or JSON Lines without empty fields."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self.path = path
        self.columns = columns
        self.jsonl = path.suffix == ".jsonl"
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        if not self.jsonl:
            self._csv.writerow(columns)

        self.write: Callable[[Row], None] = self._write_jsonl if self.jsonl else self._write_csv
        self.count = 0

    def _write_csv(self, row: Row) -> None:
        get = row.get
        self._csv.writerow([get(c) for c in self.columns])
        self.count += 1

    def _write_jsonl(self, row: Row) -> None:
        record = {c: row[c] for c in self.columns if row.get(c) is not None}
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        self._file.close()


class Sink:
    """Every file of one run, opened on first use, with row counts per type."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._writers: dict[str, TableWriter] = {}

    @property
    def counts(self) -> Counter[str]:
        return Counter({name: writer.count for name, writer in self._writers.items()})

    def _writer(self, type_name: str) -> TableWriter:
        writer = self._writers.get(type_name)
        if writer is None:
            suffix = ".jsonl" if type_name in JSONL_TYPES else ".csv"
            writer = TableWriter(self.out_dir / f"{type_name}{suffix}", columns_for(type_name))
            self._writers[type_name] = writer
        return writer

    def count(self, type_name: str) -> int:
        writer = self._writers.get(type_name)
        return writer.count if writer is not None else 0

    def node(self, type_name: str, row: Row) -> None:
        (self._writers.get(type_name) or self._writer(type_name)).write(row)

    def link(self, type_name: str, source_id: str, target_id: str, source: str, props: Row | None = None) -> str:
        """Write one link; its id and source record key are numbered per type. Returns the link id."""
        writer = self._writers.get(type_name) or self._writer(type_name)
        key = f"{LINK_ID_PREFIX[type_name]}-{writer.count + 1:08d}"
        row: Row = props if props is not None else {}
        row["id"] = key
        row["source_id"] = source_id
        row["target_id"] = target_id
        row["source"] = source
        row["source_record_id"] = f"{SOURCE_KEY_PREFIX[source]}-{key}"
        writer.write(row)
        return key

    def files(self) -> list[str]:
        return sorted(w.path.name for w in self._writers.values())

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """A small side file (fx rates, group differences) written in one go."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
