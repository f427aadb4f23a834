"""Configuration, read from ``PAPERGRAPH_*`` environment variables (and an optional ``.env``)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")
# The placeholder in .env.example, refused in production so that it is never deployed.
EXAMPLE_DB_PASSWORD = "change-me-to-a-long-random-string"
# An origin as browsers send it: scheme, host and optional port, no path and no trailing slash.
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s,]+")


def _split_origins(value: str) -> list[str]:
    # Browsers send scheme and host in lower case, and Starlette compares origins exactly.
    return [origin.strip().rstrip("/").lower() for origin in value.split(",") if origin.strip()]


class Settings(BaseSettings):
    """Every knob the application reads; tests build their own instances."""

    model_config = SettingsConfigDict(env_prefix="PAPERGRAPH_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = Field(
        default="",
        description="sqlite:///path.db or postgresql://user@host/db; empty: data_dir/papergraph.db",
    )
    seeds_dir: Path = Path("seeds")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_page_size: int = Field(default=100, ge=1, le=10_000)
    default_page_size: int = Field(default=20, ge=1)
    sql_echo: bool = False
    workers: int = Field(default=1, ge=1, le=64, description="serve worker processes")
    log_format: Literal["json", "text"] | None = Field(
        default=None, description="json in production, text otherwise"
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    readiness_timeout: float = Field(
        default=2.0, gt=0, le=60, description="seconds /readyz waits for the database"
    )
    shutdown_timeout: int = Field(
        default=30, gt=0, description="seconds in-flight requests get to finish on SIGTERM"
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1", description="proxies trusted for X-Forwarded-For (comma-separated)"
    )
    compiled_reads: Literal["on", "off", "verify"] = Field(
        default="on",
        description="answer common reads from one compiled SQL statement (api.graphql.compiled); "
        "verify also runs the resolvers and fails on any difference",
    )
    persisted_query_cache_size: int = Field(
        default=1000, ge=1, description="query texts each process keeps for persisted queries"
    )
    cors_origins: str = Field(
        default="*",
        description="origins allowed to read the API from a browser: * or a comma-separated list",
    )
    cache_max_age: int = Field(
        default=60, ge=0, description="seconds browsers and proxies may reuse a GET answer"
    )
    # What one request may cost (api/limits/); each is refused with a message naming the limit.
    max_query_depth: int = Field(default=10, ge=1, le=100, description="nested selection levels")
    max_aliases: int = Field(default=30, ge=0, description="aliased fields in one document")
    max_fields: int = Field(default=200, ge=10, description="fields written in one document")
    max_tokens: int = Field(default=5_000, ge=100, description="lexical tokens in one document")
    max_query_cost: int = Field(
        default=100_000, ge=1, description="objects a query may ask for: products of page sizes"
    )
    max_body_bytes: int = Field(default=100_000, ge=1_000, description="request body size")
    request_timeout_seconds: float = Field(
        default=10.0, gt=0, le=600, description="time a request may take before it is stopped"
    )
    rate_limit_per_ip: int = Field(
        default=0, ge=0, description="requests per minute per client address; 0: no limit"
    )
    rate_limit_per_key: int = Field(
        default=0, ge=0, description="requests per minute per API key; 0: no limit"
    )
    introspection: bool = Field(
        default=True, description="answer __schema/__type queries (frontends generate types)"
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, url: str) -> str:
        if url and not url.startswith(("sqlite:", "sqlite+", "postgresql:", "postgresql+")):
            raise ValueError(
                f"unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db"
            )
        return url

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in _split_origins(value):
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"CORS origin {origin!r} is not an origin: expected scheme://host[:port] "
                    "without a path, e.g. https://lab.example.org"
                )
        return value

    @property
    def cors_origin_list(self) -> list[str]:
        """The allowed origins; ``["*"]`` when any origin may read."""
        origins = _split_origins(self.cors_origins)
        return ["*"] if "*" in origins or not origins else origins

    @model_validator(mode="after")
    def _safe_in_production(self) -> Settings:
        if self.env != "production":
            return self
        if self.sql_echo:
            raise ValueError(
                "PAPERGRAPH_SQL_ECHO must be off in production: it logs every statement "
                "with its parameters"
            )
        if f":{EXAMPLE_DB_PASSWORD}@" in self.database_url:
            raise ValueError(
                "PAPERGRAPH_DATABASE_URL has the example password from .env.example; "
                "set PAPERGRAPH_DB_PASSWORD in .env to a secret of your own"
            )
        return self

    @property
    def resolved_log_format(self) -> Literal["json", "text"]:
        """The configured log format, or json in production and text elsewhere."""
        if self.log_format is not None:
            return self.log_format
        return "json" if self.env == "production" else "text"

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'papergraph.db').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests pass their own ``Settings`` instead of calling this."""
    return Settings()
