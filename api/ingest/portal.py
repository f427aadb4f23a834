"""Publication listings copied from a university research portal (Pure, Converis, Symplectic).

A listing is plain text: a preamble of interface sentences and the profile owner's name, then
one record per paper, each a title line, an authors line "Family, Given, Family, Given, ..."
and usually a one-line abstract. Nothing marks which line is which, so structure decides:

1. Interface sentences (:data:`INTERFACE_LINES`, result counts, page numbers, year headings)
   are dropped wherever they appear. Blank lines end a record: each run of lines between
   blank lines must split into whole records.
2. A record is a title line, then an authors line (which must look like "Family, Given"
   pairs, whatever its case), then an abstract line unless the record ends there. The line
   after an authors line is the next title when an authors line follows it, else an abstract.
3. Titles with commas can look like names ("Learning, Fast and Slow"), so a run may split in
   more than one way. The split chosen has the fewest title words ("and", "of", ...) in its
   authors lines plus abstracts shaped like names; ties go to records with an abstract. A
   backward dynamic-programming pass over the lines finds it in linear time.
4. The first line may be the profile owner, a lone "Family, Given" pair. It is, when the
   lines after it split into records at least as well as the whole run does.
5. When a run cannot be split, the first record that breaks is reported with its line number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from api.ingest.names import (
    AuthorLineError,
    PersonName,
    author_line_penalty,
    excerpt,
    fold,
    looks_like_author_line,
    looks_like_name_part,
    split_author_line,
)

INTERFACE_LINES = frozenset(
    {
        "Not enough data to create a plot.",
        "Try a different view from the menu above.",
        "Research output per year",
        "Research output",
        "Research outputs",
        "Research output: Contribution to journal \u203a Article",
        "Publications per year",
        "Publications",
        "Overview",
        "Fingerprint",
        "Network",
        "Projects",
        "Activities",
        "Press/Media",
        "Prizes",
        "Show more",
        "Show less",
        "Show all",
        "Show abstract",
        "Hide abstract",
        "Sort by",
        "Filters",
        "Select all",
        "Export search results",
        "Cite this",
        "View graph of relations",
        "Link to publication",
        "Search results",
        "No results found",
        "Skip to main content",
        "Skip to main navigation",
        "Skip to search",
        "Back to top",
        "Log in to Pure",
        "Powered by Pure, Scopus & Elsevier Fingerprint Engine\u2122",
        "Contact us",
        "Cookies Settings",
        "Report vulnerability",
        "About web accessibility",
    }
)

_TRAILING_PUNCTUATION = ".:!?\u2026 "
# Interface text that carries counts or subtypes; matched against the folded line.
_INTERFACE_PATTERN = re.compile(
    r"(?:showing |displaying )?(?:\d[\d,.]*\s*[-\u2013]\s*\d[\d,.]*\s+(?:of|out of)\s+)?"
    r"\d[\d,.]*\s+results?(?: found)?"
    r"|showing \d[\d,.]*\s*[-\u2013]\s*\d[\d,.]*"
    r"|page \d+ of \d+"
    r"|(?:19|20)\d\d"  # year headings of listings grouped by year
    r"|research output: .+"  # "Research output: Chapter in Book/Report \u203a Conference ..."
)
# Interface sentences are short; longer lines skip the fold, which matters for 40 MB listings.
_MAX_INTERFACE_CHARS = 120
_EXPECTED_AUTHORS = "'Family, Given, \u2026'"


def _interface_key(text: str) -> str:
    return fold(text).rstrip(_TRAILING_PUNCTUATION)


_INTERFACE_KEYS = frozenset(_interface_key(sentence) for sentence in INTERFACE_LINES)


class ListingError(ValueError):
    """A listing that cannot be read; ``str()`` gives "source:line: reason"."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        super().__init__(f"{source}: {reason}" if line is None else f"{source}:{line}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PortalRecord:
    """One paper of a listing; ``line`` is the 1-based line number of its title."""

    title: str
    authors: tuple[PersonName, ...]
    abstract: str | None
    line: int


@dataclass(frozen=True, slots=True)
class PortalListing:
    """A parsed listing: its source name, the profile owner if shown, and the records."""

    source: str
    owner: PersonName | None
    records: tuple[PortalRecord, ...]


class _Line(NamedTuple):
    number: int
    text: str  # stripped, for titles and authors
    kept: str  # stripped at the end only: abstracts are kept as written


def is_interface_line(text: str) -> bool:
    """Whether ``text`` is portal interface text rather than part of a record.

    Args:
        text: One line of a listing.

    Returns:
        True for a sentence of :data:`INTERFACE_LINES` (compared folded and without trailing
        punctuation), a result count ("Showing 1 - 50 of 212 results"), a page number or a
        year heading.
    """
    if len(text) > _MAX_INTERFACE_CHARS:
        return False
    key = _interface_key(text)
    return key in _INTERFACE_KEYS or _INTERFACE_PATTERN.fullmatch(key) is not None


def read_listing(path: Path) -> PortalListing:
    """Read and parse a listing file; a UTF-8 byte order mark is accepted and dropped.

    Args:
        path: The listing file; its name as given is used in error messages.

    Returns:
        The parsed listing.

    Raises:
        ListingError: The file is not UTF-8, or its text is not a listing.
        OSError: The file cannot be read.
    """
    source = str(path)
    try:
        # Line by line with universal newlines, so a large listing is never held twice over.
        with path.open(encoding="utf-8", newline=None) as handle:
            return parse_lines(handle, source=source)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def _not_utf8(path: Path) -> ListingError:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        # Counted as the parser counts lines: CRLF, CR and LF each end one.
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        reason = f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        return ListingError(str(path), line, reason)
    raise AssertionError("the file decoded on the second reading")


def parse_listing(text: str, *, source: str) -> PortalListing:
    """Parse the text of a listing into its owner and records.

    Args:
        text: The whole listing; CRLF, CR or LF line ends, an optional leading BOM.
        source: The file name, used in error messages.

    Returns:
        The listing, records in source order.

    Raises:
        ListingError: A record has no or a malformed authors line, or there are no records.
    """
    return parse_lines(io.StringIO(text, newline=None), source=source)


def parse_lines(lines: Iterable[str], *, source: str) -> PortalListing:
    """Parse a listing given as lines (newlines already translated to "\\n"); see parse_listing."""
    text_seen = _TextSeen()
    owner: PersonName | None = None
    records: list[PortalRecord] = []
    # Block by block, so only the records of a large listing stay in memory, not its lines.
    for index, block in enumerate(_blocks(lines, text_seen)):
        block_owner, block_records = _parse_block(block, source, may_start_with_owner=index == 0)
        owner = owner or block_owner
        records.extend(block_records)
    if not records:
        what = "no records found" if text_seen.any else "the file is empty"
        reason = f"{what}; expected a title line followed by an authors line {_EXPECTED_AUTHORS}"
        raise ListingError(source, None, reason)
    return PortalListing(source=source, owner=owner, records=tuple(records))


@dataclass(slots=True)
class _TextSeen:
    """Whether the lines read so far had a non-blank one."""

    any: bool = False


def _blocks(lines: Iterable[str], text_seen: _TextSeen) -> Iterator[list[_Line]]:
    """Runs of non-blank, non-interface lines, one at a time; notes any non-blank line."""
    current: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix("\ufeff")
        kept = raw.rstrip()
        # Without leading blanks this is the same object as ``kept``, not a second copy.
        stripped = kept.lstrip()
        if not stripped:
            if current:
                yield current
                current = []
            continue
        text_seen.any = True
        if not is_interface_line(stripped):
            current.append(_Line(number, stripped, kept))
    if current:
        yield current


def _parse_block(
    block: list[_Line], source: str, *, may_start_with_owner: bool
) -> tuple[PersonName | None, list[PortalRecord]]:
    texts = [line.text for line in block]
    shapes = [looks_like_author_line(text) for text in texts]
    costs, sizes = _best_split(shapes, texts)
    owner = _owner_name(block[0].text) if may_start_with_owner else None
    with_owner = costs[1] if owner is not None else None
    if with_owner is not None and (costs[0] is None or with_owner <= costs[0]):
        start = 1
    elif costs[0] is not None:
        start, owner = 0, None
    else:
        raise _first_break(block, shapes, source, has_owner_line=owner is not None)
    records: list[PortalRecord] = []
    position = start
    while position < len(block):
        size = sizes[position]
        title, authors = block[position], block[position + 1]
        abstract = block[position + 2].kept if size == 3 else None
        names = tuple(split_author_line(authors.text))
        records.append(PortalRecord(title.text, names, abstract, title.number))
        position += size
    return owner, records


def _best_split(shapes: list[bool], texts: list[str]) -> tuple[list[int | None], list[int]]:
    """Costs and record sizes of the best split of every suffix of a block.

    ``costs[p]`` is the least penalty with which lines ``p:`` split into records (None if they
    cannot) and ``sizes[p]`` the size, 2 or 3 lines, of the first record of that split.
    """
    count = len(shapes)
    costs: list[int | None] = [None] * (count + 1)
    sizes = [0] * (count + 1)
    costs[count] = 0
    for start in range(count - 2, -1, -1):
        if not shapes[start + 1]:
            continue
        penalty = author_line_penalty(texts[start + 1])
        for size in (3, 2):  # with an abstract first, so it wins ties
            rest = costs[start + size] if start + size <= count else None
            if rest is None:
                continue
            # An abstract shaped like names is more likely an authors line read one off.
            cost = penalty + rest + (size == 3 and shapes[start + 2])
            best = costs[start]
            if best is None or cost < best:
                costs[start], sizes[start] = cost, size
    return costs, sizes


def _owner_name(text: str) -> PersonName | None:
    is_pair = text.count(",") == 1 and looks_like_author_line(text)
    return split_author_line(text)[0] if is_pair else None


def _first_break(
    block: list[_Line], shapes: list[bool], source: str, *, has_owner_line: bool
) -> ListingError:
    """The error for the first record that breaks, in a block that cannot split into records.

    A possible owner line is read as the owner when no authors line follows it (it cannot be
    a title then) or when that reading gets through more records.
    """
    read, position = _walk(shapes, 0)
    if has_owner_line:
        read_after_owner, position_after_owner = _walk(shapes, 1)
        if not shapes[1] or read_after_owner > read:
            position = position_after_owner
    title = block[position]
    following = block[position + 1] if position + 1 < len(block) else None
    if following is not None and "," in following.text:
        try:
            split_author_line(following.text)
        except AuthorLineError as error:
            parts = following.text.split(",")
            # Name-shaped parts mean a broken authors line rather than a missing one.
            if all(looks_like_name_part(part) for part in parts if part.strip()):
                return ListingError(source, following.number, str(error))
    reason = (
        f"record {excerpt(title.text)} has no authors line; "
        f"expected {_EXPECTED_AUTHORS} on line {title.number + 1}"
    )
    return ListingError(source, title.number, reason)


def _walk(shapes: list[bool], start: int) -> tuple[int, int]:
    """Read records greedily from ``start``: how many were read, and where reading broke.

    Only used on lines that cannot split into records, so reading always breaks in range.
    """
    read, position = 0, start
    while position + 1 < len(shapes) and shapes[position + 1]:
        # The next record starts right after the authors line when an authors line follows it.
        next_has_authors = position + 3 < len(shapes) and shapes[position + 3]
        position += 2 if next_has_authors else 3
        read += 1
    return read, position
