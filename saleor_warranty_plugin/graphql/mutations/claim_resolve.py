"""claimResolve: the request as `claimResolutionPreview` reads it, then `actions.resolve_claim`."""

import graphene

from ...access import can_manage_channel, require_permission
from ...actions import resolve_claim
from ...error_codes import claim_not_found
from ...resolutions import last_failure
from ...resolutions.record import recorded_resolution
from ..ids import decode_uuid
from ..resolve_input import ClaimResolveInput, resolve_request
from ..types import error_type
from .base import with_errors
from .payloads import ClaimPayload


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
        context = info.context
        require_permission(context)
        pk = decode_uuid(id, "Claim")
        if pk is None:
            raise claim_not_found()
        request = resolve_request(input)
        # read once, under its row lock; one the requestor may not see is not found
        claim = resolve_claim(
            pk,
            context.requestor,
            request,
            context.warranty_config,
            visible=lambda claim: can_manage_channel(context, claim.channel_id),
        )
        # performed within this request where Saleor has no broker: a failure is answered too
        resolution = recorded_resolution(claim)
        failure = last_failure(resolution) if resolution else None
        return ClaimPayload(claim=claim, errors=[error_type(failure)] if failure else [])
