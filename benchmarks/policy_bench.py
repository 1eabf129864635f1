"""Throughput of the policy engine: full line evaluations (every reason of a line) per second.

    PYTHONPATH=. python benchmarks/policy_bench.py [--lines 20000] [--repeat 3]

For each preset and order size (1, 10, 100 lines) it builds varied orders (seeded): order,
payment, shipment and delivery dates spread over 400 days, currencies, countries; lines drawn
from a catalogue of 1,000 products (price, product type/category, discount kinds, warranty
months, physical or not), quantities, stock; a claim (random reason, conditions, evidence,
serial) on 20% of the lines. It times ``evaluate_order`` over them on one core, best of
``--repeat`` runs.

Every reason of every line is judged: no option is kept from one line for another. What is
kept is compilation and facts: the policy's rules; per product kind the exclusions it
matches, its warranty term and each reason's plan (the rules the product and the line's
yes/no facts decide, run once, and what each outcome of the dated rules makes of the
option); per set of order dates the reasons' deadlines (so repeats after the first run find
them); per price and currency a reason's refund estimate; the texts of findings. Per line
run the rules that read its dates (window, shipment, warranty's end) and, for the reason
of a claim, every rule and the claim's own checks.

There used to be a second, "warm" table with an option memo on (options kept by the
rules' declared inputs). Once options were finished from plans it cost more than it saved
(about 0.6x the figures here) and it was removed.

Times are CPU seconds of this process (``time.process_time``), so other work on the
machine slows the figures less than wall-clock time would; on a busy machine they are
still lower than on an idle one. It prints figures and asserts nothing.
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

SLUGS = [
    None,
    "cell-phone-parts",
    "service-products",
    "repair-equipment",
    "cables",
    "laptops",
    "phones",
    "licenses",
    "modules",
    "accessories",
]
DISCOUNTS = [
    frozenset(),
    frozenset(),
    frozenset(),
    frozenset({"sale"}),
    frozenset({"voucher"}),
    frozenset({"promotion"}),
    frozenset({"order_promotion"}),
    frozenset({"manual"}),
]
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def make_catalogue(rng: random.Random, size: int = 1000) -> list[dict[str, object]]:
    products = []
    for _ in range(size):
        slug = rng.choice(SLUGS)
        price = Decimal(rng.randint(100, 500_000)) / 100
        discounts = rng.choice(DISCOUNTS)
        products.append(
            {
                "unit_price_paid": (price * Decimal("0.8")).quantize(Decimal("0.01"))
                if discounts
                else price,
                "undiscounted_unit_price": price,
                "discount_kinds": discounts,
                "is_shipping_required": slug not in ("licenses", "modules"),
                "product_type_slug": slug,
                "category_slug": rng.choice([None, "electronics", slug]),
                "warranty_months": rng.choice([None, None, 6, 12, 24, 36]),
            }
        )
    return products


def make_orders(
    rng: random.Random, size: int, count: int
) -> list[tuple[OrderFacts, list[LineFacts], dict[str, ClaimFacts]]]:
    catalogue = make_catalogue(rng)
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
            product = rng.choice(catalogue)
            physical = bool(product["is_shipping_required"])
            line = LineFacts(
                line_id=f"{n}-{i}",
                product_name="Product",
                quantity=rng.randint(1, 3),
                in_stock=rng.choice([None, True, False]),
                activated=not physical and rng.random() < 0.5,
                **product,  # type: ignore[arg-type]
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
        start = time.process_time()
        for order, order_lines, claims in orders:
            evaluate_order(policy, order, order_lines, NOW, claims)
        best = min(best, time.process_time() - start)
    return lines / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000, help="lines per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    print(f"{'':28}{'1 line':>10}{'10 lines':>10}{'100 lines':>10}   line evaluations/s")
    rates = []
    for preset_id in PRESETS:
        row = [bench(preset_id, size, args.lines, args.repeat) for size in (1, 10, 100)]
        rates += row
        print(f"  {preset_id:26}" + "".join(f"{rate:>10,.0f}" for rate in row))
    print(f"  {'minimum':26}{min(rates):>10,.0f}\n")
    print("(CPU time of one process on one core, best of --repeat runs)")


if __name__ == "__main__":
    main()
