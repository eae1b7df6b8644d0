"""A source record keeps its row's canonical content in the spelling it has always had
(sorted keys, compact, UTF-8 text), so records and their checksums stay stable."""

import json

from hypothesis import given
from hypothesis import strategies as st

from ingest.source_records import has_record, source_record, source_record_id
from ingest.validation import ValidRow

VALUES = (st.text(max_size=40) | st.booleans() | st.none() | st.integers(-(10**20), 10**20)
          | st.floats(allow_nan=False, allow_infinity=False))


@given(st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=6))
def test_content_is_the_sorted_compact_json_of_the_row(extra: dict[str, object]) -> None:
    props = {**extra, "source": "crm"}
    record = source_record("Person", "p1", ValidRow(id="p1", props=props), "h", "Person.csv", 2)
    expected = json.dumps({"id": "p1", **props}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert record.props["content"] == expected
    assert record.id == source_record_id("crm", "Person", "p1")


def test_record_ids_depend_on_source_type_and_row_id_only() -> None:
    one = source_record("Person", "p1", ValidRow(id="p1", props={"source": "crm", "name": "An"}), "h", "a.csv", 2)
    two = source_record("Person", "p1", ValidRow(id="p1", props={"source": "crm", "name": "Ân"}), "h", "b.csv", 9)
    assert one.id == two.id and one.props["content"] != two.props["content"]
    assert source_record_id("crm", "Company", "p1") != one.id
    assert has_record("p1", one.id, "p1").target == one.id
