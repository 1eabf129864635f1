"""Size limits: every module of the package (migrations excepted, as in `test_layers.py`)
reads in one sitting; where the plugin acts (layer 2: actions, intake, native, resolutions/,
services, tasks) a function also reads on one screen.

A module over the limit is split by what its parts are about; a function over it is told as
the steps it takes, each named.
"""

from __future__ import annotations

import ast

from .test_layers import layer, modules

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
ACTING = 2


def acting_modules() -> dict[str, ast.Module]:
    return {
        module: ast.parse(path.read_text())
        for module, path in modules().items()
        if layer(module) == ACTING
    }


def test_acting_modules_are_found() -> None:
    # the limits below check something: the layer's modules are there
    assert {"actions", "native", "resolutions.performing", "tasks"} <= set(acting_modules())


def test_every_module_is_checked() -> None:
    # the module limit below checks something: modules of every layer, and no migration
    found = modules()
    assert {layer(module) for module in found} == {0, 1, 2, 3}
    assert {"policy.rules", "actions", "graphql.types", "demo.shop"} <= set(found)
    assert not any(module.startswith("migrations") for module in found)


def test_no_module_is_over_the_limit() -> None:
    lengths = {module: len(path.read_text().splitlines()) for module, path in modules().items()}
    over = {module: length for module, length in lengths.items() if length > MAX_MODULE_LINES}
    assert over == {}


def test_no_acting_function_is_over_the_limit() -> None:
    over = {}
    for module, tree in acting_modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    over[f"{module}.{node.name}:{node.lineno}"] = length
    assert over == {}
