"""The bulk-import path (first loads into an empty database) leaves exactly the graph the
driver path leaves: same ids, properties, types and checksums, so later loads through the
driver find every row unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings
from ingest.bulk import bulk_load_files
from ingest.loader import load_files

from .test_loader import EXAMPLES


@pytest.mark.neo4j
@pytest.mark.slow
def test_bulk_import_gives_the_graph_the_driver_path_gives(
    neo4j_store: Neo4jStore, tmp_path: Path, settings: Settings,
) -> None:
    load_files(neo4j_store, [EXAMPLES], progress=False, settings=settings)
    expected_checksum, expected_counts = neo4j_store.store_checksum(), neo4j_store.counts()
    (expected_company,) = neo4j_store.get_nodes(["C-2001"])

    server = LocalNeo4j(home=tmp_path / "neo4j", heap="512m", pagecache="128m")
    bulk_settings = settings.model_copy(update={"data_dir": tmp_path / "bulk-data"})
    try:
        summary, store = bulk_load_files(server, [EXAMPLES], progress=False, settings=bulk_settings)
        try:
            assert summary.rejected == 0 and summary.store == "neo4j (bulk import)"
            assert store.counts() == expected_counts
            assert store.store_checksum() == expected_checksum
            (company,) = store.get_nodes(["C-2001"])
            assert company.props == expected_company.props  # floats, integers, booleans, text alike
            again = load_files(store, [EXAMPLES], progress=False, settings=bulk_settings, memo=False)
            assert again.totals.loaded == again.totals.updated == 0
        finally:
            store.close()
    finally:
        server.cleanup()
