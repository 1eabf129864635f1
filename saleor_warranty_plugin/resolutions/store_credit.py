"""Store credit: a gift card in the order's currency, assigned to the customer (where Saleor
supports it, see compat.py), tagged and linked to the claim, sent through Saleor's gift-card
notification."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..compat import gift_card_owner
from ..const import CLAIM_KEY
from ..models import Claim, ClaimRefund, ClaimResolution
from ..policies import parsed_policy
from ..policy import RefundStatus, round_money
from ..requestor import Requestor

STORE_CREDIT_TAG = "store-credit"


def store_credit_terms(resolution: ClaimResolution) -> tuple[Decimal, Any]:
    """(gift card balance, expiry date) for the resolution: its amount plus the policy's
    bonus, valid for the policy's number of days."""
    claim = resolution.claim
    settings = parsed_policy(claim.policy).model.refund.store_credit if claim.policy else None
    bonus = settings.bonus_percent if settings else Decimal(0)
    base = resolution.amount or Decimal(0)
    balance = round_money(base * (1 + bonus / 100), resolution.currency)
    expiry = None
    if settings and settings.expiry_days:
        expiry = (timezone.now() + timedelta(days=settings.expiry_days)).date()
    return balance, expiry


def issue_store_credit(resolution: ClaimResolution, requestor: Requestor) -> Any:
    """The resolution's gift card, issued once and sent to the customer after commit."""
    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order__user", "claim__order__channel", "claim__policy")
            .get(pk=resolution.pk)
        )
        if locked.gift_card_id is not None:
            return locked.gift_card
        balance, expiry = store_credit_terms(locked)
        gift_card = _create_gift_card(locked.claim, requestor, balance, expiry)
        ClaimRefund.objects.create(
            resolution=locked,
            key=f"{locked.claim.pk}:store-credit",
            amount=balance,
            status=RefundStatus.SUCCEEDED.value,
        )
        locked.gift_card = gift_card
        locked.save(update_fields=["gift_card", "updated_at"])
        _announce(gift_card, locked.claim.order, requestor)
    resolution.gift_card = gift_card
    return gift_card


def _create_gift_card(claim: Claim, requestor: Requestor, balance: Decimal, expiry: Any) -> Any:
    """A tagged gift card assigned to the customer, with Saleor's own gift-card events."""
    from saleor.core.utils.promo_code import generate_promo_code
    from saleor.giftcard import events as gift_card_events
    from saleor.giftcard.models import GiftCard, GiftCardTag

    order = claim.order
    customer = order.user
    gift_card = GiftCard.objects.create(
        code=generate_promo_code(),
        currency=order.currency,
        initial_balance_amount=balance,
        current_balance_amount=balance,
        created_by=requestor.user,
        created_by_email=requestor.user.email if requestor.user else None,
        app=requestor.app,
        **gift_card_owner(customer),
        expiry_date=expiry,
        metadata={CLAIM_KEY: claim.number},
    )
    tag, _ = GiftCardTag.objects.get_or_create(name=STORE_CREDIT_TAG)
    gift_card.tags.add(tag)
    gift_card_events.gift_card_issued_event(
        gift_card=gift_card, user=requestor.user, app=requestor.app
    )
    gift_card_events.gift_card_note_added_event(
        gift_card=gift_card,
        user=requestor.user,
        app=requestor.app,
        message=f"Store credit for claim {claim.number} (order #{order.number}).",
    )
    return gift_card


def _announce(gift_card: Any, order: Any, requestor: Requestor) -> None:
    """Saleor's gift_card_created webhook now, its notification to the customer on commit."""
    from saleor.core.utils.events import call_event
    from saleor.giftcard.notifications import send_gift_card_notification

    from ..managers import plugins_manager

    manager = plugins_manager()
    call_event(manager.gift_card_created, gift_card)
    customer = order.user
    email = customer.email if customer else order.user_email
    channel_slug = order.channel.slug
    transaction.on_commit(
        lambda: send_gift_card_notification(
            requestor.user,
            requestor.app,
            customer,
            email,
            gift_card,
            manager,
            channel_slug=channel_slug,
            resending=False,
        )
    )
