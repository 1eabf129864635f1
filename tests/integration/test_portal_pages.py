"""The returns portal through Django's test client, on real Saleor orders: finding an order,
the order page, the claim form's steps, the claim page, the policy page, sessions and CSRF."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from saleor_warranty_plugin.models import Claim, ClaimResolution
from saleor_warranty_plugin.pages.portal import throttle
from saleor_warranty_plugin.pages.portal.session import COOKIE

from .helpers import gid, set_policy
from .portal_helpers import (
    PORTAL,
    alert_text,
    claim_form,
    hidden_fields,
    make_guest,
    order_url,
    photo,
    with_service_line,
)

# uploads go to a temporary MEDIA_ROOT (Saleor's fixture), never into the checkout
pytestmark = pytest.mark.usefixtures("media_root")


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


def test_customer_answers_a_repair_quote_on_the_claim_page(
    staff_warranty_client, fulfilled_order, channel_USD, customer_user
):
    from datetime import timedelta

    from django.utils import timezone
    from saleor.core.jwt import create_access_token

    from .resolution_helpers import first_line, received_claim, resolve
    from .test_resolution_goods_and_credit import REPAIR_UPDATE

    # given an out-of-warranty item the shop accepted for a paid repair, quoted at 25.50
    policy = set_policy(channel_USD, "repair-parts-shop")
    fulfilled_order.created_at = timezone.now() - timedelta(days=400)
    fulfilled_order.save(update_fields=["created_at"])
    fulfilled_order.fulfillments.update(created_at=timezone.now() - timedelta(days=399))
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    claim.override_policy = True
    claim.save(update_fields=["override_policy"])
    resolve(staff_warranty_client, claim, type="REPAIR")
    claim_id = gid("Claim", claim.pk)
    staff_warranty_client.post_graphql(
        REPAIR_UPDATE, {"id": claim_id, "status": "QUOTED", "quote": "25.50"}
    )
    # when the signed-in customer opens the claim page
    client = Client()
    client.post(f"{PORTAL}session/", {"token": create_access_token(customer_user)})
    page = client.get(f"{PORTAL}claims/{claim_id}/").content.decode()
    assert "The repair costs $25.50" in page
    assert "Accept the repair for $25.50" in page
    # and accepts
    answer = client.post(f"{PORTAL}claims/{claim_id}/quote/", {"accept": "yes"})
    assert answer.status_code == 303
    assert ClaimResolution.objects.get(claim=claim).repair_status == "QUOTE_ACCEPTED"
    assert "the repair will go ahead" in client.get(answer["Location"]).content.decode()
