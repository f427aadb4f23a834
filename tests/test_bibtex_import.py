"""Importing BibTeX beside portal listings: one paper per work, gaps filled, nothing duplicated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from api.cli import app
from api.db import create_sync_engine
from api.ingest.service import import_papers, parse_files
from api.ingest.sources import SourceError
from api.models import Author, Authorship, Paper
from api.settings import get_settings
from tests.conftest import SEED_FILE
from tests.support.portal_texts import write
from tests.support.snapshots import snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFS = FIXTURES / "refs.bib"
YEARS = FIXTURES / "welling-years.bib"


def _papers(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {row.title: row for row in connection.execute(select(Paper))}


def _authors_of(engine: Engine, title: str) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.scalars(
                select(Authorship.name_as_written)
                .join(Paper, Paper.id == Authorship.paper_id)
                .where(Paper.title == title)
                .order_by(Authorship.position)
            )
        )


def _orphans(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(select(Author.name).where(Author.paper_count == 0)))


def test_bib_after_the_listing_fills_gaps_and_keeps_title_and_authors(
    seeded_engine: Engine,
) -> None:
    summary = import_papers(seeded_engine, parse_files([REFS]))
    assert (summary.papers_new, summary.papers_updated, summary.papers_unchanged) == (4, 5, 0)
    # Klein, Noé, Hasenclever, Tomczak, "Diederik P." Kingma (AEVB), the pandas team.
    assert summary.authors_new == 6
    papers = _papers(seeded_engine)
    assert len(papers) == 14
    batch = papers["Batch-Shaped Channel Gated Networks"]
    assert (batch.year, batch.venue) == (
        2020,
        "International Conference on Learning Representations",
    )
    # The listing wrote "through"; the .bib's "Through" does not rewrite the stored title.
    quantization = papers["Data-Free Quantization through Weight Equalization and Bias Correction"]
    assert (quantization.year, quantization.doi) == (2019, "10.1109/iccv.2019.00141")
    assert quantization.abstract.startswith("We introduce a data-free quantization method")
    assert _authors_of(seeded_engine, "Batch-Shaped Channel Gated Networks") == [
        "Bejnordi, Babak Ehteshami",
        "Blankevoort, Tijmen",
        "Welling, Max",
    ]
    # "and others" and another given name ("Diederik" for "Durk") leave the listing's authors.
    assert len(_authors_of(seeded_engine, "Relational Generalized Few-Shot Learning")) == 5
    assert _authors_of(seeded_engine, "Semi-supervised Learning with Deep Generative Models")[
        0
    ] == ("Kingma, Durk P.")
    assert _orphans(seeded_engine) == []
    # Importing it again changes nothing, not even the data version.
    before = snapshot(seeded_engine)
    again = import_papers(seeded_engine, parse_files([REFS]))
    assert (again.papers_new, again.papers_updated, again.papers_unchanged) == (0, 0, 9)
    assert snapshot(seeded_engine) == before


def test_welling_years_dates_all_ten_seed_papers(seeded_engine: Engine) -> None:
    summary = import_papers(seeded_engine, parse_files([YEARS]))
    assert (summary.papers_new, summary.papers_updated, summary.authors_new) == (0, 10, 0)
    papers = _papers(seeded_engine)
    assert len(papers) == 10
    assert sorted(paper.year for paper in papers.values()) == [2014] + [2019] * 7 + [2020] * 2
    assert papers["Supervised Uncertainty Quantification for Segmentation with Multiple "
                  "Annotations"].doi == "10.1007/978-3-030-32245-8_16"  # fmt: skip


def test_listing_and_bib_in_one_run_make_one_paper_each(engine: Engine) -> None:
    summary = import_papers(engine, parse_files([SEED_FILE, REFS]))
    assert (summary.papers_new, summary.papers_updated) == (14, 0)
    papers = _papers(engine)
    assert papers["The Functional Neural Process"].year == 2019
    assert _authors_of(engine, "Relational Generalized Few-Shot Learning")[2:] == [
        "Schiegg, Martin",
        "Akata, Zeynep",
        "Welling, Max",
    ]
    again = import_papers(engine, parse_files([SEED_FILE, REFS]))
    assert (again.papers_new, again.papers_updated) == (0, 0)


def test_sources_in_any_order_settle_without_churn(engine: Engine) -> None:
    import_papers(engine, parse_files([REFS]))
    listing = import_papers(engine, parse_files([SEED_FILE]))
    # The listing corrects what the .bib created: its title spelling and its author lists.
    assert (listing.papers_new, listing.papers_updated) == (5, 5)
    papers = _papers(engine)
    assert "Data-Free Quantization through Weight Equalization and Bias Correction" in papers
    assert papers["The Functional Neural Process"].year == 2019
    settled = snapshot(engine)
    for source in (REFS, SEED_FILE, REFS):
        summary = import_papers(engine, parse_files([source]))
        assert (summary.papers_new, summary.papers_updated) == (0, 0), source.name
    assert snapshot(engine) == settled


def test_bib_corrects_bibliographic_fields_fills_gaps_and_merges_by_doi(
    engine: Engine, tmp_path: Path
) -> None:
    entry = "@inproceedings{{k, title={{A Paper}}, author={{Welling, Max}}, year={{{year}}}{rest}}}"
    import_papers(engine, parse_files([write(tmp_path, "a.bib", entry.format(year=2019, rest=""))]))
    changed = entry.format(year=2020, rest=", booktitle={UAI}, abstract={Now with an abstract.}")
    summary = import_papers(engine, parse_files([write(tmp_path, "b.bib", changed)]))
    assert summary.papers_updated == 1
    paper = _papers(engine)["A Paper"]
    assert (paper.year, paper.venue, paper.abstract) == (2020, "UAI", "Now with an abstract.")
    other = entry.format(year=2020, rest=", booktitle={UAI}, abstract={Another abstract.}")
    import_papers(engine, parse_files([write(tmp_path, "c.bib", other)]))
    assert _papers(engine)["A Paper"].abstract == "Now with an abstract."
    # Two entries with one DOI (in any case) are one paper, whatever their titles.
    text = (
        "@article{a, title={First Title}, author={Welling, Max}, doi={10.1000/x}}\n"
        "@article{b, title={Another Title}, author={Kingma, Durk}, doi={10.1000/X}, year=2020}\n"
    )
    summary = import_papers(engine, parse_files([write(tmp_path, "d.bib", text)]))
    assert summary.papers_new == 1
    paper = _papers(engine)["First Title"]
    assert (paper.doi, paper.year) == ("10.1000/x", 2020)


BAD_FILES = [
    ("@misc{k,\n title={T},\n author={C},\n year={soon}}\n", ":4: entry k: year 'soon'"),
    ("@misc{k,\n title={T}}\n", ":1: entry k: has no author field"),
    ("@misc{k,\n title={T},\n author={A}\n", ":1: entry k: cannot be parsed"),
]


def test_a_bad_entry_stops_the_run_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    before = snapshot(engine)
    for number, (text, where) in enumerate(BAD_FILES):
        bad = write(tmp_path, f"bad{number}.bib", text)
        with pytest.raises(SourceError) as raised:
            import_papers(engine, parse_files([SEED_FILE, REFS, bad]))
        assert str(raised.value).startswith(f"{bad}{where}")
        assert snapshot(engine) == before


runner = CliRunner()


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the CLI's settings at this test's database."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_seed_command_imports_bibtex_and_reports_bad_entries(
    cli_database: str, tmp_path: Path
) -> None:
    first = runner.invoke(app, ["seed", str(SEED_FILE), str(REFS)])
    assert first.exit_code == 0, first.output
    assert "14 new, 0 updated, 0 unchanged papers; 38 new authors" in first.output
    second = runner.invoke(app, ["seed", str(REFS)])
    assert "0 new, 0 updated, 9 unchanged papers; 0 new authors" in second.output
    named = write(tmp_path, "refs.txt", REFS.read_text(encoding="utf-8"))
    third = runner.invoke(app, ["seed", "--format", "bibtex", str(named)])
    assert "0 new, 0 updated, 9 unchanged papers" in third.output, third.output
    engine = create_sync_engine(cli_database)
    before = snapshot(engine)
    bad = write(tmp_path, "refs.bib", "@misc{ok, title={A}, author={B}}\n@misc{k,\n title={T}}\n")
    result = runner.invoke(app, ["seed", str(SEED_FILE), str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}:2: entry k: has no author field" in result.output
    assert "nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert snapshot(engine) == before
    engine.dispose()
