"""The plugin's executor answers exactly as graphql-core 2's ``execute``: the same data and
the same errors (message, locations, path, original error), on a schema made to reach every
branch (null propagation, resolver and serialisation failures, lists, abstract types,
fragments, directives, arguments, promises, serial mutations, introspection).
The plugin's own schema is compared on real claims in ``test_executor_plugin.py``."""

import graphene
import pytest
from graphql import parse
from graphql.error import format_error
from graphql.execution import execute as graphql_execute
from graphql.utils.introspection_query import introspection_query
from promise import Promise

from saleor_warranty_plugin.graphql import executor


class Color(graphene.Enum):
    RED = 1
    BLUE = 2


class Named(graphene.Interface):
    name = graphene.String(required=True)


class DogData:
    def __init__(self, name, barks=True):
        self.name, self.barks = name, barks


class CatData:
    def __init__(self, name, lives):
        self.name, self.lives = name, lives


class Dog(graphene.ObjectType):
    class Meta:
        interfaces = (Named,)

    barks = graphene.Boolean()

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, DogData)


class Cat(graphene.ObjectType):
    class Meta:
        interfaces = (Named,)

    lives = graphene.Int(required=True)

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, CatData)


class Pet(graphene.Union):
    class Meta:
        types = (Dog, Cat)

    @classmethod
    def resolve_type(cls, instance, info):
        return {DogData: Dog, CatData: Cat}.get(type(instance))


class ItemData:
    @property
    def prop(self):
        raise ValueError("a property failed")


class Item(graphene.ObjectType):
    name = graphene.String(required=True)
    price = graphene.Float()
    color = graphene.Field(Color)
    tags = graphene.List(graphene.NonNull(graphene.String))
    loose = graphene.List(graphene.Int)
    must = graphene.String(required=True)
    prop = graphene.String()
    count = graphene.Int()
    children = graphene.List(lambda: Item)
    strict_children = graphene.List(graphene.NonNull(lambda: Item))
    broken = graphene.String()
    greet = graphene.String(who=graphene.String(default_value="you"), times=graphene.Int())
    promised = graphene.String()
    rejected = graphene.String()
    path_seen = graphene.List(graphene.String)
    defaulted = graphene.String(default_value="fallback")

    @staticmethod
    def resolve_broken(root, info):
        raise RuntimeError("broken resolver")

    @staticmethod
    def resolve_greet(root, info, who, times=1):
        return " ".join([f"hello {who}"] * (times or 0)) or None

    @staticmethod
    def resolve_promised(root, info):
        return Promise.resolve("kept")

    @staticmethod
    def resolve_rejected(root, info):
        return Promise.reject(LookupError("not kept"))

    @staticmethod
    def resolve_path_seen(root, info):
        return [str(key) for key in info.path] + [info.parent_type.name, info.field_name]


def _item(name, **values):
    item = ItemData()
    item.__dict__.update(name=name, **values)
    return item


ITEMS = [
    _item(
        "a",
        price=1.5,
        color=1,
        tags=["x", "y"],
        loose=[1, None, "z"],
        must="m",
        count=3,
        children=[{"name": "a1", "must": "m", "count": "seven"}, {"name": None, "must": "m"}],
        strict_children=[{"name": "s1", "must": "m"}],
    ),  # fmt: skip
    {
        "name": "b",
        "color": 2,
        "tags": ["x", None],
        "must": None,
        "count": 2**40,
        "strict_children": [{"name": "s2", "must": None}],
        "children": None,
    },  # fmt: skip
    _item("c", color=7, tags="tt", must="m"),
]
LOG = []


class Query(graphene.ObjectType):
    items = graphene.List(Item, first=graphene.Int())
    item = graphene.Field(Item, index=graphene.Int(required=True))
    strict_item = graphene.Field(graphene.NonNull(Item), index=graphene.Int(required=True))
    pets = graphene.List(Pet)
    named = graphene.List(Named)
    bad_pets = graphene.List(Pet)
    color = graphene.Field(Color, pick=Color())

    @staticmethod
    def resolve_items(root, info, first=None):
        return ITEMS[:first] if first is not None else ITEMS

    @staticmethod
    def resolve_item(root, info, index):
        return ITEMS[index]

    resolve_strict_item = resolve_item

    @staticmethod
    def resolve_pets(root, info):
        return [DogData("rex"), CatData("tom", 9), CatData(None, 1)]

    resolve_named = resolve_pets

    @staticmethod
    def resolve_bad_pets(root, info):
        return [DogData("rex"), 42]

    @staticmethod
    def resolve_color(root, info, pick=None):
        return pick


class Add(graphene.Mutation):
    class Arguments:
        word = graphene.String(required=True)

    log = graphene.List(graphene.String)

    @staticmethod
    def mutate(root, info, word):
        if word == "fail":
            raise ValueError("refused")
        LOG.append(word)
        return Add(log=list(LOG))


class Mutation(graphene.ObjectType):
    add = Add.Field()


SCHEMA = graphene.Schema(query=Query, mutation=Mutation, types=[Dog, Cat])

ITEM_FIELDS = """name price color tags loose must prop count broken promised
  pathSeen defaulted greet(who: "me", times: 2) alias: greet children { name count must }
  strictChildren { name must }"""
QUERIES = [
    (f"{{ items {{ {ITEM_FIELDS} }} }}", None, None),
    (
        "query($i: Int!) { item(index: $i) { ...F } } fragment F on Item { name tags }",
        {"i": 0},
        None,
    ),  # fmt: skip
    ("query($i: Int!) { strictItem(index: $i) { name must } }", {"i": 1}, None),
    ("query($i: Int!) { strictItem(index: $i) { name } }", {"i": 2}, None),
    (
        "{ items(first: 1) { name ... on Item { price } ...F } } fragment F on Item { color }",
        None,
        None,
    ),  # fmt: skip
    (
        "query($s: Boolean!) { items { name @skip(if: $s) price @include(if: $s) } }",
        {"s": True},
        None,
    ),  # fmt: skip
    (
        "query($s: Boolean!) { items { name @skip(if: $s) price @include(if: $s) } }",
        {"s": False},
        None,
    ),  # fmt: skip
    ("{ pets { __typename ... on Dog { name barks } ... on Cat { name lives } } }", None, None),
    ("{ named { __typename name ... on Cat { lives } } }", None, None),
    ("{ badPets { __typename } }", None, None),
    ("{ a: color(pick: RED) b: color(pick: BLUE) c: color __typename }", None, None),
    ("query($c: Color) { color(pick: $c) }", {"c": "BLUE"}, None),
    ("query A { items { name } } query B { pets { __typename } }", None, "B"),
    ("query A { items { name } } query B { pets { __typename } }", None, None),
    ("query A { items { name } }", None, "C"),
    (
        'mutation { first: add(word: "one") { log } second: add(word: "fail") { log } '
        'third: add(word: "two") { log } }',
        None,
        None,
    ),  # fmt: skip
    # graphql-core reports a rejected promise's error after the others: alone, the order is one
    ("{ item(index: 0) { name rejected promised } }", None, None),
    (introspection_query, None, None),
]


def _outcome(result):
    errors = [
        (format_error(error), type(getattr(error, "original_error", error)).__name__)
        for error in result.errors or []
    ]
    return result.data, errors, result.invalid


@pytest.mark.parametrize(("query", "variables", "operation"), QUERIES)
def test_the_executor_answers_as_graphql_core(query, variables, operation):
    document = parse(query)
    answers = []
    for execute in (_graphql_core, _ours):
        LOG.clear()
        try:
            answers.append(_outcome(execute(SCHEMA, document, variables, operation)))
        except Exception as error:  # noqa: BLE001 - both must raise alike
            answers.append((type(error).__name__, str(error)))
    expected, ours = answers
    assert ours == expected
    assert expected[0] is not None or expected[1]  # the document did run


def _graphql_core(schema, document, variables, operation):
    return graphql_execute(schema, document, variable_values=variables, operation_name=operation)


def _ours(schema, document, variables, operation):
    return executor.execute(schema, document, None, variables, operation)


def test_the_comparison_sees_a_difference(monkeypatch):
    # a wrong error path is noticed: the comparison above can fail
    document = parse("{ items { must } }")
    expected = _outcome(graphql_execute(SCHEMA, document))
    assert _outcome(_ours(SCHEMA, document, None, None)) == expected
    monkeypatch.setattr(executor, "_path", lambda path: ["elsewhere"])
    changed = _outcome(_ours(SCHEMA, document, None, None))
    assert changed != expected
