"""Runs one conformance case against a ``tf`` module and returns what it observed.

The same harness serves TensorFlow (``record_tf.py``, given an ``evaluate`` that runs a session) and
scopelab (the test, where ``evaluate`` is ``np.asarray``). Observations are JSON-ready lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

BUILTIN_ERRORS = (TypeError, ValueError, RuntimeError, NotImplementedError, IndexError, KeyError)


def _builtin_name(exc: BaseException) -> str:
    for cls in BUILTIN_ERRORS:
        if isinstance(exc, cls):
            return cls.__name__
    return type(exc).__name__


def run_case(source: str, tf: Any, evaluate: Callable[[Any], Any]) -> list[list[Any]]:
    observed: list[list[Any]] = []

    def out(label: str, value: Any) -> None:
        observed.append(["out", label, value])

    def err(label: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except BUILTIN_ERRORS as exc:  # the class TF raised, and its first message line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            observed.append(["err", label, _builtin_name(exc), first])
        else:
            observed.append(["err", label, "ok", ""])

    def val(label: str, x: Any) -> None:
        if isinstance(x, (list, tuple)):
            value = [np.asarray(evaluate(item)).tolist() for item in x]
        else:
            value = np.asarray(evaluate(x)).tolist()
        observed.append(["val", label, value])

    namespace = {"tf": tf, "np": np, "out": out, "err": err, "val": val, "RUN": evaluate}
    exec(compile(source, "<case>", "exec"), namespace)
    return observed
