"""The dump file: a header line, one line per row, an end line with the row counts.

    {"papergraph_dump": 1, "revision": "0002", "backend": "sqlite", "tables": [...], ...}
    {"table": "author", "row": {"id": 1, "name": "Jonas Köhler", ...}}
    {"end": {"author": 32, "paper": 10, ...}}

The end line is what tells a complete file from a truncated one. A name ending in ``.gz`` is
read and written gzip-compressed.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO, Any

import orjson

FORMAT_KEY = "papergraph_dump"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A dump or restore that cannot go on; the message says what and where."""


def open_text(path: Path, mode: str, *, like: Path | None = None) -> IO[str]:
    """``path`` opened for text in ``mode`` ("r" or "w").

    It is gzip-compressed when the name of ``like`` (default: ``path`` itself) ends in .gz,
    so a dump written under a temporary name is compressed as its final name says.
    """
    if (like or path).suffix == ".gz":
        return io.TextIOWrapper(gzip.GzipFile(path, f"{mode}b"), encoding="utf-8", newline="\n")
    return path.open(mode, encoding="utf-8", newline="\n")


def line(document: dict[str, Any]) -> str:
    """One JSON document on one line; non-ASCII text stays readable UTF-8."""
    return orjson.dumps(document).decode() + "\n"


def header(*, revision: str | None, backend: str, tables: list[str], dumped_at: str) -> str:
    """The first line of a dump."""
    return line(
        {
            FORMAT_KEY: FORMAT_VERSION,
            "revision": revision,
            "backend": backend,
            "dumped_at": dumped_at,
            "tables": tables,
        }
    )
