"""Helpers under the stores: the canonical JSON behind every checksum, and the pause of
the garbage collector around whole-bank jobs."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.memory import collector_paused, pauses_collector
from graph.store import canonical_json, content_checksum

_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.dates(), st.datetimes())
_VALUE = st.one_of(_LEAF, st.lists(_LEAF, max_size=3), st.dictionaries(st.text(max_size=3), _LEAF, max_size=3))


def _stdlib(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


@settings(max_examples=3000, deadline=None)
@given(st.dictionaries(st.text(max_size=6), _VALUE, max_size=6))
def test_canonical_json_is_byte_for_byte_the_standard_librarys(value: dict[str, Any]) -> None:
    # Checksums stored by earlier versions (json.dumps) must keep matching the same content.
    assert canonical_json(value) == _stdlib(value)


def test_checksum_ignores_key_order_and_none_but_not_values() -> None:
    assert content_checksum({"a": 1, "b": "x", "c": None}) == content_checksum({"b": "x", "a": 1})
    assert content_checksum({"a": 1e-05}) != content_checksum({"a": 1e-04})
    assert content_checksum({"a": 2**70}) != content_checksum({"a": 2**70 + 1})  # past 64 bits: stdlib path


def test_collector_paused_nests_and_restarts_once() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_collector_restarts_after_a_failure_and_across_threads() -> None:
    @pauses_collector
    def failing() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing()
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    thread.join(5)
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_pause_ages_the_jobs_objects_and_a_full_collection_still_frees_their_cycles() -> None:
    with collector_paused():
        survivors = [[i] for i in range(50_000)]
        cycle = weakref.ref(_Cycle())  # garbage the collector must still find
        assert gc.get_count()[0] >= 50_000  # waiting in the youngest generation
    assert gc.get_count()[0] < 1_000  # moved on, not walked
    assert cycle() is not None
    gc.collect()
    assert cycle() is None and len(survivors) == 50_000


def test_a_pause_leaves_objects_the_program_froze_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            pass
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
