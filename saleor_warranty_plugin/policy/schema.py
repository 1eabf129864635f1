"""The policy document (schema version 1): pydantic models, validated, extra fields forbidden.

A document is YAML or JSON. Its shape, top-down::

    version: 1                     # schema version of the document
    name: str
    description: str
    calendar: {country, subdivision, extra_holidays: [date], weekend: [0-6]}
    product_groups: {<slug>: {slugs: [type-or-category slug], products: [product slug]}}
    warranty: {period: Window, product_months, paid_repair_after_expiry,
               overrides: [{match: Matcher, period, product_months, paid_repair_after_expiry}]}
    exclusions: [{when: Matcher, reasons, except_reasons, removes, code, message, shop_default}]
    refund: {methods, fees: [{code, label, percent, only_before_dispatch}],
             accessory_charges: {default_amount | default_percent, amounts: {name: amount}},
             store_credit: {bonus_percent, expiry_days}}
    claims: {goods_due_days, reminder_after_days, require_account}
    reasons: {<ClaimReason>: Reason}

A ``Window`` is a leaf ``{anchor, days | working_days | months, exclude_transit}`` or a
combinator ``{all_of: [Window]}`` (every window must still be open: the earliest deadline) /
``{any_of: [Window]}`` (one open window suffices: the latest deadline).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .enums import (
    Anchor,
    ClaimReason,
    Decider,
    DiscountKind,
    EvidenceKind,
    ItemCondition,
    Payer,
    RefundMethods,
    ResolutionType,
)

SCHEMA_VERSION = 1

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=100)]
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=64)]
Text = Annotated[str, Field(max_length=2000)]
PositiveInt = Annotated[int, Field(gt=0, le=36500)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def _shop_default() -> Text | None:
    return Field(
        default=None,
        description="Marks a rule the shop's written policy does not state: why the shop "
        "chose it. Shown as a shop default by explain and in the summary.",
    )


class Window(_Model):
    """A claim window: a leaf (anchor + one length) or a combinator (all_of / any_of)."""

    anchor: Anchor | None = Field(default=None, description="Moment the window counts from.")
    days: PositiveInt | None = Field(default=None, description="Calendar days.")
    working_days: PositiveInt | None = Field(
        default=None, description="Working days: not weekend, not a public holiday of the calendar."
    )
    months: PositiveInt | None = Field(default=None, description="Calendar months.")
    exclude_transit: bool = Field(
        default=False, description="Days between shipment and delivery do not count."
    )
    all_of: list[Window] | None = Field(default=None, min_length=1)
    any_of: list[Window] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        lengths = [n for n in (self.days, self.working_days, self.months) if n is not None]
        combinators = [c for c in (self.all_of, self.any_of) if c is not None]
        if combinators:
            if len(combinators) > 1 or lengths or self.anchor is not None:
                raise ValueError("a window is either all_of, any_of, or anchor + one length")
            return self
        if self.anchor is None:
            raise ValueError("anchor is required")
        if len(lengths) != 1:
            raise ValueError("exactly one of days, working_days, months is required")
        return self

    @property
    def is_leaf(self) -> bool:
        return self.all_of is None and self.any_of is None


class Calendar(_Model):
    """Working days: weekdays not in ``weekend``, not public holidays, not extra holidays."""

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166 country for public holidays; else the order's country."
    )
    subdivision: str | None = None
    extra_holidays: list[date] = []
    weekend: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default=[5, 6], description="Weekday numbers, Monday = 0."
    )


class ProductGroup(_Model):
    """Products recognised by product-type or category slug, or by product slug."""

    slugs: list[Slug] = []
    products: list[Slug] = []


class Matcher(_Model):
    """Which lines a rule applies to. Every given criterion must hold; the product
    criteria (groups, slugs, product_types, categories, products) together form one
    criterion that holds when any of them matches."""

    groups: list[Slug] = []
    slugs: list[Slug] = Field(default=[], description="Product-type or category slug.")
    product_types: list[Slug] = []
    categories: list[Slug] = []
    products: list[Slug] = []
    non_physical: bool | None = Field(
        default=None, description="Not shipped: licences, services..."
    )
    gift_card: bool | None = None
    gift: bool | None = None
    activated: bool | None = None
    discounts: list[DiscountKind] = Field(default=[], description="Line carries any of these.")

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not any(
            (
                self.groups,
                self.slugs,
                self.product_types,
                self.categories,
                self.products,
                self.discounts,
                self.non_physical is not None,
                self.gift_card is not None,
                self.gift is not None,
                self.activated is not None,
            )
        ):
            raise ValueError("a matcher needs at least one criterion")
        return self


class WarrantyOverride(_Model):
    match: Matcher
    period: Window
    product_months: bool | None = None
    paid_repair_after_expiry: bool | None = None
    shop_default: Text | None = _shop_default()


class Warranty(_Model):
    """Warranty period; ``product_months`` lets the product's own ``warranty.months``
    replace the length (same anchor; 0 months = no warranty for that product)."""

    period: Window
    product_months: bool = False
    paid_repair_after_expiry: bool = Field(
        default=False,
        description="After expiry (or a voided warranty) offer REPAIR as paid service.",
    )
    overrides: list[WarrantyOverride] = Field(
        default=[], description="First matching override wins."
    )
    shop_default: Text | None = _shop_default()


class Exclusion(_Model):
    """Lines matching ``when`` lose ``removes`` (None = every resolution: ineligible)."""

    when: Matcher
    reasons: list[ClaimReason] | None = Field(default=None, description="Default: every reason.")
    except_reasons: list[ClaimReason] = []
    removes: list[ResolutionType] | None = None
    code: Literal["SALE_ITEM", "NON_RETURNABLE_PRODUCT"] | None = Field(
        default=None,
        description="Default: SALE_ITEM for discount matchers, else NON_RETURNABLE_PRODUCT.",
    )
    message: Text | None = None
    shop_default: Text | None = _shop_default()


class Fee(_Model):
    code: Code
    label: Text
    percent: Annotated[Decimal, Field(gt=0, le=100, max_digits=7, decimal_places=4)]
    only_before_dispatch: bool = False


class AccessoryCharges(_Model):
    """Charge per missing accessory: ``amounts`` by accessory name, else the default."""

    default_amount: Money | None = None
    default_percent: Annotated[Decimal, Field(gt=0, le=100)] | None = Field(
        default=None, description="Percent of the unit price paid."
    )
    amounts: dict[str, Money] = {}
    shop_default: Text | None = _shop_default()

    @model_validator(mode="after")
    def _one_default(self) -> Self:
        if self.default_amount is not None and self.default_percent is not None:
            raise ValueError("give default_amount or default_percent, not both")
        return self


class StoreCredit(_Model):
    """Store credit (a gift card in the order's currency): a bonus on top and an expiry."""

    bonus_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)] = (
        Decimal(0)
    )
    expiry_days: PositiveInt | None = Field(
        default=None, description="Days the credit stays valid; none: it does not expire."
    )


class RefundSettings(_Model):
    methods: RefundMethods = RefundMethods.ORIGINAL_PAYMENT
    fees: list[Fee] = []
    accessory_charges: AccessoryCharges | None = None
    store_credit: StoreCredit = StoreCredit()
    shop_default: Text | None = _shop_default()


class ClaimHandling(_Model):
    """How long an approved claim waits for the goods before it expires, and when the
    customer is reminded to send them."""

    goods_due_days: PositiveInt = Field(
        default=30, description="Days after approval for the goods to arrive."
    )
    reminder_after_days: PositiveInt | None = Field(
        default=7, description="Days after approval to remind the customer; none: never."
    )
    require_account: bool = Field(
        default=False,
        description="Only signed-in customers may file (guests get ACCOUNT_REQUIRED); staff "
        "and apps may still file on a customer's behalf.",
    )
    shop_default: Text | None = _shop_default()


class Conditions(_Model):
    """``require``: broken by an opposite (UNUSED/USED, ORIGINAL_PACKAGING/NO_PACKAGING,
    ALL_ACCESSORIES/MISSING_ACCESSORIES, SEALS_INTACT/SEALS_DAMAGED); ``void``: any present
    voids the claim. Checked on declared conditions, then on inspection findings."""

    require: list[ItemCondition] = []
    void: list[ItemCondition] = []
    inspection: bool = Field(
        default=False, description="NEEDS_REVIEW until staff inspected the goods."
    )


class Evidence(_Model):
    required: list[EvidenceKind] = []
    one_of: list[Annotated[list[EvidenceKind], Field(min_length=2)]] = []
    optional: list[EvidenceKind] = []


class OutOfStock(_Model):
    """When a stock-dependent resolution is unavailable: resolutions offered instead
    (default: the remaining ones) and who decides then."""

    resolutions: list[ResolutionType] | None = None
    decided_by: Decider | None = None


class Clock(_Model):
    """A service-level clock counted from the goods-received date."""

    name: Slug
    days: PositiveInt | None = None
    working_days: PositiveInt | None = None
    in_stock_only: bool = False

    @model_validator(mode="after")
    def _one_length(self) -> Self:
        if (self.days is None) == (self.working_days is None):
            raise ValueError("exactly one of days, working_days is required")
        return self


class Reason(_Model):
    accepted: bool = True
    message: Text | None = Field(default=None, description="Shown with the verdict; why, or how.")
    window: Window | None = None
    warranty: bool = Field(default=False, description="Also bounded by the warranty period.")
    before_dispatch_only: bool = Field(
        default=False, description="Only before shipment (physical) or activation (non-physical)."
    )
    requires_shipment: bool | None = Field(
        default=None, description="Default: true for every reason except CHANGED_MIND."
    )
    conditions: Conditions = Conditions()
    evidence: Evidence = Evidence()
    serial_required: bool = False
    resolutions: list[ResolutionType] = Field(default=[], description="In order of preference.")
    needs_stock: list[ResolutionType] = []
    out_of_stock: OutOfStock | None = None
    customer_chooses: bool = Field(default=False, description="Customer's preference goes first.")
    decided_by: Decider = Decider.SHOP
    return_required: bool = True
    return_shipping: Payer = Payer.BUYER
    reimburse_return_shipping: bool = Field(
        default=False, description="Shop refunds the buyer's return postage after the goods arrive."
    )
    refund_original_shipping: bool = False
    fees: list[Code] = Field(default=[], description="Codes of refund.fees applied to this reason.")
    charge_missing_accessories: bool = False
    auto_approve: bool = False
    sla: list[Clock] = []
    shop_default: Text | None = _shop_default()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.accepted:
            return self
        if not self.resolutions:
            raise ValueError("an accepted reason needs at least one resolution")
        if self.window is None and not self.warranty and not self.before_dispatch_only:
            raise ValueError("an accepted reason needs a window, warranty or before_dispatch_only")
        stray = set(self.needs_stock) - set(self.resolutions)
        if stray:
            raise ValueError(
                f"needs_stock lists resolutions not offered: {sorted(map(str, stray))}"
            )
        if self.reimburse_return_shipping and self.return_shipping is not Payer.SHOP:
            raise ValueError("reimburse_return_shipping needs return_shipping: shop")
        return self


class PolicyDocument(_Model):
    version: Literal[1] = Field(description="Schema version of the document.")
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text = ""
    calendar: Calendar = Calendar()
    product_groups: dict[Slug, ProductGroup] = {}
    warranty: Warranty | None = None
    exclusions: list[Exclusion] = []
    refund: RefundSettings = RefundSettings()
    claims: ClaimHandling = ClaimHandling()
    reasons: dict[ClaimReason, Reason] = Field(min_length=1)
