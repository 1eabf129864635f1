"""Object types of the contract. Resolvers read model rows and policy values; no writes."""

from typing import Any

import graphene
from graphene import relay

from . import scalars
from .enums import (
    ClaimReasonEnum,
    ClaimStatusEnum,
    EvidenceKindEnum,
    PolicyFindingCodeEnum,
    ResolutionStatusEnum,
    ResolutionTypeEnum,
    VerdictEnum,
)
from .ids import to_global_id


class Money(graphene.ObjectType):
    amount = scalars.Decimal(required=True)
    currency = graphene.String(required=True)


def money(amount, currency):
    return None if amount is None else Money(amount=amount, currency=currency)


class PolicyFinding(graphene.ObjectType):
    code = graphene.Field(PolicyFindingCodeEnum, required=True)
    message = graphene.String(required=True)


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


class ClaimLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    order_line_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    quantity_received = graphene.Int(required=True)
    reason = graphene.Field(ClaimReasonEnum, required=True)
    verdict = graphene.Field(VerdictEnum, required=True)
    findings = graphene.List(graphene.NonNull(PolicyFinding), required=True)
    serial_number = graphene.String()
    declared_conditions = graphene.List(graphene.NonNull(graphene.String), required=True)
    inspected_conditions = graphene.List(graphene.NonNull(graphene.String))
    missing_accessories = graphene.List(graphene.NonNull(graphene.String), required=True)
    restock = graphene.Boolean(required=True)

    @staticmethod
    def resolve_id(root, _info):
        return to_global_id("ClaimLine", root.pk)

    @staticmethod
    def resolve_order_line_id(root, _info):
        return to_global_id("OrderLine", root.order_line_id)

    @staticmethod
    def resolve_findings(root, _info):
        return [PolicyFinding(code=f["code"], message=f["message"]) for f in root.findings]

    @staticmethod
    def resolve_serial_number(root, _info):
        return root.serial_number or None


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
        graphene.NonNull(lambda: ClaimError),
        required=True,
        description="What claimResolve answers for this input: when refused, the same errors "
        "(finding codes and order lines); when allowed through a staff override, the "
        "policy's refusals it overrides; else empty.",
    )


class ClaimEvent(graphene.ObjectType):
    type = graphene.String(required=True)
    date = scalars.DateTime(required=True)
    message = graphene.String()


class ClaimEvidence(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = graphene.String(required=True, description="image, video or pdf")
    content_type = graphene.String(required=True)
    size = graphene.Int(required=True)
    name = graphene.String(required=True)
    url = graphene.String(
        required=True,
        description="A link to the file, valid for 10 minutes (relative to the Saleor host).",
    )

    @staticmethod
    def resolve_id(root, _info):
        return to_global_id("ClaimEvidence", root.pk)

    @staticmethod
    def resolve_url(root, _info):
        from ..evidence import signed_path

        return signed_path(root.pk)

    @staticmethod
    def resolve_name(root, _info):
        return root.original_name


class Claim(graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    status = graphene.Field(ClaimStatusEnum, required=True)
    reason = graphene.Field(ClaimReasonEnum, required=True)
    order_id = graphene.ID(required=True)
    order_number = graphene.String(required=True)
    channel = graphene.String(required=True)
    created_at = scalars.DateTime(required=True)
    updated_at = scalars.DateTime(required=True)
    policy_version = graphene.Int(required=True)
    staff_initiated = graphene.Boolean(required=True)
    override_policy = graphene.Boolean(required=True)
    description = graphene.String(required=True)
    preferred_resolution = graphene.Field(ResolutionTypeEnum)
    due_at = scalars.DateTime()
    handed_to = graphene.String(description="manufacturer, lab or service_center")
    external_reference = graphene.String()
    external_decision = graphene.String()
    lines = graphene.List(graphene.NonNull(ClaimLine), required=True)
    resolution = graphene.Field(ClaimResolution)
    events = graphene.List(graphene.NonNull(ClaimEvent), required=True)
    evidence = graphene.List(graphene.NonNull(ClaimEvidence), required=True)

    @staticmethod
    def resolve_id(root, _info):
        return to_global_id("Claim", root.pk)

    @staticmethod
    def resolve_order_id(root, _info):
        return to_global_id("Order", root.order_id)

    @staticmethod
    def resolve_order_number(root, _info):
        return str(root.order_number)

    @staticmethod
    def resolve_channel(root, _info):
        return root.channel.slug

    @staticmethod
    def resolve_preferred_resolution(root, _info):
        return root.preferred_resolution or None

    @staticmethod
    def resolve_handed_to(root, _info):
        return root.handed_to or None

    @staticmethod
    def resolve_external_reference(root, _info):
        return root.external_reference or None

    @staticmethod
    def resolve_external_decision(root, _info):
        return root.external_decision or None

    @staticmethod
    def resolve_lines(root, _info):
        return root.lines.all()

    @staticmethod
    def resolve_events(root, _info):
        return root.events.all()

    @staticmethod
    def resolve_evidence(root, _info):
        return root.evidence.all()

    @staticmethod
    def resolve_resolution(root, _info):
        resolution = getattr(root, "resolution", None)
        if resolution is None:
            return None
        fees, breakdown = amount_lines(
            resolution.fees,
            resolution.amount,
            resolution.currency,
            resolution.amount_overridden,
        )
        return ClaimResolution(
            type=resolution.type,
            status=resolution.status,
            amount_overridden=resolution.amount_overridden,
            return_fulfillment_id=to_global_id("Fulfillment", resolution.return_fulfillment_id)
            if resolution.return_fulfillment_id
            else None,
            repair_status=resolution.repair_status or None,
            repair_quote=money(resolution.repair_quote, resolution.currency),
            error=resolution.error or None,
            amount=money(resolution.amount, resolution.currency),
            fees=fees,
            breakdown=breakdown,
            gift_card_code=resolution.gift_card.code if resolution.gift_card_id else None,
            replacement_order_id=to_global_id("Order", resolution.replacement_order_id)
            if resolution.replacement_order_id
            else None,
        )


class ClaimStatusCount(graphene.ObjectType):
    status = graphene.Field(ClaimStatusEnum, required=True)
    count = graphene.Int(required=True)
    overdue = graphene.Int(
        required=True, description="Of these, past their service-level due date (open claims)."
    )


class ClaimCountableConnection(relay.Connection):
    total_count = graphene.Int(required=True)
    status_counts = graphene.List(
        graphene.NonNull(ClaimStatusCount),
        required=True,
        description="The claims the filter matches, per status (every status, in the order "
        "of the workflow), with how many of them are overdue; counted in one grouped query.",
    )

    class Meta:
        node = Claim

    @staticmethod
    def resolve_total_count(root, _info):
        return root.queryset.count()

    @staticmethod
    def resolve_status_counts(root, _info):
        from django.db.models import Count, Q
        from django.utils import timezone

        from ..policy import OPEN_CLAIM_STATUSES

        overdue = Q(due_at__lt=timezone.now(), status__in=OPEN_CLAIM_STATUSES)
        rows = (
            root.queryset.order_by()
            .values_list("status")
            .annotate(count=Count("*"), overdue=Count("status", filter=overdue))
        )
        found = {status: (count, late) for status, count, late in rows}
        return [
            ClaimStatusCount(status=status, count=found.get(status, (0, 0))[0],
                             overdue=found.get(status, (0, 0))[1])
            for status in (s.value for s in ClaimStatusEnum._meta.enum)
        ]  # fmt: skip


class ClaimError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.String(required=True)
    order_lines = graphene.List(graphene.NonNull(graphene.ID))


def error_type(error: Any) -> ClaimError:
    """The payload type of a raised `error_codes.ClaimError`."""
    return ClaimError(
        field=error.field, message=error.message, code=error.code, order_lines=error.order_lines
    )
