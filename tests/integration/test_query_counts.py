"""orderReturnEligibility reads an order in a constant number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .fixtures import data_of
from .helpers import ELIGIBILITY, gid, set_policy
from .orders import order_with_n_lines


@pytest.mark.parametrize("size", [1, 10, 50])
def test_eligibility_query_count_is_constant(
    size, customer_warranty_client, order_with_lines, channel_USD
):
    set_policy(channel_USD, "repair-parts-shop")
    order = order_with_n_lines(order_with_lines, size)
    variables = {"order": gid("Order", order.pk)}
    customer_warranty_client.post_graphql(ELIGIBILITY, variables)  # warm caches (policy parse)
    with CaptureQueriesContext(connection) as captured:
        data = data_of(customer_warranty_client.post_graphql(ELIGIBILITY, variables))
    assert len(data["orderReturnEligibility"]["lines"]) == size
    queries = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]
    # the same fixed set of reads whatever the size. Saleor's own: plugin configuration,
    # user, site, settings; the plugin's: order, lines, discounts, fulfillments, fulfillment
    # lines, claimed quantities, stock, warranty attributes, order snapshot, policy.
    assert len(queries) <= 14, "\n".join(q[:120] for q in queries)
    _COUNTS[size] = len(queries)
    if len(_COUNTS) == 3:
        assert len(set(_COUNTS.values())) == 1, _COUNTS


_COUNTS: dict[int, int] = {}
