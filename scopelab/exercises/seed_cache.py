"""A warm Numba cache for grading kernels, made once and copied into every sandbox (grader side).

A sandboxed kernel starts with an empty HOME, so without help it would compile scopelab's Numba
kernels again for every notebook (seconds each). The grader runs the packaged exercises' solutions
once, in a trusted child with the kernels' environment, writing a Numba cache; each sandbox gets a
read-only view of it and copies it into its own HOME (so no submission can change another's cache).
The cache is kept under ``~/.cache/scopelab/grade-numba/<key>``, the key naming the Python, Numba
and scopelab kernel sources it was made with.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from scopelab.exercises.sandbox import kernel_environment

__all__ = ["numba_seed"]

_WARM = """
from scopelab.exercises import ALL_EXERCISES
for exercise in ALL_EXERCISES:
    exercise.check(exercise.solution_code, mode="grading")
"""


def _key(python: str) -> str:
    import numba

    import scopelab

    kernels = Path(scopelab.__file__).parent / "kernels"
    parts = [os.path.realpath(python), numba.__version__]
    parts += [f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in sorted(kernels.rglob("*.py"))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scopelab" / "grade-numba"


@functools.lru_cache(maxsize=8)
def numba_seed(python: str, timeout: float = 600.0) -> str | None:
    """The folder of a warm cache for kernels run by ``python``, or None if it cannot be made."""
    try:
        root = _root()
        root.mkdir(parents=True, exist_ok=True)
        final = root / _key(python)
        if final.is_dir():
            return str(final)
        with open(root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another grader may be warming the same cache
            if final.is_dir():
                return str(final)
            work = Path(tempfile.mkdtemp(prefix="warming-", dir=root))
            env = kernel_environment(str(work), str(work))
            env["NUMBA_CACHE_DIR"] = str(work / "cache")
            done = subprocess.run([python, "-c", _WARM], env=env, cwd=work, capture_output=True, timeout=timeout)
            if done.returncode != 0:
                shutil.rmtree(work, ignore_errors=True)
                return None
            os.replace(work / "cache", final)
            shutil.rmtree(work, ignore_errors=True)
            return str(final)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
