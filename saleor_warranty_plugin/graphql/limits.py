"""Static limits on incoming documents, checked without recursion.

graphql-core 2 parses, validates and executes recursively, one Python frame (or several) per
level of nesting, and some validation rules follow fragment spreads. So before anything of it
runs, the query text is scanned (size, nesting of brackets, characters, number literals), and
the parsed document is measured per fragment (depth, fields, cycles) with explicit stacks.
"""

import logging
import re

from graphql.error import GraphQLError
from graphql.language import ast

from ..text import bad_character

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 20_000
MAX_DEPTH = 10
MAX_FIELDS = 500
MAX_NESTING = 40  # brackets of any kind; the standard introspection query needs 8
MAX_NUMBER_DIGITS = 100
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})

# error codes in `extensions.code`
INVALID_CHARACTER = "INVALID_CHARACTER"
TOO_LARGE = "TOO_LARGE"
TOO_DEEP = "TOO_DEEP"
FRAGMENT_CYCLE = "FRAGMENT_CYCLE"

_REFUSED_ESCAPE = re.compile(r"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_OPENERS = "{(["
_CLOSERS = "})]"


def refusal(code: str, message: str) -> GraphQLError:
    """A typed error for refused input; logged at debug level, never with the input."""
    logger.debug("Refused a GraphQL request: %s (%s)", code, message)
    return GraphQLError(message, extensions={"code": code})


def check_query_text(query: str) -> GraphQLError | None:
    """Refuse, before parsing, a query too long, nested too deep, with control characters,
    NUL or surrogate escapes in its strings, or a number too long to convert."""
    if len(query) > MAX_QUERY_LENGTH:
        return refusal(TOO_LARGE, f"Query is too long (max {MAX_QUERY_LENGTH} characters).")
    problem = bad_character(query)
    if problem is not None:
        return refusal(INVALID_CHARACTER, f"The query contains {problem}.")
    if _REFUSED_ESCAPE.search(query):
        return refusal(INVALID_CHARACTER, "The query contains a NUL or surrogate escape.")
    if _deepest_nesting(query) > MAX_NESTING:
        return refusal(TOO_DEEP, f"Query is nested too deep (max {MAX_NESTING} brackets).")
    if re.search(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}", _outside_strings(query)):
        return refusal(TOO_LARGE, f"A number in the query is too long (max {MAX_NUMBER_DIGITS}).")
    return None


def _outside_strings(query: str) -> str:
    return re.sub(r'"""(?:\\"""|[^"]|"(?!""))*"""|"(?:\\.|[^"\\\n])*"|#[^\n]*', '""', query)


def _deepest_nesting(query: str) -> int:
    depth = deepest = 0
    for char in _outside_strings(query):
        if char in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSERS:
            depth -= 1
    return deepest


def check_document(document: ast.Document) -> list[GraphQLError]:
    """Errors for a document that nests too deep, selects too many fields, or whose fragments
    spread each other in a cycle.

    Each fragment is measured once, after the fragments it spreads, so a chain of fragments
    each spreading the next twice costs linear time, while its fields count as often as they
    would be executed. Introspection subtrees are not counted: the standard introspection
    query nests `ofType` deeper than any real query needs, and it is bounded by the schema.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, ast.FragmentDefinition)
    }
    spreads = {name: _spread_names(f.selection_set) for name, f in fragments.items()}
    order = _dependency_order(spreads)
    if order is None:
        return [refusal(FRAGMENT_CYCLE, "Fragments spread each other in a cycle.")]
    measured: dict[str, tuple[int, int]] = {}
    for name in order:
        measured[name] = _measure(fragments[name].selection_set, measured)
    depth = fields = 0
    for definition in document.definitions:
        if isinstance(definition, ast.OperationDefinition):
            op_depth, op_fields = _measure(definition.selection_set, measured)
            depth, fields = max(depth, op_depth), fields + op_fields
    errors = []
    if depth > MAX_DEPTH:
        errors.append(refusal(TOO_DEEP, f"Query is nested too deep (max {MAX_DEPTH} levels)."))
    if fields > MAX_FIELDS:
        errors.append(refusal(TOO_LARGE, f"Query selects too many fields (max {MAX_FIELDS})."))
    return errors


def _selections(selection_set: ast.SelectionSet | None, depth: int = 0):
    """(selection, depth of the field it sits in) for every selection, inline fragments
    flattened, without recursion."""
    stack = [(selection_set, depth)]
    while stack:
        current, level = stack.pop()
        if current is None:
            continue
        for selection in current.selections:
            yield selection, level
            if isinstance(selection, ast.InlineFragment):
                stack.append((selection.selection_set, level))
            elif _counted(selection):
                stack.append((selection.selection_set, level + 1))


def _counted(selection: ast.Node) -> bool:
    return isinstance(selection, ast.Field) and selection.name.value not in INTROSPECTION_FIELDS


def _spread_names(selection_set: ast.SelectionSet) -> set[str]:
    return {
        s.name.value for s, _ in _selections(selection_set) if isinstance(s, ast.FragmentSpread)
    }


def _dependency_order(spreads: dict[str, set[str]]) -> list[str] | None:
    """Fragments ordered so each comes after those it spreads; None if they form a cycle.
    Spreads of unknown fragments are left for validation to report."""
    waiting = {name: {d for d in deps if d in spreads} for name, deps in spreads.items()}
    users: dict[str, list[str]] = {name: [] for name in spreads}
    for name, deps in waiting.items():
        for dep in deps:
            users[dep].append(name)
    ready = [name for name, deps in waiting.items() if not deps]
    order = []
    while ready:
        name = ready.pop()
        order.append(name)
        for user in users[name]:
            waiting[user].discard(name)
            if not waiting[user]:
                ready.append(user)
    return order if len(order) == len(spreads) else None


def _measure(
    selection_set: ast.SelectionSet, measured: dict[str, tuple[int, int]]
) -> tuple[int, int]:
    """(depth, fields) of a selection set, fragments taken from `measured`."""
    depth = fields = 0
    for selection, level in _selections(selection_set):
        if _counted(selection):
            fields += 1
            depth = max(depth, level + 1)
        elif isinstance(selection, ast.FragmentSpread):
            fragment_depth, fragment_fields = measured.get(selection.name.value, (0, 0))
            depth = max(depth, level + fragment_depth)
            fields = min(fields + fragment_fields, MAX_FIELDS + 1)
    return depth, fields
