"""The sandbox a submission's kernel runs in: Debian's bubblewrap, with limits (grader side).

What the kernel sees under ``bwrap`` (see the threat model in docs/teachers-guide.md):

* a read-only view of only what Python needs: ``/usr`` (and the ``/bin``, ``/lib`` links), a few
  files of ``/etc``, the kernel's Python installation and the scopelab package; never the grader's
  folder, the other submissions, the results or the teacher's home;
* a private, size-capped tmpfs as ``/tmp``, with ``/tmp/home`` as HOME and working directory;
* its own PID, network, IPC, UTS and user namespaces: no view of the grader's processes, no network,
  no further namespaces; it talks to the grader over Unix sockets in one folder only they share;
* :mod:`scopelab.exercises._launch` as PID 1: a data limit per process, warm Numba cache,
  interrupts, and the end of every process of the notebook when the kernel ends; the grader's
  monitor (session.py) holds all the notebook's processes together to the memory limit.

Without the sandbox (``--no-sandbox``, for trusted work) the same launcher runs the kernel directly,
with a private temporary folder as HOME.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Limits", "SandboxUnavailable", "require_bwrap", "kernel_command", "kernel_environment",
           "python_paths", "INSTALL_HINT", "SANDBOX_HOME"]

INSTALL_HINT = ("scopelab grade runs every submission in a bubblewrap sandbox, and bwrap was not found "
                "or cannot run here. Install it with: sudo apt-get install bubblewrap  (Debian/Ubuntu; "
                "dnf install bubblewrap on Fedora). If bwrap is installed, unprivileged user namespaces "
                "may be disabled (sysctl kernel.unprivileged_userns_clone=1). To grade trusted work "
                "without a sandbox, pass --no-sandbox (the results record it).")
SANDBOX_HOME = "/tmp/home"
NUMBA_SEED_MOUNT = "/opt/scopelab-numba-seed"
LAUNCHER = str(Path(__file__).with_name("_launch.py"))
# /etc entries Python and its libraries read; the rest of /etc (shadow, ssh keys ...) stays hidden
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf", "localtime",
        "hosts", "mime.types", "fonts", "alternatives", "ssl/openssl.cnf")
# variables a kernel may inherit from the grader's environment; everything else is dropped
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "NUMBA_ENABLE_CUDASIM", "SCOPELAB_TARGET",
             "SCOPELAB_PARTITION_INVARIANT", "VIRTUAL_ENV")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


@dataclass(frozen=True)
class Limits:
    """What one notebook may use: memory (bytes, all its processes), processes, kept output bytes."""

    memory: int = 2 << 30
    processes: int = 64
    output: int = 1 << 20

    @property
    def tmp_size(self) -> int:
        """Bytes of the private /tmp (memory-backed): an eighth of the memory limit, 64 MiB at least."""
        return max(64 << 20, self.memory // 8)


@functools.lru_cache(maxsize=1)
def _bwrap_features() -> tuple[str, frozenset[str]]:
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(INSTALL_HINT)
    text = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=30).stdout
    features = frozenset(f for f in ("--size", "--disable-userns", "--as-pid-1") if f in text)
    trial = [path, "--die-with-parent", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc",
             "--dev", "/dev", "true"]
    done = subprocess.run(trial, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise SandboxUnavailable(f"{INSTALL_HINT}\n(bwrap said: {done.stderr.strip()[:300]})")
    return path, features


def require_bwrap() -> str:
    """The bwrap executable after a trial run, or :class:`SandboxUnavailable` saying how to fix it."""
    return _bwrap_features()[0]


@functools.lru_cache(maxsize=8)
def python_paths(python: str) -> tuple[str, ...]:
    """Folders the kernel's Python needs read-only: its prefixes, site-packages and scopelab."""
    probe = ("import importlib.util, json, site, sys\n"
             "spec = importlib.util.find_spec('scopelab')\n"
             "pkg = list(spec.submodule_search_locations) if spec else []\n"
             "print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]"
             " + [p for p in sys.path if 'site-packages' in p or 'dist-packages' in p] + pkg))")
    out = subprocess.run([python, "-I", "-c", probe], capture_output=True, text=True, timeout=120,
                         env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    paths = json.loads(out.stdout) if out.returncode == 0 else [sys.prefix, sys.base_prefix]
    real = [os.path.realpath(p) for p in paths if p and os.path.isdir(p)]
    keep = sorted({p for p in real if not p.startswith("/usr/")} - {"/usr"})
    return tuple(p for p in keep if not any(p != q and p.startswith(q + "/") for q in keep))


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / top
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    for entry in _ETC:
        args += ["--ro-bind-try", f"/etc/{entry}", f"/etc/{entry}"]
    return args


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _hidden(paths: list[str], hide: list[str]) -> list[str]:
    """tmpfs mounts over folders to hide that lie inside a folder the sandbox sees (never over a
    folder that holds what the kernel needs)."""
    out = []
    for h in sorted({os.path.realpath(p) for p in hide}):
        if (any(_inside(h, b) for b in paths) and not any(_inside(b, h) for b in paths)
                and os.path.isdir(h)):
            out += ["--tmpfs", h]
    return out


def kernel_command(kernel_argv: list[str], *, ipc_dir: str, limits: Limits, sandbox: bool,
                   numba_seed: str | None = None, hide: list[str] = ()) -> list[str]:
    """The command that runs ``kernel_argv`` (through the launcher, inside bwrap when ``sandbox``)."""
    python = shutil.which(kernel_argv[0]) or kernel_argv[0]
    launcher = [python, "-I", "-S", LAUNCHER, "--memory", str(limits.memory)]
    if numba_seed:
        launcher += ["--numba-seed", NUMBA_SEED_MOUNT if sandbox else numba_seed]
    launcher += ["--", *kernel_argv]
    if not sandbox:
        return launcher
    bwrap, features = _bwrap_features()
    paths = list(python_paths(python))
    args = [bwrap, "--die-with-parent", "--unshare-all", "--unshare-user", "--new-session",
            "--hostname", "sandbox"]
    args += [f for f in ("--disable-userns", "--as-pid-1") if f in features]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
    args += _system_binds()
    args += ["--dev", "/dev", "--proc", "/proc"]
    size = ["--size", str(limits.tmp_size)] if "--size" in features else []
    args += [*size, "--tmpfs", "/tmp", "--dir", SANDBOX_HOME, *size, "--tmpfs", "/dev/shm"]
    # After the private /tmp: a checkout or venv under /tmp (a clone in /tmp) stays visible
    for path in paths:
        args += ["--ro-bind", path, path]
    if numba_seed:
        args += ["--ro-bind", numba_seed, NUMBA_SEED_MOUNT]
    args += ["--bind", ipc_dir, ipc_dir, *_hidden(paths, list(hide))]
    args += ["--remount-ro", "/", "--chdir", SANDBOX_HOME, "--"]   # bwrap's own root (mount points) too
    return args + launcher


def kernel_environment(home: str, tmp: str) -> dict[str, str]:
    """A small, fixed environment: nothing of the grader's but PATH, locale and scopelab settings.

    The Numba cache sits beside HOME, not in it, so a notebook that empties its folder does not
    make its own answers compile everything again (and run out of time)."""
    env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update(HOME=home, TMPDIR=tmp, PYTHONHASHSEED="0",
               MPLCONFIGDIR=f"{home}/.matplotlib", JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
               NUMBA_CACHE_DIR=f"{tmp}/numba-cache",
               # one thread each: notebooks are graded side by side, and a forked answer must not
               # inherit an OpenMP pool (GNU OpenMP aborts in a forked child)
               NUMBA_THREADING_LAYER="workqueue", NUMBA_NUM_THREADS="1", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env
