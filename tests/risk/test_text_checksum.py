"""Rows of text alone take content_checksum's short way: the same checksum as the
canonical JSON the contract defines."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from graph.store import canonical_json, content_checksum


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=80) | st.booleans(), max_size=6))
def test_text_checksum_is_the_content_checksum(props: dict[str, str | bool]) -> None:
    assert content_checksum(props) == hashlib.blake2b(canonical_json(props), digest_size=12).hexdigest()


def test_text_checksum_sees_every_value() -> None:
    row = {"rule": "control", "reason": "A owns 60% of B", "path": "[]"}
    assert content_checksum(row) != content_checksum({**row, "reason": "A owns 61% of B"})
