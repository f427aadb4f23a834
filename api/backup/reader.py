"""Reading a dump line by line, with every complaint naming the file and line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from api.backup.fileformat import FORMAT_KEY, FORMAT_VERSION, BackupError


@dataclass(frozen=True)
class Header:
    """What the first line of a dump says about the rest."""

    revision: str | None
    tables: list[str]


@dataclass(frozen=True)
class Row:
    """One row line: its table and its encoded values."""

    number: int
    table: str
    values: dict[str, Any]


class DumpReader:
    """Reads the header, then the rows, then checks the end line's counts."""

    def __init__(self, path: Path, source: IO[str]) -> None:
        self.path = path
        self._lines = enumerate(source, start=1)
        self.end: dict[str, int] | None = None

    def error(self, number: int, message: str) -> BackupError:
        """An error at line ``number`` of this file."""
        return BackupError(f"{self.path}:{number}: {message}")

    def _parse(self, number: int, text: str) -> dict[str, Any]:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise self.error(number, f"not a JSON line ({error})") from None
        if not isinstance(document, dict):
            raise self.error(number, "expected a JSON object")
        return document

    def header(self) -> Header:
        """The first line; raises unless it is a Papergraph dump header of a known version."""
        number, text = next(self._lines, (1, ""))
        document = self._parse(number, text) if text.strip() else {}
        version = document.get(FORMAT_KEY)
        if version is None:
            raise self.error(number, "not a Papergraph dump (no header line)")
        if version != FORMAT_VERSION:
            raise self.error(
                number, f"dump format {version!r} is not the supported {FORMAT_VERSION}"
            )
        tables = document.get("tables")
        if not isinstance(tables, list) or not all(isinstance(name, str) for name in tables):
            raise self.error(number, "the header's 'tables' is not a list of table names")
        return Header(revision=document.get("revision"), tables=tables)

    def rows(self) -> Iterator[Row]:
        """Every row line, in file order; stops at the end line, which ``end`` then holds."""
        for number, text in self._lines:
            if not text.strip():
                continue
            document = self._parse(number, text)
            if self.end is not None:
                raise self.error(number, "there is more after the end line")
            if "end" in document:
                counts = document["end"]
                if not isinstance(counts, dict):
                    raise self.error(number, "the end line's counts are not an object")
                self.end = counts
                continue
            table, values = document.get("table"), document.get("row")
            if not isinstance(table, str) or not isinstance(values, dict):
                raise self.error(number, 'expected {"table": NAME, "row": {...}}')
            yield Row(number=number, table=table, values=values)
        if self.end is None:
            raise BackupError(
                f"{self.path}: the file stops before its end line: it is incomplete "
                "(cut short while being written or copied)"
            )
