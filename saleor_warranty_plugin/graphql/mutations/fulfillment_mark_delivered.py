import graphene

from ...access import can_manage_channel, require_permission
from ...error_codes import ClaimError, ClaimErrorCode
from ...timeline import mark_delivered
from .. import scalars
from ..ids import decode_int
from .base import with_errors
from .payloads import FulfillmentDeliveredPayload


class FulfillmentMarkDelivered(graphene.Mutation):
    class Arguments:
        fulfillment = graphene.ID(required=True)
        delivered_at = scalars.DateTime(description="Defaults to now.")

    Output = FulfillmentDeliveredPayload

    @staticmethod
    @with_errors(FulfillmentDeliveredPayload)
    def mutate(_root, info, fulfillment, delivered_at=None):
        from saleor.order.models import Fulfillment

        require_permission(info.context)
        pk = decode_int(fulfillment, "Fulfillment")
        found = Fulfillment.objects.select_related("order").filter(pk=pk).first() if pk else None
        if found is None or not can_manage_channel(info.context, found.order.channel_id):
            raise ClaimError(
                ClaimErrorCode.NOT_FOUND, "Couldn't find the fulfillment.", "fulfillment"
            )
        timeline = mark_delivered(found, delivered_at, info.context.requestor, source="api")
        return FulfillmentDeliveredPayload(delivered_at=timeline.delivered_at, errors=[])
