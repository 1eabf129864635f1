"""Shared pieces of the portal tests: URLs, a guest order, a photo, form builders."""

import html as html_lib
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from .helpers import gid

PORTAL = "/plugins/global/saleor.warranty/portal/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def photo(name="box.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def make_guest(order):
    """The order as placed without an account."""
    order.user = None
    order.save(update_fields=["user"])
    return order


def with_service_line(order):
    """The order's last line becomes a non-physical product (a service or licence), which the
    presets used here exclude from every reason."""
    line = order.lines.order_by("created_at", "pk").last()
    line.is_shipping_required = False
    line.save(update_fields=["is_shipping_required"])
    return line


def claim_form(order, lines, reason="CHANGED_MIND", action="review", **extra):
    """The POST body of the order page's form: `lines` are (line, quantity[, extra fields])."""
    data = {"action": action, "reason": reason, "description": "", "resolution": "", "line": []}
    for item in lines:
        line, quantity = item[0], item[1]
        line_id = gid("OrderLine", line.pk)
        data["line"].append(line_id)
        data[f"qty-{line_id}"] = str(quantity)
        for key, value in (item[2] if len(item) > 2 else {}).items():
            data[f"{key}-{line_id}"] = value
    data.update(extra)
    return data


def order_url(order) -> str:
    return f"{PORTAL}?order={gid('Order', order.pk)}"


def hidden_fields(html: str) -> dict[str, list[str]]:
    """The hidden inputs of a page (the review step re-posts them)."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields.setdefault(name, []).append(html_lib.unescape(value))
    return fields


def alert_text(html: str) -> str:
    match = re.search(r'role="alert".*?</div>', html, re.S)
    if not match:
        return ""
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(0).split(">", 1)[1]))


def quoted_repair(staff_client, order, channel, guest=False):
    """An out-of-warranty item the shop accepted for a paid repair, quoted at 25.50: the
    claim's global id."""
    from .resolution_helpers import out_of_warranty_claim, resolve
    from .test_resolution_goods_and_credit import REPAIR_UPDATE

    if guest:
        make_guest(order)
    claim = out_of_warranty_claim(order, channel)
    resolve(staff_client, claim, type="REPAIR")
    claim_id = gid("Claim", claim.pk)
    staff_client.post_graphql(REPAIR_UPDATE, {"id": claim_id, "status": "QUOTED", "quote": "25.50"})
    return claim_id


def repair_status(claim_id):
    from graphql_relay import from_global_id

    from saleor_warranty_plugin.models import ClaimResolution

    return ClaimResolution.objects.get(claim_id=from_global_id(claim_id)[1]).repair_status
