"""A thin GraphQL executor for the plugin's own schema.

Saleor's GraphQLView is bound to Saleor's schema (cost checks, introspection cache, app
resolution on /graphql/ only), so the plugin parses, limits, authenticates and executes here.
Requests: JSON (`application/json`) and the GraphQL multipart request spec for uploads.
"""

import json
import logging
from typing import Any

import orjson
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseNotAllowed, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from graphql.error import GraphQLError, GraphQLSyntaxError
from graphql.error import format_error as format_graphql_error
from graphql.execution import ExecutionResult
from jwt.exceptions import PyJWTError
from saleor.core.exceptions import PermissionDenied
from saleor.graphql.context import clear_context

from ..config import WarrantyConfig
from ..failures import INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE, log_unexpected
from ..managers import shared_manager
from ..text import bad_character
from .auth import AuthenticationFailed, authenticate
from .documents import KeptDocuments
from .limits import MAX_QUERY_LENGTH, TOO_DEEP, check_document, check_query_text, refusal
from .variables import INVALID_VALUE, check_variables

logger = logging.getLogger(__name__)

HANDLED_EXCEPTIONS = (GraphQLError, PyJWTError, PermissionDenied)
_backend = KeptDocuments()


class InternalError(GraphQLError):
    """What the client is told of an unexpected failure: a stable code, nothing more."""

    def __init__(self, nodes: Any = None, path: Any = None):
        super().__init__(
            INTERNAL_ERROR_MESSAGE, nodes=nodes, path=path, extensions={"code": INTERNAL_ERROR}
        )


class BadRequest(Exception):
    """A request refused before parsing; `kind` is what the log keeps (no client input)."""

    def __init__(self, message: str, status: int = 400, kind: str | None = None):
        super().__init__(message)
        self.status = status
        self.kind = kind or message


def json_response(data: Any, status: int = 200) -> HttpResponse:
    def default(value: Any) -> str:
        return str(value)  # Decimal and friends

    try:
        body = orjson.dumps(data, option=orjson.OPT_UTC_Z, default=default)
    except orjson.JSONEncodeError:  # text orjson will not encode (a lone surrogate)
        body = json.dumps(data, default=default).encode()
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(message: str, status: int, code: str | None = None) -> HttpResponse:
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"exception": {"code": code}}
    return json_response({"errors": [error]}, status=status)


def format_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Errors in Saleor's shape (`message`, `locations`, `path`, `extensions.exception.code`
    naming the kind of error); an unexpected failure is `INTERNAL_ERROR` with a plain message.
    As Saleor's `format_error`, but logging only the kind: a message may quote the query."""
    formatted = []
    for error in errors:
        original = _original(error)
        found = format_graphql_error(error)
        extensions = dict(found.get("extensions") or {})
        if isinstance(error, InternalError) or not isinstance(original, HANDLED_EXCEPTIONS):
            found["message"] = INTERNAL_ERROR_MESSAGE
            extensions = {"code": INTERNAL_ERROR, "exception": {"code": INTERNAL_ERROR}}
        else:
            extensions["exception"] = {"code": type(original).__name__}
            logger.debug(
                "Answered with an error: %s", extensions.get("code") or type(original).__name__
            )
        found["extensions"] = extensions
        formatted.append(found)
    return formatted


def handle_graphql_request(request: Any, config: WarrantyConfig) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        return _handle(request, config)
    except Exception as error:  # noqa: BLE001 - the last line before Django's HTML 500
        log_unexpected(logger, "GraphQL request", error)
        return internal_error_response()


def internal_error_response() -> HttpResponse:
    return json_response({"errors": format_errors([InternalError()])}, status=500)


def _handle(request: Any, config: WarrantyConfig) -> HttpResponse:
    try:
        query, variables, operation_name = parse_request(request)
    except BadRequest as error:
        logger.debug("Refused a GraphQL request: %s", error.kind)
        return error_response(str(error), error.status, "BadRequest")
    text_error = check_query_text(query)
    if text_error is not None:
        return json_response({"errors": format_errors([text_error])}, 400)
    try:
        context = authenticate(request)
    except AuthenticationFailed as error:
        return error_response(str(error), 401, error.code)
    context.warranty_config = config
    try:
        result = execute(query, variables, operation_name, context)
    finally:
        clear_context(context)
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = format_errors(result.errors)
    if result.invalid:
        return json_response(payload, status=400)
    payload["data"] = result.data
    return json_response(payload)


def execute(
    query: str, variables: dict | None, operation_name: str | None, context: Any
) -> ExecutionResult:
    from .schema import schema

    try:
        document = _backend.document_from_string(schema, query)
    except GraphQLSyntaxError as error:
        return ExecutionResult(errors=[error], invalid=True)
    except RecursionError:  # not reached: check_query_text bounds the nesting first
        return invalid(refusal(TOO_DEEP, "Query is nested too deep."))
    limit_errors = check_document(document.document_ast)
    if limit_errors:
        return ExecutionResult(errors=list[Exception](limit_errors), invalid=True)
    variable_error = check_variables(schema, document.document_ast, operation_name, variables)
    if variable_error is not None:
        return invalid(variable_error)
    try:
        with shared_manager():  # one Saleor plugins manager for the request's work
            result = document.execute(
                variables=variables, operation_name=operation_name, context=context
            )
    except GraphQLError as error:  # invalid variable values (enum, input shape)
        return invalid(error)
    except (ValueError, TypeError, ArithmeticError) as error:
        # graphql-core 2 raises these while coercing some variables; its message may be
        # Python's own, so the client gets a plain one
        logger.debug("Refused variables: %s", type(error).__name__)
        return invalid(refusal(INVALID_VALUE, "Variable values do not match their types."))
    if result.errors:
        result.errors = [_expected(error) for error in result.errors]
    return result


def _original(error: Exception) -> Exception:
    """The exception a resolver raised, under graphql-core's located wrappers."""
    while isinstance(error, GraphQLError) and getattr(error, "original_error", None):
        error = error.original_error  # type: ignore[attr-defined]
    return error


def _expected(error: Exception) -> Exception:
    """A resolver's error as the client may see it: an unexpected one (a bug, a database
    error) becomes InternalError, logged at error level without its message."""
    original = _original(error)
    if isinstance(original, HANDLED_EXCEPTIONS):
        return error
    nodes = getattr(error, "nodes", None) or []
    field = getattr(getattr(nodes[0], "name", None), "value", None) if nodes else None
    log_unexpected(logger, f"GraphQL field {field or '(unknown)'}", original)  # not the alias
    return InternalError(nodes=nodes or None, path=getattr(error, "path", None))


def invalid(error: GraphQLError) -> ExecutionResult:
    return ExecutionResult(errors=[error], invalid=True)


def parse_request(request: Any) -> tuple[str, dict | None, str | None]:
    try:
        content_type = request.content_type
        if content_type == "multipart/form-data":
            data = _parse_multipart(request)
        elif content_type in ("application/json", "", None):
            data = _loads(request.body)
        else:
            raise BadRequest(
                "Unsupported content type: send application/json or multipart/form-data.", 415
            )
    except RequestDataTooBig as error:
        raise BadRequest("Request body exceeds maximum size.", 413) from error
    except (MultiPartParserError, SuspiciousOperation, UnreadablePostError) as error:
        # no or a bad boundary, too many parts or files, a body cut short
        raise BadRequest("Unable to parse the multipart request.") from error
    if isinstance(data, list):
        raise BadRequest("Batched queries are not supported: send one operation per request.")
    if not isinstance(data, dict):
        raise BadRequest("Unable to parse query: the body must be a JSON object.")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("Must provide a query string.")
    if len(query) > MAX_QUERY_LENGTH:
        raise BadRequest(f"Query is too long (max {MAX_QUERY_LENGTH} characters).", 413)
    variables = data.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("Variables must be a JSON object.")
    operation_name = data.get("operationName")
    if operation_name is not None and (
        not isinstance(operation_name, str) or len(operation_name) > 200
    ):
        raise BadRequest("operationName must be a name.")
    if operation_name is not None and bad_character(operation_name):
        raise BadRequest("operationName contains a refused character.")
    return query, variables, operation_name


def _loads(raw: bytes | str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise BadRequest("Unable to parse query: the body is not valid JSON.") from error


def _parse_multipart(request: Any) -> Any:
    """Place uploaded files into `operations` as the GraphQL multipart request spec says."""
    operations = _loads(request.POST.get("operations") or "")
    files_map = _loads(request.POST.get("map") or "{}")
    if not isinstance(operations, dict) or not isinstance(files_map, dict):
        raise BadRequest("Multipart 'operations' and 'map' must be JSON objects.")
    for file_key, paths in files_map.items():
        upload = request.FILES.get(file_key)
        if upload is None:
            raise BadRequest(
                f"Multipart map names file {file_key!r}, which was not sent.",
                kind="a multipart map naming a file not sent",
            )
        if not isinstance(paths, list):
            raise BadRequest("Multipart 'map' values must be lists of paths.")
        for path in paths:
            _set_path(operations, path, upload)
    return operations


def _set_path(operations: dict, path: Any, value: Any) -> None:
    if not isinstance(path, str) or not path.startswith("variables."):
        raise BadRequest(
            f"Invalid multipart map path {path!r}.", kind="an invalid multipart map path"
        )
    parts = path.split(".")
    target: Any = operations
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        index_part = part.isascii() and part.isdigit() and len(part) < 10
        key: Any = int(part) if index_part and isinstance(target, list) else part
        try:
            if last:
                if target[key] is not None:
                    raise BadRequest(
                        f"Multipart map path {path!r} must point at a null.",
                        kind="a multipart map path to a value",
                    )
                target[key] = value
            else:
                target = target[key]
        except (KeyError, IndexError, TypeError) as error:
            raise BadRequest(
                f"Multipart map path {path!r} is not in the variables.",
                kind="a multipart map path not in the variables",
            ) from error
