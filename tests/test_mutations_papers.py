"""createPaper, updatePaper, deletePaper, setPaperAuthors: what they write, what reads see."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from api.ingest.service import import_papers
from api.models import Authorship
from tests.support.curators import Curator, data_version, issue_key
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL
from tests.support.mutations import (
    AUTHOR_BY_SLUG,
    CREATE_PAPER,
    DELETE_PAPER,
    PAPER_ID_BY_TITLE,
    SET_PAPER_AUTHORS,
    UPDATE_PAPER,
)

GATED = "Batch-Shaped Channel Gated Networks"


def curator(graphql: GraphQL, engine: Engine) -> Curator:
    return Curator.with_key(graphql, issue_key(engine))


def paper_id(graphql: GraphQL, title: str) -> str:
    nodes = graphql.data(PAPER_ID_BY_TITLE, title=title)["papers"]["nodes"]
    assert [node["title"] for node in nodes] == [title]
    identifier: str = nodes[0]["id"]
    return identifier


def paper_count(graphql: GraphQL, slug: str) -> int | None:
    author = graphql.data(AUTHOR_BY_SLUG, slug=slug)["author"]
    return None if author is None else int(author["paperCount"])


def create(api: Curator, **fields: Any) -> dict[str, Any]:
    paper: dict[str, Any] = api.data(CREATE_PAPER, input=fields)["createPaper"]["paper"]
    return paper


def test_create_paper_matches_stored_authors_and_is_read_back(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = curator(graphql, seeded_engine)
    version = data_version(seeded_engine)
    payload = api.data(
        CREATE_PAPER,
        input={
            "title": "  Equivariant Things  ",
            "abstract": "We study things.",
            "year": 2024,
            "venue": "NeurIPS",
            "doi": "https://doi.org/10.5555/ABC.123",
            "url": "https://example.org/things",
            "authors": ["WELLING, Max", "Jane Doe"],
            "clientMutationId": "c-1",
        },
    )["createPaper"]
    assert payload["clientMutationId"] == "c-1"
    paper = payload["paper"]
    assert {key: paper[key] for key in ("title", "year", "venue", "doi", "url")} == {
        "title": "Equivariant Things",
        "year": 2024,
        "venue": "NeurIPS",
        "doi": "10.5555/abc.123",
        "url": "https://example.org/things",
    }
    # "WELLING, Max" is the stored Max Welling, as an import would match him.
    assert paper["authors"] == [
        {"name": "Max Welling", "slug": "max-welling", "paperCount": 11},
        {"name": "Jane Doe", "slug": "jane-doe", "paperCount": 1},
    ]
    assert data_version(seeded_engine) == version + 1
    node = "query ($id: ID!) { node(id: $id) { ... on Paper { title } } }"
    assert graphql.data(node, id=paper["id"]) == {"node": {"title": "Equivariant Things"}}
    assert paper_count(graphql, "max-welling") == 11
    # The same paper in a listing later is this paper, as it would be between two imports.
    listed = make_paper(title="Equivariant things", authors="Welling, Max, Doe, Jane")
    summary = import_papers(seeded_engine, [listed])
    assert (summary.papers_new, summary.authors_new) == (0, 0)


def test_update_paper_sets_given_fields_clears_nulls_and_keeps_the_rest(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = curator(graphql, seeded_engine)
    created = create(
        api, title="Draft Title", year=2023, venue="arXiv", abstract="Kept.", authors=["Doe, Jane"]
    )
    version = data_version(seeded_engine)
    updated = api.data(
        UPDATE_PAPER,
        input={"id": created["id"], "title": "Final Title", "venue": None, "year": 2024},
    )["updatePaper"]["paper"]
    assert (updated["title"], updated["venue"], updated["year"], updated["abstract"]) == (
        "Final Title",
        None,
        2024,
        "Kept.",
    )
    assert data_version(seeded_engine) == version + 1
    assert paper_id(graphql, "Final Title") == created["id"]
    # The same values again change nothing, so caches keep their copies.
    api.data(UPDATE_PAPER, input={"id": created["id"], "title": "Final Title"})
    assert data_version(seeded_engine) == version + 1


def test_delete_paper_removes_its_authorships_and_keeps_its_authors(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = curator(graphql, seeded_engine)
    gated = paper_id(graphql, GATED)
    version = data_version(seeded_engine)
    payload = api.data(DELETE_PAPER, input={"id": gated, "clientMutationId": "d"})["deletePaper"]
    assert payload == {"clientMutationId": "d", "deletedPaperId": gated}
    assert data_version(seeded_engine) == version + 1
    assert graphql.data(PAPER_ID_BY_TITLE, title=GATED)["papers"]["nodes"] == []
    # Babak Ehteshami Bejnordi had this paper only: he stays, with none.
    assert paper_count(graphql, "babak-ehteshami-bejnordi") == 0
    assert paper_count(graphql, "tijmen-blankevoort") == 1
    assert paper_count(graphql, "max-welling") == 9
    with seeded_engine.connect() as connection:
        authorships = connection.execute(select(Authorship.paper_id)).scalars().all()
    assert len(authorships) == 44 - 3


def test_set_paper_authors_takes_ids_and_names_in_order(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = curator(graphql, seeded_engine)
    gated = paper_id(graphql, GATED)
    akata = graphql.data(AUTHOR_BY_SLUG, slug="zeynep-akata")["author"]["id"]
    version = data_version(seeded_engine)
    paper = api.data(
        SET_PAPER_AUTHORS,
        input={
            "paperId": gated,
            "authors": [{"name": "Blankevoort, Tijmen"}, {"id": akata}, {"name": "Roe, Richard"}],
        },
    )["setPaperAuthors"]["paper"]
    assert paper["authors"] == [
        {"name": "Tijmen Blankevoort", "slug": "tijmen-blankevoort", "paperCount": 2},
        {"name": "Zeynep Akata", "slug": "zeynep-akata", "paperCount": 3},
        {"name": "Richard Roe", "slug": "richard-roe", "paperCount": 1},
    ]
    assert paper_count(graphql, "max-welling") == 9
    assert paper_count(graphql, "babak-ehteshami-bejnordi") == 0
    assert data_version(seeded_engine) == version + 1
    # The list it has already: nothing to write.
    api.data(
        SET_PAPER_AUTHORS,
        input={
            "paperId": gated,
            "authors": [{"name": "Blankevoort, Tijmen"}, {"id": akata}, {"name": "Roe, Richard"}],
        },
    )
    assert data_version(seeded_engine) == version + 1
