"""`python manage.py warranty_demo`: the plugin at work on a Saleor with its sample data.

On a database filled by Saleor's `populatedb`, it switches the plugin on, sets a preset policy on
each channel, stamps ship and delivery dates on the sample fulfillments, and opens claims in
every state through the plugin's own GraphQL API (customers claim and cancel with their real
access tokens; a "Warranty demo" app decides, receives and resolves as staff would): a refund paid
through the dummy gateway, a store credit, a replacement, a rejected, a cancelled and an expired
claim, and claims waiting at each step.

It is idempotent: what it made is recorded on the orders' private metadata (`warranty.demo`),
and a second run finds everything in place and changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

DEMO_KEY = "warranty.demo"
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


class DemoError(Exception):
    pass


def default_channel() -> str:
    """The channel populatedb fills (Saleor's DEFAULT_CHANNEL_SLUG)."""
    return getattr(settings, "DEFAULT_CHANNEL_SLUG", "default-channel")


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

    # -- the steps ------------------------------------------------------------------------------

    def run(self) -> dict:
        self.activate_plugin()
        self.app = self.demo_app()
        self.set_policies()
        self.stamp_dates()
        made = self.open_claims()
        return made

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

    def candidates(self) -> list[Any]:
        """Paid, shipped sample orders of customers with an account (the claims' preset requires
        one) in the default channel, with a line that can be claimed, not used by the demo yet."""
        from saleor.order.models import Order

        orders = (
            Order.objects.filter(
                channel__slug=default_channel(),
                status__in=["fulfilled", "partially fulfilled"],
            )
            .exclude(private_metadata__has_key=DEMO_KEY)
            .exclude(user=None)
            .filter(Q(payments__charge_status="fully-charged") | Q(charge_status="full"))
            .distinct()
            .order_by("number")
        )
        return [order for order in orders if self.claim_line(order) is not None]

    @staticmethod
    def claim_line(order: Any) -> Any:
        return (
            order.lines.filter(
                quantity_fulfilled__gte=1, is_shipping_required=True, is_gift_card=False
            )
            .order_by("created_at", "pk")
            .first()
        )

    def open_claims(self) -> dict:
        from saleor.order.models import Order

        done = {
            order.get_value_from_private_metadata(DEMO_KEY): order
            for order in Order.objects.filter(private_metadata__has_key=DEMO_KEY)
        }
        todo = [role for role in ROLES if role.name not in done]
        orders = self.candidates()
        if len(orders) < len(todo):
            raise DemoError(
                f"{len(todo)} paid and shipped orders needed in {default_channel()}, "
                f"{len(orders)} found: run populatedb (again) for more sample orders."
            )
        for role, order in zip(todo, orders, strict=False):
            with transaction.atomic():
                number = self.play(role, order)
                order.store_value_in_private_metadata({DEMO_KEY: role.name})
                order.save(update_fields=["private_metadata"])
            done[role.name] = order
            self.changes += 1
            self.say(f"Claim {number} ({role.name}) on order #{order.number}.")
        return done

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


def where_to_look(made: dict, api_url: str, dashboard_url: str) -> str:
    """The closing message: where to see what the demo made."""
    from saleor.order.models import Order

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
    # a guest's shipped order, outside the default channel where it can (its preset needs
    # no account), for the portal and the API
    guests = Order.objects.filter(user=None, status__in=["fulfilled", "partially fulfilled"])
    guest = (
        guests.exclude(channel__slug=default_channel()).order_by("number").first()
        or guests.order_by("number").first()
    )
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
