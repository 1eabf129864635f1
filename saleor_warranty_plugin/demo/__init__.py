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

from .api import (
    DEMO_KEY,
    DUMMY_GATEWAY,
    GUEST,
    GUEST_EMAIL,
    ORDER_KEY,
    DemoError,
)
from .claims import ROLES, Demo, Role
from .report import row_counts, where_to_look

__all__ = [
    "DEMO_KEY",
    "DUMMY_GATEWAY",
    "GUEST",
    "GUEST_EMAIL",
    "ORDER_KEY",
    "ROLES",
    "Demo",
    "DemoError",
    "Role",
    "row_counts",
    "where_to_look",
]
