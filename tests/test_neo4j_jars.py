"""The server's class archive: written once after a clean exit, then used; never a
half-written one; leftovers of dead processes are swept."""

from __future__ import annotations

import os
from pathlib import Path

from graph.neo4j_jars import ClassArchive


def _lib(tmp_path: Path) -> Path:
    lib = tmp_path / "5.26.0"
    lib.mkdir()
    return lib


def test_the_first_run_records_and_a_clean_exit_keeps_the_archive(tmp_path: Path) -> None:
    archive = ClassArchive(_lib(tmp_path), "server")
    (flag,) = archive.jvm_flags()
    assert flag.startswith("-XX:ArchiveClassesAtExit=")
    Path(flag.split("=", 1)[1]).write_bytes(b"classes")  # what the JVM writes at exit
    archive.settle(clean_exit=True)
    assert archive.path.read_bytes() == b"classes"
    assert ClassArchive(tmp_path / "5.26.0", "server").jvm_flags() == (
        f"-XX:SharedArchiveFile={archive.path}",)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unclean_exit_leaves_no_archive(tmp_path: Path) -> None:
    archive = ClassArchive(_lib(tmp_path), "server")
    (flag,) = archive.jvm_flags()
    Path(flag.split("=", 1)[1]).write_bytes(b"half")
    archive.settle(clean_exit=False)
    assert not archive.path.exists()
    assert list(tmp_path.glob(".*")) == []
    archive.settle(clean_exit=True)  # nothing pending: nothing happens
    assert not archive.path.exists()


def test_leftovers_of_dead_processes_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    dead = tmp_path / f".{lib.name}.server.jsa.{2**22 + 7}-abc123"  # above Linux's pid limit: no such process
    live = tmp_path / f".{lib.name}.server.jsa.{os.getpid()}-def456"
    dead.write_bytes(b"x")
    live.write_bytes(b"y")
    ClassArchive(lib, "server").jvm_flags()
    assert not dead.exists() and live.exists()
