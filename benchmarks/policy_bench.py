"""Throughput of the policy engine: full line evaluations (every reason of a line) per second.

    PYTHONPATH=. python benchmarks/policy_bench.py [--lines 20000] [--repeat 3]

For each preset and order size (1, 10, 100 lines) it builds varied, realistic orders (seeded:
different dates, prices, product kinds, discounts, stock, warranty data, a claim on some
lines) and times ``evaluate_order`` over them on one core. It prints figures; it asserts
nothing (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from saleor_warranty_plugin.policy import (
    PRESETS,
    ClaimFacts,
    ClaimReason,
    EvidenceKind,
    ItemCondition,
    LineFacts,
    OrderFacts,
    evaluate_order,
    load_preset,
)

SLUGS = [None, "cell-phone-parts", "service-products", "repair-equipment", "cables",
         "laptops", "phones", "licenses", "modules", "accessories"]
DISCOUNTS = [frozenset(), frozenset(), frozenset(), frozenset({"sale"}), frozenset({"voucher"}),
             frozenset({"promotion"}), frozenset({"order_promotion"}), frozenset({"manual"})]
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def make_orders(
    rng: random.Random, size: int, count: int
) -> list[tuple[OrderFacts, list[LineFacts], dict[str, ClaimFacts]]]:
    orders = []
    for n in range(count):
        ordered = NOW - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
        shipped = ordered + timedelta(days=rng.randint(0, 4)) if rng.random() < 0.9 else None
        delivered = (
            shipped + timedelta(days=rng.randint(1, 12)) if shipped and rng.random() < 0.7 else None
        )
        order = OrderFacts(
            ordered_at=ordered,
            paid_at=ordered + timedelta(minutes=rng.randint(1, 90)),
            shipped_at=shipped,
            delivered_at=delivered,
            currency=rng.choice(["EUR", "EUR", "USD", "JPY", "KWD"]),
            shipping_paid=Decimal(rng.randint(0, 2000)) / 100,
            country=rng.choice([None, "DE", "PL", "US"]),
        )
        lines, claims = [], {}
        for i in range(size):
            slug = rng.choice(SLUGS)
            price = Decimal(rng.randint(100, 500_000)) / 100
            discounts = rng.choice(DISCOUNTS)
            physical = slug not in ("licenses", "modules")
            line = LineFacts(
                line_id=f"{n}-{i}",
                product_name="Product",
                quantity=rng.randint(1, 3),
                unit_price_paid=price * Decimal("0.8") if discounts else price,
                undiscounted_unit_price=price,
                discount_kinds=discounts,
                is_shipping_required=physical,
                product_type_slug=slug,
                category_slug=rng.choice([None, "electronics", slug]),
                warranty_months=rng.choice([None, None, 6, 12, 24, 36]),
                in_stock=rng.choice([None, True, False]),
                activated=not physical and rng.random() < 0.5,
            )
            lines.append(line)
            if rng.random() < 0.2:
                claims[line.line_id] = ClaimFacts(
                    reason=rng.choice(list(ClaimReason)),
                    declared_conditions=frozenset(
                        rng.sample(list(ItemCondition), rng.randint(0, 2))
                    ),
                    evidence=frozenset({EvidenceKind.DESCRIPTION}),
                    serial_number=rng.choice([None, "SN-1"]),
                )
        orders.append((order, lines, claims))
    return orders


def bench(preset_id: str, size: int, total_lines: int, repeat: int) -> float:
    policy = load_preset(preset_id)
    orders = make_orders(random.Random(f"{preset_id}-{size}"), size, max(total_lines // size, 1))
    lines = sum(len(o[1]) for o in orders)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for order, order_lines, claims in orders:
            evaluate_order(policy, order, order_lines, NOW, claims)
        best = min(best, time.perf_counter() - start)
    return lines / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000, help="lines per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    print(f"{'preset':22}{'1 line':>14}{'10 lines':>14}{'100 lines':>14}   (line evaluations/s)")
    rates = []
    for preset_id in PRESETS:
        row = [bench(preset_id, size, args.lines, args.repeat) for size in (1, 10, 100)]
        rates += row
        print(f"{preset_id:22}" + "".join(f"{rate:>14,.0f}" for rate in row))
    print(f"{'minimum':22}{min(rates):>14,.0f}   each line: every reason of the policy")


if __name__ == "__main__":
    main()
