"""What every mutation shares: typed errors in the payload, never a half-written change."""

import functools

from ...error_codes import ClaimError as ClaimErrorException
from ...error_codes import ClaimErrors
from ..types import error_type


def error_payload(payload_type, error: ClaimErrorException):
    return payload_type(errors=[error_type(error)])


def with_errors(payload_type):
    """Turn ClaimError(s) raised by `mutate` into the payload's `errors`."""

    def decorator(mutate):
        @functools.wraps(mutate)
        def wrapper(*args, **kwargs):
            try:
                return mutate(*args, **kwargs)
            except ClaimErrors as errors:
                return payload_type(errors=[error_type(e) for e in errors.errors])
            except ClaimErrorException as error:
                return error_payload(payload_type, error)

        return wrapper

    return decorator
