"""Where the time of orderReturnEligibility goes, beside Saleor's order(id){lines} on the
same order and customer: cProfile over repeated requests through the test client, the
top functions by own and by cumulative time, and the share of SQL, the plugin's facts and
policy, GraphQL execution and the token.

    benchmarks/run_saleor_benchmarks -k profile [--lines 1,50]"""

import cProfile
import io
import os
import pstats

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .bench_eligibility import both_sides

REQUESTS = 20
# shares of the request: (label, substring of a profiled function's file or name)
AREAS = [
    ("SQL (Django's database layer and psycopg)", ("django/db/", "psycopg")),
    ("the order's facts", ("saleor_warranty_plugin/facts.py", "claim_facts.py")),
    ("the policy engine", ("saleor_warranty_plugin/policy/",)),
    ("token and user", ("saleor/graphql/context.py", "jwt", "graphql/auth.py", "cryptography")),
    ("GraphQL execution", ("/graphql/", "graphql_relay", "graphene/", "promise/")),
]


def _profile(call):
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REQUESTS):
        call()
    profile.disable()
    return pstats.Stats(profile)


def _areas(stats):
    """Own time of the functions in each area's files, as a share of the whole (each
    function counted once, in the first area that names it; the rest is Django's request
    handling, Saleor's context, JSON and the like)."""
    total = sum(entry[2] for entry in stats.stats.values())
    found = dict.fromkeys([label for label, _ in AREAS] + ["everything else"], 0.0)
    for (filename, _, name), (_, _, own, _, _) in stats.stats.items():
        where = f"{filename}:{name}"
        label = next((lb for lb, needles in AREAS if any(n in where for n in needles)), None)
        found[label or "everything else"] += own / total
    return found


def _by_package(stats, limit=15):
    """Own time per package (site-packages name, or Saleor's / the plugin's subpackage)."""
    total = sum(entry[2] for entry in stats.stats.values())
    packages: dict[str, float] = {}
    for (filename, _, name), (_, _, own, _, _) in stats.stats.items():
        if "site-packages/" in filename:
            key = filename.split("site-packages/")[1].split("/")[0]
        elif "/saleor/" in filename or "saleor_warranty_plugin/" in filename:
            parts = filename.split("/")
            top = "saleor_warranty_plugin" if "saleor_warranty_plugin" in parts else "saleor"
            key = "/".join(parts[parts.index(top) : parts.index(top) + 2])
        elif filename == "~":
            key = f"builtin {name}"[:40]
        else:
            key = filename.rsplit("/", 1)[-1]
        packages[key] = packages.get(key, 0.0) + own
    top = sorted(packages.items(), key=lambda item: -item[1])[:limit]
    return "\n".join(f"  {own / total:6.1%}  {key}" for key, own in top)


def _top(stats, key, limit=12):
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats(key).print_stats(limit)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())[-3000:]


def bench_profile_eligibility(order_with_lines, customer_user, channel_USD):
    sizes = [int(n) for n in os.environ.get("PROFILE_LINES", "1,50").split(",")]
    for size, ours, saleor in both_sides(order_with_lines, customer_user, channel_USD, sizes):
        ours(), saleor()
        for label, call in (("orderReturnEligibility", ours), ("Saleor order(id){lines}", saleor)):
            stats = _profile(call)
            print(f"\n=== {label}, {size} line(s), {REQUESTS} requests ===")
            for area, share in _areas(stats).items():
                print(f"  {share:6.1%}  {area}")
            with CaptureQueriesContext(connection) as captured:
                call()
            for query in captured.captured_queries:
                print(f"  SQL {query['time']:>6} s  {query['sql'][:110]}")
            print(_top(stats, "tottime"))
            print(_by_package(stats))
            print(_top(stats, "cumulative", 25))
