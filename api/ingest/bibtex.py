"""BibTeX files as papers: LaTeX turned into Unicode, names split the way BibTeX splits them.

bibtexparser 2 splits the file into entries (reporting broken ones with their line), splits
author lists on "and" and names into their BibTeX parts. Two things it leaves to us. Field values
are evaluated here: its string middleware neither joins ``#`` concatenations nor reports an
undefined ``@string``, which it would keep as the macro's name. And LaTeX is decoded field by field
rather than by its decoding middleware, which would read the ``%`` of a URL as the start of a
comment: titles, venues, abstracts and names are decoded, a DOI or URL only loses its escapes.

Papers come out as :class:`SupplementaryPaper`: a BibTeX entry fills what a stored paper lacks and
never rewrites its title or authors (see ``api.ingest.load``).
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from api.ingest.load import SupplementaryPaper
from api.ingest.names import PersonName, excerpt
from api.ingest.records import IncomingPaper, normalize_doi

# Without a handler of its own, the splitter's log of a broken block would reach stderr through
# logging's last resort, beside the one error message raised here.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_YEAR = re.compile(r"\d{4}")
_DATE_YEAR = re.compile(r"(\d{4})(?:-\d{2}){0,2}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_URL_MACRO = re.compile(r"^\\(?:url|href)\s*\{(.*)\}$", re.DOTALL)
_ESCAPED = re.compile(r"\\([%_#&$~])(?:\{\})?")
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle")
_DELIMITERS = {("{", "}"), ('"', '"')}
# The macros every BibTeX style defines.
_MONTHS = {
    name[:3]: name
    for name in (
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    )
}  # fmt: skip


class BibtexError(ValueError):
    """A BibTeX file that cannot be imported; ``str()`` gives "source:line: entry KEY: reason"."""

    def __init__(self, source: str, line: int | None, key: str | None, reason: str) -> None:
        where = source if line is None else f"{source}:{line}"
        what = reason if key is None else f"entry {key}: {reason}"
        super().__init__(f"{where}: {what}")
        self.source = source
        self.line = line
        self.key = key
        self.reason = reason


@cache
def _decoder() -> LatexNodes2Text:
    # bibtexparser's own decoding context (``\url`` kept bare), with math turned into text and
    # the caret the BibTeX exports escape read back as a caret (pylatexenc gives a modifier).
    context = get_default_latex_context_db()
    context.add_context_category(
        "papergraph-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)


def latex_to_text(value: str) -> str:
    """Unicode text for a LaTeX field value, braces dropped and whitespace collapsed.

    Args:
        value: A field value as written, e.g. ``{K}{\\"o}hler's {GAN} --- a study``.

    Returns:
        The text as it reads, e.g. "Köhler's GAN — a study".
    """
    return " ".join(_decoder().latex_to_text(value).split())


def read_bibtex(path: Path) -> list[IncomingPaper]:
    """Read a ``.bib`` file; every entry must have a title and authors.

    Args:
        path: The file; its name as given is used in error messages.

    Returns:
        One :class:`SupplementaryPaper` per entry, in file order.

    Raises:
        BibtexError: The file is not UTF-8, an entry is malformed, or one lacks what a paper needs.
    """
    source = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise BibtexError(source, line, None, reason) from None
    return parse_bibtex(text, source=source)


def parse_bibtex(text: str, *, source: str) -> list[IncomingPaper]:
    """Parse BibTeX text into papers; see :func:`read_bibtex`.

    Args:
        text: The whole file.
        source: The file name, used in error messages.

    Returns:
        One paper per entry, in order.

    Raises:
        BibtexError: The first problem found, with its line and entry key.
    """
    # No middlewares: values stay as written, with their braces, quotes and ``#``.
    library = parse_string(text, parse_stack=[])
    if library.failed_blocks:
        first = min(library.failed_blocks, key=lambda block: block.start_line or 0)
        raise _block_error(first, source)
    strings = _strings(library, source)
    return [_paper(_EntryReader(entry, source, strings)) for entry in library.entries]


def _block_error(block: ParsingFailedBlock, source: str) -> BibtexError:
    line = _line(block.start_line)
    if isinstance(block, DuplicateBlockKeyBlock):
        previous = _line(block.previous_block.start_line)
        reason = f"duplicate key (first used on line {previous})"
        return BibtexError(source, line, block.key, reason)
    found = _ENTRY_KEY.match(block.raw or "")
    key = found.group(1) if found else None
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    # The parser's reasons span lines; the first says what it saw.
    reason = reason.strip().splitlines()[0] if reason.strip() else "unknown syntax error"
    if line is not None and block.raw:
        # Where the parser gave up is where a missing brace or comma usually shows.
        reason = f"{reason} (gave up on line {line + block.raw.rstrip().count(chr(10))})"
    return BibtexError(source, line, key, f"cannot be parsed: {reason}")


class _UndefinedMacro(ValueError):
    """A value names an ``@string`` nobody defined."""


def _strings(library: Library, source: str) -> dict[str, str]:
    """The ``@string`` macros by lower-case name; each may use those defined before it."""
    strings = dict(_MONTHS)
    for block in library.strings:
        try:
            strings[block.key.lower()] = _evaluate(str(block.value), strings)
        except _UndefinedMacro as error:
            reason = f"@string {block.key} uses {error}, which is not defined before it"
            raise BibtexError(source, _line(block.start_line), None, reason) from None
    return strings


def _evaluate(raw: str, strings: dict[str, str]) -> str:
    """A field value as BibTeX reads it: braced, quoted, numbers and macros joined by ``#``."""
    parts = []
    for piece in _concatenated(raw):
        if len(piece) > 1 and (piece[0], piece[-1]) in _DELIMITERS:
            parts.append(piece[1:-1])
        elif piece.isdigit():
            parts.append(piece)
        elif piece.lower() in strings:
            parts.append(strings[piece.lower()])
        else:
            raise _UndefinedMacro(repr(piece))
    return "".join(parts)


def _concatenated(raw: str) -> list[str]:
    """The pieces of ``a # {b} # "c"``: split on ``#`` outside braces and quotes."""
    pieces, start, depth, quoted = [], 0, 0, False
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index].strip())
            start = index + 1
    pieces.append(raw[start:].strip())
    return pieces


def _line(start: int | None) -> int | None:
    # bibtexparser counts lines from 0.
    return None if start is None else start + 1


class _EntryReader:
    """One entry's fields by lower-case name, read with errors naming file, line and entry key."""

    def __init__(self, entry: Entry, source: str, strings: dict[str, str]) -> None:
        self.entry = entry
        self.source = source
        self.strings = strings
        self.fields: dict[str, Field] = {}
        for field in entry.fields:
            name = field.key.lower()
            if name in self.fields:
                raise self.error(f"field {name} is given twice", field)
            self.fields[name] = field

    def field(self, name: str) -> Field | None:
        return self.fields.get(name)

    def raw(self, name: str) -> str | None:
        """The evaluated value of field ``name``, LaTeX still in it; None when absent."""
        field = self.fields.get(name)
        if field is None:
            return None
        try:
            return _evaluate(str(field.value), self.strings)
        except _UndefinedMacro as error:
            raise self.error(f"field {name} uses the undefined @string {error}", field) from None

    def text(self, name: str) -> str | None:
        """The value of field ``name`` as Unicode text; None when absent or empty."""
        raw = self.raw(name)
        return (latex_to_text(raw) or None) if raw is not None else None

    def error(self, reason: str, field: Field | None = None) -> BibtexError:
        line = _line(field.start_line if field is not None else self.entry.start_line)
        return BibtexError(self.source, line, self.entry.key, reason)


def _paper(reader: _EntryReader) -> SupplementaryPaper:
    title = reader.text("title")
    if not title:
        raise reader.error("has no title", reader.field("title"))
    return SupplementaryPaper(
        title=title,
        authors=_authors(reader),
        abstract=reader.text("abstract"),
        year=_year(reader),
        venue=next(filter(None, (reader.text(name) for name in _VENUE_FIELDS)), None),
        doi=_doi(reader),
        url=_url(reader),
        source_line=_line(reader.entry.start_line),
    )


def _authors(reader: _EntryReader) -> tuple[PersonName, ...]:
    field, value = reader.field("author"), reader.raw("author")
    if field is None or value is None:
        raise reader.error("has no author field")
    people = []
    for written in split_multiple_persons_names(value):
        try:
            parts = parse_single_name_into_parts(written)
        except InvalidNameError as error:
            reason = f"cannot read the name {excerpt(written)}: {error.reason.lower()}"
            raise reader.error(reason, field) from None
        if parts.last == ["others"] and not (parts.first or parts.von or parts.jr):
            # "and others" is BibTeX's "et al.": nobody to credit.
            continue
        family = latex_to_text(" ".join([*parts.von, *parts.last, *parts.jr]))
        if not family:
            raise reader.error(f"the name {excerpt(written)} has no family name", field)
        given = latex_to_text(" ".join(parts.first))
        people.append(PersonName(family=family, given=given, as_written=latex_to_text(written)))
    if not people:
        raise reader.error("has no authors ('and others' alone names nobody)", field)
    return tuple(people)


def _year(reader: _EntryReader) -> int | None:
    field, value = reader.field("year"), reader.text("year")
    if field is not None:
        value = value or ""
        if not _YEAR.fullmatch(value):
            raise reader.error(f"year {excerpt(value)} is not a four-digit year", field)
        return int(value)
    # biblatex states dates as ISO 8601 in ``date`` instead.
    field, value = reader.field("date"), reader.text("date")
    if field is not None:
        value = value or ""
        found = _DATE_YEAR.fullmatch(value)
        if found is None:
            raise reader.error(f"date {excerpt(value)} is not an ISO date like 2019-05-21", field)
        return int(found.group(1))
    return None


def _bare(value: str) -> str:
    """A DOI or URL as written, without ``\\url{}`` and LaTeX escapes (never LaTeX-decoded)."""
    value = "".join(value.split())
    if (wrapped := _URL_MACRO.match(value)) is not None:
        value = wrapped.group(1)
    return _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "")


def _doi(reader: _EntryReader) -> str | None:
    field, value = reader.field("doi"), reader.raw("doi")
    if field is None or value is None or not (raw := _bare(value)):
        return None
    doi = normalize_doi(raw)
    if doi is None or not _DOI.fullmatch(doi):
        reason = f"doi {excerpt(raw)} is not a DOI (expected 10.<registrant>/<suffix>)"
        raise reader.error(reason, field)
    return doi


def _url(reader: _EntryReader) -> str | None:
    field, value = reader.field("url"), reader.raw("url")
    if field is None or value is None or not (url := _bare(value)):
        return None
    if not _URL.fullmatch(url):
        reason = f"url {excerpt(url)} is not an absolute URL (expected https://...)"
        raise reader.error(reason, field)
    return url
