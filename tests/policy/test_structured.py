"""schema.org MerchantReturnPolicy data made from a policy (the portal's policy page)."""

import pytest

from saleor_warranty_plugin.policy import load_preset, parse_policy
from saleor_warranty_plugin.policy.structured import SCHEMA, merchant_return_policy


def test_electronics_store_thirty_days_unused_buyer_pays_shipping():
    data = merchant_return_policy(load_preset("electronics-store"))
    assert data["@type"] == "MerchantReturnPolicy"
    assert data["returnPolicyCategory"] == SCHEMA + "MerchantReturnFiniteReturnWindow"
    assert data["merchantReturnDays"] == 30
    assert data["returnFees"] == SCHEMA + "ReturnFeesCustomerResponsibility"
    assert data["itemCondition"] == [SCHEMA + "NewCondition"]


@pytest.mark.parametrize(
    "preset", ["hardware-supplier", "cross-border-store", "equipment-reseller"]
)
def test_no_change_of_mind_returns_means_not_permitted(preset):
    # defective-only shops, and a cancellation before dispatch, are not returns
    data = merchant_return_policy(load_preset(preset))
    assert data["returnPolicyCategory"] == SCHEMA + "MerchantReturnNotPermitted"
    assert "merchantReturnDays" not in data


def test_shortest_of_all_of_and_free_returns():
    policy = parse_policy(
        {
            "version": 1,
            "name": "Shop",
            "calendar": {"country": "DE"},
            "reasons": {
                "CHANGED_MIND": {
                    "window": {
                        "all_of": [
                            {"anchor": "delivered", "days": 14},
                            {"anchor": "ordered", "months": 2},
                        ]
                    },
                    "resolutions": ["REFUND", "STORE_CREDIT"],
                    "return_shipping": "shop",
                }
            },
        }
    )
    data = merchant_return_policy(policy)
    assert data["merchantReturnDays"] == 14
    assert data["returnFees"] == SCHEMA + "FreeReturn"
    assert data["applicableCountry"] == "DE"
    assert data["refundType"] == [SCHEMA + "FullRefund", SCHEMA + "StoreCreditRefund"]
