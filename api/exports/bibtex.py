"""BibTeX export: one entry per paper, UTF-8, LaTeX's special characters escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from api.exports.keys import citation_keys
from api.exports.kinds import Kind, kind_of
from api.reads.publications import AuthorName, Publication

_ENTRY_TYPES = {Kind.PROCEEDINGS: "inproceedings", Kind.JOURNAL: "article", Kind.OTHER: "misc"}
_VENUE_FIELDS = {Kind.PROCEEDINGS: "booktitle", Kind.JOURNAL: "journal"}
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in _SPECIALS))
# Braces would unbalance the field and a backslash start a macro; nothing else in a URL matters.
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_AND = re.compile(r"\band\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Text as LaTeX reads it back: ``50% & more`` becomes ``50\\% \\& more``."""
    return _SPECIAL.sub(lambda found: _SPECIALS[found.group(0)], " ".join(text.split()))


def bibtex_name(name: AuthorName) -> str:
    """One name in BibTeX's "von Last, First" form, braced where BibTeX would misread it.

    A family name alone (an organisation) is braced whole when it has several words, so BibTeX
    keeps "The pandas development team" as one name; so is a family name containing "and", a
    comma, or a lower-case word after a capitalised one.
    """
    family = escape(name.family)
    words = family.split()
    needs_braces = (
        "," in family
        or _AND.search(family) is not None
        or (not name.given and len(words) > 1)
        # "Garcia de la Torre": BibTeX would take "de la" for a von part and reorder the name.
        or (bool(words) and words[0][:1].isupper() and any(w[:1].islower() for w in words[1:]))
    )
    if needs_braces:
        family = f"{{{family}}}"
    return f"{family}, {escape(name.given)}" if name.given else family


def bibtex_entry(publication: Publication, key: str) -> str:
    """One entry, fields in a fixed order, ending in a newline.

    Args:
        publication: The paper and its authors.
        key: Its citation key.

    Returns:
        E.g. ``@inproceedings{bejnordi2020batch,\\n  author = {...},\\n ... }``.
    """
    paper = publication.paper
    kind = kind_of(paper.venue)
    fields = [
        ("author", " and ".join(bibtex_name(name) for name in publication.authors)),
        ("title", escape(paper.title)),
    ]
    if paper.venue and kind in _VENUE_FIELDS:
        fields.append((_VENUE_FIELDS[kind], escape(paper.venue)))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if paper.doi:
        fields.append(("doi", _url_safe(paper.doi)))
    if paper.url:
        fields.append(("url", _url_safe(paper.url)))
    if paper.abstract:
        fields.append(("abstract", escape(paper.abstract)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{_ENTRY_TYPES[kind]}{{{key},\n{body}}}\n"


def _url_safe(value: str) -> str:
    return "".join(_URL_UNSAFE.get(char, char) for char in value)


def bibtex(publications: Sequence[Publication]) -> str:
    """A whole ``.bib`` file: entries in the given order, separated by blank lines."""
    keys = citation_keys(publications)
    return "\n".join(
        bibtex_entry(publication, key) for publication, key in zip(publications, keys, strict=True)
    )
