"""Features that differ between the supported Saleor releases (compat.py): each is detected from
the installed Saleor and degrades as the README's compatibility table says. These run on every
Saleor on the test bench (`tests/run --matrix`), so each branch is exercised on the release that
has it."""

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
