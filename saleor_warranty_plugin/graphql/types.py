"""Object types of the contract, the values the others are made of: money, a policy finding,
and the error every mutation and preview answers with. Resolvers read model rows and policy
values; no writes (claim_types, policy_types and resolution_types hold the rest)."""

from typing import Any

import graphene

from . import scalars
from .enums import PolicyFindingCodeEnum


class Money(graphene.ObjectType):
    amount = scalars.Decimal(required=True)
    currency = graphene.String(required=True)


def money(amount, currency):
    return None if amount is None else Money(amount=amount, currency=currency)


class PolicyFinding(graphene.ObjectType):
    code = graphene.Field(PolicyFindingCodeEnum, required=True)
    message = graphene.String(required=True)


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
