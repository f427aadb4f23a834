"""The root Mutation type: each field checks the API key, validates, and is one transaction."""

from __future__ import annotations

import strawberry

from api.graphql import group_mutations
from api.graphql.ids import to_global_id
from api.graphql.mutations.arguments import given_fields, key_of
from api.graphql.mutations.inputs import (
    CreateAuthorInput,
    CreatePaperInput,
    DeletePaperInput,
    ImportFormat,
    MergeAuthorsInput,
    SetPaperAuthorsInput,
    UpdateAuthorInput,
    UpdatePaperInput,
)
from api.graphql.mutations.payloads import (
    CreateAuthorPayload,
    CreatePaperPayload,
    DeletePaperPayload,
    ImportPublicationsPayload,
    MergeAuthorsPayload,
    SetPaperAuthorsPayload,
    UpdateAuthorPayload,
    UpdatePaperPayload,
)
from api.graphql.mutations.permissions import IsCurator
from api.graphql.mutations.transaction import write
from api.graphql.types import Author, ContextInfo, Paper
from api.identity.merge import merge_authors
from api.ingest.sources import SourceFormat
from api.writes.authors import create_author, update_author
from api.writes.authorships import AuthorRef, set_paper_authors
from api.writes.imports import import_publications
from api.writes.papers import NewPaper, create_paper, delete_paper, update_paper

_PAPER_FIELDS = ("title", "abstract", "year", "venue", "doi", "url")
_AUTHOR_FIELDS = ("name", "orcid")


async def _paper(info: ContextInfo, paper_id: int) -> Paper:
    record = await info.context.loaders.paper.load(paper_id)
    assert record is not None, "the paper was written in this request"
    return Paper.from_record(record)


async def _author(info: ContextInfo, author_id: int) -> Author:
    record = await info.context.loaders.author.load(author_id)
    assert record is not None, "the author was written in this request"
    return Author.from_record(record)


@strawberry.type(
    description=(
        "Writes; every field needs 'Authorization: Bearer KEY'. Each field is a transaction of "
        "its own, and answers null (with an error) when it wrote nothing."
    )
)
class Mutation:
    # Payloads are nullable, as Relay and most public APIs have them: a field that fails is null
    # beside the fields that succeeded, instead of nulling the whole answer and hiding writes
    # that were made.
    @strawberry.mutation(
        description="Create a paper; its authors are matched to stored ones by name, or created.",
        permission_classes=[IsCurator],
    )
    async def create_paper(
        self, info: ContextInfo, input: CreatePaperInput
    ) -> CreatePaperPayload | None:
        paper = NewPaper(
            title=input.title,
            authors=input.authors,
            abstract=input.abstract,
            year=input.year,
            venue=input.venue,
            doi=input.doi,
            url=input.url,
        )
        paper_id = await write(info, lambda session: create_paper(session, paper))
        return CreatePaperPayload(
            paper=await _paper(info, paper_id), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(
        description="Change a paper's fields; omitted ones are kept, null clears one.",
        permission_classes=[IsCurator],
    )
    async def update_paper(
        self, info: ContextInfo, input: UpdatePaperInput
    ) -> UpdatePaperPayload | None:
        paper_id = key_of(input.id, "Paper", "input.id")
        changes = given_fields(input, _PAPER_FIELDS)
        await write(
            info, lambda session: update_paper(session, paper_id, changes), shown={"id": input.id}
        )
        return UpdatePaperPayload(
            paper=await _paper(info, paper_id), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(
        description="Delete a paper and its authorships; its authors stay.",
        permission_classes=[IsCurator],
    )
    async def delete_paper(
        self, info: ContextInfo, input: DeletePaperInput
    ) -> DeletePaperPayload | None:
        paper_id = key_of(input.id, "Paper", "input.id")
        await write(info, lambda session: delete_paper(session, paper_id), shown={"id": input.id})
        return DeletePaperPayload(
            deleted_paper_id=strawberry.ID(to_global_id("Paper", paper_id)),
            client_mutation_id=input.client_mutation_id,
        )

    @strawberry.mutation(
        description="Replace a paper's author list: stored authors by ID, others by name.",
        permission_classes=[IsCurator],
    )
    async def set_paper_authors(
        self, info: ContextInfo, input: SetPaperAuthorsInput
    ) -> SetPaperAuthorsPayload | None:
        paper_id = key_of(input.paper_id, "Paper", "input.paperId")
        refs = [
            AuthorRef(author_id=key_of(place.id, "Author", f"input.authors[{index}].id"))
            if place.id
            else AuthorRef(name=place.name)
            for index, place in enumerate(input.authors)
        ]
        shown: dict[str, object] = {"id": input.paper_id}
        shown |= {f"authors[{i}].id": place.id for i, place in enumerate(input.authors) if place.id}
        await write(
            info,
            lambda session: set_paper_authors(session, paper_id, refs),
            shown=shown,
        )
        return SetPaperAuthorsPayload(
            paper=await _paper(info, paper_id), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(description="Create an author.", permission_classes=[IsCurator])
    async def create_author(
        self, info: ContextInfo, input: CreateAuthorInput
    ) -> CreateAuthorPayload | None:
        author_id = await write(
            info, lambda session: create_author(session, name=input.name, orcid=input.orcid)
        )
        return CreateAuthorPayload(
            author=await _author(info, author_id), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(
        description="Rename an author or set their ORCID iD; the slug stays.",
        permission_classes=[IsCurator],
    )
    async def update_author(
        self, info: ContextInfo, input: UpdateAuthorInput
    ) -> UpdateAuthorPayload | None:
        author_id = key_of(input.id, "Author", "input.id")
        changes = given_fields(input, _AUTHOR_FIELDS)
        await write(
            info,
            lambda session: update_author(session, author_id, changes),
            shown={"id": input.id},
        )
        return UpdateAuthorPayload(
            author=await _author(info, author_id), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(
        description=(
            "Merge two authors who are one person, as `papergraph authors merge` does; "
            "`papergraph authors unmerge` undoes it."
        ),
        permission_classes=[IsCurator],
    )
    async def merge_authors(
        self, info: ContextInfo, input: MergeAuthorsInput
    ) -> MergeAuthorsPayload | None:
        keep = key_of(input.keep, "Author", "input.keep")
        drop = key_of(input.drop, "Author", "input.drop")
        report = await write(
            info,
            lambda session: merge_authors(session, str(keep), str(drop)),
            shown={"keep": input.keep, "drop": input.drop},
        )
        return MergeAuthorsPayload(
            author=await _author(info, keep),
            dropped_author_id=strawberry.ID(to_global_id("Author", drop)),
            papers_moved=report.papers,
            client_mutation_id=input.client_mutation_id,
        )

    @strawberry.mutation(
        description=(
            "Import a publication list as `papergraph seed` does: all or nothing, idempotent, "
            "a summary back; with dryRun nothing is written."
        ),
        permission_classes=[IsCurator],
    )
    async def import_publications(
        self, info: ContextInfo, format: ImportFormat, text: str, dry_run: bool = False
    ) -> ImportPublicationsPayload | None:
        source_format = SourceFormat(format.value)
        summary = await write(
            info,
            lambda session: import_publications(session, text, source_format),
            fields_under=None,
            dry_run=dry_run,
        )
        return ImportPublicationsPayload.from_summary(summary, dry_run=dry_run)

    # Groups (labs): api/graphql/group_mutations.py.
    create_group = group_mutations.create_group_field
    add_group_member = group_mutations.add_group_member_field
    remove_group_member = group_mutations.remove_group_member_field
    delete_group = group_mutations.delete_group_field
