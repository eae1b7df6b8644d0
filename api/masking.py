"""Remove the fields a role may not see from any JSON-able value (answers and exports).

Masking is by field name, recursively, so a sensitive property is removed wherever it
appears: in a profile, in a nested member list, in a row of an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def mask(data: Any, hidden: frozenset[str]) -> Any:
    if not hidden:
        return data
    if isinstance(data, Mapping):
        return {k: mask(v, hidden) for k, v in data.items() if k not in hidden}
    if isinstance(data, list | tuple):
        return [mask(v, hidden) for v in data]
    return data


def present(data: Any, names: frozenset[str]) -> set[str]:
    """Which of names occur as keys anywhere in data (tests and self-checks)."""
    found: set[str] = set()
    if isinstance(data, Mapping):
        found |= {k for k in data if k in names}
        for value in data.values():
            found |= present(value, names)
    elif isinstance(data, list | tuple):
        for value in data:
            found |= present(value, names)
    return found
