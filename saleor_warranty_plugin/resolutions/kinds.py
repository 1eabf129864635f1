"""One performer per resolution type, behind a registry keyed by `ResolutionType`.

A performer knows three things about its type: how to carry it out through Saleor
(`perform`, resumable: every step skips what it did before), what its status is from what has
happened so far (`derived_status`), and how the claim's history says it succeeded
(`describe`). Adding a type is adding a class here and one line to `KINDS`.
"""

from decimal import Decimal
from typing import ClassVar

from django.db import transaction

from ..error_codes import ClaimError, ClaimErrorCode
from ..models import ClaimRefund, ClaimResolution
from ..policy import RefundStatus, RepairStep, ResolutionStatus, ResolutionType, money_text
from ..requestor import Requestor
from .decide import PATH_LEGACY, PATH_NONE
from .goods import return_goods
from .refunds import (
    payment_path,
    refund_through_payment,
    refund_through_transactions,
    refundable,
)
from .store_credit import issue_store_credit

S = ResolutionStatus


def _parts_status(parts: list[ClaimRefund], current: ResolutionStatus) -> ResolutionStatus:
    """The status of a resolution's money movements taken together."""
    statuses = {RefundStatus(p.status) for p in parts}
    if not statuses:
        return current
    if RefundStatus.FAILED in statuses:
        return S.FAILED
    if statuses == {RefundStatus.SUCCEEDED}:
        return S.SUCCEEDED
    return S.REQUESTED


class ResolutionKind:
    """The behaviour of one resolution type (see the module docstring)."""

    type: ClassVar[ResolutionType]
    returns_goods: ClassVar[bool] = True  # the claimed goods come back through Saleor's return
    replaces_goods: ClassVar[bool] = False  # ... as Saleor's replace return

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        raise NotImplementedError

    def derived_status(
        self, resolution: ClaimResolution, parts: list[ClaimRefund]
    ) -> ResolutionStatus:
        return ResolutionStatus(resolution.status)

    def describe(self, resolution: ClaimResolution) -> str:
        return f"{self.type.value.capitalize().replace('_', ' ')} completed."

    def return_goods_once(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        """Saleor's return (or replace) fulfillment for the claimed goods, made once."""
        if not self.returns_goods:
            return
        with transaction.atomic():
            locked = ClaimResolution.objects.select_for_update().get(pk=resolution.pk)
            return_goods(locked, resolution.claim, requestor, replace=self.replaces_goods)
            resolution.return_fulfillment_id = locked.return_fulfillment_id


class Refund(ResolutionKind):
    type = ResolutionType.REFUND

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        if resolution.payment_path == PATH_LEGACY:
            # Saleor's return-with-refund: the goods come back in the same step
            refund_through_payment(resolution, requestor, resolution.payment)
            return
        self.return_goods_once(resolution, requestor)
        refund_through_transactions(resolution, requestor)

    def derived_status(
        self, resolution: ClaimResolution, parts: list[ClaimRefund]
    ) -> ResolutionStatus:
        return _parts_status(parts, ResolutionStatus(resolution.status))

    def describe(self, resolution: ClaimResolution) -> str:
        amount = resolution.amount or Decimal(0)  # set for every refund
        return f"Refund of {money_text(amount, resolution.currency)} confirmed."


class StoreCredit(ResolutionKind):
    type = ResolutionType.STORE_CREDIT

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        self.return_goods_once(resolution, requestor)
        issue_store_credit(resolution, requestor)

    def derived_status(
        self, resolution: ClaimResolution, parts: list[ClaimRefund]
    ) -> ResolutionStatus:
        return S.SUCCEEDED if resolution.gift_card_id else ResolutionStatus(resolution.status)

    def describe(self, resolution: ClaimResolution) -> str:
        return f"Store credit issued ({resolution.currency})."


class Replacement(ResolutionKind):
    type = ResolutionType.REPLACEMENT
    replaces_goods = True

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        from .replacement import complete_replacement  # Saleor's order internals, at use

        self.return_goods_once(resolution, requestor)
        complete_replacement(resolution, requestor)

    def derived_status(
        self, resolution: ClaimResolution, parts: list[ClaimRefund]
    ) -> ResolutionStatus:
        order = resolution.replacement_order
        if order is None or order.status == "draft":  # a failed completion leaves the draft
            return ResolutionStatus(resolution.status)
        # an exchange may owe a refund of the difference: done once that is paid
        return _parts_status(parts, S.SUCCEEDED)


class Exchange(Replacement):
    type = ResolutionType.EXCHANGE

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        super().perform(resolution, requestor)
        refund_exchange_difference(resolution, requestor)


class Repair(ResolutionKind):
    """Repaired goods go back to the customer: no return fulfillment. Its steps are taken by
    staff and the customer (`repair.update_repair`); performing only starts it."""

    type = ResolutionType.REPAIR
    returns_goods = False

    def perform(self, resolution: ClaimResolution, requestor: Requestor) -> None:
        return None  # the first step was recorded with the resolution, from the plan

    def derived_status(
        self, resolution: ClaimResolution, parts: list[ClaimRefund]
    ) -> ResolutionStatus:
        return S.SUCCEEDED if resolution.repair_status == RepairStep.RETURNED else S.REQUESTED


KINDS: dict[ResolutionType, ResolutionKind] = {
    kind.type: kind for kind in (Refund(), StoreCredit(), Replacement(), Exchange(), Repair())
}


def kind_of(resolution: ClaimResolution) -> ResolutionKind:
    """The performer of the resolution's type."""
    return KINDS[ResolutionType(resolution.type)]


def refund_exchange_difference(resolution: ClaimResolution, requestor: Requestor) -> None:
    """After an exchange for a cheaper variant, refund the difference to the original payment
    (once: the amount and payment path are recorded before any money moves)."""
    from .replacement import exchange_refund_due

    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order")
            .get(pk=resolution.pk)
        )
        due = exchange_refund_due(locked)
        if due <= 0:
            return
        if locked.amount is None:
            _record_exchange_refund(locked, due)
    if locked.payment_path == PATH_LEGACY:
        refund_through_payment(locked, requestor, locked.payment)
    else:
        refund_through_transactions(locked, requestor)


def _record_exchange_refund(locked: ClaimResolution, due: Decimal) -> None:
    path, payment = payment_path(locked.claim.order)
    if path == PATH_NONE:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED,
            f"{due} {locked.currency} is owed for the exchange, but the order has no "
            "payment to refund; issue store credit instead.",
        )
    locked.amount = min(due, refundable(locked.claim.order, path, payment))
    locked.payment_path, locked.payment = path, payment
    locked.save(update_fields=["amount", "payment_path", "payment", "updated_at"])


def describe(resolution: ClaimResolution) -> str:
    """How the claim's history says the resolution succeeded."""
    return kind_of(resolution).describe(resolution)
