"""The grading side that runs INSIDE a submission's kernel (the cell ``scopelab grade`` injects).

``grade_namespace`` runs every chosen exercise in grading mode (public + hidden checks) against the
kernel's namespace, each answer under a time limit; ``emit`` displays each CheckResult, whose
``application/vnd.scopelab.check+json`` part the grader reads back from that cell's outputs.
"""

from __future__ import annotations

from collections.abc import Iterable

from scopelab.exercises.framework import Exercise
from scopelab.exercises.registry import ALL_EXERCISES, get_exercise
from scopelab.exercises.result import CheckResult

__all__ = ["grade_namespace", "emit", "injected_cell_source"]


def _choose(keys: Iterable[str] | None) -> tuple[Exercise, ...]:
    return ALL_EXERCISES if not keys else tuple(get_exercise(k) for k in keys)


def grade_namespace(namespace: dict, keys: Iterable[str] | None = None,
                    time_limit: float | None = 10.0) -> list[CheckResult]:
    """Check every chosen exercise in grading mode; an answer that hangs scores zero, others go on."""
    return [exercise.check(namespace=namespace, mode="grading", time_limit=time_limit)
            for exercise in _choose(keys)]


def emit(namespace: dict, keys: Iterable[str] | None = None, time_limit: float | None = 10.0) -> None:
    """Grade, then display every result (one output per exercise, check mimetype included)."""
    from IPython.display import display  # only ever called inside a kernel

    for result in grade_namespace(namespace, keys, time_limit):
        display(result)


def injected_cell_source(keys: Iterable[str] | None, time_limit: float) -> str:
    """The code of the final cell the grader appends to each submission."""
    key_list = list(keys) if keys else None
    return (
        "# scopelab grade: run every check, public and hidden\n"
        "import scopelab.exercises.grading as _scopelab_grading\n"
        f"_scopelab_grading.emit(globals(), {key_list!r}, time_limit={float(time_limit)!r})\n"
    )
