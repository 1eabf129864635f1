"""The verdict binds the money: which resolutions a claim may have as it stands, and the
finding codes that say why not."""

from __future__ import annotations

from decimal import Decimal

from saleor_warranty_plugin.policy import ClaimReason, EvidenceKind, ItemCondition, ResolutionType
from saleor_warranty_plugin.policy.binding import NOT_OFFERED, refusals

from .builders import judge, make_claim, make_line

R = ClaimReason
RT = ResolutionType
C = ItemCondition


def lab_claim(*found: ItemCondition):
    return make_claim(
        R.DEFECTIVE,
        inspected_conditions=frozenset(found),
        evidence=frozenset({EvidenceKind.PROOF_OF_PURCHASE, EvidenceKind.DESCRIPTION}),
    )


def codes(kind, *judged):
    return [(r.code, r.lines) for r in refusals(kind, judged)]


def test_an_offered_resolution_is_not_refused():
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", claim=lab_claim())
    for kind in (RT.REFUND, RT.REPLACEMENT, RT.REPAIR):
        assert refusals(kind, [("L1", option)]) == ()


def test_user_damage_found_by_the_lab_refuses_everything():
    """hardware-supplier: "The reason for the refund, replacement or repair of the product
    cannot be malfunctions caused by the Customer" """
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", claim=lab_claim(C.USER_DAMAGE))
    assert option.resolutions == ()
    for kind in RT:
        assert codes(kind, ("L1", option)) == [("CONDITION_NOT_MET", ("L1",))]


def test_a_sale_item_is_refused_a_refund_with_sale_item():
    """hardware-supplier: "Items purchased on sale are not refundable." """
    line = make_line(discount_kinds=frozenset({"sale"}), unit_price_paid=Decimal("80.00"))
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", line=line, claim=lab_claim())
    assert codes(RT.REFUND, ("L1", option)) == [("SALE_ITEM", ("L1",))]
    assert codes(RT.STORE_CREDIT, ("L1", option)) == [("SALE_ITEM", ("L1",))]
    assert refusals(RT.REPLACEMENT, [("L1", option)]) == ()


def test_a_voided_warranty_keeps_the_paid_repair_only():
    """repair-parts-shop: seals damaged void the warranty; "We provide post-warranty repair" """
    claim = make_claim(
        R.DEFECTIVE,
        inspected_conditions=frozenset({C.SEALS_DAMAGED, C.ORIGINAL_PACKAGING}),
        evidence=frozenset({EvidenceKind.DESCRIPTION}),
        serial_number="SN-1",
    )
    option = judge("repair-parts-shop", R.DEFECTIVE, "2025-03-20", claim=claim)
    assert option.paid_repair
    assert refusals(RT.REPAIR, [("L1", option)]) == ()
    for kind in (RT.REFUND, RT.REPLACEMENT):
        assert codes(kind, ("L1", option)) == [("CONDITION_NOT_MET", ("L1",))]


def test_a_resolution_the_policy_never_offers_has_the_generic_code():
    option = judge("cross-border-store", R.DEFECTIVE, "2025-03-08")
    [refusal] = refusals(RT.REPAIR, [("L1", option)])
    assert refusal.code == NOT_OFFERED
    assert "replacement, refund" in refusal.message


def test_refusals_list_every_line_once_per_finding():
    sale = make_line(discount_kinds=frozenset({"sale"}), unit_price_paid=Decimal("80.00"))
    on_sale = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", line=sale, claim=lab_claim())
    regular = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", claim=lab_claim())
    assert codes(RT.REFUND, ("L1", on_sale), ("L2", regular), ("L3", on_sale)) == [
        ("SALE_ITEM", ("L1", "L3"))
    ]
