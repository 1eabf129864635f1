"""The policy page inside the dashboard harness."""

from saleor_warranty_plugin.models import ReturnPolicy
from tests.integration.helpers import set_policy

from .conftest import screenshot
from .harness import open_in_dashboard

BROKEN = """version: 1
name: Broken shop
reasons:
  DEFECTIVE:
    window: {anchor: delivered, days: -3}
    resolutions: [REFUND, TELEPORT]
"""


def test_policy_page_refuses_a_broken_document_and_simulates_a_valid_one(
    browser_page,
    live_server,
    dashboard_app,
    dashboard_staff,
    permission_manage_settings,
    channel_USD,
):
    from saleor.core.jwt import create_access_token_for_app

    dashboard_staff.user_permissions.add(permission_manage_settings)
    set_policy(channel_USD, "electronics-store")
    token = create_access_token_for_app(dashboard_app, dashboard_staff)
    frame = open_in_dashboard(
        browser_page,
        live_server.url,
        "dashboard/policy/",
        token,
        params={"channel": channel_USD.slug},
        theme="dark",
    )
    frame.get_by_role("region", name="Policy in force").get_by_text("version 1").wait_for()
    document = frame.get_by_label("Policy document")
    valid = document.input_value()
    assert "reasons:" in valid

    # a valid document simulated before it goes live
    frame.get_by_label("Ordered on").fill("2026-01-05")
    frame.get_by_label("Delivered on").fill("2026-01-08")
    frame.get_by_label("Claimed on").fill("2026-01-20")
    frame.get_by_label("Simulated reason").select_option("CHANGED_MIND")
    frame.get_by_role("button", name="Check and simulate").click()
    frame.locator("[data-simulation]").wait_for()
    assert frame.locator("[data-valid]").count() == 1
    # as `saleor-warranty-policy simulate` says: no photo of the item was given
    assert frame.locator("[data-simulation]").get_attribute("data-verdict") == "INELIGIBLE"
    assert frame.locator("[data-simulation] [data-code='EVIDENCE_REQUIRED']").count() == 1
    screenshot(browser_page, "dashboard-policy-simulate")

    # a broken one: every error at its path, and nothing saved
    document.fill(BROKEN)
    frame.get_by_role("button", name="Check and simulate").click()
    frame.locator("[data-problems]").wait_for()
    frame.get_by_role("button", name="Save as a new version").click()
    errors = frame.locator("[data-errors] li")
    errors.first.wait_for()
    paths = [errors.nth(i).get_attribute("data-path") for i in range(errors.count())]
    assert any(p.startswith("reasons.DEFECTIVE.window") for p in paths), paths
    assert any(p.startswith("reasons.DEFECTIVE.resolutions") for p in paths), paths
    assert ReturnPolicy.objects.filter(channel=channel_USD).count() == 1
    assert frame.get_by_label("Policy document").input_value() == BROKEN  # the edit is kept
    screenshot(browser_page, "dashboard-policy-errors")

    # switching to a preset stores a new version
    frame.get_by_label("Preset", exact=True).select_option("cross-border-store")
    frame.get_by_role("button", name="Use this preset").click()
    frame.get_by_role("region", name="Policy in force").get_by_text("version 2").wait_for()
    assert (
        ReturnPolicy.objects.filter(channel=channel_USD).order_by("-version").first().preset
        == "cross-border-store"
    )
    assert browser_page.js_errors == []
