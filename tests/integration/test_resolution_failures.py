"""A failure at any step of a resolution ends it somewhere, and money still moves once.

- An exception at a step ends the resolution FAILED, with an event and an order note; staff
  retry (claimResolve again, or the task) and everything happens exactly once.
- A process that dies at a step (or right after the claim's RESOLVED commit, before the task
  runs) leaves the resolution PENDING; the periodic sweep resumes it after the grace period.
"""

import contextlib
import pkgutil
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from saleor.giftcard.models import GiftCard
from saleor.order.models import Fulfillment, OrderEvent, OrderGrantedRefund
from saleor.payment import TransactionEventType
from saleor.payment.models import TransactionEvent
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.actions import resolve_claim
from saleor_warranty_plugin.config import WarrantyConfig
from saleor_warranty_plugin.graphql.auth import Requestor
from saleor_warranty_plugin.models import ClaimEvent, ClaimResolution
from saleor_warranty_plugin.policies import set_policy as store_policy
from saleor_warranty_plugin.policy import ResolutionType, preset_document
from saleor_warranty_plugin.resolutions import ResolveRequest, perform
from saleor_warranty_plugin.resolutions.performing import STRANDED_AFTER
from saleor_warranty_plugin.tasks import perform_resolution_task, resume_resolutions_task

from .fixtures import committed
from .helpers import set_policy
from .resolution_helpers import received_claim

PKG = "saleor_warranty_plugin.resolutions"
AFTER_COMMIT = f"{PKG}.queue.perform_resolution_task.delay"  # the task never ran
REFUND_STEPS = [
    f"{PKG}.performing.restock_claim",
    f"{PKG}.kinds.return_goods",
    f"{PKG}.refunds.split_over_transactions",
    f"{PKG}.refunds.grant_part",
    f"{PKG}.refunds.request_part",
    f"{PKG}.performing.settle",
]
ACTIVE = "saleor.plugins.manager.PluginsManager.is_event_active_for_any_plugin"
REQUESTED = "saleor.plugins.manager.PluginsManager.transaction_refund_requested"


class ProcessDied(BaseException):
    """The process is killed here: no handler of the plugin runs (not an `Exception`)."""


def crash_once(target, error=RuntimeError):
    """Patch `target` so that its first call raises `error`."""
    owner_path, name = target.rsplit(".", 1)
    owner = pkgutil.resolve_name(owner_path)
    original = getattr(owner, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise error(f"crash in {name}")
        return original(*args, **kwargs)

    return mock.patch.object(owner, name, side_effect=flaky)


def short(target):
    return target.rsplit(".", 1)[1] if "delay" not in target else "after_commit"


def sweep_later():
    """The periodic sweep, run (through Celery, eager here) once the grace period is over."""
    later = timezone.now() + STRANDED_AFTER + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        resume_resolutions_task.delay()


@pytest.fixture
def paid_by_app(fulfilled_order, transaction_item_generator, app):
    from saleor.order.utils import update_order_charge_data

    transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=fulfilled_order.total_gross_amount, app=app
    )
    update_order_charge_data(fulfilled_order)
    return fulfilled_order


@pytest.fixture
def refund_claim(paid_by_app, channel_USD):
    policy = set_policy(channel_USD, "electronics-store")
    line = paid_by_app.lines.order_by("created_at", "pk").first()
    claim = received_claim(paid_by_app, policy, [(line, 1)], restock=True)
    stock = Stock.objects.get(product_variant=line.variant)
    return claim, stock, stock.quantity


def assert_refunded_once(order, stock, before, requested):
    """Saleor's rows: one return, the stock back once, one grant, one refund request."""
    assert Fulfillment.objects.filter(order=order, status="returned").count() == 1
    stock.refresh_from_db()
    assert stock.quantity == before + 1
    assert OrderGrantedRefund.objects.filter(order=order).count() == 1
    assert (
        TransactionEvent.objects.filter(
            transaction__order_id=order.pk, type=TransactionEventType.REFUND_REQUEST
        ).count()
        == 1
    )
    assert requested.call_count == 1


@pytest.mark.parametrize("step", REFUND_STEPS, ids=short)
@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_an_exception_at_a_step_fails_the_refund_and_a_retry_moves_money_once(
    _active, requested, step, staff_user, refund_claim
):
    claim, stock, before = refund_claim
    staff = Requestor(user=staff_user)
    # given an exception at `step` during the first attempt
    with crash_once(step), committed():
        resolve_claim(claim, staff, ResolveRequest(type=ResolutionType.REFUND), WarrantyConfig())
    # then the resolution failed visibly: status, event and order note
    resolution = ClaimResolution.objects.get(claim=claim)
    assert resolution.status == "FAILED"
    assert resolution.error.startswith("Unexpected error")
    assert "RuntimeError" not in resolution.error  # no exception name reaches a client
    assert ClaimEvent.objects.filter(claim=claim, type="RESOLUTION_FAILED").count() == 1
    assert OrderEvent.objects.filter(
        order=claim.order, parameters__message__icontains="Refund failed"
    ).exists()
    # when staff retry, twice (claimResolve again, or the task)
    with committed():
        resolve_claim(claim, staff, ResolveRequest(type=ResolutionType.REFUND), WarrantyConfig())
    perform_resolution_task.delay(str(resolution.pk), user_id=staff_user.pk)
    # then the goods, the stock and the money moved exactly once
    assert_refunded_once(claim.order, stock, before, requested)
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "REQUESTED"


@pytest.mark.parametrize("step", [AFTER_COMMIT, *REFUND_STEPS], ids=short)
@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_a_process_dying_at_a_step_is_resumed_by_the_sweep(
    _active, requested, step, staff_user, refund_claim
):
    claim, stock, before = refund_claim
    staff = Requestor(user=staff_user)
    # given the process dies at `step` (after the claim's RESOLVED commit)
    with crash_once(step, ProcessDied), pytest.raises(ProcessDied), committed():
        resolve_claim(claim, staff, ResolveRequest(type=ResolutionType.REFUND), WarrantyConfig())
    resolution = ClaimResolution.objects.get(claim=claim)
    assert resolution.claim.status == "RESOLVED"
    assert resolution.status == "PENDING"
    # when the sweep runs within the grace period, it leaves the resolution alone
    resume_resolutions_task.delay()
    assert ClaimResolution.objects.get(pk=resolution.pk).attempts == resolution.attempts
    # and when it runs after the grace period, twice
    sweep_later()
    sweep_later()
    # then the resolution is carried on and money moved exactly once
    assert_refunded_once(claim.order, stock, before, requested)
    resolution.refresh_from_db()
    assert resolution.status == "REQUESTED"
    # as the staff member who resolved it
    assert OrderGrantedRefund.objects.get(order=claim.order).user == staff_user


CREDIT_CRASHES = [
    (ProcessDied, AFTER_COMMIT),
    (RuntimeError, f"{PKG}.kinds.issue_store_credit"),
    (ProcessDied, f"{PKG}.kinds.issue_store_credit"),
    (ProcessDied, f"{PKG}.performing.settle"),
]


@pytest.mark.parametrize(
    ("error", "step"), CREDIT_CRASHES, ids=lambda v: short(v) if isinstance(v, str) else v.__name__
)
def test_store_credit_after_a_crash_at_each_step_is_issued_once(
    error, step, staff_user, fulfilled_order, channel_USD
):
    document = preset_document("equipment-reseller")
    policy = store_policy(channel_USD, document)
    claim = received_claim(fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)])
    staff = Requestor(user=staff_user)
    request = ResolveRequest(type=ResolutionType.STORE_CREDIT)
    died = pytest.raises(ProcessDied) if error is ProcessDied else contextlib.nullcontext()
    with crash_once(step, error), died, committed():
        resolve_claim(claim, staff, request, WarrantyConfig())
    resolution = ClaimResolution.objects.get(claim=claim)
    # an exception ends FAILED (staff retry); a death leaves PENDING (the sweep resumes)
    assert resolution.status == ("FAILED" if error is RuntimeError else "PENDING")
    if error is RuntimeError:
        perform(resolution.pk, staff)
    sweep_later()
    perform(resolution.pk, staff)
    assert GiftCard.objects.filter(metadata__contains={"warranty.claim": claim.number}).count() == 1
    assert Fulfillment.objects.filter(order=fulfilled_order, status="returned").count() == 1
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "SUCCEEDED"


def test_a_resolution_abandoned_again_and_again_ends_failed(staff_user, refund_claim):
    claim, _stock, _before = refund_claim
    staff = Requestor(user=staff_user)
    with crash_once(AFTER_COMMIT, ProcessDied), pytest.raises(ProcessDied), committed():
        resolve_claim(claim, staff, ResolveRequest(type=ResolutionType.REFUND), WarrantyConfig())
    ClaimResolution.objects.filter(claim=claim).update(attempts=5)
    sweep_later()
    resolution = ClaimResolution.objects.get(claim=claim)
    assert resolution.status == "FAILED"
    assert "Abandoned 5 times" in resolution.error
    assert ClaimEvent.objects.filter(claim=claim, type="RESOLUTION_FAILED").exists()
    assert not OrderGrantedRefund.objects.filter(order=claim.order).exists()
