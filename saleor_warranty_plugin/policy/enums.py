"""Enumerations shared by the policy core; values are the names fixed by API.md."""

from __future__ import annotations

from enum import StrEnum


class ClaimReason(StrEnum):
    """What the customer says happened."""

    CHANGED_MIND = "CHANGED_MIND"
    DEAD_ON_ARRIVAL = "DEAD_ON_ARRIVAL"
    DEFECTIVE = "DEFECTIVE"
    DAMAGED_IN_TRANSIT = "DAMAGED_IN_TRANSIT"
    WRONG_ITEM_SENT = "WRONG_ITEM_SENT"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"


class Verdict(StrEnum):
    ELIGIBLE = "ELIGIBLE"
    INELIGIBLE = "INELIGIBLE"
    NEEDS_REVIEW = "NEEDS_REVIEW"


class ResolutionType(StrEnum):
    REFUND = "REFUND"
    STORE_CREDIT = "STORE_CREDIT"
    REPLACEMENT = "REPLACEMENT"
    EXCHANGE = "EXCHANGE"
    REPAIR = "REPAIR"


class ClaimStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    RECEIVED = "RECEIVED"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


class ItemCondition(StrEnum):
    """State of an item, declared by the customer or found at inspection."""

    UNUSED = "UNUSED"
    USED = "USED"
    ORIGINAL_PACKAGING = "ORIGINAL_PACKAGING"
    PACKAGING_DAMAGED = "PACKAGING_DAMAGED"
    NO_PACKAGING = "NO_PACKAGING"
    ALL_ACCESSORIES = "ALL_ACCESSORIES"
    MISSING_ACCESSORIES = "MISSING_ACCESSORIES"
    SEALS_INTACT = "SEALS_INTACT"
    SEALS_DAMAGED = "SEALS_DAMAGED"
    UNAUTHORIZED_REPAIR = "UNAUTHORIZED_REPAIR"
    SOFTWARE_TAMPERED = "SOFTWARE_TAMPERED"
    USER_DAMAGE = "USER_DAMAGE"
    NO_DEFECT_FOUND = "NO_DEFECT_FOUND"


class EvidenceKind(StrEnum):
    PHOTO_OF_PACKAGE = "PHOTO_OF_PACKAGE"
    PHOTO_OF_ITEM = "PHOTO_OF_ITEM"
    VIDEO_OF_DEFECT = "VIDEO_OF_DEFECT"
    SHIPPING_SLIP = "SHIPPING_SLIP"
    PROOF_OF_PURCHASE = "PROOF_OF_PURCHASE"
    SERIAL_NUMBER = "SERIAL_NUMBER"
    DESCRIPTION = "DESCRIPTION"


class FindingCode(StrEnum):
    """Reason codes of policy findings (stable: clients store them)."""

    RETURN_WINDOW_EXPIRED = "RETURN_WINDOW_EXPIRED"
    WARRANTY_EXPIRED = "WARRANTY_EXPIRED"
    SALE_ITEM = "SALE_ITEM"
    NON_RETURNABLE_PRODUCT = "NON_RETURNABLE_PRODUCT"
    REASON_NOT_ACCEPTED = "REASON_NOT_ACCEPTED"
    CONDITION_NOT_MET = "CONDITION_NOT_MET"
    EVIDENCE_REQUIRED = "EVIDENCE_REQUIRED"
    SERIAL_NUMBER_REQUIRED = "SERIAL_NUMBER_REQUIRED"
    NOT_SHIPPED = "NOT_SHIPPED"
    QUANTITY_EXCEEDED = "QUANTITY_EXCEEDED"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class DiscountKind(StrEnum):
    """Kinds of discount a line can carry (catalogue sale/promotion are distinct facts)."""

    SALE = "sale"
    PROMOTION = "promotion"
    ORDER_PROMOTION = "order_promotion"
    VOUCHER = "voucher"
    MANUAL = "manual"


class Anchor(StrEnum):
    """The moment a window starts counting from."""

    ORDERED = "ordered"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"


class Decider(StrEnum):
    """Who decides the resolution of a claim."""

    SHOP = "shop"
    LAB = "lab"
    MANUFACTURER = "manufacturer"
    SERVICE_CENTER = "service_center"


class Payer(StrEnum):
    BUYER = "buyer"
    SHOP = "shop"


class RefundMethods(StrEnum):
    """Where refunded money may go."""

    ORIGINAL_PAYMENT = "original_payment"
    STORE_CREDIT = "store_credit"
    CUSTOMER_CHOICE = "customer_choice"


#: A required condition is broken when one of its opposites is present.
OPPOSITES: dict[ItemCondition, frozenset[ItemCondition]] = {
    ItemCondition.UNUSED: frozenset({ItemCondition.USED}),
    ItemCondition.ORIGINAL_PACKAGING: frozenset({ItemCondition.NO_PACKAGING}),
    ItemCondition.ALL_ACCESSORIES: frozenset({ItemCondition.MISSING_ACCESSORIES}),
    ItemCondition.SEALS_INTACT: frozenset({ItemCondition.SEALS_DAMAGED}),
}
