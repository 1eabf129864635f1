import graphene

from ...error_codes import ClaimError, ClaimErrorCode
from ...intake import ClaimRequest, LineRequest, create_claim
from ...policy import ClaimReason, ItemCondition, ResolutionType
from ..enums import ClaimReasonEnum, ItemConditionEnum, ResolutionTypeEnum
from ..ids import decode_uuid
from ..scalars import Upload
from .base import with_errors
from .payloads import ClaimPayload

MAX_EMAIL = 254


class ClaimLineInput(graphene.InputObjectType):
    order_line = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    reason = ClaimReasonEnum(description="Overrides the claim's reason for this line.")
    serial_number = graphene.String()
    declared_conditions = graphene.List(graphene.NonNull(ItemConditionEnum))


class ClaimCreateInput(graphene.InputObjectType):
    order = graphene.ID(required=True)
    email = graphene.String(description="Guests: the email the order was placed with.")
    reason = ClaimReasonEnum(required=True)
    lines = graphene.List(graphene.NonNull(ClaimLineInput), required=True)
    description = graphene.String()
    preferred_resolution = ResolutionTypeEnum()
    evidence = graphene.List(graphene.NonNull(Upload))
    override_policy = graphene.Boolean(description="Staff and apps: accept despite the policy.")


def _enum_value(value):
    return getattr(value, "value", value)


def build_request(data) -> ClaimRequest:
    email = data.get("email")
    if email is not None and len(email) > MAX_EMAIL:
        raise ClaimError(ClaimErrorCode.INVALID, "The email is too long.", "email")
    lines = []
    for line in data.get("lines") or []:
        reason = line.get("reason")
        lines.append(
            LineRequest(
                order_line_id=decode_uuid(line.get("order_line"), "OrderLine"),
                quantity=line.get("quantity") or 0,
                reason=ClaimReason(_enum_value(reason)) if reason else None,
                serial_number=(line.get("serial_number") or "").strip(),
                declared_conditions=frozenset(
                    ItemCondition(_enum_value(c)) for c in line.get("declared_conditions") or []
                ),
                global_id=line.get("order_line") or "",
            )
        )
    preferred = data.get("preferred_resolution")
    return ClaimRequest(
        order_id=decode_uuid(data.get("order"), "Order"),
        reason=ClaimReason(_enum_value(data["reason"])),
        lines=lines,
        email=email,
        description=(data.get("description") or "").strip(),
        preferred_resolution=ResolutionType(_enum_value(preferred)) if preferred else None,
        evidence=list(data.get("evidence") or []),
        override_policy=bool(data.get("override_policy")),
    )


class ClaimCreate(graphene.Mutation):
    class Arguments:
        input = ClaimCreateInput(required=True)

    Output = ClaimPayload

    @staticmethod
    @with_errors(ClaimPayload)
    def mutate(_root, info, input):
        claim = create_claim(info.context, build_request(input), info.context.warranty_config)
        return ClaimPayload(claim=claim, errors=[])
