"""Publication lists sent as text: parsed by the importer's own parsers, loaded by its loader.

The rules are the importer's: the whole text is parsed before anything is written, the load is
idempotent (the same text twice changes nothing the second time), and a summary comes back.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.ingest.bibtex import BibtexError, parse_bibtex
from api.ingest.load import ImportSummary, load_papers
from api.ingest.names import excerpt
from api.ingest.portal import ListingError, parse_listing
from api.ingest.records import IncomingPaper
from api.ingest.sources import SourceFormat
from api.writes.validation import FieldProblem, InvalidFields

# Error messages name this as the file; the API reports line numbers within the text.
SOURCE_NAME = "text"


def parse_publications(text: str, source_format: SourceFormat) -> list[IncomingPaper]:
    """Every paper of ``text`` in order, or the first problem with its line number.

    Args:
        text: A research-portal listing or a BibTeX file, whole.
        source_format: ``PORTAL`` or ``BIBTEX``.

    Raises:
        InvalidFields: The text cannot be read; the problem is on field ``text``, its value is
            the offending line and its message starts with "line N:".
    """
    if not text.strip():
        raise InvalidFields([FieldProblem("text", text, "must not be empty")])
    try:
        if source_format is SourceFormat.BIBTEX:
            return parse_bibtex(text, source=SOURCE_NAME)
        listing = parse_listing(text, source=SOURCE_NAME)
    except ListingError as error:
        raise _unreadable(text, error.line, error.reason) from None
    except BibtexError as error:
        reason = error.reason if error.key is None else f"entry {error.key}: {error.reason}"
        raise _unreadable(text, error.line, reason) from None
    return [
        IncomingPaper(
            title=record.title,
            authors=record.authors,
            abstract=record.abstract,
            source_line=record.line,
        )
        for record in listing.records
    ]


def _unreadable(text: str, line: int | None, reason: str) -> InvalidFields:
    if line is None:
        return InvalidFields([FieldProblem("text", excerpt(text.strip(), 80)[1:-1], reason)])
    # Lines counted as the parsers count them: CRLF, CR and LF each end one.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    shown = excerpt(lines[line - 1].strip(), 80)[1:-1] if 0 < line <= len(lines) else None
    return InvalidFields([FieldProblem("text", shown, f"line {line}: {reason}")])


def import_publications(session: Session, text: str, source_format: SourceFormat) -> ImportSummary:
    """Parse ``text`` whole, then load it as ``papergraph seed`` would.

    Args:
        session: An open session; flushed, not committed (a dry run is the caller's rollback).
        text: The publication list.
        source_format: ``PORTAL`` or ``BIBTEX``.

    Returns:
        What was (or, rolled back, would have been) written.

    Raises:
        InvalidFields: The text cannot be read; nothing has been written.
    """
    return load_papers(session, parse_publications(text, source_format))
