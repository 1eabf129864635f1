"""The returns portal in headless Chromium against a live Saleor: a guest and a signed-in
customer each find an order, see a refused line with its reason, claim with a photo, follow
the claim and cancel it, under two presets; throttling; a 375 px wide run; axe-core."""

import re

import pytest

from saleor_warranty_plugin.models import Claim
from tests.integration.helpers import set_policy
from tests.integration.portal_helpers import (
    PNG,
    make_guest,
    quoted_repair,
    repair_status,
    with_service_line,
)

from .portal_fixtures import axe_violations, shot

PORTAL = "/plugins/global/saleor.warranty/portal/"

# preset -> (reason label to pick, text shown for the refused service line)
PRESETS = {
    "repair-parts-shop": ("I changed my mind", "Only hardware is covered"),
    "hardware-supplier": ("It stopped working (warranty)", "Only physical goods can be returned"),
    "equipment-reseller": ("It stopped working (warranty)", "Non-physical goods"),
}
GUEST_PRESETS = ["repair-parts-shop", "hardware-supplier"]  # equipment-reseller: accounts only
CUSTOMER_PRESETS = ["repair-parts-shop", "equipment-reseller"]

# uploads go to a temporary MEDIA_ROOT (Saleor's fixture), never into the checkout
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]


def expect_no_serious_violations(page):
    violations = axe_violations(page)
    assert violations == [], violations


def walk_order_to_cancel(page, order, preset, who):
    """From the order page: a refused line shows why; claim one item with a photo, check the
    summary, send, see the claim page, cancel."""
    reason, refused = PRESETS[preset]
    page.get_by_role("heading", name=f"Order {order.number}").wait_for()
    assert page.get_by_text(refused).first.is_visible()
    shot(page, f"{who}-{preset}-order")
    expect_no_serious_violations(page)
    page.get_by_label(reason).check()
    first = order.lines.order_by("created_at", "pk").first()
    page.get_by_label(f"Claim “{first.product_name}”").first.check()
    page.get_by_label("Serial number").first.fill("SN-1")
    page.get_by_label("Describe the problem").fill("The item does not do what I need.")
    page.get_by_label("Photos or videos").set_input_files(
        files=[{"name": "item.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.locator("#previews img").wait_for()  # the preview shows before anything is sent
    shot(page, f"{who}-{preset}-form")
    page.get_by_role("button", name="Continue to summary").click()
    page.get_by_role("heading", name="Check your request").wait_for()
    assert page.evaluate("document.activeElement.id") == "summary-heading"
    assert page.get_by_text("item.png").is_visible()
    expect_no_serious_violations(page)
    shot(page, f"{who}-{preset}-summary")
    page.get_by_role("button", name="Send request").click()
    page.get_by_role("heading", name=re.compile(r"^Request \d+-R1$")).wait_for()
    claim = Claim.objects.get()
    assert page.get_by_role("heading", name=f"Request {claim.number}").is_visible()
    assert page.get_by_role("status").first.inner_text().startswith("Your request has been sent")
    assert claim.evidence.count() == 1
    expect_no_serious_violations(page)
    shot(page, f"{who}-{preset}-claim")
    page.get_by_role("button", name="Cancel this request").click()
    page.get_by_text("Your request has been cancelled.").wait_for()
    claim.refresh_from_db()
    assert claim.status == "CANCELLED"
    shot(page, f"{who}-{preset}-cancelled")


def guest_finds(page, order):
    """A guest opens the portal and finds the order with its number and email."""
    page.goto(PORTAL)
    page.get_by_label("Order number").fill(str(order.number))
    page.get_by_label("Email used for the order").fill(order.user_email)
    page.get_by_role("button", name="Find order").click()


@pytest.fixture
def shop_order(fulfilled_order, channel_USD):
    with_service_line(fulfilled_order)
    return fulfilled_order


@pytest.mark.parametrize("preset", GUEST_PRESETS)
def test_guest_walks_from_lookup_to_cancel(page_factory, shop_order, channel_USD, preset):
    set_policy(channel_USD, preset)
    order = make_guest(shop_order)
    page = page_factory()
    page.goto(PORTAL)
    expect_no_serious_violations(page)
    shot(page, "guest-lookup")
    page.get_by_label("Order number").fill(str(order.number))
    page.get_by_label("Email used for the order").fill(order.user_email)
    page.get_by_role("button", name="Find order").click()
    walk_order_to_cancel(page, order, preset, "guest")


@pytest.mark.parametrize("preset", CUSTOMER_PRESETS)
def test_customer_signs_in_and_walks_to_cancel(
    page_factory, shop_order, channel_USD, customer_user, preset
):
    set_policy(channel_USD, preset)
    page = page_factory()
    page.goto(PORTAL)
    page.get_by_label("Email", exact=True).fill(customer_user.email)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your orders").wait_for()
    shot(page, "customer-orders")
    expect_no_serious_violations(page)
    page.get_by_role("link", name=f"Order {shop_order.number}").click()
    walk_order_to_cancel(page, shop_order, preset, "customer")


def test_a_policy_requiring_an_account_says_so(page_factory, shop_order, channel_USD):
    set_policy(channel_USD, "equipment-reseller")  # "you must be logged into the system"
    order = make_guest(shop_order)
    page = page_factory()
    guest_finds(page, order)
    alert = page.get_by_role("alert")
    assert "sign in to your account" in alert.inner_text()
    assert page.get_by_role("button", name="Sign in").is_visible()
    shot(page, "guest-account-required")


def test_wrong_guesses_are_throttled(page_factory, shop_order, channel_USD):
    set_policy(channel_USD, "repair-parts-shop")
    order = make_guest(shop_order)
    page = page_factory()
    page.goto(PORTAL)
    statuses = []
    for attempt in range(6):
        page.get_by_label("Order number").fill(str(order.number))
        page.get_by_label("Email used for the order").fill(f"guess{attempt}@example.com")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Find order").click()
        statuses.append(navigation.value.status)
    assert statuses == [404] * 5 + [429]
    alert = page.get_by_role("alert")
    assert "Too many attempts" in alert.inner_text()
    # the error summary took the focus, so screen readers announce it
    assert page.evaluate("document.activeElement.id") == "error-summary"
    shot(page, "guest-throttled")


def test_narrow_screen_375px(page_factory, shop_order, channel_USD):
    set_policy(channel_USD, "repair-parts-shop")
    order = make_guest(shop_order)
    page = page_factory(width=375, height=812)
    guest_finds(page, order)
    page.get_by_role("heading", name=f"Order {order.number}").wait_for()
    # nothing wider than the screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "narrow-375-order")
    page.get_by_role("button", name="Continue to summary").click()
    # an empty form: errors at the top, announced and focused, each linked to its field
    alert = page.get_by_role("alert")
    assert "Choose what happened" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "narrow-375-errors")
    expect_no_serious_violations(page)


def test_policy_page_is_accessible_and_carries_json_ld(page_factory, channel_USD):
    set_policy(channel_USD, "electronics-store")
    page = page_factory()
    page.goto(f"{PORTAL}policy/?channel={channel_USD.slug}")
    raw = page.locator('script[type="application/ld+json"]').text_content()
    assert re.search(r'"@type":\s*"MerchantReturnPolicy"', raw)
    expect_no_serious_violations(page)
    shot(page, "policy")


def test_evidence_alternatives_are_shown_and_checked_before_sending(
    page_factory, shop_order, channel_USD
):
    # cross-border-store: "Photos of the package ...; Photo or video of the defective item;
    # ... a detailed description of the problem"
    set_policy(channel_USD, "cross-border-store")
    order = make_guest(shop_order)
    page = page_factory()
    guest_finds(page, order)
    page.get_by_role("heading", name=f"Order {order.number}").wait_for()
    needed = (
        "You will need a photo of the package, a description of the problem and one of: "
        "a photo of the item or a video showing the fault."
    )
    assert page.get_by_text(needed).first.is_visible()
    shot(page, "guest-cross-border-store-order")
    # when the customer sends a fault without a photo or video
    page.get_by_label("It stopped working (warranty)").check()
    first = order.lines.order_by("created_at", "pk").first()
    page.get_by_label(f"Claim “{first.product_name}”").first.check()
    page.get_by_label("Describe the problem").fill("It switches off after a minute.")
    page.get_by_role("button", name="Continue to summary").click()
    # then the page names what is missing, in plain words, before anything is sent
    alert = page.get_by_role("alert")
    text = alert.inner_text()
    assert f"For “{first.product_name}”, add a photo of the package." in text
    assert (
        f"For “{first.product_name}”, add one of: a photo of the item or a video showing the fault."
        in text
    )
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.get_by_label("Describe the problem").input_value() == (
        "It switches off after a minute."
    )
    assert not Claim.objects.exists()
    expect_no_serious_violations(page)
    shot(page, "guest-cross-border-store-evidence-missing")
    # with a photo (it shows the item and the package) the summary follows
    page.get_by_label("Photos or videos").set_input_files(
        files=[{"name": "item.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Continue to summary").click()
    page.get_by_role("heading", name="Check your request").wait_for()
    page.get_by_role("button", name="Send request").click()
    page.get_by_role("heading", name=re.compile(r"^Request \d+-R1$")).wait_for()
    assert Claim.objects.get().evidence.count() == 1


def test_guest_answers_a_repair_quote_from_the_claim_link(
    page_factory, staff_warranty_client, fulfilled_order, channel_USD
):
    from saleor_warranty_plugin.pages.portal.session import claim_link_token

    claim_id = quoted_repair(staff_warranty_client, fulfilled_order, channel_USD, guest=True)
    link = f"{PORTAL}claims/{claim_id}/?access={claim_link_token(claim_id, fulfilled_order.user_email)}"
    page = page_factory()
    page.goto(link)
    page.get_by_text("The repair costs $25.50. Do you want it done?").wait_for()
    expect_no_serious_violations(page)
    shot(page, "guest-repair-quote")
    page.get_by_role("button", name="Decline and get the item back").click()
    page.get_by_text("You declined the repair: the item will be sent back to you.").wait_for()
    assert repair_status(claim_id) == "QUOTE_DECLINED"
    assert page.get_by_role("button", name="Accept the repair for $25.50").count() == 0
    shot(page, "guest-repair-quote-declined")
