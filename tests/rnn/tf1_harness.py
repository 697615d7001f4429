"""Runs one recorded case (a small TF1 program) against a ``tf`` module; returns what it observed.

The same harness serves TensorFlow (``record_tf.py`` in this folder, a developer tool) and
scopelab (the tests in ``tests/rnn`` and ``tests/train``). A case is source code that may call:

``out(label, value)``          record a plain value (str, int, float, bool, None, lists of those)
``err(label, fn)``             call ``fn``; record the builtin error class and the first line
``variables(label)``           record [name, shape, dtype, trainable] of the global and local ones
``collections(label, *keys)``  record the size of each named collection
``static(label, x)``           record the static shape (``as_list()``) of a tensor or nested tensors
``fix()``                      give every float variable not yet fixed a value derived from its name
``val(label, fetches, feed)``  run ``fetches`` (nested) with ``feed`` and record the values
``RUN(fetches, feed)``         run without recording (inside ``err`` to see a run-time error)

``fix`` makes values comparable across the two libraries without reproducing TF's random
initializers: each variable gets ``uniform(-0.5, 0.5)`` from a generator seeded by its name.
The runner supplies ``run(fetches, feed_dict)`` and ``set_value(variable, array)``; on TF's side it
also initializes variables before each run.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

BUILTIN_ERRORS = (TypeError, ValueError, RuntimeError, NotImplementedError, IndexError, KeyError,
                  AttributeError)


def _builtin_name(exc: BaseException) -> str:
    if hasattr(exc, "error_code"):          # TF's OpError family (tf.errors.*): its own class
        return type(exc).__name__
    for cls in BUILTIN_ERRORS:
        if isinstance(exc, cls):
            return cls.__name__
    return type(exc).__name__


def fixed_value(name: str, shape: list[int], dtype: str) -> np.ndarray:
    """The value ``fix()`` gives the variable ``name`` (same on both sides)."""
    rng = np.random.RandomState(zlib.crc32(name.encode()))
    return rng.uniform(-0.5, 0.5, size=shape).astype(dtype)


def _plain(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_plain(item) for item in x]
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in sorted(x.items())}
    value = np.asarray(x).tolist()
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _shapes(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_shapes(item) for item in x]
    if x is None:
        return None
    return x.get_shape().as_list() if x.get_shape().ndims is not None else "unknown"


def run_case(source: str, tf: Any, run: Callable[..., Any],
             set_value: Callable[[Any, np.ndarray], None],
             extra: dict[str, Any] | None = None) -> list[list[Any]]:
    """Run ``source``; ``extra`` adds names to its namespace (a function TF keeps elsewhere, such
    as ``seq2seq_sequence_loss``: tensorflow_addons' under TF, scopelab's own under scopelab)."""
    observed: list[list[Any]] = []
    fixed: set[str] = set()

    def out(label: str, value: Any) -> None:
        observed.append(["out", label, value])

    def err(label: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the class TF raised and its first line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            observed.append(["err", label, _builtin_name(exc), first])
        else:
            observed.append(["err", label, "ok", ""])

    def variables(label: str) -> None:
        rows = []
        trainable = {v.name for v in tf.trainable_variables()}
        for v in tf.global_variables() + tf.local_variables():
            rows.append([v.name, v.get_shape().as_list(), v.dtype.base_dtype.name,
                         v.name in trainable])
        observed.append(["out", label, rows])

    def collections(label: str, *keys: str) -> None:
        observed.append(["out", label, [len(tf.get_collection(k)) for k in keys]])

    def static(label: str, x: Any) -> None:
        observed.append(["out", label, _shapes(x)])

    def fix() -> None:
        for v in tf.global_variables() + tf.local_variables():
            if v.name in fixed or not v.dtype.base_dtype.is_floating:
                continue
            shape = v.get_shape().as_list()
            set_value(v, fixed_value(v.op.name, shape, v.dtype.base_dtype.name))
            fixed.add(v.name)

    def val(label: str, fetches: Any, feed: dict | None = None) -> None:
        observed.append(["val", label, _plain(run(fetches, feed))])

    namespace = {"tf": tf, "np": np, "out": out, "err": err, "variables": variables,
                 "collections": collections, "static": static, "fix": fix, "val": val,
                 "RUN": run, **(extra or {})}
    exec(compile(source, "<case>", "exec"), namespace)
    return observed


def run_in_session(source: str, tf: Any, session: Any,
                   extra: dict[str, Any] | None = None) -> list[list[Any]]:
    """``run_case`` with ``session`` (closed at the end): every variable made since the last run
    or value load is initialised just before it. Under TensorFlow (the record scripts) or
    scopelab (``tf1_replay``), in whatever graph is the default."""
    initialized: set[str] = set()

    def initialize_new() -> None:
        fresh = [v for v in tf.global_variables() + tf.local_variables()
                 if v.name not in initialized]
        if fresh:
            session.run(tf.variables_initializer(fresh))
            initialized.update(v.name for v in fresh)

    def run(fetches: Any, feed: Any) -> Any:
        initialize_new()
        return session.run(fetches, feed_dict=feed)

    def set_value(variable: Any, value: np.ndarray) -> None:
        initialize_new()
        variable.load(value, session)

    try:
        return run_case(source, tf, run, set_value, extra)
    finally:
        session.close()


def record_in_session(source: str, tf: Any, extra: dict[str, Any] | None = None,
                      config: Any = None) -> list[list[Any]]:
    """``run_in_session`` under TensorFlow in a fresh graph (the record scripts)."""
    graph = tf.Graph()
    with graph.as_default():
        return run_in_session(source, tf, tf.Session(graph=graph, config=config), extra)
