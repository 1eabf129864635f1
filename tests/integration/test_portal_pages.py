"""The returns portal through Django's test client, on real Saleor orders: finding an order,
the order page, the claim form's steps, the claim page, the policy page, sessions and CSRF."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import memcache_key_warnings
from django.test import Client

from saleor_warranty_plugin.models import Claim
from saleor_warranty_plugin.pages.portal import throttle
from saleor_warranty_plugin.pages.portal.session import COOKIE
from saleor_warranty_plugin.staged import STAGED_DIR, STAGED_MAX_AGE

from .helpers import gid, set_policy
from .portal_helpers import (
    PORTAL,
    alert_text,
    claim_form,
    hidden_fields,
    make_guest,
    order_url,
    photo,
    quoted_repair,
    repair_status,
    with_service_line,
)

# uploads go to a temporary MEDIA_ROOT (Saleor's fixture), never into the checkout
pytestmark = [pytest.mark.usefixtures("media_root"), pytest.mark.compare_executors]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def guest_order(fulfilled_order, channel_USD):
    set_policy(channel_USD, "repair-parts-shop")
    return make_guest(fulfilled_order)


def find(client, order, email=None, number=None):
    return client.post(
        PORTAL,
        {
            "action": "lookup",
            "order_number": str(number if number is not None else order.number),
            "email": email if email is not None else order.user_email,
        },
    )


def test_guest_finds_the_order_and_sees_each_line_with_its_options(guest_order):
    client = Client()
    # when a guest gives the order number and email
    response = find(client, guest_order, email=guest_order.user_email.upper())
    # then they are sent to the order page with an HttpOnly cookie, no token in the URL
    assert response.status_code == 303
    assert response["Location"] == order_url(guest_order)
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for line in guest_order.lines.all():
        assert line.product_name in html
    assert "I changed my mind" in html and "until" in html
    assert "You pay the return shipping." in html or "The shop pays the return shipping." in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_wrong_email_and_missing_order_get_the_same_answer(guest_order):
    wrong_email = find(Client(), guest_order, email="someone@example.com")
    missing = find(Client(), guest_order, number=guest_order.number + 1000)
    assert wrong_email.status_code == missing.status_code == 404
    assert alert_text(wrong_email.content.decode()) == alert_text(missing.content.decode())
    assert "couldn't find an order" in alert_text(missing.content.decode())


def test_an_account_order_needs_a_sign_in(fulfilled_order, channel_USD):
    set_policy(channel_USD, "repair-parts-shop")
    # an order placed by an account holder is not found with its email alone
    response = find(Client(), fulfilled_order)
    assert response.status_code == 404


def test_repeated_failures_are_throttled_per_order(guest_order):
    # when several clients guess emails for one order number
    for attempt in range(throttle.MAX_FAILURES_PER_ORDER):
        client = Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}")
        assert find(client, guest_order, email=f"guess{attempt}@example.com").status_code == 404
    # then even the right email from a new client must wait
    blocked = find(Client(REMOTE_ADDR="10.0.1.1"), guest_order)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "Too many attempts" in alert_text(blocked.content.decode())


def test_repeated_failures_are_throttled_per_client(guest_order):
    client = Client(REMOTE_ADDR="10.9.9.9")
    for attempt in range(throttle.MAX_FAILURES_PER_CLIENT):
        find(client, guest_order, number=900000 + attempt)
    assert find(client, guest_order).status_code == 429
    # another client is not affected
    assert find(Client(REMOTE_ADDR="10.9.9.10"), guest_order).status_code == 303


def test_guest_claims_with_a_photo_follows_and_cancels(guest_order):
    client = Client()
    find(client, guest_order)
    line = guest_order.lines.order_by("created_at", "pk").first()
    # given the form filled in, with a photo, asking for a summary
    form = claim_form(
        guest_order,
        [(line, 1, {"serial": "SN-1", "cond": ["UNUSED", "ORIGINAL_PACKAGING"]})],
        description="Wrong colour",
        evidence=photo(),
    )
    review = client.post(order_url(guest_order), form)
    assert review.status_code == 200, alert_text(review.content.decode())
    html = review.content.decode()
    assert "Check your request" in html and "box.png" in html and "SN-1" in html
    assert not Claim.objects.exists()  # nothing is sent before the customer confirms
    # when they send it
    fields = hidden_fields(html)
    fields["action"] = ["send"]
    sent = client.post(order_url(guest_order), fields)
    assert sent.status_code == 303, alert_text(sent.content.decode())
    claim = Claim.objects.get()
    assert claim.evidence.count() == 1
    line_row = claim.lines.get()
    assert line_row.serial_number == "SN-1"
    assert sorted(line_row.declared_conditions) == ["ORIGINAL_PACKAGING", "UNUSED"]
    # then the claim page (reached by a link bound to the order's email) shows it
    location = sent["Location"]
    assert "access=" in location
    page = Client().get(location)  # the link works from any browser
    assert page.status_code == 200
    text = page.content.decode()
    assert claim.number in text and "Timeline" in text and "box.png" in text
    # and the guest cancels it
    access = re.search(r"access=([^&]+)", location).group(1)
    cancel = client.post(f"{PORTAL}claims/{gid('Claim', claim.pk)}/cancel/", {"access": access})
    assert cancel.status_code == 303
    claim.refresh_from_db()
    assert claim.status == "CANCELLED"
    assert "cancelled" in client.get(cancel["Location"]).content.decode()


def staged_files() -> list[str]:
    """Every file the portal keeps for forms not sent yet."""
    from django.core.files.storage import default_storage

    if not default_storage.exists(STAGED_DIR):
        return []
    folders, _files = default_storage.listdir(STAGED_DIR)
    return sorted(
        f"{STAGED_DIR}/{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"{STAGED_DIR}/{folder}")[1]
    )


def test_staged_uploads_of_abandoned_requests_are_removed_after_a_day(guest_order):
    import os
    import time

    from django.core.files.storage import default_storage

    from saleor_warranty_plugin.tasks import portal_uploads_cleanup_task

    client = Client()
    find(client, guest_order)
    line = guest_order.lines.first()
    # given a request abandoned at its summary more than a day ago, with its photo staged
    review = client.post(
        order_url(guest_order), claim_form(guest_order, [(line, 1)], evidence=photo("old.png"))
    )
    assert review.status_code == 200
    [old] = staged_files()
    long_ago = time.time() - STAGED_MAX_AGE - 60
    os.utime(default_storage.path(old), (long_ago, long_ago))
    # and one staged a moment ago
    client.post(
        order_url(guest_order), claim_form(guest_order, [(line, 1)], evidence=photo("new.png"))
    )
    [fresh] = [path for path in staged_files() if path != old]
    # when the periodic task runs (as beat runs it)
    assert portal_uploads_cleanup_task.delay().get() == 1
    # then only the old file is gone, with its folder; the recent one waits for its form
    assert staged_files() == [fresh]
    assert not default_storage.exists(old.rsplit("/", 1)[0])
    # running again changes nothing
    assert portal_uploads_cleanup_task() == 0
    assert staged_files() == [fresh]


def test_sending_a_claim_removes_its_staged_files(guest_order):
    client = Client()
    find(client, guest_order)
    line = guest_order.lines.first()
    review = client.post(
        order_url(guest_order), claim_form(guest_order, [(line, 1)], evidence=photo())
    )
    assert len(staged_files()) == 1
    fields = hidden_fields(review.content.decode())
    fields["action"] = ["send"]
    assert client.post(order_url(guest_order), fields).status_code == 303
    assert Claim.objects.get().evidence.count() == 1
    assert staged_files() == []


def test_a_forged_claim_link_shows_nothing(guest_order):
    client = Client()
    find(client, guest_order)
    line = guest_order.lines.first()
    form = claim_form(guest_order, [(line, 1)], action="send")
    sent = client.post(order_url(guest_order), form)
    assert sent.status_code == 303
    claim = Claim.objects.get()
    page = Client().get(f"{PORTAL}claims/{gid('Claim', claim.pk)}/?access=forged")
    assert page.status_code == 404
    assert claim.number not in page.content.decode()


def test_a_refused_line_shows_why_and_cannot_be_claimed(guest_order):
    service = with_service_line(guest_order)
    client = Client()
    find(client, guest_order)
    html = client.get(order_url(guest_order)).content.decode()
    assert "Only hardware is covered" in html
    # when the customer claims it anyway (no script hides it)
    response = client.post(
        order_url(guest_order), claim_form(guest_order, [(service, 1)], action="send")
    )
    # then the page says why, keeps the form, and nothing is stored
    assert response.status_code == 400
    assert "Only hardware is covered" in alert_text(response.content.decode())
    assert not Claim.objects.exists()


def test_bad_values_are_messages_and_the_form_keeps_what_was_entered(guest_order):
    client = Client()
    find(client, guest_order)
    line = guest_order.lines.first()
    form = claim_form(
        guest_order,
        [(line, "lots")],
        reason="NOT_A_REASON",
        description="Keep this text",
        evidence=photo("kept.png"),
    )
    response = client.post(order_url(guest_order), form)
    assert response.status_code == 400
    html = response.content.decode()
    alert = alert_text(html)
    assert "Choose what happened" in alert and "quantity" in alert
    assert "Keep this text" in html
    assert "kept.png" in html  # the photo waits in storage, listed with the form
    # a file that is not a photo is refused by the page before anything is sent
    bad = claim_form(
        guest_order,
        [(line, 1)],
        evidence=SimpleUploadedFileFactory("notes.txt", b"hello"),
    )
    response = client.post(order_url(guest_order), bad)
    assert response.status_code == 400
    assert "notes.txt is not a photo" in alert_text(response.content.decode())


def SimpleUploadedFileFactory(name, content):  # noqa: N802 - reads as the class it makes
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_customer_signs_in_with_saleor_credentials(fulfilled_order, channel_USD, customer_user):
    set_policy(channel_USD, "equipment-reseller")
    # a wrong password (Saleor then delays sign-ins from that address for a while)
    wrong = Client(REMOTE_ADDR="10.7.7.7").post(
        PORTAL, {"action": "signin", "email": customer_user.email, "password": "wrong"}
    )
    assert wrong.status_code == 400
    assert "email or password" in alert_text(wrong.content.decode())
    client = Client()
    response = client.post(
        PORTAL, {"action": "signin", "email": customer_user.email, "password": "password"}
    )
    assert response.status_code == 303, alert_text(response.content.decode())
    home = client.get(PORTAL).content.decode()
    assert f"Order {fulfilled_order.number}" in home and customer_user.email in home
    line = fulfilled_order.lines.first()
    sent = client.post(
        order_url(fulfilled_order),
        claim_form(
            fulfilled_order,
            [(line, 1, {"serial": "SN-42"})],
            reason="DEFECTIVE",
            action="send",
            description="It no longer starts.",
            evidence=photo(),
        ),
    )
    assert sent.status_code == 303, alert_text(sent.content.decode())
    assert "access=" not in sent["Location"]
    claim = Claim.objects.get()
    assert claim.user_id == customer_user.pk
    # someone else's browser sees nothing of it
    assert Client().get(sent["Location"]).status_code == 404
    # signing out forgets the tokens
    client.post(f"{PORTAL}signout/")
    assert client.get(sent["Location"]).status_code == 404


def test_storefront_hands_over_a_signed_in_customer(fulfilled_order, channel_USD, customer_user):
    from saleor.core.jwt import create_access_token

    set_policy(channel_USD, "repair-parts-shop")
    token = create_access_token(customer_user)
    client = Client()
    order_id = gid("Order", fulfilled_order.pk)
    response = client.post(f"{PORTAL}session/", {"token": token, "order": order_id})
    assert response.status_code == 303
    assert token not in response["Location"]
    assert response["Location"] == order_url(fulfilled_order)
    assert client.get(response["Location"]).status_code == 200
    # a GET cannot hand over a token, and a bad token signs nobody in
    assert client.get(f"{PORTAL}session/?token={token}").status_code == 405
    refused = Client().post(f"{PORTAL}session/", {"token": "not-a-token"})
    assert refused.status_code == 401
    assert COOKIE not in refused.cookies or not refused.cookies[COOKIE].value


def test_posts_need_the_csrf_token(guest_order):
    client = Client(enforce_csrf_checks=True)
    response = find(client, guest_order)
    assert response.status_code == 403
    # with the token from the page, the same post works
    page = client.get(PORTAL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        PORTAL,
        {
            "action": "lookup",
            "order_number": str(guest_order.number),
            "email": guest_order.user_email,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 303


def test_policy_page_embeds_merchant_return_policy(channel_USD):
    set_policy(channel_USD, "electronics-store")
    response = Client().get(f"{PORTAL}policy/?channel={channel_USD.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "MerchantReturnPolicy"
    assert data["returnPolicyCategory"] == "https://schema.org/MerchantReturnFiniteReturnWindow"
    assert data["merchantReturnDays"] == 30
    assert data["merchantReturnLink"].endswith(f"policy/?channel={channel_USD.slug}")
    missing = Client().get(f"{PORTAL}policy/?channel=no-such-channel")
    assert missing.status_code == 404


def test_pages_follow_the_language_and_plugin_brand(guest_order):
    response = Client().get(PORTAL, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
    assert "--brand: #1f5fbf" in response.content.decode()
    from saleor_warranty_plugin.pages.static import static_path

    css_url = static_path("warranty/portal/portal.css")
    assert css_url in response.content.decode()
    css = Client().get(css_url)
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")


def status_line(page: str) -> str:
    return re.search(r'<p class="status[^"]*">.*?<strong>(.*?)</strong>', page, re.S).group(1)


def test_customer_answers_a_repair_quote_on_the_claim_page(
    staff_warranty_client, fulfilled_order, channel_USD, customer_user
):
    from saleor.core.jwt import create_access_token

    claim_id = quoted_repair(staff_warranty_client, fulfilled_order, channel_USD)
    # when the signed-in customer opens the claim page
    client = Client()
    client.post(f"{PORTAL}session/", {"token": create_access_token(customer_user)})
    page = client.get(f"{PORTAL}claims/{claim_id}/").content.decode()
    assert "The repair costs $25.50" in page
    assert "Accept the repair for $25.50" in page
    # the status follows the repair's step, not the shop's "resolved"
    assert status_line(page) == "A price for the repair is waiting for your answer"
    # and accepts
    answer = client.post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": "yes"})
    assert answer.status_code == 303
    assert repair_status(claim_id) == "QUOTE_ACCEPTED"
    after = client.get(answer["Location"]).content.decode()
    assert "the repair will go ahead" in after
    assert status_line(after) == "You accepted the repair price"
    # a second answer is refused by the same rule as any other client's
    again = client.post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": "no"})
    assert again.status_code == 400
    assert "cannot go from quote_accepted" in alert_text(again.content.decode())
    assert repair_status(claim_id) == "QUOTE_ACCEPTED"


@pytest.mark.parametrize(
    ("accept", "status", "notice"),
    [
        ("yes", "QUOTE_ACCEPTED", "the repair will go ahead"),
        ("no", "QUOTE_DECLINED", "the item will be sent back to you"),
    ],
)
def test_guest_answers_a_repair_quote_through_the_claim_link(
    staff_warranty_client, fulfilled_order, channel_USD, accept, status, notice
):
    from saleor_warranty_plugin.pages.portal.session import claim_link_token

    claim_id = quoted_repair(staff_warranty_client, fulfilled_order, channel_USD, guest=True)
    access = claim_link_token(claim_id, fulfilled_order.user_email)
    # when the guest opens the link from the shop's email, in any browser
    client = Client()
    page = client.get(f"{PORTAL}claims/{claim_id}/?access={access}").content.decode()
    assert "The repair costs $25.50" in page
    assert "Accept the repair for $25.50" in page and "Decline and get the item back" in page
    # and answers
    answer = client.post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": accept, "access": access})
    assert answer.status_code == 303
    assert repair_status(claim_id) == status
    assert "access=" in answer["Location"]  # the page after it still opens for the guest
    assert notice in client.get(answer["Location"]).content.decode()
    # the answer is final, as for a signed-in customer
    again = client.post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": "yes", "access": access})
    assert again.status_code == 400
    assert "A repair cannot go from" in alert_text(again.content.decode())
    assert repair_status(claim_id) == status


def test_a_forged_or_foreign_claim_link_cannot_answer_a_quote(
    staff_warranty_client, fulfilled_order, channel_USD
):
    from saleor_warranty_plugin.graphql.ids import to_global_id
    from saleor_warranty_plugin.pages.portal.session import claim_link_token

    claim_id = quoted_repair(staff_warranty_client, fulfilled_order, channel_USD, guest=True)
    email = fulfilled_order.user_email
    refused = {
        "forged": "not-a-signed-link",
        "tampered": claim_link_token(claim_id, email)[:-2] + "xx",
        "another order's email": claim_link_token(claim_id, "other.buyer@example.com"),
        "another claim's link": claim_link_token(
            to_global_id("Claim", "00000000-0000-0000-0000-000000000001"), email
        ),
    }
    for case, access in refused.items():
        client = Client()
        page = client.get(f"{PORTAL}claims/{claim_id}/?access={access}")
        assert page.status_code == 404, case
        assert "25.50" not in page.content.decode(), case
        answer = client.post(
            f"{PORTAL}claims/{claim_id}/quote/", {"accept": "yes", "access": access}
        )
        assert answer.status_code == 404, case
        assert repair_status(claim_id) == "QUOTED", case
    # nor does a browser without any link, nor the API without the order's email
    assert Client().post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": "no"}).status_code == 404
    assert repair_status(claim_id) == "QUOTED"


def test_dates_in_the_shops_time_zone_and_money_in_the_customers_language(
    staff_warranty_client, fulfilled_order, channel_USD, settings
):
    from datetime import UTC, datetime

    from graphql_relay import from_global_id

    from saleor_warranty_plugin.pages.portal.session import claim_link_token

    # given a shop in UTC+14 and a request sent at noon UTC on 1 March (2 March there)
    settings.TIME_ZONE = "Pacific/Kiritimati"
    claim_id = quoted_repair(staff_warranty_client, fulfilled_order, channel_USD, guest=True)
    Claim.objects.filter(pk=from_global_id(claim_id)[1]).update(
        created_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    )
    url = f"{PORTAL}claims/{claim_id}/?access={claim_link_token(claim_id, fulfilled_order.user_email)}"
    # in English
    english = Client().get(url).content.decode()
    assert "Sent on March 2, 2026" in english
    assert "The repair costs $25.50" in english
    # and in German: Django's German date format, babel's German currency format
    german = Client().get(url + "&lang=de").content.decode()
    assert '<html lang="de"' in german
    assert "Sent on 2. März 2026" in german
    assert "25,50\xa0$" in german


def test_brand_logo_from_the_plugin_settings(
    guest_order, staff_api_client, permission_manage_plugins
):
    from .fixtures import data_of
    from .test_endpoint import UPDATE

    staff_api_client.user.user_permissions.add(permission_manage_plugins)

    def save(url):
        input_ = {"configuration": [{"name": "brand_logo_url", "value": url}]}
        return data_of(staff_api_client.post_graphql(UPDATE, {"input": input_}))["pluginUpdate"]

    # without a logo the header has none
    assert 'class="logo"' not in Client().get(PORTAL).content.decode()
    # a logo's address is shown escaped, on every page
    assert save("https://cdn.example.com/logo.png?v=2&size=64")["errors"] == []
    for url in (PORTAL, f"{PORTAL}policy/?channel={guest_order.channel.slug}"):
        html = Client().get(url).content.decode()
        assert (
            '<img src="https://cdn.example.com/logo.png?v=2&amp;size=64" alt="Shop logo" class="logo">'
            in html
        )
    # addresses that are not http(s) or a path, or that would leave the attribute, are refused
    for bad in (
        "javascript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        'https://cdn.example.com/x.png" onerror="alert(1)',
        "https://cdn.example.com/my logo.png",
        "logo.png",
    ):
        errors = save(bad)["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("brandLogoUrl", "INVALID")], bad
        assert "http(s) address or a path" in errors[0]["message"]
    # and the logo saved before stays
    assert (
        'src="https://cdn.example.com/logo.png?v=2&amp;size=64"'
        in Client().get(PORTAL).content.decode()
    )
    # a path on the shop's own host is fine too
    assert save("/static/shop-logo.svg")["errors"] == []
    assert '<img src="/static/shop-logo.svg"' in Client().get(PORTAL).content.decode()


def test_evidence_alternatives_are_explained_and_checked_before_sending(
    fulfilled_order, channel_USD
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # cross-border-store: a fault needs a photo of the package, a description, and a photo or
    # a video of the item
    set_policy(channel_USD, "cross-border-store")
    order = make_guest(fulfilled_order)
    client = Client()
    find(client, order)
    html = client.get(order_url(order)).content.decode()
    assert (
        "You will need a photo of the package, a description of the problem and one of: "
        "a photo of the item or a video showing the fault." in html
    )
    line = order.lines.order_by("created_at", "pk").first()

    def review(**extra):
        form = claim_form(order, [(line, 1)], reason="DEFECTIVE", **extra)
        return client.post(order_url(order), form)

    # nothing given: every requirement is named, each linked to where it belongs
    response = review()
    assert response.status_code == 400
    alert = alert_text(response.content.decode())
    name = line.product_name
    assert f"For “{name}”, add a photo of the package." in alert
    assert f"For “{name}”, add a description of the problem." in alert
    assert f"For “{name}”, add one of: a photo of the item or a video showing the fault." in alert
    assert '<a href="#description">' in response.content.decode()
    # a video shows the fault, but it is no photo of the package
    video = SimpleUploadedFile(
        "fault.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4"
    )
    response = review(description="It switches off.", evidence=video)
    assert response.status_code == 400
    alert = alert_text(response.content.decode())
    assert "add a photo of the package" in alert and "one of" not in alert
    assert "fault.mp4" in response.content.decode()  # kept for the next attempt
    # a photo (of the package and the item) completes it: the summary follows
    response = review(description="It switches off.", evidence=photo())
    assert response.status_code == 200, alert_text(response.content.decode())
    assert "Check your request" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize("typed", ["12\x0034", "9" * 5000, "№ 12 ü"])
def test_throttle_keys_suit_every_cache_backend(typed):
    # memcached refuses control characters and keys over 250 characters; whatever the
    # customer typed, the counters' keys are ones every backend takes, and still count
    for key, _limit in throttle._keys("10.0.0.1", typed):
        assert not list(memcache_key_warnings(key))
    for attempt in range(throttle.MAX_FAILURES_PER_ORDER):
        assert throttle.check(f"10.0.0.{attempt}", typed) is None
        throttle.record_failure(f"10.0.0.{attempt}", typed)
    assert throttle.check("10.0.0.99", typed) is not None
    assert throttle.check("10.0.0.99", typed + "0") is None
