"""What differs between the supported Saleor releases (3.22.0 and later, 3.23.x).

The plugin is written against the newest release; where an older one lacks an API or a
feature, the difference is handled here and nowhere else. Each check looks at the installed
Saleor code (never at a version number, so a backport is used as soon as it exists); the answer
is the same in every process of a deployment.

- Gift card customer assignment (`GiftCard.assigned_to`, 3.23.19): without it, store credit
  is still issued, tagged and sent to the customer's email, and anyone holding the code can
  spend it.
- The gift card payment gateway (3.23): without it there are no gift-card transactions, so
  nothing is refunded through it.
- `order.delivery_context.get_valid_shipping_methods_for_order` (3.23; takes the requestor and
  returns a promise); 3.22 has `order.utils.get_valid_shipping_methods_for_order`.
- `create_transaction_event_requested` as a function (3.23); on 3.22 the refund request event
  is created the way 3.22's `transactionRequestRefundForGrantedRefund` creates it.
- Return reasons (3.23: `FulfillmentLineData.reason` and the `reason` argument of
  `create_fulfillments_for_returned_products`, shown on the return in the dashboard); 3.22 has
  no return reasons, so its returns carry none (the claim is still named in the return
  fulfillment's private metadata and in the order's notes).
- Site settings passed to Saleor's order and stock functions (3.23: `site_settings`,
  `requestor` and the `use_legacy_shipping_zone_stock_availability` setting); 3.22 takes the
  plugins manager instead and always finds stock through shipping zones (what that setting's
  "legacy" value means on 3.23).
- Order prices and draft validation (3.23 return promises and take the requestor; 3.22 answers
  at once).
- App manifests: 3.22 requires `tokenTargetUrl` (where an install by URL posts the app's
  token); 3.23 makes it optional, so the plugin names it only where it is required.
- App extension identifiers (`AppExtension.identifier`, 3.23); 3.22's extensions have none
  and are told apart by mount.
- Removing an app: `saleor.app.actions.delete_app` (3.23); 3.22 has no such function, so the
  app is removed as 3.22's `appDelete` mutation removes it.

The README's compatibility table says the same for shops.
"""

import inspect
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any


@cache
def _takes(function: Callable[..., Any], parameter: str) -> bool:
    """Whether Saleor's `function` has `parameter` (how its signature changed between releases)."""
    return parameter in inspect.signature(function).parameters


@cache
def gift_card_assignment() -> bool:
    """Whether Saleor can restrict a gift card to one customer (3.23.19 and later)."""
    from saleor.giftcard.models import GiftCard

    return any(field.name == "assigned_to" for field in GiftCard._meta.get_fields())


def gift_card_owner(customer: Any) -> dict[str, Any]:
    """The `GiftCard` fields that restrict a new card to `customer`, where Saleor supports it.

    A guest (no account) gets an unrestricted card: Saleor treats a card restricted by email
    alone as belonging to a deleted customer, which nobody can spend."""
    if customer is None or not gift_card_assignment():
        return {}
    return {"assigned_to": customer, "assigned_to_email": customer.email}


def refund_gift_card_transaction() -> Any:
    """Saleor's gift-card gateway refund (3.23), or None where no such gateway exists."""
    try:
        from saleor.giftcard.gateway import refund_gift_card_transaction as refund
    except ImportError:
        return None
    return refund


def valid_shipping_methods_for_order(order: Any, listings: Any, requestor: Any) -> list[Any]:
    """Saleor's valid shipping methods for an editable order, on either API."""
    try:
        from saleor.order.delivery_context import get_valid_shipping_methods_for_order
    except ImportError:
        from saleor.order.utils import get_valid_shipping_methods_for_order as older

        from .managers import plugins_manager

        return older(order, listings, plugins_manager())
    return get_valid_shipping_methods_for_order(order, listings, requestor=requestor).get()


def create_refund_request_event(
    item: Any,
    value: Decimal,
    *,
    app_identifier: str | None,
    granted_refund: Any,
    message: str,
) -> Any:
    """The REFUND_REQUEST transaction event that goes with a refund request."""
    from saleor.payment import TransactionAction

    try:
        from saleor.graphql.payment.mutations.transaction.utils import (
            create_transaction_event_requested,
        )
    except ImportError:
        from saleor.payment import TransactionEventType

        return item.events.create(
            amount_value=value,
            currency=item.currency,
            type=TransactionEventType.REFUND_REQUEST,
            idempotency_key=str(uuid.uuid4()),
            related_granted_refund=granted_refund,
            message=message,
        )
    return create_transaction_event_requested(
        item,
        value,
        TransactionAction.REFUND,
        app_identifier=app_identifier,
        related_granted_refund=granted_refund,
        message=message,
    )


def return_reasons() -> bool:
    """Whether Saleor records a reason on returned lines (3.23; `FulfillmentLineData.reason`)."""
    from dataclasses import fields

    from saleor.order import FulfillmentLineData

    return any(field.name == "reason" for field in fields(FulfillmentLineData))


def fulfillment_line_data(line: Any, quantity: int, *, replace: bool, reason: str | None) -> Any:
    """Saleor's `FulfillmentLineData`, with the line's return reason where Saleor has one."""
    from saleor.order import FulfillmentLineData

    if return_reasons():
        return FulfillmentLineData(line=line, quantity=quantity, replace=replace, reason=reason)
    return FulfillmentLineData(line=line, quantity=quantity, replace=replace)


def create_fulfillments_for_returned_products(
    requestor: Any,
    order: Any,
    payment: Any,
    order_lines: list[Any],
    fulfillment_lines: list[Any],
    manager: Any,
    *,
    refund: bool,
    amount: Decimal | None,
    refund_shipping_costs: bool,
    reason: str,
) -> Any:
    """Saleor's return/replace action. 3.23 takes the site settings and the return's reason;
    3.22 takes neither (its returns have no reason)."""
    from saleor.order.actions import create_fulfillments_for_returned_products as create

    kwargs: dict[str, Any] = {
        "refund": refund,
        "amount": amount,
        "refund_shipping_costs": refund_shipping_costs,
    }
    if _takes(create, "site_settings"):
        kwargs["site_settings"] = site_settings()
    if _takes(create, "reason"):
        kwargs["reason"] = reason
    return create(
        requestor.user,
        requestor.app,
        order,
        payment,
        order_lines,
        fulfillment_lines,
        manager,
        **kwargs,
    )


def site_settings() -> Any:
    from saleor.site.models import Site

    return Site.objects.get_current().settings


def stock_through_shipping_zones(settings: Any) -> bool:
    """Whether stock is found through shipping zones (3.23's
    `use_legacy_shipping_zone_stock_availability`; 3.22 always does so)."""
    return getattr(settings, "use_legacy_shipping_zone_stock_availability", True)


def check_stock_and_preorder_quantity(
    variant: Any, country: str, channel_slug: str, quantity: int, settings: Any
) -> None:
    """Saleor's stock check for `quantity` units of `variant` (raises InsufficientStock)."""
    from saleor.warehouse.availability import check_stock_and_preorder_quantity as check

    if _takes(check, "include_shipping_zones"):
        zones = stock_through_shipping_zones(settings)
        check(variant, country, channel_slug, quantity, include_shipping_zones=zones)
    else:
        check(variant, country, channel_slug, quantity)


def fetch_order_prices(order: Any, manager: Any, requestor: Any, *, force_update: bool) -> Any:
    """The order, priced by Saleor (3.23 takes the requestor and returns a promise)."""
    from saleor.order.calculations import fetch_order_prices_if_expired as fetch

    if _takes(fetch, "requestor"):
        order, _ = fetch(order, manager, requestor=requestor, force_update=force_update).get()
    else:
        order, _ = fetch(order, manager, force_update=force_update)
    return order


def validate_draft_order(
    order: Any, lines: list[Any], country: str, requestor: Any, manager: Any, settings: Any
) -> None:
    """Saleor's draft order validation (raises ValidationError). 3.23 takes the requestor and
    the stock setting and returns a promise; 3.22 takes the plugins manager."""
    from saleor.graphql.order.utils import validate_draft_order as validate

    if _takes(validate, "requestor"):
        zones = stock_through_shipping_zones(settings)
        validate(
            order, lines, country, requestor=requestor, calculate_stocks_with_shipping_zones=zones
        ).get()
    else:
        validate(order, lines, country, manager)


def allocate_stocks(
    lines: list[Any],
    country: str,
    channel: Any,
    settings: Any,
    requestor: Any,
    manager: Any,
    *,
    check_reservations: bool,
) -> None:
    """Saleor's stock allocation for order lines (3.23 takes the site settings and requestor,
    3.22 the plugins manager)."""
    from saleor.warehouse.management import allocate_stocks as allocate

    if _takes(allocate, "site_settings"):
        allocate(
            lines,
            country,
            channel,
            settings,
            requestor,
            check_reservations=check_reservations,
            calculate_stocks_with_shipping_zones=stock_through_shipping_zones(settings),
        )
    else:
        allocate(lines, country, channel, manager, check_reservations=check_reservations)


def create_order_line(order: Any, line_data: Any, requestor: Any, settings: Any) -> Any:
    """Saleor's new order line (3.23 takes the requestor and site settings, 3.22 the plugins
    manager)."""
    from saleor.order.utils import create_order_line as create

    if _takes(create, "site_settings"):
        return create(order, line_data, requestor, settings)
    from .managers import plugins_manager

    return create(order, line_data, plugins_manager())


@cache
def manifest_requires_token_target_url() -> bool:
    """Whether Saleor refuses an app manifest without `tokenTargetUrl` (3.22: one of the
    required fields of `_validate_required_fields`; 3.23 has no such check)."""
    from collections import defaultdict

    from saleor.app import manifest_validations

    check = getattr(manifest_validations, "_validate_required_fields", None)
    if check is None:
        return False
    errors: defaultdict[str, list[Any]] = defaultdict(list)
    check({"id": "id", "version": "1", "name": "name"}, errors)
    return "tokenTargetUrl" in errors


@cache
def app_extension_identifiers() -> bool:
    """Whether Saleor stores an identifier on app extensions (3.23)."""
    from saleor.app.models import AppExtension

    return any(field.name == "identifier" for field in AppExtension._meta.get_fields())


def delete_app(app: Any, manager: Any) -> None:
    """Soft-delete an app as Saleor's `appDelete` does (`delete_app`, 3.23; on 3.22 the
    mutation's own steps: mark it removed and inactive, then the APP_DELETED event)."""
    try:
        from saleor.app.actions import delete_app as delete
    except ImportError:
        from django.utils import timezone
        from saleor.core.utils.events import call_event

        app.removed_at = timezone.now()
        app.is_active = False
        app.save(update_fields=["removed_at", "is_active"])
        call_event(manager.app_deleted, app)
        return
    delete(app, manager)
