"""Who may see and do what.

- Customers act on their own orders; a guest (no token) presents the email of an order that
  has no customer account. Staff need MANAGE_ORDERS and access to the order's channel; apps
  need MANAGE_ORDERS. Editing policies needs MANAGE_SETTINGS (plus channel access for staff).
- Whoever may not see an order gets the same answer as for an order that does not exist.
"""

from functools import partial
from typing import Any
from uuid import UUID

from saleor.core.exceptions import PermissionDenied
from saleor.permission.enums import OrderPermissions, SitePermissions

from .compiled import CompiledRead
from .error_codes import ClaimError, ClaimErrorCode

MANAGE_ORDERS = OrderPermissions.MANAGE_ORDERS
MANAGE_SETTINGS = SitePermissions.MANAGE_SETTINGS


def is_order_manager(requestor) -> bool:
    if requestor.user is not None and not requestor.user.is_staff:
        return False  # Saleor grants permissions to staff only: no query for customers
    return requestor.has_perm(MANAGE_ORDERS)


def require_permission(context: Any, permission=MANAGE_ORDERS) -> None:
    if not context.requestor.has_perm(permission):
        raise PermissionDenied(permissions=[permission])


def accessible_channel_ids(context: Any) -> set[int] | None:
    """Channels a staff member may access; None means all (apps, unrestricted staff)."""
    requestor = context.requestor
    if requestor.app is not None or requestor.user is None:
        return None
    cached = getattr(context, "_warranty_channel_ids", None)
    if cached is not None:
        return cached
    from saleor.graphql.account.dataloaders import AccessibleChannelsByUserIdLoader

    channels = AccessibleChannelsByUserIdLoader(context).load(requestor.user.id).get()
    ids = {channel.id for channel in channels}
    context._warranty_channel_ids = ids
    return ids


def can_manage_channel(context: Any, channel_id: int) -> bool:
    """Whether the requestor may act in the channel: Saleor's rule (apps: every channel;
    staff: the channels of their groups, every channel for a group not restricted to some),
    asked for this one channel in one query unless the whole set was read already."""
    requestor = context.requestor
    if requestor.app is not None or requestor.user is None:
        return True
    ids = getattr(context, "_warranty_channel_ids", None)
    if ids is not None:
        return channel_id in ids
    answers = getattr(context, "_warranty_channel_access", None)
    if answers is None:
        answers = context._warranty_channel_access = {}
    if channel_id not in answers:
        answers[channel_id] = _in_channel_of_a_group(requestor.user.id, channel_id)
    return answers[channel_id]


def _in_channel_of_a_group(user_id: int, channel_id: int) -> bool:
    from django.db.models import Q
    from saleor.account.models import Group

    return (
        Group.objects.filter(user=user_id)
        .filter(Q(restricted_access_to_channels=False) | Q(channels=channel_id))
        .exists()
    )


def can_see_order(context: Any, order: Any, email: str | None = None) -> bool:
    requestor = context.requestor
    if is_order_manager(requestor) and can_manage_channel(context, order.channel_id):
        return True
    if requestor.user is not None:
        return order.user_id is not None and order.user_id == requestor.user.id
    if requestor.app is None and email and order.user_id is None:
        return bool(order.user_email) and order.user_email.strip().lower() == email.strip().lower()
    return False


def not_found(what: str = "order", field: str | None = "order") -> ClaimError:
    return ClaimError(ClaimErrorCode.NOT_FOUND, f"Couldn't find the {what}.", field=field)


def _orders(order_id: Any, lock: bool = False) -> Any:
    """An order with what judging it reads (not a draft), row-locked for a claim's intake."""
    from saleor.order.models import Order

    queryset = Order.objects.select_related(
        "channel", "shipping_address", "billing_address", "warranty_snapshot__policy"
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.filter(pk=order_id).exclude(status="draft")


_SENTINEL = UUID("00000000-0000-4000-8000-0000000c0de5")  # no order has it
_ORDER = CompiledRead(_orders, _SENTINEL)
_LOCKED_ORDER = CompiledRead(partial(_orders, lock=True), _SENTINEL)


def get_visible_order(context: Any, order_id: Any, email: str | None = None, lock=False) -> Any:
    """The order if the requestor may see it; NOT_FOUND otherwise, as for a missing one."""
    if order_id is None:
        raise not_found()
    order = (_LOCKED_ORDER if lock else _ORDER).first(order_id)
    if order is None or not can_see_order(context, order, email):
        raise not_found()
    return order


def check_account(requestor: Any, policy: Any) -> None:
    """ACCOUNT_REQUIRED for a guest where the policy takes claims from signed-in customers
    only; staff and apps still file on a customer's behalf."""
    if policy.require_account and requestor.user is None and requestor.app is None:
        raise ClaimError(
            ClaimErrorCode.ACCOUNT_REQUIRED,
            "Sign in to your account to request a return.",
            field="order",
        )


def can_see_claim(context: Any, claim: Any, email: str | None = None) -> bool:
    """Staff of the claim's channel, the customer who owns it, or a guest presenting the
    email of a claim on an order placed without an account."""
    requestor = context.requestor
    if is_order_manager(requestor) and can_manage_channel(context, claim.channel_id):
        return True
    if requestor.user is not None:
        return claim.user_id == requestor.user.id
    if requestor.app is None and email and claim.user_id is None:
        return bool(claim.user_email) and claim.user_email == email.strip().lower()
    return False
