"""Saleor-compatible global IDs (`base64("Type:pk")`)."""

import uuid

from graphql_relay import from_global_id as _decode
from graphql_relay import to_global_id as _encode


def to_global_id(type_name: str, pk) -> str:
    return _encode(type_name, str(pk))


def decode_id(value, expected_type: str, kind=str):
    """The pk inside a global ID of `expected_type`, converted by `kind`; None if malformed,
    of another type, or not a valid pk."""
    if not isinstance(value, str) or not value or len(value) > 200:
        return None
    try:
        type_name, raw = _decode(value)
    except Exception:  # not base64 / no colon
        return None
    if type_name != expected_type or not raw:
        return None
    try:
        return kind(raw)
    except (TypeError, ValueError):
        return None


def decode_uuid(value, expected_type: str):
    return decode_id(value, expected_type, uuid.UUID)


def decode_int(value, expected_type: str):
    pk = decode_id(value, expected_type, int)
    return pk if pk is not None and 0 < pk < 2**63 else None
