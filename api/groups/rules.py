"""What a group and a membership must look like; every check names the field it is about."""

from __future__ import annotations

import re
from collections.abc import Iterable

from api.errors import InputError

MIN_YEAR = 1800
MAX_YEAR = 2100
DEFAULT_ROLE = "member"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_SLUG = 100
_MAX_NAME = 200
_MAX_ROLE = 100
_MAX_URL = 2_000
_MAX_DESCRIPTION = 5_000


def checked_slug(slug: str, *, field: str = "slug") -> str:
    """A group slug: lowercase letters and digits in words joined by single hyphens."""
    if not _SLUG.fullmatch(slug) or len(slug) > _MAX_SLUG:
        raise InputError(
            f"slug {slug[:120]!r} is not valid: use lowercase letters, digits and single "
            f"hyphens, at most {_MAX_SLUG} characters (e.g. 'amlab')",
            field=field,
        )
    return slug


def _checked_text(value: str, *, field: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InputError(f"{field} must not be empty", field=field)
    if len(text) > limit:
        raise InputError(f"{field} is {len(text)} characters; at most {limit}", field=field)
    return text


def checked_name(name: str) -> str:
    """A display name: not blank, at most 200 characters."""
    return _checked_text(name, field="name", limit=_MAX_NAME)


def checked_role(role: str) -> str:
    """A role such as "member", "PhD student" or "PI"."""
    return _checked_text(role, field="role", limit=_MAX_ROLE)


def checked_url(url: str | None) -> str | None:
    """An http(s) address, or None."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", url) or len(url) > _MAX_URL:
        raise InputError(
            f"url {url[:120]!r} is not valid: give an http:// or https:// address", field="url"
        )
    return url


def checked_description(description: str | None) -> str | None:
    """Free text about the group, or None."""
    if description is None or not description.strip():
        return None
    return _checked_text(description, field="description", limit=_MAX_DESCRIPTION)


def checked_period(start_year: int, end_year: int | None) -> tuple[int, int | None]:
    """A membership period; ``end_year`` None means the author is a member now."""
    for field, year in (("startYear", start_year), ("endYear", end_year)):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise InputError(
                f"{field} must be a year between {MIN_YEAR} and {MAX_YEAR}, got {year}",
                field=field,
            )
    if end_year is not None and end_year < start_year:
        raise InputError(
            f"the membership ends ({end_year}) before it starts ({start_year})", field="endYear"
        )
    return start_year, end_year


def describe_period(start_year: int, end_year: int | None) -> str:
    """E.g. "2015-2020" with an en dash, or "2015-present" for a current membership."""
    return f"{start_year}\u2013{'present' if end_year is None else end_year}"


def overlapping(
    period: tuple[int, int | None], others: Iterable[tuple[int, int | None]]
) -> tuple[int, int | None] | None:
    """The first of ``others`` sharing a year with ``period``, or None."""
    start, end = period
    for other_start, other_end in others:
        starts_before_other_ends = other_end is None or start <= other_end
        other_starts_before_end = end is None or other_start <= end
        if starts_before_other_ends and other_starts_before_end:
            return other_start, other_end
    return None
