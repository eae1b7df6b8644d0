"""Ingest test helpers: settings pointing at a temporary data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")
