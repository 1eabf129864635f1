"""Executes the plugin's documents as graphql-core 2 does, without its per-field overhead.

graphql-core 2 wraps the completion of every field in promise checks and, under Saleor,
in Saleor's writer-database context manager, and builds a ``ResolveInfo`` and a path list
for every field, even one that only reads an attribute. An eligibility answer for 50 lines
completes some 2,900 fields, so that bookkeeping, not SQL or the policy, was most of its
cost. This executor follows graphql-core's ``execute`` step by step (field collection,
fragments and directives, argument values, resolver errors, null propagation, leaf
serialisation, abstract types, serial mutations, the errors' messages, paths and order)
with three differences that change no answer:

- a field served by graphene's default resolver without arguments is read directly from
  its parent (``dict.get`` or ``getattr``, as that resolver does), its ``ResolveInfo`` built
  only if completing it needs one;
- paths are linked pairs, made into lists only for an error or a resolver's ``info``;
- Saleor's writer context (``allow_writer_in_context``), entered by Saleor's patched
  graphql-core around each field's completion, is entered once per top-level field,
  around the completion of that field and so of every field below it, as before.

Resolvers must answer synchronously: the plugin's own do. A promise is resolved at once, so
the error of a rejected one is listed where its field is, not after every other error.
``tests/integration/test_executor.py`` runs the same documents through both executors.
"""

import logging
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from functools import cache, partial
from typing import Any

from graphene.types.resolver import dict_or_attr_resolver
from graphql.error import GraphQLError, GraphQLLocatedError
from graphql.execution import ExecutionResult
from graphql.execution import executor as graphql_executor
from graphql.execution.base import (
    ExecutionContext,
    ResolveInfo,
    collect_fields,
    get_field_def,
    get_operation_root_type,
)
from graphql.execution.executors.sync import SyncExecutor
from graphql.pyutils.default_ordered_dict import DefaultOrderedDict
from graphql.type import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)
from promise import Promise, is_thenable

# graphql-core's own logger, so a resolver's failure is logged where it was before
logger = logging.getLogger(graphql_executor.__name__)
_LEAF = (GraphQLScalarType, GraphQLEnumType)
_ABSTRACT = (GraphQLInterfaceType, GraphQLUnionType)


class Field:
    """What executing one field of one type needs, worked out once per schema."""

    __slots__ = ("definition", "name", "return_type", "resolver", "attname", "default")

    def __init__(self, definition: Any, name: str) -> None:
        self.definition = definition
        self.name = name
        self.return_type = definition.type
        self.resolver = definition.resolver or graphql_executor.default_resolve_fn
        self.attname: str | None = None
        self.default: Any = None
        resolver = self.resolver
        if (
            isinstance(resolver, partial)
            and resolver.func is dict_or_attr_resolver
            and len(resolver.args) == 2
            and not resolver.keywords
            and not definition.args
        ):
            self.attname, self.default = resolver.args


_FIELDS: dict[tuple[int, str, str], Field | None] = {}


def _field(schema: Any, parent_type: Any, name: str) -> Field | None:
    key = (id(schema), parent_type.name, name)
    try:
        return _FIELDS[key]
    except KeyError:
        definition = get_field_def(schema, parent_type, name)
        found = _FIELDS[key] = Field(definition, name) if definition else None
        return found


def _path(path: Any) -> list:
    """A linked path ``(parent, key)`` as graphql-core's list."""
    keys = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    return keys


def writer_context(context: Any) -> Any:
    """Saleor's writer context for a field's completion, where Saleor patched graphql-core
    to enter it (``saleor.graphql.graphql_core.patch_executor``)."""
    enter = _saleor_writer_context()
    return enter(context) if enter is not None else nullcontext()


@cache
def _saleor_writer_context() -> Any:
    """Saleor's ``allow_writer_in_context`` where its patch of graphql-core is installed
    (Saleor installs it when its settings load), else None."""
    try:
        from saleor.core.db.connection import allow_writer_in_context
        from saleor.graphql import graphql_core
    except ImportError:  # pragma: no cover - outside Saleor
        return None
    patched = getattr(graphql_core, "_patched_complete_value_catching_error", None)
    if patched is None or graphql_executor.complete_value_catching_error is not patched:
        return None
    return allow_writer_in_context


def execute(
    schema: Any,
    document_ast: Any,
    context_value: Any = None,
    variable_values: dict | None = None,
    operation_name: str | None = None,
) -> ExecutionResult:
    """As ``graphql.execution.execute`` with the sync executor and no middleware."""
    exe = ExecutionContext(
        schema, document_ast, None, context_value, variable_values or {}, operation_name,
        SyncExecutor(), None, False,
    )  # fmt: skip
    run = _Run(exe)
    try:
        data = run.operation()
    except Exception as error:  # noqa: BLE001 - graphql-core records it and answers null
        exe.errors.append(error)
        data = None
    if not exe.errors:
        return ExecutionResult(data=data)
    return ExecutionResult(data=data, errors=exe.errors)


class _Run:
    __slots__ = ("exe", "schema", "context")

    def __init__(self, exe: ExecutionContext) -> None:
        self.exe = exe
        self.schema = exe.schema
        self.context = exe.context_value

    def operation(self) -> dict | None:
        exe = self.exe
        operation = exe.operation
        root_type = get_operation_root_type(self.schema, operation)
        fields = collect_fields(
            exe, root_type, operation.selection_set, DefaultOrderedDict(list), set()
        )
        if operation.operation == "subscription":
            raise GraphQLError("Subscriptions are not served here.")
        results = {}
        for response_name, field_asts in fields.items():  # serially, for mutations too
            result = self.field(root_type, exe.root_value, field_asts, (None, response_name), True)
            if result is not _UNDEFINED:
                results[response_name] = result
        return results

    def fields(self, parent_type: Any, source: Any, fields: Any, path: Any) -> dict:
        results = {}
        for response_name, field_asts in fields.items():
            result = self.field(parent_type, source, field_asts, (path, response_name), False)
            if result is not _UNDEFINED:
                results[response_name] = result
        return results

    def info(self, field: Field, parent_type: Any, field_asts: list, path: Any) -> ResolveInfo:
        exe = self.exe
        return ResolveInfo(
            field.name, field_asts, field.return_type, parent_type, schema=self.schema,
            fragments=exe.fragments, root_value=exe.root_value, operation=exe.operation,
            variable_values=exe.variable_values, context=self.context, path=_path(path),
        )  # fmt: skip

    def field(self, parent_type: Any, source: Any, field_asts: list, path: Any, top: bool) -> Any:
        """graphql-core's ``resolve_field`` and ``complete_value_catching_error``."""
        field = _field(self.schema, parent_type, field_asts[0].name.value)
        if field is None:
            return _UNDEFINED
        site = (field, parent_type, field_asts)
        info = None
        if field.attname is not None:
            try:
                if isinstance(source, dict):
                    result = source.get(field.attname, field.default)
                else:
                    result = getattr(source, field.attname, field.default)
            except Exception as error:  # noqa: BLE001 - as a resolver's failure
                result = self.resolver_failed(error, parent_type, field)
        else:
            args = self.exe.get_argument_values(field.definition, field_asts[0])
            info = self.info(field, parent_type, field_asts, path)
            try:
                result = field.resolver(source, info, **args)
            except Exception as error:  # noqa: BLE001 - as a resolver's failure
                result = self.resolver_failed(error, parent_type, field)
        if top:
            with writer_context(self.context):
                return self.complete_catching(field.return_type, site, info, path, result)
        return self.complete_catching(field.return_type, site, info, path, result)

    @staticmethod
    def resolver_failed(error: Exception, parent_type: Any, field: Field) -> Exception:
        logger.exception(
            "An error occurred while resolving field %s.%s", parent_type.name, field.name
        )
        error.stack = sys.exc_info()[2]  # type: ignore[attr-defined]
        return error

    def complete_catching(
        self, return_type: Any, site: tuple, info: Any, path: Any, result: Any
    ) -> Any:
        if isinstance(return_type, GraphQLNonNull):
            return self.complete(return_type, site, info, path, result)
        try:
            return self.complete(return_type, site, info, path, result)
        except Exception as error:  # noqa: BLE001 - reported; the field answers null
            self.exe.report_error(error, sys.exc_info()[2])
            return None

    def complete(self, return_type: Any, site: tuple, info: Any, path: Any, result: Any) -> Any:
        kind = _kind(return_type)
        if result is None:
            if kind is _NON_NULL:
                self.non_null(return_type, site, info, path, result)
            return None
        value_kind = _value_kind(result)
        if value_kind is not _PLAIN:
            if value_kind is _THENABLE:
                try:
                    result = Promise.resolve(result).get()
                except Exception as error:  # noqa: BLE001 - as a rejected promise
                    located = GraphQLLocatedError(site[2], original_error=error, path=_path(path))
                    raise located from error
            if isinstance(result, Exception):
                raise GraphQLLocatedError(site[2], original_error=result, path=_path(path))
        if kind is _LEAF_KIND:
            serialized = return_type.serialize(result)
            if serialized is None:
                raise GraphQLError(
                    f'Expected a value of type "{return_type}" but received: {result}',
                    path=_path(path),
                )
            return serialized
        if kind is _NON_NULL:
            return self.non_null(return_type, site, info, path, result)
        if kind is _LIST:
            return self.complete_list(return_type, site, info, path, result)
        if kind is _ABSTRACT_KIND:
            info = info or self.info(site[0], site[1], site[2], path)
            return_type = self.runtime_type(return_type, site, info, result)
        if isinstance(return_type, GraphQLObjectType):
            return self.complete_object(return_type, site, info, path, result)
        raise AssertionError(f'Cannot complete value of unexpected type "{return_type}".')

    def non_null(self, return_type: Any, site: tuple, info: Any, path: Any, result: Any) -> Any:
        completed = self.complete(return_type.of_type, site, info, path, result)
        if completed is None:
            field, parent_type, field_asts = site
            raise GraphQLError(
                f"Cannot return null for non-nullable field {parent_type}.{field.name}.",
                field_asts,
                path=_path(path),
            )
        return completed

    def complete_list(
        self, return_type: Any, site: tuple, info: Any, path: Any, result: Any
    ) -> list:
        field, parent_type, _ = site
        assert isinstance(result, Iterable), (
            f"User Error: expected iterable, but did not find one for field "
            f"{parent_type}.{field.name}."
        )
        item_type = return_type.of_type
        complete = self.complete_catching
        return [complete(item_type, site, info, (path, i), item) for i, item in enumerate(result)]

    def runtime_type(self, return_type: Any, site: tuple, info: ResolveInfo, result: Any) -> Any:
        """graphql-core's ``complete_abstract_value``, up to the object's completion."""
        if return_type.resolve_type:
            runtime_type = return_type.resolve_type(result, info)
        else:
            runtime_type = graphql_executor.get_default_resolve_type_fn(result, info, return_type)
        if isinstance(runtime_type, str):
            runtime_type = self.schema.get_type(runtime_type)
        if not isinstance(runtime_type, GraphQLObjectType):
            raise GraphQLError(
                f"Abstract type {return_type} must resolve to an Object type at runtime for "
                f'field {info.parent_type}.{info.field_name} with value "{result}", received '
                f'"{runtime_type}".',
                site[2],
            )
        if not self.schema.is_possible_type(return_type, runtime_type):
            raise GraphQLError(
                f'Runtime Object type "{runtime_type}" is not a possible type for "{return_type}".',
                site[2],
            )
        return runtime_type

    def complete_object(
        self, return_type: Any, site: tuple, info: Any, path: Any, result: Any
    ) -> dict:
        if return_type.is_type_of:
            info = info or self.info(site[0], site[1], site[2], path)
            if not return_type.is_type_of(result, info):
                raise GraphQLError(
                    f'Expected value of type "{return_type}" but got: {type(result).__name__}.',
                    site[2],
                )
        subfields = self.exe.get_sub_fields(return_type, site[2])
        return self.fields(return_type, result, subfields, path)


_UNDEFINED = object()

# what completing needs to know of a type and of a value's class, worked out once each
_NON_NULL, _LEAF_KIND, _LIST = "non-null", "leaf", "list"
_ABSTRACT_KIND, _OBJECT = "abstract", "object"
_PLAIN, _THENABLE, _EXCEPTION = "plain", "thenable", "exception"
_KINDS: dict[int, tuple[Any, str]] = {}
_VALUE_KINDS: dict[type, str] = {}


def _kind(return_type: Any) -> str:
    found = _KINDS.get(id(return_type))
    if found is not None and found[0] is return_type:
        return found[1]
    if isinstance(return_type, GraphQLNonNull):
        kind = _NON_NULL
    elif isinstance(return_type, _LEAF):
        kind = _LEAF_KIND
    elif isinstance(return_type, GraphQLList):
        kind = _LIST
    elif isinstance(return_type, _ABSTRACT):
        kind = _ABSTRACT_KIND
    else:
        kind = _OBJECT
    _KINDS[id(return_type)] = (return_type, kind)  # the type is kept: its id stays its own
    return kind


def _value_kind(value: Any) -> str:
    """Whether a value is a promise or an exception: `is_thenable` and `isinstance` answer
    by the value's class alone."""
    cls = type(value)
    found = _VALUE_KINDS.get(cls)
    if found is None:
        if is_thenable(value):
            found = _THENABLE
        elif issubclass(cls, Exception):
            found = _EXCEPTION
        else:
            found = _PLAIN
        _VALUE_KINDS[cls] = found
    return found
