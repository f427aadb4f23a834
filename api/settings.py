"""Configuration, read from ``PAPERGRAPH_*`` environment variables (and an optional ``.env``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")


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

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, url: str) -> str:
        if url and not url.startswith(("sqlite:", "sqlite+", "postgresql:", "postgresql+")):
            raise ValueError(
                f"unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db"
            )
        return url

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
