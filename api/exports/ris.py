"""RIS export, the tagged format reference managers (EndNote, Zotero, Mendeley) import."""

from __future__ import annotations

from collections.abc import Sequence

from api.exports.keys import citation_keys
from api.exports.kinds import Kind, kind_of
from api.reads.publications import Publication

_TYPES = {Kind.PROCEEDINGS: "CONF", Kind.JOURNAL: "JOUR", Kind.OTHER: "GEN"}


def _line(tag: str, value: str) -> str:
    # A value ends at the line's end, so line breaks inside it become spaces.
    return f"{tag}  - {' '.join(value.split())}\n"


def ris_record(publication: Publication, key: str) -> str:
    """One record, from ``TY`` to ``ER``.

    Args:
        publication: The paper and its authors.
        key: Its citation key, written as ``ID``.

    Returns:
        The record's lines, each ending in a newline.
    """
    paper = publication.paper
    lines = [_line("TY", _TYPES[kind_of(paper.venue)]), _line("ID", key)]
    for name in publication.authors:
        lines.append(_line("AU", f"{name.family}, {name.given}" if name.given else name.family))
    lines.append(_line("TI", paper.title))
    optional = [
        ("T2", paper.venue),
        ("PY", str(paper.year) if paper.year is not None else None),
        ("DO", paper.doi),
        ("UR", paper.url),
        ("AB", paper.abstract),
    ]
    lines.extend(_line(tag, value) for tag, value in optional if value)
    lines.append("ER  - \n")
    return "".join(lines)


def ris(publications: Sequence[Publication]) -> str:
    """A whole ``.ris`` file: records in the given order, separated by blank lines."""
    keys = citation_keys(publications)
    return "\n".join(
        ris_record(publication, key) for publication, key in zip(publications, keys, strict=True)
    )
