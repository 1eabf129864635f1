"""Parsing a policy document into an immutable, precompiled ``Policy``.

``parse_policy`` validates the whole document and reports every problem at once, each with
its JSON path (``reasons.DEFECTIVE.window.days: must be > 0``). The ``Policy`` keeps the
normalised document (JSON-serialisable) and plain compiled rules for the evaluator, so no
pydantic object is touched on the hot path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from . import bounds
from .compiled import ExclusionRule, ReasonRule, WarrantyRule, compile_exclusion
from .dates import WorkCalendar, supported_countries
from .enums import ClaimReason, RefundMethods, ResolutionType
from .schema import SCHEMA_VERSION, Matcher, PolicyDocument, Window


@dataclass(frozen=True, slots=True)
class PolicyIssue:
    """One problem in a policy document; ``path`` is dotted (``reasons.DEFECTIVE.window``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PolicyError(Exception):
    """A document that is not a valid policy; ``errors`` lists every problem found."""

    def __init__(self, errors: list[PolicyIssue]) -> None:
        self.errors = errors
        super().__init__("invalid policy:\n" + "\n".join(f"  {e}" for e in errors))


class Policy:
    """A parsed, validated, immutable policy.

    ``reasons`` are the reasons the policy knows about (accepted or not, in document
    order); ``document`` is the normalised document; ``version`` its schema version.
    """

    __slots__ = (
        "name",
        "version",
        "reasons",
        "document",
        "model",
        "rules",
        "exclusions",
        "warranty",
        "calendar",
        "refund_methods",
        "accessory_charges",
        "refund_clocks",
        "refund_clocks_at_once",
        "require_account",
        "cache",
        "_frozen",
    )

    def __init__(self, model: PolicyDocument) -> None:
        self.model = model
        self.name = model.name
        self.version: int = model.version
        self.document: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
        self.calendar = WorkCalendar(
            country=model.calendar.country,
            subdivision=model.calendar.subdivision,
            extra_holidays=frozenset(model.calendar.extra_holidays),
            weekend=frozenset(model.calendar.weekend),
        )
        groups = model.product_groups
        fees = {fee.code: fee for fee in model.refund.fees}
        self.reasons: tuple[ClaimReason, ...] = tuple(model.reasons)
        self.rules: dict[ClaimReason, ReasonRule] = {
            reason: ReasonRule.compile(reason, spec, fees, self.calendar)
            for reason, spec in model.reasons.items()
        }
        self.exclusions: tuple[ExclusionRule, ...] = tuple(
            compile_exclusion(e, groups) for e in model.exclusions
        )
        self.warranty = (
            None if model.warranty is None else WarrantyRule(model.warranty, groups, self.calendar)
        )
        self.refund_methods: RefundMethods = model.refund.methods
        self.accessory_charges = model.refund.accessory_charges
        #: some accepted reason has a refund clock (its due date may start at `now`)
        clocks = [r for r in self.rules.values() if r.accepted and r.refund_clock is not None]
        self.refund_clocks = bool(clocks)
        #: ... even for dispatched goods (nothing to send back: the clock starts at `now`)
        self.refund_clocks_at_once = any(not r.return_required for r in clocks)
        #: only signed-in customers may file (staff and apps file on their behalf)
        self.require_account: bool = model.claims.require_account
        #: the evaluator's tables of compiled rules and facts (see context.py, plans.py);
        #: not part of the policy's value
        self.cache: dict[str, Any] = {}
        self._frozen = True

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError("Policy is immutable")
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"<Policy {self.name!r} v{self.version}>"

    def rule(self, reason: ClaimReason) -> ReasonRule:
        try:
            return self.rules[reason]
        except KeyError:
            raise KeyError(f"the policy does not know the reason {reason}") from None

    def auto_approve(self, reason: ClaimReason) -> bool:
        """Whether a stored claim for ``reason`` starts APPROVED instead of PENDING."""
        rule = self.rules.get(reason)
        return bool(rule and rule.accepted and rule.auto_approve)

    def requires_return(self, reason: ClaimReason) -> bool:
        """Whether the goods must be shipped back for ``reason`` (no for cancellations)."""
        rule = self.rules.get(reason)
        return bool(rule and rule.accepted and rule.return_required)


def parse_policy(doc: Mapping[str, Any] | str) -> Policy:
    """Validate a policy document (a mapping, or YAML/JSON text) and compile it.

    Raises ``PolicyError`` carrying every issue with its path.
    """
    data = _load(doc) if isinstance(doc, str) else doc
    if not isinstance(data, Mapping):
        raise PolicyError([PolicyIssue("", "a policy document must be a mapping")])
    try:
        bounds.check_value(data)
    except bounds.DocumentRefused as exc:
        raise PolicyError([PolicyIssue("", str(exc))]) from None
    try:
        model = PolicyDocument.model_validate(dict(data))
    except ValidationError as exc:
        raise PolicyError(_issues(exc)) from None
    problems = list(_semantic_issues(model))
    if problems:
        raise PolicyError(problems)
    return Policy(model)


def policy_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of policy documents."""
    schema = PolicyDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Saleor warranty policy (schema version {SCHEMA_VERSION})"
    return schema


def _load(text: str) -> Any:
    stripped = text.lstrip()
    try:
        bounds.check_text(text)
    except bounds.DocumentRefused as exc:
        raise PolicyError([PolicyIssue("", str(exc))]) from None
    try:
        if stripped.startswith("{"):
            return json.loads(text)
        return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise PolicyError([PolicyIssue("", f"not valid YAML or JSON: {exc}")]) from None


_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than_equal": "must be <= {le}",
    "less_than": "must be < {lt}",
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "too_short": "must have at least {min_length} item(s)",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must match {pattern}",
    "literal_error": "must be {expected}",
    "enum": "must be one of {expected}",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "string_type": "must be a string",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
}


def _issues(exc: ValidationError) -> list[PolicyIssue]:
    issues = []
    for error in exc.errors(include_url=False):
        path = ".".join(str(p) for p in error["loc"] if p != "[key]")
        template = _MESSAGES.get(error["type"])
        ctx = error.get("ctx") or {}
        if template is not None:
            try:
                message = template.format(**ctx)
            except KeyError:
                message = error["msg"]
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "missing" and path.endswith("version"):
            message = f"is required (current schema version: {SCHEMA_VERSION})"
        issues.append(PolicyIssue(path, message))
    return issues


def _semantic_issues(model: PolicyDocument) -> Iterator[PolicyIssue]:
    """Cross-references the schema cannot express."""
    groups = set(model.product_groups)
    fee_codes = [fee.code for fee in model.refund.fees]
    for i, code in enumerate(fee_codes):
        if code in fee_codes[:i]:
            yield PolicyIssue(f"refund.fees.{i}.code", f"duplicate fee code {code}")
    country = model.calendar.country
    if country is not None and country not in supported_countries():
        yield PolicyIssue("calendar.country", f"no public-holiday data for {country}")

    def check_matcher(path: str, matcher: Matcher) -> Iterator[PolicyIssue]:
        for j, name in enumerate(matcher.groups):
            if name not in groups:
                yield PolicyIssue(f"{path}.groups.{j}", f"unknown product group {name!r}")

    for i, exclusion in enumerate(model.exclusions):
        yield from check_matcher(f"exclusions.{i}.when", exclusion.when)
    if model.warranty is not None:
        warranty = model.warranty
        if warranty.product_months and not warranty.period.is_leaf:
            yield PolicyIssue("warranty.period", "product_months needs a single window")
        for i, override in enumerate(warranty.overrides):
            yield from check_matcher(f"warranty.overrides.{i}.match", override.match)
            months = (
                warranty.product_months
                if override.product_months is None
                else (override.product_months)
            )
            if months and not override.period.is_leaf:
                yield PolicyIssue(
                    f"warranty.overrides.{i}.period", "product_months needs a single window"
                )
    for reason, spec in model.reasons.items():
        path = f"reasons.{reason}"
        if spec.warranty and model.warranty is None:
            yield PolicyIssue(f"{path}.warranty", "the policy has no warranty section")
        for j, code in enumerate(spec.fees):
            if code not in fee_codes:
                yield PolicyIssue(f"{path}.fees.{j}", f"unknown fee {code!r}")
        if spec.charge_missing_accessories and model.refund.accessory_charges is None:
            yield PolicyIssue(
                f"{path}.charge_missing_accessories", "refund.accessory_charges is not set"
            )
        if spec.out_of_stock is not None and not spec.needs_stock:
            yield PolicyIssue(f"{path}.out_of_stock", "no resolution needs stock")
        if spec.window is not None:
            yield from _window_issues(f"{path}.window", spec.window)
        if not spec.accepted:
            continue
        money = {ResolutionType.REFUND, ResolutionType.STORE_CREDIT}
        if (
            model.refund.methods is RefundMethods.STORE_CREDIT
            and ResolutionType.REFUND in spec.resolutions
        ):
            yield PolicyIssue(
                f"{path}.resolutions", "refund.methods is store_credit: offer STORE_CREDIT"
            )
        if spec.fees and money.isdisjoint(spec.resolutions):
            yield PolicyIssue(f"{path}.fees", "fees need a REFUND or STORE_CREDIT resolution")


def _window_issues(path: str, window: Window) -> Iterator[PolicyIssue]:
    for name in ("all_of", "any_of"):
        parts = getattr(window, name)
        if parts is None:
            continue
        if len(parts) < 2:
            yield PolicyIssue(f"{path}.{name}", "a combinator needs at least two windows")
        for i, part in enumerate(parts):
            yield from _window_issues(f"{path}.{name}.{i}", part)
