"""The schema's scalars, with input parsing that never raises.

graphene's own `Decimal`, `DateTime` and `JSONString` raise on some malformed input (`""`,
`"T"`, a document nested 100,000 levels), which graphql-core turns into an internal error.
These keep graphene's names and output, and answer None for anything they cannot read, so
graphql-core reports a typed validation error ("Expected type ...") instead. Use them, never
graphene's, anywhere in the plugin's schema: two types of one name cannot share a schema.
"""

import datetime
import decimal
import json
import re

import graphene
from django.core.files import File
from graphql.language import ast

from ..policy import bounds
from ..text import bad_character

MAX_DECIMAL_CHARS = 40
MAX_DECIMAL_DIGITS_BEFORE_POINT = 15  # 10^15: more than any order total
MAX_DECIMAL_PLACES = 12
MAX_DATETIME_CHARS = 64
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)

_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?")


def parse_decimal(value) -> decimal.Decimal | None:
    """A finite Decimal of a sane magnitude from a number or numeric text, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > MAX_DECIMAL_CHARS or not _DECIMAL_TEXT.fullmatch(text):
        return None
    number = decimal.Decimal(text)
    if number.is_zero():
        return decimal.Decimal(0)
    if number.adjusted() >= MAX_DECIMAL_DIGITS_BEFORE_POINT:
        return None
    if -number.as_tuple().exponent > MAX_DECIMAL_PLACES:  # type: ignore[operator]
        return None
    return number


def parse_datetime(value) -> datetime.datetime | None:
    """An aware date-time (naive ones are UTC) between 1970 and 2200 from ISO 8601, else None."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str) and len(value) <= MAX_DATETIME_CHARS and "T" in value.upper():
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    try:
        in_range = EARLIEST <= parsed < LATEST
    except (OverflowError, ValueError):  # an offset that moves it outside datetime's range
        return None
    return parsed if in_range else None


def parse_json(value):
    """A JSON value from text bounded in size and depth (checked before `json.loads`
    recurses), or an already decoded object within the same bounds; None otherwise."""
    if isinstance(value, str):
        if len(value) > bounds.MAX_DOCUMENT_CHARS or bad_character(value):
            return None
        if bounds.json_depth(value) > bounds.MAX_DEPTH:
            return None
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if value is None:
        return None
    try:
        bounds.check_value(value)
    except bounds.DocumentRefused:
        return None
    return value


class Decimal(graphene.Decimal):
    """The `Decimal` scalar: a decimal number, sent as a string (`"12.30"`) or a number."""

    class Meta:
        name = "Decimal"

    @classmethod
    def parse_literal(cls, node):
        if isinstance(node, ast.StringValue | ast.IntValue | ast.FloatValue):
            return parse_decimal(node.value)
        return None

    @staticmethod
    def parse_value(value):
        return parse_decimal(value)


class DateTime(graphene.DateTime):
    """An ISO 8601 date-time; without an offset it is taken as UTC."""

    class Meta:
        name = "DateTime"

    @classmethod
    def parse_literal(cls, node):
        if isinstance(node, ast.StringValue):
            return parse_datetime(node.value)
        return None

    @staticmethod
    def parse_value(value):
        return parse_datetime(value)


class JSONString(graphene.JSONString):
    """A JSON value sent as a string (or as the JSON value itself)."""

    class Meta:
        name = "JSONString"

    @staticmethod
    def parse_literal(node):
        if isinstance(node, ast.StringValue):
            return parse_json(node.value)
        return None

    @staticmethod
    def parse_value(value):
        return parse_json(value)


class Upload(graphene.types.Scalar):
    """A file sent as a part of a multipart request (GraphQL multipart request spec)."""

    class Meta:
        description = "Variables of this type must be set to null in the operations and the "
        "file sent as a separate part of a multipart request."

    @staticmethod
    def serialize(value):
        return None

    @staticmethod
    def parse_literal(node):
        return None

    @staticmethod
    def parse_value(value):
        # text where a file belongs is kept, so the mutation can answer INVALID_FILE
        return value if isinstance(value, File | str) else None
