"""The plugin's global configuration: names, defaults, parsing and validation.

Saleor stores every configuration value as the string the dashboard sent (only booleans are
coerced), so values are parsed here, once, into a typed object.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class NativeReturnMode(StrEnum):
    """What the plugin does when staff use Saleor's own return mutations."""

    OBSERVE = "observe"  # judge the returned lines, record claims, note breaches on the order
    ENFORCE = "enforce"  # refuse native returns of lines the policy finds ineligible
    OFF = "off"  # ignore native returns


NATIVE_RETURN_MODE = "native_return_mode"
TRANSIT_ALLOWANCE_DAYS = "transit_allowance_days"
MAX_EVIDENCE_FILES = "max_evidence_files"
MAX_EVIDENCE_FILE_MB = "max_evidence_file_mb"
BRAND_COLOR = "brand_color"
BRAND_LOGO_URL = "brand_logo_url"

DEFAULTS: dict[str, str] = {
    NATIVE_RETURN_MODE: NativeReturnMode.OBSERVE.value,
    TRANSIT_ALLOWANCE_DAYS: "7",
    MAX_EVIDENCE_FILES: "5",
    MAX_EVIDENCE_FILE_MB: "10",
    BRAND_COLOR: "#1f5fbf",
    BRAND_LOGO_URL: "",
}

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_SAFE_URL = re.compile(r"[^\s\"'<>\\]{1,500}")

# (name, lowest, highest) of the whole-number settings.
_INT_BOUNDS: dict[str, tuple[int, int]] = {
    TRANSIT_ALLOWANCE_DAYS: (0, 90),
    MAX_EVIDENCE_FILES: (0, 20),
    MAX_EVIDENCE_FILE_MB: (1, 100),
}


@dataclass(frozen=True, slots=True)
class WarrantyConfig:
    native_return_mode: NativeReturnMode = NativeReturnMode.OBSERVE
    transit_allowance_days: int = 7
    max_evidence_files: int = 5
    max_evidence_file_mb: int = 10
    brand_color: str = "#1f5fbf"
    brand_logo_url: str = ""

    @property
    def max_evidence_file_bytes(self) -> int:
        return self.max_evidence_file_mb * 1024 * 1024


class ConfigError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def validate_config(values: dict[str, object]) -> dict[str, str]:
    """Return {field: message} for every invalid value; empty when all are valid."""
    errors: dict[str, str] = {}
    mode = _value(values, NATIVE_RETURN_MODE)
    allowed = ", ".join(m.value for m in NativeReturnMode)
    if mode.lower() not in {m.value for m in NativeReturnMode}:
        errors[NATIVE_RETURN_MODE] = f"Must be one of: {allowed} (got {mode!r})."
    for name, (low, high) in _INT_BOUNDS.items():
        raw = _value(values, name)
        try:
            number = int(raw)
        except ValueError:
            errors[name] = f"Must be a whole number from {low} to {high} (got {raw!r})."
            continue
        if not low <= number <= high:
            errors[name] = f"Must be a whole number from {low} to {high} (got {number})."
    if not _HEX_COLOUR.fullmatch(_value(values, BRAND_COLOR)):
        errors[BRAND_COLOR] = "Must be a colour like #1f5fbf."
    logo = _value(values, BRAND_LOGO_URL)
    if logo and not (logo.startswith(("https://", "http://", "/")) and _SAFE_URL.fullmatch(logo)):
        errors[BRAND_LOGO_URL] = "Must be an http(s) address or a path starting with /."
    return errors


def parse_config(values: dict[str, object]) -> WarrantyConfig:
    """Typed configuration; raises ConfigError listing every invalid field."""
    errors = validate_config(values)
    if errors:
        raise ConfigError(errors)

    return WarrantyConfig(
        native_return_mode=NativeReturnMode(_value(values, NATIVE_RETURN_MODE).lower()),
        transit_allowance_days=int(_value(values, TRANSIT_ALLOWANCE_DAYS)),
        max_evidence_files=int(_value(values, MAX_EVIDENCE_FILES)),
        max_evidence_file_mb=int(_value(values, MAX_EVIDENCE_FILE_MB)),
        brand_color=_value(values, BRAND_COLOR).lower(),
        brand_logo_url=_value(values, BRAND_LOGO_URL),
    )


def _value(values: dict[str, object], name: str) -> str:
    """The stored value as text; an empty or missing value means the default."""
    raw = values.get(name)
    text = "" if raw is None else str(raw).strip()
    return text or DEFAULTS[name]
