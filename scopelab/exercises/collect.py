"""The part of ``scopelab grade`` that runs inside a submission's kernel: it produces data, no verdict.

For each exercise the grader sends one request naming :func:`run` with the exercise's RunSpec (no
checks, no solution), a time limit, the path of the grader's answer socket and a nonce. ``run``
finds the answer in the notebook's namespace, forks a child that records the attempt in a fresh
store (:func:`scopelab.exercises.attempt.record_attempt`) and sends the plain JSON record over the
socket; the kernel kills the child when its time is up (an answer that ignores interrupts included)
and reports the timeout instead. Whatever the notebook patched here can only change that data, and
the grader judges the data itself.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

from scopelab.exercises.attempt import RECORD_VERSION, RunSpec, answer_state, record_attempt

__all__ = ["run", "send", "warm"]


def warm() -> None:
    """Load the Numba kernels answers use (from the warm cache) into this kernel, before any fork.

    Runs the packaged exercises' solutions (public anyway) each in a throwaway graph, so the
    notebook's own store is untouched and every forked answer starts with compiled kernels: an
    answer's time limit then measures the answer, not scopelab's compilation.
    """
    import numpy as np

    import scopelab as tf
    from scopelab.exercises.attempt import answer_globals
    from scopelab.exercises.registry import ALL_EXERCISES

    for exercise in ALL_EXERCISES:
        try:
            scope = answer_globals()
            exec(exercise.solution_code, scope)
            with tf.Graph().as_default():
                names = {"tf": tf, "np": np, "variable": tf.get_default_store().get,
                         "answer": scope[exercise.answer_name]}
                exec(exercise.setup, names)
                for call in exercise.calls:
                    eval(call, names)
        except Exception:  # noqa: BLE001 - warming is an optimisation only
            continue


def send(path: str, record: dict) -> None:
    """Send one record to the grader's answer socket (one connection per record)."""
    payload = json.dumps(record, allow_nan=True).encode("utf-8")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(path)
        sock.sendall(payload)


def _child(spec: RunSpec, answer, channel: str, nonce: str) -> None:
    """In the forked child: record the attempt, send it, and leave without running any cleanup."""
    try:
        sink = open(os.devnull, "w")
        sys.stdout = sys.stderr = sink  # the kernel's streams belong to the parent's threads
        signal.signal(signal.SIGINT, signal.default_int_handler)
        record = record_attempt(spec, answer, None)
    except BaseException as err:  # noqa: BLE001 - reported to the grader as a crash
        record = {"answer": "crashed", "detail": f"{type(err).__name__}: {err}"[:500]}
    record.update(version=RECORD_VERSION, exercise=spec.key, nonce=nonce)
    try:
        send(channel, record)
    except BaseException:  # noqa: BLE001 - e.g. a record that cannot be encoded
        try:
            send(channel, {"version": RECORD_VERSION, "exercise": spec.key, "nonce": nonce,
                           "answer": "crashed", "detail": "the record could not be sent"})
        except BaseException:  # noqa: BLE001 - nothing more can be reported
            pass
    finally:
        os._exit(0)


def run(spec: dict, namespace: dict, time_limit: float, channel: str, nonce: str) -> None:
    """Record the answer to one exercise in a child process and send the record to the grader."""
    run_spec = RunSpec.from_json(spec)
    base = {"version": RECORD_VERSION, "exercise": run_spec.key, "nonce": nonce}
    answer = namespace.get(run_spec.answer_name)
    state = answer_state(run_spec, answer)
    if state != "ready":
        send(channel, {**base, "answer": state})
        return
    pid = os.fork()
    if pid == 0:
        _child(run_spec, answer, channel, nonce)
    deadline = time.monotonic() + time_limit
    status = None
    try:
        while status is None and time.monotonic() < deadline:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
            else:
                time.sleep(0.01)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if status is None:
        send(channel, {**base, "answer": "timeout",
                       "detail": f"the answer did not finish within {time_limit:g} s"})
    elif status != 0:
        send(channel, {**base, "answer": "crashed",
                       "detail": f"the answer's process ended with status {status} (out of memory?)"})
