"""Finding the student's namespace: IPython's ``user_ns`` when a shell is running, else the caller's.

IPython is never imported here: if it was not already imported by the process, no shell exists.
"""

from __future__ import annotations

import sys
from typing import Any

from scopelab._shell import running_shell

__all__ = ["student_namespace", "ipython_user_ns"]


def ipython_user_ns() -> dict[str, Any] | None:
    return getattr(running_shell(), "user_ns", None)


def student_namespace(explicit: dict[str, Any] | None = None, depth: int = 2,
                      name: str | None = None) -> dict[str, Any]:
    """The namespace where the student's answers live.

    ``explicit`` wins (``ex.bind(globals())``). Otherwise the globals of the frame ``depth`` levels
    above this function (the caller of ``check()``: a notebook cell's globals are IPython's
    ``user_ns``) if they define ``name``; else the running IPython shell's ``user_ns`` (a button
    callback's frame is library code); else those caller globals.
    """
    if explicit is not None:
        return explicit
    caller = sys._getframe(depth).f_globals
    if name is not None and name in caller:
        return caller
    user_ns = ipython_user_ns()
    return user_ns if user_ns is not None else caller
