"""Object types of a claim's resolution: the resolution, its preview, and the fees and
breakdown both show. Resolvers read model rows and policy values; no writes."""

import graphene

from .enums import ResolutionStatusEnum, ResolutionTypeEnum
from .types import ClaimError, Money, money


class ClaimFee(graphene.ObjectType):
    code = graphene.String(required=True)
    label = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)


class ClaimAmountLine(graphene.ObjectType):
    """One line of the calculation: + owed to the customer, - deducted."""

    code = graphene.String(required=True)
    label = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)


FEES_DESCRIPTION = (
    "What is deducted from, or charged against, what was paid (the policy's fees, missing "
    "accessories, condition deductions), each a positive amount."
)
BREAKDOWN_DESCRIPTION = "The whole calculation, signed (+ owed, - deducted); it sums to amount."
#: an exchange's price difference is stored as what the customer still pays
_DIFFERENCE = "EXCHANGE_DIFFERENCE"


def amount_lines(
    items: list[dict], amount, currency: str, overridden: bool = False
) -> tuple[list[ClaimFee], list[ClaimAmountLine]]:
    """(fees, breakdown) of a plan's `items` (+ owed to the customer, - deducted). Fees are
    the deductions, as positive amounts; where `amount` differs from the sum (set by staff,
    or limited by what the payment can still refund) the breakdown says so."""
    from decimal import Decimal

    signed = [
        (
            i["code"],
            i["label"],
            -Decimal(i["amount"]) if i["code"] == _DIFFERENCE else Decimal(i["amount"]),
        )
        for i in items
    ]
    breakdown = [
        ClaimAmountLine(code=code, label=label, amount=money(value, currency))
        for code, label, value in signed
    ]
    fees = [
        ClaimFee(code=code, label=label, amount=money(-value, currency))
        for code, label, value in signed
        if value < 0 and code != _DIFFERENCE
    ]
    if amount is not None:
        rest = Decimal(amount) - sum((value for *_, value in signed), Decimal(0))
        if rest:
            code, label = (
                ("AMOUNT_SET_BY_STAFF", "Amount set by staff")
                if overridden
                else ("REFUND_LIMIT", "Limited to what the payment can still refund")
            )
            breakdown.append(ClaimAmountLine(code=code, label=label, amount=money(rest, currency)))
    return fees, breakdown


class ClaimResolution(graphene.ObjectType):
    type = graphene.Field(ResolutionTypeEnum, required=True)
    status = graphene.Field(ResolutionStatusEnum, required=True)
    amount = graphene.Field(Money)
    fees = graphene.List(graphene.NonNull(ClaimFee), required=True, description=FEES_DESCRIPTION)
    breakdown = graphene.List(
        graphene.NonNull(ClaimAmountLine), required=True, description=BREAKDOWN_DESCRIPTION
    )
    amount_overridden = graphene.Boolean(required=True)
    gift_card_code = graphene.String()
    replacement_order_id = graphene.ID()
    return_fulfillment_id = graphene.ID()
    repair_status = graphene.String()
    repair_quote = graphene.Field(Money)
    error = graphene.String(description="Why the last attempt failed; retry with claimResolve.")


class ClaimResolutionPreview(graphene.ObjectType):
    """What `claimResolve` would do with the same input, before anything moves."""

    type = graphene.Field(ResolutionTypeEnum, required=True)
    allowed = graphene.Boolean(required=True, description="Whether the policy offers it.")
    amount = graphene.Field(Money, description="For REFUND and STORE_CREDIT.")
    fees = graphene.List(graphene.NonNull(ClaimFee), required=True, description=FEES_DESCRIPTION)
    breakdown = graphene.List(
        graphene.NonNull(ClaimAmountLine), required=True, description=BREAKDOWN_DESCRIPTION
    )
    offered = graphene.List(
        graphene.NonNull(ResolutionTypeEnum),
        required=True,
        description="Resolutions the policy offers for this claim.",
    )
    refundable = graphene.Field(Money, description="What the original payment can still take.")
    errors = graphene.List(
        graphene.NonNull(ClaimError),
        required=True,
        description="What claimResolve answers for this input: when refused, the same errors "
        "(finding codes and order lines); when allowed through a staff override, the "
        "policy's refusals it overrides; else empty.",
    )
