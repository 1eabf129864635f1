"""Bounds on policy documents, checked before anything recursive touches them.

``json.loads``, PyYAML's composer and pydantic all recurse once per level of nesting, so a
document nested tens of thousands of levels deep would exhaust the stack before validation
could report it. The text is therefore scanned first, without recursion: its size, its
nesting depth (brackets for JSON; YAML's own tokens, which its scanner produces iteratively)
and, once loaded, the number of values it expands to (YAML aliases may repeat a subtree).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ..text import bad_character

MAX_DOCUMENT_CHARS = 200_000
MAX_DEPTH = 32
MAX_VALUES = 20_000


class DocumentRefused(ValueError):
    """A document refused before parsing; the message is safe to show."""


def check_text(text: str) -> None:
    """Raise DocumentRefused for a document too large, too deep or with refused characters."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DocumentRefused(f"the document is too large (max {MAX_DOCUMENT_CHARS} characters)")
    _check_string(text)
    is_json = text.lstrip().startswith(("{", "["))
    depth = json_depth(text) if is_json else _yaml_depth(text)
    if depth > MAX_DEPTH:
        raise DocumentRefused(f"the document is nested too deep (max {MAX_DEPTH} levels)")


def check_value(data: Any) -> None:
    """Raise DocumentRefused for loaded data nested too deep, expanding to too many values or
    holding text with refused characters (JSON's `\\u0000` and YAML's `\\0` decode to NUL).

    Walks the data as a tree (a YAML alias counts again each time it is used), iteratively,
    and stops at the first bound exceeded, so cyclic data is refused too."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise DocumentRefused(f"the document has too many values (max {MAX_VALUES})")
        if depth > MAX_DEPTH:
            raise DocumentRefused(f"the document is nested too deep (max {MAX_DEPTH} levels)")
        if isinstance(value, str):
            _check_string(value)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str):
                    _check_string(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((item, depth + 1) for item in value)


def _check_string(value: str) -> None:
    problem = bad_character(value)
    if problem is not None:
        raise DocumentRefused(f"the document contains {problem}")


def json_depth(text: str) -> int:
    """The deepest bracket nesting outside strings (a scan, not a parse)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _yaml_depth(text: str) -> int:
    """The deepest collection nesting in YAML's token stream. Indentless sequences
    (``key:\\n- item``) add a level without a start token; each sits under a mapping key, so
    the real depth is at most twice this. The scanner is iterative; a scanning error is left
    for the loader to report."""
    depth = deepest = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        return deepest
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return deepest
    return deepest
