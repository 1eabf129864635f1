"""`ClaimResolveInput`, read the same way by `claimResolve` and `claimResolutionPreview`, so
both decide on the same request."""

import graphene

from ..const import MAX_NOTE
from ..error_codes import ClaimError, ClaimErrorCode
from ..policy import ResolutionType
from ..resolutions import ResolveRequest
from . import scalars
from .enums import ResolutionTypeEnum
from .ids import decode_int


class ClaimResolveInput(graphene.InputObjectType):
    type = ResolutionTypeEnum(required=True)
    amount = scalars.Decimal(description="Staff only: replaces the policy's amount (recorded).")
    refund_shipping = graphene.Boolean(description="Refund the original shipping too.")
    note = graphene.String(description="Required with overridePolicy; recorded.")
    override_policy = graphene.Boolean(
        description="Staff only (not apps), with a note: resolve as asked although the policy "
        "does not offer it for this claim. Recorded in the claim's events and the order history."
    )
    exchange_variant = graphene.ID(description="EXCHANGE: the ProductVariant to send instead.")


def resolve_request(input: dict) -> ResolveRequest:
    """The request `decide_resolution` judges; ClaimError for input that cannot be read."""
    note = (input.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        raise ClaimError(ClaimErrorCode.INVALID, f"At most {MAX_NOTE} characters.", "note")
    variant_id = None
    if input.get("exchange_variant"):
        variant_id = decode_int(input["exchange_variant"], "ProductVariant")
        if variant_id is None:
            raise ClaimError(
                ClaimErrorCode.NOT_FOUND, "Couldn't find the variant.", "exchangeVariant"
            )
    return ResolveRequest(
        type=ResolutionType(getattr(input["type"], "value", input["type"])),
        amount=input.get("amount"),
        refund_shipping=input.get("refund_shipping"),
        note=note,
        exchange_variant_id=variant_id,
        override_policy=bool(input.get("override_policy")),
    )
