"""What the checks read: a read-only :class:`Observation` rebuilt from an attempt's plain record.

Checks are pure functions of an Observation. It holds no live object: variables are
:class:`VariableData` (names, shape, dtype, trainable, values), partitioned variables
:class:`PartitionedData`, returned variables :class:`Handle` (two handles are the same variable when
their ``ref`` is equal), the error a stand-in built by :func:`scopelab.exercises.plain.decode_error`.
``from_record`` validates everything and raises :class:`~scopelab.exercises.plain.MalformedData`
for anything the recorder (:mod:`scopelab.exercises.attempt`) would not have written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scopelab.exercises.attempt import RECORD_VERSION, AttemptTimeout
from scopelab.exercises.plain import MAX_TEXT, MalformedData, decode_array, decode_error, decode_reuse, require

__all__ = ["Observation", "VariableData", "PartitionedData", "Handle", "EventData", "CallData",
           "StoreState", "MalformedData", "same_variable"]

_ANSWERS = ("ran", "missing", "starter", "timeout", "crashed")


@dataclass(frozen=True)
class SliceData:
    """A shard's place in its partitioned variable (TF's ``save_slice_info``)."""

    full_name: str
    full_shape: tuple[int, ...]
    var_offset: tuple[int, ...]
    var_shape: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class VariableData:
    """One variable as the answer left it. ``name`` has TF's ``:0``; ``full_name`` is the store key."""

    ref: int
    name: str
    full_name: str
    shape: tuple[int, ...]
    dtype: str
    trainable: bool
    value: np.ndarray | None     # None when the values were too large to send
    slice: SliceData | None = None


@dataclass(frozen=True, eq=False)
class PartitionedData:
    """A partitioned variable: its full shape and its shards in order."""

    ref: int
    name: str
    full_name: str
    shape: tuple[int, ...]
    dtype: str
    shards: tuple[VariableData, ...]


@dataclass(frozen=True)
class Handle:
    """A variable (``kind="variable"``) or partitioned variable the answer returned."""

    kind: str
    ref: int
    name: str
    full_name: str
    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class EventData:
    """A get_variable outcome: ``kind`` "created" or "reused", the reuse mode and active name scope."""

    kind: str
    name: str
    reuse: Any
    name_scope: str
    ref: int | None


@dataclass(frozen=True)
class StoreState:
    """The store at one moment: variables (shards included), partitioned variables, collections."""

    variables: tuple[VariableData, ...] = ()
    partitioned: tuple[PartitionedData, ...] = ()
    collections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    losses: tuple[float, ...] = ()

    def get(self, full_name: str) -> VariableData | PartitionedData | None:
        for item in self.partitioned + self.variables:
            if item.full_name == full_name:
                return item
        return None


@dataclass(frozen=True)
class CallData:
    """One call of the answer: what it returned (decoded) and the store right after it."""

    returned: Any
    state: StoreState


def same_variable(a: Any, b: Any) -> bool:
    """True if ``a`` and ``b`` (handles or stored variables) are the very same variable object."""
    return getattr(a, "ref", None) is not None and getattr(a, "ref", None) == getattr(b, "ref", None)


@dataclass(frozen=True)
class Observation:
    """What one run of the answer left: the calls, the final store, events, error and probe."""

    exercise: str
    answer: str                             # ran | missing | starter | timeout | crashed
    detail: str = ""
    calls: tuple[CallData, ...] = ()
    events: tuple[EventData, ...] = ()
    error: BaseException | None = None
    error_call: int | None = None
    probe: Any = None
    setup_names: frozenset[str] = frozenset()

    # --- the final store (after the last call) --------------------------------------------------
    @property
    def state(self) -> StoreState:
        return self.calls[-1].state if self.calls else StoreState()

    @property
    def returned(self) -> list:
        """What each call returned, in order (None for a call that raised)."""
        return [c.returned for c in self.calls]

    def get(self, full_name: str) -> VariableData | PartitionedData | None:
        """The variable or partitioned variable stored under ``full_name`` (no ``:0``), or None."""
        return self.state.get(full_name)

    def variables(self) -> list[VariableData]:
        """Every variable the answer created (shards included), in creation order."""
        return [v for v in self.state.variables if v.full_name not in self.setup_names]

    def variable_names(self) -> list[str]:
        return [v.full_name for v in self.variables()]

    def partitioned(self) -> list[PartitionedData]:
        return [p for p in self.state.partitioned if p.full_name not in self.setup_names]

    def created(self) -> list[EventData]:
        return [e for e in self.events if e.kind == "created"]

    def reused(self) -> list[EventData]:
        return [e for e in self.events if e.kind == "reused"]

    def collection_names(self, key: str) -> list[str]:
        return list(self.state.collections.get(key, ()))

    def regularization_losses(self) -> list[float]:
        return list(self.state.losses)

    def value(self, full_name: str) -> np.ndarray | None:
        found = self.get(full_name)
        if isinstance(found, PartitionedData):
            parts = [s.value for s in found.shards]
            return None if any(p is None for p in parts) else np.concatenate(parts, axis=0)
        return None if found is None else found.value

    def tree_text(self, expected: tuple[str, ...] | None = None) -> str:
        """The answer's variables, one per line; with ``expected`` (store names the task states),
        marked ``=`` as asked, ``+`` extra, ``-`` missing."""
        lines = {v.full_name: f"{v.name}  shape={v.shape}  dtype={v.dtype}" for v in self.variables()}
        if expected is None:
            return "\n".join(lines.values()) if lines else "(no variables)"
        rows = [f"= {lines[n]}" if n in lines else f"- {n}" for n in expected]
        rows += [f"+ {text}" for n, text in lines.items() if n not in expected]
        return "\n".join(rows) if rows else "(no variables, as asked)"

    # --- building from a record ------------------------------------------------------------------
    @classmethod
    def from_record(cls, record: Any, exercise: str) -> Observation:
        """Validate and decode ``record``; MalformedData if it is not what the recorder writes."""
        require(isinstance(record, dict), "the record must be an object")
        require(record.get("version") == RECORD_VERSION, "unknown record version")
        require(record.get("exercise") == exercise, "the record is for another exercise")
        answer = record.get("answer")
        require(answer in _ANSWERS, "unknown answer state")
        detail = _text(record.get("detail", ""))
        if answer != "ran":
            error = AttemptTimeout(detail or "the answer did not finish in time") if answer == "timeout" else None
            return cls(exercise, answer, detail, error=error)
        objects: dict[int, VariableData] = {}
        calls = tuple(_call(c, objects) for c in _list(record.get("calls")))
        events = tuple(_event(e) for e in _list(record.get("events")))
        error = decode_error(record["error"]) if record.get("error") is not None else None
        error_call = record.get("error_call")
        require(error_call is None or type(error_call) is int, "bad error_call")
        setup = _list(record.get("setup_names", []))
        return cls(exercise, answer, detail, calls, events, error, error_call,
                   _value(record.get("probe")), frozenset(_text(n) for n in setup))


# --- decoding helpers ------------------------------------------------------------------------------
def _list(x: Any) -> list:
    require(isinstance(x, list), "expected a list")
    return x


def _text(x: Any) -> str:
    require(isinstance(x, str) and len(x) <= 10 * MAX_TEXT, "expected a short string")
    return x


def _int(x: Any) -> int:
    require(type(x) is int, "expected an integer")
    return x


def _shape(x: Any) -> tuple[int, ...]:
    return tuple(_int(n) for n in _list(x))


def _variable(d: Any, objects: dict) -> VariableData:
    require(isinstance(d, dict), "a variable must be an object")
    sl = d.get("slice")
    if sl is not None:
        require(isinstance(sl, dict), "bad slice")
        sl = SliceData(_text(sl.get("full_name")), _shape(sl.get("full_shape")), _shape(sl.get("var_offset")),
                       _shape(sl.get("var_shape")))
    require(isinstance(d.get("trainable"), bool), "trainable must be true or false")
    value = decode_array(d.get("value")) if d.get("value") is not None else None
    var = VariableData(_int(d.get("ref")), _text(d.get("name")), _text(d.get("full_name")), _shape(d.get("shape")),
                       _text(d.get("dtype")), d["trainable"], value, sl)
    objects[var.ref] = var
    return var


def _state(d: Any, objects: dict) -> StoreState:
    require(isinstance(d, dict), "a state must be an object")
    variables = tuple(_variable(v, objects) for v in _list(d.get("variables")))
    by_ref = {v.ref: v for v in variables}
    partitioned = []
    for p in _list(d.get("partitioned")):
        require(isinstance(p, dict), "a partitioned variable must be an object")
        shards = tuple(by_ref.get(_int(r)) for r in _list(p.get("shards")))
        require(all(s is not None for s in shards), "a shard is missing from the variables")
        partitioned.append(PartitionedData(_int(p.get("ref")), _text(p.get("name")), _text(p.get("full_name")),
                                           _shape(p.get("shape")), _text(p.get("dtype")), shards))
    raw = d.get("collections")
    require(isinstance(raw, dict), "collections must be an object")
    collections = {_text(k): tuple(_text(n) for n in _list(v)) for k, v in raw.items()}
    losses = tuple(float(x) for x in _list(d.get("losses")) if _number(x))
    return StoreState(variables, tuple(partitioned), collections, losses)


def _number(x: Any) -> bool:
    require(isinstance(x, (int, float)) and not isinstance(x, bool), "a loss must be a number")
    return True


def _call(d: Any, objects: dict) -> CallData:
    require(isinstance(d, dict), "a call must be an object")
    return CallData(_value(d.get("returned")), _state(d.get("state"), objects))


def _event(d: Any) -> EventData:
    require(isinstance(d, dict) and d.get("kind") in ("created", "reused"), "bad event")
    ref = d.get("ref")
    return EventData(d["kind"], _text(d.get("name")), decode_reuse(d.get("reuse")), _text(d.get("name_scope") or ""),
                     None if ref is None else _int(ref))


def _value(v: Any, depth: int = 0) -> Any:
    require(depth <= 10, "a returned value is nested too deep")
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        return [_value(x, depth + 1) for x in v]
    require(isinstance(v, dict) and len(v) >= 1, "bad returned value")
    if "$tuple" in v:
        return tuple(_value(x, depth + 1) for x in _list(v["$tuple"]))
    if "$dict" in v:
        pairs = [_list(p) for p in _list(v["$dict"])]
        require(all(len(p) == 2 for p in pairs), "bad dict entry")
        return {_key(_value(k, depth + 1)): _value(x, depth + 1) for k, x in pairs}
    if "$array" in v:
        return decode_array(v["$array"])
    if "$object" in v:
        return _Opaque(_text(v["$object"]))
    require(v.get("$handle") in ("variable", "partitioned"), "unknown value kind")
    return Handle(v["$handle"], _int(v.get("ref")), _text(v.get("name")), _text(v.get("full_name")),
                  _shape(v.get("shape")), _text(v.get("dtype")))


def _key(k: Any) -> Any:
    try:
        hash(k)
    except TypeError:
        return repr(k)
    return k


@dataclass(frozen=True)
class _Opaque:
    """A returned object that is not plain data (only its type name is known)."""

    type_name: str
