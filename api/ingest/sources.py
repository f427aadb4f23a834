"""Which parser reads which file: the format named, or detected from the file's extension."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from api.ingest.bibtex import BibtexError, read_bibtex
from api.ingest.portal import ListingError, read_listing
from api.ingest.records import IncomingPaper


class SourceFormat(StrEnum):
    """Source formats the importer understands; ``auto`` picks one by extension."""

    AUTO = "auto"
    PORTAL = "portal"
    BIBTEX = "bibtex"


class SourceError(ValueError):
    """A source that cannot be imported; the message names the file and, if known, the line."""


def _read_portal(path: Path) -> list[IncomingPaper]:
    listing = read_listing(path)
    return [
        IncomingPaper(
            title=record.title,
            authors=record.authors,
            abstract=record.abstract,
            source_line=record.line,
        )
        for record in listing.records
    ]


_READERS: dict[SourceFormat, Callable[[Path], list[IncomingPaper]]] = {
    SourceFormat.PORTAL: _read_portal,
    SourceFormat.BIBTEX: read_bibtex,
}
_BY_SUFFIX = {
    ".txt": SourceFormat.PORTAL,
    ".portal": SourceFormat.PORTAL,
    ".bib": SourceFormat.BIBTEX,
}


def detect_format(path: Path) -> SourceFormat:
    """The format of ``path`` by its extension; raises SourceError when it cannot tell."""
    for suffix in reversed(path.suffixes):
        if suffix.lower() in _BY_SUFFIX:
            return _BY_SUFFIX[suffix.lower()]
    known = ", ".join(sorted(_BY_SUFFIX))
    raise SourceError(
        f"{path}: cannot tell the format from the extension (known: {known}); pass --format"
    )


def read_source(path: Path, source_format: SourceFormat = SourceFormat.AUTO) -> list[IncomingPaper]:
    """Parse one file into papers; every problem is raised as SourceError naming file and line."""
    chosen = detect_format(path) if source_format is SourceFormat.AUTO else source_format
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        return _READERS[chosen](path)
    except (ListingError, BibtexError) as error:
        raise SourceError(str(error)) from error
