"""Every sentence of the five seed texts is either encoded (quoted by a preset comment or a
test) or classified here as guidance with the reason it is not a rule.

The sentences below are the ones the per-preset test modules do not quote already.
"""

import os
import re
from pathlib import Path

import pytest

from saleor_warranty_plugin.policy import (
    ClaimReason,
    EvidenceKind,
    FindingCode,
    ItemCondition,
    ResolutionType,
    Verdict,
    load_preset,
)

from .builders import judge, make_claim

ROOT = Path(__file__).resolve().parents[2]
# beside the checkout (../shared/seeds), or beside the folder of a worktree, or as given
SEEDS = next(
    (
        path
        for path in (
            Path(os.environ.get("WARRANTY_SEEDS", ROOT / "seeds")),
            ROOT.parent / "shared" / "seeds",
            ROOT.parent.parent / "shared" / "seeds",
        )
        if path.is_dir()
    ),
    ROOT.parent / "shared" / "seeds",
)
R = ClaimReason
C = ItemCondition

# Sentences that state no rule a shop system could enforce, and why.
GUIDANCE = {
    "We are always ready for the constructive conversation": "courtesy",
    "Where to go for warranty service?": "heading",
    "Can I exchange or return an item?": "heading",
    "Where and how can I make an exchange or refund?": "heading",
    "When is the warranty not available?": "heading",
    "The policy provides for the following stages of interaction": "heading",
    "Technical support and preliminary assessment of the problem": "heading",
    "If you have any questions about this policy, please contact us": "contact",
    "To do this, you need to write a letter to": "contact (the claim form is the letter)",
    "If you have a problem using the product and you understand": "contact: opening a claim",
    "please avoid selecting an express mail service": "advice on carriers and import duties",
    "Please include a note inside the return package": "packing advice",
    "the product ID or name and the quantity": "packing advice (note contents)",
    "a short description of the problem occurred with this product": "packing advice",
    "If you refuse delivery of a parcel due to import duties": (
        "liability for refused parcels is settled with the carrier, outside a claim"
    ),
    "If the problem can be solved in other ways by upgrading the system": (
        "support advice; the policy's resolutions stay replacement or refund"
    ),
    "the Supplier sends the replacement product to the Customer within a few days": (
        "no measurable clock ('a few days'): no service-level date is set"
    ),
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9%' ]+", " ", text.lower())).strip()


def _seed_lines():
    for seed in sorted(SEEDS.glob("*.txt")):
        for raw in seed.read_text().splitlines():
            line = raw.strip(" •\t-*0123456789.")
            if len(_norm(line).split()) >= 6:
                yield seed.name, line


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the checkout")
def test_every_seed_sentence_is_encoded_or_classified():
    sources = list((ROOT / "tests").rglob("*.py"))
    sources += list((ROOT / "saleor_warranty_plugin" / "policy" / "presets").glob("*.yaml"))
    corpus = _norm(" ".join(path.read_text() for path in sources).replace('"', " "))
    guidance = [_norm(g) for g in GUIDANCE]
    unaccounted = []
    for name, line in _seed_lines():
        words = _norm(line).split()
        quoted = any(" ".join(words[i : i + 5]) in corpus for i in range(len(words) - 4))
        if not quoted and not any(g in _norm(line) for g in guidance):
            unaccounted.append(f"{name}: {line}")
    assert unaccounted == []


# --- repair-parts-shop (000) ---------------------------------------------------------------


def test_technical_support_is_free_no_fee_is_ever_charged():
    """ "We provide absolutely free high quality technical support for our customers." """
    assert load_preset("repair-parts-shop").model.refund.fees == []


def test_damaged_parcel_steps_are_the_answer_to_transit_damage():
    """ "If the customer receives damaged parcel, there are some requests that should be done
    by the recipient: report the damage to the delivery company and make photos of damaged
    items/parcel; make a claim to the courier for the damaged items/parcel on the same amount
    that was declared in the invoice; refuse to pay the freight cost; request delivery company
    to resend the goods with free freight cost" """
    option = judge("repair-parts-shop", R.DAMAGED_IN_TRANSIT, "2025-03-07")
    assert option.verdict == Verdict.INELIGIBLE
    assert option.codes == (FindingCode.REASON_NOT_ACCEPTED,)
    message = option.findings[0].message.lower()
    for step in ("courier", "photograph", "declared value", "freight", "resend"):
        assert step in message


def test_malfunction_is_reported_with_a_description_and_serial_number():
    """ "After discovering any malfunction, please contact our technical support team ... In
    detail describe your issue and specify the serial number of your product" """
    option = judge("repair-parts-shop", R.DEFECTIVE, "2025-03-20")
    assert {EvidenceKind.DESCRIPTION, EvidenceKind.SERIAL_NUMBER} <= set(option.required_evidence)


@pytest.mark.parametrize(
    ("found", "free_warranty"),
    [
        # "The item is fully packed including all accessories, manuals and original package"
        ({C.NO_PACKAGING, C.SEALS_INTACT}, False),
        # ... but "you can send us a box only (without cables)": accessories may stay home
        ({C.ORIGINAL_PACKAGING, C.SEALS_INTACT, C.MISSING_ACCESSORIES}, True),
    ],
)
def test_warranty_items_come_in_their_original_package(found, free_warranty):
    """ "Please make sure that: ... The item is fully packed including all accessories, manuals
    and original package. The certificate of compliance is filled. Warranty ticket is included
    to the package" — the certificate and ticket are the paperwork of the claim itself."""
    claim = make_claim(
        R.DEFECTIVE,
        inspected_conditions=frozenset(found),
        evidence=frozenset({EvidenceKind.DESCRIPTION}),
        serial_number="SN-1",
    )
    option = judge("repair-parts-shop", R.DEFECTIVE, "2025-03-20", claim=claim)
    assert option.verdict != Verdict.INELIGIBLE
    # without the original package the warranty is refused ("There is no original package"):
    # only the shop's paid repair remains
    assert option.paid_repair is not free_warranty
    assert (FindingCode.CONDITION_NOT_MET in option.codes) is not free_warranty


# --- electronics-store (001) ---------------------------------------------------------------


def test_service_centres_decide_warranty_repairs():
    """ "Addresses and phone numbers of service centers are indicated on the warranty card." /
    "The repair period is determined by an authorized SC." """
    assert judge("electronics-store", R.DEFECTIVE, "2025-06-01").decided_by == "service_center"


def test_warranty_card_is_required():
    """ "The right to a free warranty service is given by a warranty card stating: Model;
    Warranty period; Date of sale of goods." / "The warranty card is incorrectly filled out" """
    claim = make_claim(R.DEFECTIVE, serial_number="SN-1")  # no proof of purchase
    option = judge("electronics-store", R.DEFECTIVE, "2025-06-01", claim=claim)
    assert FindingCode.EVIDENCE_REQUIRED in option.codes


def test_repair_first_then_exchange_or_refund():
    """ "The service center cannot repair my product during the warranty period: If during the
    warranty period the goods ... cannot be repaired at an authorized service center, we will
    exchange the goods for a similar one or refund the money." """
    option = judge("electronics-store", R.DEFECTIVE, "2025-06-01")
    assert option.resolutions[0] == ResolutionType.REPAIR
    assert {ResolutionType.REPLACEMENT, ResolutionType.REFUND} <= set(option.resolutions)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Violated the rules of use set forth in the operating documents", C.USER_DAMAGE),
        ("Accidental damage caused by the customer ... exposure to liquids, dust", C.USER_DAMAGE),
        ("Damage due to natural disasters (natural phenomena)", C.USER_DAMAGE),
        ("Damage caused by an emergency increase or decrease in voltage", C.USER_DAMAGE),
        ("Damage caused by defects in the system in which the product was used", C.USER_DAMAGE),
        ("Damage caused by improper use of the product", C.USER_DAMAGE),
        ("Software that is not included with the product", C.NO_DEFECT_FOUND),
        ("Preservation of information on the hard disk", C.NO_DEFECT_FOUND),
    ],
)
def test_malfunctions_the_warranty_does_not_cover(sentence, found):
    """ "Warranty does not apply to the following malfunctions: ..." — damage from outside the
    product is user damage; software or data the product did not ship with is no defect of
    the product."""
    claim = make_claim(
        R.DEFECTIVE,
        inspected_conditions=frozenset({found, C.SEALS_INTACT}),
        evidence=frozenset({EvidenceKind.PROOF_OF_PURCHASE}),
        serial_number="SN-1",
    )
    option = judge("electronics-store", R.DEFECTIVE, "2025-06-01", claim=claim)
    assert option.verdict == Verdict.INELIGIBLE, sentence
    assert FindingCode.CONDITION_NOT_MET in option.codes


# --- cross-border-store (002) --------------------------------------------------------------


def test_defective_returns_are_agreed_first():
    """ "Please contact us before returning a defective item; otherwise the return process may
    be delayed." — a claim waits for the shop's approval before goods are sent."""
    policy = load_preset("cross-border-store")
    assert not policy.auto_approve(R.DEFECTIVE)
    assert policy.requires_return(R.DEFECTIVE)


# --- hardware-supplier (003) ---------------------------------------------------------------


def test_laboratory_diagnosis_after_mutual_agreement():
    """ "In the event that the product is indeed defective and it is not possible to determine
    the cause of the defect remotely ... the Customer may send the defective product back to
    the Supplier for diagnosis in the laboratory." / "The Client, with mutual agreement with the
    Supplier, may return the goods for diagnostics in the Supplier's laboratory." """
    policy = load_preset("hardware-supplier")
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10")
    assert option.decided_by == "lab"
    assert option.needs_inspection
    assert not policy.auto_approve(R.DEFECTIVE)
    assert policy.requires_return(R.DEFECTIVE)


# --- equipment-reseller (004) --------------------------------------------------------------


def test_the_fee_covers_payment_charges():
    """ "This fee covers payment system charges for processing and refunding the transaction." """
    (fee,) = load_preset("equipment-reseller").model.refund.fees
    assert fee.percent == 6
    assert "payment" in fee.label.lower() or "transaction" in fee.label.lower()
