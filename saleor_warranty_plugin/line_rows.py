"""An order's lines for read-only callers: the query of `facts.load_order_lines`, compiled
once, its rows read as plain objects.

Eligibility reads an order's lines on every request. Building Django's queryset (four
subqueries, five joins), compiling it and making five model instances per row cost about
four times what PostgreSQL takes to answer, so here the ORM compiles the same query once
per process and database (as values), each call binds the order's and channel's ids, and
each row becomes a small object with the attributes the facts and the API read: the
line's own columns, ``variant.product.product_type`` / ``.category``, the snapshot's
facts and the four annotations. Nothing is written through these objects.
"""

from typing import Any
from uuid import UUID

import orjson

from .compiled import PerDatabase, compile_keyed
from .facts import annotated_lines

# values no real order or channel has, found in the compiled parameters and bound per call
_ORDER = UUID("00000000-0000-4000-8000-00000000f00d")
_CHANNEL = -731_945_286

#: (attribute of the row object, lookup), the line's own columns first
_LINE = (
    ("pk", "pk"),
    ("product_name", "product_name"),
    ("quantity", "quantity"),
    ("unit_price_gross_amount", "unit_price_gross_amount"),
    ("undiscounted_unit_price_gross_amount", "undiscounted_unit_price_gross_amount"),
    ("is_shipping_required", "is_shipping_required"),
    ("is_gift_card", "is_gift_card"),
    ("sale_id", "sale_id"),
    ("variant_id", "variant_id"),
    ("warranty_discount_types", "warranty_discount_types"),
    ("warranty_claimed", "warranty_claimed"),
    ("warranty_in_stock", "warranty_in_stock"),
    ("warranty_attribute_months", "warranty_attribute_months"),
)
_RELATED = (
    "metadata",
    "variant__metadata",
    "variant__product_id",
    "variant__product__slug",
    "variant__product__metadata",
    "variant__product__product_type__slug",
    "variant__product__product_type__metadata",
    "variant__product__category__slug",
    "warranty_snapshot__id",
    "warranty_snapshot__facts",
)


class Row:
    """Attributes read by the facts, the API's line types and the policy's explanations."""

    __slots__ = (
        *(name for name, _ in _LINE), "is_gift", "metadata", "variant", "warranty_snapshot"
    )  # fmt: skip
    pk: Any
    product_name: str
    quantity: int
    variant_id: int | None
    warranty_discount_types: list[str]
    is_gift: bool
    metadata: dict | None
    variant: "_Variant | None"
    warranty_snapshot: "_Snapshot | None"

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


class _Compiled:
    __slots__ = ("sql", "params", "order_at", "channel_at", "lookups", "has_gift")

    def __init__(self, alias: str) -> None:
        from saleor.order.models import OrderLine

        self.has_gift = any(f.name == "is_gift" for f in OrderLine._meta.concrete_fields)
        self.lookups = [lookup for _, lookup in _LINE] + list(_RELATED)
        if self.has_gift:
            self.lookups.append("is_gift")
        queryset = annotated_lines(_ORDER, _CHANNEL).values_list(*self.lookups)
        _, self.sql, self.params, (self.order_at, self.channel_at) = compile_keyed(
            queryset, alias, _ORDER, _CHANNEL
        )


_compiled = PerDatabase(_Compiled)


def read_order_lines(order: Any, using: str = "default") -> list[Row]:
    """The order's lines as `Row`s, in the order of `facts.load_order_lines`."""
    from django.db import connections

    query = _compiled.get(using)
    params = list(query.params)
    params[query.order_at], params[query.channel_at] = order.pk, order.channel_id
    with connections[using].cursor() as cursor:
        cursor.execute(query.sql, params)
        rows = cursor.fetchall()
    return [_row(values, query.has_gift) for values in rows]


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _row(values: tuple, has_gift: bool) -> Row:
    count = len(_LINE)
    row = Row(**{name: values[i] for i, (name, _) in enumerate(_LINE)})
    (
        metadata, variant_metadata, product_id, product_slug, product_metadata,
        type_slug, type_metadata, category_slug, snapshot_id, snapshot_facts,
    ) = values[count : count + len(_RELATED)]  # fmt: skip
    row.metadata = _json(metadata)
    row.is_gift = bool(values[-1]) if has_gift else False
    row.warranty_discount_types = list(row.warranty_discount_types or ())
    row.variant = None
    if row.variant_id is not None:
        product = _Product(
            pk=product_id,
            slug=product_slug,
            metadata=_json(product_metadata),
            product_type=_Named(type_slug, _json(type_metadata)),
            category=_Named(category_slug, None) if category_slug is not None else None,
        )
        row.variant = _Variant(_json(variant_metadata), product_id, product)
    row.warranty_snapshot = (
        _Snapshot(snapshot_id, _json(snapshot_facts)) if snapshot_id is not None else None
    )
    return row


class _Named:
    __slots__ = ("slug", "metadata")

    def __init__(self, slug: str | None, metadata: dict | None) -> None:
        self.slug, self.metadata = slug, metadata


class _Product:
    __slots__ = ("pk", "slug", "metadata", "product_type", "category")

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


class _Variant:
    __slots__ = ("metadata", "product_id", "product")

    def __init__(self, metadata: dict | None, product_id: int, product: _Product) -> None:
        self.metadata, self.product_id, self.product = metadata, product_id, product


class _Snapshot:
    __slots__ = ("pk", "facts")

    def __init__(self, pk: int, facts: dict) -> None:
        self.pk, self.facts = pk, facts
