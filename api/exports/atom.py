"""Atom feed (RFC 4287) of a publication list, so feed readers follow an author's new papers."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from api.reads.publications import AuthorName, Publication

ATOM = "http://www.w3.org/2005/Atom"
# Every id this module mints is a name-based UUID under this namespace, so it never changes.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:papergraph:atom")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedHead:
    """What a feed says about itself."""

    id: str
    title: str
    author: str
    self_url: str
    updated: datetime


def stable_urn(name: str) -> str:
    """A ``urn:uuid:`` id derived from ``name``: the same name always gives the same id."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def _timestamp(moment: datetime) -> str:
    # SQLite hands back naive timestamps; every stored time is UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _display(name: AuthorName) -> str:
    return f"{name.given} {name.family}" if name.given else name.family


def citation_line(publication: Publication) -> str:
    """A one-line reference: "Authors (Year). Title. Venue." for entries without an abstract."""
    paper = publication.paper
    authors = ", ".join(_display(name) for name in publication.authors)
    year = f" ({paper.year})" if paper.year is not None else ""
    venue = f" {paper.venue}." if paper.venue else ""
    return f"{authors}{year}. {paper.title}.{venue}"


def _entry(feed: ET.Element, publication: Publication, fallback_updated: datetime) -> None:
    paper = publication.paper
    entry = _add(feed, "entry")
    _add(entry, "id", stable_urn(f"paper:{paper.id}"))
    _add(entry, "title", paper.title, type="text")
    _add(entry, "updated", _timestamp(publication.updated_at or fallback_updated))
    for name in publication.authors:
        _add(_add(entry, "author"), "name", _display(name))
    link = f"https://doi.org/{paper.doi}" if paper.doi else paper.url
    if link:
        _add(entry, "link", rel="alternate", href=link)
    # An entry needs content or an alternate link; it always gets content, the abstract if any.
    _add(entry, "content", paper.abstract or citation_line(publication), type="text")
    if paper.venue:
        _add(entry, "category", term=paper.venue)


def atom_feed(publications: Sequence[Publication], head: FeedHead) -> str:
    """The feed document, entries in the given order (newest first by the exports' order).

    Args:
        publications: The feed's papers.
        head: The feed's id, title, author, own URL and a fallback ``updated``.

    Returns:
        UTF-8 XML text with its declaration. The feed's ``updated`` is the latest of its
        entries' (each paper's last change), or ``head.updated`` when it has none.
    """
    times = [p.updated_at for p in publications if p.updated_at is not None]
    updated = max(times, key=lambda moment: _timestamp(moment), default=head.updated)
    # The namespace is declared as a plain attribute: ElementTree's default_namespace option
    # refuses attributes without a namespace, which is every attribute Atom has.
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "id", head.id)
    _add(feed, "title", head.title, type="text")
    _add(feed, "updated", _timestamp(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=head.self_url)
    _add(_add(feed, "author"), "name", head.author)
    _add(feed, "generator", "Papergraph")
    for publication in publications:
        _entry(feed, publication, head.updated)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
