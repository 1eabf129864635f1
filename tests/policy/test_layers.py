"""The package's layers, read from its imports: a lower layer never imports a higher one.

    0  policy/ and the leaves (const, requestor, error_codes, config, failures)  pure Python
    1  models, facts, policies, evidence, events, compat, ...            Saleor's rows
    2  actions, intake, native, resolutions/, services, tasks            what the plugin does
    3  plugin, graphql/, middleware, pages/, apps, management/          how Saleor reaches it

Every import counts, at module level or inside a function, so a lazy import cannot hide an
upward edge; and module-level imports within the package form no cycle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "saleor_warranty_plugin"
NAME = PACKAGE.name

LEAVES = {"const", "requestor", "error_codes", "config", "text", "failures", "__init__"}
DOMAIN = {
    "compat",
    "models",
    "facts",
    "line_rows",
    "compiled",
    "claim_facts",
    "policies",
    "evidence",
    "events",
    "notifications",
    "access",
    "timeline",
    "eligibility",
    "staged",
    "managers",
}
ACTIONS = {"actions", "intake", "native", "resolutions", "services", "tasks"}
SURFACE = {"plugin", "graphql", "middleware", "pages", "apps", "management", "demo"}


def layer(module: str) -> int:
    """The layer of a module given as its dotted path inside the package."""
    top = module.split(".")[0]
    if top == "policy" or top in LEAVES:
        return 0
    if top in DOMAIN:
        return 1
    if top in ACTIONS:
        return 2
    if top in SURFACE:
        return 3
    raise AssertionError(f"{module}: no layer assigned; add it to test_layers.py")


@functools.cache
def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == "migrations":
            continue
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module inside the package, line, at module level) for every import."""
    tree = ast.parse(path.read_text())
    package_parts = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == NAME:
                target = node.module.split(".")[1:]
            else:
                continue
            names = [alias.name for alias in node.names]
            for name in names:  # `from . import events` imports a module
                dotted = ".".join([*target, name])
                full = dotted if dotted in modules() else ".".join(target)
                found.append((full or "__init__", node.lineno, id(node) in top_level))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == NAME:
                    rest = ".".join(alias.name.split(".")[1:]) or "__init__"
                    found.append((rest, node.lineno, id(node) in top_level))
    return found


def test_no_layer_imports_a_higher_one() -> None:
    # given every module of the package and every import in it
    upward = []
    for module, path in modules().items():
        for target, line, _top in imports(module, path):
            # then each import goes down or across, never up
            if layer(target) > layer(module):
                upward.append(f"{module}:{line} imports {target}")
    assert upward == []


def test_module_level_imports_form_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, path in modules().items():
        graph[module] = {t for t, _line, top in imports(module, path) if top and t != module}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1 and not _package_init_edge(nxt, node):
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _package_init_edge(target: str, source: str) -> bool:
    """A submodule importing a sibling through its own package's `__init__` re-exports is the
    package loading itself, not a cycle between nouns."""
    return target.endswith("__init__") and source.startswith(target.rsplit(".", 1)[0])


def test_every_module_has_a_layer() -> None:
    for module in modules():
        layer(module)


# Modules that read statuses as text from the plugin's API answers, as any client of it does.
API_CLIENTS = ("pages.", "demo")
STATUS_TABLES = {"policy.lifecycle", "policy.enums"}


def status_words() -> set[str]:
    from saleor_warranty_plugin.policy import (
        ClaimStatus,
        RefundStatus,
        RepairStep,
        ResolutionStatus,
    )

    return {
        s.value for enum in (ClaimStatus, ResolutionStatus, RefundStatus, RepairStep) for s in enum
    }


def test_statuses_are_named_only_by_their_tables() -> None:
    # given the words of every status enum (the claim's and the resolution lifecycle's)
    words = status_words()
    literals = []
    for module, path in modules().items():
        if module in STATUS_TABLES or module.startswith(API_CLIENTS):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            # then no other module spells one as a string: it names the enum member
            if isinstance(node, ast.Constant) and node.value in words:
                literals.append(f"{module}:{node.lineno} {node.value!r}")
    assert literals == []
