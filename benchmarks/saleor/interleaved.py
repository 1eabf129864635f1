"""Timing two requests side by side: interleaved in one run, so a busy machine slows both."""

import random
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

NOTE = (
    "p50 of {runs} requests per side through Django's test client, the two sides interleaved "
    "in random order within one run (other work on the machine slows both alike: read the "
    "ratio, not the milliseconds)"
)


def count_queries(call: Callable[[], object]) -> int:
    """SQL queries of one call (transaction bookkeeping left out)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(
        [
            q
            for q in captured.captured_queries
            if not q["sql"].startswith(("SET ", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK"))
        ]
    )


def interleaved(
    ours: Callable[[], object], theirs: Callable[[], object], runs: int, seed: int = 1
) -> tuple[float, float]:
    """(p50 ms of ours, p50 ms of theirs), each call timed alone, the order of the two
    shuffled in every round."""
    rng = random.Random(seed)
    times: dict[int, list[float]] = {0: [], 1: []}
    calls = (ours, theirs)
    for _ in range(runs):
        order = [0, 1]
        rng.shuffle(order)
        for side in order:
            start = time.perf_counter()
            calls[side]()
            times[side].append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])
