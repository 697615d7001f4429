"""Runs one ops case (a small TF1 graph-mode program) against a ``tf`` module; returns what it saw.

The same harness serves TensorFlow (``record_tf.py``, a developer tool) and scopelab
(``test_ops_recorded.py``). A case is source code that may call:

``out(label, value)``        record a plain value (str, number, bool, None, lists of those)
``static(label, x)``         record ``[name, dtype, shape]`` of a tensor (or nested tensors): the
                             tensor name, its dtype name and ``shape.as_list()`` (None: unknown rank)
``names(label, xs)``         record the names of tensors or operations
``err(label, fn)``           call ``fn``; record the error class (builtin family, or the
                             ``tf.errors`` class) and the message's first line
``val(label, fetches, feed)`` run ``fetches`` (nested) with ``feed`` in the case's session and
                             record the values
``RUN(fetches, feed)``       run without recording (e.g. inside ``err``)
``sess``                     the case's session (variables are initialized before each run)

``rng`` is ``np.random.RandomState(0)``, so fixed inputs are the same on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

BUILTIN_ERRORS = (TypeError, ValueError, RuntimeError, NotImplementedError, IndexError, KeyError,
                  AttributeError)


def error_class(exc: BaseException) -> str:
    if hasattr(exc, "error_code"):          # TF's OpError family (tf.errors.*): its own class
        return type(exc).__name__
    for cls in BUILTIN_ERRORS:
        if isinstance(exc, cls):
            return cls.__name__
    return type(exc).__name__


def _plain(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_plain(item) for item in x]
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in sorted(x.items())}
    value = np.asarray(x)
    if value.dtype == object or value.dtype.kind == "S":
        return [v.decode() if isinstance(v, bytes) else v for v in value.reshape(-1).tolist()]
    if value.dtype.kind == "f":        # JSON has no inf/nan: stand-ins that compare exactly
        value = np.nan_to_num(value.astype(np.float64), nan=1e300, posinf=1e301, neginf=-1e301)
    return value.tolist()


def _static(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_static(item) for item in x]
    shape = x.shape
    dtype = getattr(x.dtype, "base_dtype", x.dtype)     # TF1 variables say "float32_ref"
    return [x.name, dtype.name, None if shape.ndims is None else shape.as_list()]


def run_case(source: str, tf: Any, session: Any, run: Callable[[Any, Any], Any]) -> list:
    observed: list[list[Any]] = []

    def out(label: str, value: Any) -> None:
        observed.append(["out", label, _plain(value)])

    def static(label: str, x: Any) -> None:
        observed.append(["out", label, _static(x)])

    def names(label: str, xs: Any) -> None:
        observed.append(["out", label, [x.name for x in xs]])

    def err(label: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the class and text are what we record
            text = str(exc).strip()
            observed.append(["err", label, error_class(exc), text.splitlines()[0] if text else ""])
        else:
            observed.append(["err", label, "ok", ""])

    def val(label: str, fetches: Any, feed: Any = None) -> None:
        observed.append(["val", label, _plain(run(fetches, feed))])

    namespace = {"tf": tf, "np": np, "out": out, "static": static, "names": names, "err": err,
                 "val": val, "RUN": run, "sess": session, "rng": np.random.RandomState(0)}
    exec(compile(source, "<case>", "exec"), namespace)
    return observed
