"""Hot single-row reads compiled once: the ORM builds the SQL, Django's own code makes the
model instances.

Reading one order with its channel, addresses and snapshot (or one claim with its order,
channel and policy) costs Django more to compile - a few hundred columns over five or six
joined models - than PostgreSQL takes to answer. A `CompiledRead` compiles its queryset
once per database alias with a sentinel key, binds the real key per call, and turns the
row into instances with the same steps as Django's ``ModelIterable`` (field converters,
``Model.from_db``, the select_related populators, annotations), so the objects are the
ones the queryset would give. `test_compiled.py` holds the two equal. `compile_keyed` and
`PerDatabase` are also how `line_rows` compiles the order-lines read.
"""

from collections.abc import Callable
from threading import Lock
from typing import Any


def compile_keyed(queryset: Any, alias: str, *sentinels: Any) -> tuple[Any, str, list, list[int]]:
    """(compiler, SQL, parameters, where each sentinel stands in the parameters) of a queryset
    built with sentinel keys; each must appear exactly once, to be replaced per call."""
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    positions = []
    for sentinel in sentinels:
        found = [i for i, param in enumerate(params) if param == sentinel]
        if len(found) != 1:
            raise RuntimeError(f"{queryset.model.__name__}: a key did not compile once.")
        positions.append(found[0])
    return compiler, sql, list(params), positions


class PerDatabase[T]:
    """What `make(alias)` gives, made once per database alias (thread-safe)."""

    def __init__(self, make: Callable[[str], T]) -> None:
        self._make = make
        self._made: dict[str, T] = {}
        self._lock = Lock()

    def get(self, alias: str) -> T:
        found = self._made.get(alias)
        if found is None:
            with self._lock:
                found = self._made.get(alias)
                if found is None:
                    found = self._made[alias] = self._make(alias)
        return found


class _Compiled:
    __slots__ = (
        "sql", "params", "key_at", "for_update", "model", "start", "end", "init_list",
        "populators", "annotations", "compiler", "converters",
    )  # fmt: skip

    def __init__(self, queryset: Any, alias: str, sentinel: Any) -> None:
        from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

        compiler, self.sql, self.params, (self.key_at,) = compile_keyed(queryset, alias, sentinel)
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        self.for_update = queryset.query.select_for_update
        self.model = klass_info["model"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.annotations = dict(compiler.annotation_col_map or {})
        self.compiler = compiler
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])


class CompiledRead:
    """`build(key)`: a queryset of one model (select_related, annotations and row locks
    allowed; no prefetch, no deferred fields) that finds at most one row for `key`."""

    def __init__(self, build: Callable[[Any], Any], sentinel: Any) -> None:
        self._compiled = PerDatabase(lambda alias: _Compiled(build(sentinel), alias, sentinel))

    def first(self, key: Any, using: str = "default") -> Any:
        """The instance for `key`, or None; as `build(key).first()` would read it."""
        from django.db import connections
        from django.db.transaction import TransactionManagementError

        compiled = self._compiled.get(using)
        connection = connections[using]
        if compiled.for_update and not connection.in_atomic_block:
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        params[compiled.key_at] = key
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        obj = compiled.model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in compiled.annotations.items():
            setattr(obj, name, row[position])
        return obj
