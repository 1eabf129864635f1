"""The shop the demo's claims are made in: the plugin switched on, a policy per channel, and
the orders claimed on, bought at checkout by populatedb's customers, paid through the dummy
gateway, fulfilled by the demo app, with their ship and delivery dates stamped."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from .api import (
    CLAIM_PRESET,
    DEMO_APP,
    DEMO_KEY,
    DUMMY_GATEWAY,
    GUEST,
    GUEST_EMAIL,
    ORDER_KEY,
    PRESETS,
    ROLES,
    STAFF,
    DemoApi,
    DemoError,
    default_channel,
    gid,
)


class Shop(DemoApi):
    """The demo's preparation of the shop: each step idempotent, counting what it changed."""

    def activate_plugin(self) -> None:
        from saleor.plugins.models import PluginConfiguration

        from ..config import parse_config
        from ..plugin import WarrantyPlugin

        config, created = PluginConfiguration.objects.get_or_create(
            identifier=WarrantyPlugin.PLUGIN_ID,
            channel=None,
            defaults={"active": True, "configuration": WarrantyPlugin.DEFAULT_CONFIGURATION},
        )
        if not config.active:
            config.active = True
            config.save(update_fields=["active"])
            created = True
        if created:
            self.changes += 1
            self.say("Switched the plugin on.")
        values = {item["name"]: item["value"] for item in config.configuration}
        self.config = parse_config(values)

    def demo_app(self) -> Any:
        """The app staff decisions are made as (claims show it as their author): an app sees
        every channel, whatever the shop's permission groups give its staff."""
        from saleor.app.models import App
        from saleor.permission.models import Permission

        app, created = App.objects.get_or_create(
            identifier=DEMO_APP, defaults={"name": "Warranty demo", "is_active": True}
        )
        if created:
            codenames = ["manage_orders", "manage_settings"]
            app.permissions.set(Permission.objects.filter(codename__in=codenames))
            self.changes += 1
            self.say("Created the app staff decisions are made as: Warranty demo.")
        return app

    def set_policies(self) -> None:
        from saleor.channel.models import Channel

        from ..models import ReturnPolicy

        for index, channel in enumerate(Channel.objects.order_by("slug")):
            if ReturnPolicy.objects.filter(channel=channel).exists():
                continue
            preset = self.preset_for(channel, index)
            self.call("policy", {"channel": channel.slug, "preset": preset}, STAFF)
            self.changes += 1
            self.say(f"Channel {channel.slug}: policy from preset {preset}.")

    @staticmethod
    def preset_for(channel: Any, index: int) -> str:
        if channel.slug == default_channel():
            return CLAIM_PRESET
        return PRESETS[(index + 1) % len(PRESETS)]

    def stamp_dates(self) -> None:
        """Ship dates as the fulfillment hooks stamp them (populatedb writes fulfillments
        directly, so no hook ran), and delivery two days later through the API."""
        from saleor.order.models import Fulfillment

        from ..models import FulfillmentTimeline
        from ..timeline import stamp_shipped

        shipped = delivered = 0
        fulfillments = Fulfillment.objects.filter(status="fulfilled").select_related("order")
        for fulfillment in fulfillments.order_by("pk"):
            timeline = FulfillmentTimeline.objects.filter(fulfillment=fulfillment).first()
            if timeline is None or timeline.shipped_at is None:
                stamp_shipped(fulfillment, fulfillment.created_at)
                shipped += 1
            timeline = FulfillmentTimeline.objects.get(fulfillment=fulfillment)
            if timeline.delivered_at is None:
                shipped_at = timeline.shipped_at or fulfillment.created_at
                when = min(shipped_at + timedelta(days=2), timezone.now())
                self.call(
                    "delivered",
                    {"fulfillment": gid("Fulfillment", fulfillment.pk), "deliveredAt": when},
                    STAFF,
                )
                delivered += 1
        self.changes += shipped + delivered
        if shipped or delivered:
            self.say(f"Stamped {shipped} ship dates and {delivered} delivery dates.")

    # -- the orders claimed on: bought at checkout, paid, fulfilled -------------------------------

    def prepare_orders(self) -> dict[str, Any]:
        """An order for each role whose claim is not made yet, and a guest's order: bought by
        populatedb's customers through Saleor's checkout, paid through the dummy gateway and
        fulfilled by the demo app. Orders made by an earlier run are found by their mark."""
        from saleor.order.models import Order

        marked = Order.objects.filter(private_metadata__has_key=ORDER_KEY).order_by("number")
        orders = {order.get_value_from_private_metadata(ORDER_KEY): order for order in marked}
        claimed = self.claimed()
        missing = [
            name
            for name in [*(role.name for role in ROLES), GUEST]
            if name not in orders and name not in claimed
        ]
        customers = self.customers() if missing else []
        for index, name in enumerate(missing):
            customer = customers[index % len(customers)]
            if name == GUEST:
                orders[name] = self.buy_as_guest(customer.default_shipping_address)
            else:
                channel = self.channel(default_channel())
                address = customer.default_shipping_address
                orders[name] = self.buy(name, channel, customer, customer.email, address, index)
        for name, order in orders.items():
            if name not in claimed:
                self.fulfil(order)
        return {**orders, **claimed}

    @staticmethod
    def claimed() -> dict[str, Any]:
        from saleor.order.models import Order

        return {
            order.get_value_from_private_metadata(DEMO_KEY): order
            for order in Order.objects.filter(private_metadata__has_key=DEMO_KEY)
        }

    @staticmethod
    def channel(slug: str) -> Any:
        from saleor.channel.models import Channel

        channel = Channel.objects.filter(slug=slug).first()
        if channel is None:
            raise DemoError(f"No channel {slug}: run populatedb first.")
        return channel

    @staticmethod
    def customers() -> list[Any]:
        """populatedb's customers: accounts with an address to ship to."""
        from saleor.account.models import User

        customers = list(
            User.objects.filter(is_active=True, is_staff=False)
            .exclude(default_shipping_address=None)
            .select_related("default_shipping_address")
            .order_by("email")
        )
        if not customers:
            raise DemoError(
                "No customer with an address: run populatedb first (it creates customers)."
            )
        return customers

    @staticmethod
    def variants(channel: Any) -> list[Any]:
        """Products a customer can buy in `channel` and have shipped (not gift cards), at full
        price (populatedb puts some on promotion, and a preset may exclude sale goods)."""
        from django.db.models import F, Q
        from saleor.product.models import ProductVariant

        return list(
            ProductVariant.objects.filter(
                Q(channel_listings__discounted_price_amount=None)
                | Q(channel_listings__discounted_price_amount=F("channel_listings__price_amount")),
                channel_listings__channel=channel,
                channel_listings__price_amount__gt=0,
                product__channel_listings__channel=channel,
                product__channel_listings__is_published=True,
                product__channel_listings__available_for_purchase_at__lte=timezone.now(),
                product__product_type__is_shipping_required=True,
                product__product_type__kind="normal",
                stocks__quantity__gt=0,
                stocks__warehouse__channels=channel,
            )
            .distinct()
            .order_by("pk")[:20]
        )

    @staticmethod
    def address_input(address: Any) -> dict:
        return {
            "firstName": address.first_name,
            "lastName": address.last_name,
            "streetAddress1": address.street_address_1,
            "streetAddress2": address.street_address_2,
            "city": address.city,
            "postalCode": address.postal_code,
            "country": address.country.code,
            "countryArea": address.country_area,
        }

    def buy(
        self, name: str, channel: Any, customer: Any, email: str, address: Any, index: int = 0
    ) -> Any:
        """One order through Saleor's checkout, as `customer` (None: a guest) shipping to
        `address`, paid through the dummy gateway; marked as the demo's once Saleor has
        created it."""
        from saleor.order.models import Order

        address = self.address_input(address)
        variants = self.variants(channel)
        if variants:  # a different product for each order, where there are several
            start = index % len(variants)
            variants = variants[start:] + variants[:start]
        checkout, failure = None, "no product with stock and a price"
        for variant in variants:
            line = {"variantId": gid("ProductVariant", variant.pk), "quantity": 1}
            checkout_input = {
                "channel": channel.slug,
                "email": email,
                "lines": [line],
                "shippingAddress": address,
                "billingAddress": address,
            }
            try:
                checkout = self.saleor("checkout", {"input": checkout_input}, customer)
            except DemoError as error:  # e.g. not enough stock where this address is served
                failure = str(error)
                continue
            checkout = checkout["checkout"]
            if any(method["active"] for method in checkout["shippingMethods"]):
                break
            failure, checkout = f"no shipping method to {address['country']}", None
        if checkout is None:
            raise DemoError(f"Nothing could be bought in {channel.slug}: {failure}")
        method = next(m["id"] for m in checkout["shippingMethods"] if m["active"])
        checkout = self.saleor("delivery", {"id": checkout["id"], "method": method}, customer)
        checkout = checkout["checkout"]
        payment = {
            "gateway": DUMMY_GATEWAY,
            "token": f"warranty-demo-{name}",
            "amount": checkout["totalPrice"]["gross"]["amount"],
        }
        self.saleor("pay", {"id": checkout["id"], "input": payment}, customer)
        number = self.saleor("complete", {"id": checkout["id"]}, customer)["order"]["number"]
        order = Order.objects.get(number=number)
        order.store_value_in_private_metadata({ORDER_KEY: name})
        order.save(update_fields=["private_metadata"])
        self.changes += 1
        who = customer.email if customer else f"a guest ({email})"
        self.say(f"Order #{number} ({name}) in {channel.slug}: bought by {who}, paid.")
        return order

    def buy_as_guest(self, address: Any) -> Any:
        """A guest's order, in another channel than the claims' where one can be bought (its
        preset takes guests' claims), else in the default channel."""
        from saleor.channel.models import Channel

        channels = list(Channel.objects.filter(is_active=True).order_by("slug"))
        channels.sort(key=lambda channel: channel.slug == default_channel())
        failure = DemoError("No active channel.")
        for channel in channels:
            try:
                return self.buy(GUEST, channel, None, GUEST_EMAIL, address)
            except DemoError as error:
                failure = error
        raise failure

    def fulfil(self, order: Any) -> None:
        """Everything on the order shipped from where Saleor allocated it (`orderFulfill`)."""
        if order.fulfillments.exists():
            return
        from saleor.warehouse.models import Stock

        lines = []
        for line in order.lines.all().order_by("pk"):
            allocation = line.allocations.select_related("stock").first()
            if allocation is not None:
                warehouse_id = allocation.stock.warehouse_id
            else:  # a variant whose stock Saleor does not track is not allocated
                stock = (
                    Stock.objects.filter(
                        product_variant_id=line.variant_id, warehouse__channels=order.channel_id
                    )
                    .order_by("-quantity", "pk")
                    .first()
                )
                if stock is None:
                    raise DemoError(f"Order #{order.number}: no warehouse has {line}")
                warehouse_id = stock.warehouse_id
            stocks = [{"quantity": line.quantity, "warehouse": gid("Warehouse", warehouse_id)}]
            lines.append({"orderLineId": gid("OrderLine", line.pk), "stocks": stocks})
        fulfil_input = {"lines": lines, "notifyCustomer": False}
        self.saleor("fulfil", {"order": gid("Order", order.pk), "input": fulfil_input}, STAFF)
        self.changes += 1
        self.say(f"Order #{order.number}: fulfilled.")
