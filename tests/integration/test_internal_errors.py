"""An unexpected failure inside an operation or a page: the client gets a typed error
(`INTERNAL_ERROR`, Saleor's shape) and never the exception's name, a stack trace or the
database's message; the log keeps it at error level without what the client sent. Refused
hostile input is logged at debug level, also without it.

The failure is PostgreSQL's own: a wrapper on Django's database cursor (the boundary between
Saleor and its database) swaps the claim's INSERT for a statement PostgreSQL refuses with an
error that quotes the customer's text, as constraint and type errors do."""

import json
import logging
import re
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from saleor_warranty_plugin.models import Claim, ClaimLine, ReturnPolicy

from .fixtures import WARRANTY_API_PATH, warranty_client
from .helpers import CLAIM_CREATE, gid, set_policy
from .hostile import LEAKS, PAGE_LEAKS, assert_typed_answer, post_json
from .portal_helpers import PORTAL, claim_form, make_guest

# what must not reach the client besides the plain "Internal Server Error"
INTERNALS = re.compile(LEAKS.pattern.replace("Internal Server Error|", ""), re.IGNORECASE)

pytestmark = pytest.mark.usefixtures("media_root")

SECRET = "Jane Roe, 12 Secret Street, jane.roe@example.com"
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]


@contextmanager
def database_refuses(statement: str):
    """PostgreSQL refuses statements containing `statement` with an error quoting the
    customer's text (as a type or constraint error quotes the values of its query)."""

    def wrapper(execute, sql, params, many, context):
        if statement in sql:
            return execute("SELECT CAST(%s AS integer)", [SECRET], False, context)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def database_refuses_claims():
    return database_refuses(f'INSERT INTO "{Claim._meta.db_table}"')


def claim_variables(order, line, email=None):
    data = {"order": gid("Order", order.pk), "reason": "CHANGED_MIND", "description": SECRET,
            "lines": [{"orderLine": gid("OrderLine", line.pk), "quantity": 1,
                       "declaredConditions": DECLARED}]}  # fmt: skip
    if email:
        data["email"] = email
    return {"input": data}


def logged(caplog) -> str:
    handler = logging.Handler()
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    handler.format = formatter.format
    return "\n".join(handler.format(record) for record in caplog.records)


@pytest.fixture
def shop(fulfilled_order, channel_USD):
    set_policy(channel_USD, "electronics-store")
    return fulfilled_order


def test_a_database_failure_in_a_mutation_is_an_internal_error(shop, customer_user, caplog):
    caplog.set_level(logging.DEBUG)
    line = shop.lines.order_by("created_at", "pk").first()
    before = (Claim.objects.count(), ClaimLine.objects.count())
    # when PostgreSQL refuses what claimCreate writes
    with database_refuses_claims():
        response = warranty_client(user=customer_user).post_graphql(
            CLAIM_CREATE, claim_variables(shop, line)
        )
    # then the answer is Saleor's shape with a stable code, as GraphQL answers a field's failure
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"claimCreate": None}
    (error,) = body["errors"]
    assert error["message"] == "Internal Server Error"
    assert error["path"] == ["claimCreate"]
    assert error["extensions"] == {
        "code": "INTERNAL_ERROR",
        "exception": {"code": "INTERNAL_ERROR"},
    }
    raw = response.content.decode()
    assert not INTERNALS.search(raw) and SECRET not in raw
    assert "InvalidTextRepresentation" not in raw and "integer" not in raw
    # nothing was half-written
    assert (Claim.objects.count(), ClaimLine.objects.count()) == before
    # and the log has it at error level, where it happened, without the customer's text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors, "the failure was not logged"
    assert any("claimCreate" in r.getMessage() and "psycopg" in r.getMessage() for r in errors)
    assert SECRET not in logged(caplog)
    assert all(r.exc_info is None for r in errors)  # a traceback would carry the message


def test_an_internal_error_keeps_the_fields_that_did_not_fail(shop, customer_user):
    document = """query($channel: String!) {
      info: pluginInfo { requestor } policy: returnPolicy(channel: $channel) { version } }"""
    with database_refuses(f'FROM "{ReturnPolicy._meta.db_table}"'):
        body = warranty_client(user=customer_user).post_graphql(
            document, {"channel": shop.channel.slug}
        ).json()  # fmt: skip
    assert body["data"] == {"info": {"requestor": "CUSTOMER"}, "policy": None}, body
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_ERROR"]
    assert body["errors"][0]["path"] == ["policy"]


def test_a_failure_outside_any_operation_is_a_json_500(shop, monkeypatch, caplog):
    # given the request's authentication failing in an unexpected way (a bug of the plugin)
    from saleor_warranty_plugin.graphql import view

    def broken(request):
        raise KeyError(SECRET)

    monkeypatch.setattr(view, "authenticate", broken)
    response = post_json("{ pluginInfo { id } }")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": [
            {
                "message": "Internal Server Error",
                "extensions": {"code": "INTERNAL_ERROR", "exception": {"code": "INTERNAL_ERROR"}},
            }
        ]
    }
    assert any(r.levelno == logging.ERROR and "KeyError" in r.getMessage() for r in caplog.records)
    assert SECRET not in logged(caplog)


def test_the_portal_keeps_the_form_and_says_so(shop, caplog):
    caplog.set_level(logging.DEBUG)
    order = make_guest(shop)
    client = Client()
    found = client.post(PORTAL, {"action": "lookup", "order_number": str(order.number),
                                 "email": order.user_email})  # fmt: skip
    assert found.status_code == 303
    line = order.lines.order_by("created_at", "pk").first()
    form = claim_form(order, [(line, 1, {"serial": "SN-KEPT-1", "cond": DECLARED})], action="send",
                      description=SECRET)  # fmt: skip
    with database_refuses_claims():
        response = client.post(f"{PORTAL}?order={gid('Order', order.pk)}", form)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "SN-KEPT-1" in html and "Jane Roe, 12 Secret Street" in html  # the form is kept
    assert not PAGE_LEAKS.search(html)
    assert Claim.objects.count() == 0
    assert SECRET not in logged(caplog)


def test_a_page_that_fails_answers_with_its_own_message(shop, monkeypatch, caplog):
    from saleor_warranty_plugin.pages.portal import views

    def broken(*args, **kwargs):
        raise ZeroDivisionError(SECRET)

    monkeypatch.setattr(views, "warranty_api", broken)
    response = Client().get(f"{PORTAL}policy/?channel={shop.channel.slug}")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and response["Content-Type"].startswith("text/html")
    assert not PAGE_LEAKS.search(html) and "ZeroDivisionError" not in html and SECRET not in html
    assert any(r.levelno == logging.ERROR and "ZeroDivisionError" in r.getMessage()
               for r in caplog.records)  # fmt: skip
    assert SECRET not in logged(caplog)


def test_refused_input_is_logged_at_debug_level_without_it(shop, customer_user, caplog):
    caplog.set_level(logging.DEBUG)
    line = shop.lines.order_by("created_at", "pk").first()
    client = warranty_client(user=customer_user)
    hostile = [
        (
            CLAIM_CREATE,
            {"input": {**claim_variables(shop, line)["input"], "description": SECRET + "\x00"}},
        ),  # fmt: skip
        ("query($c: String!) { returnPolicy(channel: $c) { version } }", {"c": SECRET + "\x07"}),
        ('{ returnPolicy(channel: "' + SECRET + '" { version } }', None),  # a syntax error
    ]
    for document, variables in hostile:
        assert_typed_answer(client.post_graphql(document, variables))
    body = {"operations": json.dumps({"query": "{ pluginInfo { id } }", "variables": {}}),
            "map": json.dumps({SECRET: ["variables.x"]})}  # fmt: skip
    assert_typed_answer(Client().post(WARRANTY_API_PATH, body))
    records = [r for r in caplog.records if r.name.startswith(("saleor_warranty_plugin", "saleor"))]
    assert records, "refusals are logged"
    assert all(r.levelno <= logging.DEBUG for r in records), [r.getMessage() for r in records]
    assert SECRET not in logged(caplog)
    assert Claim.objects.count() == 0
