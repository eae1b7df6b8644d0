from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from tests.risk.builders import Bank


@pytest.fixture
def bank() -> Bank:
    return Bank(EmbeddedStore())
