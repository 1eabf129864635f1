import graphene

from .. import scalars
from ..claim_types import Claim
from ..policy_types import ReturnPolicy
from ..types import ClaimError


class ClaimPayload(graphene.ObjectType):
    claim = graphene.Field(Claim)
    errors = graphene.List(graphene.NonNull(ClaimError), required=True, default_value=[])


class FulfillmentDeliveredPayload(graphene.ObjectType):
    delivered_at = scalars.DateTime()
    errors = graphene.List(graphene.NonNull(ClaimError), required=True, default_value=[])


class ReturnPolicyPayload(graphene.ObjectType):
    policy = graphene.Field(ReturnPolicy)
    errors = graphene.List(graphene.NonNull(ClaimError), required=True, default_value=[])
