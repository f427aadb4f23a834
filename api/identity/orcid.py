"""ORCID iDs: normalized to ``0000-0002-1825-0097`` and checked by their ISO 7064 11,2 digit."""

from __future__ import annotations

import re

from api.errors import InputError

_RESOLVER = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_GROUPED = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_COMPACT = re.compile(r"\d{15}[\dX]")


def check_digit(base_digits: str) -> str:
    """The ISO 7064 11,2 check character of the first fifteen digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(value: str, *, field: str = "orcid") -> str:
    """The canonical form of an ORCID iD, after checking it.

    Accepts the iD alone (``0000-0002-1825-0097``, with or without hyphens, ``x`` for ``X``)
    or as its URL (``https://orcid.org/0000-0002-1825-0097``).

    Args:
        value: The iD as given.
        field: The field it was given in, named in errors.

    Returns:
        The iD as four hyphenated groups, e.g. ``0000-0002-1825-0097``.

    Raises:
        InputError: The value is not shaped like an ORCID iD, or its check digit is wrong.
    """
    text = _RESOLVER.sub("", value.strip()).upper()
    if not (_GROUPED.fullmatch(text) or _COMPACT.fullmatch(text)):
        raise InputError(
            f"'{field}' {value!r} is not an ORCID iD: expected 16 digits (the last may be X) "
            "as 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097",
            field=field,
            value=value,
        )
    digits = text.replace("-", "")
    expected = check_digit(digits[:15])
    if digits[15] != expected:
        raise InputError(
            f"'{field}' {value!r} is not a valid ORCID iD: its check digit is {digits[15]}, "
            f"the first fifteen digits give {expected}",
            field=field,
            value=value,
        )
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
