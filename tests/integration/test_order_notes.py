"""`events.order_note` writes the rows Saleor's `order_note_added_event` writes: the order's
note, and the customer's own event when the note is the customer's."""

import pytest
from saleor.account.models import CustomerEvent
from saleor.order.events import order_note_added_event
from saleor.order.models import OrderEvent

from saleor_warranty_plugin.events import order_note


def _rows(order):
    notes = [
        (e.type, e.parameters, e.user_id, e.app_id)
        for e in OrderEvent.objects.filter(order=order).order_by("pk")
    ]
    customer = [
        (e.type, e.parameters, e.user_id, e.order_id)
        for e in CustomerEvent.objects.filter(order=order).order_by("pk")
    ]
    return notes, customer


@pytest.mark.parametrize("who", ["customer", "staff", "app", "nobody"])
def test_order_note_writes_what_saleor_writes(who, order, customer_user, staff_user, app):
    order.user = customer_user
    order.save(update_fields=["user"])
    user = {"customer": customer_user, "staff": staff_user}.get(who)
    author = {"user": user, "app": app if who == "app" else None}
    OrderEvent.objects.filter(order=order).delete()
    order_note_added_event(order=order, message="from Saleor", **author)
    saleor_rows = _rows(order)
    OrderEvent.objects.filter(order=order).delete()
    CustomerEvent.objects.filter(order=order).delete()
    order_note(order, author["user"], author["app"], "from Saleor")
    assert _rows(order) == saleor_rows
    assert bool(saleor_rows[1]) is (who == "customer")  # the customer's own event, theirs only
