"""Import rules: idempotent, updates in place, dry runs and bad input write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from api.ingest.service import import_papers, parse_files
from api.ingest.sources import SourceError
from api.models import Paper
from tests.conftest import SEED_FILE
from tests.support.portal_texts import TWO_PAPERS, write
from tests.support.snapshots import snapshot


def test_second_import_changes_nothing(engine: Engine) -> None:
    import_papers(engine, parse_files([SEED_FILE]))
    before = snapshot(engine)
    again = import_papers(engine, parse_files([SEED_FILE]))
    assert (again.papers_new, again.papers_updated, again.papers_unchanged) == (0, 0, 10)
    assert (again.authors_new, again.authors_reused) == (0, 32)
    assert not again.changed
    assert snapshot(engine) == before


def test_changed_abstract_updates_that_paper_only(engine: Engine, tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", TWO_PAPERS)
    import_papers(engine, parse_files([first]))
    changed = write(tmp_path, "b.txt", TWO_PAPERS.replace("An abstract.", "A corrected abstract."))
    summary = import_papers(engine, parse_files([changed]))
    assert (summary.papers_new, summary.papers_updated, summary.papers_unchanged) == (0, 1, 1)
    with engine.connect() as connection:
        abstracts = dict(connection.execute(select(Paper.title, Paper.abstract)).all())
    assert abstracts == {
        "First Paper: On Things": "A corrected abstract.",
        "Second Paper": "Another abstract.",
    }


def test_changed_author_list_rewrites_authorships_and_counts(
    engine: Engine, tmp_path: Path
) -> None:
    import_papers(engine, parse_files([write(tmp_path, "a.txt", TWO_PAPERS)]))
    fewer = TWO_PAPERS.replace("Berg, Rianne van den, Welling, Max", "Berg, Rianne van den")
    summary = import_papers(engine, parse_files([write(tmp_path, "b.txt", fewer)]))
    assert summary.papers_updated == 1
    with engine.connect() as connection:
        from api.models import Author

        counts = dict(connection.execute(select(Author.slug, Author.paper_count)).all())
    assert counts == {"max-welling": 1, "jonas-kohler": 1, "rianne-van-den-berg": 1}


def test_dry_run_reports_and_writes_nothing(engine: Engine) -> None:
    before = snapshot(engine)
    summary = import_papers(engine, parse_files([SEED_FILE]), dry_run=True)
    assert (summary.papers_new, summary.authors_new) == (10, 32)
    assert snapshot(engine) == before


def test_a_paper_twice_in_one_source_is_one_paper(engine: Engine, tmp_path: Path) -> None:
    doubled = TWO_PAPERS + "First Paper: On Things\nWelling, Max, Köhler, Jonas\nAn abstract.\n"
    summary = import_papers(engine, parse_files([write(tmp_path, "a.txt", doubled)]))
    assert summary.papers_new == 2


def test_same_name_spelled_differently_is_one_author(engine: Engine, tmp_path: Path) -> None:
    text = "Paper A\nKöhler, Jonas\nAbstract.\nPaper B\nKOHLER, jonas\nAbstract.\n"
    summary = import_papers(engine, parse_files([write(tmp_path, "a.txt", text)]))
    assert summary.authors_new == 1


def test_different_given_names_are_never_merged(engine: Engine, tmp_path: Path) -> None:
    text = "Paper A\nWelling, Max\nAbstract.\nPaper B\nWelling, M.\nAbstract.\n"
    summary = import_papers(engine, parse_files([write(tmp_path, "a.txt", text)]))
    assert summary.authors_new == 2


def test_slug_collisions_get_a_numeric_suffix(engine: Engine, tmp_path: Path) -> None:
    # Different match keys (an apostrophe) that fold to the same slug.
    text = "Paper A\nOdonoghue, Brendan\nAbstract.\nPaper B\nO-Donoghue, Brendan\nAbstract.\n"
    import_papers(engine, parse_files([write(tmp_path, "a.txt", text)]))
    with engine.connect() as connection:
        from api.models import Author

        slugs = sorted(connection.scalars(select(Author.slug)))
    assert slugs == ["brendan-o-donoghue", "brendan-odonoghue"] or slugs == [
        "brendan-odonoghue",
        "brendan-odonoghue-2",
    ]


BAD_INPUTS = [
    (
        "odd.txt",
        "Title One\nWelling, Max, Kingma\nAbstract.\n",
        "odd.txt:2: ",
        "comma-separated parts",
    ),
    ("noauthors.txt", "Title One\n", "noauthors.txt:1: ", "no authors line"),
    ("latin1.txt", "Title One\nK\u00f6hler, Jonas\n".encode("latin-1"), "latin1.txt", "UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "where", "what"), BAD_INPUTS)
def test_bad_input_names_file_and_line_and_writes_nothing(
    engine: Engine, tmp_path: Path, name: str, content: str | bytes, where: str, what: str
) -> None:
    good = write(tmp_path, "good.txt", TWO_PAPERS)
    bad = write(tmp_path, name, content)
    before = snapshot(engine)
    with pytest.raises(SourceError) as raised:
        import_papers(engine, parse_files([good, bad]))
    assert str(raised.value).startswith(str(tmp_path / where))
    assert what in str(raised.value)
    assert snapshot(engine) == before


def test_data_version_moves_only_when_an_import_changes_something(engine: Engine) -> None:
    from api.data_version import read_data_version

    with engine.connect() as connection:
        start = read_data_version(connection)
    import_papers(engine, parse_files([SEED_FILE]))
    with engine.connect() as connection:
        after_first = read_data_version(connection)
    import_papers(engine, parse_files([SEED_FILE]))
    with engine.connect() as connection:
        after_second = read_data_version(connection)
    assert after_first == start + 1
    assert after_second == after_first
