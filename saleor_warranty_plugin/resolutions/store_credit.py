"""Store credit: a gift card in the order's currency, assigned to the customer (where Saleor
supports it, see compat.py), tagged and linked to the claim, sent through Saleor's gift-card
notification."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..compat import gift_card_owner
from ..models import ClaimRefund, ClaimResolution
from ..policies import parsed_policy
from ..policy import round_money

STORE_CREDIT_TAG = "store-credit"
CLAIM_KEY = "warranty.claim"


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


def issue_store_credit(resolution: ClaimResolution, requestor: Any) -> Any:
    from saleor.core.utils.events import call_event
    from saleor.core.utils.promo_code import generate_promo_code
    from saleor.giftcard import events as gift_card_events
    from saleor.giftcard.models import GiftCard, GiftCardTag
    from saleor.giftcard.notifications import send_gift_card_notification
    from saleor.plugins.manager import get_plugins_manager

    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order__user", "claim__order__channel", "claim__policy")
            .get(pk=resolution.pk)
        )
        if locked.gift_card_id is not None:
            return locked.gift_card
        claim = locked.claim
        order = claim.order
        balance, expiry = store_credit_terms(locked)
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
        ClaimRefund.objects.create(
            resolution=locked, key=f"{claim.pk}:store-credit", amount=balance, status="SUCCEEDED"
        )
        locked.gift_card = gift_card
        locked.save(update_fields=["gift_card", "updated_at"])
        manager = get_plugins_manager(allow_replica=False)
        call_event(manager.gift_card_created, gift_card)
        email = customer.email if customer else order.user_email
        channel_slug = order.channel.slug
        requester = requestor.user
        app = requestor.app
        transaction.on_commit(
            lambda: send_gift_card_notification(
                requester,
                app,
                customer,
                email,
                gift_card,
                manager,
                channel_slug=channel_slug,
                resending=False,
            )
        )
    resolution.gift_card = gift_card
    return gift_card
