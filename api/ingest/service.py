"""One import run: parse every file first, then load them all in a single transaction.

A run that wrote many papers then refreshes the planner statistics (api.ingest.planner_statistics).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from api.db import sync_session_factory
from api.ingest.load import ImportSummary, ProgressCallback, load_papers
from api.ingest.names import forget_shared_names
from api.ingest.planner_statistics import analyze_imported_tables, wrote_many
from api.ingest.records import IncomingPaper
from api.ingest.sources import SourceFormat, read_source


def parse_files(
    paths: Sequence[Path], source_format: SourceFormat = SourceFormat.AUTO
) -> list[IncomingPaper]:
    """Every paper of every file, in order; raises SourceError before anything is written."""
    papers: list[IncomingPaper] = []
    for path in paths:
        papers.extend(read_source(path, source_format))
    forget_shared_names()
    return papers


def import_papers(
    engine: Engine,
    papers: Sequence[IncomingPaper],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Load parsed papers in one transaction; a dry run reports the same counts and rolls back.

    After a committed load that inserted or updated many papers, the tables are analysed so the
    first requests over them are planned with statistics that describe them.
    """
    with sync_session_factory(engine)() as session:
        try:
            summary = load_papers(session, papers, progress=progress)
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
        else:
            session.commit()
    if not dry_run and wrote_many(summary):
        with engine.begin() as connection:
            analyze_imported_tables(connection)
    return summary


def seed_paths(seeds_dir: Path) -> list[Path]:
    """The source files in a seeds folder, in name order so loads are reproducible."""
    return sorted(path for path in seeds_dir.iterdir() if path.is_file() and path.suffix != ".md")
