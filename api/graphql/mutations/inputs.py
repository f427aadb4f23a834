"""Mutation inputs. In updates an omitted field is kept and null clears it (a title is required)."""

from __future__ import annotations

from enum import Enum

import strawberry

AUTHORS_HELP = (
    'Names in order, "Family, Given" (or "Given Family"); a name is matched to a stored author '
    "as imports match names (case, accents and initials' punctuation aside), else created."
)
CLIENT_ID_HELP = "Any string; echoed in the payload (Relay)."


@strawberry.enum(description="A format importPublications reads.")
class ImportFormat(Enum):
    PORTAL = "portal"
    BIBTEX = "bibtex"


@strawberry.input(description="A new paper. Its DOI, or its title and first author, must be new.")
class CreatePaperInput:
    title: str = strawberry.field(description="Not empty; under 1,000 characters.")
    abstract: str | None = None
    year: int | None = strawberry.field(default=None, description="From 1000 to next year.")
    venue: str | None = None
    doi: str | None = strawberry.field(
        default=None, description="10.NNNN/suffix; a doi.org URL or 'doi:' form is accepted."
    )
    url: str | None = strawberry.field(default=None, description="An http or https URL.")
    authors: list[str] = strawberry.field(description=AUTHORS_HELP)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="Changes to a paper; omitted fields keep their values.")
class UpdatePaperInput:
    id: strawberry.ID = strawberry.field(description="The paper's global ID.")
    title: str | None = strawberry.UNSET
    abstract: str | None = strawberry.UNSET
    year: int | None = strawberry.UNSET
    venue: str | None = strawberry.UNSET
    doi: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="The paper to delete; its authors stay.")
class DeletePaperInput:
    id: strawberry.ID = strawberry.field(description="The paper's global ID.")
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(
    one_of=True, description="One place in an author list: a stored author, or a name."
)
class PaperAuthorInput:
    id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A stored author's global ID."
    )
    name: str | None = strawberry.field(
        default=strawberry.UNSET,
        description='"Family, Given" or "Given Family"; matched as imports match, else created.',
    )


@strawberry.input(description="A paper's new author list, in order.")
class SetPaperAuthorsInput:
    paper_id: strawberry.ID = strawberry.field(description="The paper's global ID.")
    authors: list[PaperAuthorInput] = strawberry.field(
        description="At least one; each author once."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="A new author, with no papers yet.")
class CreateAuthorInput:
    name: str = strawberry.field(
        description='"Family, Given" or "Given Family"; no stored author may have the same name.'
    )
    orcid: str | None = strawberry.field(
        default=None, description="ORCID iD, e.g. 0000-0002-1825-0097; the check digit is checked."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="Changes to an author; the slug stays, so links keep working.")
class UpdateAuthorInput:
    id: strawberry.ID = strawberry.field(description="The author's global ID.")
    name: str | None = strawberry.UNSET
    orcid: str | None = strawberry.field(default=strawberry.UNSET, description="Null clears it.")
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="Two authors who are one person: everything of drop moves to keep.")
class MergeAuthorsInput:
    keep: strawberry.ID = strawberry.field(description="The author who stays (global ID).")
    drop: strawberry.ID = strawberry.field(
        description="The author merged away; their slug keeps leading to keep."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)
