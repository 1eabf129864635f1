"""Throttling of failed order look-ups and sign-ins, per client and per order number.

Counters live in Django's cache (Saleor's CACHES, e.g. Redis), so every API process shares them.
Only failures count: a customer who finds their order is never slowed down.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_CLIENT = 10
MAX_FAILURES_PER_ORDER = 5
PREFIX = "warranty:portal:fail:"


@dataclass(frozen=True)
class Blocked:
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _digest(value: str) -> str:
    """What the customer typed, as a key every cache backend accepts (memcached refuses
    control characters and keys over 250 characters), and no address or order number in
    the cache in clear."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _keys(client: str, order_number: str | None) -> list[tuple[str, int]]:
    keys = [(f"{PREFIX}client:{_digest(client)}", MAX_FAILURES_PER_CLIENT)]
    if order_number:
        keys.append((f"{PREFIX}order:{_digest(order_number)}", MAX_FAILURES_PER_ORDER))
    return keys


def check(client: str, order_number: str | None = None) -> Blocked | None:
    """Blocked when the client or the order has failed too often in the current window."""
    for key, limit in _keys(client, order_number):
        if (cache.get(key) or 0) >= limit:
            until = cache.get(key + ":until") or time.time() + WINDOW_SECONDS
            return Blocked(retry_after=max(1, int(until - time.time())))
    return None


def record_failure(client: str, order_number: str | None = None) -> None:
    """Count one failure (atomically where the cache can, as Redis does); the window starts
    with the first failure and is not extended by later ones."""
    for key, _limit in _keys(client, order_number):
        cache.add(key + ":until", time.time() + WINDOW_SECONDS, timeout=WINDOW_SECONDS)
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)


def client_key(request: Any) -> str:
    from saleor.core.utils import get_client_ip

    return get_client_ip(request) or "unknown"
