"""Whole-bank jobs build millions of small objects (links, rows, reasons) that live until
the job ends. CPython's cyclic garbage collector walks every live object on each full
collection, and the allocation rate of such a job sets off one every few hundred thousand
objects: on the 1,000,000-party bank this was 40% of deriving the groups (23.7 s with the
collector, 12.7 s without). The jobs make no reference cycles worth collecting, so the
collector is paused while they run and a collection runs once at the end."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0  # nested and concurrent pauses: the collector restarts when the last one ends
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            restart = _depth == 0 and _was_enabled
            if restart:
                gc.enable()
        if restart:
            _age_survivors()


def _age_survivors() -> None:
    """Move what the job left to the oldest generation without walking it. While the
    collector is paused every new object waits in the youngest generation, and a young
    collection here walked them all (1.5 s of the group job on the 1,000,000-party bank)
    to find the few cycles such a job leaves. Objects that survive a job are long-lived
    (its result, caches), where the collector would put them anyway; the next full
    collection, which the collector runs on its own as the oldest generation grows,
    still reclaims any cycle among them. freeze-then-unfreeze is that move in constant
    time; when the program keeps objects frozen itself, a young collection instead."""
    if gc.get_freeze_count():
        gc.collect(1)
        return
    gc.freeze()
    gc.unfreeze()


def pauses_collector(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `collector_paused` for a whole-bank step."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return func(*args, **kwargs)

    return wrapper
