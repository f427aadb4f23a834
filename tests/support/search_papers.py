"""Small catalogues for search and identity tests, written so each assertion has one reason."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.db import create_sync_engine
from api.ingest.records import IncomingPaper
from api.ingest.service import import_papers
from api.settings import Settings
from tests.support.databases import DatabaseFactory
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL


def search_catalogue() -> Sequence[IncomingPaper]:
    """Papers where the query words sit in titles, in abstracts, in other orders and accents."""
    return [
        # "graph networks" in the title, short and long; and only in an abstract.
        make_paper(
            title="Graph Networks for Molecules",
            abstract="We predict properties of chemistry datasets.",
            year=2020,
            venue="NeurIPS",
            authors="Welling, Max, Köhler, Jonas",
        ),
        make_paper(
            title="Deep Graph Networks Revisited with Many More Words in a Longer Title",
            year=2018,
            venue="ICML",
        ),
        make_paper(
            title="Molecular Dynamics at Scale",
            abstract="We use graph networks to simulate proteins over long time scales.",
            year=2021,
            venue="NeurIPS",
            authors="Berg, Rianne van den",
        ),
        # The same two words, apart and the other way round: no phrase match.
        make_paper(
            title="Networks of Neural Cells",
            abstract="Neural tissue forms networks; we count them.",
            year=2019,
            authors="Rezende, Danilo Jimenez",
        ),
        make_paper(
            title="Neural Networks for Speech",
            abstract="Recognition of speech with neural networks.",
            year=2022,
        ),
        # Diacritics and letters NFKD keeps whole.
        make_paper(
            title="Über Köhler's Theorem in Łódź",
            abstract="Ørsted and Weiß measured it in the Straße.",
            year=2017,
            authors="Köhler, Jonas",
        ),
        make_paper(
            title="Semi-Supervised Learning with Ladders",
            abstract="A semi-supervised method.",
            year=2016,
            authors="Rezende, Danilo Jimenez, Welling, Max",
        ),
    ]


@contextmanager
def catalogue_client(
    app_settings: Settings, engine: Engine, papers: Sequence[IncomingPaper]
) -> Iterator[GraphQL]:
    """GraphQL against an app whose database holds ``papers``."""
    import_papers(engine, papers)
    with TestClient(create_app(app_settings)) as http:
        yield GraphQL(http)


@contextmanager
def shared_catalogue(
    databases: DatabaseFactory, papers: Sequence[IncomingPaper]
) -> Iterator[GraphQL]:
    """One database holding ``papers`` for a module of tests that only read it."""
    url = databases.migrated()
    engine = create_sync_engine(url)
    try:
        with catalogue_client(Settings(env="test", database_url=url), engine, papers) as client:
            yield client
    finally:
        engine.dispose()
        databases.release(url)


SEARCH = """query ($text: String!, $first: Int) {
  search(query: $text, first: $first) {
    papers { totalCount nodes { title searchSnippet { titleHtml text html } }
             pageInfo { endCursor hasNextPage } }
    authors { totalCount nodes { name slug paperCount } }
  }
}"""


def titles(graphql: GraphQL, query: str, **variables: Any) -> list[str]:
    """Titles ``Query.search`` gives for ``query``, most relevant first."""
    data = graphql.data(SEARCH, text=query, first=variables.get("first", 100))
    return [node["title"] for node in data["search"]["papers"]["nodes"]]
