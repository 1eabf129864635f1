"""The portal's public views (as the URL patterns name them), the policy page and static files."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ...config import WarrantyConfig
from . import queries
from .base import portal_page, respond
from .client import ApiError, warranty_api
from .session import (
    load_session,
)

# As Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# --- the policy page -----------------------------------------------------------------------


@portal_page
def policy(request: Any, config: WarrantyConfig) -> HttpResponse:
    session = load_session(request)
    channel = request.GET.get("channel", "").strip()[:255] or getattr(
        settings, "DEFAULT_CHANNEL_SLUG", "default-channel"
    )
    try:
        data = warranty_api(request, config, queries.RETURN_POLICY, {"channel": channel})
    except ApiError:  # a channel the API refuses (a NUL in it): no such channel
        data = {}
    found = data.get("returnPolicy")
    if not found:
        return respond(
            request,
            session,
            config,
            "message.html",
            {
                "heading": _("No return policy published"),
                "message": _("This shop has not published a return policy for this channel."),
            },
            status=404,
        )
    structured = json.loads(found["merchantReturnPolicy"] or "{}")
    structured["merchantReturnLink"] = request.build_absolute_uri(request.get_full_path())
    return respond(
        request,
        session,
        config,
        "policy.html",
        {
            "policy": found,
            "paragraphs": [p for p in found["summary"].split("\n\n") if p.strip()],
            "json_ld": mark_safe(json.dumps(structured).translate(_JSON_SCRIPT_ESCAPES)),
            "title": found["name"],
        },
    )


# --- static files --------------------------------------------------------------------------
