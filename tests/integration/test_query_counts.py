"""orderReturnEligibility reads an order in a small, constant number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .fixtures import data_of
from .helpers import ELIGIBILITY, gid, set_policy
from .orders import order_with_n_lines

pytestmark = pytest.mark.compare_executors(False)  # counts SQL queries

MAX_QUERIES = 8


def _queries(client, order) -> list[str]:
    variables = {"order": gid("Order", order.pk)}
    with CaptureQueriesContext(connection) as captured:
        data = data_of(client.post_graphql(ELIGIBILITY, variables))
    assert len(data["orderReturnEligibility"]["lines"]) == order.lines.count()
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]


def test_eligibility_query_count_is_constant_and_bounded(
    customer_warranty_client, order_with_lines, channel_USD
):
    # given one order grown from 1 to 200 lines, asked about by its customer
    set_policy(channel_USD, "repair-parts-shop")
    order = order_with_lines
    customer_warranty_client.post_graphql(
        ELIGIBILITY, {"order": gid("Order", order.pk)}
    )  # warm caches (policy parse)
    counts = {}
    for size in (1, 10, 50, 200):
        order = order_with_n_lines(order, size)
        # when eligibility is asked for
        queries = _queries(customer_warranty_client, order)
        # then the same few reads, whatever the size. Saleor's own: plugin configuration,
        # user, site, settings; the plugin's: the order with its snapshot, the lines with
        # discounts, claims, stock and attributes, the fulfillment lines, the policy.
        assert len(queries) <= MAX_QUERIES, "\n".join(q[:120] for q in queries)
        counts[size] = len(queries)
    assert len(set(counts.values())) == 1, counts


def test_eligibility_of_a_snapshotted_order_reads_no_more(
    customer_warranty_client, order_with_lines, channel_USD
):
    # given an order placed with the plugin active: its snapshot names the policy
    from saleor_warranty_plugin.policies import snapshot_order

    set_policy(channel_USD, "repair-parts-shop")
    order = order_with_n_lines(order_with_lines, 20)
    snapshot_order(order)
    customer_warranty_client.post_graphql(ELIGIBILITY, {"order": gid("Order", order.pk)})
    # when eligibility is asked for, then the policy comes with the order's snapshot
    assert len(_queries(customer_warranty_client, order)) <= MAX_QUERIES - 1


def test_a_refund_through_the_api_makes_one_plugins_manager(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD, monkeypatch
):
    # given a received claim on a legacy payment
    import saleor.plugins.manager as saleor_managers

    from .resolution_helpers import received_claim, resolve

    policy = set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    made = []
    real = saleor_managers.get_plugins_manager

    def counted(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(saleor_managers, "get_plugins_manager", counted)
    # when staff resolve it by refund (Saleor's return-with-refund, two notifications)
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    # then it is done with one manager made by the plugin (Saleor's own URL routing makes
    # its own before the plugin is reached)
    assert payload["claim"]["resolution"]["status"] == "SUCCEEDED"
    assert len(made) == 1
