"""The order page's widget and its "open a claim" popup inside the dashboard harness."""

from saleor_warranty_plugin.models import Claim
from tests.integration.helpers import gid, set_policy

from .conftest import screenshot
from .harness import actions, open_in_dashboard
from .test_dashboard_queue import open_claim


def open_on_order(page, live_server, app, user, mount, path, order, **size):
    """Open an order page's extension (the app's one on `mount`) as the dashboard does: its
    own extension token and the order's id in the query string."""
    from saleor.core.jwt import create_access_token_for_app_extension

    extension = app.extensions.get(mount=mount)
    token = create_access_token_for_app_extension(extension, extension.permissions.all(), user, app)
    params = {"orderId": gid("Order", order.pk)}
    return open_in_dashboard(page, live_server.url, path, token, params=params, **size)


def test_widget_shows_each_lines_verdicts_and_the_orders_claims(
    browser_page, live_server, dashboard_app, dashboard_staff, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "electronics-store")
    # the whole first line is claimed: nothing of it may be claimed again
    first = fulfilled_order.lines.order_by("created_at", "pk").first()
    claim = open_claim(dashboard_staff, fulfilled_order, quantity=first.quantity)
    frame = open_on_order(
        browser_page, live_server, dashboard_app, dashboard_staff, "order_details_widgets",
        "dashboard/orders/widget/", fulfilled_order, width=420, height=200, autosize=True,
    )  # fmt: skip
    frame.locator(f"[data-claim='{claim.number}']").wait_for()

    # the verdicts shown are the API's, line by line and reason by reason
    from tests.integration.fixtures import data_of, warranty_client
    from tests.integration.helpers import ELIGIBILITY

    expected = data_of(
        warranty_client(user=dashboard_staff).post_graphql(
            ELIGIBILITY, {"order": gid("Order", fulfilled_order.pk)}
        )
    )["orderReturnEligibility"]["lines"]
    for line in expected:
        row = frame.locator(f"tr[data-line='{line['orderLineId']}']")
        for option in line["options"]:
            shown = row.locator(f"[data-reason='{option['reason']}']")
            assert shown.get_attribute("data-verdict") == option["verdict"]
    verdicts = {line["orderLineId"]: {o["verdict"] for o in line["options"]} for line in expected}
    assert verdicts[gid("OrderLine", first.pk)] == {"INELIGIBLE"}
    # the claimed line's finding, the same for every reason, is said once for all of them
    first_row = frame.locator(f"tr[data-line='{gid('OrderLine', first.pk)}']")
    (first_expected,) = [x for x in expected if x["orderLineId"] == gid("OrderLine", first.pk)]
    assert len(first_expected["options"]) > 1
    assert first_row.locator("[data-group]").count() == 1
    assert first_row.locator("[data-finding]").count() == 1
    finding = first_expected["options"][0]["findings"][0]["message"]
    assert first_row.inner_text().count(finding) == 1
    assert len(set().union(*verdicts.values())) > 1
    assert "Pending" in frame.locator(f"[data-claim='{claim.number}']").inner_text()
    resized = actions(browser_page, "widgetResize")
    assert resized and resized[-1]["payload"]["height"] > 100
    screenshot(browser_page, "dashboard-order-widget")
    assert browser_page.js_errors == []


def test_popup_opens_a_staff_claim_and_refreshes_the_order(
    browser_page, live_server, dashboard_app, dashboard_staff, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    frame = open_on_order(
        browser_page, live_server, dashboard_app, dashboard_staff, "order_details_more_actions",
        "dashboard/orders/claim/", fulfilled_order, width=720, height=640,
    )  # fmt: skip
    frame.get_by_role("button", name="Open claim").wait_for()
    # nothing chosen: refused inline
    frame.get_by_role("button", name="Open claim").click()
    frame.get_by_text("Choose at least one item.").wait_for()
    assert Claim.objects.count() == 0

    frame.get_by_label("Reason").select_option("DEFECTIVE")
    frame.get_by_label(f"Quantity of {line.product_name}").first.fill("1")
    frame.get_by_label(f"Serial number of {line.product_name}").first.fill("SN-42")
    frame.get_by_label("Description").fill("Does not switch on")
    frame.get_by_label("Override the policy").check()
    screenshot(browser_page, "dashboard-order-popup")
    frame.get_by_role("button", name="Open claim").click()
    created = frame.locator("[data-created]")
    created.wait_for()

    claim = Claim.objects.get()
    assert created.get_attribute("data-created") == claim.number
    assert claim.created_by == dashboard_staff  # staff-initiated, on the customer's behalf
    assert claim.user == fulfilled_order.user
    assert claim.reason == "DEFECTIVE" and claim.lines.get().serial_number == "SN-42"
    assert actions(browser_page, "refreshEntity")
    frame.get_by_role("button", name="Close").click()
    browser_page.wait_for_function("window.actions.some(a => a.type === 'popupClose')")
