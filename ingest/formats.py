"""Canonical input files: one file per type, `<Type>.csv` or `<Type>.jsonl`, optionally
prefixed (`2024-06.crm.Person.csv`). This module finds the files and their types and
orders them: node files before link files, so links find their endpoints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.schema import load_schema

SUFFIXES = (".csv", ".jsonl")


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    type: str  # schema type, e.g. Person or OWNS
    is_link: bool

    @property
    def name(self) -> str:
        return self.path.name


class FileTypeError(ValueError):
    """A file whose name does not say a loadable schema type."""


def type_of(path: Path) -> str:
    """The schema type named by the last dotted part before the suffix."""
    if path.suffix not in SUFFIXES:
        raise FileTypeError(f"{path.name}: not a .csv or .jsonl file")
    type_name = path.stem.rsplit(".", 1)[-1]
    schema = load_schema()
    if type_name in schema.abstract_nodes:
        concrete = " or ".join(schema.abstract_nodes[type_name])
        raise FileTypeError(f"{path.name}: {type_name} is abstract; name the file after {concrete}")
    if not schema.is_type(type_name):
        raise FileTypeError(f"{path.name}: {type_name!r} is not a schema type (name files <Type>.csv or <Type>.jsonl)")
    internal = (schema.relationships[type_name].internal if type_name in schema.relationships
                else schema.nodes[type_name].internal)
    if internal:
        raise FileTypeError(f"{path.name}: {type_name} is written by Kith itself and cannot be loaded from files")
    return type_name


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Folders become their .csv and .jsonl files (sorted, not recursive)."""
    out: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            out.extend(sorted(p for p in item.iterdir() if p.suffix in SUFFIXES and p.is_file()))
        else:
            out.append(item)
    return out


def classify(paths: Iterable[Path]) -> tuple[list[InputFile], list[tuple[Path, str]]]:
    """Input files in load order (nodes, then links; stable within each) and the files
    that cannot be loaded, with the reason."""
    schema = load_schema()
    good: list[InputFile] = []
    bad: list[tuple[Path, str]] = []
    for path in paths:
        try:
            type_name = type_of(path)
        except FileTypeError as error:
            bad.append((path, str(error)))
            continue
        good.append(InputFile(path=path, type=type_name, is_link=type_name in schema.relationships))
    good.sort(key=lambda f: f.is_link)
    return good, bad
