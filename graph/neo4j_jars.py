"""The local Neo4j server's Java side: its jars, resolved once with Maven, and a class
archive that makes each later start of its JVM faster.

The archive is the JDK's class-data sharing (CDS, Java 13+): the first server run on a
machine records the classes it loaded (`-XX:ArchiveClassesAtExit`) and writes them when
it exits; later runs map them instead of loading and verifying each class again
(`-XX:SharedArchiveFile`): a server start went from 5.4 s to 3.7 s on the 2-core
machine. The JVM falls back to loading classes itself when an archive does not fit
(another JDK build); an archive is renamed into place only after a clean exit, so a
half-written one is never used. The import tool gained nothing from one, so it has none.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from graph.errors import ConfigurationError
from graph.settings import Settings, get_settings

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kith</groupId><artifactId>neo4j-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version></dependency>
  </dependencies>
</project>
"""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConfigurationError(f"{name!r} is not on the PATH (Neo4j needs Java 17 and Maven)")
    return path


def resolve_jars(settings: Settings | None = None) -> Path:
    """The folder of the server's jars, resolved with Maven on first use (then cached).

    Processes resolving at the same time take turns on a file lock; the jars land in a
    staging folder renamed into place, so a half-copied folder is never used."""
    settings = settings or get_settings()
    version = settings.neo4j_version
    lib = (settings.neo4j_home_root / "lib" / version).resolve()
    if (lib / ".resolved").exists():
        return lib
    lib.parent.mkdir(parents=True, exist_ok=True)
    with (lib.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (lib / ".resolved").exists():
            _maven_copy(version, lib)
    return lib


def _maven_copy(version: str, lib: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=lib.parent, prefix=f".{version}-"))
    try:
        with tempfile.TemporaryDirectory(prefix="kith-neo4j-pom-") as tmp:
            pom = Path(tmp) / "pom.xml"
            pom.write_text(POM.format(version=version), encoding="utf-8")
            done = subprocess.run(
                [tool("mvn"), "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
                 f"-DoutputDirectory={staging}"],
                capture_output=True, text=True, check=False,
            )
        if done.returncode != 0 or not any(staging.glob("neo4j-*.jar")):
            output = done.stdout[-3000:] + done.stderr[-3000:]
            raise ConfigurationError(f"could not resolve org.neo4j:neo4j:{version} with Maven:\n{output}")
        (staging / ".resolved").write_text(version, encoding="utf-8")
        shutil.rmtree(lib, ignore_errors=True)  # a folder left by an interrupted run
        staging.rename(lib)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class ClassArchive:
    """The class archive of one main class, kept beside the jar folder it was made from."""

    def __init__(self, lib: Path, name: str) -> None:
        self.path = lib.parent / f"{lib.name}.{name}.jsa"
        self._pending: Path | None = None  # the archive this run writes at exit, if it has none

    def jvm_flags(self) -> tuple[str, ...]:
        if self.path.exists():
            return (f"-XX:SharedArchiveFile={self.path}",)
        self._sweep()
        self._pending = self.path.with_name(f".{self.path.name}.{os.getpid()}-{uuid.uuid4().hex[:6]}")
        return (f"-XX:ArchiveClassesAtExit={self._pending}",)

    def _sweep(self) -> None:
        """Remove archives left by processes that died before renaming them (a server
        outliving its parent still writes one at exit)."""
        for left in self.path.parent.glob(f".{self.path.name}.*"):
            pid = left.name.rsplit(".", 1)[-1].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                left.unlink(missing_ok=True)

    def settle(self, clean_exit: bool) -> None:
        """The JVM has exited: keep the archive it wrote only after a clean exit."""
        pending, self._pending = self._pending, None
        if pending is None or not pending.exists():
            return
        if clean_exit and pending.stat().st_size > 0:
            os.replace(pending, self.path)
        else:
            pending.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    return True
