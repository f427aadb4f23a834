"""Groups (labs) in GraphQL: the Group and GroupMembership types and the root fields."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.exports.formats import RENDERERS, ExportFormat
from api.graphql.group_loaders import GroupPaperPageKey
from api.graphql.ids import to_global_id
from api.graphql.inputs import (
    PaperFilter,
    PaperOrder,
    PublicationFormat,
    page_request,
    paper_filter_spec,
    paper_window,
)
from api.graphql.types import (
    FIRST_HELP,
    LAST_HELP,
    Author,
    Connection,
    ContextInfo,
    Node,
    Paper,
    connection,
)
from api.reads.groups import GROUP_SORT, GroupRecord, MembershipRecord
from api.reads.keyset import Window
from api.reads.papers import PaperFilterSpec

PAPERS_HELP = (
    "Papers with at least one author who was a member in the paper's year, each once; papers "
    "without a year count for current members only. Newest first unless orderBy says otherwise."
)


@strawberry.type(description="One period of an author in a group.")
class GroupMembership:
    author: Author
    role: str = strawberry.field(description="E.g. 'member', 'PhD student', 'PI'.")
    start_year: int = strawberry.field(description="First year as a member.")
    end_year: int | None = strawberry.field(description="Last year as a member; null if current.")
    current: bool = strawberry.field(description="Whether the period is open (no end year).")

    @classmethod
    def from_record(cls, record: MembershipRecord) -> GroupMembership:
        """The GraphQL view of a stored membership."""
        return cls(
            author=Author.from_record(record.author),
            role=record.role,
            start_year=record.start_year,
            end_year=record.end_year,
            current=record.current,
        )


@strawberry.type(
    description="A lab or team: its papers are those its members wrote while they were members."
)
class Group(Node):
    key: strawberry.Private[int]
    slug: str = strawberry.field(description="URL name, e.g. 'amlab'; unique.")
    name: str
    url: str | None = strawberry.field(description="The group's own website.")
    description: str | None

    @classmethod
    def from_record(cls, record: GroupRecord) -> Group:
        """The GraphQL view of a stored group."""
        return cls(
            key=record.id,
            id=strawberry.ID(to_global_id("Group", record.id)),
            slug=record.slug,
            name=record.name,
            url=record.url,
            description=record.description,
        )

    @strawberry.field(
        description="Membership periods by family name, then start year; current: true for "
        "open periods only, false for ended ones only, null (default) for all."
    )
    async def members(
        self, info: ContextInfo, current: bool | None = None
    ) -> list[GroupMembership]:
        found = await info.context.loaders.groups.members.load((self.key, current))
        return [GroupMembership.from_record(record) for record in found]

    @strawberry.field(description=PAPERS_HELP)
    async def papers(
        self,
        info: ContextInfo,
        first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
        after: str | None = None,
        last: Annotated[int | None, strawberry.argument(description=LAST_HELP)] = None,
        before: str | None = None,
        filter: PaperFilter | None = None,
        order_by: PaperOrder | None = None,
    ) -> Connection[Paper]:
        context = info.context
        page = page_request(context.settings, first=first, after=after, last=last, before=before)
        spec = paper_filter_spec(filter)
        window = paper_window(order_by, page)
        loaders = context.loaders.groups
        loaded = await loaders.paper_page.load(GroupPaperPageKey(self.key, spec, window))
        papers = loaded.map(Paper.from_record)
        return connection(papers, lambda: loaders.paper_total.load((self.key, spec)))

    @strawberry.field(description="How many papers the group has (see papers).")
    async def paper_count(self, info: ContextInfo) -> int:
        return await info.context.loaders.groups.paper_total.load((self.key, PaperFilterSpec()))

    @strawberry.field(
        description="All of the group's papers, newest first, as one BibTeX, CSL-JSON or RIS "
        "document; the same text GET /groups/{slug}/publications.bib|json|ris serves."
    )
    async def publications(self, info: ContextInfo, format: PublicationFormat) -> str:
        found = await info.context.loaders.groups.publications.load(self.key)
        return RENDERERS[ExportFormat(format.value)](found)


async def load_group(info: ContextInfo, key: int) -> Group | None:
    """The group with database key ``key``, for ``node(id)``."""
    record = await info.context.loaders.groups.group.load(key)
    return Group.from_record(record) if record else None


async def resolve_group(info: ContextInfo, slug: str) -> Group | None:
    """``Query.group``: the group with ``slug``, or None."""
    record = await info.context.loaders.groups.group_by_slug.load(slug)
    return Group.from_record(record) if record else None


async def resolve_groups(
    info: ContextInfo,
    first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
    after: str | None = None,
    last: Annotated[int | None, strawberry.argument(description=LAST_HELP)] = None,
    before: str | None = None,
) -> Connection[Group]:
    """``Query.groups``: a page of every group, by name."""
    context = info.context
    page = page_request(context.settings, first=first, after=after, last=last, before=before)
    loaders = context.loaders.groups
    loaded = await loaders.group_page(Window(sort=GROUP_SORT, page=page))
    groups = loaded.map(Group.from_record)
    return connection(groups, loaders.group_total)


group_field = strawberry.field(
    resolver=resolve_group, description="A group by slug; null when none has it."
)
groups_field = strawberry.field(resolver=resolve_groups, description="All groups, by name.")
