"""Evidence files sent with claimCreate as GraphQL multipart requests, through the endpoint."""

import json
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from saleor.plugins.models import PluginConfiguration

from saleor_warranty_plugin.models import Claim, ClaimEvidence, ClaimLine

from .fixtures import data_of, warranty_client
from .helpers import CLAIM, CLAIM_CREATE, CLAIMS, claim_input, gid, set_policy

DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
MB = 1024 * 1024

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 16
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00;"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 8
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01webm" + b"\x00" * 8
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 8
TEXT = b"This is not a photo, whatever its name says.\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files land in a fresh MEDIA_ROOT (Saleor's test settings leave it empty)."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def shop(fulfilled_order, channel_USD):
    set_policy(channel_USD, "electronics-store")
    return fulfilled_order


def configure(**values):
    """Change the plugin's global configuration, as the dashboard would."""
    plugin = PluginConfiguration.objects.get(identifier="saleor.warranty")
    plugin.configuration = [
        {"name": item["name"], "value": str(values.get(item["name"], item["value"]))}
        for item in plugin.configuration
    ]
    plugin.save(update_fields=["configuration"])


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_claim(client, data: dict, files: list):
    """claimCreate as a multipart request: `files` fill `input.evidence` in order."""
    data = {**data, "evidence": [None] * len(files)}
    operations = {"query": CLAIM_CREATE, "variables": {"input": data}}
    file_map = {str(i): [f"variables.input.evidence.{i}"] for i in range(len(files))}
    body = {"operations": json.dumps(operations), "map": json.dumps(file_map)}
    body.update({str(i): file for i, file in enumerate(files)})
    response = client.post_multipart(body)
    assert response.status_code == 200, response.content
    return data_of(response)["claimCreate"]


def changed_mind(order) -> dict:
    line = order.lines.order_by("created_at", "pk").first()
    return claim_input(order, [(line, 1, {"declaredConditions": DECLARED})])


def damaged_in_transit(order) -> dict:
    """A reason for which the electronics policy asks for a photo of the item."""
    line = order.lines.order_by("created_at", "pk").first()
    return claim_input(order, [(line, 1)], reason="DAMAGED_IN_TRANSIT")


def stored(media) -> tuple:
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return Claim.objects.count(), ClaimLine.objects.count(), ClaimEvidence.objects.count(), files


def codes(payload) -> list[str]:
    return [error["code"] for error in payload["errors"]]


ACCEPTED = {
    "jpeg": ("photo.jpg", JPEG, "image", "image/jpeg"),
    "png_named_jpg": ("photo.jpg", PNG, "image", "image/png"),
    "pdf": ("receipt.pdf", PDF, "pdf", "application/pdf"),
    "mp4_without_extension": ("defect", MP4, "video", "video/mp4"),
    "gif": ("a.gif", GIF, "image", "image/gif"),
    "heic": ("IMG_0001.HEIC", HEIC, "image", "image/heic"),
    "webm": ("clip.webm", WEBM, "video", "video/webm"),
    "quicktime": ("clip.mov", MOV, "video", "video/quicktime"),
}


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"), ACCEPTED.values(), ids=ACCEPTED.keys()
)
def test_files_are_stored_with_the_sniffed_type(
    customer_warranty_client, shop, media, name, content, kind, content_type
):
    # given a file whose declared content type says nothing (octet-stream)
    file = upload(name, content)

    # when the owner attaches it to a claim
    payload = post_claim(customer_warranty_client, changed_mind(shop), [file])

    # then the claim shows it with the type read from its bytes
    assert payload["errors"] == []
    expected = {"kind": kind, "contentType": content_type, "size": len(content), "name": name}
    assert payload["claim"]["evidence"] == [expected]
    # and the bytes are saved in the default storage, under MEDIA_ROOT
    evidence = ClaimEvidence.objects.get()
    assert (evidence.kind, evidence.content_type) == (kind, content_type)
    assert str(evidence.claim_id) in evidence.file.name
    with default_storage.open(evidence.file.name) as saved:
        assert saved.read() == content
    assert (media / evidence.file.name).is_file()


def test_several_files_on_one_claim(customer_warranty_client, shop, media):
    # given a photo, a receipt and a video
    files = [upload("a.jpg", JPEG), upload("b.pdf", PDF), upload("c.mp4", MP4)]

    # when they are sent together
    payload = post_claim(customer_warranty_client, changed_mind(shop), files)

    # then each one is stored, in order, with its own kind
    assert payload["errors"] == []
    assert [e["kind"] for e in payload["claim"]["evidence"]] == ["image", "pdf", "video"]
    assert ClaimEvidence.objects.filter(claim_id=Claim.objects.get().pk).count() == 3
    assert len(stored(media)[3]) == 3


def test_a_photo_satisfies_a_photo_requirement(customer_warranty_client, shop, media):
    # given a reason that needs a photo of the item, and only a PDF at first
    refused = post_claim(customer_warranty_client, damaged_in_transit(shop), [upload("x.pdf", PDF)])

    # then a PDF is not a photo: EVIDENCE_REQUIRED, and nothing stored
    assert "EVIDENCE_REQUIRED" in codes(refused)
    assert stored(media) == (0, 0, 0, [])

    # when a real JPEG is attached instead, the claim is accepted with it
    accepted = post_claim(
        customer_warranty_client, damaged_in_transit(shop), [upload("x.jpg", JPEG)]
    )
    assert accepted["errors"] == []
    assert [e["kind"] for e in accepted["claim"]["evidence"]] == ["image"]


def refused_text_named_jpg():
    return [upload("photo.jpg", TEXT, content_type="image/jpeg")], {}


def refused_empty_file():
    return [upload("photo.jpg", b"", content_type="image/jpeg")], {}


def refused_text_among_photos():
    return [upload("a.jpg", JPEG), upload("b.jpg", TEXT, content_type="image/jpeg")], {}


def refused_too_large():
    return [upload("big.jpg", JPEG + b"\x00" * (MB + 1 - len(JPEG)))], {"max_evidence_file_mb": 1}


def refused_too_many_by_default():
    return [upload(f"{i}.jpg", JPEG) for i in range(6)], {}


def refused_too_many_configured():
    return [upload("a.jpg", JPEG), upload("b.jpg", JPEG)], {"max_evidence_files": 1}


def refused_files_disabled():
    return [upload("a.jpg", JPEG)], {"max_evidence_files": 0}


REFUSED = {
    "text_named_jpg": (refused_text_named_jpg, "INVALID_FILE"),
    "empty_file": (refused_empty_file, "INVALID_FILE"),
    "text_among_photos": (refused_text_among_photos, "INVALID_FILE"),
    "too_large": (refused_too_large, "FILE_TOO_LARGE"),
    "too_many_by_default": (refused_too_many_by_default, "TOO_MANY_FILES"),
    "too_many_configured": (refused_too_many_configured, "TOO_MANY_FILES"),
    "files_disabled": (refused_files_disabled, "TOO_MANY_FILES"),
}


@pytest.mark.parametrize(("case", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_uploads_store_nothing(customer_warranty_client, shop, media, case, code):
    # given the plugin's limits and a set of files breaking one of them
    files, config = case()
    configure(**config)

    # when the owner sends a claim that is otherwise valid
    payload = post_claim(customer_warranty_client, changed_mind(shop), files)

    # then one typed error, no claim, no evidence row and no file on disk
    assert payload["claim"] is None
    assert codes(payload) == [code]
    assert stored(media) == (0, 0, 0, [])


def test_evidence_sent_as_plain_json_is_not_a_file(customer_warranty_client, shop, media):
    # given a JSON request that puts a string where a file upload belongs
    data = {**changed_mind(shop), "evidence": ["photo.jpg"]}

    # when it is sent, then the "file" is refused and nothing is stored
    payload = data_of(customer_warranty_client.post_graphql(CLAIM_CREATE, {"input": data}))
    assert codes(payload["claimCreate"]) == ["INVALID_FILE"]
    assert stored(media) == (0, 0, 0, [])


def test_a_file_name_cannot_escape_the_claim_folder(customer_warranty_client, shop, media):
    # given a photo whose name tries to climb out of the upload folder
    file = upload("../../../../etc/passwd.jpg", JPEG)

    # when it is attached, then it is saved inside the claim's own folder under MEDIA_ROOT
    payload = post_claim(customer_warranty_client, changed_mind(shop), [file])
    assert payload["errors"] == []
    evidence = ClaimEvidence.objects.get()
    folder = f"warranty/evidence/{evidence.claim_id}/"
    assert evidence.file.name.startswith(folder)
    assert ".." not in evidence.file.name
    assert (media / evidence.file.name).resolve().is_relative_to(media.resolve())


def test_size_limit_is_inclusive(customer_warranty_client, shop):
    # given a 1 MB limit and a JPEG of exactly 1 MB
    configure(max_evidence_file_mb=1)
    file = upload("edge.jpg", JPEG + b"\x00" * (MB - len(JPEG)))

    # when it is sent, then it is accepted
    payload = post_claim(customer_warranty_client, changed_mind(shop), [file])
    assert payload["errors"] == []
    assert payload["claim"]["evidence"][0]["size"] == MB


def test_valid_files_for_a_hidden_order_store_nothing(customer_user2, shop, media):
    # given another customer sending a real photo with a claim on someone else's order
    client = warranty_client(user=customer_user2)

    # when they send it
    payload = post_claim(client, changed_mind(shop), [upload("a.jpg", JPEG)])

    # then the order is not found and the file is not kept
    assert codes(payload) == ["NOT_FOUND"]
    assert stored(media) == (0, 0, 0, [])


@pytest.fixture
def claim_with_photo(customer_warranty_client, shop) -> str:
    payload = post_claim(customer_warranty_client, changed_mind(shop), [upload("a.jpg", JPEG)])
    assert payload["errors"] == []
    return payload["claim"]["id"]


@pytest.mark.parametrize("requestor", ["other_customer", "anonymous", "staff_without_orders"])
def test_evidence_is_never_shown_to_others(
    claim_with_photo, requestor, customer_user2, staff_users
):
    # given a claim with a photo, made by its owner
    user = {"other_customer": customer_user2, "staff_without_orders": staff_users[2]}.get(requestor)
    client = warranty_client(user=user)

    # when someone else asks for it, by id or in a list
    by_id = client.post_graphql(CLAIM, {"id": claim_with_photo})
    missing = client.post_graphql(CLAIM, {"id": gid("Claim", uuid.uuid4())})

    # then they get what they would get for a claim that does not exist
    assert data_of(by_id)["claim"] is None
    assert by_id.content == missing.content
    if requestor != "anonymous":
        assert data_of(client.post_graphql(CLAIMS, {}))["claims"]["totalCount"] == 0


def test_owner_and_staff_see_the_evidence(
    claim_with_photo, customer_warranty_client, staff_warranty_client
):
    for client in (customer_warranty_client, staff_warranty_client):
        claim = data_of(client.post_graphql(CLAIM, {"id": claim_with_photo}))["claim"]
        assert [(e["kind"], e["contentType"]) for e in claim["evidence"]] == [
            ("image", "image/jpeg")
        ]
