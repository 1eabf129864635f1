"""Evidence uploads: the type is read from the file's first bytes, never from its name or
the content type the client claims; size and count are capped by the plugin configuration."""

from dataclasses import dataclass
from typing import Any

from django.core import signing

from .const import EVIDENCE_PATH, URL_PREFIX
from .error_codes import ClaimError, ClaimErrorCode
from .policy import EvidenceKind

SNIFF_BYTES = 32
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_VIDEO_BRANDS = {
    b"isom",
    b"iso2",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"dash",
}

# What a file of each kind can stand for; the claim's description and the lines' serial
# numbers stand for DESCRIPTION and SERIAL_NUMBER.
EVIDENCE_BY_KIND: dict[str, frozenset[EvidenceKind]] = {
    "image": frozenset(
        {
            EvidenceKind.PHOTO_OF_PACKAGE,
            EvidenceKind.PHOTO_OF_ITEM,
            EvidenceKind.SHIPPING_SLIP,
            EvidenceKind.PROOF_OF_PURCHASE,
        }
    ),
    "video": frozenset({EvidenceKind.VIDEO_OF_DEFECT}),
    "pdf": frozenset({EvidenceKind.PROOF_OF_PURCHASE, EvidenceKind.SHIPPING_SLIP}),
}


@dataclass(frozen=True)
class SniffedFile:
    upload: Any
    kind: str  # image | video | pdf
    content_type: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    """(kind, content type) from a file's first bytes, or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image", "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp"
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video", "video/webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "image", "image/heic" if brand != b"avif" else "image/avif"
        if brand in _VIDEO_BRANDS:
            return "video", "video/quicktime" if brand == b"qt  " else "video/mp4"
    return None


def check_uploads(uploads: list[Any], max_files: int, max_bytes: int) -> list[SniffedFile]:
    if len(uploads) > max_files:
        raise ClaimError(
            ClaimErrorCode.TOO_MANY_FILES,
            f"At most {max_files} evidence files may be attached to a claim.",
            field="evidence",
        )
    checked = []
    for index, upload in enumerate(uploads):
        if upload is None or not hasattr(upload, "read"):
            raise ClaimError(ClaimErrorCode.INVALID_FILE, "Expected an uploaded file.", "evidence")
        name = getattr(upload, "name", "") or f"file {index + 1}"
        size = getattr(upload, "size", None) or 0
        if size > max_bytes:
            raise ClaimError(
                ClaimErrorCode.FILE_TOO_LARGE,
                f"{name} is larger than {max_bytes // (1024 * 1024)} MB.",
                field="evidence",
            )
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        sniffed = sniff(head)
        if size == 0 or sniffed is None:
            raise ClaimError(
                ClaimErrorCode.INVALID_FILE,
                f"{name} is not a photo (JPEG, PNG, GIF, WebP, HEIC), a video (MP4, "
                "QuickTime, WebM) or a PDF.",
                field="evidence",
            )
        checked.append(SniffedFile(upload, sniffed[0], sniffed[1], size))
    return checked


def evidence_kinds(files: list[SniffedFile], description: str, serial: str | None) -> frozenset:
    """Evidence a claim carries. The Saleor order itself proves the purchase: claims are only
    made against orders placed in the shop."""
    kinds: set[EvidenceKind] = {EvidenceKind.PROOF_OF_PURCHASE}
    for file in files:
        kinds |= EVIDENCE_BY_KIND[file.kind]
    if description.strip():
        kinds.add(EvidenceKind.DESCRIPTION)
    if serial and serial.strip():
        kinds.add(EvidenceKind.SERIAL_NUMBER)
    return frozenset(kinds)


URL_SALT = "saleor_warranty_plugin.evidence"
URL_MAX_AGE = 600  # seconds a link stays valid


def signed_path(evidence_pk: int) -> str:
    """A short-lived link to one evidence file, handed only to those who may see its claim
    (browsers cannot send an Authorization header for an <img> or a download)."""
    token = signing.TimestampSigner(salt=URL_SALT).sign(str(evidence_pk))
    return f"{URL_PREFIX}{EVIDENCE_PATH}{token}/"


def serve_signed(request: Any, token: str) -> Any:
    """The file behind a signed link; 404 for anything forged, expired or missing."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse, HttpResponseNotAllowed, HttpResponseNotFound

    from .models import ClaimEvidence

    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        pk = int(signing.TimestampSigner(salt=URL_SALT).unsign(token, max_age=URL_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return HttpResponseNotFound()
    evidence = ClaimEvidence.objects.filter(pk=pk).first()
    if evidence is None or not default_storage.exists(evidence.file.name):
        return HttpResponseNotFound()
    response = FileResponse(
        default_storage.open(evidence.file.name, "rb"), content_type=evidence.content_type
    )
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=60"
    return response
