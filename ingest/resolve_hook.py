"""The hook de-duplication plugs into: a resolver maps a source record's party id to the
id of the party it belongs to. The loader passes every party row id and every link
endpoint through `canonical` before writing, so records of one real entity load onto
one party while each row is still kept as its own SourceRecord."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Resolver(Protocol):
    def canonical(self, record_id: str) -> str:
        """The canonical party id for a record id (the id itself when unknown)."""


class IdentityResolver:
    """The default: every record is its own party."""

    def canonical(self, record_id: str) -> str:
        return record_id


class MappingResolver:
    """A resolver from a plain dict (record id -> party id); ids not in it map to themselves."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def canonical(self, record_id: str) -> str:
        return self.mapping.get(record_id, record_id)
