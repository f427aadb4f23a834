"""Keys, BibTeX, CSL-JSON, RIS and Atom on their own, each read back by the tools users run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import bibtexparser
import feedparser
import pytest
from bibtexparser import middlewares
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from api.exports.atom import FeedHead, atom_feed, stable_urn
from api.exports.bibtex import bibtex, bibtex_name
from api.exports.csl_json import csl_json
from api.exports.keys import base_key, citation_keys
from api.exports.ris import ris
from api.ingest.bibtex import latex_to_text, parse_bibtex
from api.reads.publications import AuthorName, Publication
from api.reads.records import PaperRecord

APA_LIKE = Path(__file__).resolve().parent / "fixtures" / "apa-like.csl"
UPDATED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def make_publication(
    *,
    id: int = 1,
    title: str = "Batch-Shaped Channel Gated Networks",
    authors: tuple[tuple[str, str], ...] = (("Welling", "Max"),),
    year: int | None = 2020,
    venue: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    abstract: str | None = None,
    updated_at: datetime | None = UPDATED,
) -> Publication:
    """A publication as the read layer hands it to the exports."""
    return Publication(
        paper=PaperRecord(
            id=id, title=title, abstract=abstract, year=year, venue=venue, doi=doi, url=url
        ),
        authors=tuple(AuthorName(family=family, given=given) for family, given in authors),
        updated_at=updated_at,
    )


TRICKY = [
    make_publication(
        id=1,
        title="Batch-Shaped Channel Gated Networks",
        authors=(("Bejnordi", "Babak Ehteshami"), ("Blankevoort", "Tijmen"), ("Welling", "Max")),
        venue="International Conference on Learning Representations",
        abstract="We reach 72.55% top-1 accuracy & more.",
    ),
    make_publication(
        id=2,
        title="Equivariant Flows: 100% {exact} likelihood_of $x$ & #symmetry ~ Köhler",
        authors=(("Köhler", "Jonas"), ("van den Berg", "Rianne"), ("Noé", "Frank")),
        year=2019,
        venue="Proceedings of the 37th International Conference on Machine Learning",
        doi="10.1109/iccv.2019.00141",
        url="https://example.org/paper?id=a_b&x=50%25",
    ),
    make_publication(
        id=3,
        title="pandas-dev/pandas: Pandas",
        authors=(("The pandas development team", ""), ("Barnes and Noble, Inc.", "")),
        year=None,
    ),
    make_publication(
        id=4,
        title="On Things",
        authors=(("von Neumann Jr.", "John"), ("Garcia de la Torre", "Fernando"), ("Plato", "")),
        year=2021,
        venue="Journal of Machine Learning Research",
    ),
]


def test_keys_are_family_year_first_word() -> None:
    assert [base_key(p) for p in TRICKY] == [
        "bejnordi2020batch",
        "kohler2019equivariant",
        "thepandasdevelopmentteam_nd_pandas",
        "vonneumannjr2021things",
    ]
    assert base_key(make_publication(title="The A of Ørsted", authors=())) == "anon2020orsted"
    assert base_key(make_publication(title="\u6df1\u5ea6\u5b66\u4e60")) == "welling2020paper"


def test_colliding_keys_get_suffixes_by_storage_order() -> None:
    later = make_publication(id=9, title="Batch Norm")
    earlier = make_publication(id=2, title="Batch Size")
    third = make_publication(id=5, title="Batch Effects")
    assert citation_keys([later, earlier, third]) == [
        "welling2020batch-3",
        "welling2020batch",
        "welling2020batch-2",
    ]
    assert citation_keys([third, later]) == ["welling2020batch", "welling2020batch-2"]


def test_bibtex_names_are_braced_where_bibtex_would_misread_them() -> None:
    assert bibtex_name(AuthorName("van den Berg", "Rianne")) == "van den Berg, Rianne"
    assert bibtex_name(AuthorName("The pandas team", "")) == "{The pandas team}"
    assert bibtex_name(AuthorName("Barnes and Noble", "Ann")) == "{Barnes and Noble}, Ann"
    assert bibtex_name(AuthorName("Garcia de la Torre", "F.")) == "{Garcia de la Torre}, F."
    assert bibtex_name(AuthorName("O'Neil & Co", "")) == r"{O'Neil \& Co}"


def _parsed_names(entry: bibtexparser.model.Entry) -> list[tuple[str, str]]:
    return [
        (
            latex_to_text(" ".join(name.von + name.last + name.jr)),
            latex_to_text(" ".join(name.first)),
        )
        for name in entry["author"]
    ]


def test_bibtex_round_trips_through_bibtexparser() -> None:
    text = bibtex(TRICKY)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            # Names are split before decoding, which would drop the braces that group them.
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    assert library.failed_blocks == []
    entries = library.entries
    assert [entry.key for entry in entries] == citation_keys(TRICKY)
    assert [entry["title"] for entry in entries] == [p.paper.title for p in TRICKY]
    assert [entry.fields_dict.get("year") for entry in entries][2] is None
    assert [int(entry["year"]) for entry in entries if "year" in entry] == [2020, 2019, 2021]
    assert [_parsed_names(entry) for entry in entries] == [
        [(name.family, name.given) for name in p.authors] for p in TRICKY
    ]
    assert [entry.entry_type for entry in entries] == [
        "inproceedings",
        "inproceedings",
        "misc",
        "article",
    ]
    # A URL is written as it is (LaTeX decoding would take its "%" for a comment).
    undecoded = bibtexparser.parse_string(text).entries[1]
    assert undecoded["url"] == "https://example.org/paper?id=a_b&x=50%25"


def test_bibtex_reimports_as_the_same_papers() -> None:
    papers = parse_bibtex(bibtex(TRICKY), source="export.bib")
    for paper, publication in zip(papers, TRICKY, strict=True):
        stored = publication.paper
        assert (paper.title, paper.year, paper.venue) == (stored.title, stored.year, stored.venue)
        assert (paper.doi, paper.url, paper.abstract) == (stored.doi, stored.url, stored.abstract)
        assert [(a.family, a.given) for a in paper.authors] == [
            (a.family, a.given) for a in publication.authors
        ]


def _apa(items: list[dict[str, object]]) -> list[str]:
    style = CitationStylesStyle(str(APA_LIKE), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(str(item["id"]))]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_renders_in_apa_style_with_citeproc() -> None:
    items = json.loads(csl_json(TRICKY))
    assert [item["type"] for item in items] == [
        "paper-conference",
        "paper-conference",
        "article",
        "article-journal",
    ]
    rendered = _apa(items)
    assert rendered[0] == (
        "Bejnordi, B. E., Blankevoort, T., & Welling, M. (2020). Batch-Shaped Channel Gated "
        "Networks. International Conference on Learning Representations."
    )
    assert rendered[1].startswith("Köhler, J., van den Berg, R., & Noé, F. (2019).")
    assert rendered[1].endswith("https://doi.org/10.1109/iccv.2019.00141")
    assert rendered[2].startswith("The pandas development team, & Barnes and Noble, Inc. (n.d.).")


def _ris_records(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        if not line:
            continue
        tag, separator, value = line.partition("  - ")
        assert separator and len(tag) == 2, line
        records[-1].append((tag, value))
        if tag == "ER":
            records.append([])
    return records[:-1]


def test_ris_records_are_well_formed() -> None:
    records = _ris_records(ris(TRICKY))
    assert len(records) == 4
    for record, publication in zip(records, TRICKY, strict=True):
        assert record[0][0] == "TY" and record[-1] == ("ER", "")
        authors = [value for tag, value in record if tag == "AU"]
        assert len(authors) == len(publication.authors)
        assert ("TI", publication.paper.title) in record
    assert [value for tag, value in records[0] if tag == "TY"] == ["CONF"]
    assert ("AU", "van den Berg, Rianne") in records[1]
    assert ("PY", "2019") in records[1] and ("DO", "10.1109/iccv.2019.00141") in records[1]


def _head(**changes: object) -> FeedHead:
    fields: dict[str, object] = {
        "id": stable_urn("authors/max-welling/publications"),
        "title": "Publications of Max Welling",
        "author": "Max Welling",
        "self_url": "http://localhost/authors/max-welling/publications.atom",
        "updated": datetime(2026, 1, 1, tzinfo=UTC),
    }
    fields.update(changes)
    return FeedHead(**fields)  # type: ignore[arg-type]


def test_atom_feed_is_valid_and_parses_with_feedparser() -> None:
    naive = datetime(2026, 11, 28, 8, 0)  # SQLite hands timestamps back without a zone
    publications = [*TRICKY[:2], make_publication(id=7, title="Late \x0bfix", updated_at=naive)]
    feed = feedparser.parse(atom_feed(publications, _head()))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Publications of Max Welling"
    assert feed.feed.updated == "2026-11-28T08:00:00Z"
    assert [entry.title for entry in feed.entries] == [
        TRICKY[0].paper.title,
        TRICKY[1].paper.title,
        "Late fix",
    ]
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == 3 and all(entry_id.startswith("urn:uuid:") for entry_id in ids)
    assert ids == [e.id for e in feedparser.parse(atom_feed(publications, _head())).entries]
    assert [author.name for author in feed.entries[1].authors] == [
        "Jonas Köhler",
        "Rianne van den Berg",
        "Frank Noé",
    ]
    assert feed.entries[1].link == "https://doi.org/10.1109/iccv.2019.00141"
    assert feed.entries[0].content[0].value == "We reach 72.55% top-1 accuracy & more."


def test_an_empty_feed_is_still_valid() -> None:
    feed = feedparser.parse(atom_feed([], _head()))
    assert feed.bozo == 0
    assert feed.entries == []
    assert feed.feed.updated == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize("render", [bibtex, csl_json, ris])
def test_an_empty_list_renders_to_an_empty_document(render: object) -> None:
    assert callable(render)
    assert render([]) in {"", "[]\n"}
