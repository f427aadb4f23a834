"""CSL-JSON export, the format citeproc processors and Zotero read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from api.exports.keys import citation_keys
from api.exports.kinds import Kind, kind_of
from api.reads.publications import AuthorName, Publication

_TYPES = {
    Kind.PROCEEDINGS: "paper-conference",
    Kind.JOURNAL: "article-journal",
    Kind.OTHER: "article",
}


def csl_name(name: AuthorName) -> dict[str, str]:
    """A CSL name: family and given, or a literal for an organisation (no given name)."""
    if not name.given:
        return {"literal": name.family}
    return {"family": name.family, "given": name.given}


def csl_item(publication: Publication, key: str) -> dict[str, Any]:
    """One CSL-JSON item; fields the paper lacks are left out.

    Args:
        publication: The paper and its authors.
        key: Its citation key, used as the item's ``id``.

    Returns:
        A JSON-ready mapping.
    """
    paper = publication.paper
    item: dict[str, Any] = {
        "id": key,
        "type": _TYPES[kind_of(paper.venue)],
        "title": paper.title,
        "author": [csl_name(name) for name in publication.authors],
    }
    if paper.year is not None:
        item["issued"] = {"date-parts": [[paper.year]]}
    optional = {
        "container-title": paper.venue,
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
    }
    item.update((name, value) for name, value in optional.items() if value)
    return item


def csl_items(publications: Sequence[Publication]) -> list[dict[str, Any]]:
    """Items for a whole list, with keys unique within it."""
    keys = citation_keys(publications)
    return [csl_item(publication, key) for publication, key in zip(publications, keys, strict=True)]


def csl_json(publications: Sequence[Publication]) -> str:
    """A CSL-JSON document: an array of items, indented, UTF-8 text, ending in a newline."""
    return json.dumps(csl_items(publications), ensure_ascii=False, indent=2) + "\n"
