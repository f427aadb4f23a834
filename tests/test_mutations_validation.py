"""Bad input to paper mutations: every bad field named with its value and why; nothing written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from api.graphql.ids import to_global_id
from api.writes.validation import latest_year
from tests.support.curators import Curator, field_problems, issue_key, refused
from tests.support.graphql_client import GraphQL
from tests.support.mutations import (
    AUTHOR_BY_SLUG,
    CREATE_PAPER,
    PAPER_ID_BY_TITLE,
    SET_PAPER_AUTHORS,
    UPDATE_PAPER,
)

GATED = "Batch-Shaped Channel Gated Networks"
VALID = {"title": "A Valid Paper", "authors": ["Doe, Jane"]}
NOT_A_NAME = (
    "is not a name; expected a name as 'Given Family', 'Family, Given' or 'Family, Jr., Given'"
)
BAD_URL = "must be an http or https URL with a host"
NOT_A_DOI = "is not a DOI; expected the form 10.1234/suffix"


def bad_paper_inputs(year_after: int) -> list[tuple[dict[str, Any], list[tuple[str, Any, str]]]]:
    """Inputs to createPaper, each valid but for what the expected problems name."""
    return [
        ({"title": ""}, [("input.title", "", "must not be empty")]),
        ({"title": "   "}, [("input.title", "   ", "must not be empty")]),
        (
            {"title": "x" * 1000},
            [("input.title", "x" * 1000, "must be under 1,000 characters; this one has 1,000")],
        ),
        ({"year": 999}, [("input.year", 999, f"must be from 1000 to {year_after - 1}")]),
        (
            {"year": year_after},
            [("input.year", year_after, f"must be from 1000 to {year_after - 1}")],
        ),
        ({"doi": "10.12/abc"}, [("input.doi", "10.12/abc", NOT_A_DOI)]),
        ({"doi": "not a doi"}, [("input.doi", "not a doi", NOT_A_DOI)]),
        ({"url": "ftp://example.org/a"}, [("input.url", "ftp://example.org/a", BAD_URL)]),
        ({"url": "javascript:alert(1)"}, [("input.url", "javascript:alert(1)", BAD_URL)]),
        ({"url": "https://"}, [("input.url", "https://", BAD_URL)]),
        ({"url": "example.org/paper"}, [("input.url", "example.org/paper", BAD_URL)]),
        (
            {"title": "Null\x00Title"},
            [
                (
                    "input.title",
                    "Null\x00Title",
                    "must not contain control characters (found U+0000)",
                )
            ],
        ),
        (
            {"venue": "Two\nLines", "abstract": "Line breaks\n\tare fine here."},
            [("input.venue", "Two\nLines", "must not contain control characters (found U+000A)")],
        ),
        ({"authors": []}, [("input.authors", [], "must list at least one author")]),
        (
            {"authors": ["Doe, Jane", "Roe, Richard, Jr., Extra"]},
            [("input.authors[1]", "Roe, Richard, Jr., Extra", NOT_A_NAME)],
        ),
        (
            {"title": GATED, "authors": ["Bejnordi, Babak Ehteshami"]},
            [
                (
                    "input.title",
                    GATED,
                    f"another paper has the same title and first author: '{GATED}'",
                )
            ],
        ),
        (
            {"title": "", "year": 3, "url": "mailto:x@example.org", "authors": [","]},
            [
                ("input.title", "", "must not be empty"),
                ("input.year", 3, f"must be from 1000 to {year_after - 1}"),
                ("input.url", "mailto:x@example.org", BAD_URL),
                ("input.authors[0]", ",", NOT_A_NAME),
            ],
        ),
    ]


def test_create_paper_refuses_each_bad_field(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    for changes, expected in bad_paper_inputs(latest_year() + 1):
        problems = field_problems(api, seeded_engine, CREATE_PAPER, input={**VALID, **changes})
        assert problems == expected, changes
    # The message names every field and value too, for clients that only show messages.
    error = refused(
        api, seeded_engine, CREATE_PAPER, input={"title": " ", "year": 99, "authors": []}
    )
    assert error["message"] == (
        f'input.title = " ": must not be empty; '
        f"input.year = 99: must be from 1000 to {latest_year()}; "
        f"input.authors = []: must list at least one author"
    )
    assert error["extensions"]["field"] == "input.title"
    assert error["path"] == ["createPaper"]


def test_a_doi_another_paper_has_is_refused(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    api.data(CREATE_PAPER, input={**VALID, "doi": "10.5555/taken"})
    taken = [("input.doi", "10.5555/taken", "belongs to another paper already: 'A Valid Paper'")]
    other = {"title": "Another Paper", "authors": ["Roe, Richard"]}
    # Any spelling of the same DOI is the same DOI.
    for spelling in ("10.5555/TAKEN", "https://doi.org/10.5555/taken", "doi:10.5555/taken"):
        problems = field_problems(
            api, seeded_engine, CREATE_PAPER, input={**other, "doi": spelling}
        )
        assert [(field, message) for field, _, message in problems] == [
            (field, message) for field, _, message in taken
        ]
    gated = graphql.data(PAPER_ID_BY_TITLE, title=GATED)["papers"]["nodes"][0]["id"]
    problems = field_problems(
        api, seeded_engine, UPDATE_PAPER, input={"id": gated, "doi": "10.5555/taken"}
    )
    assert problems == taken


def test_update_paper_refuses_bad_ids_and_fields(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    gated = graphql.data(PAPER_ID_BY_TITLE, title=GATED)["papers"]["nodes"][0]["id"]
    welling = graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["id"]
    unknown = to_global_id("Paper", 9999)
    huge = to_global_id("Paper", 2**40)
    cases: list[tuple[dict[str, Any], list[tuple[str, Any, str]]]] = [
        ({"id": unknown, "title": "X"}, [("input.id", unknown, "no paper has this ID")]),
        ({"id": huge, "title": "X"}, [("input.id", huge, "no paper has this ID")]),
        ({"id": "nope", "title": "X"}, [("input.id", "nope", "is not a Paper ID from this API")]),
        ({"id": welling, "title": "X"}, [("input.id", welling, "is not a Paper ID from this API")]),
        ({"id": gated, "title": None}, [("input.title", None, "must not be empty")]),
        (
            {"id": gated, "year": 1, "url": "file:///etc/passwd"},
            [
                ("input.year", 1, f"must be from 1000 to {latest_year()}"),
                ("input.url", "file:///etc/passwd", BAD_URL),
            ],
        ),
    ]
    for variables, expected in cases:
        assert field_problems(api, seeded_engine, UPDATE_PAPER, input=variables) == expected


def test_set_paper_authors_refuses_bad_lists(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    gated = graphql.data(PAPER_ID_BY_TITLE, title=GATED)["papers"]["nodes"][0]["id"]
    welling = graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["id"]
    ghost = to_global_id("Author", 9999)
    cases: list[tuple[list[dict[str, str]], list[tuple[str, Any, str]]]] = [
        ([], [("input.authors", [], "must list at least one author")]),
        (
            [{"id": welling}, {"id": ghost}],
            [("input.authors[1].id", ghost, "no author has this ID")],
        ),
        ([{"name": "a, b, c, d"}], [("input.authors[0].name", "a, b, c, d", NOT_A_NAME)]),
        (
            [{"id": welling}, {"name": "welling, max"}],
            [("input.authors[1]", "welling, max", "is the same author as authors[0]")],
        ),
        (
            [{"id": gated}],
            [("input.authors[0].id", gated, "is not an Author ID from this API")],
        ),
    ]
    for authors, expected in cases:
        problems = field_problems(
            api, seeded_engine, SET_PAPER_AUTHORS, input={"paperId": gated, "authors": authors}
        )
        assert problems == expected, authors
    # An entry must be an ID or a name, not both: GraphQL's @oneOf refuses it before it runs.
    error = refused(
        api,
        seeded_engine,
        SET_PAPER_AUTHORS,
        input={"paperId": gated, "authors": [{"id": welling, "name": "Welling, Max"}]},
    )
    assert "exactly one key" in error["message"]
