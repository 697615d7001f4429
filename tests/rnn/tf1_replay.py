"""Replays recorded cases under scopelab and compares each observation with TensorFlow's.

Shared by ``tests/rnn`` and ``tests/train``: ``replay(source)`` runs a case with a scopelab session
(variables initialized before each run, ``fix()`` values loaded into it), and ``compare`` checks
one case's observations against the recording: plain values exactly, numbers to float tolerance,
errors by builtin class and by TF's first message line (or the phrase a test gives instead).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from tf1_harness import run_in_session

import scopelab as tf
from scopelab.rnn.legacy_seq2seq import seq2seq_sequence_loss

EXTRA = {"seq2seq_sequence_loss": seq2seq_sequence_loss}


def replay(source: str) -> list:
    tf.reset_default_graph()
    return run_in_session(source, tf, tf.Session(), EXTRA)


def full_message(source: str, label: str) -> str:
    """The complete message of one error of a case (a key phrase may sit on a later line)."""
    messages: dict[str, str] = {}

    def capture(label_: str, fn: Any) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - any error is what we want to read
            messages[label_] = str(exc)

    tf.reset_default_graph()
    quiet = {"out": lambda *a: None, "val": lambda *a, **k: None, "static": lambda *a: None,
             "variables": lambda *a: None, "collections": lambda *a: None,
             "fix": lambda: None, "err": capture}
    namespace = {"tf": tf, "np": np, **quiet, **EXTRA}
    exec(compile(source, "<case>", "exec"), namespace)
    return messages.get(label, "")


def compare(name: str, source: str, got: list, want: list, text_instead: dict,
            differences: dict, rtol: float = 1e-5, atol: float = 1e-6) -> list[str]:
    """Problems found (empty when scopelab observed what TF observed)."""
    problems = []
    if [o[:2] for o in got] != [o[:2] for o in want]:
        return [f"different observations: TF {[o[:2] for o in want]}, scopelab "
                f"{[o[:2] for o in got]}"]
    for g, w in zip(got, want):
        kind, label = w[0], w[1]
        where = f"{name}:{label}"
        if kind == "out":
            expected = differences.get((name, label), (w[2],))[0]
            if json.loads(json.dumps(g[2])) != expected:
                problems.append(f"{where}: TF {expected!r}, scopelab {g[2]!r}")
        elif kind == "val":
            if _layout(g[2]) != _layout(w[2]):
                problems.append(f"{where}: fetched structure differs from TF's")
                continue
            try:
                np.testing.assert_allclose(_numbers(g[2]), _numbers(w[2]), rtol=rtol, atol=atol)
            except (AssertionError, ValueError) as exc:
                problems.append(f"{where}: values differ: {str(exc)[:400]}")
        else:
            # TF ends "already exists" with a pointer to its traceback ("Originally defined
            # at:"); scopelab shows the creation site its own way.
            phrase = text_instead.get((name, label), w[3].replace(" Originally defined at:", ""))
            if g[2] != w[2]:
                problems.append(f"{where}: TF raised {w[2]}, scopelab {g[2]}: {g[3]}")
            elif phrase not in g[3] and phrase not in full_message(source, label):
                problems.append(f"{where}: expected the TF1 text {phrase!r} in {g[3]!r}")
    return problems


def _numbers(value: Any) -> np.ndarray:
    """Nested lists (ragged across fetches) as one flat float array."""
    flat: list[float] = []

    def walk(x: Any) -> None:
        if isinstance(x, list):
            for item in x:
                walk(item)
        elif x is None:
            flat.append(np.nan)
        elif isinstance(x, str):
            flat.extend(float(ord(c)) for c in x)
        else:
            flat.append(float(x))

    walk(value)
    return np.asarray(flat)


def _layout(value: Any) -> Any:
    """The nesting of fetched values (list lengths all the way down)."""
    if isinstance(value, list):
        return [len(value), [_layout(item) for item in value]]
    return None
