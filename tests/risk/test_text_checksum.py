"""The group job's checksum of all-text rows is the contract's content checksum."""

from hypothesis import given
from hypothesis import strategies as st

from graph.store import content_checksum, text_checksum


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=80), max_size=6))
def test_text_checksum_is_the_content_checksum(props: dict[str, str]) -> None:
    assert text_checksum(props) == content_checksum(props)


def test_text_checksum_sees_every_value() -> None:
    row = {"rule": "control", "reason": "A owns 60% of B", "path": "[]"}
    assert text_checksum(row) != text_checksum({**row, "reason": "A owns 61% of B"})
