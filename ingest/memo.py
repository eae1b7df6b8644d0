"""A memo of validated rows, so a re-load does not validate again a row that is byte for
byte the one validated before.

Per type and row id it keeps the digest of the raw row (values, column names, and the
endpoints after the resolver) and the checksum its canonical form had. A row whose digest
matches is taken to have that checksum; if the store holds the same checksum the row is
unchanged and costs no validation. Anything else - a changed row, a new row, a store
that lost or changed the row, a memo from another schema or version of the validation
code - goes through full validation. The memo is only ever a shortcut to a result the
validator produced, and it is always confirmed against the store."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from graph.schema import SCHEMA_DIR

MEMO_VERSION = "2"
_CODE = [Path(__file__).parent / "validation.py", Path(__file__).parents[1] / "graph" / "models.py",
         Path(__file__).parents[1] / "graph" / "normalise.py"]


def fingerprint() -> str:
    """Changes whenever the schema or the code that canonicalises rows changes."""
    digest = hashlib.blake2b(MEMO_VERSION.encode(), digest_size=12)
    for path in [*sorted(SCHEMA_DIR.rglob("*.yaml")), *_CODE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def row_digest(data: dict[str, Any], *context: str) -> str:
    """Digest of a raw row as read (column names, values and their order) and its context."""
    blob = repr((data, context))  # repr of str, int, float, bool and None values is exact and stable
    return hashlib.blake2b(blob.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class RowMemo:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = fingerprint()
        self.types: dict[str, dict[str, list[str]]] = {}  # type -> raw id -> [digest, *what validation gave]
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # an unreadable memo is an empty one
        if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
            self.types = data.get("types") or {}

    def lookup(self, type_name: str, key: str, digest: str) -> list[str] | None:
        """What validating the row under this key with this digest gave (ids, checksums)."""
        entry = self.types.get(type_name, {}).get(key)
        if entry is None or entry[0] != digest:
            return None
        return entry[1:]

    def remember(self, type_name: str, key: str, digest: str, *values: str) -> None:
        table = self.types.setdefault(type_name, {})
        entry = [digest, *values]
        if table.get(key) != entry:
            table[key] = entry
            self._dirty = True

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".memo-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: json.dump streams through the pure-Python encoder
                handle.write(json.dumps({"fingerprint": self.fingerprint, "types": self.types}, separators=(",", ":")))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False
