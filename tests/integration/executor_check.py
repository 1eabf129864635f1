"""Every query the plugin's endpoint answers, answered a second time by graphql-core's own
``execute`` and compared with the plugin's executor: the same data and the same errors.

Used by the test modules that mark themselves ``compare_executors`` (queries only: a
mutation's side effects outside the database, uploads and throttles, would happen twice),
and by every module when ``WARRANTY_COMPARE_EXECUTORS=1`` is set."""

import os
import time
from unittest import mock

import pytest
from django.db import transaction
from graphql.error import format_error
from graphql.execution import execute as graphql_execute

COMPARED = {"documents": 0}


class _Rollback(Exception):
    pass


def outcome(result):
    errors = [
        (format_error(error), type(getattr(error, "original_error", error)).__name__)
        for error in result.errors or []
    ]
    return result.data, errors, result.invalid


def _graphql_core(schema, document_ast, context, variables, operation_name):
    try:
        with transaction.atomic():  # nothing graphql-core's run writes is kept
            found = outcome(
                graphql_execute(
                    schema,
                    document_ast,
                    context_value=context,
                    variable_values=variables,
                    operation_name=operation_name,
                )  # fmt: skip
            )
            raise _Rollback
    except _Rollback:
        return found


def _is_query(document_ast, operation_name):
    operations = [d for d in document_ast.definitions if hasattr(d, "operation")]
    for operation in operations:
        if not operation_name or (operation.name and operation.name.value == operation_name):
            return operation.operation == "query"
    return False


@pytest.fixture(autouse=True)
def compare_executors(request, monkeypatch):
    marker = request.node.get_closest_marker("compare_executors")
    if marker is not None and marker.args and not marker.args[0]:
        return  # compare_executors(False): the test counts SQL queries
    if marker is None and os.environ.get("WARRANTY_COMPARE_EXECUTORS") != "1":
        return
    from saleor_warranty_plugin.graphql import documents, executor

    def both(schema, document_ast, context, variables, operation_name):
        if not _is_query(document_ast, operation_name):
            return executor.execute(schema, document_ast, context, variables, operation_name)
        # both runs sign evidence links at the same second (links carry a timestamp)
        with mock.patch("django.core.signing.time.time", return_value=time.time()):
            expected = _graphql_core(schema, document_ast, context, variables, operation_name)
            result = executor.execute(schema, document_ast, context, variables, operation_name)
        assert outcome(result) == expected, "the executor answered otherwise than graphql-core"
        COMPARED["documents"] += 1
        return result

    monkeypatch.setattr(documents, "execute", both)
