"""The claim form: what the customer entered, checked for what the page can check itself,
kept whole when a step fails (files included: they wait in storage until the claim is sent)."""

import contextlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...config import WarrantyConfig
from ...evidence import SNIFF_BYTES, sniff
from ...staged import STAGED_DIR, STAGED_MAX_AGE
from .words import CONDITIONS, REASONS, RESOLUTIONS, evidence_needed

STAGED_SALT = "saleor_warranty_plugin.portal.staged"
MAX_DESCRIPTION = 5000
MAX_SERIAL = 128


@dataclass
class FormError:
    field: str  # id of the control it belongs to
    message: str


@dataclass
class LineChoice:
    selected: bool = False
    quantity: str = "1"
    serial: str = ""
    conditions: list[str] = field(default_factory=list)


@dataclass
class StagedFile:
    path: str
    name: str
    size: int
    content_type: str

    @property
    def ref(self) -> str:
        return signing.dumps([self.path, self.name, self.size, self.content_type], salt=STAGED_SALT)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def open(self) -> Any:
        from django.core.files import File

        handle = default_storage.open(self.path, "rb")
        return File(handle, name=self.name)


@dataclass
class ClaimForm:
    reason: str = ""
    lines: dict[str, LineChoice] = field(default_factory=dict)
    description: str = ""
    resolution: str = ""
    staged: list[StagedFile] = field(default_factory=list)
    errors: list[FormError] = field(default_factory=list)

    def line(self, line_id: str) -> LineChoice:
        return self.lines.get(line_id) or LineChoice()

    @property
    def selected(self) -> list[tuple[str, LineChoice]]:
        return [(line_id, c) for line_id, c in self.lines.items() if c.selected]


def line_field(prefix: str, line_id: str) -> str:
    """A control's name for one order line (global ids are safe in names and ids)."""
    return f"{prefix}-{line_id}"


def parse_claim_form(post: Any, files: Any, line_ids: list[str]) -> ClaimForm:
    chosen = set(post.getlist("line"))
    form = ClaimForm(
        reason=post.get("reason", "").strip(),
        description=post.get("description", "").strip()[:MAX_DESCRIPTION],
        resolution=post.get("resolution", "").strip(),
    )
    for line_id in line_ids:
        form.lines[line_id] = LineChoice(
            selected=line_id in chosen,
            quantity=post.get(line_field("qty", line_id), "1").strip()[:6] or "1",
            serial=post.get(line_field("serial", line_id), "").strip()[:MAX_SERIAL],
            conditions=[c for c in post.getlist(line_field("cond", line_id)) if c in CONDITIONS],
        )
    dropped = set(post.getlist("drop"))
    for ref in post.getlist("staged"):
        staged = read_staged(ref)
        if staged is None:
            continue
        if ref in dropped:
            discard([staged])
        else:
            form.staged.append(staged)
    return form


def check_claim_form(
    form: ClaimForm, files: list[Any], claimable: dict[str, int], config: WarrantyConfig
) -> None:
    """What the page checks before anything is sent; the API checks everything again."""
    errors = form.errors
    if form.reason not in REASONS:
        errors.append(FormError("reason", _("Choose what happened.")))
    if form.resolution and form.resolution not in RESOLUTIONS:
        form.resolution = ""
    if not form.selected:
        errors.append(FormError("lines", _("Choose at least one item.")))
    for line_id, choice in form.selected:
        try:
            quantity = int(choice.quantity)
        except ValueError:
            quantity = 0
        limit = claimable.get(line_id, 0)
        if not 1 <= quantity <= limit:
            errors.append(
                FormError(
                    line_field("qty", line_id),
                    ngettext(
                        "Enter a quantity of 1.",
                        "Enter a quantity from 1 to %(count)d.",
                        limit,
                    )
                    % {"count": limit}
                    if limit
                    else _("Nothing more of this item can be claimed."),
                )
            )
    total = len(form.staged) + len(files)
    if total > config.max_evidence_files:
        errors.append(
            FormError(
                "evidence",
                ngettext(
                    "Attach at most %(count)d file.",
                    "Attach at most %(count)d files.",
                    config.max_evidence_files,
                )
                % {"count": config.max_evidence_files},
            )
        )
        return
    for upload in files:
        message = _check_file(upload, config)
        if message:
            errors.append(FormError("evidence", message))


def check_evidence(
    form: ClaimForm, files: list[Any], lines: list[dict], config: WarrantyConfig
) -> None:
    """The evidence each chosen item needs for the chosen reason (the policy's
    `evidenceRequirements`: every entry met by one of its kinds), counted as the API counts
    it: the files (a photo stands for every kind of photo), the description and the item's
    serial number. A line the policy refuses anyway is left to the API's findings."""
    from ...evidence import SniffedFile, evidence_kinds

    kinds: set[str | None] = {_staged_kind(item.content_type) for item in form.staged}
    kinds |= {_upload_kind(upload, config) for upload in files}
    sniffed = [SniffedFile(None, kind, "", 0) for kind in kinds if kind]
    by_id = {line["orderLineId"]: line for line in lines}
    for line_id, choice in form.selected:
        line = by_id.get(line_id) or {}
        option = next((o for o in line.get("options", []) if o["reason"] == form.reason), None)
        if option is None or option["verdict"] == "INELIGIBLE":
            continue
        present = {k.value for k in evidence_kinds(sniffed, form.description, choice.serial)}
        for requirement in option.get("evidenceRequirements") or []:
            needed = requirement["anyOf"]
            if present.isdisjoint(needed):
                form.errors.append(
                    FormError(
                        _evidence_field(needed, line_id),
                        _("For “%(item)s”, add %(evidence)s.")
                        % {"item": line["productName"], "evidence": evidence_needed([needed])},
                    )
                )


def _evidence_field(kinds: list[str], line_id: str) -> str:
    """The control where the missing evidence goes."""
    if "SERIAL_NUMBER" in kinds and len(kinds) == 1:
        return line_field("serial", line_id)
    if "DESCRIPTION" in kinds and len(kinds) == 1:
        return "description"
    return "evidence"


def _staged_kind(content_type: str) -> str:
    if content_type == "application/pdf":
        return "pdf"
    return content_type.split("/", 1)[0]  # image | video (as sniffed when staged)


def _upload_kind(upload: Any, config: WarrantyConfig) -> str | None:
    """image, video or pdf for an upload the page accepts; None for one it refuses."""
    if _check_file(upload, config):
        return None
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = sniff(head)
    return found[0] if found else None


def _check_file(upload: Any, config: WarrantyConfig) -> str | None:
    name = getattr(upload, "name", "") or _("the file")
    if (upload.size or 0) > config.max_evidence_file_bytes:
        return _("%(name)s is larger than %(mb)d MB.") % {
            "name": name,
            "mb": config.max_evidence_file_mb,
        }
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not upload.size or sniff(head) is None:
        return _("%(name)s is not a photo, a video or a PDF.") % {"name": name}
    return None


def stage_uploads(form: ClaimForm, files: list[Any]) -> None:
    """Keep checked uploads in storage (streamed, chunk by chunk) so they survive a failed
    step; they are sent with the claim and removed afterwards."""
    folder = f"{STAGED_DIR}/{secrets.token_hex(16)}"
    for index, upload in enumerate(files):
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        sniffed = sniff(head)
        if sniffed is None:
            continue
        path = default_storage.save(f"{folder}/{index}", upload)
        name = (getattr(upload, "name", "") or f"file-{index + 1}")[:200]
        form.staged.append(StagedFile(path, name, upload.size, sniffed[1]))


def read_staged(ref: str) -> StagedFile | None:
    try:
        path, name, size, content_type = signing.loads(
            ref, salt=STAGED_SALT, max_age=STAGED_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not str(path).startswith(STAGED_DIR + "/") or not default_storage.exists(path):
        return None
    return StagedFile(str(path), str(name), int(size), str(content_type))


def discard(staged: list[StagedFile]) -> None:
    for item in staged:
        with contextlib.suppress(OSError):
            default_storage.delete(item.path)


def claim_input(form: ClaimForm, order_id: str, email: str | None) -> dict:
    """ClaimCreateInput for the plugin's API, with the staged files as uploads."""
    data: dict[str, Any] = {
        "order": order_id,
        "reason": form.reason,
        "description": form.description,
        "lines": [
            {
                "orderLine": line_id,
                "quantity": int(choice.quantity),
                "serialNumber": choice.serial or None,
                "declaredConditions": choice.conditions,
            }
            for line_id, choice in form.selected
        ],
        "evidence": [item.open() for item in form.staged],
    }
    if email:
        data["email"] = email
    if form.resolution:
        data["preferredResolution"] = form.resolution
    return data
