"""Policies per channel: immutable versions, the version in force, the version an order is
judged by, and parsed policies cached by version (a version never changes once written)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from .models import LineSnapshot, OrderSnapshot, ReturnPolicy
from .policy import Policy, load_preset, parse_policy, preset_document

_COMPILED: dict[tuple[int, int], Policy] = {}  # by (pk, version): a version never changes
_MAX_COMPILED = 1024


def parsed_policy(record: ReturnPolicy) -> Policy:
    """The compiled policy of a stored version (cached: versions are immutable). A preset
    stored unchanged is the preset's own compiled policy."""
    key = (record.pk, record.version)
    found = _COMPILED.get(key)
    if found is None:
        if record.preset and record.document == preset_document(record.preset):
            found = load_preset(record.preset)
        else:
            found = parse_policy(record.document)
        if len(_COMPILED) < _MAX_COMPILED:
            _COMPILED[key] = found
    return found


def current_policy(channel_id: int) -> ReturnPolicy | None:
    return ReturnPolicy.objects.filter(channel_id=channel_id).order_by("-version").first()


def set_policy(
    channel: Any, document: dict, *, preset: str = "", user=None, app=None
) -> ReturnPolicy:
    """Store `document` (already validated) as the channel's next version."""
    name = str(document.get("name") or preset or "Return policy")[:255]
    for _attempt in range(3):
        try:
            with transaction.atomic():
                latest = ReturnPolicy.objects.filter(channel=channel).aggregate(v=Max("version"))[
                    "v"
                ]
                return ReturnPolicy.objects.create(
                    channel=channel,
                    version=(latest or 0) + 1,
                    name=name,
                    preset=preset,
                    document=document,
                    created_by=user,
                    created_by_app=app,
                )
        except IntegrityError:  # another version was written at the same moment
            continue
    raise RuntimeError("Could not store the policy version; try again.")


def policy_for_order(
    order: Any, snapshot: OrderSnapshot | None
) -> tuple[ReturnPolicy | None, bool]:
    """(policy version, judged_lazily) for an order.

    The version in force when the order was placed, from its snapshot; an order placed before
    the plugin (or before the channel had a policy) is judged by the version in force now.
    """
    if snapshot is not None and snapshot.policy_id is not None:
        return snapshot.policy, snapshot.lazy
    return current_policy(order.channel_id), True


def required_policy(order: Any, ctx: Any) -> tuple[ReturnPolicy, Policy, bool]:
    """(version, compiled policy, judged lazily) for an order; POLICY_NOT_SET without one."""
    from .error_codes import ClaimError, ClaimErrorCode

    record, lazy = policy_for_order(order, ctx.snapshot)
    if record is None:
        raise ClaimError(
            ClaimErrorCode.POLICY_NOT_SET,
            "This shop has not set a return policy for the order's channel.",
            field="order",
        )
    return record, parsed_policy(record), lazy


def snapshot_order(order: Any) -> OrderSnapshot:
    """Record the policy in force and each line's changeable facts at purchase (idempotent)."""
    from .facts import attribute_months_by_product, line_snapshot_facts, load_order_lines

    existing = OrderSnapshot.objects.filter(order_id=order.pk).first()
    if existing is not None:
        return existing
    lines = load_order_lines(order)
    months = attribute_months_by_product(lines)
    with transaction.atomic():
        snapshot, created = OrderSnapshot.objects.get_or_create(
            order_id=order.pk, defaults={"policy": current_policy(order.channel_id)}
        )
        if created:
            LineSnapshot.objects.bulk_create(
                [
                    LineSnapshot(order_line=line, facts=line_snapshot_facts(line, months))
                    for line in lines
                ],
                ignore_conflicts=True,
            )
    return snapshot
