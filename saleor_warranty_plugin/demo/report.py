"""What the demo prints at the end: where to look at what it made, and (--counts) the rows of
the tables it writes to."""

from typing import Any

from .api import API_PATH, gid


def where_to_look(made: dict, guest: Any, api_url: str, dashboard_url: str) -> str:
    """The closing message: where to see what the demo made (`guest`: a guest's order)."""
    api_url = api_url.rstrip("/")
    dashboard_url = dashboard_url.rstrip("/")
    some = made.get("refund") or next(iter(made.values()))
    lines = [
        "",
        "Where to look:",
        f"  Saleor dashboard, the order with the refunded claim: {dashboard_url}/orders/"
        f"{gid('Order', some.pk)}",
        f"  The plugin's dashboard pages (Apps → Returns & warranty): {api_url}"
        "/plugins/global/saleor.warranty/dashboard/",
    ]
    # the guest's order the demo bought, outside the default channel where it could (its
    # preset takes guests' claims), for the portal and the API
    if guest is not None:
        lines += [
            f"  Returns portal: {api_url}/plugins/global/saleor.warranty/portal/"
            f"?channel={guest.channel.slug}",
            f"    order #{guest.number}, email {guest.user_email}",
        ]
        query = (
            '{"query": "query($order: ID!, $email: String) { orderReturnEligibility(order: '
            "$order, email: $email) { judgedByCurrentPolicy lines { productName "
            'quantityClaimable options { reason verdict } } } }", '
            f'"variables": {{"order": "{gid("Order", guest.pk)}", '
            f'"email": "{guest.user_email}"}}}}'
        )
        lines += [
            "  The API (what the guest may claim, no token needed):",
            f"    curl -s {api_url}{API_PATH} -H 'Content-Type: application/json' \\",
            f"      -d '{query}'",
        ]
    return "\n".join(lines)


# Saleor's rows the demo writes (through Saleor's actions), beside the plugin's own tables
SALEOR_MODELS = [
    "order.Order",
    "order.OrderLine",
    "order.Fulfillment",
    "order.FulfillmentLine",
    "order.OrderEvent",
    "order.OrderGrantedRefund",
    "checkout.Checkout",
    "payment.Payment",
    "payment.Transaction",
    "payment.TransactionItem",
    "giftcard.GiftCard",
    "app.App",
    "plugins.PluginConfiguration",
]


def row_counts() -> dict[str, int]:
    """Rows in each of the plugin's tables and in the Saleor tables the demo writes to."""
    from django.apps import apps

    from ..apps import WarrantyPluginConfig

    models = list(apps.get_app_config(WarrantyPluginConfig.label).get_models())
    models += [apps.get_model(name) for name in SALEOR_MODELS]
    return {model._meta.db_table: model._default_manager.count() for model in models}
