"""createAuthor and updateAuthor: names matched as imports match them, ORCID iDs checked."""

from __future__ import annotations

from sqlalchemy import Engine

from api.graphql.ids import to_global_id
from api.ingest.service import import_papers, parse_files
from tests.conftest import SEED_FILE
from tests.support.curators import Curator, data_version, field_problems, issue_key
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL
from tests.support.mutations import AUTHOR_BY_SLUG, CREATE_AUTHOR, MERGE_AUTHORS, UPDATE_AUTHOR

NOT_A_NAME = (
    "is not a name; expected a name as 'Given Family', 'Family, Given' or 'Family, Jr., Given'"
)
BAD_CHECK_DIGIT = "is not a valid ORCID iD: its check digit is 8, the first fifteen digits give 7"


def test_create_author_and_what_it_refuses(graphql: GraphQL, seeded_engine: Engine) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    version = data_version(seeded_engine)
    payload = api.data(
        CREATE_AUTHOR,
        input={
            "name": "Berg, Anna van den",
            "orcid": "https://orcid.org/0000-0002-1694-233x",
            "clientMutationId": "a",
        },
    )["createAuthor"]
    author = payload["author"]
    assert payload["clientMutationId"] == "a"
    assert {key: value for key, value in author.items() if key != "id"} == {
        "slug": "anna-van-den-berg",
        "name": "Anna van den Berg",
        "givenName": "Anna",
        "familyName": "van den Berg",
        "orcid": "0000-0002-1694-233X",
        "paperCount": 0,
    }
    assert data_version(seeded_engine) == version + 1
    assert graphql.data(AUTHOR_BY_SLUG, slug="anna-van-den-berg")["author"] == author
    # Refused: a taken name or ORCID iD, a name that is no name, an iD with a wrong check digit.
    api.data(CREATE_AUTHOR, input={"name": "Doe, Jane", "orcid": "0000-0002-1825-0097"})
    taken_name = "author 'max-welling' has this name already; merge the two instead"
    cases = [
        ({"name": "WELLING, Max"}, [("input.name", "WELLING, Max", taken_name)]),
        ({"name": " "}, [("input.name", " ", "must not be empty")]),
        ({"name": "a, b, c, d"}, [("input.name", "a, b, c, d", NOT_A_NAME)]),
        ({"name": "x" * 151}, [("input.name", "x" * 151, "must be at most 150 characters")]),
        (
            {"name": "Roe, Richard", "orcid": "0000-0002-1825-0098"},
            [("input.orcid", "0000-0002-1825-0098", BAD_CHECK_DIGIT)],
        ),
        (
            {"name": "Roe, Richard", "orcid": "1234"},
            [
                (
                    "input.orcid",
                    "1234",
                    "is not an ORCID iD: expected 16 digits (the last may be X) as "
                    "0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097",
                )
            ],
        ),
        (
            {"name": "Roe, Richard", "orcid": "0000000218250097"},
            [("input.orcid", "0000000218250097", "belongs to author 'jane-doe' already")],
        ),
    ]
    for variables, expected in cases:
        assert field_problems(api, seeded_engine, CREATE_AUTHOR, input=variables) == expected


def test_update_author_keeps_the_slug_and_refuses_bad_input(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    welling = graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["id"]
    version = data_version(seeded_engine)
    renamed = api.data(
        UPDATE_AUTHOR,
        input={"id": welling, "name": "Welling, Max M.", "orcid": "0000-0002-1825-0097"},
    )["updateAuthor"]["author"]
    assert (renamed["slug"], renamed["name"], renamed["orcid"], renamed["paperCount"]) == (
        "max-welling",
        "Max M. Welling",
        "0000-0002-1825-0097",
        10,
    )
    assert data_version(seeded_engine) == version + 1
    cleared = api.data(UPDATE_AUTHOR, input={"id": welling, "orcid": None})
    assert cleared["updateAuthor"]["author"]["orcid"] is None
    assert cleared["updateAuthor"]["author"]["name"] == "Max M. Welling"
    assert data_version(seeded_engine) == version + 2
    # Refused: an unknown author, no name, a name another author has, a wrong check digit.
    ghost = to_global_id("Author", 4242)
    cases = [
        ({"id": ghost, "name": "X Y"}, [("input.id", ghost, "no author has this ID")]),
        ({"id": welling, "name": None}, [("input.name", None, "must not be empty")]),
        (
            {"id": welling, "name": "Akata, Zeynep"},
            [
                (
                    "input.name",
                    "Akata, Zeynep",
                    "author 'zeynep-akata' has this name already; merge the two instead",
                )
            ],
        ),
        (
            {"id": welling, "orcid": "0000-0002-1825-0098"},
            [("input.orcid", "0000-0002-1825-0098", BAD_CHECK_DIGIT)],
        ),
    ]
    for variables, expected in cases:
        assert field_problems(api, seeded_engine, UPDATE_AUTHOR, input=variables) == expected


def test_a_renamed_author_is_still_found_by_the_old_name(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    welling = graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["id"]
    api.data(UPDATE_AUTHOR, input={"id": welling, "name": "Welling, Max M."})
    # The seed spells him "Welling, Max": still him, not a new author.
    again = import_papers(seeded_engine, parse_files([SEED_FILE]))
    assert (again.authors_new, again.papers_updated) == (0, 0)
    assert graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["paperCount"] == 10
    suggestions = graphql.data('{ authors(filter: {nameContains: "max m"}) { nodes { slug } } }')
    assert suggestions["authors"]["nodes"] == [{"slug": "max-welling"}]


def test_merge_authors_as_the_command_line_does_and_refuses(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    import_papers(seeded_engine, [make_paper(title="An Initial Paper", authors="Welling, M.")])
    keep = graphql.data(AUTHOR_BY_SLUG, slug="max-welling")["author"]["id"]
    drop = graphql.data(AUTHOR_BY_SLUG, slug="m-welling")["author"]["id"]
    version = data_version(seeded_engine)

    merged = api.data(MERGE_AUTHORS, input={"keep": keep, "drop": drop, "clientMutationId": "m"})
    payload = merged["mergeAuthors"]
    assert (payload["clientMutationId"], payload["droppedAuthorId"], payload["papersMoved"]) == (
        "m",
        drop,
        1,
    )
    assert (payload["author"]["slug"], payload["author"]["paperCount"]) == ("max-welling", 11)
    assert data_version(seeded_engine) == version + 1
    # The merged spelling now leads to the author kept.
    problems = field_problems(api, seeded_engine, CREATE_AUTHOR, input={"name": "Welling, M."})
    assert problems == [
        (
            "input.name",
            "Welling, M.",
            "author 'max-welling' has this name already; merge the two instead",
        )
    ]
    # Refused as the command line refuses, or before: an ID that is not an author's.
    paper = to_global_id("Paper", 1)
    cases = [
        (
            {"keep": keep, "drop": keep},
            [("input.drop", keep, "cannot merge 'max-welling' into itself")],
        ),
        (
            {"keep": keep, "drop": paper},
            [("input.drop", paper, "is not an Author ID from this API")],
        ),
    ]
    for variables, expected in cases:
        assert field_problems(api, seeded_engine, MERGE_AUTHORS, input=variables) == expected
