"""importPublications: the importer's rules through the API, all or nothing, with a summary."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.support.curators import (
    Curator,
    data_snapshot,
    data_version,
    field_problems,
    issue_key,
)
from tests.support.graphql_client import GraphQL
from tests.support.mutations import IMPORT_PUBLICATIONS, PAPER_ID_BY_TITLE
from tests.support.portal_texts import TWO_PAPERS
from tests.support.snapshots import snapshot

BIBTEX = """@article{doe2024,
  title   = {A Study of {BibTeX} Imports},
  author  = {Doe, Jane and Welling, Max},
  journal = {Journal of Tests},
  year    = {2024},
  doi     = {10.5555/bib.2024},
}
"""


def summary(
    new: int, updated: int, unchanged: int, authors_new: int, reused: int, *, dry_run: bool = False
) -> dict[str, object]:
    return {
        "papersNew": new,
        "papersUpdated": updated,
        "papersUnchanged": unchanged,
        "authorsNew": authors_new,
        "authorsReused": reused,
        "dryRun": dry_run,
    }


def test_a_dry_run_then_an_import_then_nothing_more_to_do(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    before = snapshot(seeded_engine)
    dry = api.data(IMPORT_PUBLICATIONS, format="PORTAL", text=TWO_PAPERS, dryRun=True)
    assert dry["importPublications"] == summary(2, 0, 0, 0, 3, dry_run=True)
    assert snapshot(seeded_engine) == before

    version = data_version(seeded_engine)
    first = api.data(IMPORT_PUBLICATIONS, format="PORTAL", text=TWO_PAPERS)
    # Max Welling is the seed's; Jonas Köhler and Rianne van den Berg are too.
    assert first["importPublications"] == summary(2, 0, 0, 0, 3)
    assert data_version(seeded_engine) == version + 1
    titles = graphql.data(PAPER_ID_BY_TITLE, title="Paper")["papers"]["nodes"]
    assert {node["title"] for node in titles} >= {"First Paper: On Things", "Second Paper"}

    before = data_snapshot(seeded_engine)
    again = api.data(IMPORT_PUBLICATIONS, format="PORTAL", text=TWO_PAPERS)
    assert again["importPublications"] == summary(0, 0, 2, 0, 3)
    assert data_snapshot(seeded_engine) == before


def test_bibtex_is_imported_with_its_details(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    result = api.data(IMPORT_PUBLICATIONS, format="BIBTEX", text=BIBTEX)
    assert result["importPublications"] == summary(1, 0, 0, 1, 1)
    query = '{ papers(filter: {venue: "Journal of Tests"}) { nodes { title year doi } } }'
    assert graphql.data(query)["papers"]["nodes"] == [
        {"title": "A Study of BibTeX Imports", "year": 2024, "doi": "10.5555/bib.2024"}
    ]


def test_unreadable_text_is_refused_with_its_line(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    broken_listing = TWO_PAPERS + "A Third Paper\nWelling, Max, Kingma\n"
    broken_bibtex = (
        BIBTEX + "@article{bad,\n  title = {X},\n  author = {Doe, Jane},\n  year = {20x4},\n}\n"
    )
    cases = [
        (
            "PORTAL",
            broken_listing,
            [
                (
                    "text",
                    "Welling, Max, Kingma",
                    "line 10: authors line has 3 comma-separated parts; "
                    "expected 'Family, Given' pairs: 'Welling, Max, Kingma'",
                )
            ],
        ),
        (
            "BIBTEX",
            broken_bibtex,
            [
                (
                    "text",
                    "year = {20x4},",
                    "line 11: entry bad: year '20x4' is not a four-digit year",
                )
            ],
        ),
        ("PORTAL", "  \n", [("text", "  \n", "must not be empty")]),
    ]
    for source_format, text, expected in cases:
        problems = field_problems(
            api, seeded_engine, IMPORT_PUBLICATIONS, format=source_format, text=text
        )
        assert problems == expected, source_format
