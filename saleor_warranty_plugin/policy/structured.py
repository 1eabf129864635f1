"""A policy as schema.org `MerchantReturnPolicy` data, for search engines (JSON-LD).

schema.org describes a shop's general returns: the change-of-mind reason is taken as that
policy; faults and warranty are outside what the vocabulary models.
"""

from __future__ import annotations

from typing import Any

from .enums import ClaimReason, ItemCondition, Payer, RefundMethods, ResolutionType
from .policy import Policy
from .schema import Window

SCHEMA = "https://schema.org/"
DAYS_PER_MONTH = 30


def window_days(window: Window | None) -> int | None:
    """The window's length in days, where it has one: the shortest of `all_of`, the longest
    of `any_of`; working days are counted as calendar days, months as 30 days."""
    if window is None:
        return None
    if window.all_of:
        lengths = [window_days(w) for w in window.all_of]
        known = [n for n in lengths if n is not None]
        return min(known) if known else None
    if window.any_of:
        lengths = [window_days(w) for w in window.any_of]
        return None if None in lengths else max(n for n in lengths if n is not None)
    if window.days is not None:
        return window.days
    if window.working_days is not None:
        return window.working_days
    if window.months is not None:
        return window.months * DAYS_PER_MONTH
    return None


def merchant_return_policy(policy: Policy) -> dict[str, Any]:
    doc = policy.model
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MerchantReturnPolicy",
        "name": doc.name,
    }
    if doc.calendar.country:
        data["applicableCountry"] = doc.calendar.country
    spec = doc.reasons.get(ClaimReason.CHANGED_MIND)
    if spec is None or not spec.accepted or spec.before_dispatch_only:  # a cancellation only
        data["returnPolicyCategory"] = SCHEMA + "MerchantReturnNotPermitted"
        return data
    days = window_days(spec.window)
    if days is None:
        data["returnPolicyCategory"] = SCHEMA + "MerchantReturnUnlimitedWindow"
    else:
        data["returnPolicyCategory"] = SCHEMA + "MerchantReturnFiniteReturnWindow"
        data["merchantReturnDays"] = days
    data["returnMethod"] = SCHEMA + "ReturnByMail"
    data["returnFees"] = SCHEMA + (
        "FreeReturn" if spec.return_shipping == Payer.SHOP else "ReturnFeesCustomerResponsibility"
    )
    refunds = []
    if (
        ResolutionType.REFUND in spec.resolutions
        and doc.refund.methods != RefundMethods.STORE_CREDIT
    ):
        refunds.append(SCHEMA + "FullRefund")
    if ResolutionType.STORE_CREDIT in spec.resolutions or doc.refund.methods in (
        RefundMethods.STORE_CREDIT,
        RefundMethods.CUSTOMER_CHOICE,
    ):
        refunds.append(SCHEMA + "StoreCreditRefund")
    if {ResolutionType.EXCHANGE, ResolutionType.REPLACEMENT} & set(spec.resolutions):
        refunds.append(SCHEMA + "ExchangeRefund")
    if refunds:
        data["refundType"] = refunds
    if ItemCondition.UNUSED in spec.conditions.require:
        data["itemCondition"] = [SCHEMA + "NewCondition"]
    return data
