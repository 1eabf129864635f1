"""Reads compiled once (`compiled.CompiledRead`) give the objects the queryset gives: every
concrete field of the row and of each model read with it, which related objects are
absent, the annotations, the row lock."""

import uuid

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from saleor_warranty_plugin import access, actions
from saleor_warranty_plugin.policies import snapshot_order

from .helpers import set_policy
from .resolution_helpers import first_line, received_claim, with_photo

ORDER_RELATED = ("channel", "shipping_address", "billing_address", "warranty_snapshot")


def _fields(obj):
    if obj is None:
        return None
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return type(obj).__name__, values, obj._state.db, obj._state.adding


def _related(obj, name):
    """(is it read with the object, its fields) - an absent one answers as Django's would."""
    field = obj._meta.get_field(name)
    cached = field.is_cached(obj)
    try:
        value = getattr(obj, name)
    except field.related_model.DoesNotExist:
        value = "does not exist"
    return cached, value if isinstance(value, str) else _fields(value)


def _same(compiled, queried, related, annotations=()):
    assert _fields(compiled) == _fields(queried)
    for name in related:
        assert _related(compiled, name) == _related(queried, name), name
    for name in annotations:
        assert getattr(compiled, name) == getattr(queried, name), name


@pytest.mark.parametrize("addresses", [True, False])
@pytest.mark.parametrize("snapshot", [True, False])
def test_an_order_reads_as_the_queryset_reads_it(
    order_with_lines, channel_USD, addresses, snapshot
):
    set_policy(channel_USD, "electronics-store")
    order = order_with_lines
    if not addresses:
        order.shipping_address = order.billing_address = None
        order.save(update_fields=["shipping_address", "billing_address"])
    if snapshot:
        snapshot_order(order)
    for lock, compiled in ((False, access._ORDER), (True, access._LOCKED_ORDER)):
        with transaction.atomic():
            queried = access._orders(order.pk, lock=lock).first()
            with CaptureQueriesContext(connection) as captured:
                found = compiled.first(order.pk)
            _same(found, queried, ORDER_RELATED)
            if snapshot:
                assert found.warranty_snapshot.policy is not None
            assert len(captured.captured_queries) == 1
            assert (" FOR UPDATE" in captured.captured_queries[0]["sql"]) == lock


def test_a_missing_or_draft_order_is_none(order_with_lines):
    assert access._ORDER.first(uuid.uuid4()) is None
    order_with_lines.status = "draft"
    order_with_lines.save(update_fields=["status"])
    assert access._ORDER.first(order_with_lines.pk) is None


def test_a_lock_outside_a_transaction_is_refused_as_django_refuses_it(order_with_lines):
    # as if in autocommit (the test's own transaction is not the point here)
    connection.in_atomic_block = False
    try:
        with pytest.raises(TransactionManagementError):
            access._LOCKED_ORDER.first(order_with_lines.pk)
    finally:
        connection.in_atomic_block = True


@pytest.mark.parametrize("photo", [True, False])
def test_a_claim_to_resolve_reads_as_the_queryset_reads_it(
    fulfilled_order, payment_txn_captured, channel_USD, photo
):
    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)], photo=False)
    if photo:
        with_photo(claim)
    with transaction.atomic():
        queried = actions._locked_for_resolving(claim.pk).first()
        found = actions._LOCKED_FOR_RESOLVING.first(claim.pk)
    _same(found, queried, ("order", "policy"), ("charged_transactions", "file_kinds"))
    _same(found.order, queried.order, ("channel",))
    assert found.file_kinds == (["image"] if photo else [])
    assert actions._LOCKED_FOR_RESOLVING.first(uuid.uuid4()) is None


@pytest.mark.parametrize("with_claim", [True, False])
def test_a_resolution_to_perform_reads_as_the_queryset_reads_it(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD, with_claim
):
    from saleor_warranty_plugin.resolutions import performing

    from .resolution_helpers import resolve

    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    resolve(staff_warranty_client, claim, type="REFUND")
    resolution = claim.resolution.__class__.objects.get(claim=claim)
    compiled = performing._RESOLUTION_WITH_CLAIM if with_claim else performing._RESOLUTION_ALONE
    with transaction.atomic():
        queried = performing._locked_resolution(resolution.pk, with_claim=with_claim).first()
        found = compiled.first(resolution.pk)
    related = ("payment", "claim") if with_claim else ("payment",)
    _same(found, queried, related)
    assert found.payment_id == payment_txn_captured.pk
    if with_claim:
        _same(found.claim, queried.claim, ("order",))
        _same(found.claim.order, queried.claim.order, ("channel",))
    else:
        assert not type(found).claim.field.is_cached(found)
