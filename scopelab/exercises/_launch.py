"""Start a submission's kernel under limits, and stay as its parent until it ends (stdlib only).

    python _launch.py --memory BYTES [--numba-seed DIR] -- KERNEL ARGV...

Run as a script, never imported with scopelab (it must start fast and hold no state). It:

* caps each process's data (``RLIMIT_DATA``: heap and private writable mappings, so one huge
  allocation fails at once with MemoryError; the address space, inflated by shared libraries and
  thread stacks, is left alone) and forbids core dumps;
* makes the kernel's private HOME and copies the grader's warm Numba cache into it
  (``NUMBA_CACHE_DIR``), so the sandbox starts as fast as an unsandboxed kernel;
* becomes a child subreaper (orphans of the kernel become its children, so nothing escapes by
  double-forking) and starts the kernel in a session of its own;
* turns ``SIGUSR1`` from the grader into ``SIGINT`` for the kernel's process group (an interrupt
  that does not depend on the kernel answering messages);
* when the kernel exits, kills every process left (inside the sandbox it is PID 1, so its exit also
  ends the PID namespace) and exits with the kernel's status.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], {root}
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = set(children)
    return found


def _kill_rest() -> None:
    me = os.getpid()
    for _ in range(3):  # stop them first so nothing forks while we kill
        rest = _descendants(me)
        if not rest:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in rest:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, kernel = argv[:split], argv[split + 1:]
    memory = int(options[options.index("--memory") + 1]) if "--memory" in options else 0
    seed = options[options.index("--numba-seed") + 1] if "--numba-seed" in options else ""
    home = os.environ.get("HOME", "")
    if home:
        os.makedirs(home, exist_ok=True)
        os.chdir(home)
    cache = os.environ.get("NUMBA_CACHE_DIR", "")
    if seed and cache and os.path.isdir(seed):
        shutil.copytree(seed, cache, dirs_exist_ok=True)
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    kernel_pid = os.fork()
    if kernel_pid == 0:
        os.setsid()
        try:
            os.execvp(kernel[0], kernel)
        finally:
            os._exit(127)

    def interrupt(signum, frame):
        try:
            os.killpg(kernel_pid, signal.SIGINT)
        except OSError:
            pass

    def stop(signum, frame):
        _kill_rest()
        os._exit(128 + signum)

    signal.signal(signal.SIGUSR1, interrupt)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    status = 1
    while True:
        try:
            pid, code = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == kernel_pid:
            status = os.waitstatus_to_exitcode(code)
            break
    _kill_rest()
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
