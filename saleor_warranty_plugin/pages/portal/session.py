"""Who is using the portal, kept in one signed, HttpOnly cookie (no server-side session store).

- A signed-in customer: Saleor's access and refresh tokens (from `tokenCreate`, or handed over
  by the storefront with a POST). The cookie is HttpOnly and SameSite=Lax, so page scripts and
  other sites cannot read it; tokens never appear in a URL.
- A guest: the orders they found with their number and email, each with that email, so later
  pages call the API with the same email binding as any client.
- Guests also get claim links bound to the order's email (signed), usable from any browser.
"""

import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from django.core import signing

COOKIE = "warranty_portal"
SALT = "saleor_warranty_plugin.portal.session"
LINK_SALT = "saleor_warranty_plugin.portal.claim-link"
LINK_MAX_AGE = 60 * 60 * 24 * 180  # a claim link works for half a year
MAX_GUEST_ORDERS = 5
REFRESH_MARGIN = 30  # seconds before expiry at which the access token is renewed


@dataclass
class PortalSession:
    token: str = ""
    refresh_token: str = ""
    email: str = ""  # the signed-in customer's email, for the header
    guest_orders: dict[str, str] = field(default_factory=dict)  # order global id -> email
    changed: bool = False

    @property
    def signed_in(self) -> bool:
        return bool(self.token)

    def sign_in(self, token: str, refresh_token: str, email: str) -> None:
        self.token, self.refresh_token, self.email = token, refresh_token or "", email
        self.guest_orders = {}
        self.changed = True

    def sign_out(self) -> None:
        self.token = self.refresh_token = self.email = ""
        self.guest_orders = {}
        self.changed = True

    def remember_guest_order(self, order_id: str, email: str) -> None:
        self.guest_orders.pop(order_id, None)
        self.guest_orders[order_id] = email.strip()
        while len(self.guest_orders) > MAX_GUEST_ORDERS:
            self.guest_orders.pop(next(iter(self.guest_orders)))
        self.changed = True

    def token_expiring(self) -> bool:
        try:
            payload = jwt.decode(self.token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return True
        return float(payload.get("exp") or 0) - time.time() < REFRESH_MARGIN


def load_session(request: Any) -> PortalSession:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return PortalSession()
    try:
        data = signing.loads(raw, salt=SALT)
    except signing.BadSignature:
        return PortalSession(changed=True)  # overwritten with an empty one
    if not isinstance(data, dict):
        return PortalSession(changed=True)
    guests = data.get("g")
    if not isinstance(guests, dict):
        guests = {}
    return PortalSession(
        token=str(data.get("t") or ""),
        refresh_token=str(data.get("r") or ""),
        email=str(data.get("e") or ""),
        guest_orders={str(k): str(v) for k, v in guests.items()},
    )


def save_session(request: Any, response: Any, session: PortalSession) -> None:
    if not session.changed:
        return
    if not session.signed_in and not session.guest_orders:
        response.delete_cookie(COOKIE, path=cookie_path(), samesite="Lax")
        return
    value = signing.dumps(
        {
            "t": session.token,
            "r": session.refresh_token,
            "e": session.email,
            "g": session.guest_orders,
        },
        salt=SALT,
        compress=True,
    )
    response.set_cookie(
        COOKIE,
        value,
        path=cookie_path(),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def cookie_path() -> str:
    from . import PORTAL_URL

    return PORTAL_URL


def claim_link_token(claim_id: str, email: str) -> str:
    """A link to one claim for a guest, bound to the order's email (signed, not secret)."""
    return signing.dumps({"c": claim_id, "e": email.strip()}, salt=LINK_SALT, compress=True)


def read_claim_link(token: str, claim_id: str) -> str | None:
    """The email a claim link was made for, or None when forged, expired or for another claim."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != claim_id or not data.get("e"):
        return None
    return str(data["e"])
