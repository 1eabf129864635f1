"""The verdict binds the money: inspection findings, sale items, store credit, accounts and
evidence alternatives, through the endpoint inside Saleor, asserting Saleor's own rows."""

from decimal import Decimal

import pytest
from saleor.giftcard.models import GiftCard
from saleor.order.models import OrderEvent
from saleor.payment import TransactionKind

from saleor_warranty_plugin.models import Claim, ClaimEvent, ClaimLine

from .fixtures import data_of, warranty_client
from .helpers import (
    CLAIM_APPROVE,
    CLAIM_CREATE,
    CLAIM_RECEIVE,
    ELIGIBILITY,
    claim_input,
    gid,
    set_policy,
)
from .resolution_helpers import (
    CLAIM_RESOLVE,
    first_line,
    inspected,
    on_sale,
    preview,
    received_claim,
    resolve,
    saleor_rows,
)

pytestmark = pytest.mark.compare_executors

OPTIONS = """
query($order: ID!, $email: String) {
  orderReturnEligibility(order: $order, email: $email) {
    lines { orderLineId options { reason verdict findings { code message } resolutions
      requiredEvidence evidenceRequirements { anyOf label } estimatedRefund { amount } } } } }"""


def options_of(client, order, email=None) -> dict:
    content = client.post_graphql(OPTIONS, {"order": gid("Order", order.pk), "email": email})
    lines = data_of(content)["orderReturnEligibility"]["lines"]
    return {line["orderLineId"]: {o["reason"]: o for o in line["options"]} for line in lines}


# --- 1 and 2: inspection binds the refund; re-judgement does not count the claim's own units


def file_and_receive(customer, staff, order, line, found):
    """A customer's warranty claim for every unit of `line`, approved and received by staff
    with the conditions `found`."""
    line_input = {
        "serialNumber": "SN-7",
        "declaredConditions": ["SEALS_INTACT", "ORIGINAL_PACKAGING"],
    }
    created = data_of(
        customer.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    order,
                    [(line, line.quantity, line_input)],
                    reason="DEFECTIVE",
                    description="It no longer charges.",
                )
            },
        )
    )["claimCreate"]
    assert created["errors"] == [], created
    claim = created["claim"]
    approved = data_of(staff.post_graphql(CLAIM_APPROVE, {"id": claim["id"]}))["claimApprove"]
    assert approved["errors"] == []
    lines = [{"claimLine": claim["lines"][0]["id"], "quantity": line.quantity, "conditions": found}]
    received = data_of(staff.post_graphql(CLAIM_RECEIVE, {"id": claim["id"], "lines": lines}))
    assert received["claimReceive"]["errors"] == []
    return received["claimReceive"]["claim"], Claim.objects.get()


def test_reception_does_not_count_the_claims_own_units(
    customer_warranty_client, staff_warranty_client, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "repair-parts-shop")
    line = first_line(fulfilled_order)
    data, _claim = file_and_receive(
        customer_warranty_client,
        staff_warranty_client,
        fulfilled_order,
        line,
        ["SEALS_INTACT", "ORIGINAL_PACKAGING"],
    )
    [claim_line] = data["lines"]
    assert claim_line["quantity"] == line.quantity
    assert "QUANTITY_EXCEEDED" not in {f["code"] for f in claim_line["findings"]}
    assert claim_line["verdict"] == "ELIGIBLE"


def test_seals_found_damaged_refuse_the_refund_but_not_a_paid_repair(
    customer_warranty_client,
    staff_warranty_client,
    fulfilled_order,
    payment_txn_captured,
    channel_USD,
):
    """repair-parts-shop: "We can refuse to provide the warranty service if: Warranty seals
    are removed or damaged" / "We provide post-warranty repair ... Price of the repairs is set
    for each case individually." """
    set_policy(channel_USD, "repair-parts-shop")
    line = first_line(fulfilled_order)
    data, claim = file_and_receive(
        customer_warranty_client,
        staff_warranty_client,
        fulfilled_order,
        line,
        ["SEALS_DAMAGED", "ORIGINAL_PACKAGING"],
    )
    assert {f["code"] for f in data["lines"][0]["findings"]} == {"CONDITION_NOT_MET"}
    before = saleor_rows(fulfilled_order)
    line_id = gid("OrderLine", line.pk)
    for kind in ("REFUND", "STORE_CREDIT", "REPLACEMENT"):
        # the preview and the resolution give the same refusal, with the finding's code
        shown = preview(staff_warranty_client, claim, type=kind)
        refused = resolve(staff_warranty_client, claim, type=kind)
        assert shown["allowed"] is False and shown["amount"] is None
        assert [(e["code"], e["orderLines"]) for e in refused["errors"]] == [
            ("CONDITION_NOT_MET", [line_id])
        ]
        assert [e["code"] for e in shown["errors"]] == ["CONDITION_NOT_MET"]
        assert refused["claim"] is None
    # nothing moved in Saleor
    assert saleor_rows(fulfilled_order) == before
    assert not payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).exists()
    # the paid repair the policy offers stays possible
    assert preview(staff_warranty_client, claim, type="REPAIR")["allowed"] is True
    repair = resolve(staff_warranty_client, claim, type="REPAIR")
    assert repair["errors"] == []
    assert repair["claim"]["resolution"]["repairStatus"] == "AWAITING_QUOTE"


def test_lab_found_user_damage_refuses_refund_replacement_and_repair(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    """hardware-supplier: "The reason for the refund, replacement or repair of the product
    cannot be malfunctions caused by the Customer due to his own mistake, carelessness or use
    of the product in violation of the rules" """
    policy = set_policy(channel_USD, "hardware-supplier")
    line = first_line(fulfilled_order)
    # an approved claim (sent with a photo, a receipt and a description) reaches the lab
    claim = received_claim(fulfilled_order, policy, [(line, 1)], status="APPROVED")
    lab = {"claimLine": gid("ClaimLine", claim.lines.get().pk), "quantity": 1}
    received = data_of(
        staff_warranty_client.post_graphql(
            CLAIM_RECEIVE,
            {"id": gid("Claim", claim.pk), "lines": [{**lab, "conditions": ["USER_DAMAGE"]}]},
        )
    )["claimReceive"]
    [judged] = received["claim"]["lines"]
    assert (judged["verdict"], [f["code"] for f in judged["findings"]]) == (
        "INELIGIBLE",
        ["CONDITION_NOT_MET"],
    )
    before = saleor_rows(fulfilled_order)
    for kind in ("REFUND", "STORE_CREDIT", "REPLACEMENT", "EXCHANGE", "REPAIR"):
        refused = resolve(staff_warranty_client, claim, type=kind)
        assert [e["code"] for e in refused["errors"]] == ["CONDITION_NOT_MET"], refused
    assert saleor_rows(fulfilled_order) == before
    # without the finding the same claim is refunded in full
    inspected(claim)
    paid = resolve(staff_warranty_client, claim, type="REFUND")
    assert paid["errors"] == []
    assert Decimal(paid["claim"]["resolution"]["amount"]["amount"]) == line.unit_price_gross_amount
    refund = payment_txn_captured.transactions.get(kind=TransactionKind.REFUND)
    assert refund.amount == line.unit_price_gross_amount


# --- staff override -----------------------------------------------------------------------


def test_a_claim_accepted_against_the_policy_is_still_bound_at_resolution(
    staff_warranty_client, app_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    """An app may accept a claim despite the policy (`overridePolicy` at claimCreate), but
    cannot get money out of it: only staff may resolve against the policy, with a note."""
    set_policy(channel_USD, "hardware-supplier")
    line = first_line(fulfilled_order)
    created = data_of(
        app_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    fulfilled_order, [(line, 1)], reason="DEFECTIVE", overridePolicy=True
                )
            },
        )
    )["claimCreate"]
    assert created["errors"] == [] and created["claim"]["overridePolicy"] is True
    claim = Claim.objects.get()
    Claim.objects.filter(pk=claim.pk).update(status="RECEIVED")
    ClaimLine.objects.filter(claim=claim).update(quantity_received=1, inspected_conditions=[])
    before = saleor_rows(fulfilled_order)
    refused = resolve(app_warranty_client, claim, type="REFUND")
    assert [e["code"] for e in refused["errors"]] == ["EVIDENCE_REQUIRED"]
    assert saleor_rows(fulfilled_order) == before
    paid = resolve(
        staff_warranty_client, claim, type="REFUND", overridePolicy=True, note="Receipt by phone"
    )
    assert paid["errors"] == []
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1


def test_only_staff_override_a_refusal_with_a_note(
    staff_warranty_client,
    app_warranty_client,
    fulfilled_order,
    payment_txn_captured,
    channel_USD,
):
    policy = set_policy(channel_USD, "hardware-supplier")
    line = first_line(fulfilled_order)
    claim = inspected(received_claim(fulfilled_order, policy, [(line, 1)]), "USER_DAMAGE")
    before = saleor_rows(fulfilled_order)
    # an app may not override
    assert preview(app_warranty_client, claim, type="REFUND")["allowed"] is False
    by_app = app_warranty_client.post_graphql(
        CLAIM_RESOLVE,
        {
            "id": gid("Claim", claim.pk),
            "input": {"type": "REFUND", "overridePolicy": True, "note": "Goodwill"},
        },
    ).json()
    assert [e["extensions"]["exception"]["code"] for e in by_app["errors"]] == ["PermissionDenied"]
    # staff must say why
    no_note = resolve(staff_warranty_client, claim, type="REFUND", overridePolicy=True)
    assert [(e["code"], e["field"]) for e in no_note["errors"]] == [("REQUIRED", "note")]
    assert saleor_rows(fulfilled_order) == before
    # with a note the refund is paid, and the override is on the claim and the order
    note = "Long-standing customer; damage disputed."
    shown = preview(staff_warranty_client, claim, type="REFUND", overridePolicy=True, note=note)
    assert shown["allowed"] is True
    assert [e["code"] for e in shown["errors"]] == ["CONDITION_NOT_MET"]
    done = resolve(staff_warranty_client, claim, type="REFUND", overridePolicy=True, note=note)
    assert done["errors"] == []
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1
    event = ClaimEvent.objects.get(claim=claim, type="POLICY_OVERRIDDEN")
    assert note in event.message and "CONDITION_NOT_MET" in event.message
    assert event.user is not None and event.app is None
    assert OrderEvent.objects.filter(
        order=fulfilled_order, parameters__message__icontains=note
    ).exists()


# --- 4: sale items (hardware-supplier) -----------------------------------------------------


def test_sale_item_is_not_refunded_and_its_options_say_so(
    staff_warranty_client,
    customer_warranty_client,
    fulfilled_order,
    payment_txn_captured,
    channel_USD,
):
    """hardware-supplier: "Items purchased on sale are not refundable. Only regular priced
    items can be refunded." """
    policy = set_policy(channel_USD, "hardware-supplier")
    line = on_sale(first_line(fulfilled_order))
    option = options_of(customer_warranty_client, fulfilled_order)[gid("OrderLine", line.pk)][
        "DEFECTIVE"
    ]
    assert "REFUND" not in option["resolutions"]
    assert "SALE_ITEM" in {f["code"] for f in option["findings"]}
    assert option["estimatedRefund"] is None
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    before = saleor_rows(fulfilled_order)
    refused = resolve(staff_warranty_client, claim, type="REFUND")
    assert [(e["code"], e["orderLines"]) for e in refused["errors"]] == [
        ("SALE_ITEM", [gid("OrderLine", line.pk)])
    ]
    assert saleor_rows(fulfilled_order) == before
    assert preview(staff_warranty_client, claim, type="REPLACEMENT")["allowed"] is True


# --- 5: equipment-reseller final sale --------------------------------------------------------


def test_discounted_equipment_is_final_sale_for_every_reason(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """equipment-reseller: "All products purchased at a discount or on promotion are final sale
    and are not eligible for return or exchange." """
    set_policy(channel_USD, "equipment-reseller")
    line = on_sale(first_line(fulfilled_order))
    options = options_of(customer_warranty_client, fulfilled_order)[gid("OrderLine", line.pk)]
    for reason, option in options.items():
        assert option["verdict"] == "INELIGIBLE", reason
        assert option["resolutions"] == [] or reason == "DAMAGED_IN_TRANSIT"
        if reason != "DAMAGED_IN_TRANSIT":  # not accepted at all
            assert "SALE_ITEM" in {f["code"] for f in option["findings"]}
            assert "warranty" not in " ".join(f["message"] for f in option["findings"])
    created = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    fulfilled_order,
                    [(line, 1, {"serialNumber": "SN-1"})],
                    reason="DEFECTIVE",
                    description="Dead",
                )
            },
        )
    )["claimCreate"]
    assert "SALE_ITEM" in {e["code"] for e in created["errors"]}
    assert not Claim.objects.exists()


# --- 6 and 3: store credit where the customer may choose it; fees and breakdown ------------


def test_store_credit_is_listed_and_issued_with_the_whole_calculation(
    staff_warranty_client, customer_warranty_client, fulfilled_order, channel_USD
):
    """equipment-reseller: "Refunds can be issued: By the same method the original payment was
    made. Or as a credit to your personal account on our website — at your choice." """
    policy = set_policy(channel_USD, "equipment-reseller")
    line = first_line(fulfilled_order)
    option = options_of(customer_warranty_client, fulfilled_order)[gid("OrderLine", line.pk)][
        "DEFECTIVE"
    ]
    assert option["resolutions"] == ["REPLACEMENT", "REFUND", "STORE_CREDIT"]
    assert Decimal(option["estimatedRefund"]["amount"]) == line.unit_price_gross_amount
    claim = received_claim(fulfilled_order, policy, [(line, 2)])
    shown = preview(staff_warranty_client, claim, type="STORE_CREDIT")
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"] == []
    resolution = payload["claim"]["resolution"]
    paid = line.unit_price_gross_amount * 2
    assert Decimal(resolution["amount"]["amount"]) == paid == Decimal(shown["amount"]["amount"])
    assert resolution["fees"] == []  # a warranty refund deducts nothing
    assert [(b["code"], Decimal(b["amount"]["amount"])) for b in resolution["breakdown"]] == [
        ("GOODS", paid)
    ]
    card = GiftCard.objects.get(code=resolution["giftCardCode"])
    assert card.initial_balance_amount == paid


def test_missing_accessory_is_a_positive_fee_and_the_breakdown_sums_to_the_amount(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    """cross-border-store: "If a component or accessory is missing, we will ask you to pay
    for it." """
    policy = set_policy(channel_USD, "cross-border-store")
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    ClaimLine.objects.filter(claim=claim).update(missing_accessories=["charger"])
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["errors"] == []
    resolution = payload["claim"]["resolution"]
    charge = (line.unit_price_gross_amount * Decimal("0.10")).quantize(Decimal("0.01"))
    assert [(f["code"], Decimal(f["amount"]["amount"])) for f in resolution["fees"]] == [
        ("MISSING_ACCESSORY", charge)
    ]
    amount = Decimal(resolution["amount"]["amount"])
    assert amount == line.unit_price_gross_amount - charge
    assert sum(Decimal(b["amount"]["amount"]) for b in resolution["breakdown"]) == amount
    refund = payment_txn_captured.transactions.get(kind=TransactionKind.REFUND)
    assert refund.amount == amount


# --- 7: an account is required ------------------------------------------------------------

GUEST = "guest.buyer@example.com"


@pytest.fixture
def guest_order(order_with_lines, channel_USD):
    set_policy(channel_USD, "equipment-reseller")
    order_with_lines.user, order_with_lines.user_email = None, GUEST
    order_with_lines.save(update_fields=["user", "user_email"])
    return order_with_lines


def test_guests_need_an_account_where_the_policy_says_so(
    anonymous_warranty_client, staff_warranty_client, app_warranty_client, guest_order
):
    """equipment-reseller: "To request a return, please complete the return form in your
    personal account on our website. Please note that you must be logged into the system to
    access the form." """
    content = anonymous_warranty_client.post_graphql(
        ELIGIBILITY, {"order": gid("Order", guest_order.pk), "email": GUEST}
    ).json()
    assert content["data"]["orderReturnEligibility"] is None
    assert [e["extensions"]["code"] for e in content["errors"]] == ["ACCOUNT_REQUIRED"]
    # a wrong email still gets NOT_FOUND: no hint that the order exists
    wrong = anonymous_warranty_client.post_graphql(
        ELIGIBILITY, {"order": gid("Order", guest_order.pk), "email": "x@example.com"}
    ).json()
    assert [e["extensions"]["code"] for e in wrong["errors"]] == ["NOT_FOUND"]
    line = first_line(guest_order)
    variables = {"input": claim_input(guest_order, [(line, 1)], email=GUEST)}
    by_guest = data_of(anonymous_warranty_client.post_graphql(CLAIM_CREATE, variables))
    assert [e["code"] for e in by_guest["claimCreate"]["errors"]] == ["ACCOUNT_REQUIRED"]
    assert not Claim.objects.exists()
    # staff and apps still file on the customer's behalf
    for client in (staff_warranty_client, app_warranty_client):
        Claim.objects.all().delete()
        filed = data_of(client.post_graphql(CLAIM_CREATE, variables))["claimCreate"]
        assert filed["errors"] == [], filed
        assert filed["claim"]["staffInitiated"] is True


def test_signed_in_customers_file_as_before(customer_user, order_with_lines, channel_USD):
    set_policy(channel_USD, "equipment-reseller")
    client = warranty_client(user=customer_user)
    line = first_line(order_with_lines)
    filed = data_of(
        client.post_graphql(CLAIM_CREATE, {"input": claim_input(order_with_lines, [(line, 1)])})
    )["claimCreate"]
    assert filed["errors"] == [], filed


# --- 8: evidence alternatives ------------------------------------------------------------


def test_evidence_alternatives_are_visible(customer_warranty_client, fulfilled_order, channel_USD):
    """cross-border-store: "Photo or video of the defective item" """
    set_policy(channel_USD, "cross-border-store")
    line = first_line(fulfilled_order)
    option = options_of(customer_warranty_client, fulfilled_order)[gid("OrderLine", line.pk)][
        "DEFECTIVE"
    ]
    assert option["evidenceRequirements"] == [
        {"anyOf": ["PHOTO_OF_PACKAGE"], "label": "photo of package"},
        {"anyOf": ["DESCRIPTION"], "label": "description"},
        {
            "anyOf": ["PHOTO_OF_ITEM", "VIDEO_OF_DEFECT"],
            "label": "photo of item or video of defect",
        },
    ]
    assert option["requiredEvidence"] == ["PHOTO_OF_PACKAGE", "DESCRIPTION", "PHOTO_OF_ITEM"]
