"""Template helpers built into the pages' engine (no `{% load %}` needed)."""

from typing import Any

from django import template

from .router import page_path
from .static import static_path

register = template.Library()


@register.simple_tag
def static(name: str) -> str:
    """`{% static "warranty/app.css" %}`: the content-hashed URL of a packaged file."""
    return static_path(name)


@register.simple_tag
def page(route: str, *args: Any, **kwargs: Any) -> str:
    """`{% page "dashboard:claim" claim_id %}`: the absolute path of one of the pages."""
    return page_path(route, *args, **kwargs)


@register.filter
def words(value: Any) -> str:
    """`CHANGED_MIND` -> `Changed mind`."""
    text = str(value or "").replace("_", " ").strip().lower()
    return text[:1].upper() + text[1:]
