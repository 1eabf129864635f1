"""Celery tasks in eager mode (as Saleor's test settings run them): clocks, expiry, reminders,
the beat schedule, and the SLA due date set at reception."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.utils import timezone
from saleor.order.models import OrderEvent

from saleor_warranty_plugin.models import Claim
from saleor_warranty_plugin.tasks import claim_clocks_task, sync_refunds_task

from .fixtures import data_of
from .helpers import CLAIM_RECEIVE, CLAIMS, gid, set_policy
from .resolution_helpers import received_claim


def test_periodic_tasks_are_in_saleors_beat_schedule():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["warranty-sync-refunds"]["task"] == "saleor_warranty_plugin.sync_refunds"
    assert schedule["warranty-claim-clocks"]["task"] == "saleor_warranty_plugin.claim_clocks"
    assert (
        schedule["warranty-portal-uploads-cleanup"]["task"]
        == "saleor_warranty_plugin.portal_uploads_cleanup"
    )
    from saleor.celeryconf import app

    assert "saleor_warranty_plugin.claim_clocks" in app.tasks


def test_reception_starts_the_policys_service_clock(
    staff_warranty_client, fulfilled_order, channel_USD
):
    # electronics-store: "We will refund the money on the day the product is returned or ...
    # no later than 7 days later."
    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(
        fulfilled_order,
        policy,
        [(fulfilled_order.lines.first(), 1)],
        reason="CHANGED_MIND",
        status="APPROVED",
    )
    line = claim.lines.get()
    data = data_of(
        staff_warranty_client.post_graphql(
            CLAIM_RECEIVE,
            {
                "id": gid("Claim", claim.pk),
                "lines": [{"claimLine": gid("ClaimLine", line.pk), "quantity": 1}],
            },
        )
    )
    assert data["claimReceive"]["errors"] == []
    claim.refresh_from_db()
    assert claim.due_at.date() == (timezone.now() + timedelta(days=7)).date()


@mock.patch("saleor.plugins.manager.PluginsManager.notify")
def test_overdue_claims_are_flagged_once(
    notify, staff_warranty_client, fulfilled_order, channel_USD, django_capture_on_commit_callbacks
):
    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)])
    Claim.objects.filter(pk=claim.pk).update(due_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        claim_clocks_task.delay()
        claim_clocks_task.delay()
    notes = OrderEvent.objects.filter(
        order=fulfilled_order, parameters__message__icontains="overdue"
    )
    assert notes.count() == 1
    assert [c.args[0] for c in notify.call_args_list].count("warranty_claim_staff_overdue") == 1
    page = data_of(
        staff_warranty_client.post_graphql(CLAIMS, {"first": 10, "filter": {"overdue": True}})
    )
    assert [e["node"]["number"] for e in page["claims"]["edges"]] == [claim.number]


@mock.patch("saleor.plugins.manager.PluginsManager.notify")
def test_approved_claims_expire_when_goods_never_arrive(
    notify, fulfilled_order, channel_USD, django_capture_on_commit_callbacks
):
    policy = set_policy(channel_USD, "electronics-store")  # goods due 30 days after approval
    stale = received_claim(
        fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)], status="APPROVED"
    )
    fresh = received_claim(
        fulfilled_order, policy, [(fulfilled_order.lines.last(), 1)], status="APPROVED"
    )
    Claim.objects.filter(pk=stale.pk).update(decided_at=timezone.now() - timedelta(days=31))
    Claim.objects.filter(pk=fresh.pk).update(decided_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        claim_clocks_task.delay()
    assert Claim.objects.get(pk=stale.pk).status == "EXPIRED"
    fresh.refresh_from_db()
    assert fresh.status == "APPROVED" and fresh.reminded_at is not None  # reminded after 7 days
    sent = [c.args[0] for c in notify.call_args_list]
    assert "warranty_claim_expired" in sent and sent.count("warranty_claim_reminder") == 1
    with django_capture_on_commit_callbacks(execute=True):
        claim_clocks_task.delay()
    assert [c.args[0] for c in notify.call_args_list].count("warranty_claim_reminder") == 1


def test_stuck_legacy_refund_is_reconciled_not_repeated(
    fulfilled_order, payment_txn_captured, channel_USD
):
    from saleor_warranty_plugin.models import ClaimRefund, ClaimResolution

    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)])
    resolution = ClaimResolution.objects.create(
        claim=claim,
        type="REFUND",
        amount=5,
        currency="USD",
        payment_path="legacy",
        payment=payment_txn_captured,
        status="REQUESTED",
    )
    part = ClaimRefund.objects.create(
        resolution=resolution, key=f"{claim.pk}:refund:legacy", amount=5, status="REQUESTED"
    )
    ClaimRefund.objects.filter(pk=part.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    sync_refunds_task.delay()
    part.refresh_from_db()
    resolution.refresh_from_db()
    # no refund transaction exists: marked failed for staff, never re-sent automatically
    assert part.status == "FAILED" and resolution.status == "FAILED"
    assert payment_txn_captured.transactions.filter(kind="refund").count() == 0
