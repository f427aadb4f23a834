"""Merging one author into another, and undoing a merge exactly.

A merge moves everything of the dropped author to the author kept, in the caller's transaction:
authorships (a paper that lists both keeps one authorship, at the earlier position, and the
authors after the removed place move up one), spellings, name tokens and the ORCID iD. The
dropped author's row is deleted and a record of the merge keeps what undoing it needs: the
row, the author lists of every paper touched as they were before and after, and what was added
to the author kept. Unmerging checks that those papers still read as the merge left them and
puts every row back as it was; it refuses, saying why, when later changes stand in the way.

Both functions flush only; the caller commits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.errors import InputError
from api.identity.lookup import author_by_ref, merge_of, merged_into
from api.ingest.load import refresh_paper_counts
from api.models import author_merge_table as merges
from api.models import author_name_token_table as tokens
from api.models import author_name_variant_table as spellings
from api.models import author_table, authorship_table
from api.models import group_membership_table as group_memberships

_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge did."""

    keep_slug: str
    dropped_slug: str
    papers: int
    collapsed: int
    spellings: int
    orcid_moved: bool


@dataclass(frozen=True, slots=True)
class UnmergeReport:
    """What an unmerge restored."""

    keep_slug: str
    restored_slug: str
    papers: int


def merge_authors(session: Session, keep_ref: str, drop_ref: str) -> MergeReport:
    """Merge the author ``drop_ref`` into ``keep_ref`` (slugs, or ids in digits).

    Raises:
        InputError: An author is unknown or already merged, both are the same author, or they
            hold different ORCID iDs.
    """
    keep = _live_author(session, keep_ref, "keep")
    drop = _live_author(session, drop_ref, "drop")
    if keep.id == drop.id:
        raise InputError(f"cannot merge '{keep.slug}' into itself", field="drop")
    if keep.orcid and drop.orcid:
        raise InputError(
            f"cannot merge '{drop.slug}' into '{keep.slug}': they have different ORCID iDs "
            f"({drop.orcid} and {keep.orcid}), so they are different people",
            field="drop",
        )

    before = _author_lists(session, _papers_of(session, drop.id))
    after = {paper: _collapse(rows, keep=keep.id, drop=drop.id) for paper, rows in before.items()}
    _replace_author_lists(session, after)
    moved_spellings = _move(session, spellings, ("variant", "match_key"), drop.id, keep.id)
    moved_tokens = _move(session, tokens, ("token",), drop.id, keep.id)
    moved_memberships = _move_memberships(session, drop.id, keep.id)
    session.execute(delete(author_table).where(author_table.c.id == drop.id))
    keep_before: dict[str, Any] = {}
    if drop.orcid:
        keep_before = {"orcid": keep.orcid, "updated_at": _encode(keep.updated_at)}
        session.execute(
            update(author_table)
            .where(author_table.c.id == keep.id)
            .values(orcid=drop.orcid, updated_at=func.now())
        )
    refresh_paper_counts(session, [keep.id])
    undo = {
        "dropped": _encode_row(drop._mapping),
        "keep": keep_before,
        "papers": {
            str(paper): {"before": rows, "after": after[paper]} for paper, rows in before.items()
        },
        "spellings": moved_spellings,
        "tokens": moved_tokens,
        "memberships": moved_memberships,
    }
    session.execute(
        insert(merges).values(
            keep_author_id=keep.id,
            keep_slug=keep.slug,
            dropped_author_id=drop.id,
            dropped_slug=drop.slug,
            undo=undo,
        )
    )
    bump_data_version(session)
    return MergeReport(
        keep_slug=keep.slug,
        dropped_slug=drop.slug,
        papers=len(before),
        collapsed=sum(len(before[p]) - len(after[p]) for p in before),
        spellings=len(moved_spellings["dropped"]),
        orcid_moved=bool(drop.orcid),
    )


def unmerge_author(session: Session, dropped_ref: str) -> UnmergeReport:
    """Undo the merge that dropped ``dropped_ref`` (its old slug, or its old id in digits).

    Raises:
        InputError: Nothing by that name was merged, or later changes prevent an exact undo.
    """
    record = merge_of(session, dropped_ref)
    if record is None:
        if author_by_ref(session, dropped_ref) is not None:
            raise InputError(f"'{dropped_ref}' is an author that is not merged", field="author")
        raise InputError(f"no merged author has slug or id '{dropped_ref}'", field="author")
    undo = record.undo
    dropped = _decode_row(undo["dropped"])
    keep = session.execute(select(author_table).where(author_table.c.id == record.keep_author_id))
    keep_row = keep.first()
    if keep_row is None or keep_row.slug != record.keep_slug:
        now = merged_into(session, record.keep_slug) or "another author"
        raise InputError(
            f"cannot unmerge '{record.dropped_slug}': '{record.keep_slug}' was merged into "
            f"'{now}' since; unmerge '{record.keep_slug}' first",
            field="author",
        )
    _check_restorable(session, record, dropped, keep_row)

    if undo["keep"]:
        restored = _decode_row(undo["keep"])
        session.execute(
            update(author_table).where(author_table.c.id == keep_row.id).values(**restored)
        )
    restored_id = _restore_author(session, dropped)
    before = {
        int(paper): [_renumbered(row, dropped["id"], restored_id) for row in lists["before"]]
        for paper, lists in undo["papers"].items()
    }
    _replace_author_lists(session, before)
    _restore(
        session, spellings, ("variant", "match_key"), undo["spellings"], keep_row.id, restored_id
    )
    _restore(session, tokens, ("token",), undo["tokens"], keep_row.id, restored_id)
    _move_memberships(session, keep_row.id, restored_id, only=undo.get("memberships", []))
    session.execute(delete(merges).where(merges.c.id == record.id))
    refresh_paper_counts(session, [keep_row.id, restored_id])
    bump_data_version(session)
    return UnmergeReport(
        keep_slug=record.keep_slug, restored_slug=record.dropped_slug, papers=len(before)
    )


def _restore_author(session: Session, dropped: dict[str, Any]) -> int:
    """Insert the merged author's row again, under its old id unless another author has it.

    SQLite gives the next row the largest id plus one, so when the merged author had the
    largest id, the next author imported gets it; the author then comes back under a new id.
    """
    row = _known_columns(dropped)
    if session.scalar(select(author_table.c.id).where(author_table.c.id == row["id"])):
        del row["id"]
    inserted = session.execute(insert(author_table).values(**row).returning(author_table.c.id))
    return int(inserted.scalar_one())


def _renumbered(row: dict[str, Any], old_id: int, new_id: int) -> dict[str, Any]:
    return {**row, "author_id": new_id} if row["author_id"] == old_id else row


def _live_author(session: Session, ref: str, role: str) -> Any:
    row = author_by_ref(session, ref)
    if row is not None:
        return row
    now = merged_into(session, ref)
    if now is not None:
        raise InputError(f"'{ref}' was merged into '{now}' already", field=role)
    raise InputError(f"no author has slug or id '{ref}'", field=role)


def _papers_of(session: Session, author_id: int) -> list[int]:
    return list(
        session.scalars(
            select(authorship_table.c.paper_id)
            .where(authorship_table.c.author_id == author_id)
            .order_by(authorship_table.c.paper_id)
        )
    )


def _author_lists(session: Session, paper_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every authorship row of these papers, encoded, in position order per paper."""
    lists: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(paper_ids), _BATCH):
        rows = session.execute(
            select(authorship_table)
            .where(authorship_table.c.paper_id.in_(paper_ids[start : start + _BATCH]))
            .order_by(authorship_table.c.paper_id, authorship_table.c.position)
        )
        for row in rows:
            lists[row.paper_id].append(_encode_row(row._mapping))
    return {paper: lists[paper] for paper in paper_ids}


def _collapse(rows: list[dict[str, Any]], *, keep: int, drop: int) -> list[dict[str, Any]]:
    """The author list with ``drop`` read as ``keep``; a second place of ``keep`` is removed."""
    result: list[dict[str, Any]] = []
    removed = 0
    for row in rows:
        author = keep if row["author_id"] == drop else row["author_id"]
        if author == keep and any(kept["author_id"] == keep for kept in result):
            removed += 1
            continue
        result.append({**row, "author_id": author, "position": row["position"] - removed})
    return result


def _replace_author_lists(session: Session, lists: dict[int, list[dict[str, Any]]]) -> None:
    papers = sorted(lists)
    for start in range(0, len(papers), _BATCH):
        session.execute(
            delete(authorship_table).where(
                authorship_table.c.paper_id.in_(papers[start : start + _BATCH])
            )
        )
    rows = [_decode_row(row) for paper in papers for row in lists[paper]]
    for start in range(0, len(rows), _BATCH):
        session.execute(insert(authorship_table), rows[start : start + _BATCH])


def _move(
    session: Session, table: Any, columns: tuple[str, ...], drop: int, keep: int
) -> dict[str, list[list[Any]]]:
    """Give ``keep`` the rows of ``drop`` it lacks; returns the dropped rows and those added."""
    values = [table.c[name] for name in columns]
    owned = {
        tuple(row) for row in session.execute(select(*values).where(table.c.author_id == keep))
    }
    of_drop = select(*values).where(table.c.author_id == drop).order_by(*values)
    dropped = [list(row) for row in session.execute(of_drop)]
    added = [row for row in dropped if tuple(row) not in owned]
    session.execute(delete(table).where(table.c.author_id == drop))
    if added:
        rows = [{"author_id": keep, **dict(zip(columns, row, strict=True))} for row in added]
        session.execute(insert(table), rows)
    return {"dropped": dropped, "added": added}


def _move_memberships(
    session: Session, from_author: int, to_author: int, *, only: list[int] | None = None
) -> list[int]:
    """Hand group memberships to another author, keeping their ids so an unmerge is exact.

    Returns the ids moved; ``only`` limits the move to those ids (the undo of a merge).
    """
    chosen = group_memberships.c.author_id == from_author
    if only is not None:
        if not only:
            return []
        chosen = chosen & group_memberships.c.id.in_(only)
    ids = list(session.scalars(select(group_memberships.c.id).where(chosen)))
    if ids:
        session.execute(
            update(group_memberships)
            .where(group_memberships.c.id.in_(ids))
            .values(author_id=to_author)
        )
    return ids


def _restore(
    session: Session,
    table: Any,
    columns: tuple[str, ...],
    moved: dict[str, list[list[Any]]],
    keep: int,
    restored: int,
) -> None:
    for row in moved["added"]:
        matches = [table.c[name] == value for name, value in zip(columns, row, strict=True)]
        session.execute(delete(table).where(table.c.author_id == keep, *matches))
    if moved["dropped"]:
        session.execute(
            insert(table),
            [
                {"author_id": restored, **dict(zip(columns, row, strict=True))}
                for row in moved["dropped"]
            ],
        )


def _check_restorable(session: Session, record: Any, dropped: dict[str, Any], keep: Any) -> None:
    if session.scalar(select(author_table.c.id).where(author_table.c.slug == dropped["slug"])):
        raise InputError(
            f"cannot unmerge '{record.dropped_slug}': another author has that slug now",
            field="author",
        )
    undo = record.undo
    if undo["keep"] and keep.orcid != dropped.get("orcid"):
        raise InputError(
            f"cannot unmerge '{record.dropped_slug}': the ORCID iD of '{keep.slug}' changed "
            "since the merge",
            field="author",
        )
    expected = {int(paper): lists["after"] for paper, lists in undo["papers"].items()}
    current = _author_lists(session, sorted(expected))
    for paper in sorted(expected):
        if current[paper] != expected[paper]:
            raise InputError(
                f"cannot unmerge '{record.dropped_slug}': the authors of paper {paper} changed "
                "since the merge, so it cannot be restored exactly",
                field="author",
            )


def _known_columns(row: dict[str, Any]) -> dict[str, Any]:
    # A column added after the merge was recorded takes its default.
    return {name: value for name, value in row.items() if name in author_table.c}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    return value


def _encode_row(mapping: Any) -> dict[str, Any]:
    """A row as JSON: datetimes and dates tagged, so they come back as they were."""
    return {str(name): _encode(value) for name, value in mapping.items()}


def _decode_row(data: dict[str, Any]) -> dict[str, Any]:
    return {name: _decode(value) for name, value in data.items()}
