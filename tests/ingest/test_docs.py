"""The committed format documentation is what the schema renders."""

from __future__ import annotations

from ingest.docs import DOC_PATH, render_formats


def test_formats_doc_is_generated_from_the_schema() -> None:
    assert DOC_PATH.exists(), "run: python -m ingest.docs"
    assert DOC_PATH.read_text(encoding="utf-8") == render_formats(), "docs/formats.md is stale: python -m ingest.docs"


def test_formats_doc_names_every_property_of_a_type() -> None:
    text = render_formats()
    for column in ("`share_pct`", "`voting_pct`", "`source_record_id`", "`name_folded`"):
        assert (column in text) == (column != "`name_folded`")  # derived properties are not input columns
