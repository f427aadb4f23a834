"""Idempotent upsert of parsed papers; it flushes only, the caller owns the transaction.

Work is done in chunks with one batched query per kind of lookup, so a 100,000-paper import costs a
few hundred statements rather than a few per paper.

Sources are of two kinds. A listing states a paper in full: re-imported with a corrected title,
abstract or author list, it updates the stored paper. A supplementary source (BibTeX) adds
bibliographic detail to papers a listing may already hold: it fills the abstract only when none is
stored, keeps the stored title and author list (so the same people spelled another way, or cut
short by "and others", never churn authorships), and sets year, venue and URL as it states them
(a DOI only when none is stored). Papers it states that are not stored yet are inserted whole. In
one run, a paper stated twice (same fingerprint or DOI) is one paper: the first statement leads,
later ones fill what it left empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.identity.lookup import merged_slugs_among
from api.identity.spellings import SpellingRecorder, authors_of_merged_keys
from api.identity.tokens import add_name_tokens
from api.ingest.names import PersonName, fold, slugify, sort_name
from api.ingest.records import IncomingPaper, normalize_doi
from api.models import author_table, authorship_table, paper_table
from api.search.text import search_columns, search_words

CHUNK_SIZE = 2_000
# Bounded by the backend's limit on bound parameters per statement (SQLite: 32,766).
_IN_BATCH = 5_000

ProgressCallback = Callable[[int], None]


@dataclass(slots=True)
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    papers_new: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    authors_new: int = 0
    authors_reused: int = 0
    authorships_written: int = 0

    def __iadd__(self, other: ImportSummary) -> ImportSummary:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything."""
        return bool(self.papers_new or self.papers_updated or self.authors_new)


@dataclass(frozen=True, slots=True)
class SupplementaryPaper(IncomingPaper):
    """A paper from a supplementary source: it fills gaps in a stored paper, see the module."""


@dataclass(slots=True)
class _AuthorCache:
    """Author ids by match key, and the slugs taken, remembered across the chunks of one run."""

    ids: dict[str, int] = field(default_factory=dict)
    reused: set[int] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    created: set[int] = field(default_factory=set)
    spellings: SpellingRecorder = field(default_factory=SpellingRecorder)


T = TypeVar("T")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def load_papers(
    session: Session,
    papers: Iterable[IncomingPaper],
    *,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Insert new papers and authors, update changed papers, leave identical ones alone.

    Args:
        session: An open session; this function flushes but never commits.
        papers: Parsed papers from any source, in source order.
        progress: Called with the number of papers handled after each chunk.

    Returns:
        Counts of what was written.
    """
    summary = ImportSummary()
    cache = _AuthorCache()
    touched_authors: set[int] = set()
    for chunk in _batches(_merge_repeats(papers), CHUNK_SIZE):
        existing = _existing_papers(session, chunk)
        # Authors of a supplementary statement of a stored paper are not credited, so they are
        # not created either.
        credited = [paper for paper in chunk if not _keeps_stored_authors(paper, existing)]
        author_ids = _resolve_authors(session, credited, cache, summary)
        touched_authors |= _upsert_papers(session, chunk, existing, author_ids, summary)
        _record_spellings(session, credited, cache)
        if progress is not None:
            progress(len(chunk))
    summary.authors_reused = len(cache.reused)
    refresh_paper_counts(session, touched_authors)
    if summary.changed:
        bump_data_version(session)
    return summary


_GAP_FIELDS = ("abstract", "year", "venue", "doi", "url")


def _merge_repeats(papers: Iterable[IncomingPaper]) -> Iterable[IncomingPaper]:
    """One paper per fingerprint or DOI, in order of first appearance, gaps filled by repeats."""
    merged: dict[str, IncomingPaper] = {}
    slot_of: dict[str, str] = {}
    for paper in papers:
        doi = normalize_doi(paper.doi)
        # The DOI decides first, as it does against stored papers.
        slot = (slot_of.get(f"doi:{doi}") if doi else None) or slot_of.get(paper.fingerprint)
        if slot is None:
            slot = paper.fingerprint
            merged[slot] = paper
        else:
            merged[slot] = _fill_gaps(merged[slot], paper)
        slot_of.setdefault(paper.fingerprint, slot)
        if (filled_doi := normalize_doi(merged[slot].doi)) is not None:
            slot_of.setdefault(f"doi:{filled_doi}", slot)
    return merged.values()


def _fill_gaps(lead: IncomingPaper, repeat: IncomingPaper) -> IncomingPaper:
    gaps = {
        name: getattr(repeat, name)
        for name in _GAP_FIELDS
        if getattr(lead, name) is None and getattr(repeat, name) is not None
    }
    return replace(lead, **gaps) if gaps else lead


def _keeps_stored_authors(paper: IncomingPaper, existing: dict[str, Row[Any]]) -> bool:
    return isinstance(paper, SupplementaryPaper) and paper.fingerprint in existing


def _resolve_authors(
    session: Session, chunk: list[IncomingPaper], cache: _AuthorCache, summary: ImportSummary
) -> dict[str, int]:
    wanted: dict[str, PersonName] = {}
    for paper in chunk:
        for person in paper.authors:
            wanted.setdefault(person.key, person)
    unknown = [key for key in wanted if key not in cache.ids]
    for batch in _batches(unknown, _IN_BATCH):
        rows = session.execute(
            select(author_table.c.match_key, author_table.c.id).where(
                author_table.c.match_key.in_(batch)
            )
        )
        for key, author_id in rows:
            cache.ids[key] = author_id
            cache.reused.add(author_id)
    # A spelling of an author merged away leads to the author it was merged into.
    merged = authors_of_merged_keys(session, [key for key in unknown if key not in cache.ids])
    cache.ids.update(merged)
    cache.reused.update(merged.values())
    missing = [wanted[key] for key in unknown if key not in cache.ids]
    if missing:
        _insert_authors(session, missing, cache)
        summary.authors_new += len(missing)
    return cache.ids


def _insert_authors(session: Session, people: list[PersonName], cache: _AuthorCache) -> None:
    slugs = _unique_slugs(session, [slugify(person.display) for person in people], cache)
    rows = [
        {
            "given_name": person.given,
            "family_name": person.family,
            "name": person.display,
            "slug": slug,
            "match_key": person.key,
            "folded_name": fold(person.display),
            "sort_name": sort_name(person),
        }
        for person, slug in zip(people, slugs, strict=True)
    ]
    for batch in _batches(rows, _IN_BATCH // 8):
        inserted = session.execute(
            insert(author_table).returning(author_table.c.match_key, author_table.c.id), batch
        )
        cache.ids.update((key, author_id) for key, author_id in inserted)
    created = [(cache.ids[person.key], person.display) for person in people]
    cache.created.update(author_id for author_id, _ in created)
    add_name_tokens(session, created)


def _record_spellings(session: Session, papers: list[IncomingPaper], cache: _AuthorCache) -> None:
    """Keep every spelling mapped to an author as a name variant."""
    spellings = [
        (cache.ids[person.key], person.as_written, person.key)
        for paper in papers
        for person in paper.authors
    ]
    cache.spellings.record(session, spellings, new_authors=cache.created)


def _unique_slugs(session: Session, bases: list[str], cache: _AuthorCache) -> list[str]:
    """Slugs for new authors: the base, or base-2, base-3, ... when taken."""
    fresh = sorted({base for base in bases if base not in cache.slugs})
    for batch in _batches(fresh, _IN_BATCH):
        cache.slugs.update(
            session.scalars(select(author_table.c.slug).where(author_table.c.slug.in_(batch)))
        )
        # Slugs of merged authors still lead to them, so they are not handed out again.
        cache.slugs.update(merged_slugs_among(session, batch))
    return [_claim_slug(session, base, cache) for base in bases]


def _claim_slug(session: Session, base: str, cache: _AuthorCache) -> str:
    slug, suffix = base, 1
    # Suffixed slugs are rare, so each candidate is asked for on its own.
    while slug in cache.slugs or (
        suffix > 1
        and (
            session.scalar(select(author_table.c.id).where(author_table.c.slug == slug)) is not None
            or bool(merged_slugs_among(session, [slug]))
        )
    ):
        suffix += 1
        slug = f"{base}-{suffix}"
    cache.slugs.add(slug)
    return slug


def _upsert_papers(
    session: Session,
    chunk: list[IncomingPaper],
    existing: dict[str, Row[Any]],
    author_ids: dict[str, int],
    summary: ImportSummary,
) -> set[int]:
    current_authorships = _authorships_of(session, [row.id for row in existing.values()])
    new_papers = [paper for paper in chunk if paper.fingerprint not in existing]
    touched: set[int] = set()

    for paper in chunk:
        row = existing.get(paper.fingerprint)
        if row is None:
            continue
        changes = _field_changes(row, paper)
        if _keeps_stored_authors(paper, existing):
            wanted, authors_changed = [], False
        else:
            wanted = _authorship_rows(paper, author_ids)
            authors_changed = current_authorships.get(row.id, []) != wanted
        if not changes and not authors_changed:
            summary.papers_unchanged += 1
            continue
        summary.papers_updated += 1
        session.execute(
            update(paper_table)
            .where(paper_table.c.id == row.id)
            .values(**changes, updated_at=func.now())
        )
        if authors_changed:
            old = {author_id for author_id, _ in current_authorships.get(row.id, [])}
            touched |= old | {author_id for author_id, _ in wanted}
            _replace_authorships(session, row.id, wanted)
            summary.authorships_written += len(wanted)

    if new_papers:
        touched |= _insert_papers(session, new_papers, author_ids, summary)
    return touched


def _existing_papers(session: Session, chunk: list[IncomingPaper]) -> dict[str, Row[Any]]:
    """Stored papers matching the chunk, keyed by the incoming fingerprint (DOI match first)."""
    by_doi = {doi: paper.fingerprint for paper in chunk if (doi := normalize_doi(paper.doi))}
    fingerprints = [paper.fingerprint for paper in chunk]
    found: dict[str, Row[Any]] = {}
    if by_doi:
        for row in session.execute(select(paper_table).where(paper_table.c.doi.in_(list(by_doi)))):
            assert row.doi is not None
            found[by_doi[row.doi]] = row
    for batch in _batches(fingerprints, _IN_BATCH):
        for row in session.execute(select(paper_table).where(paper_table.c.fingerprint.in_(batch))):
            found.setdefault(row.fingerprint, row)
    return found


def _authorships_of(session: Session, paper_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    result: dict[int, list[tuple[int, str]]] = {}
    for batch in _batches(paper_ids, _IN_BATCH):
        rows = session.execute(
            select(
                authorship_table.c.paper_id,
                authorship_table.c.author_id,
                authorship_table.c.name_as_written,
            )
            .where(authorship_table.c.paper_id.in_(batch))
            .order_by(authorship_table.c.paper_id, authorship_table.c.position)
        )
        for paper_id, author_id, written in rows:
            result.setdefault(paper_id, []).append((author_id, written))
    return result


def _authorship_rows(paper: IncomingPaper, author_ids: dict[str, int]) -> list[tuple[int, str]]:
    # The same person twice on one paper keeps the first place (the table allows one row each).
    rows: list[tuple[int, str]] = []
    seen: set[int] = set()
    for person in paper.authors:
        author_id = author_ids[person.key]
        if author_id not in seen:
            seen.add(author_id)
            rows.append((author_id, person.as_written))
    return rows


_UPDATABLE = ("title", "abstract", "year", "venue", "url")
# What a supplementary source may fill in but never overwrites.
_KEPT_AGAINST_SUPPLEMENTS = frozenset({"title", "abstract"})


def _field_changes(row: Row[Any], paper: IncomingPaper) -> dict[str, object]:
    """Fields the source states differently; a field the source leaves out keeps its value."""
    supplementary = isinstance(paper, SupplementaryPaper)
    changes: dict[str, object] = {}
    for name in _UPDATABLE:
        value, stored = getattr(paper, name), getattr(row, name)
        if value is None or value == stored:
            continue
        if supplementary and stored is not None and name in _KEPT_AGAINST_SUPPLEMENTS:
            continue
        changes[name] = value
    if "title" in changes:
        changes["folded_title"] = paper.folded_title
        changes["title_words"] = search_words(paper.title)
    if "abstract" in changes:
        changes["abstract_words"] = search_words(paper.abstract)
    doi = normalize_doi(paper.doi)
    if doi is not None and row.doi is None:
        changes["doi"] = doi
    return changes


def _replace_authorships(session: Session, paper_id: int, rows: list[tuple[int, str]]) -> None:
    session.execute(authorship_table.delete().where(authorship_table.c.paper_id == paper_id))
    session.execute(
        insert(authorship_table),
        [
            {
                "paper_id": paper_id,
                "position": position,
                "author_id": author_id,
                "name_as_written": w,
            }
            for position, (author_id, w) in enumerate(rows, start=1)
        ],
    )


def _insert_papers(
    session: Session,
    papers: list[IncomingPaper],
    author_ids: dict[str, int],
    summary: ImportSummary,
) -> set[int]:
    values = [
        {
            "title": paper.title,
            "folded_title": paper.folded_title,
            "abstract": paper.abstract,
            "year": paper.year,
            "venue": paper.venue,
            "doi": normalize_doi(paper.doi),
            "url": paper.url,
            "fingerprint": paper.fingerprint,
            **search_columns(title=paper.title, abstract=paper.abstract),
        }
        for paper in papers
    ]
    ids: dict[str, int] = {}
    for batch in _batches(values, _IN_BATCH // 10):
        inserted = session.execute(
            insert(paper_table).returning(paper_table.c.fingerprint, paper_table.c.id), batch
        )
        ids.update((fingerprint, paper_id) for fingerprint, paper_id in inserted)
    authorships = []
    touched: set[int] = set()
    for paper in papers:
        for position, (author_id, written) in enumerate(_authorship_rows(paper, author_ids), 1):
            touched.add(author_id)
            authorships.append(
                {
                    "paper_id": ids[paper.fingerprint],
                    "position": position,
                    "author_id": author_id,
                    "name_as_written": written,
                }
            )
    for rows in _batches(authorships, _IN_BATCH):
        session.execute(insert(authorship_table), rows)
    summary.papers_new += len(papers)
    summary.authorships_written += len(authorships)
    return touched


def refresh_paper_counts(session: Session, author_ids: Iterable[int]) -> None:
    """Recount ``author.paper_count`` for these authors; every write path ends with this."""
    counted = (
        select(func.count())
        .select_from(authorship_table)
        .where(authorship_table.c.author_id == author_table.c.id)
        .scalar_subquery()
    )
    for batch in _batches(sorted(author_ids), _IN_BATCH):
        session.execute(
            update(author_table).where(author_table.c.id.in_(batch)).values(paper_count=counted)
        )
