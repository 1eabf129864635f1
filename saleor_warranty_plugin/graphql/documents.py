"""Parsed and validated queries, kept for the next request with the same text.

Validation depends only on the schema and the query text, so a query seen before (a
storefront sends the same few queries all day) is neither parsed nor validated again. At
most ``MAX_DOCUMENTS`` texts are kept, the least recently used leaving first.
"""

from collections import OrderedDict
from threading import Lock
from typing import Any

from graphql import GraphQLCoreBackend
from graphql.backend.base import GraphQLDocument
from graphql.execution import ExecutionResult
from graphql.validation import validate

from .executor import execute

MAX_DOCUMENTS = 256


class _Document(GraphQLDocument):
    """A parsed query that validates itself on its first execution only."""

    def __init__(self, schema: Any, text: str, document_ast: Any) -> None:
        super().__init__(schema, text, document_ast, self._execute)
        self.valid = False

    def _execute(
        self,
        variables: dict | None = None,
        operation_name: str | None = None,
        context: Any = None,
    ) -> Any:
        if not self.valid:
            errors = validate(self.schema, self.document_ast)
            if errors:
                return ExecutionResult(errors=errors, invalid=True)
            self.valid = True
        return execute(self.schema, self.document_ast, context, variables, operation_name)


class KeptDocuments(GraphQLCoreBackend):
    """``GraphQLCoreBackend`` that keeps the documents it parsed (bounded, by query text)."""

    def __init__(self) -> None:
        super().__init__()
        self._documents: OrderedDict[tuple[int, str], _Document] = OrderedDict()
        self._lock = Lock()

    def document_from_string(self, schema: Any, document_string: Any) -> GraphQLDocument:
        if not isinstance(document_string, str):
            return super().document_from_string(schema, document_string)
        key = (id(schema), document_string)
        with self._lock:
            found = self._documents.get(key)
            if found is not None and found.schema is schema:
                self._documents.move_to_end(key)
                return found
        parsed = super().document_from_string(schema, document_string)  # raises on bad syntax
        document = _Document(schema, document_string, parsed.document_ast)
        with self._lock:
            self._documents[key] = document
            while len(self._documents) > MAX_DOCUMENTS:
                self._documents.popitem(last=False)
        return document
