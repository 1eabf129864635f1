"""Timing two requests side by side: interleaved in one run, so a busy machine slows both."""

import random
import statistics
import time
import traceback
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

NOTE = (
    "p50 of {runs} requests per side through Django's test client, the two sides interleaved "
    "in random order within one run (other work on the machine slows both alike: read the "
    "ratio, not the milliseconds)"
)


BOOKKEEPING = ("SET ", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def _queries(call: Callable[[], object]) -> list[dict]:
    with CaptureQueriesContext(connection) as captured:
        call()
    return [q for q in captured.captured_queries if not q["sql"].startswith(BOOKKEEPING)]


def count_queries(call: Callable[[], object]) -> int:
    """SQL queries of one call (transaction bookkeeping left out)."""
    return len(_queries(call))


def _caller() -> str:
    """Where a query was asked for: the innermost frames of the plugin and of Saleor."""
    found = {}
    for frame in traceback.extract_stack()[::-1]:
        name = frame.filename
        if "/benchmarks/" in name or "/tests/" in name:
            continue
        for package in ("saleor_warranty_plugin/", "/saleor/"):
            if package in name and package not in found:
                where = name.split(package, 1)[1]
                found[package] = f"{where}:{frame.lineno} {frame.name}"
    return " < ".join(found.get(p, "-") for p in ("/saleor/", "saleor_warranty_plugin/"))


def listed_queries(call: Callable[[], object], width: int = 90, everything: bool = False) -> str:
    """The SQL queries of one call, one line each: number, seconds, the start of the text,
    and where Saleor's code and the plugin's asked for it (`everything`: savepoints too)."""
    callers: list[str] = []

    def note(execute, sql, params, many, context):
        callers.append(_caller())
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(note):
        call()
    queries = [
        (q, where)
        for q, where in zip(captured.captured_queries, callers, strict=False)
        if everything or not q["sql"].startswith(BOOKKEEPING)
    ]
    return "\n".join(
        f"  {n:3d} {q['time']:>6} s  {q['sql'][:width]:{width}}  {where}"
        for n, (q, where) in enumerate(queries, 1)
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
