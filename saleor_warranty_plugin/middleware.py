"""Graphene middleware for Saleor's own API that enforces the return policy on native returns.

Register it in Saleor's settings (it is read per request by Saleor's GraphQLView):

    GRAPHQL_MIDDLEWARE = ["saleor_warranty_plugin.middleware.NativeReturnPolicyMiddleware"]

It acts only when the plugin is active with `native_return_mode = enforce`, and only on the
root fields `orderFulfillmentReturnProducts` and `orderFulfillmentRefundProducts`: lines the
policy finds ineligible under every reason it knows are refused with the finding codes, in
the mutation's own error payload. Every other field passes straight through.
"""

from functools import partial
from typing import Any

from graphql.execution.middleware import make_it_promise

from .const import PLUGIN_ID

WATCHED = frozenset({"orderFulfillmentReturnProducts", "orderFulfillmentRefundProducts"})


def _unwrapped(next_: Any) -> Any:
    """The field's own resolver when graphql-core put `make_it_promise` in front of it.

    With any middleware registered, graphql-core 2 wraps every field's result in a Promise,
    which slows large queries several-fold; fields this middleware does not guard go
    straight to their resolver, so the executor keeps its fast path for plain values.
    """
    if isinstance(next_, partial) and next_.func is make_it_promise and next_.args:
        return next_.args[0]
    return next_


class NativeReturnPolicyMiddleware:
    def resolve(self, next_, root: Any, info: Any, **args: Any) -> Any:
        if root is not None or info.field_name not in WATCHED:
            return _unwrapped(next_)(root, info, **args)
        from saleor.core.db.connection import allow_writer

        with allow_writer():
            refusal = check_native_return(info, args)
        if refusal is not None:
            return refusal
        return next_(root, info, **args)


def check_native_return(info: Any, args: dict) -> Any:
    """The mutation's error payload when the policy refuses the return, else None."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from saleor.graphql.order.mutations.fulfillment_refund_products import (
        FulfillmentRefundProducts,
    )
    from saleor.graphql.order.mutations.fulfillment_return_products import (
        FulfillmentReturnProducts,
    )
    from saleor.order.error_codes import OrderErrorCode
    from saleor.order.models import FulfillmentLine, Order
    from saleor.plugins.manager import get_plugins_manager

    from .config import NativeReturnMode
    from .facts import build_order_context
    from .graphql.ids import decode_int, decode_uuid
    from .line_rows import read_order_lines
    from .native import most_favourable
    from .policies import parsed_policy, policy_for_order

    plugin = get_plugins_manager(allow_replica=False).get_plugin(PLUGIN_ID)
    if plugin is None or not plugin.active:
        return None
    if plugin.config.native_return_mode != NativeReturnMode.ENFORCE:
        return None
    order_pk = decode_uuid(args.get("order"), "Order")
    order = (
        Order.objects.select_related("channel", "shipping_address", "billing_address")
        .filter(pk=order_pk)
        .first()
        if order_pk
        else None
    )
    if order is None:
        return None  # Saleor reports the unknown order itself
    data = args.get("input") or {}
    quantities: dict[Any, int] = {}
    for item in data.get("order_lines") or []:
        pk = decode_uuid(item.get("order_line_id"), "OrderLine")
        if pk is not None:
            quantities[pk] = quantities.get(pk, 0) + int(item.get("quantity") or 0)
    fulfillment_line_ids = [
        (
            decode_int(item.get("fulfillment_line_id"), "FulfillmentLine"),
            int(item.get("quantity") or 0),
        )
        for item in data.get("fulfillment_lines") or []
    ]
    by_pk = dict(
        FulfillmentLine.objects.filter(
            pk__in=[pk for pk, _ in fulfillment_line_ids if pk], fulfillment__order_id=order.pk
        ).values_list("pk", "order_line_id")
    )
    for pk, quantity in fulfillment_line_ids:
        if pk in by_pk:
            quantities[by_pk[pk]] = quantities.get(by_pk[pk], 0) + quantity
    if not quantities:
        return None
    ctx = build_order_context(order, plugin.config.transit_allowance_days, read_order_lines(order))
    record, _lazy = policy_for_order(order, ctx.snapshot)
    if record is None:
        return None
    quantities = {pk: q for pk, q in quantities.items() if pk in ctx.line_facts and q > 0}
    if not quantities:
        return None
    _reason, options = most_favourable(parsed_policy(record), ctx, quantities, timezone.now())
    refused = {pk: o for pk, o in options.items() if o.verdict == "INELIGIBLE"}
    if not refused:
        return None
    names = {line.pk: line.product_name for line in ctx.lines}
    codes = sorted({f.code.value for o in refused.values() for f in o.findings})
    message = "Refused by the return policy ({}): {}".format(
        ", ".join(codes),
        "; ".join(
            f"{names[pk]}: " + " ".join(f.message for f in o.findings) for pk, o in refused.items()
        ),
    )
    mutation = (
        FulfillmentReturnProducts
        if info.field_name == "orderFulfillmentReturnProducts"
        else FulfillmentRefundProducts
    )
    return mutation.handle_errors(
        ValidationError({"order": ValidationError(message, code=OrderErrorCode.INVALID.value)})
    )
