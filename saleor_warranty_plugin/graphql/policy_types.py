"""Object types of the policy: the policy in force and its presets, and what an order's
lines may still claim under it. Resolvers read model rows and policy values; no writes."""

import graphene

from . import scalars
from .enums import ClaimReasonEnum, EvidenceKindEnum, ResolutionTypeEnum, VerdictEnum
from .ids import to_global_id
from .types import Money, PolicyFinding


class ReturnPolicy(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    version = graphene.Int(required=True)
    channel = graphene.String(required=True, description="Slug of the channel.")
    preset = graphene.String(description="Preset the version was made from, if any.")
    created_at = scalars.DateTime(required=True)
    summary = graphene.String(required=True, description="The policy in plain language.")
    spec = scalars.JSONString(description="The policy document. Staff and apps only.")
    merchant_return_policy = scalars.JSONString(
        required=True,
        description="The policy as schema.org MerchantReturnPolicy data (JSON-LD), public.",
    )

    @staticmethod
    def resolve_id(root, _info):
        return to_global_id("ReturnPolicy", root.pk)

    @staticmethod
    def resolve_channel(root, _info):
        return root.channel.slug

    @staticmethod
    def resolve_preset(root, _info):
        return root.preset or None

    @staticmethod
    def resolve_summary(root, _info):
        from ..policies import parsed_policy
        from ..policy import summarize

        return summarize(parsed_policy(root))

    @staticmethod
    def resolve_merchant_return_policy(root, _info):
        from ..policies import parsed_policy
        from ..policy.structured import merchant_return_policy

        return merchant_return_policy(parsed_policy(root))

    @staticmethod
    def resolve_spec(root, info):
        from saleor.core.exceptions import PermissionDenied

        requestor = info.context.requestor
        if requestor.app is None and not (requestor.user and requestor.user.is_staff):
            raise PermissionDenied(message="Only staff and apps may read the policy document.")
        return root.document


class ReturnPolicyPreset(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)


class EvidenceRequirement(graphene.ObjectType):
    """Satisfied by at least one of its kinds ("photo or video of the defective item")."""

    any_of = graphene.List(graphene.NonNull(EvidenceKindEnum), required=True)
    label = graphene.String(required=True)


def evidence_requirements(option) -> list[EvidenceRequirement]:
    return [
        EvidenceRequirement(
            any_of=[kind.value for kind in group],
            label=" or ".join(kind.value.replace("_", " ").lower() for kind in group),
        )
        for group in option.evidence_requirements
    ]


class ClaimOption(graphene.ObjectType):
    reason = graphene.Field(ClaimReasonEnum, required=True)
    verdict = graphene.Field(VerdictEnum, required=True)
    findings = graphene.List(graphene.NonNull(PolicyFinding), required=True)
    deadline = scalars.DateTime(description="Last moment a claim for this reason is accepted.")
    resolutions = graphene.List(
        graphene.NonNull(ResolutionTypeEnum),
        required=True,
        description="Every resolution claimResolve would accept, in the policy's order.",
    )
    required_evidence = graphene.List(
        graphene.NonNull(EvidenceKindEnum),
        required=True,
        description="Every kind always required and the first kind of each alternative group.",
    )
    evidence_requirements = graphene.List(
        graphene.NonNull(EvidenceRequirement),
        required=True,
        description="Each entry must be satisfied by at least one of its kinds.",
    )
    estimated_refund = graphene.Field(
        Money, description="Per unit: goods paid minus the fees, where a refund is possible."
    )
    decided_by = graphene.String(
        required=True, description="Who decides: shop, lab, manufacturer or service_center."
    )
    needs_inspection = graphene.Boolean(required=True)
    paid_repair = graphene.Boolean(required=True, description="Repair is offered, but paid.")
    return_shipping_paid_by = graphene.String(required=True, description="buyer or shop")

    # The root is the policy's ReasonOption: fields of the same name resolve by attribute,
    # and nothing is built for fields a client did not ask for.

    @staticmethod
    def resolve_required_evidence(root, _info):
        return root.evidence_to_ask

    @staticmethod
    def resolve_evidence_requirements(root, _info):
        return evidence_requirements(root)

    @staticmethod
    def resolve_estimated_refund(root, _info):
        refund = root.refund
        return None if refund is None else Money(amount=refund.total, currency=refund.currency)


class LineEligibility(graphene.ObjectType):
    """Resolved from ``eligibility.LineRow``: the order line and its evaluation."""

    order_line_id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_claimable = graphene.Int(required=True)
    options = graphene.List(graphene.NonNull(ClaimOption), required=True)

    @staticmethod
    def resolve_order_line_id(root, _info):
        return to_global_id("OrderLine", root.line.pk)

    @staticmethod
    def resolve_product_name(root, _info):
        return root.line.product_name

    @staticmethod
    def resolve_quantity(root, _info):
        return root.line.quantity

    @staticmethod
    def resolve_quantity_claimable(root, _info):
        return root.evaluation.quantity_claimable

    @staticmethod
    def resolve_options(root, _info):
        return root.evaluation.options


class OrderReturnEligibility(graphene.ObjectType):
    order_id = graphene.ID(required=True)
    policy = graphene.Field(ReturnPolicy, required=True)
    judged_by_current_policy = graphene.Boolean(
        required=True,
        description="True for orders placed before the plugin recorded the policy in force: "
        "they are judged by the current policy and the order's current data.",
    )
    lines = graphene.List(graphene.NonNull(LineEligibility), required=True)
