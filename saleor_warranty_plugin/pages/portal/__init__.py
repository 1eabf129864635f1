"""The customer returns portal (`portal/...`, see urls.py): guests and signed-in customers find
an order, see what may be claimed and why, send a claim and follow it; a public policy page."""

from typing import Any

from django.utils import translation

PORTAL_URL = "/plugins/global/saleor.warranty/portal/"


def language_for(request: Any) -> str:
    """`?lang=` (a storefront passes its locale), else the browser's Accept-Language."""
    wanted = request.GET.get("lang")
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted)
        except LookupError:
            pass
    return translation.get_language_from_request(request)
