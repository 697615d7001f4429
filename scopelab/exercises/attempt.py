"""Running one answer in a fresh store and recording what it left, as plain data.

This is the only part of an exercise that runs where the answer runs: in the student's own process
for ``ex.q1.check()``, in a child of the submission's kernel for ``scopelab grade``. It executes a
:class:`RunSpec` (setup code, the calls, a probe) and returns a JSON-compatible dict; the checks
never see live objects, only :class:`scopelab.exercises.observation.Observation` rebuilt from it.

The record (``version`` 1)::

    {"version": 1, "exercise": "q1", "answer": "ran" | "missing" | "starter" | "timeout" | "crashed",
     "detail": str, "setup_names": [store names made by the setup],
     "calls": [{"returned": VALUE, "state": STATE}, ...],    # one per call that ran (or raised)
     "events": [{"kind": "created" | "reused", "name", "reuse", "name_scope", "ref"}, ...],
     "error": ERROR | null, "error_call": int | null, "probe": VALUE | null}

    STATE = {"variables": [{"ref", "name", "full_name", "shape", "dtype", "trainable", "value": ARRAY,
                            "slice": {"full_name", "full_shape", "var_offset", "var_shape"} | null}],
             "partitioned": [{"ref", "name", "full_name", "shape", "dtype", "shards": [ref, ...]}],
             "collections": {key: [member name, ...]}, "losses": [float, ...]}
    VALUE = null | bool | int | float | str | [VALUE] | {"$tuple": [VALUE]} | {"$dict": [[VALUE, VALUE]]}
          | {"$handle": "variable" | "partitioned", "ref", "name", "full_name", "shape", "dtype"}
          | {"$array": ARRAY} | {"$object": type name}

``ref`` numbers objects in order of first sight, so two handles with the same ref are one object
("the second call returned the same variable"). ARRAY and ERROR are :mod:`scopelab.exercises.plain`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.exercises.plain import ValueBudget, encode_array, encode_error, encode_reuse

__all__ = ["RunSpec", "AttemptTimeout", "record_attempt", "answer_state", "time_limit",
           "answer_globals", "RECORD_VERSION"]

RECORD_VERSION = 1
_MAX_ITEMS = 10_000   # entries kept of any list, dict or collection in a returned value
_MAX_DEPTH = 8


class AttemptTimeout(Exception):
    """The answer ran longer than the grader allows (an endless loop, usually)."""


@dataclass(frozen=True)
class RunSpec:
    """How to run one exercise's answer: everything of an exercise that goes where the answer runs.

    ``setup`` and ``probe`` are code run in a namespace holding ``tf`` (scopelab), ``np`` and
    ``variable(name)`` (the store's variable of that name, or None); each of ``calls`` is an
    expression with ``answer`` bound too. ``probe`` runs after the calls and sets ``result`` to
    plain data. No check, hint or solution is part of it.
    """

    key: str
    answer_name: str
    starter: str
    starter_runs: bool = False
    setup: str = ""
    calls: tuple[str, ...] = ("answer()",)
    probe: str = ""

    def to_json(self) -> dict:
        return {**asdict(self), "calls": list(self.calls)}

    @classmethod
    def from_json(cls, data: dict) -> RunSpec:
        return cls(**{**data, "calls": tuple(data["calls"])})


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


def answer_globals() -> dict:
    """Globals for answer code given as a string: ``tf`` is scopelab and ``np`` is NumPy."""
    return {"__name__": "__scopelab_answer__", "tf": tf, "np": np}


def _same_code(a, b) -> bool:
    """Compare two code objects by bytecode, constants and names (not by file or line)."""
    if a is None or b is None:
        return False

    def strip(consts):
        return tuple(c if not hasattr(c, "co_code") else (c.co_code, strip(c.co_consts)) for c in consts)

    return (a.co_code == b.co_code and a.co_names == b.co_names
            and strip(a.co_consts) == strip(b.co_consts))


def answer_state(spec: RunSpec, fn: Any) -> str:
    """``"missing"`` (no such function), ``"starter"`` (the untouched starter) or ``"ready"``."""
    if not callable(fn):
        return "missing"
    if spec.starter_runs:
        return "ready"
    scope = answer_globals()
    exec(compile(spec.starter, f"<{spec.key} starter>", "exec"), scope)
    starter = scope.get(spec.answer_name)
    return "starter" if _same_code(getattr(fn, "__code__", None), getattr(starter, "__code__", None)) else "ready"


class _Recorder:
    """Numbers objects and turns the store and returned values into plain data."""

    def __init__(self) -> None:
        self.refs: dict[int, int] = {}
        self.keep: list = []       # objects stay alive so their ids are not reused mid-attempt
        self.budget = ValueBudget()

    def ref(self, obj: Any) -> int:
        key = id(obj)
        if key not in self.refs:
            self.refs[key] = len(self.refs) + 1
            self.keep.append(obj)
        return self.refs[key]

    def handle(self, obj: Any, kind: str) -> dict:
        return {"$handle": kind, "ref": self.ref(obj), "name": str(obj.name),
                "full_name": str(_full_name(obj)), "shape": _shape(obj), "dtype": obj.dtype.name}

    def value(self, value: Any, depth: int = 0) -> Any:
        if value is None or isinstance(value, (bool, int, float)):
            return value if not isinstance(value, int) or abs(value) < 2**63 else str(value)
        if isinstance(value, str):
            return value[:10_000]
        if isinstance(value, tf.PartitionedVariable):
            return self.handle(value, "partitioned")
        if isinstance(value, tf.Variable):
            return self.handle(value, "variable")
        if depth >= _MAX_DEPTH:
            return {"$object": "nested too deep"}
        if isinstance(value, tuple):
            return {"$tuple": [self.value(v, depth + 1) for v in value[:_MAX_ITEMS]]}
        if isinstance(value, list):
            return [self.value(v, depth + 1) for v in value[:_MAX_ITEMS]]
        if isinstance(value, dict):
            items = list(value.items())[:_MAX_ITEMS]
            return {"$dict": [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in items]}
        if isinstance(value, np.generic) or hasattr(value, "__array__"):
            try:
                return {"$array": encode_array(value, self.budget)}
            except Exception:  # noqa: BLE001 - an object whose __array__ fails is just an object
                pass
        return {"$object": type(value).__name__[:100]}

    def state(self, store) -> dict:
        variables = [{"ref": self.ref(v), "name": str(v.name), "full_name": str(v.full_name),
                      "shape": _shape(v), "dtype": v.dtype.name, "trainable": bool(v.trainable),
                      "value": encode_array(np.asarray(v), self.budget), "slice": _slice(v)}
                     for v in store.variables()]
        partitioned = [{"ref": self.ref(p), "name": str(p.name), "full_name": str(_full_name(p)),
                        "shape": _shape(p), "dtype": p.dtype.name, "shards": [self.ref(s) for s in p]}
                       for p in store.partitioned_variables()]
        collections = {str(key): [_member_name(x) for x in store.get_collection(key)][:_MAX_ITEMS]
                       for key in store.collection_keys()}
        losses = []
        for loss in store.regularization_losses():
            try:
                losses.append(float(loss))
            except Exception:  # noqa: BLE001 - a loss that cannot be read is reported as NaN
                losses.append(float("nan"))
        return {"variables": variables, "partitioned": partitioned, "collections": collections,
                "losses": losses}


def _full_name(obj) -> str:
    return getattr(obj, "full_name", None) or str(obj.name).removesuffix(":0")


def _shape(obj) -> list[int]:
    shape = obj.shape
    dims = shape.as_list() if hasattr(shape, "as_list") else list(shape)
    return [int(d) if d is not None else -1 for d in dims]


def _slice(v) -> dict | None:
    info = getattr(v, "save_slice_info", None)
    if info is None:
        return None
    return {"full_name": str(info.full_name), "full_shape": [int(n) for n in info.full_shape],
            "var_offset": [int(n) for n in info.var_offset], "var_shape": [int(n) for n in info.var_shape]}


def _member_name(x) -> str:
    name = getattr(x, "full_name", None) or getattr(x, "name", None)
    return str(name)[:500] if name is not None else type(x).__name__


def record_attempt(spec: RunSpec, answer: Callable, seconds: float | None = None) -> dict:
    """Reset the default graph, run ``spec`` against ``answer`` and return the plain record.

    The store is left holding what the answer built, so the live tree and ``%scope_tree`` show it.
    Never raises for anything the answer does (KeyboardInterrupt excepted).
    """
    record: dict[str, Any] = {"version": RECORD_VERSION, "exercise": spec.key, "answer": "ran",
                              "detail": "", "setup_names": [], "calls": [], "events": [],
                              "error": None, "error_call": None, "probe": None}
    recorder = _Recorder()
    tf.reset_default_graph()
    store = tf.get_default_store()
    namespace = {"tf": tf, "np": np, "variable": store.get, "__builtins__": __builtins__}
    unsubscribe = None
    step = -1
    # compiled before the clock starts: CPython 3.11 breaks (SystemError) if the alarm interrupts compile()
    setup = compile(spec.setup, f"<{spec.key} setup>", "exec")
    calls = [compile(call, f"<{spec.key} call {i + 1}>", "eval") for i, call in enumerate(spec.calls)]
    probe = compile(spec.probe, f"<{spec.key} probe>", "exec")
    try:
        with time_limit(seconds):
            exec(setup, namespace)
            record["setup_names"] = ([str(v.full_name) for v in store.variables()]
                                     + [_full_name(p) for p in store.partitioned_variables()])

            def on_event(event) -> None:
                if event.kind in ("created", "reused"):
                    record["events"].append({
                        "kind": event.kind, "name": str(event.name or "").removesuffix(":0"),
                        "reuse": encode_reuse(event.reuse), "name_scope": tf.get_name_scope(),
                        "ref": recorder.ref(event.variable) if event.variable is not None else None})

            unsubscribe = store.subscribe(on_event)
            for step, call in enumerate(calls):  # noqa: B007 - `step` names the failed call below
                returned = eval(call, {**namespace, "answer": answer})
                record["calls"].append({"returned": recorder.value(returned), "state": recorder.state(store)})
            step = len(calls)
            probe_ns = {**namespace, "result": None}
            exec(probe, probe_ns)
            record["probe"] = recorder.value(probe_ns["result"])
    except AttemptTimeout as err:
        record.update(answer="timeout", detail=str(err), calls=[], error=None)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - any mistake of the student is data for the checks
        record["error"], record["error_call"] = encode_error(err), step
        if 0 <= step < len(spec.calls) and len(record["calls"]) <= step:  # keep what the failed call left
            record["calls"].append({"returned": None, "state": recorder.state(store)})
    finally:
        if unsubscribe is not None:
            unsubscribe()
    return record
