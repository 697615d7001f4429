"""Teacher-private exercises: ``scopelab grade --exercises-from course/checks.py`` (grader side).

The file is ordinary Python written with the same framework as the packaged exercises (see
:mod:`scopelab.exercises.framework`) and defines ``EXERCISES``, a tuple of :class:`Exercise`. It is
loaded in the grader only: a submission's kernel receives each exercise's RunSpec (how to call the
answer), never its checks, hidden checks or solution.
"""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

from scopelab.exercises.framework import Exercise

__all__ = ["PrivateExercisesError", "load_exercises", "load_source", "exercises_from_source"]


class PrivateExercisesError(ValueError):
    """The private exercises file is missing, does not run, or does not define valid EXERCISES."""


def load_source(path: str | Path) -> str:
    """The text of the teacher's exercises file (read once, so every worker gets the same)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PrivateExercisesError(f"cannot read the exercises file {str(path)!r}: {err}") from err


def load_exercises(path: str | Path) -> tuple[Exercise, ...]:
    """The exercises defined by the teacher's file at ``path``."""
    return exercises_from_source(load_source(path), str(path))


def exercises_from_source(source: str, filename: str = "<private exercises>") -> tuple[Exercise, ...]:
    """Run ``source`` as a module and return its ``EXERCISES`` (validated)."""
    name = "scopelab_private_" + hashlib.sha256(source.encode()).hexdigest()[:12]
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module  # dataclasses and pickling look modules up by name
    try:
        exec(compile(source, filename, "exec"), module.__dict__)
    except Exception as err:
        del sys.modules[name]
        raise PrivateExercisesError(f"{filename} failed to load: {type(err).__name__}: {err}") from err
    found = module.__dict__.get("EXERCISES")
    if not isinstance(found, (tuple, list)) or not found or not all(isinstance(e, Exercise) for e in found):
        raise PrivateExercisesError(
            f"{filename} must define EXERCISES, a non-empty tuple of scopelab.exercises.Exercise "
            "(see the teacher's guide for a complete example)")
    keys = [e.key for e in found]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise PrivateExercisesError(f"{filename}: exercise keys must be unique; repeated: {', '.join(duplicates)}")
    for exercise in found:
        if not exercise.checks or not all(callable(c.fn) for c in exercise.checks):
            raise PrivateExercisesError(f"{filename}: exercise {exercise.key} needs checks with a function each")
    return tuple(found)
