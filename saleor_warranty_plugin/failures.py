"""Unexpected failures: what the client is told and what the log keeps.

A client never sees more than a stable code and a plain sentence: an exception's name, its
message or a stack trace would tell an attacker about the code, and a database error quotes the
values of its query (a customer's email, an address). The log keeps where it happened (the
exception's type, its chain of causes and the stack), at error level, but not the exception's
message nor anything the client sent: the values are the customer's data, not ours to log.
"""

import logging
import traceback

INTERNAL_ERROR = "INTERNAL_ERROR"
INTERNAL_ERROR_MESSAGE = "Internal Server Error"


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def describe(error: BaseException) -> str:
    """The exception's type, the types of its causes, and the stack, without any message."""
    chain: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(chain) < 10:
        seen.add(id(current))
        chain.append(_type_name(current))
        current = current.__cause__ or current.__context__
    stack = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
    return f"{' <- '.join(chain)}\n{stack}".rstrip()


def log_unexpected(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log an unexpected failure of `what` (a name from the code, never input) at error level."""
    logger.error("%s failed unexpectedly: %s", what, describe(error))
