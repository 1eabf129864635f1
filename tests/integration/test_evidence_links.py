"""Evidence files are reachable only through short-lived links given to those who may see
the claim."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from freezegun import freeze_time

from saleor_warranty_plugin.models import ClaimEvidence

from .fixtures import data_of, warranty_client
from .helpers import gid, set_policy
from .resolution_helpers import received_claim

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EVIDENCE = "query($id: ID!) { claim(id: $id) { evidence { url contentType } } }"


@pytest.fixture
def claim_with_photo(fulfilled_order, channel_USD, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    policy = set_policy(channel_USD, "cross-border-store")
    claim = received_claim(
        fulfilled_order, policy, [(fulfilled_order.lines.first(), 1)], photo=False
    )
    evidence = ClaimEvidence(claim=claim, kind="image", content_type="image/png", size=len(PHOTO))
    evidence.file.save("box.png", ContentFile(PHOTO), save=True)
    return claim


def test_owner_gets_a_working_link(customer_warranty_client, claim_with_photo):
    data = data_of(
        customer_warranty_client.post_graphql(EVIDENCE, {"id": gid("Claim", claim_with_photo.pk)})
    )
    url = data["claim"]["evidence"][0]["url"]
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_customers_get_no_link(claim_with_photo, django_user_model):
    stranger = django_user_model.objects.create(email="stranger@example.com", is_active=True)
    data = data_of(
        warranty_client(user=stranger).post_graphql(
            EVIDENCE, {"id": gid("Claim", claim_with_photo.pk)}
        )
    )
    assert data["claim"] is None


def test_forged_or_expired_links_are_not_found(staff_warranty_client, claim_with_photo):
    data = data_of(
        staff_warranty_client.post_graphql(EVIDENCE, {"id": gid("Claim", claim_with_photo.pk)})
    )
    url = data["claim"]["evidence"][0]["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = url.replace(token, str(ClaimEvidence.objects.get().pk) + ":forged")
    assert Client().get(forged).status_code == 404
    assert Client().post(url).status_code == 405
    from django.utils import timezone

    with freeze_time(timezone.now() + timedelta(minutes=11)):
        assert Client().get(url).status_code == 404
