import graphene

from ...error_codes import ClaimError, ClaimErrorCode
from ...policy import ResolutionType
from ...resolutions import ResolveRequest, resolve_claim
from .. import scalars
from ..enums import ResolutionTypeEnum
from ..ids import decode_int
from .base import with_errors
from .claim_transitions import get_claim
from .payloads import ClaimPayload

MAX_NOTE = 2000


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


class ClaimResolve(graphene.Mutation):
    """Settle a claim: refund, store credit, replacement, exchange or repair. Moves money and
    goods through Saleor; calling it again never moves money twice, and retries a failed
    refund."""

    class Arguments:
        id = graphene.ID(required=True)
        input = ClaimResolveInput(required=True)

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, input):
        claim = get_claim(info, id)
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
        kind = ResolutionType(getattr(input["type"], "value", input["type"]))
        request = ResolveRequest(
            type=kind,
            amount=input.get("amount"),
            refund_shipping=input.get("refund_shipping"),
            note=note,
            exchange_variant_id=variant_id,
            override_policy=bool(input.get("override_policy")),
        )
        claim = resolve_claim(claim, info.context.requestor, request, info.context.warranty_config)
        return ClaimPayload(claim=claim, errors=[])
