"""Hypothesis strategies for every operation of the plugin's schema, read from the schema.

Each operation becomes a document declaring one variable per argument, selecting the leaf
fields of what it returns (two levels deep) and its payload `errors`. Variable values mix
well-formed values (real ids of the shop's rows, enum names, sane numbers and dates) with
hostile ones of the same and of other types, so the fuzz reaches the actions as well as the
refusals.
"""

import json
import os
from dataclasses import dataclass, field
from datetime import datetime

from graphql.type import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from saleor_warranty_plugin.graphql.schema import schema as graphene_schema

# CI runs the default profile; WARRANTY_FUZZ_PROFILE=nightly runs the long one. Each test
# fixes its seed (`hypothesis.seed`), so a run is reproducible and CI deterministic.
COMMON = {
    "database": None,
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": list(HealthCheck),
}
settings.register_profile("warranty-ci", max_examples=400, **COMMON)
settings.register_profile("warranty-nightly", max_examples=5_000, **COMMON)
PROFILE = settings.get_profile(f"warranty-{os.environ.get('WARRANTY_FUZZ_PROFILE', 'ci')}")

SCHEMA = (
    graphene_schema.graphql_schema
    if hasattr(graphene_schema, "graphql_schema")
    else graphene_schema
)
NUL = "\x00"
HOSTILE_TEXT = [
    "", " ", NUL, f"a{NUL}b", "\x01", "\x1b[31m", "\x7f", "\ud800", "a\udfffb", "\u202e", "😀" * 10,
    "' OR 1=1 --", "%", "_", "\\", '"', "{}", "[]", "null", "NaN", "Infinity", "1e309", "-1e309",
    "T", "12,30", "$10", "0x10", "x" * 300, "y" * 20_001, "Q2xhaW06", "T3JkZXI6", "<script>",
]  # fmt: skip
HOSTILE_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    2**31,
    -(2**31) - 1,
    10**30,
    1.5,
    1e308,
    [],
    {},
    [None],
    {"a": NUL},
]
ID_KINDS = {
    "order": "Order",
    "orderLine": "OrderLine",
    "id": "Claim",
    "claimLine": "ClaimLine",
    "fulfillment": "Fulfillment",
    "exchangeVariant": "ProductVariant",
    "warehouse": "Warehouse",
}


@dataclass
class Pools:
    """Real values of the shop: global ids by type, channel slugs, emails; `claims` is read
    at draw time, so claims the fuzz creates are used by later examples."""

    ids: dict[str, list[str]]
    channels: list[str]
    emails: list[str]
    claims: "callable"  # () -> list of (claim gid, [claim line gids])
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" or "mutation"
    name: str
    document: str
    args: dict  # variable name -> graphql-core input type


def operations() -> list[Operation]:
    found = []
    for kind, root in (
        ("query", SCHEMA.get_query_type()),
        ("mutation", SCHEMA.get_mutation_type()),
    ):
        for name, gql_field in sorted(root.fields.items()):
            args = {arg_name: arg.type for arg_name, arg in gql_field.args.items()}
            declared = ", ".join(f"${a}: {t}" for a, t in args.items())
            passed = ", ".join(f"{a}: ${a}" for a in args)
            selection = _selection(gql_field.type, 2)
            document = (
                f"{kind}{f'({declared})' if declared else ''} "
                f"{{ {name}{f'({passed})' if passed else ''}{selection} }}"
            )
            found.append(Operation(kind, name, document, args))
    return found


def _unwrap(gql_type):
    while isinstance(gql_type, GraphQLNonNull | GraphQLList):
        gql_type = gql_type.of_type
    return gql_type


def _selection(gql_type, depth: int) -> str:
    named = _unwrap(gql_type)
    if not isinstance(named, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for name, gql_field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in gql_field.args.values()):
            continue
        inner = _unwrap(gql_field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth > 1 or name == "errors":
                parts.append(name + _selection(inner, depth - 1))
        else:
            parts.append(name)
    return " { " + " ".join(parts) + " }"


def variables_for(operation: Operation, pools: Pools, hostile: bool):
    """Variables for `operation`: well-typed ones, or (`hostile`) any value in any place."""
    values = {name: value_for(t, pools, name, hostile) for name, t in operation.args.items()}
    if hostile:
        return st.fixed_dictionaries({}, optional=values)
    required = {k: v for k, v in values.items() if isinstance(operation.args[k], GraphQLNonNull)}
    optional = {k: v for k, v in values.items() if k not in required}
    return st.fixed_dictionaries(required, optional=optional)


def value_for(gql_type, pools: Pools, name: str, hostile: bool):
    if isinstance(gql_type, GraphQLNonNull):
        value = value_for(gql_type.of_type, pools, name, hostile)
        return value | st.just(None) if hostile else value
    if isinstance(gql_type, GraphQLList):
        if not hostile and _unwrap(gql_type).name == "Upload":
            return st.just([])  # a JSON request carries no files
        item = value_for(gql_type.of_type, pools, name, hostile)
        return (
            (st.lists(item, max_size=4) | item)
            if hostile
            else st.lists(item, min_size=1, max_size=3)
        )
    if isinstance(gql_type, GraphQLInputObjectType):
        fields = {
            f_name: value_for(f.type, pools, f_name, hostile)
            for f_name, f in gql_type.fields.items()
        }
        required = {
            k: v for k, v in fields.items() if isinstance(gql_type.fields[k].type, GraphQLNonNull)
        }
        optional = {k: v for k, v in fields.items() if k not in required}
        objects = st.fixed_dictionaries(required, optional=optional)
        if not hostile:
            return objects
        return objects | objects.map(lambda d: {**d, "unknownField": 1}) | _hostile()
    if isinstance(gql_type, GraphQLEnumType):
        names = st.sampled_from(sorted(value.name for value in gql_type.values))
        return names | _hostile() if hostile else names
    assert isinstance(gql_type, GraphQLScalarType)
    valid = _scalar(gql_type.name, pools, name, hostile)
    return valid | _hostile() if hostile else valid


def _hostile():
    return st.sampled_from(HOSTILE_VALUES) | st.sampled_from(HOSTILE_TEXT)


def _scalar(scalar: str, pools: Pools, name: str, hostile: bool):
    printable = st.characters(blacklist_categories=("Cs", "Cc"))
    text = (
        st.text(max_size=40) | st.text(st.characters(codec="utf-8"), max_size=20)
        if hostile
        else st.text(printable, max_size=30)
    )
    if scalar == "ID":
        return _ids(pools, name) | text if hostile else _ids(pools, name, own_only=True)
    if scalar == "Int":
        sane = st.integers(0, 5) if name == "quantity" else st.integers(0, 100)
        wild = (
            st.integers(-(2**31), 2**31 - 1)
            | st.integers()
            | st.floats()
            | st.sampled_from(["1e309", "3", "1.5"])
        )
        return sane | wild if hostile else sane | st.integers(0, 200)
    if scalar == "Float":
        return st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(["1e309", "nan"])
    if scalar == "Boolean":
        return st.booleans() | st.sampled_from(["true", 1]) if hostile else st.booleans()
    if scalar == "Decimal":
        decimals = st.decimals(min_value=-10, max_value=2_000, places=2, allow_nan=False).map(str)
        wild = (
            st.sampled_from(
                ["", "12,30", "$10", "NaN", "-Infinity", "1e999999999", "1e-999999", "-0"]
            )
            | st.floats()
        )
        return decimals | wild if hostile else decimals
    if scalar == "DateTime":
        moments = st.datetimes(
            min_value=datetime(2020, 1, 1),
            max_value=datetime(2030, 1, 1),
            timezones=st.timezones() | st.none(),
        )
        if hostile:
            moments = st.datetimes(timezones=st.timezones() | st.none())
        wild = st.sampled_from(["T", "", "2026-13-40T99:99", "9999-12-31T23:59:59-23:59"])
        return (
            moments.map(lambda m: m.isoformat()) | wild
            if hostile
            else moments.map(lambda m: m.isoformat())
        )
    if scalar == "JSONString":
        if not hostile:
            return st.sampled_from(pools.extra.get("preset_documents", [{"version": 1}])).map(
                json.dumps
            )
        return _policy_documents(pools) | st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
            max_leaves=20,
        ).map(json.dumps)  # fmt: skip
    if scalar == "Upload":
        return st.none() | st.just("file.jpg")
    if scalar == "String":
        if name == "channel":
            return st.sampled_from(pools.channels) | text
        if name == "email":
            return st.sampled_from(pools.emails) | text
        if name == "preset":
            return st.sampled_from(pools.extra.get("presets", ["x"])) | text
    return text


def _ids(pools: Pools, name: str, own_only: bool = False):
    kind = ID_KINDS.get(name)
    if kind == "Claim":
        return st.integers(0, 1_000).map(lambda i: _pick([c for c, _ in pools.claims()], i))
    if kind == "ClaimLine":
        return st.integers(0, 1_000).map(
            lambda i: _pick([line for _, lines in pools.claims() for line in lines], i)
        )
    every = sorted({v for values in pools.ids.values() for v in values})
    own = pools.ids.get(kind or "", []) or every
    return st.sampled_from(own) if own_only else st.sampled_from(own) | st.sampled_from(every)


def _pick(values: list[str], index: int) -> str:
    return values[index % len(values)] if values else "Q2xhaW06bm9uZQ=="


def _policy_documents(pools: Pools):
    presets = pools.extra.get("preset_documents", [])
    base = st.sampled_from(presets) if presets else st.just({"version": 1})
    mutated = st.tuples(base, st.sampled_from(HOSTILE_VALUES + HOSTILE_TEXT[:20])).map(
        lambda pair: {**pair[0], "name": pair[1]}
    )
    deep = st.integers(1, 100_000).map(lambda n: "[" * n + "]" * n)
    return (base | mutated).map(json.dumps) | deep | base.map(lambda d: json.dumps(json.dumps(d)))
