"""A draft order of ours completed in-process, as Saleor's `draftOrderComplete` does.

`complete_draft` follows `DraftOrderComplete.perform_mutation` (3.23; `compat` calls 3.22's
variants): price the draft, validate it, confirm it, allocate its stock, take its charge
status, and fire `order_created` once the caller's transaction commits. What Saleor refuses
(`ValidationError`, `InsufficientStock`) is raised as Saleor raises it; `completion_failure`
says it as the claim's error.

Saleor is imported at module level: only `replacement.py` imports this module, at use.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from saleor.core.exceptions import InsufficientStock
from saleor.core.postgres import FlatConcatSearchVector
from saleor.order import OrderStatus
from saleor.order.actions import order_created
from saleor.order.error_codes import OrderErrorCode
from saleor.order.fetch import OrderInfo, OrderLineInfo
from saleor.order.models import Order, OrderLine
from saleor.order.search import prepare_order_search_vector_value
from saleor.order.utils import (
    get_order_country,
    update_order_display_gross_prices,
    updates_amounts_for_order,
)
from saleor.plugins.manager import PluginsManager
from saleor.site.models import SiteSettings
from saleor.warehouse.management import allocate_preorders
from saleor.warehouse.reservations import is_reservation_enabled

from .. import compat
from ..error_codes import ClaimError, ClaimErrorCode
from ..requestor import Requestor


def complete_draft(
    order: Order, manager: PluginsManager, requestor: Requestor, site_settings: SiteSettings
) -> Order:
    """The draft (row-locked by the caller) completed: priced, checked, confirmed, its stock
    allocated and its charge status taken; `order_created` runs once this commits."""
    who = requestor.app or requestor.user
    order = compat.fetch_order_prices(order, manager, who, force_update=True)
    if order.tax_error is not None:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED,
            f"The tax app could not price replacement order #{order.number}; retry later.",
        )
    lines = list(order.lines.select_related("variant"))
    compat.validate_draft_order(order, lines, get_order_country(order), who, manager, site_settings)
    _confirm(order)
    infos = _allocate(order, lines, manager, requestor, site_settings)
    updates_amounts_for_order(order)  # a free order is fully charged, as Saleor does for 0
    order_info = OrderInfo(
        order=order,
        customer_email=order.get_customer_email(),
        channel=order.channel,
        payment=order.get_last_payment(),
        lines_data=infos,
    )
    user, app = requestor.user, requestor.app
    transaction.on_commit(
        lambda: order_created(
            order_info=order_info, user=user, app=app, manager=manager, from_draft=True
        )
    )
    return order


def _confirm(order: Order) -> None:
    """The draft becomes an order: its status as the channel confirms new orders, the
    shipping method's metadata, the search vector and the displayed prices."""
    order.status = (
        OrderStatus.UNFULFILLED
        if order.channel.automatically_confirm_all_new_orders
        else OrderStatus.UNCONFIRMED
    )
    if order.shipping_method:
        order.shipping_method_metadata = order.shipping_method.metadata
        order.shipping_method_private_metadata = order.shipping_method.private_metadata
    order.search_vector = FlatConcatSearchVector(*prepare_order_search_vector_value(order))
    update_order_display_gross_prices(order)
    order.save()


def _allocate(
    order: Order,
    lines: list[OrderLine],
    manager: PluginsManager,
    requestor: Requestor,
    site_settings: SiteSettings,
) -> list[OrderLineInfo]:
    """Stock (or preorder quantity) allocated for each line that tracks it; the lines' draft
    prices stop expiring. The allocated lines' infos, for `order_created`."""
    who = requestor.app or requestor.user
    country, channel = get_order_country(order), order.channel
    reservations = is_reservation_enabled(site_settings)
    infos = []
    for line in lines:
        if line.variant and (line.variant.track_inventory or line.variant.is_preorder_active()):
            info = OrderLineInfo(line=line, quantity=line.quantity, variant=line.variant)
            infos.append(info)
            compat.allocate_stocks(
                [info],
                country,
                channel,
                site_settings,
                who,
                manager,
                check_reservations=reservations,
            )
            allocate_preorders([info], channel.slug, check_reservations=reservations)
        line.draft_base_price_expire_at = None
    OrderLine.objects.bulk_update(lines, ["draft_base_price_expire_at"])
    return infos


def completion_failure(error: Exception, draft: Order) -> ClaimError:
    """The ClaimError for a draft Saleor refused to complete (OUT_OF_STOCK when stock was
    short, else RESOLUTION_FAILED), with Saleor's messages and what staff can do."""
    stock_code = OrderErrorCode.INSUFFICIENT_STOCK.value
    if isinstance(error, InsufficientStock):
        items = [ValidationError("Insufficient product stock.", code=stock_code)]
    elif hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
    else:
        items = getattr(error, "error_list", [])
    messages = " ".join(dict.fromkeys(m for item in items for m in item.messages))
    out_of_stock = any(item.code == stock_code for item in items)
    return ClaimError(
        ClaimErrorCode.OUT_OF_STOCK if out_of_stock else ClaimErrorCode.RESOLUTION_FAILED,
        f"Replacement order #{draft.number} could not be completed: {messages} It is kept as "
        "a draft: complete it in the dashboard, or resolve the claim again "
        f"{'after restocking' if out_of_stock else 'once fixed'}.",
    )
