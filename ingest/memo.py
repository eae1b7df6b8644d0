"""A memo of validated rows, so a re-load does not validate again a row that is byte for
byte one it validated and stored before.

Keys are digests of the raw row: of the physical line as read (ingest.lines: the line,
the type, the file's header, and for party rows the file name and line number their
source record names), or, for rows that do not come from lines (BODS, a CSV record over
several lines, a resolver other than the identity), of the parsed values and their
context. Values are what validation gave: the row id as given, the stored id, the
checksum, and for a party row its source record's id and checksum.

How far the memo is believed (the trade-off):
- By default every recalled row is confirmed against the store: its stored checksum
  must equal the memo's, or the row is validated in full and written again. That costs
  a scan of every checksum of the type.
- A store with a write marker (Neo4j: the bookmark a read transaction ends with, which
  names the database and its last committed transaction) lets a re-load skip that
  scan. At the end of a run the memo records the marker; at the start of the next one,
  if the store's marker is still the same, nothing was written in between, so every
  row the memo confirmed is still stored exactly as it was: its line is counted as
  unchanged without being parsed, and only new or changed lines are validated,
  checked and compared. Their stored checksums come from the memo too when it knows
  their id (a changed row of a known id: the entry says what is stored under it), and
  from the store by id otherwise (new ids). Any write in between -
  the API, de-duplication, a tampering test, another load - changes the marker and the
  run falls back to the full comparison. A type's table is believed only if it was
  confirmed by the last run or by an unbroken chain of believed runs.
  What this does not cover: a writer running *during* a load (the same assumption as
  comparing checksums read before writing) and a store restored from a backup taken
  after the marker (it has another last transaction only if it was written since).
The memo is dropped whenever the schema or the validation code changes (fingerprint).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import orjson

from graph.files import atomic_file
from graph.schema import SCHEMA_DIR
from ingest.source_records import SOURCE_RECORD

MEMO_VERSION = "3"
DIGEST_SIZE = 16
_CODE = [Path(__file__).parent / "validation.py", Path(__file__).parent / "lines.py",
         Path(__file__).parents[1] / "graph" / "models.py", Path(__file__).parents[1] / "graph" / "normalise.py"]

Entry = tuple[str, ...]
PARTY_ENTRY = 5  # row id, party id, checksum, source record id, its checksum (links: the first three)


def fingerprint() -> str:
    """Changes whenever the schema or the code that canonicalises rows changes."""
    digest = hashlib.blake2b(MEMO_VERSION.encode(), digest_size=12)
    for path in [*sorted(SCHEMA_DIR.rglob("*.yaml")), *_CODE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def row_digest(data: dict[str, Any], *context: str) -> bytes:
    """Digest of a parsed row (column names, values and their order) and its context."""
    blob = repr((data, context))  # repr of str, int, float, bool and None values is exact and stable
    return hashlib.blake2b(blob.encode("utf-8", "surrogatepass"), digest_size=DIGEST_SIZE).digest()


def _atomic_write(path: Path, data: bytes) -> None:
    with atomic_file(path, ".memo-") as handle:
        handle.write(data)


def write_marker(store: object) -> str | None:
    """The store's write marker, None for a store without one (every row is then
    confirmed against the store)."""
    marker = getattr(store, "write_marker", None)
    return str(marker()) if callable(marker) else None


def marker_path(path: Path) -> Path:
    return path.with_name(path.name + ".marker")


def stamp(path: Path, marker: str | None) -> None:
    """Record the store's marker for the memo last saved at `path` (the bulk import:
    the rows were validated against an empty store, then written by the import tool)."""
    try:
        token = orjson.loads(marker_path(path).read_bytes())["token"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    _atomic_write(marker_path(path), orjson.dumps({"token": token, "marker": marker}))


class RowMemo:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = fingerprint()
        self.tables: dict[str, dict[bytes, Entry]] = {}  # type -> digest -> entry
        self.believed: set[str] = set()  # types whose table was confirmed by the last run
        self.fresh: dict[str, dict[bytes, Entry]] = {}  # types loaded in this run: rows confirmed now
        self._marker: str | None = None  # the marker the memo was saved with
        self._run_believed = False
        self._stored: dict[str, dict[str, str]] = {}  # type -> stored id -> checksum (believed types)
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = orjson.loads(path.read_bytes())
            stamped = orjson.loads(marker_path(path).read_bytes()) if marker_path(path).exists() else {}
        except (OSError, ValueError):
            return  # an unreadable memo is an empty one
        if not isinstance(data, dict) or data.get("fingerprint") != self.fingerprint:
            return
        for type_name, table in (data.get("types") or {}).items():
            blob = bytes.fromhex(table["digests"])
            keys = [blob[i:i + DIGEST_SIZE] for i in range(0, len(blob), DIGEST_SIZE)]
            self.tables[type_name] = dict(zip(keys, zip(*table["columns"], strict=True), strict=True))
            if table.get("believed"):
                self.believed.add(type_name)
        if isinstance(stamped, dict) and stamped.get("token") == data.get("token"):
            self._marker = stamped.get("marker")

    def start(self, marker: str | None) -> None:
        """The store's marker before anything is written in this run."""
        self._run_believed = marker is not None and marker == self._marker

    def believes(self, type_name: str) -> bool:
        """Whether rows of this type the memo knows may be taken as stored, unchecked."""
        return self._run_believed and type_name in self.believed

    def stored_checksums(self, type_name: str) -> dict[str, str]:
        """What a believed type's rows are stored with, by stored id: a party or link id
        and its checksum are the second and third values of every entry, a party row's
        source record id and checksum its fourth and fifth. Empty when nothing of the
        type is believed. Rows written in this run are not in it: the tables are those
        of the last run."""
        if type_name not in self._stored:
            if type_name == SOURCE_RECORD:
                tables = [self.tables[t] for t in sorted(self.believed) if self.believes(t)]
                self._stored[type_name] = {entry[3]: entry[4] for table in tables for entry in table.values()
                                           if len(entry) == PARTY_ENTRY}
            elif self.believes(type_name):
                self._stored[type_name] = {entry[1]: entry[2] for entry in self.tables[type_name].values()}
            else:
                return {}
        return self._stored[type_name]

    def table(self, type_name: str) -> dict[bytes, Entry]:
        return self.tables.get(type_name, {})

    def begin(self, type_name: str) -> None:
        """This run loads the type: its table becomes the rows confirmed in this run."""
        self.fresh.setdefault(type_name, {})

    def lookup(self, type_name: str, digest: bytes) -> Entry | None:
        return self.tables.get(type_name, {}).get(digest)

    def remember(self, type_name: str, digest: bytes, entry: Entry) -> None:
        self.fresh.setdefault(type_name, {})[digest] = entry

    def save(self, marker: str | None) -> None:
        """Write the tables and, beside them, the store's marker after this run's writes."""
        if self.path is None:
            return
        types: dict[str, Any] = {}
        for type_name in sorted({*self.tables, *self.fresh}):
            fresh = type_name in self.fresh
            table = self.fresh[type_name] if fresh else self.tables[type_name]
            if not table:
                continue
            believed = fresh or (self._run_believed and type_name in self.believed)
            types[type_name] = {"believed": believed, "digests": b"".join(table).hex(),
                                "columns": [list(column) for column in zip(*table.values(), strict=True)]}
        token = uuid.uuid4().hex
        _atomic_write(self.path, orjson.dumps({"fingerprint": self.fingerprint, "token": token, "types": types}))
        _atomic_write(marker_path(self.path), orjson.dumps({"token": token, "marker": marker}))
