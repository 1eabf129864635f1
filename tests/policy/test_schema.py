"""Policy documents: validation with every error and its path, versions, presets, schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from saleor_warranty_plugin.policy import (
    PRESETS,
    ClaimReason,
    PolicyError,
    parse_policy,
    policy_json_schema,
    preset_document,
)


def doc(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "version": 1,
        "name": "Test shop",
        "reasons": {
            "DEFECTIVE": {"window": {"anchor": "delivered", "days": 14}, "resolutions": ["REFUND"]}
        },
    }
    base.update(overrides)
    return base


def errors_of(document: Any) -> list[str]:
    with pytest.raises(PolicyError) as error:
        parse_policy(document)
    return [str(issue) for issue in error.value.errors]


def test_minimal_document_parses() -> None:
    policy = parse_policy(doc())
    assert policy.name == "Test shop"
    assert policy.version == 1
    assert policy.reasons == (ClaimReason.DEFECTIVE,)


def test_zero_days_reports_path() -> None:
    document = doc()
    document["reasons"]["DEFECTIVE"]["window"]["days"] = 0
    assert errors_of(document) == ["reasons.DEFECTIVE.window.days: must be > 0"]


def test_every_error_is_reported_with_its_path() -> None:
    # given a document with several independent mistakes
    document = doc(
        colour="red",
        refund={"methods": "cash"},
        reasons={
            "DEFECTIVE": {"window": {"anchor": "delivered", "days": -1}, "resolutions": ["GOLD"]},
            "CHANGED_MIND": {"window": {"anchor": "ordered"}, "resolutions": ["REFUND"]},
            "BORED": {"accepted": False},
        },
    )
    # when it is parsed, then every problem is listed
    errors = errors_of(document)
    assert "colour: unknown field" in errors
    assert "reasons.DEFECTIVE.window.days: must be > 0" in errors
    assert any(e.startswith("reasons.DEFECTIVE.resolutions.0: must be one of") for e in errors)
    assert any(e.startswith("refund.methods: must be one of") for e in errors)
    assert any(e.startswith("reasons.BORED: must be one of") for e in errors)
    assert (
        "reasons.CHANGED_MIND.window: exactly one of days, working_days, months is required"
        in errors
    )
    assert len(errors) == 6


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"version": 2}, "version: must be 1"),
        ({"name": ""}, "name: must not be empty"),
        ({"reasons": {}}, "reasons: must have at least 1 item(s)"),
        ({"calendar": {"country": "XX"}}, "calendar.country: no public-holiday data for XX"),
        ({"calendar": {"weekend": [7]}}, "calendar.weekend.0: must be <= 6"),
        (
            {"exclusions": [{"when": {"groups": ["ghost"]}}]},
            "exclusions.0.when.groups.0: unknown product group 'ghost'",
        ),
        (
            {"exclusions": [{"when": {}}]},
            "exclusions.0.when: a matcher needs at least one criterion",
        ),
        (
            {"reasons": {"DEFECTIVE": {"warranty": True, "resolutions": ["REPAIR"]}}},
            "reasons.DEFECTIVE.warranty: the policy has no warranty section",
        ),
        (
            {
                "reasons": {
                    "DEFECTIVE": {
                        "before_dispatch_only": True,
                        "resolutions": ["REFUND"],
                        "fees": ["NOPE"],
                    }
                }
            },
            "reasons.DEFECTIVE.fees.0: unknown fee 'NOPE'",
        ),
        (
            {
                "reasons": {
                    "DEFECTIVE": {
                        "window": {"any_of": [{"anchor": "ordered", "days": 1}]},
                        "resolutions": ["REFUND"],
                    }
                }
            },
            "reasons.DEFECTIVE.window.any_of: a combinator needs at least two windows",
        ),
        (
            {
                "reasons": {
                    "DEFECTIVE": {
                        "window": {"anchor": "ordered", "days": 1, "months": 1},
                        "resolutions": ["REFUND"],
                    }
                }
            },
            "reasons.DEFECTIVE.window: exactly one of days, working_days, months is required",
        ),
        (
            {
                "reasons": {
                    "DEFECTIVE": {
                        "window": {"anchor": "ordered", "days": 1},
                        "resolutions": ["REFUND"],
                        "needs_stock": ["EXCHANGE"],
                    }
                }
            },
            "reasons.DEFECTIVE: needs_stock lists resolutions not offered: ['EXCHANGE']",
        ),
        (
            {
                "reasons": {
                    "DEFECTIVE": {"window": {"anchor": "ordered", "days": 1}, "resolutions": []}
                }
            },
            "reasons.DEFECTIVE: an accepted reason needs at least one resolution",
        ),
        (
            {"refund": {"fees": [{"code": "FEE", "label": "Fee", "percent": 150}]}},
            "refund.fees.0.percent: must be <= 100",
        ),
    ],
)
def test_invalid_documents(change: dict[str, Any], expected: str) -> None:
    assert expected in errors_of(doc(**change))


def test_missing_version_names_the_current_one() -> None:
    document = doc()
    del document["version"]
    assert errors_of(document) == ["version: is required (current schema version: 1)"]


@pytest.mark.parametrize("text", ["version: [1", "{not json", "- just\n- a list\n"])
def test_unparseable_text(text: str) -> None:
    assert len(errors_of(text)) == 1


def test_yaml_and_json_text_are_accepted() -> None:
    from_yaml = parse_policy(yaml.safe_dump(doc()))
    from_json = parse_policy(json.dumps(doc()))
    assert from_yaml.document == from_json.document


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_presets_are_valid_and_their_documents_round_trip(preset_id: str) -> None:
    policy = parse_policy(preset_document(preset_id))
    again = parse_policy(json.loads(json.dumps(policy.document)))
    assert again.document == policy.document
    assert set(policy.reasons) == set(ClaimReason)
    assert PRESETS[preset_id].name == policy.name


def test_policy_is_immutable() -> None:
    policy = parse_policy(doc())
    with pytest.raises(AttributeError):
        policy.name = "other"  # type: ignore[misc]


def test_unknown_preset_raises_key_error() -> None:
    with pytest.raises(KeyError):
        preset_document("no-such-shop")


def test_json_schema_forbids_unknown_fields() -> None:
    schema = policy_json_schema()
    assert schema["additionalProperties"] is False
    assert {"version", "name", "reasons"} <= set(schema["required"])
    assert schema["$defs"]["Window"]["additionalProperties"] is False
    json.dumps(schema)
