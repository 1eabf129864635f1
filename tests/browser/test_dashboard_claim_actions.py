"""Each action of the claim page inside the dashboard harness, with Saleor's rows asserted
afterwards: evidence thumbnails through signed links, reject with a reason, receive with a
warehouse, conditions found and missing accessories, the resolve preview before confirming,
hand-over and decision, repair steps. Errors show beside their field; nothing calls
alert/confirm (the dashboard's iframe blocks them)."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from saleor.order import OrderEvents
from saleor.payment import TransactionKind
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.models import Claim, ClaimEvidence
from saleor_warranty_plugin.pages.router import PREFIX
from tests.integration.fixtures import data_of, warranty_client
from tests.integration.helpers import CLAIM_APPROVE, CLAIM_RECEIVE, gid, set_policy
from tests.integration.resolution_helpers import (
    first_line,
    out_of_warranty_claim,
    received_claim,
)

from .conftest import screenshot
from .harness import open_in_dashboard
from .test_dashboard_claim_flow import notifications, status
from .test_dashboard_queue import open_claim


def png(color=(200, 40, 40)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return buffer.getvalue()


def notes(order) -> list[tuple[str, object]]:
    """Saleor's order history: (message, who) of each note."""
    return [
        (event.parameters.get("message", ""), event.user)
        for event in order.events.filter(type=OrderEvents.NOTE_ADDED).order_by("date", "pk")
    ]


def open_claim_page(page, live_server, token, claim):
    frame = open_in_dashboard(
        page, live_server.url, f"dashboard/claims/{gid('Claim', claim.pk)}/", token
    )
    frame.get_by_role("heading", name=f"Claim {claim.number}").wait_for()
    return frame


def field_error(frame, label):
    """The error shown beside the form control named `label`."""
    return frame.locator("label", has=frame.get_by_label(label, exact=True)).locator(".field-error")


def refunds(payment):
    return list(
        payment.transactions.filter(kind=TransactionKind.REFUND, is_success=True).values_list(
            "amount", flat=True
        )
    )


def test_evidence_thumbnails_load_through_signed_links_and_reject_needs_a_reason(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order, channel_USD,
    settings, tmp_path,
):  # fmt: skip
    settings.MEDIA_ROOT = str(tmp_path)
    set_policy(channel_USD, "electronics-store")
    claim = open_claim(dashboard_staff, fulfilled_order, reason="DEFECTIVE", serialNumber="SN-9")
    for name, color in [("front.png", (200, 40, 40)), ("box.png", (40, 120, 200))]:
        evidence = ClaimEvidence(
            claim=claim, kind="image", content_type="image/png", original_name=name
        )
        data = png(color)
        evidence.size = len(data)
        evidence.file.save(name, ContentFile(data), save=True)

    frame = open_claim_page(browser_page, live_server, dashboard_token, claim)
    thumbs = frame.locator("[aria-label='Evidence'] img")
    thumbs.first.wait_for()
    assert thumbs.count() == 2
    for index in range(2):
        thumb = thumbs.nth(index)
        thumb.evaluate("img => img.complete || new Promise(r => img.addEventListener('load', r))")
        assert thumb.evaluate("img => img.naturalWidth") == 64  # the real image, loaded
        src = thumb.get_attribute("src")
        # a short-lived signed link of the plugin, never the storage path of the file
        assert src.startswith(f"{PREFIX}/evidence/") and ".png" not in src
        assert ":" in src.rstrip("/").rsplit("/", 1)[1]
    screenshot(browser_page, "dashboard-claim-evidence")

    # no reason: refused beside the field, nothing changes in the plugin or in Saleor
    before = notes(fulfilled_order)
    frame.get_by_role("button", name="Reject").click()
    error = field_error(frame, "Rejection reason")
    error.wait_for()
    assert "Say why the claim is rejected" in error.inner_text()
    claim.refresh_from_db()
    assert claim.status == "PENDING" and notes(fulfilled_order) == before

    frame.get_by_label("Rejection reason").fill("The seal is broken and the board is burnt")
    frame.get_by_role("button", name="Reject").click()
    status(frame, "Rejected")
    claim.refresh_from_db()
    assert claim.status == "REJECTED"
    assert "Claim rejected" in notifications(browser_page)
    message, who = notes(fulfilled_order)[-1]
    assert message == (f"Claim {claim.number}: Rejected: The seal is broken and the board is burnt")
    assert who == dashboard_staff  # acted as the dashboard's user
    assert frame.get_by_role("button", name="Approve").count() == 0
    screenshot(browser_page, "dashboard-claim-rejected")
    assert browser_page.js_errors == [] and browser_page.dialogs == []


@pytest.fixture
def approved_with_accessories(fulfilled_order, channel_USD, settings, tmp_path):
    """Cross-border store: "If a component or accessory is missing, we will ask you to pay
    for it" (10% of the unit price without a price set). An approved claim for one unit,
    its photo a real image in storage."""
    settings.MEDIA_ROOT = str(tmp_path)
    policy = set_policy(channel_USD, "cross-border-store")
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 1)], status="APPROVED")
    for evidence in claim.evidence.all():
        data = png((90, 140, 90))
        evidence.content_type, evidence.size = "image/png", len(data)
        evidence.file.save("photo.png", ContentFile(data), save=True)
    return claim, line


def test_receive_with_warehouse_conditions_and_missing_accessories_then_preview_and_refund(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order,
    payment_txn_captured, approved_with_accessories, warehouses,
):  # fmt: skip
    claim, line = approved_with_accessories
    claim_line = claim.lines.get()
    chosen = warehouses[1]
    frame = open_claim_page(browser_page, live_server, dashboard_token, claim)
    product = line.product_name

    # more than was claimed: refused beside the quantity, the typed values kept
    frame.get_by_label(f"Quantity received of {product}").fill("5")
    frame.get_by_label(f"Missing accessories of {product}").fill("Charger")
    frame.get_by_label(f"Restock warehouse of {product}").select_option(label=chosen.name)
    frame.get_by_role("button", name="Record receipt").click()
    error = field_error(frame, f"Quantity received of {product}")
    error.wait_for()
    assert "At most 1" in error.inner_text()
    assert frame.get_by_label(f"Missing accessories of {product}").input_value() == "Charger"
    claim.refresh_from_db()
    assert claim.status == "APPROVED"

    frame.get_by_label(f"Quantity received of {product}").fill("1")
    frame.get_by_label(f"Missing accessories ({product})", exact=True).check()
    frame.get_by_label(f"Used ({product})", exact=True).check()
    # before the goods arrive the preview says why a refund cannot be made yet, without
    # calling the refund one the policy refuses
    waiting = frame.locator("#preview [data-preview]")
    waiting.wait_for()
    assert waiting.get_attribute("data-allowed") == "no"
    words = waiting.inner_text()
    assert "The policy offers refund for this claim, but it cannot be made now" in words, words
    assert "does not allow" not in words and "must be received" in words, words
    thumb = frame.locator("[aria-label='Evidence'] img").first
    thumb.evaluate("img => img.complete || new Promise(r => img.addEventListener('load', r))")
    assert thumb.evaluate("img => img.naturalWidth") == 64
    screenshot(browser_page, "dashboard-claim-receive")
    frame.get_by_role("button", name="Record receipt").click()
    status(frame, "Received")
    claim.refresh_from_db()
    claim_line.refresh_from_db()
    assert claim.status == "RECEIVED"
    assert claim_line.quantity_received == 1
    assert claim_line.missing_accessories == ["Charger"]
    assert {"MISSING_ACCESSORIES", "USED"} <= set(claim_line.inspected_conditions)
    assert claim_line.restock and claim_line.restock_warehouse == chosen
    row = frame.locator(f"tr[data-line='{gid('ClaimLine', claim_line.pk)}']")
    assert "Missing: Charger" in row.inner_text()
    assert "missing accessories" in row.inner_text().lower()

    # the preview: amount, each line of the breakdown and what the payment can still take,
    # before anything moves
    frame.get_by_label("Resolution", exact=True).select_option("REFUND")
    preview = frame.locator("#preview [data-preview]")
    preview.wait_for()
    unit = line.unit_price_gross_amount
    charge = (unit * Decimal("0.10")).quantize(Decimal("0.01"))
    rows = preview.locator("tr").all_inner_texts()
    assert any(r.startswith(f"Goods paid (1 x {unit:.2f})") for r in rows), rows
    assert any("Charger" in r for r in rows), rows
    total = preview.locator("[data-total]")
    assert Decimal(total.get_attribute("data-amount")) == unit - charge
    assert preview.get_by_text("The payment can still take").count() == 1
    assert refunds(payment_txn_captured) == []
    screenshot(browser_page, "dashboard-claim-preview-breakdown")

    # a malformed amount is refused beside the field; nothing moves
    frame.get_by_label("Amount override").fill("twelve")
    frame.get_by_role("button", name="Confirm resolution").click()
    error = field_error(frame, "Amount override")
    error.wait_for()
    assert "Enter an amount" in error.inner_text()
    assert refunds(payment_txn_captured) == []

    frame.get_by_label("Amount override").fill("")
    frame.locator("#preview [data-total]").wait_for()
    frame.get_by_role("button", name="Confirm resolution").click()
    status(frame, "Resolved")
    assert refunds(payment_txn_captured) == [unit - charge]
    stock = Stock.objects.get(warehouse=chosen, product_variant=line.variant)
    assert stock.quantity == 1  # restocked where staff chose
    assert any(f"back in stock at {chosen.name}" in m for m, _ in notes(fulfilled_order))
    assert browser_page.js_errors == [] and browser_page.dialogs == []


def test_hand_over_then_the_providers_decision_refunds(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order,
    payment_txn_captured, channel_USD,
):  # fmt: skip
    set_policy(channel_USD, "electronics-store")
    claim = open_claim(dashboard_staff, fulfilled_order, reason="DEFECTIVE", serialNumber="SN-3")
    client = warranty_client(user=dashboard_staff)
    claim_id = gid("Claim", claim.pk)
    data_of(client.post_graphql(CLAIM_APPROVE, {"id": claim_id}))
    received = data_of(
        client.post_graphql(
            CLAIM_RECEIVE,
            {
                "id": claim_id,
                "lines": [{"claimLine": gid("ClaimLine", claim.lines.get().pk), "quantity": 1}],
            },
        )
    )
    assert received["claimReceive"]["errors"] == []
    line = claim.lines.get().order_line

    frame = open_claim_page(browser_page, live_server, dashboard_token, claim)
    assert frame.get_by_role("button", name="Record decision").count() == 0  # not handed over
    frame.get_by_label("Hand over to").select_option("LAB")
    frame.get_by_label("Provider reference").fill("LAB-2024-77")
    frame.get_by_role("button", name="Record hand-over").click()
    frame.get_by_role("button", name="Record decision").wait_for()
    claim.refresh_from_db()
    assert (claim.handed_to, claim.external_reference) == ("lab", "LAB-2024-77")
    assert "Hand-over recorded" in notifications(browser_page)
    assert any("LAB-2024-77" in m for m, _ in notes(fulfilled_order))
    screenshot(browser_page, "dashboard-claim-handed-over")

    frame.get_by_label("Decision", exact=True).select_option("REFUND")
    frame.get_by_label("Decision note").fill("Faulty board confirmed")
    frame.get_by_role("button", name="Record decision").click()
    status(frame, "Resolved")
    claim.refresh_from_db()
    assert claim.external_decision == "REFUND" and claim.status == "RESOLVED"
    assert refunds(payment_txn_captured) == [line.unit_price_gross_amount]
    assert any("Faulty board confirmed" in m for m, _ in notes(fulfilled_order))
    assert browser_page.js_errors == [] and browser_page.dialogs == []


def test_paid_repair_quote_progress_and_completion(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order, channel_USD,
    customer_user,
):  # fmt: skip
    claim = out_of_warranty_claim(fulfilled_order, channel_USD)

    frame = open_claim_page(browser_page, live_server, dashboard_token, claim)
    frame.get_by_label("Resolution", exact=True).select_option("REPAIR")
    frame.locator("#preview [data-preview]").wait_for()
    frame.get_by_role("button", name="Confirm resolution").click()
    frame.locator("[data-repair='AWAITING_QUOTE']").wait_for()
    resolution = Claim.objects.get(pk=claim.pk).resolution
    assert (resolution.type, resolution.repair_status) == ("REPAIR", "AWAITING_QUOTE")

    # the quote: missing, then malformed, each refused beside the price
    frame.get_by_role("button", name="Update repair").click()
    error = field_error(frame, "Repair quote")
    error.wait_for()
    assert "Give the repair price" in error.inner_text()
    frame.get_by_label("Repair quote").fill("25,50")
    frame.get_by_role("button", name="Update repair").click()
    frame.get_by_text("Enter an amount such as 12.50.").wait_for()
    resolution.refresh_from_db()
    assert resolution.repair_status == "AWAITING_QUOTE" and resolution.repair_quote is None

    frame.get_by_label("Repair quote").fill("25.50")
    frame.get_by_role("button", name="Update repair").click()
    frame.locator("[data-repair='QUOTED']").wait_for()
    assert frame.locator("[data-repair-waiting]").count() == 1  # the customer answers next
    resolution.refresh_from_db()
    assert resolution.repair_quote == Decimal("25.50")
    assert any("Repair quoted at 25.5" in m for m, _ in notes(fulfilled_order))
    screenshot(browser_page, "dashboard-claim-repair-quoted")

    answer = """mutation($id: ID!) { claimRepairQuoteAnswer(id: $id, accept: true) {
      errors { code } } }"""
    assert (
        data_of(
            warranty_client(user=customer_user).post_graphql(answer, {"id": gid("Claim", claim.pk)})
        )["claimRepairQuoteAnswer"]["errors"]
        == []
    )

    frame = open_claim_page(browser_page, live_server, dashboard_token, claim)
    frame.locator("[data-repair='QUOTE_ACCEPTED']").wait_for()
    frame.get_by_label("Repair step").select_option("REPAIRED")
    frame.get_by_role("button", name="Update repair").click()
    frame.locator("[data-repair='REPAIRED']").wait_for()
    frame.get_by_label("Repair step").select_option("RETURNED")
    frame.get_by_label("Repair note").fill("Sent back with tracking 1Z999")
    frame.get_by_role("button", name="Update repair").click()
    frame.locator("[data-repair='RETURNED']").wait_for()
    resolution.refresh_from_db()
    assert (resolution.repair_status, resolution.status) == ("RETURNED", "SUCCEEDED")
    assert any("1Z999" in m for m, _ in notes(fulfilled_order))
    assert frame.get_by_role("button", name="Update repair").count() == 0
    screenshot(browser_page, "dashboard-claim-repair-returned")
    assert browser_page.js_errors == [] and browser_page.dialogs == []
