"""The pages' template engine: Django templates from the package, independent of the host's
TEMPLATES setting, with autoescaping and the `static`/`page` helpers built in."""

import functools
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.template import Engine

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATE_DIR)],
        autoescape=True,
        builtins=["saleor_warranty_plugin.pages.templatetags"],
        libraries={"i18n": "django.templatetags.i18n"},
        string_if_invalid="",
    )


def render(
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    html = engine().get_template(template).render(_context(context))
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _context(values: dict[str, Any]) -> Any:
    from django.template import Context

    return Context(values, autoescape=True)
