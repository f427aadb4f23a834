"""What mutations answer: the object written, and the client's mutation id echoed (Relay)."""

from __future__ import annotations

import strawberry

from api.graphql.types import Author, Paper
from api.ingest.load import ImportSummary


@strawberry.type
class CreatePaperPayload:
    paper: Paper
    client_mutation_id: str | None


@strawberry.type
class UpdatePaperPayload:
    paper: Paper
    client_mutation_id: str | None


@strawberry.type
class DeletePaperPayload:
    deleted_paper_id: strawberry.ID
    client_mutation_id: str | None


@strawberry.type
class SetPaperAuthorsPayload:
    paper: Paper
    client_mutation_id: str | None


@strawberry.type
class CreateAuthorPayload:
    author: Author
    client_mutation_id: str | None


@strawberry.type
class UpdateAuthorPayload:
    author: Author
    client_mutation_id: str | None


@strawberry.type
class MergeAuthorsPayload:
    author: Author = strawberry.field(description="The author kept, with the papers of both.")
    dropped_author_id: strawberry.ID
    papers_moved: int = strawberry.field(description="Papers of the dropped author.")
    client_mutation_id: str | None


@strawberry.type(description="What an import wrote, or with dryRun would have written.")
class ImportPublicationsPayload:
    papers_new: int
    papers_updated: int
    papers_unchanged: int
    authors_new: int
    authors_reused: int
    dry_run: bool

    @classmethod
    def from_summary(cls, summary: ImportSummary, *, dry_run: bool) -> ImportPublicationsPayload:
        """The payload of an import that did (or would do) ``summary``."""
        return cls(
            papers_new=summary.papers_new,
            papers_updated=summary.papers_updated,
            papers_unchanged=summary.papers_unchanged,
            authors_new=summary.authors_new,
            authors_reused=summary.authors_reused,
            dry_run=dry_run,
        )
