"""The policy page: the policy in force per channel, its summary and versions; switch preset
or edit the document, every error shown at its path before saving; simulate a line against
the edited document. Saving goes through `returnPolicySet`; checking and simulating use the
policy core alone (nothing is stored)."""

import contextlib
import io
import json
import tempfile
from typing import Any

import yaml
from django.http import HttpResponse
from saleor.permission.enums import SitePermissions

from ...policy import PolicyError, bounds, parse_policy
from ...policy.cli import main as policy_cli
from ...policy.summary import summarize
from ..router import page_path
from ..templates import render
from .base import dashboard_page, run, trigger

POLICY = """
query($channel: String!) {
  policy: returnPolicy(channel: $channel) { name version preset createdAt summary spec }
  presets: returnPolicyPresets { id name description }
}"""
POLICY_SET = """
mutation($channel: String!, $preset: String, $spec: JSONString) {
  result: returnPolicySet(channel: $channel, preset: $preset, spec: $spec) {
    policy { version } errors { field message code }
  }
}"""
REASONS = [
    "CHANGED_MIND", "DEAD_ON_ARRIVAL", "DEFECTIVE", "DAMAGED_IN_TRANSIT", "WRONG_ITEM_SENT",
    "NOT_AS_DESCRIBED",
]  # fmt: skip


def _channels() -> list[tuple[str, str]]:
    from saleor.channel.models import Channel

    return list(Channel.objects.order_by("name").values_list("slug", "name"))


def _versions(channel: str) -> list[dict[str, Any]]:
    from ...models import ReturnPolicy

    rows = (
        ReturnPolicy.objects.filter(channel__slug=channel)
        .order_by("-version")
        .values("version", "name", "preset", "created_at", "created_by__email")[:20]
    )
    return [dict(row) for row in rows]


def load_document(text: str) -> tuple[Any, list[dict[str, str]]]:
    """The document's data, or why it cannot be read: bounded (size, nesting, characters,
    values once aliases are expanded) before PyYAML's recursive loader sees it."""
    try:
        bounds.check_text(text)
        data = yaml.safe_load(text)
        bounds.check_value(data)
    except bounds.DocumentRefused as error:
        return None, [{"path": "", "message": f"Not accepted: {error}."}]
    except yaml.YAMLError as error:
        return None, [{"path": "", "message": f"Not valid YAML: {error}"}]
    except ValueError:  # a value PyYAML cannot build (an integer of 5,000 digits)
        return None, [{"path": "", "message": "Not valid YAML: a value cannot be read."}]
    return (data if data is not None else {}), []


def check_document(text: str) -> tuple[Any, list[dict[str, str]]]:
    """The parsed policy, or every problem with its path."""
    data, problems = load_document(text)
    if problems:
        return None, problems
    try:
        return parse_policy(data), []
    except PolicyError as error:
        return None, [{"path": issue.path, "message": issue.message} for issue in error.errors]


def simulate(text: str, form: Any) -> dict[str, Any]:
    """Judge one line against the edited document, as `saleor-warranty-policy simulate`."""
    args = ["simulate", "", "--reason", form.get("reason") or "DEFECTIVE", "--json"]
    for name in ("ordered", "shipped", "delivered", "now", "price", "currency"):
        value = (form.get(f"sim-{name}") or "").strip()
        if value:
            args += [f"--{name}", value]
    out, err = io.StringIO(), io.StringIO()
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8") as source:
        source.write(text)
        source.flush()
        args[1] = source.name
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            policy_cli(args)  # errors (bad dates, amounts) go to stderr
    if not out.getvalue().strip():
        message = err.getvalue().strip().splitlines()
        return {"error": (message[-1] if message else "Cannot simulate.").split(": error: ")[-1]}
    return json.loads(out.getvalue())


@dashboard_page("Return policy", permission=SitePermissions.MANAGE_SETTINGS)
def policy_page(request: Any, context: Any) -> HttpResponse:
    channels = _channels()
    form = request.POST if request.method == "POST" else request.GET
    channel = form.get("channel") or (channels[0][0] if channels else "")
    errors: list[dict[str, Any]] = []
    headers = trigger(**{"warranty:route": {"route": "/policy/"}})
    text = None
    if request.method == "POST":
        variables: dict[str, Any] = {"channel": channel}
        if request.POST.get("action") == "preset":
            variables["preset"] = request.POST.get("preset")
        else:
            text = request.POST.get("document") or ""
            parsed, problems = check_document(text)
            if problems:
                errors = [{"field": p["path"], "message": p["message"]} for p in problems]
            variables["spec"] = (
                None if problems else json.dumps(load_document(text)[0], default=str)
            )
        if not errors:
            result = run(context, POLICY_SET, variables)["result"]
            errors = result["errors"]
            if not errors:
                text = None
                version = result["policy"]["version"]
                headers = trigger(
                    **{
                        "warranty:notify": {
                            "status": "success",
                            "title": f"Policy v{version} saved",
                        }
                    }
                )
    data = run(context, POLICY, {"channel": channel}) if channel else {}
    policy = data.get("policy")
    if text is None and policy and policy.get("spec"):
        document = json.loads(policy["spec"]) if isinstance(policy["spec"], str) else policy["spec"]
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    return render(
        "warranty/dashboard/policy.html",
        {
            "channel": channel,
            "channels": channels,
            "policy": policy,
            "presets": data.get("presets", []),
            "versions": _versions(channel) if channel else [],
            "document": text or "",
            "errors": errors,
            "reasons": REASONS,
            "url": page_path("dashboard:policy"),
            "check_url": page_path("dashboard:policy_check"),
        },
        headers=headers,
    )


@dashboard_page("Check policy", permission=SitePermissions.MANAGE_SETTINGS)
def policy_check(request: Any, context: Any) -> HttpResponse:
    text = request.POST.get("document") or ""
    parsed, problems = check_document(text)
    result = simulate(text, request.POST) if parsed is not None else None
    return render(
        "warranty/dashboard/policy_check.html",
        {
            "problems": problems,
            "summary": summarize(parsed) if parsed is not None else "",
            "simulation": result,
        },
    )
