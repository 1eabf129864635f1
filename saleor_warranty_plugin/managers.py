"""One Saleor plugins manager per unit of work.

Saleor builds a ``PluginsManager`` per request, and each one reads the plugins'
configuration from the database (the global one, then each channel's on first use).
A claim's resolution asks for a manager several times: Saleor's refund and return, the
customer's and the staff's notifications (sent on commit: `manager_getter`). Inside
``shared_manager()`` (the plugin's GraphQL request, a resolution's performing) they all get
the same manager, made on first use; outside one, each caller gets a new one, as before.
Work run later in the same process (an eager task on commit) takes the request's manager
along with `carried()`.
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

_shared: ContextVar[list[Any] | None] = ContextVar("warranty_plugins_manager", default=None)


def plugins_manager() -> Any:
    """The unit of work's manager (made on first use), or a new one outside one."""
    return _manager(_shared.get())


def manager_getter() -> Callable[[], Any]:
    """For a callback run later (on commit): it gets this unit of work's manager even once
    the block has ended, or a new one where there is no unit of work."""
    return partial(_manager, _shared.get())


def _manager(holder: list[Any] | None) -> Any:
    from saleor.plugins.manager import get_plugins_manager

    if holder is None:
        return get_plugins_manager(allow_replica=False)
    if not holder:
        holder.append(get_plugins_manager(allow_replica=False))
    return holder[0]


@contextmanager
def shared_manager() -> Iterator[None]:
    """Share one manager among the callers within the block (nested blocks share the
    outermost one)."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set([])
    try:
        yield
    finally:
        _shared.reset(token)


def carried() -> AbstractContextManager[None]:
    """This unit of work's manager, for work run later (on commit) in this process: within
    the returned block, `shared_manager()` and `plugins_manager()` use it. Work sent to
    another process (a Celery worker) makes its own."""
    holder = _shared.get()

    @contextmanager
    def within() -> Iterator[None]:
        if holder is None or _shared.get() is not None:
            yield
            return
        token = _shared.set(holder)
        try:
            yield
        finally:
            _shared.reset(token)

    return within()
