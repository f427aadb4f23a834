"""Compile an operation's selection into one SQL statement that returns the answer as JSON.

Supported, up to four lists deep (:data:`MAX_LIST_DEPTH`): ``Query.paper(id)``,
``Query.author(id | slug)``, ``Query.papers`` and ``Author.papers`` (``first``, ``after``,
``orderBy``, filters on year, venue and title) with ``totalCount``, ``nodes``,
``edges { cursor node }`` and ``pageInfo`` (see :mod:`api.graphql.compiled.pages`), forward
pages only; the stored fields of ``Paper`` and ``Author``, ``Paper.authors``,
``Paper.authorCount`` and ``__typename``. Aliases and variables are fine. Anything else raises
:class:`Unsupported` and the resolvers answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from dataclasses import field as default
from itertools import count
from typing import Any

import sqlalchemy as sa
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.utilities import get_operation_ast
from strawberry import Schema
from strawberry.types.arguments import convert_arguments

from api.errors import InputError
from api.graphql.compiled.json_sql import JsonSql
from api.graphql.compiled.pages import EACH, PAGE_INFO_FIELDS, SORT_VALUES_KEY, PageFinish, Path
from api.graphql.ids import MAX_KEY, from_global_id
from api.graphql.inputs import page_request, paper_filter_spec, paper_window
from api.reads.authors import AUTHOR_COLUMNS
from api.reads.keyset import Window, paged_statement
from api.reads.papers import (
    PaperFilterSpec,
    author_table,
    authorship_table,
    paper_conditions,
    paper_table,
)
from api.settings import Settings

_PAPER_COLUMNS = {
    "title": "title",
    "abstract": "abstract",
    "year": "year",
    "venue": "venue",
    "doi": "doi",
    "url": "url",
}
_AUTHOR_COLUMNS = {
    "slug": "slug",
    "name": "name",
    "givenName": "given_name",
    "familyName": "family_name",
    "orcid": "orcid",
    "paperCount": "paper_count",
}


# Lists nested in lists (papers > authors > papers ...) nest subqueries; SQLite's parser runs
# out of stack a little beyond four, and deeper reads are rare enough for the resolvers.
MAX_LIST_DEPTH = 4


class Unsupported(Exception):
    """The operation needs the resolvers."""


Columns = Any  # a ColumnCollection of a table or subquery with the entity's columns


class Compiler:
    """One operation's compilation; ``compile`` is the entry point."""

    def __init__(self, schema: Schema, settings: Settings, json: JsonSql) -> None:
        self.schema = schema
        self.graphql_schema: GraphQLSchema = schema._schema
        self.settings = settings
        self.json = json
        self.variables: VariableValues | None = None
        self._names = count(1)
        self._lists = 0
        # Where the value being compiled sits in the answer, and what Python finishes there.
        self._path: list[str | None] = []
        self._finishes: list[PageFinish] = []
        self._bindings: list[Binding] = []

    def compile(
        self, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
    ) -> CompiledQuery:
        """The statement answering the operation; raises :class:`Unsupported`."""
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation is not OperationType.QUERY:
            raise Unsupported
        if any(not isinstance(d, OperationDefinitionNode) for d in document.definitions):
            raise Unsupported  # fragments
        coerced = get_variable_values(
            self.graphql_schema, operation.variable_definitions or (), variables or {}
        )
        if not isinstance(coerced, VariableValues):
            raise Unsupported
        self.variables = coerced
        if all(
            isinstance(root, FieldNode) and root.name.value == "__typename"
            for root in operation.selection_set.selections
        ):
            raise Unsupported  # nothing to read: a statement would only cost a round trip
        query_type = self.graphql_schema.query_type
        assert query_type is not None
        answer = self._object(query_type, operation.selection_set, self._root_field)
        # As text: the driver would otherwise decode PostgreSQL's json with the slower json.
        statement = sa.select(sa.cast(answer, sa.Text).label("data"))
        bindings = _used_once(self._bindings, operation.selection_set)
        return CompiledQuery(statement, tuple(self._finishes), bindings)

    def _bound(
        self, node: FieldNode, argument: str, value: object, convert: Callable[[object], object]
    ) -> sa.BindParameter[Any]:
        """``value`` as a parameter; given by a variable, later values of it are bound alike.

        A paper page asks for a different ID each time: binding the ID's variable lets one
        statement serve them all instead of compiling one per ID.
        """
        converted = convert(value)
        given = next((a.value for a in node.arguments or () if a.name.value == argument), None)
        if not isinstance(given, VariableNode):
            return sa.bindparam(None, converted, unique=True)
        parameter = f"variable_{given.name.value}_{next(self._names)}"
        self._bindings.append(Binding(parameter, given.name.value, convert))
        return sa.bindparam(parameter, converted)

    # --- walking selections ---------------------------------------------------------------

    def _fields(self, selection_set: SelectionSetNode) -> list[FieldNode]:
        fields: list[FieldNode] = []
        keys: set[str] = set()
        for selection in selection_set.selections:
            if not isinstance(selection, FieldNode) or selection.directives:
                raise Unsupported
            key = (selection.alias or selection.name).value
            if key in keys:
                raise Unsupported  # the same key twice needs field merging
            keys.add(key)
            fields.append(selection)
        return fields

    def _object(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode | None,
        value_of: Callable[[GraphQLObjectType, FieldNode], sa.ColumnElement[Any]],
        hidden: Callable[[], sa.ColumnElement[Any]] | None = None,
    ) -> sa.ColumnElement[Any]:
        if selection_set is None:
            raise Unsupported
        pairs: list[tuple[str, sa.ColumnElement[Any]]] = []
        for node in self._fields(selection_set):
            key = (node.alias or node.name).value
            if node.name.value == "__typename":
                pairs.append((key, sa.literal_column(f"'{parent.name}'", sa.Text)))
                continue
            self._path.append(key)
            pairs.append((key, value_of(parent, node)))
            self._path.pop()
        if hidden is not None:
            pairs.append((SORT_VALUES_KEY, hidden()))
        return self.json.object(pairs)

    def _arguments(self, parent: GraphQLObjectType, node: FieldNode) -> dict[str, Any]:
        field_def: GraphQLField = parent.fields[node.name.value]
        try:
            raw = get_argument_values(field_def, node, self.variables)
        except Exception as error:
            raise Unsupported from error
        strawberry_field = self.schema.get_field_for_type(node.name.value, parent.name)
        assert strawberry_field is not None
        return convert_arguments(
            raw,
            strawberry_field.arguments,
            scalar_registry=self.schema.schema_converter.scalar_registry,
            config=self.schema.config,
        )

    def _type_of(self, parent: GraphQLObjectType, node: FieldNode) -> GraphQLObjectType:
        named: GraphQLNamedType = get_named_type(parent.fields[node.name.value].type)
        if not isinstance(named, GraphQLObjectType):
            raise Unsupported  # interfaces and unions
        return named

    # --- the root ---------------------------------------------------------------------------

    def _root_field(self, parent: GraphQLObjectType, node: FieldNode) -> sa.ColumnElement[Any]:
        name = node.name.value
        if name not in ("paper", "author", "papers"):
            raise Unsupported
        arguments = self._arguments(parent, node)
        target = self._type_of(parent, node)
        if name == "paper":
            key = self._bound(node, "id", arguments["id"], _paper_key)
            row = sa.select(
                self._object(target, node.selection_set, self._paper_field(paper_table.c))
            ).where(paper_table.c.id == key)
            return self.json.nested(row.scalar_subquery())
        if name == "author":
            if (arguments.get("id") is None) == (arguments.get("slug") is None):
                raise Unsupported
            if arguments.get("id") is not None:
                key = self._bound(node, "id", arguments["id"], _author_key)
                condition = author_table.c.id == key
            else:
                # A merged author's slug leads elsewhere; only a stored slug is compiled, and
                # the extension sends a null author (perhaps merged) to the resolvers.
                slug = self._bound(node, "slug", arguments["slug"], _slug)
                condition = author_table.c.slug == slug
            row = sa.select(
                self._object(target, node.selection_set, self._author_field(author_table.c))
            ).where(condition)
            return self.json.nested(row.scalar_subquery())
        if name == "papers":
            return self._papers_connection(target, node, arguments, author_id=None)
        raise Unsupported

    # --- papers and authors -----------------------------------------------------------------

    def _paper_field(
        self, columns: Columns
    ) -> Callable[[GraphQLObjectType, FieldNode], sa.ColumnElement[Any]]:
        def value(parent: GraphQLObjectType, node: FieldNode) -> sa.ColumnElement[Any]:
            name = node.name.value
            if name in _PAPER_COLUMNS:
                return columns[_PAPER_COLUMNS[name]]  # type: ignore[no-any-return]
            if name == "id":
                return self.json.global_id("Paper", columns.id)
            if name == "authorCount":
                counted = (
                    sa.select(sa.func.count())
                    .select_from(authorship_table)
                    .where(authorship_table.c.paper_id == columns.id)
                    .correlate_except(authorship_table)
                )
                return counted.scalar_subquery()
            if name == "authors":
                return self._paper_authors(self._type_of(parent, node), node, columns.id)
            raise Unsupported

        return value

    def _paper_authors(
        self, author_type: GraphQLObjectType, node: FieldNode, paper_id: sa.ColumnElement[Any]
    ) -> sa.ColumnElement[Any]:
        rows = (
            sa.select(*AUTHOR_COLUMNS, authorship_table.c.position)
            .join(authorship_table, authorship_table.c.author_id == author_table.c.id)
            .where(authorship_table.c.paper_id == paper_id)
            .order_by(authorship_table.c.position)
            .correlate_except(authorship_table, author_table)
            .subquery(self._name("authors"))
        )
        with self._nested_list():
            element = self._object(author_type, node.selection_set, self._author_field(rows.c))
        listed = sa.select(self.json.array(element, [rows.c.position])).select_from(rows)
        return self.json.nested(listed.scalar_subquery())

    def _author_field(
        self, columns: Columns
    ) -> Callable[[GraphQLObjectType, FieldNode], sa.ColumnElement[Any]]:
        def value(parent: GraphQLObjectType, node: FieldNode) -> sa.ColumnElement[Any]:
            name = node.name.value
            if name in _AUTHOR_COLUMNS:
                return columns[_AUTHOR_COLUMNS[name]]  # type: ignore[no-any-return]
            if name == "id":
                return self.json.global_id("Author", columns.id)
            if name == "papers":
                arguments = self._arguments(parent, node)
                target = self._type_of(parent, node)
                return self._papers_connection(target, node, arguments, author_id=columns.id)
            raise Unsupported

        return value

    # --- connections ------------------------------------------------------------------------

    def _papers_connection(
        self,
        connection_type: GraphQLObjectType,
        node: FieldNode,
        arguments: dict[str, Any],
        *,
        author_id: sa.ColumnElement[Any] | None,
    ) -> sa.ColumnElement[Any]:
        try:
            page = page_request(
                self.settings,
                first=arguments.get("first"),
                after=arguments.get("after"),
                last=arguments.get("last"),
                before=arguments.get("before"),
            )
            spec = paper_filter_spec(arguments.get("filter"))
            window = paper_window(arguments.get("order_by"), page, searching=False)
            window.bounds()  # a bad cursor is the resolvers' to report
        except InputError as error:
            raise Unsupported from error
        if page.backward or page.before is not None or not _plain(spec):
            raise Unsupported
        path = tuple(self._path)
        finish = _FinishBuilder(path, page.size, has_previous=page.after is not None)

        def value(parent: GraphQLObjectType, field: FieldNode) -> sa.ColumnElement[Any]:
            name = field.name.value
            key = (field.alias or field.name).value
            if name == "totalCount":
                return self._total(spec, author_id)
            if name == "nodes":
                finish.nodes_keys.append(key)
                paper_type = self._type_of(parent, field)
                return self._page(
                    spec,
                    window,
                    author_id,
                    _stored_fields(field.selection_set),
                    lambda c: self._object(paper_type, field.selection_set, self._paper_field(c)),
                    look_ahead=finish.look_ahead,
                )
            if name == "edges":
                edge_type = self._type_of(parent, field)
                if field.selection_set is None:
                    raise Unsupported
                edge_fields = self._fields(field.selection_set)
                cursor_keys = [
                    (f.alias or f.name).value for f in edge_fields if f.name.value == "cursor"
                ]
                finish.edges.append((key, tuple(cursor_keys)))
                nodes = [f.selection_set for f in edge_fields if f.name.value == "node"]
                return self._page(
                    spec,
                    window,
                    author_id,
                    set().union(*(_stored_fields(n) for n in nodes)),
                    lambda c: self._object(edge_type, field.selection_set, self._edge_field(c)),
                    look_ahead=finish.look_ahead,
                )
            if name == "pageInfo":
                finish.page_infos.append((key, _page_info_fields(field)))
                return sa.null()
            raise Unsupported

        finish.look_ahead = _asks_for_page_info(node.selection_set, self._fields)
        hidden = None
        if finish.look_ahead:

            def hidden() -> sa.ColumnElement[Any]:
                return self._sort_values(spec, window, author_id)

        answer = self._object(connection_type, node.selection_set, value, hidden)
        if finish.look_ahead:
            self._finishes.append(finish.build())
        return self.json.nested(sa.select(answer).scalar_subquery())

    def _edge_field(
        self, columns: Columns
    ) -> Callable[[GraphQLObjectType, FieldNode], sa.ColumnElement[Any]]:
        def value(parent: GraphQLObjectType, node: FieldNode) -> sa.ColumnElement[Any]:
            if node.name.value == "cursor":
                return sa.null()  # written by PageFinish, from the hidden sort values
            if node.name.value != "node":
                raise Unsupported
            paper_type = self._type_of(parent, node)
            return self._object(paper_type, node.selection_set, self._paper_field(columns))

        return value

    def _base(
        self,
        spec: PaperFilterSpec,
        author_id: sa.ColumnElement[Any] | None,
        fields: Collection[str] = (),
    ) -> sa.Select[Any]:
        # Only the columns the selection shows: a page is sorted from all the author's papers,
        # and abstracts would make every row sorted some kilobytes wider.
        columns = [paper_table.c.id, *(paper_table.c[_PAPER_COLUMNS[f]] for f in sorted(fields))]
        statement = sa.select(*columns).where(*paper_conditions(spec))
        if author_id is None:
            return statement.correlate_except(paper_table)
        return (
            statement.join(authorship_table, authorship_table.c.paper_id == paper_table.c.id)
            .where(authorship_table.c.author_id == author_id)
            .correlate_except(paper_table, authorship_table)
        )

    def _total(
        self, spec: PaperFilterSpec, author_id: sa.ColumnElement[Any] | None
    ) -> sa.ColumnElement[Any]:
        rows = self._base(spec, author_id).with_only_columns(sa.func.count())
        if author_id is None:
            rows = rows.select_from(paper_table)
        return rows.scalar_subquery()

    def _page(
        self,
        spec: PaperFilterSpec,
        window: Window,
        author_id: sa.ColumnElement[Any] | None,
        fields: set[str],
        element_of: Callable[[Columns], sa.ColumnElement[Any]],
        *,
        look_ahead: bool,
    ) -> sa.ColumnElement[Any]:
        # With page info asked for, the look-ahead row stays, for PageFinish to trim.
        size = window.page.size + 1 if look_ahead else window.page.size
        rows, _, order = self._page_rows(spec, window, author_id, fields, size)
        with self._nested_list():
            element = element_of(rows.c)
        listed = sa.select(self.json.array(element, order)).select_from(rows)
        return self.json.nested(listed.scalar_subquery())

    def _sort_values(
        self, spec: PaperFilterSpec, window: Window, author_id: sa.ColumnElement[Any] | None
    ) -> sa.ColumnElement[Any]:
        rows, sort, order = self._page_rows(spec, window, author_id, (), window.page.size + 1)
        listed = sa.select(self.json.array(self.json.values(sort), order)).select_from(rows)
        return self.json.nested(listed.scalar_subquery())

    def _page_rows(
        self,
        spec: PaperFilterSpec,
        window: Window,
        author_id: sa.ColumnElement[Any] | None,
        fields: Collection[str],
        size: int,
    ) -> tuple[sa.Subquery, list[sa.ColumnElement[Any]], list[sa.ColumnElement[Any]]]:
        """A page's rows as a subquery, their sort columns, and the page's order over them."""
        paged = paged_statement(self._base(spec, author_id, fields), window, partition=None)
        rows = paged.limit(size).subquery(self._name("page"))
        sort: list[sa.ColumnElement[Any]] = [
            rows.c[f"page_sort_{i}"] for i in range(len(window.sort))
        ]
        order: list[sa.ColumnElement[Any]] = [
            column.desc() if key.descending else column.asc()
            for column, key in zip(sort, window.sort, strict=True)
        ]
        return rows, sort, order

    @contextmanager
    def _nested_list(self) -> Iterator[None]:
        self._lists += 1
        if self._lists > MAX_LIST_DEPTH:
            raise Unsupported
        self._path.append(EACH)
        try:
            yield
        finally:
            self._path.pop()
            self._lists -= 1

    def _name(self, kind: str) -> str:
        return f"compiled_{kind}_{next(self._names)}"


@dataclass(frozen=True, slots=True)
class Binding:
    """A statement parameter that takes a variable's value, converted as the argument is."""

    parameter: str
    variable: str
    # Raises Unsupported for a value the resolvers must judge (a malformed or foreign ID).
    convert: Callable[[object], object]


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A compiled operation: its statement, and what Python finishes in the answer.

    The statement serves every request whose variables agree with the compiled one's except
    for the ``bindings``' variables, whose values :meth:`parameters` turns into parameters.
    """

    statement: sa.Select[Any]
    finishes: tuple[PageFinish, ...]
    bindings: tuple[Binding, ...] = ()
    # The statement as text for each driver (api.graphql.compiled.raw), made on first use.
    texts: dict[str, Any] = default(default_factory=dict, compare=False)

    @property
    def bound_variables(self) -> frozenset[str]:
        """The variables whose values the statement takes as parameters."""
        return frozenset(binding.variable for binding in self.bindings)

    def parameters(self, variables: dict[str, Any]) -> dict[str, object] | None:
        """The parameters for ``variables``, or None when one needs the resolvers' judgement."""
        values: dict[str, object] = {}
        for binding in self.bindings:
            if binding.variable not in variables:
                return None
            try:
                values[binding.parameter] = binding.convert(variables[binding.variable])
            except Unsupported:
                return None
        return values

    def answer(self, data: dict[str, Any]) -> dict[str, Any]:
        """The statement's parsed result, finished: cursors and page info written in."""
        for finish in self.finishes:
            finish.apply(data)
        return data


@dataclass(slots=True)
class _FinishBuilder:
    path: Path
    size: int
    has_previous: bool
    look_ahead: bool = False
    nodes_keys: list[str] = default(default_factory=list)
    edges: list[tuple[str, tuple[str, ...]]] = default(default_factory=list)
    page_infos: list[tuple[str, tuple[tuple[str, str], ...]]] = default(default_factory=list)

    def build(self) -> PageFinish:
        return PageFinish(
            path=self.path,
            size=self.size,
            has_previous=self.has_previous,
            nodes_keys=tuple(self.nodes_keys),
            edges=tuple(self.edges),
            page_infos=tuple(self.page_infos),
        )


def _asks_for_page_info(
    selection_set: SelectionSetNode | None, fields: Callable[[SelectionSetNode], list[FieldNode]]
) -> bool:
    """Whether a connection's selection asks for page info or edge cursors."""
    if selection_set is None:
        return False
    for child in fields(selection_set):
        if child.name.value == "pageInfo":
            return True
        edges = child.selection_set if child.name.value == "edges" else None
        if edges is not None and any(edge.name.value == "cursor" for edge in fields(edges)):
            return True
    return False


def _page_info_fields(field: FieldNode) -> tuple[tuple[str, str], ...]:
    if field.selection_set is None:
        raise Unsupported
    chosen = []
    for selection in field.selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise Unsupported
        name = selection.name.value
        if name not in PAGE_INFO_FIELDS and name != "__typename":
            raise Unsupported
        chosen.append(((selection.alias or selection.name).value, name))
    return tuple(chosen)


def _stored_fields(selection_set: SelectionSetNode | None) -> set[str]:
    """The stored paper fields a selection asks for directly."""
    if selection_set is None:
        return set()
    return {
        field.name.value
        for field in selection_set.selections
        if isinstance(field, FieldNode) and field.name.value in _PAPER_COLUMNS
    }


def _plain(spec: PaperFilterSpec) -> bool:
    # Author, group and search filters bring subqueries over the same tables (or relevance
    # order); the resolvers handle them.
    return replace(spec, year_from=None, year_to=None, venue=None, title_contains=None) == (
        PaperFilterSpec()
    )


def _used_once(bindings: list[Binding], selection_set: SelectionSetNode) -> tuple[Binding, ...]:
    """The bindings whose variable appears nowhere else in the operation.

    A variable used twice shapes the statement elsewhere too; its value stays in the cache key.
    """
    uses = Counter(
        node.name.value for node in _nodes(selection_set) if isinstance(node, VariableNode)
    )
    bound = Counter(binding.variable for binding in bindings)
    return tuple(b for b in bindings if uses[b.variable] == bound[b.variable] == 1)


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    for key in node.keys:
        child = getattr(node, key, None)
        children = child if isinstance(child, tuple | list) else (child,)
        for each in children:
            if isinstance(each, Node):
                yield from _nodes(each)


def _paper_key(value: object) -> object:
    return _key(value, "Paper")


def _author_key(value: object) -> object:
    return _key(value, "Author")


def _slug(value: object) -> object:
    if not isinstance(value, str):
        raise Unsupported  # null or another type: the resolvers report it
    return value


def _key(global_id: object, type_name: str) -> int:
    # Variables arrive as JSON: an ID may be a string or an integer, never anything else.
    if not isinstance(global_id, str | int) or isinstance(global_id, bool):
        raise Unsupported
    try:
        _, key = from_global_id(str(global_id), expected={type_name})
    except InputError as error:
        raise Unsupported from error
    if not 0 < key <= MAX_KEY:
        raise Unsupported  # out of range names nothing; the resolvers say null
    return key
