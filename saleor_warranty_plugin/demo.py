"""`python manage.py warranty_demo`: the plugin at work on a Saleor with its sample data.

On a database filled by Saleor's `populatedb`, it switches the plugin on, sets a preset policy on
each channel, and prepares the orders it claims on through Saleor's own API, as a shop's
customers and staff would: populatedb's customers buy one of its products at checkout and pay
through Saleor's dummy gateway (`mirumee.payments.dummy`), and a "Warranty demo" app fulfils the
orders with `orderFulfill` (populatedb's own orders are paid through a payment app that is not
installed, so nothing could be refunded to them). It stamps ship and delivery dates on every
shipped fulfillment, then opens claims in every state through the plugin's own GraphQL API
(customers claim and cancel with their real access tokens; the app decides, receives and
resolves as staff would): a refund paid through the dummy gateway, a store credit, a
replacement, a rejected, a cancelled and an expired claim, and claims waiting at each step.

It is idempotent: each order it made is marked in its private metadata (`warranty.demo.order`,
set as soon as Saleor has created it) and, once its claim is made, `warranty.demo`; a second
run finds everything in place and changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

DEMO_KEY = "warranty.demo"  # on an order whose claim the demo made: the role
ORDER_KEY = "warranty.demo.order"  # on an order the demo bought: the role (or GUEST)
GUEST = "guest"  # a guest's order in another channel, for the portal and the curl
GUEST_EMAIL = "warranty-demo-guest@example.com"
DUMMY_GATEWAY = "mirumee.payments.dummy"
SALEOR_API_PATH = "/graphql/"
DEMO_APP = "saleor.warranty.demo"
STAFF = object()  # `Demo.call` as the demo app
API_PATH = "/plugins/global/saleor.warranty/graphql/"
# the preset each channel gets, in channel slug order (then the first again)
PRESETS = ["equipment-reseller", "electronics-store", "repair-parts-shop"]
CLAIM_PRESET = "equipment-reseller"  # offers refund, store credit and replacement


@dataclass(frozen=True)
class Role:
    name: str
    status: str  # the claim's status at the end
    steps: tuple[str, ...]  # after claimCreate: approve, receive, resolve:<TYPE>, reject, ...


ROLES = [
    Role("refund", "RESOLVED", ("approve", "receive", "resolve:REFUND")),
    Role("store-credit", "RESOLVED", ("approve", "receive", "resolve:STORE_CREDIT")),
    Role("replacement", "RESOLVED", ("approve", "receive", "resolve:REPLACEMENT")),
    Role("rejected", "REJECTED", ("reject",)),
    Role("expired", "EXPIRED", ("approve", "expire")),
    Role("cancelled", "CANCELLED", ("cancel",)),
    Role("pending", "PENDING", ()),
    Role("approved", "APPROVED", ("approve",)),
    Role("received", "RECEIVED", ("approve", "receive")),
]

CLAIM_FIELDS = "id number status lines { id quantity } resolution { type status error }"
ERRORS = "errors { field code message }"
OPERATIONS = {
    "policy": f"""mutation($channel: String!, $preset: String) {{
      returnPolicySet(channel: $channel, preset: $preset) {{ policy {{ version }} {ERRORS} }} }}""",
    "delivered": f"""mutation($fulfillment: ID!, $deliveredAt: DateTime) {{
      fulfillmentMarkDelivered(fulfillment: $fulfillment, deliveredAt: $deliveredAt) {{
        deliveredAt {ERRORS} }} }}""",
    "create": f"""mutation($input: ClaimCreateInput!) {{
      claimCreate(input: $input) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
    "approve": f"""mutation($id: ID!) {{
      claimApprove(id: $id, note: "Demo: approved") {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
    "reject": f"""mutation($id: ID!) {{
      claimReject(id: $id, reason: "Demo: the serial number belongs to another shop's sale.") {{
        claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
    "cancel": f"""mutation($id: ID!, $email: String) {{
      claimCancel(id: $id, email: $email) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
    "receive": f"""mutation($id: ID!, $lines: [ClaimLineReceiveInput!]!) {{
      claimReceive(id: $id, lines: $lines) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
    "resolve": f"""mutation($id: ID!, $input: ClaimResolveInput!) {{
      claimResolve(id: $id, input: $input) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}""",
}


# Saleor's own API: what a customer does at checkout, and how staff fulfil
SALEOR_OPERATIONS = {
    "checkout": f"""mutation($input: CheckoutCreateInput!) {{
      checkoutCreate(input: $input) {{ checkout {{ id shippingMethods {{ id active }} }} {ERRORS} }}
    }}""",
    "delivery": f"""mutation($id: ID!, $method: ID!) {{
      checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{
        checkout {{ id totalPrice {{ gross {{ amount }} }} }} {ERRORS} }} }}""",
    "pay": f"""mutation($id: ID!, $input: PaymentInput!) {{
      checkoutPaymentCreate(id: $id, input: $input) {{ payment {{ id }} {ERRORS} }} }}""",
    "complete": f"""mutation($id: ID!) {{
      checkoutComplete(id: $id) {{ order {{ id number }} {ERRORS} }} }}""",
    "fulfil": f"""mutation($order: ID!, $input: OrderFulfillInput!) {{
      orderFulfill(order: $order, input: $input) {{ fulfillments {{ id }} {ERRORS} }} }}""",
}


class DemoError(Exception):
    pass


def default_channel() -> str:
    """The channel populatedb fills (Saleor's DEFAULT_CHANNEL_SLUG)."""
    return getattr(settings, "DEFAULT_CHANNEL_SLUG", "default-channel")


def allowed_host() -> str:
    """A host Saleor serves (its view builds absolute URLs from the request's host)."""
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            return host
    return "localhost"


def gid(type_name: str, pk: Any) -> str:
    import graphene

    return graphene.Node.to_global_id(type_name, pk)


class Demo:
    def __init__(self, out: Any = None) -> None:
        self.out = out
        self.changes = 0

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text)

    # -- the API, in process, with real tokens ------------------------------------------------

    def call(self, name: str, variables: dict, user: Any = None) -> dict:
        """Run one operation of the plugin's API as `user` (a customer, with a real access
        token), as a guest (no user), or as the demo app (STAFF)."""
        from saleor.core.jwt import create_access_token
        from saleor.graphql.context import get_context_value

        from .graphql.auth import Requestor, authenticate
        from .graphql.view import execute

        if user is STAFF:
            request: Any = RequestFactory().post(API_PATH, content_type="application/json")
            request.dataloaders = {}
            request.allow_replica = False
            request.app = self.app
            context = get_context_value(request)
            context.requestor = Requestor(user=None, app=self.app)
        else:
            headers = {"Authorization": f"Bearer {create_access_token(user)}"} if user else {}
            request = RequestFactory().post(
                API_PATH, content_type="application/json", headers=headers
            )
            context = authenticate(request)
        context.warranty_config = self.config
        result = execute(OPERATIONS[name], variables, None, context)
        if result.errors:
            raise DemoError(f"{name}: {result.errors}")
        (payload,) = (result.data or {}).values()
        if payload.get("errors"):
            raise DemoError(f"{name}: {payload['errors']}")
        return payload

    def saleor(self, name: str, variables: dict, user: Any = None) -> dict:
        """Run one operation of Saleor's own GraphQL API (its view, in process) as `user`
        (a customer, with a real access token), as a guest, or as the demo app (STAFF)."""
        import json

        from django.core.serializers.json import DjangoJSONEncoder
        from saleor.core.jwt import create_access_token
        from saleor.graphql.api import backend, schema
        from saleor.graphql.views import GraphQLView

        headers = {}
        if user is not None and user is not STAFF:
            headers["Authorization"] = f"Bearer {create_access_token(user)}"
        body = json.dumps(
            {"query": SALEOR_OPERATIONS[name], "variables": variables}, cls=DjangoJSONEncoder
        )
        request: Any = RequestFactory(SERVER_NAME=allowed_host()).post(
            SALEOR_API_PATH, body, content_type="application/json", headers=headers
        )
        if user is STAFF:
            request.app = self.app
        response = GraphQLView.as_view(backend=backend, schema=schema)(request)
        result = json.loads(response.content)
        if result.get("errors"):
            raise DemoError(f"{name}: {result['errors']}")
        (payload,) = (result.get("data") or {}).values()
        if payload.get("errors"):
            raise DemoError(f"{name}: {payload['errors']}")
        return payload

    # -- the steps ------------------------------------------------------------------------------

    def run(self) -> dict:
        self.activate_plugin()
        self.app = self.demo_app()
        self.set_policies()
        orders = self.prepare_orders()
        self.guest = orders[GUEST]
        self.stamp_dates()
        return self.open_claims(orders)

    def activate_plugin(self) -> None:
        from saleor.plugins.models import PluginConfiguration

        from .config import parse_config
        from .plugin import WarrantyPlugin

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

        from .models import ReturnPolicy

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

        from .models import FulfillmentTimeline
        from .timeline import stamp_shipped

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

    @staticmethod
    def claim_line(order: Any) -> Any:
        return (
            order.lines.filter(
                quantity_fulfilled__gte=1, is_shipping_required=True, is_gift_card=False
            )
            .order_by("created_at", "pk")
            .first()
        )

    def open_claims(self, orders: dict[str, Any]) -> dict:
        from saleor.order.models import Order

        done = self.claimed()
        for role in ROLES:
            if role.name in done:
                continue
            order = Order.objects.get(pk=orders[role.name].pk)
            with transaction.atomic():
                number = self.play(role, order)
                order.store_value_in_private_metadata({DEMO_KEY: role.name})
                order.save(update_fields=["private_metadata"])
            done[role.name] = order
            self.changes += 1
            self.say(f"Claim {number} ({role.name}) on order #{order.number}.")
        self.check_resolutions(done)
        return done

    def check_resolutions(self, done: dict[str, Any]) -> None:
        """The resolutions, once performed (after their role committed): a failed one is an
        error (its claim stays as it is; the server log above says why). One still pending
        is being performed by a Celery worker."""
        from .models import ClaimResolution
        from .policy import ResolutionStatus

        failed = []
        for role in ROLES:
            if not any(step.startswith("resolve:") for step in role.steps):
                continue
            resolution = (
                ClaimResolution.objects.filter(claim__order=done[role.name])
                .select_related("claim")
                .first()
            )
            if resolution is None:
                continue
            where = f"claim {resolution.claim.number} ({role.name})"
            if resolution.status == ResolutionStatus.FAILED:
                failed.append(f"{where}: {resolution.type} failed: {resolution.error}")
            elif resolution.status != ResolutionStatus.SUCCEEDED:
                self.say(f"The {resolution.type} of {where} is {resolution.status}.")
        if failed:
            raise DemoError("Resolutions that failed: " + "; ".join(failed))

    def play(self, role: Role, order: Any) -> str:
        line = self.claim_line(order)
        customer = order.user
        owner: dict = {}
        claim = self.call(
            "create",
            {
                "input": {
                    "order": gid("Order", order.pk),
                    "reason": "DEFECTIVE",
                    "description": "Demo: it stopped charging after a week.",
                    "preferredResolution": "REFUND",
                    "lines": [
                        {
                            "orderLine": gid("OrderLine", line.pk),
                            "quantity": 1,
                            "serialNumber": f"DEMO-{order.number}",
                            "declaredConditions": ["ORIGINAL_PACKAGING", "SEALS_INTACT"],
                        }
                    ],
                    **owner,
                }
            },
            customer,
        )["claim"]
        for step in role.steps:
            claim = self.step(step, claim, customer, owner)
        if claim["status"] != role.status:
            raise DemoError(f"{role.name}: the claim ended {claim['status']}, not {role.status}")
        return claim["number"]

    def step(self, step: str, claim: dict, customer: Any, owner: dict) -> dict:
        if step == "approve" and claim["status"] == "APPROVED":
            return claim  # the policy approved it on its own
        if step == "receive":
            lines = [
                {
                    "claimLine": line["id"],
                    "quantity": line["quantity"],
                    "conditions": ["ORIGINAL_PACKAGING", "SEALS_INTACT"],
                    "restock": False,
                }
                for line in claim["lines"]
            ]
            return self.call("receive", {"id": claim["id"], "lines": lines}, STAFF)["claim"]
        if step.startswith("resolve:"):
            kind = step.split(":", 1)[1]
            claim = self.call(
                "resolve",
                {"id": claim["id"], "input": {"type": kind, "note": "Demo"}},
                STAFF,
            )["claim"]
            # performed once the role's transaction commits (see `play`'s caller)
            if claim["resolution"]["status"] not in ("SUCCEEDED", "PENDING"):
                raise DemoError(f"{kind}: {claim['resolution']}")
            return claim
        if step == "cancel":
            return self.call("cancel", {"id": claim["id"], **owner}, customer)["claim"]
        if step == "expire":
            return self.expire(claim)
        return self.call(step, {"id": claim["id"]}, STAFF)["claim"]

    def expire(self, claim: dict) -> dict:
        """The goods never came: the approval is moved back past the policy's time for sending
        them, and the plugin's periodic clocks task (which beat runs) expires the claim."""
        from .models import Claim
        from .policies import parsed_policy
        from .tasks import claim_clocks_task

        record = Claim.objects.get(number=claim["number"])
        assert record.policy is not None  # every claim is judged by a policy version
        days = parsed_policy(record.policy).model.claims.goods_due_days
        Claim.objects.filter(pk=record.pk).update(
            decided_at=timezone.now() - timedelta(days=days + 1)
        )
        claim_clocks_task()
        record.refresh_from_db()
        return {**claim, "status": record.status}


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

    from .apps import WarrantyPluginConfig

    models = list(apps.get_app_config(WarrantyPluginConfig.label).get_models())
    models += [apps.get_model(name) for name in SALEOR_MODELS]
    return {model._meta.db_table: model._default_manager.count() for model in models}
