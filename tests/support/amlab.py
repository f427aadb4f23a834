"""A lab of seed authors with membership periods, and the seed's papers with years.

The seed listing has no years; ``tests/fixtures/welling-years.bib`` states them (2014: 1,
2019: 7, 2020: 2) and is merged into the same papers by an ordinary import. The lab's members
and periods are chosen so that every rule shows: a paper two members wrote is listed once, a
member's papers from before or after their period are left out, and undated papers count for
current members only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from api.db import create_sync_engine, sync_session_factory
from api.groups import service
from api.ingest.service import import_papers, parse_files
from tests.conftest import ROOT, SEED_FILE
from tests.support.databases import DatabaseFactory

YEARS_FILE = ROOT / "tests" / "fixtures" / "welling-years.bib"
LAB = "amlab"
LAB_NAME = "Amsterdam Machine Learning Lab"
# (author slug, first year, last year or None for current, role)
MEMBERS = (
    ("xiahan-shi", 2019, None, "PhD student"),
    ("zeynep-akata", 2017, 2020, "postdoc"),
    ("tijmen-blankevoort", 2020, None, "member"),
    ("durk-p-kingma", 2013, 2016, "PhD student"),
    ("jonas-kohler", 2015, 2018, "PhD student"),
)
CURRENT_MEMBERS = ("tijmen-blankevoort", "xiahan-shi")

BATCH = "Batch-Shaped Channel Gated Networks"
RELATIONAL = "Relational Generalized Few-Shot Learning"  # Shi and Akata, both members in 2020
COMBINING = "Combining Generative and Discriminative Models for Hybrid Inference"
FUNCTIONAL = "The Functional Neural Process"
SEMI = "Semi-supervised Learning with Deep Generative Models"
QUANTIZATION = "Data-Free Quantization through Weight Equalization and Bias Correction"
# The lab's papers once the years are in, in the default order (newest first, then title).
DATED_LAB_PAPERS = [
    (BATCH, 2020),
    (RELATIONAL, 2020),
    (COMBINING, 2019),
    (FUNCTIONAL, 2019),
    (SEMI, 2014),
]
# Without years, only current members count: Shi's and Blankevoort's papers, by title.
UNDATED_LAB_PAPERS = [BATCH, QUANTIZATION, RELATIONAL, FUNCTIONAL]


def add_years(engine: Engine) -> None:
    """Merge the years of ``welling-years.bib`` into the seed's papers."""
    summary = import_papers(engine, parse_files([YEARS_FILE]))
    assert (summary.papers_new, summary.papers_updated) == (0, 10), summary


def make_lab(engine: Engine) -> None:
    """Create the lab and its members (the seed must be imported)."""
    with sync_session_factory(engine).begin() as session:
        service.create_group(session, slug=LAB, name=LAB_NAME, url="https://amlab.science.uva.nl/")
        for author, start, end, role in MEMBERS:
            service.add_member(
                session,
                group_slug=LAB,
                author_slug=author,
                start_year=start,
                end_year=end,
                role=role,
            )


@contextmanager
def amlab_database(databases: DatabaseFactory, *, years: bool) -> Iterator[str]:
    """A new database with the seed and the lab, and with ``years`` the years too; its URL.

    For module-scoped fixtures of tests that only read: built once per backend, not per test.
    """
    url = databases.migrated()
    engine = create_sync_engine(url)
    try:
        import_papers(engine, parse_files([SEED_FILE]))
        make_lab(engine)
        if years:
            add_years(engine)
    finally:
        engine.dispose()
    try:
        yield url
    finally:
        databases.release(url)
