"""Property-based fuzz of the pages' forms: every form endpoint of the returns portal and of
the dashboard app, posted by the right and by wrong callers with malformed values and broken
framing (see page_fuzz.py). Whatever is sent: never a 5xx; the answer is the page with a
message (or a redirect after a form that was right); the form keeps what was entered; no
internal detail reaches the page; and Saleor's rows keep the invariants of test_fuzz.

    tests/run -- -k fuzz_pages                              the CI profile (deterministic)
    WARRANTY_FUZZ_PROFILE=nightly tests/run -- -k fuzz_pages   a long run
"""

import html as html_lib
import logging
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from saleor_warranty_plugin.pages.router import PREFIX

from .fixtures import warranty_client
from .helpers import CLAIM_CREATE, gid, set_policy
from .hostile import PAGE_LEAKS
from .page_fuzz import (
    CONDITIONS,
    NUMBERS,
    REASONS,
    RESOLUTIONS,
    PageRequest,
    csrf,
    files,
    framing,
    send,
    text,
    value,
)
from .portal_helpers import PORTAL, alert_text, make_guest
from .schema_fuzz import PROFILE
from .test_evidence_uploads import configure
from .test_fuzz import check_invariants
from .test_portal_pages import _fresh_throttle  # noqa: F401 - autouse: no throttling left over

pytestmark = pytest.mark.usefixtures("media_root")
DASHBOARD = f"{PREFIX}/dashboard/"
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
PAGE_STATUSES = {200, 303, 400, 401, 403, 404, 405, 413, 429}
# the share of the profile's examples each page test draws (the API fuzz sends the most)
SHARE = 0.5


@pytest.fixture
def page_shop(fulfilled_order, channel_USD, customer_user, staff_user, staff_users,
              permission_group_manage_orders, permission_manage_settings, app, warehouse,
              product):  # fmt: skip
    """A guest's fulfilled order with a claim, the customer of another order, staff."""
    set_policy(channel_USD, "electronics-store")
    configure(max_evidence_file_mb=1)
    owner = fulfilled_order.user
    order = make_guest(fulfilled_order)
    lines = list(order.lines.order_by("created_at", "pk"))
    claim = warranty_client().post_graphql(
        CLAIM_CREATE,
        {"input": {"order": gid("Order", order.pk), "email": order.user_email,
                   "reason": "CHANGED_MIND",
                   "lines": [{"orderLine": gid("OrderLine", lines[0].pk), "quantity": 1,
                              "declaredConditions": DECLARED}]}},
    ).json()["data"]["claimCreate"]["claim"]  # fmt: skip
    assert claim, "the guest's claim was not made"
    permission_group_manage_orders.user_set.add(staff_user)
    staff_user.user_permissions.add(permission_manage_settings)
    return {
        "order": order,
        "owner": owner,
        "lines": [gid("OrderLine", line.pk) for line in lines],
        "claim": claim["id"],
        "claim_lines": [line["id"] for line in claim["lines"]],
        "variant": gid("ProductVariant", product.variants.first().pk),
        "warehouse": gid("Warehouse", warehouse.pk),
        "channel": channel_USD.slug,
        "customer": customer_user,
        "staff": staff_user,
        "staff_without_orders": staff_users[2],
        "other_app": app,
    }


# --- the portal ----------------------------------------------------------------------------


def portal_requests(shop):
    order_id = gid("Order", shop["order"].pk)
    ids = st.sampled_from([order_id, shop["lines"][0], shop["claim"], "T3JkZXI6", ""]) | text()
    order = st.sampled_from([order_id, order_id, order_id]) | ids
    claim = st.sampled_from([shop["claim"], shop["claim"]]) | ids
    lookup = st.fixed_dictionaries(
        {"action": st.just("lookup")},
        optional={"order_number": value([str(shop["order"].number), "#1"]),
                  "email": value([shop["order"].user_email, "a@example.com"])},
    )  # fmt: skip
    signin = st.fixed_dictionaries(
        {"action": st.just("signin")},
        optional={"email": value([shop["customer"].email]), "password": value(["password"]),
                  "order": order},
    )  # fmt: skip
    line_fields = {}
    for line in shop["lines"]:
        line_fields[f"qty-{line}"] = value(NUMBERS, 2)
        line_fields[f"serial-{line}"] = value(["SN-1"])
        line_fields[f"cond-{line}"] = st.lists(st.sampled_from(CONDITIONS), max_size=4)
    claim_form = st.fixed_dictionaries(
        {"action": st.sampled_from(["review", "send", "edit", "review", "send"]) | text()},
        optional={"reason": value(REASONS), "description": value(["It broke."]),
                  "resolution": value(RESOLUTIONS),
                  "line": st.lists(st.sampled_from(shop["lines"]) | ids, max_size=3),
                  "staged": st.lists(text(), max_size=2), "drop": st.lists(text(), max_size=2),
                  **line_fields},
    )  # fmt: skip
    hand_over = st.fixed_dictionaries(
        {}, optional={"token": value(["eyJhbGciOiJIUzI1NiJ9.e30.x"]),
                      "refreshToken": value([""]), "order": order, "lang": value(["de", "en"])},
    )  # fmt: skip
    claim_action = st.fixed_dictionaries(
        {}, optional={"accept": value(["yes", "no"]), "access": value([""])}
    )
    return st.one_of(
        st.builds(PageRequest, st.just("POST"), st.just(PORTAL), lookup, st.just({}), framing(), csrf()),
        st.builds(PageRequest, st.just("POST"), st.just(PORTAL), signin, st.just({}), framing(), csrf()),
        st.builds(PageRequest, st.just("POST"), order.map(lambda o: f"{PORTAL}?order={_q(o)}"),
                  claim_form, st.fixed_dictionaries({}, optional={"evidence": files(),
                                                                  "description": files()}),
                  framing(), csrf()),
        st.builds(PageRequest, st.just("POST"), st.just(f"{PORTAL}session/"), hand_over,
                  st.just({}), framing(), csrf()),
        st.builds(PageRequest, st.just("POST"), st.just(f"{PORTAL}signout/"), st.just({}),
                  st.just({}), framing(), csrf()),
        st.builds(PageRequest, st.just("POST"),
                  st.tuples(claim, st.sampled_from(["cancel", "quote"])).map(
                      lambda c: f"{PORTAL}claims/{_path(c[0])}/{c[1]}/"),
                  claim_action, st.just({}), framing(), csrf()),
        st.builds(PageRequest, st.just("GET"), st.sampled_from([PORTAL, f"{PORTAL}policy/"]),
                  st.fixed_dictionaries({}, optional={"order": order, "lang": value(["de"]),
                                                      "channel": value([shop["channel"]])})),
        st.builds(PageRequest, st.just("GET"), claim.map(lambda c: f"{PORTAL}claims/{_path(c)}/"),
                  st.fixed_dictionaries({}, optional={"access": text(), "notice": value(["sent"])})),
    )  # fmt: skip


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8", "replace"), safe="")


def _path(value: str) -> str:
    return _q(value)[:180] or "x"


def portal_clients(shop):
    """The guest who found the order, a stranger, and another customer signed in."""
    from saleor.core.jwt import create_access_token

    guest = Client(enforce_csrf_checks=True)
    stranger = Client(enforce_csrf_checks=True)
    customer = Client(enforce_csrf_checks=True)
    tokens = {}
    for name, client in (("guest", guest), ("stranger", stranger), ("customer", customer)):
        page = client.get(PORTAL)
        tokens[name] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                 page.content.decode()).group(1)  # fmt: skip
    order = shop["order"]
    found = guest.post(PORTAL, {"action": "lookup", "order_number": str(order.number),
                                "email": order.user_email,
                                "csrfmiddlewaretoken": tokens["guest"]})  # fmt: skip
    assert found.status_code == 303, found.content[:500]
    signed = customer.post(f"{PORTAL}session/", {"token": create_access_token(shop["customer"])})
    assert signed.status_code == 303, signed.content[:500]
    return {"guest": guest, "stranger": stranger, "customer": customer}, tokens


PORTAL_CALLERS = ["guest", "stranger", "customer"]


@pytest.mark.parametrize("caller", PORTAL_CALLERS)
def test_fuzz_portal_forms(page_shop, caller, capsys):
    clients, tokens = portal_clients(page_shop)
    client, token = clients[caller], tokens[caller]
    requests = portal_requests(page_shop)
    sent = [0]
    statuses: dict[int, int] = {}

    @seed(2_000 + PORTAL_CALLERS.index(caller))
    @hypothesis_settings(PROFILE, max_examples=int(PROFILE.max_examples * SHARE))
    @given(request=requests)
    def run(request):
        cache.clear()  # throttling would answer 429 to everything after a few failures
        response = send(client, request, token)
        sent[0] += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert_portal_answer(request, response)
        left = request.path == f"{PORTAL}signout/" or "session/" in request.path
        if caller == "guest" and response.status_code == 303 and left:
            # the guest left (or became someone else): find the order again
            refind(client, token, page_shop["order"])

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzz portal forms {caller}: {sent[0]} requests in {elapsed:.1f} s; {statuses}")
    assert statuses.get(400) and statuses.get(403), "hostile forms were not refused"
    check_invariants(page_shop["order"], page_shop["owner"])


def refind(client, token, order):
    client.post(PORTAL, {"action": "lookup", "order_number": str(order.number),
                         "email": order.user_email, "csrfmiddlewaretoken": token})  # fmt: skip


def assert_portal_answer(request: PageRequest, response) -> None:
    status = response.status_code
    assert status in PAGE_STATUSES, (status, request, response.content[:3000])
    if status == 303:
        assert response["Location"].startswith(PORTAL), response["Location"]
        return
    if status == 405:
        return
    assert response["Content-Type"].startswith("text/html"), (request, response.content[:500])
    page = response.content.decode()
    assert not PAGE_LEAKS.search(page), (request, PAGE_LEAKS.search(page), page[:3000])
    if status >= 400:
        assert alert_text(page).strip() or re.search(r"<h1>[^<]+</h1>\s*<p>[^<]+</p>", page), (
            "no message on the page",
            request,
            page[:3000],
        )
    assert_form_kept(request, page)


def assert_form_kept(request: PageRequest, page: str) -> None:
    """What was typed comes back in the form that shows it."""
    entered = request.entered
    kept = []
    form = 'name="description"' in page and "<textarea" in page
    if form and "description" in entered and not request.files.get("description"):
        kept.append(entered["description"].strip()[:5000])
    if 'id="order-number"' in page and entered.get("action") == "lookup":
        kept.append(entered.get("order_number", "").strip()[:20])
    for typed in kept:
        if typed and "\x00" not in typed and not _surrogate(typed):
            assert html_lib.escape(typed) in page, ("form not kept", request, typed[:200])


def _surrogate(value: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in value)


# --- the dashboard -------------------------------------------------------------------------


def dashboard_requests(shop):
    ids = st.sampled_from([shop["claim"], shop["lines"][0], "T3JkZXI6", ""]) | text()
    claim = st.sampled_from([shop["claim"], shop["claim"]]) | ids
    order_id = gid("Order", shop["order"].pk)
    order = st.sampled_from([order_id, order_id]) | ids
    actions = ["approve", "reject", "receive", "resolve", "handover", "decision", "repair"]
    per_line = {}
    for line in shop["claim_lines"]:
        per_line[f"quantity-{line}"] = value(NUMBERS, 2)
        per_line[f"conditions-{line}"] = st.lists(st.sampled_from(CONDITIONS), max_size=3)
        per_line[f"missing-{line}"] = value(["charger, cable"])
        per_line[f"restock-{line}"] = value(["on"])
        per_line[f"warehouse-{line}"] = value([shop["warehouse"]])
    claim_form = st.fixed_dictionaries(
        {"action": st.sampled_from(actions) | text(), **per_line},
        optional={"note": value(["ok"]), "reason": value(["Damaged by the user"]),
                  "type": value(RESOLUTIONS), "amount": value(["1.00", "12,30", "$10", "1e309",
                                                               "-5", "NaN"], 2),
                  "refundShipping": value(["yes", "no"]), "overridePolicy": value(["on"]),
                  "exchangeVariant": value([shop["variant"]]),
                  "to": value(["MANUFACTURER", "LAB"]), "reference": value(["CASE-1"]),
                  "decision": value(["REFUND", "REJECT", "REPAIR"]),
                  "status": value(["QUOTED", "IN_REPAIR"]), "quote": value(["10", "x"], 2)},
    )  # fmt: skip
    preview = st.fixed_dictionaries(
        {}, optional={"type": value(RESOLUTIONS), "amount": value(["1.00", "12,30"], 2),
                      "note": value(["x"]), "exchangeVariant": value([shop["variant"]])},
    )  # fmt: skip
    order_lines = {}
    for line in shop["lines"]:
        order_lines[f"quantity-{line}"] = value(NUMBERS, 2)
        order_lines[f"serial-{line}"] = value(["SN-2"])
    order_claim = st.fixed_dictionaries(
        {"order": order, **order_lines},
        optional={"reason": value(REASONS), "description": value(["Broken"]),
                  "preferredResolution": value(RESOLUTIONS), "override": value(["on"])},
    )  # fmt: skip
    documents = st.sampled_from(
        ["version: 1\nname: x\n", "[" * 5000 + "]" * 5000, "a: &a [1]\n" + "b: *a\n" * 50,
         "{" * 40, "version: 1\nname: \x00\n", "- - - - - - - - - - - - - - - - - - - - - - "
         "- - - - - - - - - - - - - - - x", "a: !!python/object:os.system x", "x: 2020-01-01"]
    ) | text()  # fmt: skip
    policy = st.fixed_dictionaries(
        {"action": st.sampled_from(["preset", "document"]) | text()},
        optional={"channel": value([shop["channel"], "no-such-channel"]),
                  "preset": value(["electronics-store", "nope"]), "document": documents},
    )  # fmt: skip
    check = st.fixed_dictionaries(
        {"document": documents | st.just("version: 1\nname: x\n")},
        optional={"reason": value(REASONS), "sim-ordered": value(["2025-01-01", "-x"]),
                  "sim-price": value(["10", "-1", "x"]), "sim-currency": value(["USD", "--help"]),
                  "sim-now": value(["2025-02-01"])},
    )  # fmt: skip
    queue = st.fixed_dictionaries(
        {}, optional={"status": value(["OPEN", "PENDING", "ALL"]), "channel": value([shop["channel"]]),
                      "q": text(), "after": text(), "overdue": value(["1"])},
    )  # fmt: skip
    return st.one_of(
        st.builds(PageRequest, st.just("POST"), claim.map(lambda c: f"{DASHBOARD}claims/{_path(c)}/"),
                  claim_form, st.just({}), framing()),
        st.builds(PageRequest, st.just("GET"),
                  claim.map(lambda c: f"{DASHBOARD}claims/{_path(c)}/preview/"), preview),
        st.builds(PageRequest, st.just("POST"),
                  order.map(lambda o: f"{DASHBOARD}orders/claim/?orderId={_q(o)}"),
                  order_claim, st.just({}), framing()),
        st.builds(PageRequest, st.just("POST"), st.just(f"{DASHBOARD}policy/"), policy,
                  st.just({}), framing()),
        st.builds(PageRequest, st.just("POST"), st.just(f"{DASHBOARD}policy/check/"), check,
                  st.just({}), framing()),
        st.builds(PageRequest, st.just("GET"), st.just(f"{DASHBOARD}claims/"), queue),
        st.builds(PageRequest, st.just("GET"), st.just(f"{DASHBOARD}orders/widget/"),
                  st.fixed_dictionaries({"orderId": order})),
    )  # fmt: skip


DASHBOARD_CALLERS = ["staff", "staff_without_orders", "other_app", "no_token"]


def dashboard_headers(shop, caller) -> dict:
    from saleor.core.jwt import create_access_token_for_app

    from saleor_warranty_plugin.pages.dashboard.install import install

    ours = install(f"https://shop.example.com{PREFIX}/").app
    headers = {"HTTP_HX_REQUEST": "true"}
    if caller == "no_token":
        return headers
    if caller == "other_app":
        token = create_access_token_for_app(shop["other_app"], shop["staff"])
    else:
        token = create_access_token_for_app(ours, shop[caller])
    headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return headers


@pytest.mark.parametrize("caller", DASHBOARD_CALLERS)
def test_fuzz_dashboard_forms(page_shop, caller, capsys):
    headers = dashboard_headers(page_shop, caller)
    client = Client()
    requests = dashboard_requests(page_shop)
    sent = [0]
    statuses: dict[int, int] = {}

    @seed(3_000 + DASHBOARD_CALLERS.index(caller))
    @hypothesis_settings(PROFILE, max_examples=int(PROFILE.max_examples * SHARE))
    @given(request=requests)
    def run(request):
        request.headers = headers
        response = send(client, request, None)
        sent[0] += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert_dashboard_answer(request, response, caller)

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzz dashboard forms {caller}: {sent[0]} requests in {elapsed:.1f} s; {statuses}")
    check_invariants(page_shop["order"], page_shop["owner"])


def assert_dashboard_answer(request: PageRequest, response, caller: str) -> None:
    status = response.status_code
    assert status in PAGE_STATUSES, (status, request, response.content[:3000])
    assert response["Content-Type"].startswith("text/html"), (request, response.content[:500])
    page = response.content.decode()
    assert not PAGE_LEAKS.search(page), (request, PAGE_LEAKS.search(page), page[:3000])
    if caller != "staff":
        assert "data-no-access" in page, (caller, request, page[:2000])
        return
    if status >= 400:
        assert "data-no-access" in page, (request, page[:2000])
        return
    entered = request.entered
    if 'class="errors"' in page and request.method == "POST" and "claims/" in request.path:
        action = entered.get("action")
        kept = {"reject": ["reason"], "resolve": ["amount", "note"]}.get(action, [])
        for name in kept:
            typed = entered.get(name, "").strip()
            if typed and "\x00" not in typed and not _surrogate(typed) and f'name="{name}"' in page:
                assert html_lib.escape(typed) in page, ("form not kept", request, name)


# --- hand-written cases: each hostile number and text in each form, every endpoint ----------

TABLE_VALUES = ["²", "१२", "9" * 5000, "1e309", "-1", "\x00", "\ud800", "x" * 70_000, " "]


def table_requests(shop) -> list[tuple[str, PageRequest]]:
    """(portal or dashboard, request) for every hostile value in every field that takes one."""
    order_id = gid("Order", shop["order"].pk)
    line, claim_line = shop["lines"][0], shop["claim_lines"][0]
    found = []
    for bad in TABLE_VALUES:
        found += [
            ("portal", PageRequest("POST", PORTAL, {"action": "lookup", "order_number": bad,
                                                    "email": bad})),
            ("portal", PageRequest("POST", PORTAL, {"action": "signin", "email": bad,
                                                    "password": bad, "order": bad})),
            ("portal", PageRequest("POST", f"{PORTAL}?order={order_id}", {
                "action": "send", "reason": "CHANGED_MIND", "line": [line], f"qty-{line}": bad,
                f"serial-{line}": bad, f"cond-{line}": DECLARED, "description": bad,
                "resolution": bad, "staged": bad})),
            ("portal", PageRequest("GET", f"{PORTAL}policy/", {"channel": bad, "lang": bad})),
            ("portal", PageRequest("GET", PORTAL, {"order": bad, "lang": bad})),
            ("portal", PageRequest("POST", f"{PORTAL}session/", {"token": bad, "order": bad,
                                                                 "lang": bad})),
            ("portal", PageRequest("POST", f"{PORTAL}claims/{shop['claim']}/quote/",
                                   {"accept": bad, "access": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}claims/{shop['claim']}/", {
                "action": "receive", f"quantity-{claim_line}": bad, f"missing-{claim_line}": bad,
                f"warehouse-{claim_line}": bad, f"conditions-{claim_line}": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}claims/{shop['claim']}/", {
                "action": "resolve", "type": "REFUND", "amount": bad, "note": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}claims/{shop['claim']}/", {
                "action": "repair", "status": bad, "quote": bad, "note": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}orders/claim/?orderId={order_id}", {
                "order": order_id, "reason": "DEFECTIVE", f"quantity-{line}": bad,
                f"serial-{line}": bad, "description": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}policy/", {
                "channel": shop["channel"], "action": "document", "document": bad})),
            ("dashboard", PageRequest("POST", f"{DASHBOARD}policy/check/", {
                "document": "version: 1\nname: x\n", "sim-ordered": bad, "sim-price": bad,
                "sim-currency": bad, "reason": bad})),
            ("dashboard", PageRequest("GET", f"{DASHBOARD}claims/", {
                "status": bad, "channel": bad, "q": bad, "after": bad})),
            ("dashboard", PageRequest("GET", f"{DASHBOARD}claims/{shop['claim']}/preview/", {
                "type": bad, "amount": bad, "exchangeVariant": bad})),
        ]  # fmt: skip
    return found


def test_hostile_form_values_table(page_shop, caplog):
    clients, tokens = portal_clients(page_shop)
    headers = dashboard_headers(page_shop, "staff")
    for where, request in table_requests(page_shop):
        if where == "portal":
            cache.clear()
            response = send(clients["guest"], request, tokens["guest"])
            assert_portal_answer(request, response)
        else:
            request.headers = headers
            assert_dashboard_answer(request, send(Client(), request, None), "staff")
    # refused, not failed: nothing reached Saleor or the database to fail there
    failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failed, [f"{r.name}: {r.getMessage()}" for r in failed]
    check_invariants(page_shop["order"], page_shop["owner"])
