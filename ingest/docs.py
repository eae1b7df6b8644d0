"""The input format documentation, generated from the schema so it never drifts:
`python -m ingest.docs` writes docs/formats.md; a test checks the committed file is
what this module renders."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.schema import Property, load_schema
from ingest.bods import MAPPING_DOC

ROOT = Path(__file__).resolve().parents[1]
DOC_PATH = ROOT / "docs" / "formats.md"
EXAMPLES = ROOT / "examples" / "canonical"
EXAMPLE_LINES = 4  # header and a few rows are enough to show the shape

INTRO = """\
# Input formats

*Generated from the schema (`graph/schema/`) by `python -m ingest.docs`; do not edit by hand.*

Kith loads one file per node or relationship type: `<Type>.csv` or `<Type>.jsonl`,
optionally prefixed (`2025-06.crm.Person.csv`). Give `kith ingest` files or folders;
node files load before link files, so a link may point at a party in the same load.

- **Encoding**: UTF-8 (a byte-order mark is tolerated). A file that is not UTF-8 is
  rejected as a whole, with one entry naming the first bad byte; other files still load.
- **CSV**: a header row with the column names below; an empty cell means "not given".
- **JSON Lines**: one JSON object a line; `null` or `""` means "not given".
- **Node files** have `id` and the type's properties. Ids are 1-128 letters, digits or
  `_ . : - /`, starting with a letter or digit, and stay stable across loads.
- **Link files** have `id`, `source_id`, `target_id` and the type's properties. When
  `id` is empty it is derived from `source` + `source_record_id` + the type, so the same
  source record always makes the same link.
- **Validation**: values are normalised (identifiers upper-cased without punctuation,
  e-mails lower-cased, dates `YYYY-MM-DD`). A bad row goes to the rejects file with its
  file, line, field and reason; the good rows load. Checked: required fields, ids,
  dates, numbers and ranges (percent 0-100), `valid_to` not before `valid_from`,
  unknown columns, duplicate ids within a load, link endpoints (in this load or
  already stored, with the labels below), ids already used by another type, and a
  company's total direct ownership (all holders valid on one date; at most 100%,
  0.01 tolerance, stored holdings included).
- **Idempotent**: each row has a checksum of its canonical content; loading the same
  files again writes nothing, and a changed row updates in place. Only new and changed
  rows are sent to the store. A row identical to one validated in an earlier run is
  recognised by its digest (a memo in the data folder) instead of validated again; the
  stored checksum always confirms it, so a store changed meanwhile is still corrected.
- **Source records**: every Person and Company row is also kept as a `SourceRecord`
  (file, line, source, content hash, content) linked from its party by `HAS_RECORD`.
- **Rejects file** (JSON Lines, or CSV when named `*.csv`): `file`, `line` (empty when
  the whole file is rejected), `type`, `id`, `field`, `reason`, `raw` (the row as read).
"""


def _type_text(prop: Property) -> str:
    if prop.type == "enum":
        return "one of " + ", ".join(f"`{v}`" for v in prop.values)
    text = {"percent": "percent (0-100)", "date": "date (YYYY-MM-DD)"}.get(prop.type, prop.type)
    if prop.minimum is not None:
        text += f", at least {prop.minimum:g}"
    return text


def _row(column: str, type_text: str, required: bool, description: str, default: object = None) -> str:
    if default is not None:
        description += f" Default `{str(default).lower() if isinstance(default, bool) else default}`."
    return f"| `{column}` | {type_text} | {'yes' if required else ''} | {description} |"


def _columns(props: dict[str, Property]) -> list[str]:
    return [_row(name, _type_text(p), p.required, p.description, p.default)
            for name, p in props.items() if not p.derived]


def _example(type_name: str) -> list[str]:
    for suffix, lang in ((".csv", "csv"), (".jsonl", "json")):
        path = EXAMPLES / f"{type_name}{suffix}"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()[:EXAMPLE_LINES]
            return ["", f"Example (`examples/canonical/{path.name}`):", "", f"```{lang}", *lines, "```"]
    return []


def _node_section(type_name: str) -> list[str]:
    node = load_schema().nodes[type_name]
    labels = ":".join(node.labels)
    lines = [f"### {type_name}", "", f"{node.description} Labels `{labels}`; file `{type_name}.csv` or "
             f"`{type_name}.jsonl`.", "", "| column | type | required | description |", "|---|---|---|---|",
             _row("id", "id", True, "Stable identifier.")]
    return [*lines, *_columns(node.properties), *_example(type_name), ""]


def _link_section(type_name: str) -> list[str]:
    rel = load_schema().relationships[type_name]
    edge = rel.edge
    both = " Stored once, read both ways." if edge.undirected else ""
    lines = [f"### {type_name}", "", f"{rel.description} `({edge.source})-[:{type_name}]->({edge.target})`.{both}",
             "", "| column | type | required | description |", "|---|---|---|---|",
             _row("id", "id", False, "Stable link id; derived from source, source_record_id and type when empty."),
             _row("source_id", "id", True, f"Id of the {edge.source}."),
             _row("target_id", "id", True, f"Id of the {edge.target}.")]
    return [*lines, *_columns(rel.properties), *_example(type_name), ""]


def render_formats() -> str:
    schema = load_schema()
    lines = [INTRO, "## Node files", ""]
    for type_name in sorted(t for t, n in schema.nodes.items() if not n.internal):
        lines += _node_section(type_name)
    lines += ["## Link files", ""]
    for type_name in sorted(t for t, r in schema.relationships.items() if not r.internal):
        lines += _link_section(type_name)
    lines += [MAPPING_DOC]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(render_formats(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
