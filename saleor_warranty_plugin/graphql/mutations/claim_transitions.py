"""claimApprove, claimReject, claimCancel, claimReceive: resolve, check, call an action."""

import graphene

from ...access import can_manage_channel, can_see_claim, require_permission
from ...actions import ReceiveRequest, approve_claim, cancel_claim, receive_claim, reject_claim
from ...error_codes import ClaimError, ClaimErrorCode, claim_not_found
from ...models import Claim
from ...policy import ItemCondition
from ..enums import ItemConditionEnum
from ..ids import decode_int, decode_uuid
from .base import with_errors
from .payloads import ClaimPayload


def get_claim(info, claim_id, staff_only=True, email=None) -> Claim:
    """The claim if the requestor may act on it; staff-only actions check permissions first."""
    context = info.context
    if staff_only:
        require_permission(context)
    pk = decode_uuid(claim_id, "Claim")
    claim = Claim.objects.select_related("order", "channel").filter(pk=pk).first() if pk else None
    if claim is None:
        raise claim_not_found()
    visible = (
        can_manage_channel(context, claim.channel_id)
        if staff_only
        else can_see_claim(context, claim, email)
    )
    if not visible:
        raise claim_not_found()
    return claim


class ClaimApprove(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        note = graphene.String()

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, note=None):
        claim = approve_claim(get_claim(info, id), info.context.requestor, (note or "").strip())
        return ClaimPayload(claim=claim, errors=[])


class ClaimReject(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, reason):
        claim = reject_claim(get_claim(info, id), info.context.requestor, reason.strip())
        return ClaimPayload(claim=claim, errors=[])


class ClaimCancel(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        email = graphene.String(description="Guests: the email the order was placed with.")

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, email=None):
        claim = get_claim(info, id, staff_only=False, email=email)
        claim = cancel_claim(claim, info.context.requestor)
        return ClaimPayload(claim=claim, errors=[])


class ClaimLineReceiveInput(graphene.InputObjectType):
    claim_line = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    conditions = graphene.List(
        graphene.NonNull(ItemConditionEnum), description="What inspection found."
    )
    missing_accessories = graphene.List(graphene.NonNull(graphene.String))
    restock = graphene.Boolean(description="Put the received units back on sale.")
    warehouse = graphene.ID(
        description="Where to restock; defaults to the warehouse the line shipped from."
    )


def _warehouse_id(value):
    if not value:
        return None
    from saleor.warehouse.models import Warehouse

    pk = decode_uuid(value, "Warehouse")
    if pk is None or not Warehouse.objects.filter(pk=pk).exists():
        raise ClaimError(ClaimErrorCode.NOT_FOUND, "Couldn't find the warehouse.", "warehouse")
    return pk


class ClaimReceive(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(ClaimLineReceiveInput), required=True)

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, id, lines):
        claim = get_claim(info, id)
        requests = []
        for line in lines:
            conditions = line.get("conditions")
            requests.append(
                ReceiveRequest(
                    claim_line_id=decode_int(line.get("claim_line"), "ClaimLine"),
                    quantity=line.get("quantity"),
                    conditions=None
                    if conditions is None
                    else frozenset(ItemCondition(getattr(c, "value", c)) for c in conditions),
                    missing_accessories=tuple(
                        a.strip() for a in line.get("missing_accessories") or [] if a.strip()
                    ),
                    restock=bool(line.get("restock")),
                    warehouse_id=_warehouse_id(line.get("warehouse")),
                    global_id=line.get("claim_line") or "",
                )
            )
        claim = receive_claim(claim, info.context.requestor, requests, info.context.warranty_config)
        return ClaimPayload(claim=claim, errors=[])
