"""Variables checked against their declared types before graphql-core coerces them.

graphql-core 2 raises plain Python exceptions for some values (`"1e309"` for an Int overflows,
an object where an enum is expected is unhashable) and echoes the whole value in its messages.
This walk, with an explicit stack, refuses those first with a typed error naming only the
variable and the path, and refuses text PostgreSQL cannot store (NUL) or no one types
(control characters), oversized strings and lists, and too many values in all.
"""

import datetime
import decimal
import math
import os
from typing import Any

from django.core.files import File
from graphql.error import GraphQLError
from graphql.language import ast
from graphql.type import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from graphql.utils.type_from_ast import type_from_ast

from ..policy import bounds
from ..text import bad_character
from .limits import INVALID_CHARACTER, TOO_LARGE, refusal

INVALID_VALUE = "INVALID_VALUE"
MAX_STRING = 20_000
MAX_ID = 1_000
MAX_FILE_NAME = 255
MAX_LIST = 1_000
MAX_VALUES = 10_000
INT_RANGE = (-(2**31), 2**31 - 1)
LONG_STRINGS = {"JSONString": bounds.MAX_DOCUMENT_CHARS}
# what other scalars accept besides text (their own parsing checks the value)
# (the plugin's own pages pass Python values: dates, Decimals)
NOT_TEXT: dict[str, tuple[type, ...]] = {
    "ID": (int,),
    "Decimal": (int, float, decimal.Decimal),
    "DateTime": (datetime.datetime,),
    "JSONString": (dict, list, int, float),
}


def check_variables(
    schema: Any, document: ast.Document, operation_name: str | None, variables: dict | None
) -> GraphQLError | None:
    """The first problem with the variables of the operation to run, or None."""
    if not variables:
        return None
    operation = _operation(document, operation_name)
    if operation is None:
        return None  # validation names the problem
    stack: list[tuple[Any, Any, str]] = []
    for definition in operation.variable_definitions or []:
        name = definition.variable.name.value
        var_type = type_from_ast(schema, definition.type)
        if var_type is not None and variables.get(name) is not None:
            stack.append((var_type, variables[name], f"${name}"))
    count = 0
    while stack:
        var_type, value, path = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return refusal(TOO_LARGE, f"Too many values in the variables (max {MAX_VALUES}).")
        if isinstance(var_type, GraphQLNonNull):
            var_type = var_type.of_type
        if value is None:
            continue
        if isinstance(var_type, GraphQLList):
            items = value if isinstance(value, list) else [value]
            if len(items) > MAX_LIST:
                return refusal(TOO_LARGE, f"{path}: at most {MAX_LIST} items.")
            stack.extend((var_type.of_type, v, f"{path}[{i}]") for i, v in enumerate(items))
        elif isinstance(var_type, GraphQLInputObjectType):
            if not isinstance(value, dict):
                return refusal(INVALID_VALUE, f"{path}: expected an input object.")
            for key, item in value.items():
                field = var_type.fields.get(key)
                if field is None:
                    return refusal(INVALID_VALUE, f"{path}: unknown field.")
                stack.append((field.type, item, f"{path}.{key}"))
        else:
            problem = _scalar_problem(var_type, value)
            if problem is not None:
                code, message = problem
                return refusal(code, f"{path}: {message}")
    return None


def _operation(document: ast.Document, name: str | None) -> ast.OperationDefinition | None:
    operations = [d for d in document.definitions if isinstance(d, ast.OperationDefinition)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _text_problem(value: str, max_length: int) -> tuple[str, str] | None:
    if len(value) > max_length:
        return TOO_LARGE, f"at most {max_length} characters."
    problem = bad_character(value)
    if problem is not None:
        return INVALID_CHARACTER, f"contains {problem}."
    return None


def _scalar_problem(var_type: Any, value: Any) -> tuple[str, str] | None:
    if isinstance(var_type, GraphQLEnumType):
        if not isinstance(value, str) or len(value) > 100:
            return INVALID_VALUE, f"expected a {var_type.name} value."
        return None
    if not isinstance(var_type, GraphQLScalarType):
        return None
    name = var_type.name
    if isinstance(value, bool) and name != "Boolean":
        return INVALID_VALUE, f"expected {name}, not a boolean."
    if name == "Int":
        is_int = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if not is_int or not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return INVALID_VALUE, "expected a whole number between -2^31 and 2^31-1."
    elif name == "Float":
        if not isinstance(value, int | float) or not math.isfinite(value):
            return INVALID_VALUE, "expected a finite number."
    elif name == "Boolean":
        if not isinstance(value, bool):
            return INVALID_VALUE, "expected true or false."
    elif name == "Upload":
        if isinstance(value, File):  # an upload, or a file the portal staged
            return _text_problem(os.path.basename(value.name or ""), MAX_FILE_NAME)
        if not isinstance(value, str):  # text is left for the mutation to refuse (INVALID_FILE)
            return INVALID_VALUE, "expected a file sent as a part of a multipart request."
        return _text_problem(value, MAX_FILE_NAME)
    elif isinstance(value, str):
        limit = MAX_ID if name == "ID" else LONG_STRINGS.get(name, MAX_STRING)
        return _text_problem(value, limit)
    elif not isinstance(value, NOT_TEXT.get(name, ())):
        return INVALID_VALUE, f"expected {name}."
    return None
