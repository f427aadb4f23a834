"""The shape of a GraphQL document: how deep it nests, how many aliases and fields it has.

Fragments are measured once and reused, so the walk is linear in the document's size however
often a fragment is spread. (Strawberry's own depth and alias limiters follow every spread
afresh: a 700-byte document of fragments each spreading the next twice kept them busy for
seconds, on the event loop.) Depth and aliases count as if every spread were written out
in full; fields are counted as written, which is what bounds validation's work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    Visitor,
    visit,
)


@dataclass(frozen=True, slots=True)
class Shape:
    """Depth counts fields from the root to the deepest leaf, both included."""

    depth: int
    deepest: tuple[str, ...]
    aliases: int

    def plus(self, other: Shape) -> Shape:
        """Both selections side by side."""
        deeper = other if other.depth > self.depth else self
        return Shape(deeper.depth, deeper.deepest, self.aliases + other.aliases)


EMPTY = Shape(0, (), 0)


class ShapeWalker:
    """Measures selection sets of one document."""

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self._measured: dict[str, Shape] = {}
        self._in_progress: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None) -> Shape:
        """The shape of ``node``'s selections."""
        shape = EMPTY
        for selection in node.selections if node is not None else ():
            if isinstance(selection, FieldNode):
                shape = shape.plus(self.field(selection))
            elif isinstance(selection, InlineFragmentNode):
                shape = shape.plus(self.selection_set(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                shape = shape.plus(self.fragment(selection.name.value))
        return shape

    def field(self, node: FieldNode) -> Shape:
        """One field and what it selects."""
        below = self.selection_set(node.selection_set)
        aliases = below.aliases + (1 if node.alias is not None else 0)
        name = node.name.value
        if name.startswith("__"):
            # Introspection nests deep by design (type references); it reads no data.
            return Shape(0, (), aliases)
        return Shape(below.depth + 1, (name, *below.deepest), aliases)

    def fragment(self, name: str) -> Shape:
        """A named fragment's shape; unknown and cyclic ones (validation errors) are empty."""
        if name in self._measured:
            return self._measured[name]
        definition = self.fragments.get(name)
        if definition is None or name in self._in_progress:
            return EMPTY
        self._in_progress.add(name)
        shape = self.selection_set(definition.selection_set)
        self._in_progress.discard(name)
        self._measured[name] = shape
        return shape


class _FieldCounter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def enter_field(self, *_args: object) -> None:
        self.count += 1


def written_fields(document: DocumentNode) -> int:
    """How many fields the document's text selects, each fragment's counted once."""
    counter = _FieldCounter()
    visit(document, counter)
    return counter.count
