"""The plugin's own data: policies per channel, facts snapshotted at purchase, claims.

Saleor's rows (orders, lines, fulfillments, payments) stay Saleor's; these tables point at them.
Nothing here writes `Claim.status` except `actions.py`, through the transition table.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .policy import (
    OPEN_CLAIM_STATUSES,
    ClaimReason,
    ClaimStatus,
    RefundStatus,
    ResolutionStatus,
    ResolutionType,
    Verdict,
)


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


class ReturnPolicy(models.Model):
    """One immutable version of a channel's policy; the highest version is in force."""

    channel = models.ForeignKey("channel.Channel", related_name="+", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    preset = models.CharField(max_length=64, blank=True, default="")
    document = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_by_app = models.ForeignKey(
        "app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "version"], name="warranty_policy_channel_version"
            )
        ]
        ordering = ["channel_id", "-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class OrderSnapshot(models.Model):
    """The policy version an order is judged by, taken when the order was placed.

    `lazy` marks orders placed before the plugin was installed: they are judged by the policy
    in force when first looked at, from the order's current data.
    """

    order = models.OneToOneField(
        "order.Order", related_name="warranty_snapshot", on_delete=models.CASCADE
    )
    policy = models.ForeignKey(
        ReturnPolicy, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    lazy = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)


class LineSnapshot(models.Model):
    """Facts of an order line that can change after purchase (sale flags, warranty...)."""

    order_line = models.OneToOneField(
        "order.OrderLine", related_name="warranty_snapshot", on_delete=models.CASCADE
    )
    facts = models.JSONField(default=dict)


class FulfillmentTimeline(models.Model):
    """When a fulfillment really shipped and, where known, was delivered."""

    fulfillment = models.OneToOneField(
        "order.Fulfillment", related_name="warranty_timeline", on_delete=models.CASCADE
    )
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_source = models.CharField(max_length=32, blank=True, default="")


class Claim(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=32, unique=True)
    order = models.ForeignKey(
        "order.Order", related_name="warranty_claims", on_delete=models.CASCADE
    )
    # Denormalised from the order so that lists filter and search without joins.
    channel = models.ForeignKey("channel.Channel", related_name="+", on_delete=models.CASCADE)
    order_number = models.IntegerField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="warranty_claims",
        on_delete=models.SET_NULL,
    )
    user_email = models.CharField(max_length=254, blank=True, default="", db_index=True)
    search_text = models.TextField(blank=True, default="")

    status = models.CharField(
        max_length=16, choices=_choices(ClaimStatus), default=ClaimStatus.PENDING.value
    )
    reason = models.CharField(max_length=32, choices=_choices(ClaimReason))
    description = models.TextField(blank=True, default="")
    preferred_resolution = models.CharField(
        max_length=16, choices=_choices(ResolutionType), blank=True, default=""
    )
    policy = models.ForeignKey(ReturnPolicy, null=True, blank=True, on_delete=models.PROTECT)
    policy_version = models.PositiveIntegerField(default=0)
    staff_initiated = models.BooleanField(default=False)
    native_return = models.ForeignKey(
        "order.Fulfillment", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_by_app = models.ForeignKey(
        "app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    override_policy = models.BooleanField(default=False)
    override_note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    overdue_noted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # diagnosis outside the shop: manufacturer, lab or service centre
    handed_to = models.CharField(max_length=24, blank=True, default="")
    external_reference = models.CharField(max_length=255, blank=True, default="")
    external_decision = models.CharField(max_length=24, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="warranty_claim_created"),
            models.Index(
                fields=["channel", "status", "-created_at", "-id"], name="warranty_claim_chan_stat"
            ),
            models.Index(fields=["order", "-created_at"], name="warranty_claim_order"),
            models.Index(fields=["status", "-created_at", "-id"], name="warranty_claim_status"),
            # by due date within a status; status counts with their overdue share read it alone
            models.Index(
                fields=["status", "due_at", "created_at", "id"], name="warranty_claim_stat_due"
            ),
            # the open claims by due date (the dashboard's queue)
            models.Index(
                fields=["due_at", "created_at", "id"],
                name="warranty_claim_open_due",
                condition=models.Q(status__in=sorted(s.value for s in OPEN_CLAIM_STATUSES)),
            ),
            GinIndex(
                fields=["search_text"], name="warranty_claim_search", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey("order.OrderLine", related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=32, choices=_choices(ClaimReason))
    verdict = models.CharField(max_length=16, choices=_choices(Verdict))
    findings = models.JSONField(default=list)
    serial_number = models.CharField(max_length=128, blank=True, default="")
    declared_conditions = models.JSONField(default=list)
    inspected_conditions = models.JSONField(null=True, blank=True)
    missing_accessories = models.JSONField(default=list)
    restock = models.BooleanField(default=False)
    restock_warehouse = models.ForeignKey(
        "warehouse.Warehouse", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    restocked_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="warranty_claim_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity_received__lte=F("quantity")),
                name="warranty_claim_line_received_le_quantity",
            ),
            models.UniqueConstraint(
                fields=["claim", "order_line"], name="warranty_claim_line_unique"
            ),
        ]
        indexes = [models.Index(fields=["order_line"], name="warranty_claimline_line")]


class ClaimEvent(models.Model):
    claim = models.ForeignKey(Claim, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(max_length=48)
    date = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    app = models.ForeignKey(
        "app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    message = models.TextField(blank=True, default="")
    parameters = models.JSONField(default=dict)

    class Meta:
        ordering = ["date", "pk"]


def evidence_path(instance: "ClaimEvidence", filename: str) -> str:
    return f"warranty/evidence/{instance.claim_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class ClaimEvidence(models.Model):
    claim = models.ForeignKey(Claim, related_name="evidence", on_delete=models.CASCADE)
    file = models.FileField(upload_to=evidence_path, max_length=255)
    kind = models.CharField(max_length=16)  # image | video | pdf
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]


class ClaimResolution(models.Model):
    """How a claim was settled and how far the money and goods have got.

    Created once per claim under the claim's row lock; each step records what it did before
    the next runs, so a retry (double click, Celery retry, crash) resumes instead of repeating.
    """

    claim = models.OneToOneField(Claim, related_name="resolution", on_delete=models.CASCADE)
    type = models.CharField(max_length=16, choices=_choices(ResolutionType))
    status = models.CharField(max_length=16, default=ResolutionStatus.PENDING.value)
    amount = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    fees = models.JSONField(default=list)  # the plan's lines: [{code, label, amount}]
    amount_overridden = models.BooleanField(default=False)
    note = models.TextField(blank=True, default="")
    refund_shipping = models.BooleanField(default=False)
    payment_path = models.CharField(
        max_length=16, blank=True, default=""
    )  # transaction legacy none
    payment = models.ForeignKey(
        "payment.Payment", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    gift_card = models.ForeignKey(
        "giftcard.GiftCard", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    replacement_order = models.ForeignKey(
        "order.Order", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    return_fulfillment = models.ForeignKey(
        "order.Fulfillment", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    exchange_variant = models.ForeignKey(
        "product.ProductVariant",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    # IN_REPAIR -> (QUOTED -> QUOTE_ACCEPTED | QUOTE_DECLINED) -> REPAIRED -> RETURNED
    repair_status = models.CharField(max_length=24, blank=True, default="")
    repair_quote = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    error = models.TextField(blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_by_app = models.ForeignKey(
        "app.App", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "updated_at"], name="warranty_resolution_status")]


class ClaimRefund(models.Model):
    """One money movement of a resolution: a granted refund on one transaction (split tender
    gives several), a legacy payment refund, or store credit. `key` is its idempotency key."""

    resolution = models.ForeignKey(
        ClaimResolution, related_name="refunds", on_delete=models.CASCADE
    )
    key = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=3)
    status = models.CharField(max_length=16, default=RefundStatus.PENDING.value)
    transaction_item = models.ForeignKey(
        "payment.TransactionItem",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    granted_refund = models.ForeignKey(
        "order.OrderGrantedRefund",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
