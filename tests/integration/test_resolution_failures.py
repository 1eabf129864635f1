"""A crash at any step of a resolution, then a retry: everything happens exactly once."""

from unittest import mock

import pytest
from saleor.giftcard.models import GiftCard
from saleor.order.models import Fulfillment, OrderGrantedRefund
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.config import WarrantyConfig
from saleor_warranty_plugin.graphql.auth import Requestor
from saleor_warranty_plugin.models import ClaimResolution
from saleor_warranty_plugin.policies import set_policy as store_policy
from saleor_warranty_plugin.policy import ResolutionType, preset_document
from saleor_warranty_plugin.resolutions import ResolveRequest, perform, resolve_claim

from .helpers import set_policy
from .resolution_helpers import received_claim

PKG = "saleor_warranty_plugin.resolutions"
REFUND_STEPS = [
    f"{PKG}.stock.restock_claim",
    f"{PKG}.goods.return_goods",
    f"{PKG}.refunds.split_over_transactions",
    f"{PKG}.refunds.grant_part",
    f"{PKG}.refunds.request_part",
    f"{PKG}.settle",
]


def crash_once(target):
    """Patch `target` so that its first call raises, as a process dying there would."""
    module_path, name = target.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    original = getattr(module, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError(f"crash in {name}")
        return original(*args, **kwargs)

    return mock.patch(target, side_effect=flaky)


@pytest.mark.parametrize("step", REFUND_STEPS, ids=lambda t: t.rsplit(".", 1)[1])
@mock.patch("saleor.plugins.manager.PluginsManager.transaction_refund_requested")
@mock.patch(
    "saleor.plugins.manager.PluginsManager.is_event_active_for_any_plugin", return_value=True
)
def test_transaction_refund_survives_a_crash_at_each_step(
    _active,
    requested,
    step,
    staff_user,
    fulfilled_order,
    transaction_item_generator,
    app,
    channel_USD,
):
    from saleor.order.utils import update_order_charge_data

    transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=fulfilled_order.total_gross_amount, app=app
    )
    update_order_charge_data(fulfilled_order)
    policy = set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    stock = Stock.objects.get(product_variant=line.variant)
    before = stock.quantity
    claim = received_claim(fulfilled_order, policy, [(line, 1)], restock=True)
    staff = Requestor(user=staff_user)
    # given the process dies at `step` during the first attempt
    with crash_once(step), pytest.raises(RuntimeError):
        resolve_claim(claim, staff, ResolveRequest(type=ResolutionType.REFUND), WarrantyConfig())
    # when the resolution is carried out again (staff retry or the Celery task), twice
    resolution = ClaimResolution.objects.get(claim=claim)
    perform(resolution.pk, staff)
    perform(resolution.pk, staff)
    # then the goods, the stock and the money moved exactly once
    assert Fulfillment.objects.filter(order=fulfilled_order, status="returned").count() == 1
    stock.refresh_from_db()
    assert stock.quantity == before + 1
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 1
    assert requested.call_count == 1
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "REQUESTED"


@pytest.mark.parametrize(
    "step",
    [f"{PKG}.goods.return_goods", f"{PKG}.store_credit.issue_store_credit", f"{PKG}.settle"],
    ids=lambda t: t.rsplit(".", 1)[1],
)
def test_store_credit_survives_a_crash_at_each_step(step, staff_user, fulfilled_order, channel_USD):
    document = preset_document("equipment-reseller")
    policy = store_policy(channel_USD, document)
    claim = received_claim(fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)])
    staff = Requestor(user=staff_user)
    with crash_once(step), pytest.raises(RuntimeError):
        resolve_claim(
            claim, staff, ResolveRequest(type=ResolutionType.STORE_CREDIT), WarrantyConfig()
        )
    resolution = ClaimResolution.objects.get(claim=claim)
    perform(resolution.pk, staff)
    perform(resolution.pk, staff)
    assert GiftCard.objects.filter(metadata__contains={"warranty.claim": claim.number}).count() == 1
    assert Fulfillment.objects.filter(order=fulfilled_order, status="returned").count() == 1
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "SUCCEEDED"
