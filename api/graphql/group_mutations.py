"""Mutations on groups, as ``papergraph groups`` offers them; each needs a curator's API key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry
from sqlalchemy.orm import Session

from api.errors import InputError
from api.graphql.groups import Group, GroupMembership, load_group
from api.graphql.ids import to_global_id
from api.graphql.mutations.permissions import IsCurator
from api.graphql.mutations.transaction import write
from api.graphql.types import ContextInfo
from api.groups import service
from api.groups.rules import DEFAULT_ROLE

T = TypeVar("T")
CLIENT_ID_HELP = "Any string; echoed in the payload (Relay)."


async def _write(info: ContextInfo, work: Callable[[Session], T]) -> T:
    # The services name their fields as the input does; say they belong to "input".
    try:
        return await write(info, work, fields_under=None)
    except InputError as error:
        field = f"input.{error.field}" if error.field else "input"
        raise InputError(error.message, field=field) from None


async def _group(info: ContextInfo, group_id: int) -> Group:
    group = await load_group(info, group_id)
    assert group is not None, "the group was written in this request"
    return group


@strawberry.input(description="A new group.")
class CreateGroupInput:
    slug: str = strawberry.field(description="URL name: lowercase letters, digits, hyphens.")
    name: str
    url: str | None = strawberry.field(default=None, description="An http or https URL.")
    description: str | None = None
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="A period of an author in a group.")
class AddGroupMemberInput:
    group: str = strawberry.field(description="The group's slug.")
    author: str = strawberry.field(description="The author's slug.")
    start_year: int = strawberry.field(description="First year as a member.")
    end_year: int | None = strawberry.field(
        default=None, description="Last year as a member; null if current."
    )
    role: str = DEFAULT_ROLE
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="Which memberships to remove: all of an author's, or some.")
class RemoveGroupMemberInput:
    group: str = strawberry.field(description="The group's slug.")
    author: str = strawberry.field(description="The author's slug.")
    role: str | None = strawberry.field(default=None, description="Only periods in this role.")
    start_year: int | None = strawberry.field(
        default=None, description="Only the period that starts this year."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.input(description="The group to delete; its members' authors and papers stay.")
class DeleteGroupInput:
    slug: str
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_ID_HELP)


@strawberry.type
class CreateGroupPayload:
    group: Group
    client_mutation_id: str | None


@strawberry.type
class AddGroupMemberPayload:
    group: Group
    membership: GroupMembership
    client_mutation_id: str | None


@strawberry.type
class RemoveGroupMemberPayload:
    group: Group
    removed: list[GroupMembership]
    client_mutation_id: str | None


@strawberry.type
class DeleteGroupPayload:
    deleted_group_id: strawberry.ID
    client_mutation_id: str | None


async def create_group(info: ContextInfo, input: CreateGroupInput) -> CreateGroupPayload:
    """``Mutation.createGroup``."""
    record = await _write(
        info,
        lambda session: service.create_group(
            session,
            slug=input.slug,
            name=input.name,
            url=input.url,
            description=input.description,
        ),
    )
    return CreateGroupPayload(
        group=await _group(info, record.id), client_mutation_id=input.client_mutation_id
    )


async def add_group_member(info: ContextInfo, input: AddGroupMemberInput) -> AddGroupMemberPayload:
    """``Mutation.addGroupMember``."""
    record = await _write(
        info,
        lambda session: service.add_member(
            session,
            group_slug=input.group,
            author_slug=input.author,
            start_year=input.start_year,
            end_year=input.end_year,
            role=input.role,
        ),
    )
    return AddGroupMemberPayload(
        group=await _group(info, record.group_id),
        membership=GroupMembership.from_record(record),
        client_mutation_id=input.client_mutation_id,
    )


async def remove_group_member(
    info: ContextInfo, input: RemoveGroupMemberInput
) -> RemoveGroupMemberPayload:
    """``Mutation.removeGroupMember``."""
    removed = await _write(
        info,
        lambda session: service.remove_member(
            session,
            group_slug=input.group,
            author_slug=input.author,
            role=input.role,
            start_year=input.start_year,
        ),
    )
    return RemoveGroupMemberPayload(
        group=await _group(info, removed[0].group_id),
        removed=[GroupMembership.from_record(record) for record in removed],
        client_mutation_id=input.client_mutation_id,
    )


async def delete_group(info: ContextInfo, input: DeleteGroupInput) -> DeleteGroupPayload:
    """``Mutation.deleteGroup``."""
    record = await _write(info, lambda session: service.delete_group(session, slug=input.slug))
    return DeleteGroupPayload(
        deleted_group_id=strawberry.ID(to_global_id("Group", record.id)),
        client_mutation_id=input.client_mutation_id,
    )


# Fields of the root Mutation type (api/graphql/mutations/mutation.py).
create_group_field = strawberry.mutation(
    resolver=create_group, description="Create a group.", permission_classes=[IsCurator]
)
add_group_member_field = strawberry.mutation(
    resolver=add_group_member,
    description="Record that an author was a member from startYear until endYear (null: now).",
    permission_classes=[IsCurator],
)
remove_group_member_field = strawberry.mutation(
    resolver=remove_group_member,
    description="Remove an author's memberships of a group: all, or those of a role or start.",
    permission_classes=[IsCurator],
)
delete_group_field = strawberry.mutation(
    resolver=delete_group,
    description="Delete a group and its memberships; authors and papers stay.",
    permission_classes=[IsCurator],
)
