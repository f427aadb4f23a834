"""One import run: parse every file first, then load them all in a single transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from api.db import sync_session_factory
from api.ingest.load import ImportSummary, ProgressCallback, load_papers
from api.ingest.records import IncomingPaper
from api.ingest.sources import SourceFormat, read_source


def parse_files(
    paths: Sequence[Path], source_format: SourceFormat = SourceFormat.AUTO
) -> list[IncomingPaper]:
    """Every paper of every file, in order; raises SourceError before anything is written."""
    papers: list[IncomingPaper] = []
    for path in paths:
        papers.extend(read_source(path, source_format))
    return papers


def import_papers(
    engine: Engine,
    papers: Sequence[IncomingPaper],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Load parsed papers in one transaction; a dry run reports the same counts and rolls back."""
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
    return summary


def seed_paths(seeds_dir: Path) -> list[Path]:
    """The source files in a seeds folder, in name order so loads are reproducible."""
    return sorted(path for path in seeds_dir.iterdir() if path.is_file() and path.suffix != ".md")
