"""Running one answer in a fresh store and recording what it did.

An :class:`Attempt` is what checks read: the store after the answer ran, the answer's return
values, the error it raised (if any) and every store event with the name scope that was active when
it happened (that is how "you used name_scope" is told apart from "you forgot the scope").
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.scope import get_name_scope
from scopelab.store import get_default_store

__all__ = ["Attempt", "EventRecord", "AttemptTimeout", "run_attempt", "time_limit"]


class AttemptTimeout(Exception):
    """The answer ran longer than the grader allows (an endless loop, usually)."""


@dataclass(frozen=True)
class EventRecord:
    """One store event, plus the name scope active when it fired."""

    kind: str
    name: str
    reuse: Any
    name_scope: str | None
    variable: Any = None
    error: BaseException | None = None


@dataclass
class Attempt:
    """What one run of the student's answer left behind."""

    store: Any
    returned: list = field(default_factory=list)
    error: BaseException | None = None
    events: list[EventRecord] = field(default_factory=list)
    setup_names: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict)

    # --- queries used by checks ----------------------------------------------------------------
    def get(self, full_name: str):
        """The Variable or PartitionedVariable stored under ``full_name`` (no ``:0``), or None."""
        return self.store.get(full_name)

    def variables(self) -> list:
        """Every variable the answer created (shards included), in creation order."""
        return [v for v in self.store.variables() if v.full_name not in self.setup_names]

    def variable_names(self) -> list[str]:
        return [v.full_name for v in self.variables()]

    def partitioned(self) -> list:
        return [p for p in self.store.partitioned_variables() if _pv_name(p) not in self.setup_names]

    def created(self) -> list[EventRecord]:
        return [e for e in self.events if e.kind == "created"]

    def reused(self) -> list[EventRecord]:
        return [e for e in self.events if e.kind == "reused"]

    def collection(self, key: str) -> list:
        return list(self.store.get_collection(key))

    def collection_names(self, key: str) -> list[str]:
        return [getattr(x, "full_name", getattr(x, "name", repr(x))) for x in self.collection(key)]

    def regularization_losses(self) -> list[float]:
        return [float(loss) for loss in self.store.regularization_losses()]

    def value(self, full_name: str) -> np.ndarray | None:
        v = self.get(full_name)
        return None if v is None else np.asarray(v)

    def tree_text(self, expected: tuple[str, ...] | None = None) -> str:
        """The answer's variables, one per line; with ``expected`` (store names the task states),
        marked ``=`` as asked, ``+`` extra, ``-`` missing."""
        lines = {v.full_name: f"{v.name}  shape={tuple(v.shape.as_list())}  dtype={v.dtype.name}"
                 for v in self.variables()}
        if expected is None:
            return "\n".join(lines.values()) if lines else "(no variables)"
        rows = [f"= {lines[n]}" if n in lines else f"- {n}" for n in expected]
        rows += [f"+ {text}" for n, text in lines.items() if n not in expected]
        return "\n".join(rows) if rows else "(no variables, as asked)"


def _pv_name(pv) -> str:
    return getattr(pv, "full_name", None) or pv.name


def current_name_scope() -> str:
    """The active op name scope ("a/b"; "" at the root)."""
    return get_name_scope()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`AttemptTimeout` in the main thread after ``seconds`` (no limit if None/0)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise AttemptTimeout(f"the answer did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_attempt(drive: Callable[[Callable, Any], list], answer: Callable,
                setup: Callable[[Any], None] | None = None, seconds: float | None = None) -> Attempt:
    """Reset the default graph, run ``setup(tf)``, then ``drive(answer, tf)`` and record it all.

    ``drive`` calls the answer as the exercise needs (once, twice for reuse, with arguments) and
    returns the list of return values. The store is left holding the answer's variables, so the live
    tree and ``%scope_tree`` show what the answer built.
    """
    tf.reset_default_graph()
    store = get_default_store()
    if setup is not None:
        setup(tf)
    attempt = Attempt(store=store, setup_names=frozenset(
        [v.full_name for v in store.variables()] + [_pv_name(p) for p in store.partitioned_variables()]))

    def record(event) -> None:
        attempt.events.append(EventRecord(
            kind=event.kind, name=(event.name or "").removesuffix(":0"), reuse=event.reuse, name_scope=current_name_scope(),
            variable=event.variable, error=event.error))

    unsubscribe = store.subscribe(record)
    try:
        with time_limit(seconds):
            attempt.returned = list(drive(answer, tf))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 - any mistake of the student is data for the checks
        attempt.error = err
    finally:
        unsubscribe()
    return attempt
