"""The shipped presets: policy documents bundled as package data (``presets/<id>.yaml``)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .policy import Policy, parse_policy


@dataclass(frozen=True, slots=True)
class PresetInfo:
    id: str
    name: str
    description: str


_SOURCES = {
    "repair-parts-shop": "seeds/000",
    "electronics-store": "seeds/001",
    "cross-border-store": "seeds/002",
    "hardware-supplier": "seeds/003",
    "equipment-reseller": "seeds/004",
}


@cache
def _raw(preset_id: str) -> dict[str, Any]:
    if preset_id not in _SOURCES:
        raise KeyError(f"unknown preset {preset_id!r}; known: {', '.join(_SOURCES)}")
    text = (
        resources.files(__package__)
        .joinpath("presets", f"{preset_id}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def preset_document(preset_id: str) -> dict[str, Any]:
    """The preset's document as written (a fresh copy). Raises KeyError for unknown ids."""
    return copy.deepcopy(_raw(preset_id))


@cache
def load_preset(preset_id: str) -> Policy:
    """The preset's parsed policy (cached). Raises KeyError for unknown ids."""
    return parse_policy(_raw(preset_id))


def _info(preset_id: str) -> PresetInfo:
    raw = _raw(preset_id)
    return PresetInfo(preset_id, str(raw["name"]), " ".join(str(raw["description"]).split()))


PRESETS: dict[str, PresetInfo] = {preset_id: _info(preset_id) for preset_id in _SOURCES}
