"""The event feed of a graph: what changed, told to subscribers after the lock is released.

Views (the live tree, the event log, ``%%scope_diff``) subscribe; every mutation of a graph runs
inside ``with feed.mutation():`` (its re-entrant lock) and queues events with :meth:`note`, which
go out when the outermost mutation ends, so a subscriber never sees a half-made change and may
read the graph freely. A subscriber that raises is reported as a warning and never breaks the
call that made the change.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from scopelab.errors import InvalidArgumentTypeError

__all__ = ["StoreEvent", "EventFeed"]


class StoreEvent(NamedTuple):
    """What happened: ``created``, ``reused``, ``error``, ``reset``, ``assigned``, ``rollback``
    or ``collection``; ``seq`` orders the events of one graph."""

    kind: str
    name: str | None
    variable: Any
    error: BaseException | None
    scope_name: str | None
    reuse: Any
    seq: int


_make_event = tuple.__new__     # all seven fields in one C call: an event per get_variable


class EventFeed:
    """A lock, the subscribers and the queue of events of one graph; ``version`` counts changes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._subscribers: tuple[Callable[..., Any], ...] = ()
        self._pending: list[StoreEvent] = []
        self._depth = 0
        self._seq = 0
        self._guard = _MutationGuard(self)
        self.version = 0          # +1 on every mutation (views compare it)
        self.last_error: StoreEvent | None = None

    def subscribe(self, fn: Callable[[StoreEvent], None]) -> Callable[[], None]:
        """Call ``fn(event)`` after every mutation (outside the lock). Returns ``unsubscribe()``."""
        if not callable(fn):
            raise InvalidArgumentTypeError(
                f"subscribe() needs a callable taking one StoreEvent, got {type(fn).__name__}.")
        with self.lock:
            self._subscribers = (*self._subscribers, fn)
        return lambda: self.unsubscribe(fn)

    def unsubscribe(self, fn: Callable[..., Any]) -> None:
        with self.lock:
            self._subscribers = tuple(s for s in self._subscribers if s is not fn)

    def subscribers(self) -> tuple[Callable[..., Any], ...]:
        return self._subscribers

    def mutation(self) -> _MutationGuard:
        """``with feed.mutation():`` hold the lock; events go out when the outermost one ends."""
        return self._guard

    def begin_mutation(self) -> None:
        """:meth:`mutation`'s entry, for hot paths that write ``begin_mutation(); try: ...
        finally: end_mutation()`` (a ``with`` costs twice as much in 3.11)."""
        self.lock.acquire()
        self._depth += 1

    def end_mutation(self) -> None:
        """:meth:`mutation`'s exit: release the lock, then send the events of the outermost one."""
        self._depth -= 1
        events = None
        if self._depth == 0 and self._pending:
            events, self._pending = self._pending, []
        subscribers = self._subscribers
        self.lock.release()
        if events:
            _dispatch(subscribers, events)

    def note(self, kind: str, name: str | None = None, variable: Any = None,
             error: BaseException | None = None, scope_name: str | None = None,
             reuse: Any = None) -> None:
        """Queue an event (caller holds the lock); all but ``reused``/``error`` bump ``version``."""
        if kind != "reused" and kind != "error":
            self.version += 1
        self._seq += 1
        if self._subscribers or kind == "error":
            event = _make_event(StoreEvent, (kind, name, variable, error, scope_name, reuse,
                                             self._seq))
            if kind == "error":
                self.last_error = event
            if self._subscribers:
                self._pending.append(event)

    def note_reused(self, name: str, variable: Any, scope_name: str | None, reuse: Any,
                    lookup: Callable[[str], Any]) -> bool:
        """``with self.mutation(): self.note("reused", ...)`` in one call, if ``lookup(name)`` is
        still ``variable`` under the lock (else ``False``: a reset or an undo came first).

        The store's fast path calls it on every reuse of a layer's weights: the lock itself, by
        ``acquire``/``release`` (half the cost of its ``with`` in 3.11), and no guard calls. The
        event goes out at once, or with the mutation this thread is in."""
        lock = self.lock
        lock.acquire()
        try:
            if lookup(name) is not variable:
                return False
            self._seq += 1
            subscribers = self._subscribers
            if not subscribers:
                return True
            event = _make_event(StoreEvent, ("reused", name, variable, None, scope_name, reuse,
                                             self._seq))
            if self._depth:      # inside this thread's mutation: sent when it ends
                self._pending.append(event)
                return True
        finally:
            lock.release()
        for fn in subscribers:     # _dispatch of this one event, without its call
            try:
                fn(event)
            except Exception as exc:  # noqa: BLE001 - a broken view must never break get_variable
                _report(fn, exc)
        return True

    def record_error(self, error: BaseException, name: str | None, scope_name: str | None,
                     reuse: Any) -> None:
        """Remember a failed ``get_variable`` (``last_error``) and tell subscribers (once)."""
        if getattr(error, "_scopelab_recorded", False):
            return
        try:
            error._scopelab_recorded = True  # type: ignore[attr-defined]  # a mark on any exception
        except AttributeError:
            pass
        with self.mutation():
            self.note("error", name, None, error, scope_name, reuse)


class _MutationGuard:
    __slots__ = ("feed",)

    def __init__(self, feed: EventFeed) -> None:
        self.feed = feed

    def __enter__(self) -> EventFeed:
        self.feed.begin_mutation()
        return self.feed

    def __exit__(self, *exc: Any) -> None:
        self.feed.end_mutation()


def _dispatch(subscribers: Sequence[Callable[..., Any]], events: Sequence[StoreEvent]) -> None:
    for event in events:
        for fn in subscribers:
            try:
                fn(event)
            except Exception as exc:  # noqa: BLE001 - a broken view must never break get_variable
                _report(fn, exc)


def _report(fn: Callable[..., Any], exc: Exception) -> None:
    label = getattr(fn, "__qualname__", type(fn).__name__)
    warnings.warn(f"scopelab store subscriber {label} raised {exc!r}; ignored.",
                  RuntimeWarning, stacklevel=3)


