"""The grading side that runs INSIDE a submission's kernel (the cell ``scopelab grade`` injects).

``grade_namespace`` runs every chosen exercise in grading mode (public + hidden checks) against the
kernel's namespace, each answer under a time limit; ``emit`` displays the results as one bundle whose
``application/vnd.scopelab.grade+json`` part the grader reads back.
"""

from __future__ import annotations

from collections.abc import Iterable

from scopelab.exercises.framework import Exercise
from scopelab.exercises.registry import ALL_EXERCISES, get_exercise
from scopelab.exercises.result import CheckResult

__all__ = ["GRADE_MIMETYPE", "grade_namespace", "emit", "injected_cell_source"]

GRADE_MIMETYPE = "application/vnd.scopelab.grade+json"


def _choose(keys: Iterable[str] | None) -> tuple[Exercise, ...]:
    return ALL_EXERCISES if not keys else tuple(get_exercise(k) for k in keys)


def grade_namespace(namespace: dict, keys: Iterable[str] | None = None,
                    time_limit: float | None = 10.0) -> list[CheckResult]:
    """Check every chosen exercise in grading mode; an answer that hangs scores zero, others go on."""
    return [exercise.check(namespace=namespace, mode="grading", time_limit=time_limit)
            for exercise in _choose(keys)]


class GradeReport:
    """What the injected cell displays: a short text and the machine-readable results."""

    def __init__(self, results: list[CheckResult]) -> None:
        self.results = results

    def __repr__(self) -> str:
        total = sum(r.score for r in self.results)
        most = sum(r.max_score for r in self.results)
        return f"scopelab grading: {total:g} / {most:g}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self),
                GRADE_MIMETYPE: {"results": [r.to_json() for r in self.results]}}


def emit(namespace: dict, keys: Iterable[str] | None = None, time_limit: float | None = 10.0) -> GradeReport:
    """Grade and return the report (the injected cell's last expression, so it gets displayed)."""
    return GradeReport(grade_namespace(namespace, keys, time_limit))


def injected_cell_source(keys: Iterable[str] | None, time_limit: float) -> str:
    """The code of the final cell the grader appends to each submission."""
    key_list = sorted(keys) if keys else None
    return (
        "# scopelab grade: run every check, public and hidden\n"
        "import scopelab.exercises.grading as _scopelab_grading\n"
        f"_scopelab_grading.emit(globals(), {key_list!r}, time_limit={float(time_limit)!r})\n"
    )
