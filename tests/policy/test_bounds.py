"""Policy documents are bounded before anything recursive reads them."""

from __future__ import annotations

import json
import sys

import pytest

from saleor_warranty_plugin.policy import (
    PRESETS,
    PolicyError,
    bounds,
    parse_policy,
    preset_document,
)
from saleor_warranty_plugin.text import TextError, bad_character, check_text, clean_text

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10) if prev else '1, 1, 1, 1, 1, 1, 1, 1, 1, 1'}]\n"
    for prev, name in zip(["", "a", "b", "c", "d"], ["a", "b", "c", "d", "e"], strict=True)
)

REFUSED = {
    "json_array_100k": ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    "json_array_100k_padded": (" " + "[" * 100_000 + "]" * 100_000, "too large"),
    "json_array_50k": ("[" * 50_000 + "]" * 50_000, "nested too deep"),
    "json_object_30k": ('{"a":' * 30_000 + "1" + "}" * 30_000, "nested too deep"),
    "json_unclosed": ("[" * 150_000, "nested too deep"),
    "yaml_block_sequence": ("- " * 80_000 + "x", "nested too deep"),
    "yaml_flow": ("a: " + "[" * 60_000, "nested too deep"),
    "yaml_mapping_indent": ("".join(" " * i + "a:\n" for i in range(500)), "nested too deep"),
    "yaml_alias_expansion": (LAUGHS, "too many values"),
    "yaml_cycle": ("a: &a [*a]\n", "nested too deep"),
    "yaml_nul_escape": ('version: 1\nname: "\\0"\n', "NUL"),
    "json_nul_escape": ('{"version": 1, "name": "\\u0000"}', "NUL"),
    "raw_nul": ("version: 1\nname: a\x00\n", "NUL"),
    "control": ("version: 1\nname: a\x1b\n", "U+001B"),
    "too_large": ("#" * (bounds.MAX_DOCUMENT_CHARS + 1), "too large"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_documents_are_policy_errors(case: str) -> None:
    # given a document built to exhaust the stack, the memory or the database
    text, message = REFUSED[case]
    limit = sys.getrecursionlimit()
    # when it is parsed, then it is refused with a message, before any recursion
    with pytest.raises(PolicyError) as error:
        parse_policy(text)
    assert message in str(error.value.errors[0])
    assert sys.getrecursionlimit() == limit


def test_deep_mapping_given_directly_is_refused() -> None:
    data: dict = {"version": 1}
    inner = data
    for _ in range(200):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(PolicyError, match="nested too deep"):
        parse_policy(data)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_presets_are_within_the_bounds(preset: str) -> None:
    document = preset_document(preset)
    bounds.check_value(document)
    bounds.check_text(json.dumps(document))
    parse_policy(json.dumps(document))


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert bounds.json_depth('{"a": "[[[[{{{{", "b": ["\\"[["]}') == 2


def test_text_checks() -> None:
    assert bad_character("tab\tline\nreturn\r fine") is None
    assert bad_character("a\x00") == "a NUL character"
    assert bad_character("\ud800") == "the surrogate U+D800"
    assert clean_text("  x  ", max_length=1) == "x"
    assert clean_text(None) == ""
    for value, code in [("a\x00", "INVALID_CHARACTER"), ("xx", "TOO_LONG"), (5, "INVALID")]:
        with pytest.raises(TextError) as error:
            clean_text(value, max_length=1)
        assert error.value.code == code
    with pytest.raises(TextError):
        check_text("two\nlines", multiline=False)
