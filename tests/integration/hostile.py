"""What every answer to hostile input must look like, and the callers that send it."""

import json
import re

from django.test import Client

from saleor_warranty_plugin.error_codes import ClaimErrorCode
from saleor_warranty_plugin.policy import FindingCode

from .fixtures import WARRANTY_API_PATH

# `extensions.exception.code`: Saleor's shape names the kind of error
EXCEPTION_CODES = {
    "GraphQLError",
    "GraphQLSyntaxError",
    "PermissionDenied",
    "BadRequest",
    "InvalidTokenError",
    "ExpiredSignatureError",
}
# `extensions.code` of refusals and of query errors
REFUSAL_CODES = {
    "INVALID_CHARACTER",
    "TOO_LARGE",
    "TOO_DEEP",
    "FRAGMENT_CYCLE",
    "INVALID_VALUE",
    *ClaimErrorCode,
}
PAYLOAD_CODES = {*ClaimErrorCode, *(code.value for code in FindingCode)}
# what must never reach a client: internals of Python, PostgreSQL or the server
LEAKS = re.compile(
    r"Internal Server Error|Traceback|File \"|psycopg|DataError|IntegrityError|"
    r"ProgrammingError|InvalidOperation|OverflowError|RecursionError|ValueError|TypeError|"
    r"KeyError|AttributeError|IndexError|UnicodeError|JSONDecodeError|NoneType|"
    r"object has no attribute|not JSON serializable|unhashable|<html",
    re.IGNORECASE,
)

# the same on a page (which is HTML); Django's own error pages are not the plugin's answer
PAGE_LEAKS = re.compile(
    # PyYAML's "found unhashable key" tells staff what is wrong with their own document
    LEAKS.pattern.replace(r"|<html", "").replace("unhashable", "unhashable type")
    + r"|Server Error \(500\)|CSRF verification failed",
    re.IGNORECASE,
)


CHECKED = {"answers": 0}  # reported at the end of the run (conftest)


def assert_typed_answer(response, statuses=(200, 400, 401, 413, 415)) -> dict:
    """The answer is JSON in Saleor's shape with stable codes, never a 5xx or an internal
    detail; returns the decoded body."""
    CHECKED["answers"] += 1
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response.content[:500]
    raw = response.content.decode()
    assert not LEAKS.search(raw), raw[:2000]
    body = json.loads(raw)
    assert isinstance(body, dict) and ("errors" in body or "data" in body), raw[:500]
    if response.status_code != 200:
        assert body.get("errors"), raw[:500]
        assert "data" not in body or body["data"] is None
    for error in body.get("errors") or []:
        assert isinstance(error["message"], str) and error["message"], error
        extensions = error.get("extensions") or {}
        assert extensions.get("exception", {}).get("code") in EXCEPTION_CODES, error
        assert "stacktrace" not in extensions.get("exception", {}), error
        if "code" in extensions:
            assert extensions["code"] in REFUSAL_CODES, error
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict):
            for error in payload.get("errors") or []:
                assert error["code"] in PAYLOAD_CODES, error
                assert not LEAKS.search(error.get("message") or ""), error
    return body


def refusal_code(body: dict) -> str | None:
    """`extensions.code`, else `extensions.exception.code`, of the first error."""
    extensions = body["errors"][0].get("extensions") or {}
    return extensions.get("code") or extensions.get("exception", {}).get("code")


def post_json(query: str, variables=None, headers=None, **extra):
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return Client().post(
        WARRANTY_API_PATH,
        json.dumps(body),
        content_type="application/json",
        **(headers or {}),
        **extra,
    )
