"""claimResolve: the request as `claimResolutionPreview` reads it, then `actions.resolve_claim`."""

import graphene

from ...actions import resolve_claim
from ...resolutions import last_failure
from ...resolutions.record import recorded_resolution
from ..resolve_input import ClaimResolveInput, resolve_request
from ..types import error_type
from .base import with_errors
from .claim_transitions import get_claim
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
        claim = get_claim(info, id, lean=True)  # resolve_claim locks and reads it
        request = resolve_request(input)
        claim = resolve_claim(claim, info.context.requestor, request, info.context.warranty_config)
        # performed within this request where Saleor has no broker: a failure is answered too
        resolution = recorded_resolution(claim)
        failure = last_failure(resolution) if resolution else None
        return ClaimPayload(claim=claim, errors=[error_type(failure)] if failure else [])
