"""Object types of a claim: the claim, its lines, events and evidence, and the page of
claims with its counts per status. Resolvers read model rows; no writes."""

import graphene
from graphene import relay

from . import scalars
from .enums import ClaimReasonEnum, ClaimStatusEnum, ResolutionTypeEnum, VerdictEnum
from .ids import to_global_id
from .resolution_types import ClaimResolution, amount_lines
from .types import PolicyFinding, money


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
