"""Candidate duplicate authors, with the evidence for and against; nothing is merged here.

Imports merge spellings only when family and given names agree exactly (ignoring case,
diacritics and punctuation). "Welling, M." and "Welling, Max" stay two authors, and this module
finds such pairs: the same folded family name and given names that can be one person's
(:func:`api.identity.names.compatible`). Each pair is scored from 0 to 1:

- 40% from the given names: words written out the same count fully, a fitting initial half;
- 60% from shared co-authors: three or more count fully, the strongest evidence a listing has;
- a pair listed together on a paper is most likely two people, so its score is quartered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from api.identity.names import agreement, compatible, family_part, given_parts
from api.models import author_table, authorship_table

_NAME_SHARE, _COAUTHOR_SHARE = 0.4, 0.6
_COAUTHORS_FOR_FULL_SCORE = 3
_TOGETHER_FACTOR = 0.25
_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class AuthorBrief:
    """What a listing of candidates shows of an author."""

    id: int
    slug: str
    name: str
    given_name: str
    paper_count: int
    given: tuple[str, ...]
    orcid: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two authors who may be one person."""

    first: AuthorBrief
    second: AuthorBrief
    score: float
    name_agreement: float
    shared_coauthors: tuple[str, ...]
    papers_together: int

    @property
    def keep(self) -> AuthorBrief:
        """The one to keep: the fuller given name, then more papers, then the older."""
        return min(
            (self.first, self.second),
            key=lambda a: (-len(a.given_name), -a.paper_count, a.id),
        )

    @property
    def drop(self) -> AuthorBrief:
        """The one to merge into :attr:`keep`."""
        return self.second if self.keep is self.first else self.first


def duplicate_candidates(
    session: Session, *, limit: int = 50, min_score: float = 0.0
) -> list[Candidate]:
    """The likeliest duplicate pairs, best first.

    Args:
        session: A session to read with.
        limit: The most pairs to return.
        min_score: Leave out pairs scoring below this.

    Returns:
        Pairs ordered by score, highest first, then by slugs.
    """
    authors = _authors(session)
    pairs = list(_compatible_pairs(authors))
    coauthors = _coauthor_counts(session, sorted({a.id for pair in pairs for a in pair}))
    candidates = [_candidate(a, b, coauthors) for a, b in pairs]
    kept = [c for c in candidates if c.score >= min_score]
    kept.sort(key=lambda c: (-c.score, c.first.slug, c.second.slug))
    return _named(session, kept[:limit])


def _authors(session: Session) -> list[tuple[str, AuthorBrief]]:
    rows = session.execute(
        select(
            author_table.c.id,
            author_table.c.slug,
            author_table.c.name,
            author_table.c.given_name,
            author_table.c.paper_count,
            author_table.c.match_key,
            author_table.c.orcid,
        )
    )
    return [
        (
            family_part(row.match_key),
            AuthorBrief(
                row.id,
                row.slug,
                row.name,
                row.given_name,
                row.paper_count,
                given_parts(row.match_key),
                row.orcid,
            ),
        )
        for row in rows
    ]


def _compatible_pairs(
    authors: Iterable[tuple[str, AuthorBrief]],
) -> Iterable[tuple[AuthorBrief, AuthorBrief]]:
    families: dict[str, list[AuthorBrief]] = defaultdict(list)
    for family, author in authors:
        families[family].append(author)
    for members in families.values():
        if len(members) > 1:
            yield from _pairs_in_family(members)


def _pairs_in_family(members: list[AuthorBrief]) -> Iterable[tuple[AuthorBrief, AuthorBrief]]:
    # Two written-out names of the same length are compatible only when equal, that is never
    # here; so every pair has an initial, a missing given name or a missing word.
    by_initial: dict[str, list[AuthorBrief]] = defaultdict(list)
    by_given: dict[tuple[str, ...], list[AuthorBrief]] = defaultdict(list)
    nameless: list[AuthorBrief] = []
    for author in members:
        if author.given:
            by_initial[author.given[0][0]].append(author)
            by_given[author.given].append(author)
        else:
            nameless.append(author)
    seen: set[tuple[int, int]] = set()

    def emit(a: AuthorBrief, b: AuthorBrief) -> Iterable[tuple[AuthorBrief, AuthorBrief]]:
        key = (min(a.id, b.id), max(a.id, b.id))
        # Two ORCID iDs (unique, so different) are two people.
        two_ids = a.orcid is not None and b.orcid is not None
        if key not in seen and not two_ids and compatible(a.given, b.given):
            seen.add(key)
            yield (a, b) if a.id < b.id else (b, a)

    for a, b in combinations(nameless, 2):
        yield from emit(a, b)
    for author in members:
        if not author.given:
            for other in members:
                if other.given:
                    yield from emit(author, other)
            continue
        if any(len(word) == 1 for word in author.given):
            for other in by_initial[author.given[0][0]]:
                if other is not author:
                    yield from emit(author, other)
        for cut in range(1, len(author.given)):
            for other in by_given.get(author.given[:cut], []):
                yield from emit(author, other)


def _coauthor_counts(session: Session, author_ids: Sequence[int]) -> dict[int, Counter[int]]:
    """For each author, how many papers they share with each co-author."""
    mine, theirs = aliased(authorship_table), aliased(authorship_table)
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for start in range(0, len(author_ids), _BATCH):
        rows = session.execute(
            select(mine.c.author_id, theirs.c.author_id)
            .join(theirs, theirs.c.paper_id == mine.c.paper_id)
            .where(
                mine.c.author_id.in_(author_ids[start : start + _BATCH]),
                theirs.c.author_id != mine.c.author_id,
            )
        )
        for author, coauthor in rows:
            counts[author][coauthor] += 1
    return counts


def _candidate(a: AuthorBrief, b: AuthorBrief, coauthors: dict[int, Counter[int]]) -> Candidate:
    shared = (set(coauthors[a.id]) & set(coauthors[b.id])) - {a.id, b.id}
    together = coauthors[a.id][b.id]
    names = agreement(a.given, b.given)
    score = _NAME_SHARE * names + _COAUTHOR_SHARE * min(
        len(shared) / _COAUTHORS_FOR_FULL_SCORE, 1.0
    )
    if together:
        score *= _TOGETHER_FACTOR
    # Ids for now; _named turns the few shown into names.
    return Candidate(
        a, b, round(score, 2), round(names, 2), tuple(str(i) for i in sorted(shared)), together
    )


def _named(session: Session, candidates: list[Candidate]) -> list[Candidate]:
    ids = sorted({int(i) for c in candidates for i in c.shared_coauthors})
    names: dict[int, str] = {}
    for start in range(0, len(ids), _BATCH):
        rows = session.execute(
            select(author_table.c.id, author_table.c.name).where(
                author_table.c.id.in_(ids[start : start + _BATCH])
            )
        )
        names.update((row.id, row.name) for row in rows)
    return [
        Candidate(
            c.first,
            c.second,
            c.score,
            c.name_agreement,
            tuple(sorted(names[int(i)] for i in c.shared_coauthors)),
            c.papers_together,
        )
        for c in candidates
    ]


def describe(candidate: Candidate) -> list[str]:
    """The evidence of a candidate pair as short lines, for people to judge."""
    first, second = candidate.first, candidate.second
    lines = [
        f"given names '{first.given_name or '-'}' and '{second.given_name or '-'}' agree "
        f"{candidate.name_agreement:.0%}"
    ]
    shared = candidate.shared_coauthors
    if shared:
        shown = ", ".join(shared[:3]) + (f" and {len(shared) - 3} more" if len(shared) > 3 else "")
        lines.append(f"{len(shared)} shared co-author{'s' if len(shared) > 1 else ''}: {shown}")
    else:
        lines.append("no shared co-authors")
    if candidate.papers_together:
        n = candidate.papers_together
        lines.append(f"listed together on {n} paper{'s' if n > 1 else ''}: likely two people")
    return lines
