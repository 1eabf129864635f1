"""Repair progress and diagnosis outside the shop (manufacturer, lab, service centre)."""

import graphene

from ...access import is_order_manager
from ...error_codes import ClaimError, ClaimErrorCode
from ...models import ClaimResolution
from ...policy import RepairStep
from ...resolutions.repair import update_repair
from ...services import PROVIDERS, hand_over, record_decision
from .. import scalars
from .base import with_errors
from .claim_transitions import claim_not_found, get_claim
from .payloads import ClaimPayload

# the repair steps staff take (the customer answers a quote with claimRepairQuoteAnswer)
RepairStatusEnum = graphene.Enum(
    "RepairStatus",
    [
        (step.name, step.value)
        for step in (RepairStep.QUOTED, RepairStep.REPAIRED, RepairStep.RETURNED)
    ],
)
ServiceProviderEnum = graphene.Enum(
    "ServiceProvider", [(provider.upper(), provider) for provider in PROVIDERS]
)


class ServiceDecisionEnum(graphene.Enum):
    REFUND = "REFUND"
    REPLACEMENT = "REPLACEMENT"
    REPAIR = "REPAIR"
    REJECT = "REJECT"

    class Meta:
        name = "ServiceDecision"


def _resolution(claim):
    resolution = ClaimResolution.objects.filter(claim=claim).first()
    if resolution is None:
        raise ClaimError(ClaimErrorCode.INVALID, "The claim has not been resolved yet.", "id")
    return resolution


class ClaimRepairUpdate(graphene.Mutation):
    """Staff: quote a paid repair, mark it repaired, or sent back."""

    class Arguments:
        id = graphene.ID(required=True)
        status = RepairStatusEnum(required=True)
        quote = scalars.Decimal()
        note = graphene.String()

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, status, quote=None, note=None):
        claim = get_claim(info, id)
        update_repair(
            _resolution(claim),
            getattr(status, "value", status),
            info.context.requestor,
            quote=quote,
            note=(note or "").strip()[:2000],
        )
        claim.refresh_from_db()
        return ClaimPayload(claim=claim, errors=[])


class ClaimRepairQuoteAnswer(graphene.Mutation):
    """The customer accepts or declines the quote for a paid repair: the customer who owns
    the claim, or a guest presenting the email of an order placed without an account (as for
    `claimCancel`). Staff quote; they do not answer for the customer."""

    class Arguments:
        id = graphene.ID(required=True)
        accept = graphene.Boolean(required=True)
        email = graphene.String(description="Guests: the email the order was placed with.")

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, accept, email=None):
        claim = get_claim(info, id, staff_only=False, email=email)
        requestor = info.context.requestor
        if is_order_manager(requestor):
            raise claim_not_found()
        update_repair(
            _resolution(claim),
            RepairStep.QUOTE_ACCEPTED if accept else RepairStep.QUOTE_DECLINED,
            requestor,
            by_customer=True,
        )
        claim.refresh_from_db()
        return ClaimPayload(claim=claim, errors=[])


class ClaimHandOver(graphene.Mutation):
    """Staff: the goods went to the manufacturer, a lab or a service centre for diagnosis."""

    class Arguments:
        id = graphene.ID(required=True)
        to = ServiceProviderEnum(required=True)
        reference = graphene.String(description="The provider's case or RMA number.")

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, to, reference=None):
        claim = hand_over(
            get_claim(info, id),
            info.context.requestor,
            getattr(to, "value", to),
            (reference or "").strip(),
        )
        return ClaimPayload(claim=claim, errors=[])


class ClaimRecordDecision(graphene.Mutation):
    """Staff: record the provider's decision; the claim is resolved (or rejected) by it."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = ServiceDecisionEnum(required=True)
        note = graphene.String()

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, decision, note=None):
        claim = record_decision(
            get_claim(info, id),
            info.context.requestor,
            getattr(decision, "value", decision),
            (note or "").strip()[:2000],
            info.context.warranty_config,
        )
        return ClaimPayload(claim=claim, errors=[])
