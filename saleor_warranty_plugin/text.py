"""Checks for text that comes from outside: API variables, form fields, uploaded file names.

Pure Python (no Django), so the API, the pages and the policy loader share one definition of
what a client may send. PostgreSQL refuses NUL in text, and lone surrogates cannot be encoded
to UTF-8, so both would fail deep inside a query; other control characters are never part of
what a person types. Such text is refused with a message, never stripped silently.
"""

import re

# C0 controls except tab, line feed and carriage return; DEL; UTF-16 surrogates.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_BREAK = re.compile("[\r\n]")


class TextError(ValueError):
    """Text that may not be accepted; `code` is stable, `message` safe to show."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


INVALID_CHARACTER = "INVALID_CHARACTER"
TOO_LONG = "TOO_LONG"


def bad_character(value: str) -> str | None:
    """A description of the first character that is not accepted in text, or None."""
    found = _BAD_CHARACTER.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "a NUL character"
    kind = "surrogate" if "\ud800" <= char <= "\udfff" else "control character"
    return f"the {kind} U+{ord(char):04X}"


def check_text(value: str, max_length: int | None = None, multiline: bool = True) -> None:
    """Raise TextError for text with refused characters or longer than `max_length`."""
    problem = bad_character(value)
    if problem is not None:
        raise TextError(INVALID_CHARACTER, f"Contains {problem}.")
    if max_length is not None and len(value) > max_length:
        raise TextError(TOO_LONG, f"At most {max_length} characters.")
    if not multiline and _LINE_BREAK.search(value):
        raise TextError(INVALID_CHARACTER, "Must be a single line.")


def clean_text(value: object, max_length: int | None = None, multiline: bool = True) -> str:
    """A submitted value as stripped text; None and missing values become "".

    For form posts and API strings alike: raises TextError (with a message fit for the page)
    when the value is not text, holds refused characters, or is too long once stripped."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TextError("INVALID", "Must be text.")
    text = value.strip()
    check_text(text, max_length, multiline)
    return text
