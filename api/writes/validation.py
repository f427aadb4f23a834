"""Field checks for curators' input: every problem of an input is collected, then all reported.

One error carries them all, so a form can mark every bad field at once: its message lists
"field = value: problem" for each, and ``extensions.fields`` holds ``{field, value, message}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from api.errors import InputError
from api.identity.orcid import normalize_orcid
from api.ingest.names import AuthorLineError, PersonName, excerpt, parse_display_name
from api.ingest.records import normalize_doi

MAX_TITLE_LENGTH = 999
MIN_YEAR = 1000
MAX_DOI_LENGTH = 300
# Slugs are at most 200 characters and grow a "-N" suffix when taken.
MAX_NAME_LENGTH = 150
_DOI_SHAPE = re.compile(r"10\.\d{4,9}/\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """What is wrong with one field; ``value`` is what the client sent."""

    field: str
    value: object
    message: str


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else excerpt(text, 60)[1:-1]


class InvalidFields(InputError):
    """Input with one or more bad fields; ``extensions.fields`` lists them all."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        message = "; ".join(f"{p.field} = {_shown(p.value)}: {p.message}" for p in problems)
        listed = [{"field": p.field, "value": p.value, "message": p.message} for p in problems]
        super().__init__(message, field=problems[0].field, fields=listed)
        self.problems = tuple(problems)

    @classmethod
    def of(cls, error: InputError) -> InvalidFields:
        """The same complaint as ``error`` about one field, as a list of field problems."""
        if isinstance(error, InvalidFields):
            return error
        value = error.extensions.get("value")
        return cls([FieldProblem(error.field or "", value, error.message)])

    def under(self, prefix: str, *, shown: Mapping[str, object] | None = None) -> InvalidFields:
        """The same problems with fields named from ``prefix`` ("title" -> "input.title").

        Args:
            prefix: The argument the fields belong to.
            shown: Values to report instead of the stored ones, by field; the API passes the
                global IDs a client sent where a service only saw the database keys.
        """
        shown = shown or {}
        return InvalidFields(
            [
                replace(p, field=f"{prefix}.{p.field}", value=shown.get(p.field, p.value))
                for p in self.problems
            ]
        )


@dataclass
class Problems:
    """Collects the problems of one input; :meth:`check` raises them together."""

    found: list[FieldProblem] = field(default_factory=list)

    def add(self, name: str, value: object, message: str) -> None:
        """Note that field ``name`` with ``value`` is wrong, and why."""
        self.found.append(FieldProblem(name, value, message))

    def has(self, name: str) -> bool:
        """Whether field ``name`` has a problem already."""
        return any(problem.field == name for problem in self.found)

    def check(self) -> None:
        """Raise every problem noted so far, if any.

        Raises:
            InvalidFields: At least one problem was noted.
        """
        if self.found:
            raise InvalidFields(self.found)


def printable(problems: Problems, name: str, value: str, *, multiline: bool = False) -> bool:
    """Whether ``value`` is free of control characters; notes a problem when it is not.

    PostgreSQL cannot store NUL, and no other control character belongs in metadata; only
    multi-line text (an abstract) keeps its line breaks and tabs.
    """
    found = (_CONTROL if multiline else _CONTROL_OR_BREAK).search(value)
    if found is None:
        return True
    problems.add(name, value, f"must not contain control characters (found U+{ord(found[0]):04X})")
    return False


def text(
    problems: Problems, name: str, value: str | None, *, multiline: bool = False
) -> str | None:
    """Optional free text: surrounding space removed, empty meaning "not given"."""
    if value is None:
        return None
    printable(problems, name, value, multiline=multiline)
    return value.strip() or None


def title(problems: Problems, value: str | None) -> str:
    """A title: non-empty after stripping, under 1,000 characters, on one line."""
    cleaned = (value or "").strip()
    if not cleaned:
        problems.add("title", value, "must not be empty")
    elif len(cleaned) > MAX_TITLE_LENGTH:
        problems.add(
            "title", value, f"must be under 1,000 characters; this one has {len(cleaned):,}"
        )
    else:
        printable(problems, "title", cleaned)
    return cleaned


def latest_year() -> int:
    """The latest year a paper may have: next year, for accepted papers not yet out."""
    return datetime.now(UTC).year + 1


def year(problems: Problems, value: int | None) -> int | None:
    """A publication year from 1000 to next year, or None."""
    if value is not None and not MIN_YEAR <= value <= latest_year():
        problems.add("year", value, f"must be from {MIN_YEAR} to {latest_year()}")
    return value


def doi(problems: Problems, value: str | None) -> str | None:
    """A DOI ("10.1234/suffix", a doi.org URL or "doi:" form), normalized; or None."""
    normalized = normalize_doi(value)
    if normalized is None:
        return None
    if len(normalized) > MAX_DOI_LENGTH:
        problems.add("doi", value, f"must be at most {MAX_DOI_LENGTH} characters")
    elif printable(problems, "doi", value or "") and _DOI_SHAPE.fullmatch(normalized) is None:
        problems.add("doi", value, "is not a DOI; expected the form 10.1234/suffix")
    return normalized


def url(problems: Problems, value: str | None) -> str | None:
    """An http or https URL with a host, or None."""
    cleaned = text(problems, "url", value)
    if cleaned is None or problems.has("url"):
        return cleaned
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme.lower() not in {"http", "https"} or not host:
        problems.add("url", value, "must be an http or https URL with a host")
    return cleaned


def orcid(problems: Problems, value: str | None) -> str | None:
    """An ORCID iD with a correct check digit, normalized to "0000-0002-1825-0097"; or None."""
    cleaned = text(problems, "orcid", value)
    if cleaned is None or problems.has("orcid"):
        return None
    try:
        return normalize_orcid(cleaned, field="orcid")
    except InputError as error:
        # The message names the field and value, which a field problem shows on its own.
        problems.add("orcid", value, error.message.removeprefix(f"'orcid' {cleaned!r} "))
        return None


def person_name(problems: Problems, name: str, value: str | None) -> PersonName | None:
    """One person's name as "Family, Given" or "Given Family"; None when it cannot be read."""
    if value is None or not value.strip():
        problems.add(name, value, "must not be empty")
        return None
    if len(value) > MAX_NAME_LENGTH:
        problems.add(name, value, f"must be at most {MAX_NAME_LENGTH} characters")
        return None
    if not printable(problems, name, value):
        return None
    try:
        return parse_display_name(value)
    except AuthorLineError as error:
        problems.add(name, value, f"is not a name; {error.reason}")
        return None


def author_names(problems: Problems, values: Sequence[str]) -> list[PersonName]:
    """A paper's authors in order: at least one, each a readable name."""
    if not values:
        problems.add("authors", list(values), "must list at least one author")
    people = [person_name(problems, f"authors[{i}]", value) for i, value in enumerate(values)]
    return [person for person in people if person is not None]
