"""What the demo marks, and the two APIs it works through, in process with real tokens: the
plugin's (`DemoApi.call`) and Saleor's own (`DemoApi.saleor`)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.test import RequestFactory

if TYPE_CHECKING:  # typing only
    from ..config import WarrantyConfig

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


class DemoApi:
    """The demo's calls: as a customer (a real access token), a guest, or the demo app."""

    #: the app staff decisions are made as, and the plugin's configuration (set by the run)
    app: Any
    config: "WarrantyConfig"

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

        from ..graphql.auth import Requestor, authenticate
        from ..graphql.view import execute

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
