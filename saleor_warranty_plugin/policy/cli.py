"""``saleor-warranty-policy``: validate, explain and try out policies from the command line.

    saleor-warranty-policy presets
    saleor-warranty-policy schema
    saleor-warranty-policy validate FILE|PRESET_ID
    saleor-warranty-policy explain FILE|PRESET_ID
    saleor-warranty-policy simulate FILE|PRESET_ID --reason DEFECTIVE --ordered 2025-01-10 \\
        --shipped 2025-01-11 --now 2025-02-01 --price 100.00 --currency EUR

Dates are ISO 8601 (a date, or a date-time; without an offset UTC is assumed). Exit codes:
0 success, 1 invalid policy or ineligible claim (simulate), 2 wrong usage or input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .enums import ClaimReason, EvidenceKind, ItemCondition, ResolutionType, Verdict
from .evaluate import evaluate_line
from .facts import DISCOUNT_KINDS, ClaimFacts, LineFacts, OrderFacts, RefundPlan
from .policy import Policy, PolicyError, parse_policy, policy_json_schema
from .presets import PRESETS, load_preset
from .refunds import RefundNotAllowed, plan_refund
from .summary import summarize


class UsageError(Exception):
    """Wrong input: reported on stderr with exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage and the error
        return exc.code if isinstance(exc.code, int) else 2
    try:
        result: int = args.handler(args)
        return result
    except UsageError as exc:
        print(f"saleor-warranty-policy: error: {exc}", file=sys.stderr)
        return 2
    except PolicyError as exc:
        print(f"{args.source}: invalid policy", file=sys.stderr)
        for issue in exc.errors:
            print(f"  {issue}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saleor-warranty-policy",
        description="Validate, explain and simulate return and warranty policies.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    presets = commands.add_parser("presets", help="list the bundled presets")
    presets.set_defaults(handler=_cmd_presets)
    schema = commands.add_parser("schema", help="print the JSON Schema of policy documents")
    schema.set_defaults(handler=_cmd_schema)

    source_help = "a policy file (YAML or JSON) or a preset id"
    validate = commands.add_parser("validate", help="check a policy, listing every error")
    validate.add_argument("source", help=source_help)
    validate.set_defaults(handler=_cmd_validate)
    explain = commands.add_parser("explain", help="print a plain-language summary")
    explain.add_argument("source", help=source_help)
    explain.set_defaults(handler=_cmd_explain)

    sim = commands.add_parser("simulate", help="judge a claim on one order line")
    sim.add_argument("source", help=source_help)
    sim.add_argument("--reason", required=True, choices=[r.value for r in ClaimReason])
    sim.add_argument("--ordered", required=True, metavar="DATE")
    sim.add_argument("--paid", metavar="DATE")
    sim.add_argument("--shipped", metavar="DATE")
    sim.add_argument("--delivered", metavar="DATE")
    sim.add_argument("--received", metavar="DATE", help="goods received back")
    sim.add_argument("--now", metavar="DATE", help="moment of the claim (default: now)")
    sim.add_argument("--price", required=True, help="unit price actually paid")
    sim.add_argument("--list-price", help="undiscounted unit price (default: --price)")
    sim.add_argument("--currency", default="EUR")
    sim.add_argument("--quantity", type=int, default=1, help="units bought")
    sim.add_argument("--claim-quantity", type=int, default=1)
    sim.add_argument("--product-name", default="Product")
    sim.add_argument("--product-type", metavar="SLUG")
    sim.add_argument("--category", metavar="SLUG")
    sim.add_argument("--product", metavar="SLUG")
    sim.add_argument("--warranty-months", type=int)
    sim.add_argument("--on-sale", action="store_true", help="same as --discount sale")
    sim.add_argument("--discount", action="append", default=[], choices=sorted(DISCOUNT_KINDS))
    sim.add_argument("--non-physical", action="store_true", help="product is not shipped")
    sim.add_argument("--gift-card", action="store_true")
    sim.add_argument("--activated", action="store_true")
    sim.add_argument("--out-of-stock", action="store_true")
    sim.add_argument(
        "--condition",
        action="append",
        default=[],
        choices=[c.value for c in ItemCondition],
        help="declared condition",
    )
    sim.add_argument(
        "--inspected",
        action="append",
        choices=[c.value for c in ItemCondition],
        help="condition found at inspection",
    )
    sim.add_argument(
        "--evidence", action="append", default=[], choices=[e.value for e in EvidenceKind]
    )
    sim.add_argument("--serial")
    sim.add_argument("--missing-accessory", action="append", default=[])
    sim.add_argument("--prefer", choices=[r.value for r in ResolutionType])
    sim.add_argument("--country", help="order country (public holidays)")
    sim.add_argument("--shipping-paid", default="0")
    sim.add_argument("--return-shipping-cost")
    sim.add_argument(
        "--transit-days",
        type=int,
        default=7,
        help="transit allowance when the delivery date is unknown",
    )
    sim.add_argument("--store-credit", action="store_true", help="refund as store credit")
    sim.add_argument("--json", action="store_true", help="machine-readable output")
    sim.set_defaults(handler=_cmd_simulate)
    return parser


def _load(source: str) -> Policy:
    if source in PRESETS:
        return load_preset(source)
    path = Path(source)
    if not path.is_file():
        known = ", ".join(PRESETS)
        raise UsageError(f"{source}: no such file or preset (presets: {known})")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{source}: cannot read: {exc}") from None
    return parse_policy(text)


def _cmd_presets(args: argparse.Namespace) -> int:
    for info in PRESETS.values():
        print(f"{info.id:20} {info.name}\n{'':20} {info.description}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(policy_json_schema(), indent=2, sort_keys=True))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    policy = _load(args.source)
    print(f"{args.source}: valid ({policy.name}, schema version {policy.version})")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    print(summarize(_load(args.source)))
    return 0


def _moment(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--{name}: not an ISO date: {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _money(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise UsageError(f"--{name}: not an amount: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise UsageError(f"--{name}: must be a non-negative amount")
    return amount


def _cmd_simulate(args: argparse.Namespace) -> int:
    policy = _load(args.source)
    reason = ClaimReason(args.reason)
    if reason not in policy.reasons:
        raise UsageError(f"the policy does not know the reason {reason}")
    ordered = _moment(args.ordered, "ordered")
    assert ordered is not None
    now = _moment(args.now, "now") or datetime.now(UTC)
    price = _money(args.price, "price")
    assert price is not None
    try:
        order = OrderFacts(
            ordered_at=ordered,
            paid_at=_moment(args.paid, "paid"),
            shipped_at=_moment(args.shipped, "shipped"),
            delivered_at=_moment(args.delivered, "delivered"),
            currency=args.currency.upper(),
            shipping_paid=_money(args.shipping_paid, "shipping-paid") or Decimal(0),
            country=args.country,
            transit_allowance_days=args.transit_days,
        )
        line = LineFacts(
            line_id="line-1",
            product_name=args.product_name,
            quantity=args.quantity,
            unit_price_paid=price,
            undiscounted_unit_price=_money(args.list_price, "list-price") or price,
            discount_kinds=frozenset(args.discount) | ({"sale"} if args.on_sale else set()),
            is_shipping_required=not (args.non_physical or args.gift_card),
            is_gift_card=args.gift_card,
            product_type_slug=args.product_type,
            category_slug=args.category,
            product_slug=args.product,
            warranty_months=args.warranty_months,
            in_stock=False if args.out_of_stock else None,
            activated=args.activated,
        )
        claim = ClaimFacts(
            reason=reason,
            quantity=args.claim_quantity,
            declared_conditions=frozenset(ItemCondition(c) for c in args.condition),
            inspected_conditions=(
                None
                if args.inspected is None
                else frozenset(ItemCondition(c) for c in args.inspected)
            ),
            evidence=frozenset(EvidenceKind(e) for e in args.evidence),
            serial_number=args.serial,
            missing_accessories=tuple(args.missing_accessory),
            received_at=_moment(args.received, "received"),
            preferred_resolution=ResolutionType(args.prefer) if args.prefer else None,
            return_shipping_cost=_money(args.return_shipping_cost, "return-shipping-cost"),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    option = evaluate_line(policy, order, line, now, claim, reasons=[reason]).options[0]
    plan = None
    if option.refund is not None:
        try:
            plan = plan_refund(policy, order, line, claim, now, to_store_credit=args.store_credit)
        except RefundNotAllowed as exc:
            raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(_as_json(option, plan), indent=2))
    else:
        _print_option(policy, option, plan)
    return 1 if option.verdict is Verdict.INELIGIBLE else 0


def _plan_json(plan: RefundPlan) -> dict[str, Any]:
    return {
        "currency": plan.currency,
        "items": [{"code": i.code, "label": i.label, "amount": str(i.amount)} for i in plan.items],
        "total": str(plan.total),
        "store_credit_allowed": plan.store_credit_allowed,
        "original_payment_allowed": plan.original_payment_allowed,
        "due_at": plan.due_at.isoformat() if plan.due_at else None,
        "return_shipping_paid_by": plan.return_shipping_paid_by,
    }


def _as_json(option: Any, plan: RefundPlan | None) -> dict[str, Any]:
    return {
        "reason": option.reason,
        "verdict": option.verdict,
        "findings": [{"code": f.code, "message": f.message} for f in option.findings],
        "deadline": option.deadline.isoformat() if option.deadline else None,
        "resolutions": list(option.resolutions),
        "required_evidence": list(option.required_evidence),
        "evidence_choices": [list(group) for group in option.evidence_choices],
        "decided_by": option.decided_by,
        "needs_inspection": option.needs_inspection,
        "paid_repair": option.paid_repair,
        "return_shipping_paid_by": option.return_shipping_paid_by,
        "refund": _plan_json(plan) if plan else None,
    }


def _print_option(policy: Policy, option: Any, plan: RefundPlan | None) -> None:
    print(f"Policy:      {policy.name}")
    print(f"Reason:      {option.reason}")
    print(f"Verdict:     {option.verdict}")
    for finding in option.findings:
        print(f"  - {finding.code}: {finding.message}")
    print(f"Deadline:    {option.deadline.isoformat() if option.deadline else '-'}")
    print(
        f"Resolutions: {', '.join(option.resolutions) or '-'}"
        + ("  (paid repair)" if option.paid_repair else "")
    )
    evidence = list(option.required_evidence) + [" or ".join(g) for g in option.evidence_choices]
    print(f"Evidence:    {', '.join(evidence) or '-'}")
    print(
        f"Decided by:  {option.decided_by}"
        + (" after inspection" if option.needs_inspection else "")
    )
    print(f"Return shipping paid by: {option.return_shipping_paid_by}")
    if plan is not None:
        print(f"Refund plan ({plan.currency}):")
        for item in plan.items:
            print(f"  {item.code:20} {item.amount:>12}  {item.label}")
        print(f"  {'TOTAL':20} {plan.total:>12}")
        destinations = [
            name
            for name, ok in (
                ("original payment", plan.original_payment_allowed),
                ("store credit", plan.store_credit_allowed),
            )
            if ok
        ]
        print(f"  to: {' or '.join(destinations) or '-'}")
        if plan.due_at is not None:
            print(f"  due by: {plan.due_at.isoformat()}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
