"""The plugin's own GraphQL schema (graphene 2), served at the plugin endpoint."""

import graphene

from .. import __version__
from ..const import PLUGIN_ID
from . import queries
from .claim_types import Claim, ClaimCountableConnection
from .mutations.claim_create import ClaimCreate
from .mutations.claim_resolve import ClaimResolve
from .mutations.claim_service import (
    ClaimHandOver,
    ClaimRecordDecision,
    ClaimRepairQuoteAnswer,
    ClaimRepairUpdate,
)
from .mutations.claim_transitions import ClaimApprove, ClaimCancel, ClaimReceive, ClaimReject
from .mutations.fulfillment_mark_delivered import FulfillmentMarkDelivered
from .mutations.return_policy_set import ReturnPolicySet
from .policy_types import OrderReturnEligibility, ReturnPolicy, ReturnPolicyPreset
from .resolution_types import ClaimResolutionPreview
from .resolve_input import ClaimResolveInput


class PluginInfo(graphene.ObjectType):
    id = graphene.String(required=True, description="The plugin's id in Saleor.")
    version = graphene.String(required=True)
    requestor = graphene.String(
        required=True, description="Who is calling: ANONYMOUS, CUSTOMER, STAFF or APP."
    )


class Query(graphene.ObjectType):
    plugin_info = graphene.Field(PluginInfo, required=True)
    return_policy = graphene.Field(
        ReturnPolicy,
        channel=graphene.String(required=True),
        description="The policy in force in a channel (public).",
    )
    return_policy_presets = graphene.List(graphene.NonNull(ReturnPolicyPreset), required=True)
    order_return_eligibility = graphene.Field(
        OrderReturnEligibility, order=graphene.ID(required=True), email=graphene.String()
    )
    claim = graphene.Field(
        Claim,
        id=graphene.ID(required=True),
        email=graphene.String(description="Guests: the email the order was placed with."),
    )
    claim_resolution_preview = graphene.Field(
        ClaimResolutionPreview,
        id=graphene.ID(required=True),
        input=graphene.Argument(ClaimResolveInput, required=True),
        description="Staff and apps: the amount and fee lines claimResolve would use, before "
        "anything moves.",
    )
    claims = graphene.Field(
        ClaimCountableConnection,
        required=True,
        first=graphene.Int(),
        after=graphene.String(),
        filter=queries.ClaimFilterInput(),
        sort_by=queries.ClaimSortingInput(
            description="Order of the claims (default: newest first, CREATED_AT DESC)."
        ),
    )

    @staticmethod
    def resolve_plugin_info(_root, info):
        return PluginInfo(id=PLUGIN_ID, version=__version__, requestor=info.context.requestor.kind)

    @staticmethod
    def resolve_return_policy(_root, _info, channel):
        return queries.resolve_return_policy(channel)

    @staticmethod
    def resolve_return_policy_presets(_root, info):
        return queries.resolve_presets(info)

    @staticmethod
    def resolve_order_return_eligibility(_root, info, order, email=None):
        return queries.resolve_order_return_eligibility(info, order, email)

    @staticmethod
    def resolve_claim(_root, info, id, email=None):
        return queries.resolve_claim(info, id, email)

    @staticmethod
    def resolve_claim_resolution_preview(_root, info, id, input):
        return queries.resolve_resolution_preview(info, id, input)

    @staticmethod
    def resolve_claims(_root, info, **kwargs):
        return queries.resolve_claims(info, **kwargs)


class Mutation(graphene.ObjectType):
    claim_create = ClaimCreate.Field()
    claim_cancel = ClaimCancel.Field()
    claim_approve = ClaimApprove.Field()
    claim_reject = ClaimReject.Field()
    claim_receive = ClaimReceive.Field()
    claim_resolve = ClaimResolve.Field()
    claim_repair_update = ClaimRepairUpdate.Field()
    claim_repair_quote_answer = ClaimRepairQuoteAnswer.Field()
    claim_hand_over = ClaimHandOver.Field()
    claim_record_decision = ClaimRecordDecision.Field()
    fulfillment_mark_delivered = FulfillmentMarkDelivered.Field()
    return_policy_set = ReturnPolicySet.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
