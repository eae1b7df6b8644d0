"""The local Neo4j launcher: bulk import into a stopped server, start, restart on the
same ports with the same data, stop. Starts a small server of its own (about a minute)."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.errors import ConfigurationError, StoreUnavailableError
from graph.neo4j import Neo4jStore
from graph.neo4j_jars import ClassArchive, resolve_jars
from graph.neo4j_server import LocalNeo4j, main


@pytest.mark.neo4j
@pytest.mark.slow
def test_bulk_import_start_restart_stop(tmp_path: Path) -> None:
    nodes = tmp_path / "parties.csv"
    nodes.write_text("id:ID,name,name_folded,checksum,:LABEL\n"
                     "p1,Anna,anna,c1,Party;Person\nc1,Alpha,alpha,c2,Party;Company\n", encoding="utf-8")
    rels = tmp_path / "owns.csv"
    rels.write_text(":START_ID,:END_ID,:TYPE,id,share_pct:float,checksum\np1,c1,OWNS,o1,60.0,c3\n", encoding="utf-8")

    server = LocalNeo4j(heap="256m", pagecache="64m")
    try:
        with pytest.raises(ConfigurationError):
            _ = server.uri  # not started yet
        output = server.bulk_import([nodes], [rels])
        assert "IMPORT DONE" in output
        server.start()
        uri, home = server.uri, server.home
        assert uri.startswith("bolt://127.0.0.1:")
        assert len(server.password) >= 20
        assert "127.0.0.1" in (home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
        store = Neo4jStore.connect(uri, server.user, server.password, "neo4j")
        try:
            store.ensure_schema()
            assert store.counts().nodes == {"Person": 1, "Company": 1}
            [owns] = store.links_of(["p1"], ["OWNS"])
            assert (owns.source, owns.target, owns.props["share_pct"]) == ("p1", "c1", 60.0)
            checksum = store.store_checksum()
        finally:
            store.close()

        server.restart()
        assert (server.uri, server.home) == (uri, home)
        # a server has stopped cleanly by now: its class archive exists, and this start maps it
        archive = ClassArchive(resolve_jars(), "server").path
        assert archive.stat().st_size > 1_000_000
        command = Path(f"/proc/{server.pid}/cmdline").read_bytes().decode().split("\0")
        assert f"-XX:SharedArchiveFile={archive}" in command
        with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
            records, _, _ = driver.execute_query("MATCH (n:Party) RETURN count(n) AS n")
            assert records[0]["n"] == 2
        store = Neo4jStore.connect(server.uri, server.user, server.password, "neo4j")
        try:
            assert store.store_checksum() == checksum
        finally:
            store.close()
        server.stop()
        assert not server.running
        gone = Neo4jStore(GraphDatabase.driver(uri, auth=(server.user, server.password),
                                               max_transaction_retry_time=1.0))
        try:
            with pytest.raises(StoreUnavailableError):
                gone.counts()
            with pytest.raises(StoreUnavailableError):
                list(gone.iter_nodes("Party"))
        finally:
            gone.close()
    finally:
        server.cleanup()
    assert not home.exists()


def test_cli_requires_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([])
    assert "start" in capsys.readouterr().err
