"""A claim from the queue through approve -> receive -> resolve with a refund, inside the
dashboard harness, moving real Saleor rows."""

from decimal import Decimal

from saleor.order.models import Fulfillment
from saleor.payment import TransactionKind

from saleor_warranty_plugin.models import Claim
from tests.integration.helpers import set_policy

from .conftest import screenshot
from .harness import actions, open_in_dashboard
from .test_dashboard_queue import open_claim


def status(frame, text):
    frame.locator("[data-status]", has_text=text).wait_for()


def notifications(page):
    return [a["payload"]["title"] for a in actions(page, "notification")]


def test_queue_to_refund(
    browser_page,
    live_server,
    dashboard_token,
    dashboard_staff,
    fulfilled_order,
    payment_txn_captured,
    channel_USD,
):
    set_policy(channel_USD, "electronics-store")
    claim = open_claim(
        dashboard_staff, fulfilled_order, reason="DEFECTIVE", quantity=2, serialNumber="SN-1"
    )
    claim.refresh_from_db()
    assert claim.status == "PENDING"
    line = claim.lines.get().order_line

    frame = open_in_dashboard(browser_page, live_server.url, "dashboard/claims/", dashboard_token)
    frame.get_by_role("link", name=claim.number).click()
    frame.get_by_role("heading", name=f"Claim {claim.number}").wait_for()
    screenshot(browser_page, "dashboard-claim-pending")

    # rejecting without a reason is refused inline, nothing changes
    frame.get_by_role("button", name="Reject").click()
    frame.get_by_text("Say why the claim is rejected").wait_for()
    claim.refresh_from_db()
    assert claim.status == "PENDING"

    frame.get_by_role("button", name="Approve").click()
    status(frame, "Approved")
    claim.refresh_from_db()
    assert claim.status == "APPROVED"
    assert "Claim approved" in notifications(browser_page)

    frame.get_by_role("button", name="Record receipt").click()
    status(frame, "Received")
    claim.refresh_from_db()
    assert claim.status == "RECEIVED"
    assert claim.lines.get().quantity_received == 2

    frame.get_by_label("Resolution", exact=True).select_option("REFUND")
    total = frame.locator("#preview [data-total]")
    total.wait_for()
    expected = line.unit_price_gross_amount * 2
    assert Decimal(total.get_attribute("data-amount")) == expected
    screenshot(browser_page, "dashboard-claim-resolve-preview")

    frame.get_by_role("button", name="Confirm resolution").click()
    status(frame, "Resolved")
    claim.refresh_from_db()
    assert claim.status == "RESOLVED"
    assert "Claim resolved" in notifications(browser_page)
    # Saleor's rows: one refund on the payment, a refunded-and-returned fulfillment
    refunds = payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND, is_success=True)
    assert [r.amount for r in refunds] == [expected]
    returned = Fulfillment.objects.get(order=fulfilled_order, status="refunded_and_returned")
    assert sum(fl.quantity for fl in returned.lines.all()) == 2
    screenshot(browser_page, "dashboard-claim-resolved")
    assert browser_page.js_errors == []
    assert Claim.objects.count() == 1
