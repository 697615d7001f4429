"""The grader's answer socket: a Unix socket in the folder it shares with one kernel (grader side).

Each connection carries one JSON record (see :mod:`scopelab.exercises.attempt`). A thread accepts
connections and reads each with a size cap and a deadline, so a submission that floods, stalls or
sends garbage costs only its own exercise. Only the record of the request in flight is kept (its
exercise and the session's nonce); anything else is dropped unread, so memory stays bounded.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time

__all__ = ["AnswerChannel"]


class AnswerChannel:
    """Listen on ``folder/answers.sock``; :meth:`expect` then :meth:`take` the record of one request."""

    def __init__(self, folder: str, nonce: str, max_bytes: int = 16 << 20, read_seconds: float = 30.0) -> None:
        self.path = os.path.join(folder, "answers.sock")
        self.nonce = nonce
        self.max_bytes = max_bytes
        self.read_seconds = read_seconds
        self._expected: str | None = None
        self._record: dict | None = None
        self._cond = threading.Condition()
        self._closed = False
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(self.path)
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, name="scopelab-answers", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._keep(self._read(conn))

    def _read(self, conn: socket.socket) -> object:
        chunks, size = [], 0
        deadline = time.monotonic() + self.read_seconds
        while True:
            conn.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = conn.recv(1 << 20)
            except OSError:
                return None
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_bytes:
                return {"oversize": True}
            chunks.append(chunk)
            if time.monotonic() > deadline:
                return None
        try:
            return json.loads(b"".join(chunks))
        except (ValueError, RecursionError):
            return None

    def _keep(self, record: object) -> None:
        with self._cond:
            if (isinstance(record, dict) and self._expected is not None and self._record is None
                    and record.get("exercise") == self._expected and record.get("nonce") == self.nonce):
                self._record = record
                self._cond.notify_all()

    def expect(self, exercise: str) -> None:
        """From now on keep the first record sent for ``exercise`` (and nothing else)."""
        with self._cond:
            self._expected, self._record = exercise, None

    def take(self, timeout: float) -> dict | None:
        """The expected record, waiting up to ``timeout`` s; None if none came."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._record is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            record, self._expected, self._record = self._record, None, None
            return record

    def close(self) -> None:
        self._closed = True
        self._sock.close()
        self._thread.join(timeout=2)
