"""All configuration, in one pydantic-settings class. Nothing else reads os.environ.

Values come from KITH_* environment variables or a `.env` file, e.g.
KITH_NEO4J_URI=bolt://127.0.0.1:7687, KITH_NEO4J_PASSWORD=...
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITH_", env_file=".env", extra="ignore")

    # Graph store: Neo4j when a URI is set, the embedded store otherwise.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    # How long the driver retries a transaction on a transient failure (a restart, a
    # leader switch). Batch jobs ride out a restart; the service answers 503 quickly
    # instead, and its circuit breaker probes until Neo4j is back.
    neo4j_retry_seconds: float = 30.0
    service_retry_seconds: float = 2.0
    # A request must not hang on a server that accepts connections but does not answer.
    service_connect_timeout_seconds: float = 5.0
    data_dir: Path = Path(".kith")

    # Local throwaway Neo4j (scripts and tests): where its jars and servers live.
    neo4j_version: str = "5.26.30"
    neo4j_home_root: Path = Path(".kith/neo4j")
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "1g"

    # HTTP service.
    host: str = "127.0.0.1"
    port: int = 8765
    demo_mode: bool = False
    jwt_secret: SecretStr | None = None
    jwt_issuer: str = "kith"
    jwt_ttl_minutes: int = 480
    # Running in CI (the standard CI variable): browser tests must run, not skip.
    ci: bool = Field(default=False, validation_alias=AliasChoices("CI", "KITH_CI", "ci"))

    # The business date "as of" which derived facts (groups, tasks) are computed after a
    # load; today when empty. Set it to a month end for month-end snapshots.
    business_date: str | None = None

    # Ingest.
    batch_size: int = 10_000
    # Processes that validate large files beside the loader (ingest.parallel): one per
    # CPU when unset and there are two or more; 0 validates in the loading process.
    ingest_workers: int | None = None

    # Risk: reporting currency and the bank's eligible capital (per limit profile overrides).
    reporting_currency: str = "USD"
    eligible_capital: float = 2_000_000_000.0
    limit_profile: str = "basel"

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "graph.json.gz"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
