"""Features that differ between the supported Saleor releases (compat.py): each is detected from
the installed Saleor and degrades as the README's compatibility table says. These run on every
Saleor on the test bench (`tests/run --matrix`), so each branch is exercised on the release that
has it."""

import pytest
from django.core.exceptions import ValidationError
from saleor.giftcard.models import GiftCard

from saleor_warranty_plugin import compat

from .resolution_helpers import received_claim, resolve
from .test_resolution_goods_and_credit import first_line, policy_with_store_credit


def has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def test_assignment_is_detected_from_the_installed_saleor():
    assert compat.gift_card_assignment() is has_field(GiftCard, "assigned_to")


def test_a_customer_store_credit_is_theirs_where_saleor_can_say_so(
    staff_warranty_client, fulfilled_order, channel_USD, customer_user
):
    claim = received_claim(
        fulfilled_order, policy_with_store_credit(channel_USD), [(first_line(fulfilled_order), 1)]
    )
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"] == [], payload
    card = GiftCard.objects.get(code=payload["claim"]["resolution"]["giftCardCode"])
    # issued, tagged and linked to the claim on every release
    assert list(card.tags.values_list("name", flat=True)) == ["store-credit"]
    assert card.metadata["warranty.claim"] == claim.number
    if compat.gift_card_assignment():
        assert (card.assigned_to, card.assigned_to_email) == (customer_user, customer_user.email)
        assert card.usage_restriction_reason(customer_user.pk) is None
        assert card.usage_restriction_reason(None) is not None
    else:
        assert compat.gift_card_owner(customer_user) == {}


def test_a_guest_store_credit_can_be_spent_with_its_code(
    staff_warranty_client, fulfilled_order, channel_USD
):
    # given an order placed without an account
    fulfilled_order.user = None
    fulfilled_order.save(update_fields=["user"])
    claim = received_claim(
        fulfilled_order, policy_with_store_credit(channel_USD), [(first_line(fulfilled_order), 1)]
    )
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"] == [], payload
    card = GiftCard.objects.get(code=payload["claim"]["resolution"]["giftCardCode"])
    # a card restricted by email alone counts in Saleor as a deleted customer's: unusable
    if compat.gift_card_assignment():
        assert (card.assigned_to, card.assigned_to_email) == (None, None)
        assert card.usage_restriction_reason(None) is None


def test_the_gift_card_gateway_is_used_only_where_it_exists():
    try:
        from saleor.giftcard.gateway import refund_gift_card_transaction
    except ImportError:
        refund_gift_card_transaction = None
    assert compat.refund_gift_card_transaction() is refund_gift_card_transaction


def test_a_return_names_the_claim_as_saleor_allows(
    staff_warranty_client, fulfilled_order, channel_USD
):
    from dataclasses import fields

    from saleor.order import FulfillmentLineData
    from saleor.order.models import Fulfillment

    assert compat.return_reasons() is any(f.name == "reason" for f in fields(FulfillmentLineData))
    claim = received_claim(
        fulfilled_order, policy_with_store_credit(channel_USD), [(first_line(fulfilled_order), 1)]
    )
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"] == [], payload
    returned = Fulfillment.objects.get(order=fulfilled_order, status="returned")
    # on every release the return is the claim's (the native-return observer skips it)
    assert returned.private_metadata["warranty.claim"] == claim.number
    if compat.return_reasons():  # 3.23: Saleor shows the reason on the return
        assert returned.reason == f"Claim {claim.number}"
        assert {line.reason for line in returned.lines.all()} == {claim.number}


def test_the_manifest_names_a_token_url_only_where_saleor_requires_one():
    from saleor.app.manifest_validations import clean_manifest_data

    from saleor_warranty_plugin.pages.dashboard.manifest import build_manifest

    manifest = build_manifest("https://shop.example.com/plugins/global/saleor.warranty/")
    assert ("tokenTargetUrl" in manifest) is compat.manifest_requires_token_target_url()
    clean_manifest_data(manifest, raise_for_saleor_version=True)  # valid on this release
    if compat.manifest_requires_token_target_url():
        without = {k: v for k, v in manifest.items() if k != "tokenTargetUrl"}
        with pytest.raises(ValidationError):
            clean_manifest_data(without, raise_for_saleor_version=True)


def test_the_token_url_takes_saleors_post_and_keeps_nothing(client):
    from saleor_warranty_plugin.pages.router import PREFIX

    url = f"{PREFIX}/app/register"
    answer = client.post(url, {"auth_token": "t"}, content_type="application/json")
    assert answer.status_code == 200
    assert client.get(url).status_code == 405
