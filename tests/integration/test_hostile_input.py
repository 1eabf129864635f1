"""Hand-written hostile input, one class per table: every caller gets a typed error with a
stable code, never a 5xx, a stack trace or an internal name; nothing is stored."""

import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.test.client import ClientHandler
from saleor.graphql.tests.fixtures import ApiClient

from saleor_warranty_plugin.models import Claim, ClaimEvent, ClaimEvidence, ClaimLine, ReturnPolicy
from saleor_warranty_plugin.text import bad_character

from .fixtures import WARRANTY_API_PATH, warranty_client
from .helpers import CLAIM_CREATE, CLAIMS, MARK_DELIVERED, RETURN_POLICY_SET, gid, set_policy
from .hostile import assert_typed_answer, refusal_code

CALLERS = ["anonymous", "customer", "staff", "app"]
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]

RESOLVE = """mutation($id: ID!, $input: ClaimResolveInput!) {
  claimResolve(id: $id, input: $input) { claim { id } errors { field code message } } }"""
PREVIEW = """query($id: ID!, $input: ClaimResolveInput!) {
  claimResolutionPreview(id: $id, input: $input) { allowed } }"""
REPAIR = """mutation($id: ID!, $quote: Decimal) {
  claimRepairUpdate(id: $id, status: QUOTED, quote: $quote) { errors { code } } }"""
RECEIVE = """mutation($id: ID!, $lines: [ClaimLineReceiveInput!]!) {
  claimReceive(id: $id, lines: $lines) { claim { id } errors { field code message } } }"""
POLICY = "query($channel: String!) { returnPolicy(channel: $channel) { version } }"
CLAIM = "query($id: ID!, $email: String) { claim(id: $id, email: $email) { id } }"
ELIGIBILITY = """query($order: ID!, $email: String) {
  orderReturnEligibility(order: $order, email: $email) { orderId } }"""
INFO = "{ pluginInfo { id } }"


@pytest.fixture
def callers(customer_user, staff_user, permission_group_manage_orders, app, permission_manage_orders,
            permission_manage_settings):  # fmt: skip
    permission_group_manage_orders.user_set.add(staff_user)
    staff_user.user_permissions.add(permission_manage_settings)
    app.permissions.add(permission_manage_orders, permission_manage_settings)
    return {
        "anonymous": warranty_client(),
        "customer": warranty_client(user=customer_user),
        "staff": warranty_client(user=staff_user),
        "app": warranty_client(app=app),
    }


@pytest.fixture
def shop(fulfilled_order, channel_USD, customer_user):
    """A customer's fulfilled order under a policy, with one pending claim."""
    set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    answer = warranty_client(user=customer_user).post_graphql(
        CLAIM_CREATE,
        {"input": {"order": gid("Order", fulfilled_order.pk), "reason": "CHANGED_MIND",
                   "lines": [{"orderLine": gid("OrderLine", line.pk), "quantity": 1,
                              "declaredConditions": DECLARED}]}},
    ).json()["data"]["claimCreate"]  # fmt: skip
    claim = answer["claim"]
    assert claim, answer["errors"]
    return {
        "order": fulfilled_order,
        "line": gid("OrderLine", line.pk),
        "claim": claim["id"],
        "claim_line": claim["lines"][0]["id"],
        "fulfillment": gid("Fulfillment", fulfilled_order.fulfillments.first().pk),
    }


def stored() -> tuple:
    return (
        Claim.objects.count(),
        ClaimLine.objects.count(),
        ClaimEvent.objects.count(),
        ReturnPolicy.objects.count(),
        sorted(Claim.objects.values_list("status", flat=True)),
    )


def claim_input(shop, **line) -> dict:
    return {"order": gid("Order", shop["order"].pk), "reason": "CHANGED_MIND",
            "lines": [{"orderLine": shop["line"], "quantity": 1, "declaredConditions": DECLARED, **line}]}  # fmt: skip


def nested_json(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


# (document, variables built from the shop) per class of bad value
SCALAR_CASES = {
    # Decimal that is not a number, or not a finite one of a sane size
    **{
        f"decimal_{name}": (
            RESOLVE,
            lambda s, v=value: {"id": s["claim"], "input": {"type": "REFUND", "amount": v}},
        )  # fmt: skip
        for name, value in {
            "empty": "",
            "comma": "12,30",
            "dollar": "$10",
            "nan": "NaN",
            "inf": "Infinity",
            "huge_exponent": "1e999999999",
            "tiny_exponent": "1e-999999999",
            "space": " ",
            "bool": True,
            "object": {"a": 1},
            "list": [1],
            "long": "1" * 500,
        }.items()  # fmt: skip
    },
    "decimal_in_preview": (
        PREVIEW,
        lambda s: {"id": s["claim"], "input": {"type": "REFUND", "amount": "x"}},
    ),
    "decimal_quote": (REPAIR, lambda s: {"id": s["claim"], "quote": "12,30"}),
    # Int beyond 32 bits, not whole, or not a number
    **{
        f"int_{name}": (
            RECEIVE,
            lambda s, v=value: {
                "id": s["claim"],
                "lines": [{"claimLine": s["claim_line"], "quantity": v}],
            },
        )  # fmt: skip
        for name, value in {
            "1e309": "1e309",
            "neg_1e309": "-1e309",
            "nan": "nan",
            "big": 2**31,
            "small": -(2**31) - 1,
            "huge": 10**400,
            "fraction": 1.5,
            "string": "3",
            "bool": True,
            "object": {},
        }.items()  # fmt: skip
    },
    "int_first_1e309": (CLAIMS, lambda s: {"first": "1e309"}),
    "int_first_float": (CLAIMS, lambda s: {"first": 1e308}),
    # DateTime that is not one, or outside any sane range
    **{
        f"datetime_{name}": (
            MARK_DELIVERED,
            lambda s, v=value: {"fulfillment": s["fulfillment"], "deliveredAt": v},
        )  # fmt: skip
        for name, value in {
            "T": "T",
            "empty": "",
            "month_13": "2026-13-01T00:00:00",
            "year_1": "0001-01-01T00:00:00+01:00",
            "year_9999": "9999-12-31T23:59:59-23:59",
            "number": 12345,
            "long": "2026-01-01T" + "1" * 200,
            "date_only": "2026-01-01",
            "object": {"at": 1},
        }.items()  # fmt: skip
    },
    # ID of the wrong kind
    **{
        f"id_{name}": (CLAIM, lambda s, v=value: {"id": v})
        for name, value in {
            "object": {"a": 1},
            "list": ["x"],
            "bool": False,
            "float": 1.5,
            "long": "Q" * 5000,
            "nul": "Q2xhaW06\x00",
            "not_base64": "%%%",
            "wrong_type": gid("Order", uuid.uuid4()),
        }.items()  # fmt: skip
    },
    # enums that are not names of the enum
    **{
        f"enum_{name}": (
            CLAIM_CREATE,
            lambda s, v=value: {"input": {**claim_input(s), "reason": v}},
        )
        for name, value in {
            "int": 5,
            "object": {},
            "list": ["DEFECTIVE"],
            "unknown": "NOPE",
            "empty": "",
        }.items()
    },
    # JSONString: nested documents, NUL escapes, too large, not an object
    **{
        f"json_{name}": (RETURN_POLICY_SET, lambda s, v=value: {"channel": "main", "spec": v})
        for name, value in {
            "nested_50k": nested_json(50_000),
            "nested_100k": "[" * 100_000 + "]" * 100_000,
            "unclosed_100k": "[" * 100_000,
            "yaml_nested": json.dumps("- " * 80_000 + "x"),
            "yaml_flow_nested": json.dumps("a: " + "[" * 60_000),
            "nul_escape": '{"version": 1, "name": "\\u0000"}',
            "nul_in_object": {"version": 1, "name": "a\x00"},
            "yaml_nul": json.dumps('version: 1\nname: "\\0"\n'),
            "too_large": json.dumps("#" * 300_000),
            "list": "[1, 2]",
            "null": "null",
            "garbage": "{not json",
            "number": 5,
            "deep_object": json.loads(nested_json(500)),
            "billion_laughs": json.dumps(
                "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            ),
        }.items()  # fmt: skip
    },
    # Upload that is not a file (a JSON request cannot carry one)
    "upload_string": (
        CLAIM_CREATE,
        lambda s: {"input": {**claim_input(s), "evidence": ["a-file.jpg"]}},
    ),
    "upload_object": (
        CLAIM_CREATE,
        lambda s: {"input": {**claim_input(s), "evidence": [{"name": "x"}]}},
    ),
}

NUL = "\x00"
TEXT_CASES = {
    # NUL, other control characters and lone surrogates in every string that reaches PostgreSQL
    **{
        f"{where}_{name}": build(value)
        for name, value in {"nul": f"a{NUL}b", "escape": "a\x1bb", "bell": "\x07", "surrogate": "a\ud800b"}.items()
        for where, build in {
            "channel": lambda v: (POLICY, lambda s: {"channel": v}),
            "search": lambda v: (CLAIMS, lambda s: {"filter": {"search": v}}),
            "filter_channel": lambda v: (CLAIMS, lambda s: {"filter": {"channel": v}}),
            "cursor": lambda v: (CLAIMS, lambda s: {"after": v}),
            "missing_accessories": lambda v: (RECEIVE, lambda s: {"id": s["claim"], "lines": [
                {"claimLine": s["claim_line"], "quantity": 1, "missingAccessories": [v]}]}),
            "description": lambda v: (CLAIM_CREATE, lambda s: {"input": {**claim_input(s), "description": v}}),
            "serial": lambda v: (CLAIM_CREATE, lambda s: {"input": claim_input(s, serialNumber=v)}),
            "email": lambda v: (ELIGIBILITY, lambda s: {"order": gid("Order", s["order"].pk), "email": v}),
            "note": lambda v: (RESOLVE, lambda s: {"id": s["claim"], "input": {"type": "REFUND", "note": v}}),
            "id": lambda v: (CLAIM, lambda s: {"id": v}),
        }.items()
    },  # fmt: skip
    "string_too_long": (POLICY, lambda s: {"channel": "c" * 20_001}),
    "list_too_long": (CLAIMS, lambda s: {"filter": {"status": ["PENDING"] * 1_001}}),
    "lines_too_many": (CLAIM_CREATE, lambda s: {"input": claim_input(s) | {"lines": claim_input(s)["lines"] * 5_000}}),
    "values_too_many": (RECEIVE, lambda s: {"id": s["claim"], "lines": [
        {"claimLine": s["claim_line"], "quantity": 1, "missingAccessories": ["x"] * 900}] * 20}),
    "unknown_input_field": (CLAIM_CREATE, lambda s: {"input": {**claim_input(s), "amount": 5}}),
    "variable_key_nul": (POLICY, lambda s: {"channel": "main", f"x{NUL}": 1}),
}  # fmt: skip


def _deep(levels: int) -> str:
    return "{ " + "pluginInfo { " * levels + "id" + " }" * levels + " }"


DOCUMENT_CASES = {
    "selection_1000": _deep(1_000),
    "selection_5000": "{" * 5_000 + "}" * 5_000,
    "list_literal_1000": "{ claims(filter: {status: " + "[" * 1_000 + "]" * 1_000 + "}) { totalCount } }",
    "object_literal_1000": '{ returnPolicy(channel: "x", a: ' + "{a: " * 1_000 + "1" + "}" * 1_000 + ") { version } }",
    "unclosed": "{" * 9_000,
    "fragment_self_cycle": "query { ...A } fragment A on Query { pluginInfo { id } ...A }",
    "fragment_cycle": "query { ...A } fragment A on Query { ...B } fragment B on Query { pluginInfo { id } ...A }",
    "fragment_cycle_deep": "query { ...F0 } " + " ".join(
        f"fragment F{i} on Query {{ ...F{(i + 1) % 50} }}" for i in range(50)),
    "fragment_fan_out": "query { ...F0 } " + " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40)) + " fragment F40 on Query { __typename }",
    "fragment_fan_out_introspection": "query { ...F0 } " + " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
        + " fragment F40 on Query { __schema { queryType { name } } }",
    "nul_escape_in_literal": '{ returnPolicy(channel: "a\\u0000b") { version } }',
    "surrogate_escape_in_literal": '{ returnPolicy(channel: "a\\ud800b") { version } }',
    "nul_raw": "{ pluginInfo { id } }\x00",
    "nul_in_search_literal": '{ claims(filter: {search: "\\u0000"}) { totalCount } }',
    "int_literal_5000_digits": "{ claims(first: " + "9" * 5_000 + ") { totalCount } }",
    "float_literal_huge": "{ claims(first: 1e309) { totalCount } }",
    "decimal_literal": 'mutation { claimRepairUpdate(id: "x", status: QUOTED, quote: "12,30") { errors { code } } }',
    "datetime_literal": 'mutation { fulfillmentMarkDelivered(fulfillment: "x", deliveredAt: "T") { errors { code } } }',
    "json_literal_deep": 'mutation { returnPolicySet(channel: "x", spec: "' + "[" * 5_000 + '") { errors { code } } }',
    "enum_literal_string": 'query { claims(filter: {status: "PENDING"}) { totalCount } }',
    "operation_unknown": "query A { pluginInfo { id } } query B { pluginInfo { id } }",
    "only_fragments": "fragment A on Query { pluginInfo { id } }",
    "syntax": "{ pluginInfo { id } ",
}  # fmt: skip


# answered normally: an undeclared variable is ignored, introspection is exempt from limits
ANSWERED = {"variable_key_nul", "fragment_fan_out_introspection"}


def _check_cases(callers, cases: dict, send) -> None:
    """Send every case as every caller; collect the cases whose answer breaks the rules."""
    failures = []
    for name, case in cases.items():
        for caller, client in callers.items():
            before = stored()
            try:
                body = send(client, case)
                if name not in ANSWERED:
                    _assert_refused(body)
                assert stored() == before, "something was stored"
            except AssertionError as error:
                failures.append(f"{name} as {caller}: {str(error)[:300]}")
    assert not failures, "\n".join(failures)


def _assert_refused(body: dict) -> None:
    """A GraphQL error, or a payload carrying typed errors (or nothing) in place of a result."""
    payload = next(iter((body.get("data") or {}).values()), None)
    assert body.get("errors") or (payload or {}).get("errors") or payload is None, body


def _send_variables(client, case):
    query, build = case
    return assert_typed_answer(client.post_graphql(query, build(client.shop)))


def test_malformed_scalars_are_typed_errors(callers, shop):
    _check_cases(_with_shop(callers, shop), SCALAR_CASES, _send_variables)


def test_hostile_text_and_sizes_are_typed_errors(callers, shop):
    _check_cases(_with_shop(callers, shop), TEXT_CASES, _send_variables)


def test_hostile_documents_are_typed_errors(callers, shop):
    _check_cases(
        callers,
        DOCUMENT_CASES,
        lambda client, query: assert_typed_answer(client.post_graphql(query)),
    )


def _with_shop(callers, shop):
    for client in callers.values():
        client.shop = shop
    return callers


@pytest.mark.parametrize(
    ("value", "code"),
    [("\x00", "INVALID_CHARACTER"), ("a\x1b", "INVALID_CHARACTER"), ("c" * 20_001, "TOO_LARGE")],
)
def test_refusals_name_the_path_not_the_value(callers, value, code):
    response = callers["customer"].post_graphql(CLAIMS, {"filter": {"search": value}})
    body = assert_typed_answer(response, statuses=(400,))
    assert refusal_code(body) == code
    assert body["errors"][0]["message"].startswith("$filter.search:")
    assert value not in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (_deep(1_000), "TOO_DEEP"),
        (
            "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            "FRAGMENT_CYCLE",
        ),
        ('{ returnPolicy(channel: "\\u0000") { version } }', "INVALID_CHARACTER"),
        ("{ claims(first: " + "9" * 5_000 + ") { totalCount } }", "TOO_LARGE"),
    ],
)
def test_document_refusals_have_stable_codes(query, code):
    body = assert_typed_answer(warranty_client().post_graphql(query), statuses=(400,))
    assert refusal_code(body) == code


def test_lone_surrogate_in_json_is_a_bad_request(callers):
    # a JSON string holding half of a surrogate pair is not valid UTF-8 text
    response = callers["customer"].post_graphql(CLAIMS, {"filter": {"search": "a\ud800"}})
    body = assert_typed_answer(response, statuses=(400,))
    assert refusal_code(body) == "BadRequest"


def test_deep_policy_document_is_a_policy_error(callers, shop):
    before = stored()
    response = callers["staff"].post_graphql(
        RETURN_POLICY_SET,
        {"channel": shop["order"].channel.slug, "spec": json.dumps("- " * 80_000 + "x")},
    )
    body = assert_typed_answer(response, statuses=(200,))
    errors = body["data"]["returnPolicySet"]["errors"]
    assert [e["code"] for e in errors] == ["INVALID_POLICY"]
    assert "nested too deep" in errors[0]["message"]
    assert stored() == before


# --- HTTP framing ------------------------------------------------------------------------

INFO_BODY = json.dumps({"query": INFO})


def _raw(body: bytes | str, content_type: str, **extra):
    return Client().generic("POST", WARRANTY_API_PATH, body, content_type=content_type, **extra)


def _cut_short(body: bytes | str, content_type: str, announced: int):
    """A request whose body ends before its Content-Length says (a client that hung up)."""
    data = body.encode() if isinstance(body, str) else body
    environ = RequestFactory()._base_environ(
        PATH_INFO=WARRANTY_API_PATH,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(announced),
        **{"wsgi.input": io.BytesIO(data)},
    )
    response = ClientHandler()(environ)
    response.json = lambda: json.loads(response.content)
    return response


FRAMING_CASES = {
    "multipart_without_boundary": lambda: _raw(b"--x\r\n", "multipart/form-data"),
    "multipart_empty_boundary": lambda: _raw(b"--\r\n", "multipart/form-data; boundary="),
    "multipart_bad_boundary": lambda: _raw(b"garbage", "multipart/form-data; boundary=\x01\x02"),
    "multipart_garbage": lambda: _raw(b"\x00\xff" * 100, "multipart/form-data; boundary=abc"),
    "multipart_truncated": lambda: _raw(
        b'--abc\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query": "{ plu',
        "multipart/form-data; boundary=abc",
    ),
    "multipart_truncated_length": lambda: _cut_short(
        b'--abc\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n',
        "multipart/form-data; boundary=abc",
        100_000,
    ),
    "json_truncated_length": lambda: _cut_short(INFO_BODY[:10], "application/json", 5_000),
    "json_truncated": lambda: _raw(INFO_BODY[:-3], "application/json"),
    "json_empty": lambda: _raw(b"", "application/json"),
    "json_not_utf8": lambda: _raw(b'{"query": "\xff\xfe"}', "application/json"),
    "json_utf16": lambda: _raw(INFO_BODY.encode("utf-16"), "application/json; charset=utf-16"),
    "json_nested_deep": lambda: _raw('{"query": "{ pluginInfo { id } }", "variables": {"a": '
                                     + "[" * 5_000 + "]" * 5_000 + "}}", "application/json"),  # fmt: skip
    "json_nul_raw": lambda: _raw(b'{"query": "{ pluginInfo { id } }\x00"}', "application/json"),
    "json_lone_surrogate": lambda: _raw('{"query": "{ pluginInfo { id } }", "variables": {"a": "\\ud800"}}',
                                        "application/json"),  # fmt: skip
    "operation_name_nul": lambda: _raw(json.dumps({"query": INFO, "operationName": "\x00"}), "application/json"),
    "operation_name_object": lambda: _raw(json.dumps({"query": INFO, "operationName": {}}), "application/json"),
    "text_plain": lambda: _raw(INFO_BODY, "text/plain"),
    "xml": lambda: _raw("<query/>", "application/xml"),
    "form_urlencoded": lambda: _raw("query=%7B%7D", "application/x-www-form-urlencoded"),
    "graphql": lambda: _raw(INFO, "application/graphql"),
    "content_type_garbage": lambda: _raw(INFO_BODY, "\x01;;;=="),
    "token_with_nul": lambda: _raw(INFO_BODY, "application/json", HTTP_AUTHORIZATION="Bearer " + "a" * 26 + "\x00" * 4),
    "token_huge": lambda: _raw(INFO_BODY, "application/json", HTTP_AUTHORIZATION="Bearer " + "a" * 100_000),
}  # fmt: skip


@pytest.mark.parametrize("case", list(FRAMING_CASES), ids=str)
def test_broken_http_framing_gets_a_graphql_shaped_error(case):
    response = FRAMING_CASES[case]()
    body = assert_typed_answer(response)
    assert body.get("errors"), body
    assert response.status_code != 200


def _multipart(operations: str, file_map: str, files: dict):
    return ApiClient(api_path=WARRANTY_API_PATH).post_multipart(
        {"operations": operations, "map": file_map, **files}
    )


def test_multipart_file_named_with_control_characters(shop, customer_user):
    # Django keeps only printable characters of an uploaded file's name
    operations = json.dumps(
        {"query": CLAIM_CREATE, "variables": {"input": {**claim_input(shop), "evidence": [None]}}}
    )
    upload = SimpleUploadedFile(
        "photo\x00.jpg", b"\xff\xd8\xff" + b"0" * 100, content_type="image/jpeg"
    )
    client = warranty_client(user=customer_user)
    client.ensure_access_token()
    response = client.post_multipart(
        {
            "operations": operations,
            "map": json.dumps({"0": ["variables.input.evidence.0"]}),
            "0": upload,
        }
    )
    assert_typed_answer(response)
    names = list(ClaimEvidence.objects.values_list("original_name", flat=True))
    assert all(bad_character(n) is None for n in names), names


@pytest.mark.parametrize(
    "file_map",
    [
        '{"0": ["variables.input.²"]}',
        '{"0": ["variables.' + ".a" * 5_000 + '"]}',
        '{"0": [5]}',
        '{"0": "x"}',
    ],
)
def test_multipart_hostile_maps_are_refused(file_map):
    operations = json.dumps({"query": INFO, "variables": {"input": [None]}})
    upload = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    response = _multipart(operations, file_map, {"0": upload})
    assert_typed_answer(response, statuses=(400,))
