"""Static limits on incoming documents: size, depth and number of selected fields."""

from graphql.error import GraphQLError
from graphql.language import ast

MAX_QUERY_LENGTH = 20_000
MAX_DEPTH = 10
MAX_FIELDS = 500
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def check_document(document: ast.Document) -> list[GraphQLError]:
    """Errors for a document that nests too deep or selects too many fields.

    Introspection subtrees are not counted: the standard introspection query nests `ofType`
    deeper than any real query needs, and it is bounded by the schema itself.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, ast.FragmentDefinition)
    }
    counter = _Counter(fragments)
    for definition in document.definitions:
        if isinstance(definition, ast.OperationDefinition):
            counter.walk(definition.selection_set, 0, ())
    errors = []
    if counter.max_depth > MAX_DEPTH:
        errors.append(GraphQLError(f"Query is nested too deep (max {MAX_DEPTH} levels)."))
    if counter.fields > MAX_FIELDS:
        errors.append(GraphQLError(f"Query selects too many fields (max {MAX_FIELDS})."))
    return errors


class _Counter:
    def __init__(self, fragments: dict[str, ast.FragmentDefinition]):
        self.fragments = fragments
        self.max_depth = 0
        self.fields = 0

    def walk(self, selection_set: ast.SelectionSet | None, depth: int, seen: tuple[str, ...]):
        if selection_set is None or self.fields > MAX_FIELDS:
            return
        for selection in selection_set.selections:
            if isinstance(selection, ast.Field):
                if selection.name.value in INTROSPECTION_FIELDS:
                    continue
                self.fields += 1
                self.max_depth = max(self.max_depth, depth + 1)
                self.walk(selection.selection_set, depth + 1, seen)
            elif isinstance(selection, ast.InlineFragment):
                self.walk(selection.selection_set, depth, seen)
            elif isinstance(selection, ast.FragmentSpread):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # unknown or cyclic: validation reports it
                    continue
                self.walk(fragment.selection_set, depth, (*seen, name))
