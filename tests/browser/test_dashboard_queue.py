"""The claims queue inside the dashboard harness."""

from saleor_warranty_plugin.models import Claim
from tests.integration.fixtures import data_of, warranty_client
from tests.integration.helpers import CLAIM_CREATE, claim_input, set_policy

from .conftest import screenshot
from .harness import actions, open_in_dashboard


def open_claim(staff, order, reason="CHANGED_MIND", quantity=1, **line_extra):
    line = order.lines.order_by("created_at", "pk").first()
    declared = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    payload = data_of(
        warranty_client(user=staff).post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    order,
                    [(line, quantity, {"declaredConditions": declared, **line_extra})],
                    reason=reason,
                )
            },
        )
    )["claimCreate"]
    assert payload["errors"] == [], payload["errors"]
    return Claim.objects.get(number=payload["claim"]["number"])


def test_queue_lists_claims_after_the_handshake(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "electronics-store")
    claim = open_claim(dashboard_staff, fulfilled_order)

    frame = open_in_dashboard(browser_page, live_server.url, "dashboard/claims/", dashboard_token)

    row = frame.locator(f"tr[data-claim='{claim.number}']")
    row.wait_for()
    assert "Pending" in row.inner_text()
    assert (
        frame.get_by_role("navigation", name="Claim status").get_by_text("To review 1").count() == 1
    )
    assert actions(browser_page, "notifyReady")
    screenshot(browser_page, "dashboard-queue")
    assert browser_page.js_errors == []


def test_queue_without_token_shows_no_access(browser_page, live_server, dashboard_app):
    frame = open_in_dashboard(browser_page, live_server.url, "dashboard/claims/", "")
    alert = frame.get_by_role("alert")
    alert.wait_for()
    assert "No access" in alert.inner_text()
    screenshot(browser_page, "dashboard-no-access")


def test_queue_follows_token_refresh_and_theme_events(
    browser_page, live_server, dashboard_app, dashboard_token, staff_users, fulfilled_order
):
    from saleor.core.jwt import create_access_token_for_app

    frame = open_in_dashboard(browser_page, live_server.url, "dashboard/claims/", dashboard_token)
    frame.get_by_role("navigation", name="Claim status").wait_for()
    assert frame.locator("html").get_attribute("data-theme") == "light"
    browser_page.evaluate("window.send({type: 'theme', payload: {theme: 'dark'}})")
    frame.locator("html[data-theme='dark']").wait_for()

    # the dashboard refreshes the token: the next request carries the new one (here a
    # colleague's without order permissions, so the page says so)
    other = create_access_token_for_app(dashboard_app, staff_users[2])
    browser_page.evaluate(f"window.send({{type: 'tokenRefresh', payload: {{token: '{other}'}}}})")
    frame.get_by_role("link", name="Resolved").click()
    frame.locator("[data-no-access='NO_PERMISSION']").wait_for()
    assert frame.get_by_role("alert").inner_text().startswith("No access")


def test_queue_lists_open_claims_by_due_date_overdue_first(
    browser_page, live_server, dashboard_token, dashboard_staff, fulfilled_order, channel_USD
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.integration.test_claims_list import make_claim

    set_policy(channel_USD, "electronics-store")
    now = timezone.now()
    claims = {}
    for index, (status, due) in enumerate(
        [("RECEIVED", now + timedelta(days=2)), ("PENDING", None),
         ("APPROVED", now - timedelta(days=3)), ("RECEIVED", now - timedelta(days=1)),
         ("RESOLVED", now - timedelta(days=9))]
    ):  # fmt: skip
        number = f"{fulfilled_order.number}-D{index}"
        claim = make_claim(fulfilled_order, fulfilled_order.lines.first(), number, status=status)
        claim.due_at = due
        claim.save(update_fields=["due_at"])
        claims[index] = claim

    frame = open_in_dashboard(browser_page, live_server.url, "dashboard/claims/", dashboard_token)
    frame.locator("tr[data-claim]").first.wait_for()
    shown = frame.locator("tr[data-claim]").evaluate_all("rows => rows.map(r => r.dataset.claim)")
    assert shown == [claims[i].number for i in (2, 3, 0, 1)]  # resolved claims are not open
    overdue = [
        frame.locator(f"tr[data-claim='{claims[i].number}'] [data-due] .overdue").count()
        for i in (2, 3, 0, 1)
    ]
    assert overdue == [1, 1, 0, 0]
    tabs = frame.get_by_role("navigation", name="Claim status")
    assert tabs.get_by_text("Open 4").count() == 1 and tabs.get_by_text("To resolve 2").count() == 1
    assert frame.get_by_text("2 overdue").count() == 1
    screenshot(browser_page, "dashboard-queue-by-due-date")

    frame.get_by_label("Sort claims").select_option("newest")
    frame.locator("select[name='sort'] option[value='newest'][selected]").wait_for(state="attached")
    shown = frame.locator("tr[data-claim]").evaluate_all("rows => rows.map(r => r.dataset.claim)")
    assert shown == [claims[i].number for i in (3, 2, 1, 0)]
    # a closed status's tab counts its claims when shown
    tabs.get_by_role("link", name="Resolved").click()
    frame.locator(f"tr[data-claim='{claims[4].number}']").wait_for()
    assert tabs.get_by_text("Resolved 1").count() == 1
    assert browser_page.js_errors == [] and browser_page.dialogs == []
