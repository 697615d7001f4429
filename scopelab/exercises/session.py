"""One kernel for one notebook: start it (sandboxed), run code under time and output limits, watch
its memory and processes, interrupt it, end it and everything it started (grader side).

The kernel and the grader share one private folder holding the connection file, Jupyter's IPC
sockets and the answer socket (:class:`~scopelab.exercises.channel.AnswerChannel`). The grader
keeps at most ``Limits.output`` bytes of a notebook's outputs (then one note saying it truncated),
caps the size of each message it accepts, and a monitor thread ends the whole sandbox if its
processes together exceed the memory limit or their number exceeds the process limit.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from nbformat.v4 import new_output, output_from_msg

from scopelab.exercises.channel import AnswerChannel
from scopelab.exercises.processes import descendants, kill_tree, process_table, proportional_bytes, resident_bytes
from scopelab.exercises.sandbox import SANDBOX_HOME, Limits, kernel_command, kernel_environment

__all__ = ["KernelSession", "Execution", "KernelStartError", "OutputKeeper", "kernel_argv", "format_size"]

_MAX_MESSAGE = 16 << 20     # a bigger message from the kernel is dropped by ZeroMQ
_MONITOR_SECONDS = 0.2


class KernelStartError(RuntimeError):
    """The kernel did not start (or did not answer) in time."""


@functools.lru_cache(maxsize=8)
def kernel_argv(name: str) -> tuple[str, ...]:
    """The command of the installed Jupyter kernel ``name`` (NoSuchKernel if there is none)."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = list(KernelSpecManager().get_kernel_spec(name).argv)
    argv[0] = shutil.which(argv[0]) or argv[0]
    return tuple(argv)


@dataclass
class Execution:
    """How one request ended: ``ok``, ``error`` (it raised), ``timeout`` (interrupted in time),
    ``stubborn`` (ignored the interrupt), or ``dead`` (the kernel ended)."""

    state: str
    ename: str = ""
    outputs: list = field(default_factory=list)


def format_size(n: int) -> str:
    """``2 GiB``, ``64 KiB``, ``1.5 MiB``: the largest binary unit that keeps a number of at least 1."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


class OutputKeeper:
    """Keeps a notebook's outputs up to a byte budget, then one note that the rest was dropped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.truncated = False

    def keep(self, outputs: list, output: dict) -> None:
        size = len(json.dumps(output))
        if self.used + size <= self.limit:
            self.used += size
            outputs.append(output)
        elif not self.truncated:
            self.truncated = True
            outputs.append(new_output("stream", name="stderr", text=(
                f"[scopelab grade] output truncated: this notebook printed more than {format_size(self.limit)}; "
                "the rest was not kept.\n")))


class KernelSession:
    """A kernel in a fresh sandbox (or, with ``sandbox=False``, a private folder): use as a context."""

    def __init__(self, kernel_argv: list[str], *, limits: Limits, sandbox: bool, nonce: str,
                 numba_seed: str | None = None, hide: list[str] = (), start_timeout: float = 120.0) -> None:
        self.limits, self.sandbox, self.nonce = limits, sandbox, nonce
        self.kill_reason: str | None = None
        self.folder = tempfile.mkdtemp(prefix="sl-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self.home = SANDBOX_HOME if sandbox else os.path.join(self.folder, "home")
        connection, _ = write_connection_file(os.path.join(self.folder, "kernel.json"),
                                              ip=os.path.join(self.folder, "k"), transport="ipc",
                                              key=secrets.token_hex(16).encode())
        argv = [connection if a == "{connection_file}" else a for a in kernel_argv]
        self.channel = AnswerChannel(self.folder, nonce)
        command = kernel_command(argv, ipc_dir=self.folder, limits=limits, sandbox=sandbox,
                                 numba_seed=numba_seed, hide=list(hide))
        self._stderr: list[bytes] = []
        self._replies: dict[str, dict] = {}
        env = kernel_environment(self.home, "/tmp" if sandbox else self.folder)
        self.proc = subprocess.Popen(command, env=env, cwd=self.folder,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        threading.Thread(target=self._drain, daemon=True).start()
        self._stop = threading.Event()
        threading.Thread(target=self._monitor, daemon=True).start()
        self._context = zmq.Context()
        self._context.setsockopt(zmq.MAXMSGSIZE, _MAX_MESSAGE)
        self._context.setsockopt(zmq.RCVHWM, 8)    # at most 8 messages queued: 128 MiB
        self.client = BlockingKernelClient(connection_file=connection, context=self._context)
        self.client.load_connection_file()
        self.client.start_channels(hb=False)
        self._poller = zmq.Poller()
        for channel in (self.client.iopub_channel, self.client.shell_channel):
            self._poller.register(channel.socket, zmq.POLLIN)
        try:
            self._wait_ready(start_timeout)
        except BaseException:
            self.close()
            raise

    # --- lifetime --------------------------------------------------------------------------------
    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def alive(self) -> bool:
        return self.proc.poll() is None and self.kill_reason is None

    def stderr_tail(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")[-2000:]

    def _drain(self) -> None:
        """Read the kernel's stderr in chunks, keeping only the last 16 KiB (the submission can fill it)."""
        for chunk in iter(lambda: self.proc.stderr.read1(1 << 16), b""):
            self._stderr.append(chunk[-16384:])
            while sum(map(len, self._stderr)) > 16384 and len(self._stderr) > 1:
                self._stderr.pop(0)

    def _launcher_pid(self) -> int | None:
        if not self.sandbox:
            return self.proc.pid
        below = descendants(self.proc.pid)
        return below[0] if below else None

    def _monitor(self) -> None:
        limits = self.limits
        while not self._stop.wait(_MONITOR_SECONDS) and self.proc.poll() is None:
            table = process_table()
            pids = descendants(self.proc.pid, table)
            if len(pids) > limits.processes:
                self._kill(f"it started more than {limits.processes} processes")
            elif (resident_bytes(pids, table) > limits.memory
                  and proportional_bytes([self.proc.pid, *pids]) > limits.memory):
                self._kill(f"its processes used more than {format_size(limits.memory)} of memory")

    def _kill(self, reason: str) -> None:
        if self.kill_reason is None:
            self.kill_reason = reason
        kill_tree(self.proc.pid)

    def close(self) -> None:
        """End the kernel and every process it started; remove the shared folder."""
        self._stop.set()
        try:
            self.client.stop_channels()
        finally:
            if self.proc.poll() is None:
                kill_tree(self.proc.pid)
            self.proc.wait()
            self._context.destroy(linger=0)
            self.channel.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _wait_ready(self, timeout: float) -> None:
        """Until the kernel answers on the shell channel and its iopub messages reach us."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise KernelStartError(f"the kernel exited while starting: {self.stderr_tail()[-500:]}")
            msg_id = self.client.kernel_info()
            if self._reply(msg_id, 1.0) is not None and self._iopub_seen(msg_id, 1.0):
                return
        raise KernelStartError(f"the kernel did not answer within {timeout:g} s: {self.stderr_tail()[-500:]}")

    def _reply(self, msg_id: str, timeout: float) -> dict | None:
        """The content of the shell reply to ``msg_id`` once it has arrived (waiting up to ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while msg_id not in self._replies:
            left = deadline - time.monotonic()
            try:
                msg = self.client.get_shell_msg(timeout=max(0.0, min(0.1, left)))
            except queue.Empty:
                if left <= 0 or not self.alive():
                    return None
                continue
            if len(self._replies) > 64:  # replies nobody waits for any more
                self._replies.clear()
            self._replies[msg["parent_header"].get("msg_id")] = msg.get("content", {})
        return self._replies.pop(msg_id)

    def _iopub_seen(self, msg_id: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.client.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    # --- running code ------------------------------------------------------------------------------
    def interrupt(self) -> None:
        """SIGINT to the kernel's process group, through the launcher (see _launch.py)."""
        pid = self._launcher_pid()
        if pid is not None:
            try:
                os.kill(pid, 10)  # SIGUSR1
            except OSError:
                pass

    def execute(self, code: str, timeout: float, keeper: OutputKeeper, *, grace: float = 10.0,
                store_history: bool = True, expression: str | None = None) -> Execution:
        """Run ``code``; after ``timeout`` s interrupt it and wait ``grace`` s for it to stop.

        ``expression`` is evaluated silently after the (empty) code as a Jupyter user expression:
        that path skips the notebook's input transformers, AST transformers and cell hooks, so a
        notebook cannot rewrite the grader's requests. Its error, if any, is ``ename``.
        """
        result = Execution("ok")
        msg_id = self.client.execute(code, silent=expression is not None, store_history=store_history,
                                     allow_stdin=False, stop_on_error=False,
                                     user_expressions={"request": expression} if expression else None)
        done = self._collect(msg_id, time.monotonic() + timeout, keeper, result)
        if done is None:
            if not self.alive():
                return Execution("dead", outputs=result.outputs)
            self.interrupt()
            if self._collect(msg_id, time.monotonic() + grace, keeper, result) is None:
                return Execution("dead" if not self.alive() else "stubborn", outputs=result.outputs)
            result.state = "timeout"
        return result

    def _collect(self, msg_id: str, deadline: float, keeper: OutputKeeper, result: Execution) -> bool | None:
        """Outputs of ``msg_id`` until its reply and idle status (True), or None at the deadline.

        Both channels are polled together, so a request ends the moment its last message arrives.
        The shell reply is the sure sign of the end (iopub may drop messages of a flooding kernel);
        after it, outputs still in flight get two more seconds.
        """
        replied = idle = False
        while not (replied and idle):
            reply = None if replied else self._reply(msg_id, 0.0)
            if reply is not None:
                replied, deadline = True, min(deadline, time.monotonic() + 2.0)
                request = (reply.get("user_expressions") or {}).get("request") or {}
                if request.get("status") == "error":
                    result.state, result.ename = "error", str(request.get("ename", ""))[:200]
            now = time.monotonic()
            if now >= deadline or not self.alive():
                return True if replied else None
            ready = dict(self._poller.poll(int(1000 * min(0.2, deadline - now)) + 1))
            if self.client.iopub_channel.socket not in ready:
                continue
            while not idle:
                try:
                    msg = self.client.get_iopub_msg(timeout=0)
                except queue.Empty:
                    break
                if msg["parent_header"].get("msg_id") == msg_id:
                    idle = self._output(msg, keeper, result)
        return True

    @staticmethod
    def _output(msg: dict, keeper: OutputKeeper, result: Execution) -> bool:
        """Keep one iopub message's output; True when it is the request's idle status."""
        kind = msg["msg_type"]
        if kind == "status":
            return msg["content"].get("execution_state") == "idle"
        if kind == "error":
            result.state, result.ename = "error", str(msg["content"].get("ename", ""))[:200]
            keeper.keep(result.outputs, output_from_msg(msg))
        elif kind == "clear_output":
            result.outputs.clear()
        elif kind in ("stream", "display_data", "execute_result"):
            keeper.keep(result.outputs, output_from_msg(msg))
        return False
