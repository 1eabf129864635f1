"""Celery tasks (Saleor's app; discovered as an installed app's `tasks` module).

All take ids, are idempotent and wrap their writes as Saleor requires (`allow_writer`).
Periodic ones are added to Saleor's beat schedule when the app loads (see apps.py).
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from saleor.celeryconf import app
from saleor.core.db.connection import allow_writer
from saleor.payment import TransactionKind

from . import events
from .actions import expire_claim
from .claim_facts import claim_has_goods_to_receive
from .models import Claim, ClaimRefund, ClaimResolution
from .policies import parsed_policy
from .policy import ClaimStatus, RefundStatus, ResolutionStatus, ResolutionType
from .requestor import SYSTEM
from .resolutions import resume_stranded, settle
from .resolutions.queue import perform_resolution_task
from .resolutions.status import set_refund_status
from .staged import remove_stale_uploads

LEGACY_STUCK_AFTER = timedelta(minutes=15)
__all__ = [
    "claim_clocks_task",
    "perform_resolution_task",
    "portal_uploads_cleanup_task",
    "resume_resolutions_task",
    "sync_refunds_task",
]


@app.task(name="saleor_warranty_plugin.resume_resolutions")
@allow_writer()
def resume_resolutions_task() -> None:
    """Resume resolutions a dead process left PENDING (past a grace period)."""
    resume_stranded(timezone.now())


@app.task(name="saleor_warranty_plugin.sync_refunds")
@allow_writer()
def sync_refunds_task() -> None:
    """Settle refunds waiting on payment apps, and reconcile legacy refunds that never
    recorded an outcome (a crash between the gateway call and the database write)."""
    for pk in ClaimResolution.objects.filter(
        status=ResolutionStatus.REQUESTED.value, type=ResolutionType.REFUND.value
    ).values_list("pk", flat=True):
        settle(pk)
    stuck = ClaimRefund.objects.filter(
        status=RefundStatus.REQUESTED.value,
        key__endswith=":legacy",
        updated_at__lt=timezone.now() - LEGACY_STUCK_AFTER,
    ).select_related("resolution__payment")
    for part in stuck:
        reconcile_legacy_refund(part)


def reconcile_legacy_refund(part: ClaimRefund) -> None:
    """A legacy refund marked REQUESTED whose outcome was never written: succeeded if the
    payment shows a refund for the amount since the request, else failed for staff to retry
    (never retried blindly: the gateway may have paid)."""
    payment = part.resolution.payment
    refunded = (
        payment is not None
        and payment.transactions.filter(
            kind=TransactionKind.REFUND,
            is_success=True,
            amount=part.amount,
            created_at__gte=part.created_at,
        ).exists()
    )
    if refunded:
        set_refund_status(part, RefundStatus.SUCCEEDED)
    else:
        set_refund_status(
            part,
            RefundStatus.FAILED,
            "No refund was recorded by the payment gateway; check the payment before retrying.",
        )
    settle(part.resolution_id)


@app.task(name="saleor_warranty_plugin.claim_clocks")
@allow_writer()
def claim_clocks_task():
    """Service-level clocks: flag overdue claims on the order (once), expire approved claims
    whose goods never arrived in the policy's time, remind customers to send the goods."""
    now = timezone.now()
    overdue = Claim.objects.filter(
        due_at__lt=now,
        overdue_noted_at__isnull=True,
        status__in=[ClaimStatus.APPROVED, ClaimStatus.RECEIVED],
    ).select_related("order")
    for claim in overdue:
        if Claim.objects.filter(pk=claim.pk, overdue_noted_at__isnull=True).update(
            overdue_noted_at=now
        ):
            events.claim_note(
                claim,
                SYSTEM,
                "OVERDUE",
                f"Overdue: the policy's deadline was {claim.due_at:%Y-%m-%d %H:%M}.",
            )
            events.notify_claim(claim, "overdue")
    waiting = (
        Claim.objects.filter(status=ClaimStatus.APPROVED, received_at__isnull=True)
        .filter(Q(reminded_at__isnull=True) | Q(decided_at__isnull=False))
        .select_related("order", "policy")
    )
    for claim in waiting:
        if claim.policy is None or claim.decided_at is None:
            continue
        handling = parsed_policy(claim.policy).model.claims
        if not claim_has_goods_to_receive(claim):
            continue
        if claim.decided_at + timedelta(days=handling.goods_due_days) < now:
            expire_claim(claim)
            continue
        remind = handling.reminder_after_days
        due_reminder = (
            remind and claim.reminded_at is None and claim.decided_at + timedelta(days=remind) < now
        )
        # the conditional update makes the reminder go out once even if two beats overlap
        if due_reminder and Claim.objects.filter(pk=claim.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            events.notify_claim(claim, "reminder")


@app.task(name="saleor_warranty_plugin.portal_uploads_cleanup")
def portal_uploads_cleanup_task() -> int:
    """Remove the portal's staged uploads that outlived their form (abandoned requests);
    files of sent claims are removed when the claim is sent."""
    return remove_stale_uploads()


BEAT_SCHEDULE = {
    "warranty-resume-resolutions": {
        "task": "saleor_warranty_plugin.resume_resolutions",
        "schedule": timedelta(minutes=5),
    },
    "warranty-sync-refunds": {
        "task": "saleor_warranty_plugin.sync_refunds",
        "schedule": timedelta(minutes=5),
    },
    "warranty-claim-clocks": {
        "task": "saleor_warranty_plugin.claim_clocks",
        "schedule": timedelta(hours=1),
    },
    "warranty-portal-uploads-cleanup": {
        "task": "saleor_warranty_plugin.portal_uploads_cleanup",
        "schedule": timedelta(hours=1),
    },
}
