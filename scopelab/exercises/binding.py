"""Finding the student's namespace: IPython's ``user_ns`` when a shell is running, else the caller's.

IPython is never imported here: if it was not already imported by the process, no shell exists.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["student_namespace"]


def _ipython_user_ns() -> dict[str, Any] | None:
    ipython_mod = sys.modules.get("IPython")
    if ipython_mod is None:
        return None
    get_ipython = getattr(ipython_mod, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    return getattr(shell, "user_ns", None)


def student_namespace(explicit: dict[str, Any] | None = None, depth: int = 2) -> dict[str, Any]:
    """The namespace where the student's answers live.

    ``explicit`` wins (``ex.bind(globals())``); then the running IPython shell's ``user_ns``; then the
    globals of the frame ``depth`` levels above this function (the caller of ``check()``).
    """
    if explicit is not None:
        return explicit
    user_ns = _ipython_user_ns()
    if user_ns is not None:
        return user_ns
    return sys._getframe(depth).f_globals
