"""All exercises in teaching order, found by key ("q1") or slug ("nested_scopes")."""

from __future__ import annotations

from scopelab.exercises import (
    chapter_checkpoints, chapter_confusions, chapter_models, chapter_names, chapter_partitions,
    chapter_pitfalls, chapter_sharing, chapter_values,
)
from scopelab.exercises.framework import Exercise

__all__ = ["ALL_EXERCISES", "get_exercise", "ExerciseSet"]

ALL_EXERCISES: tuple[Exercise, ...] = (
    chapter_names.EXERCISES + chapter_sharing.EXERCISES + chapter_values.EXERCISES
    + chapter_partitions.EXERCISES + chapter_pitfalls.EXERCISES + chapter_checkpoints.EXERCISES
    + chapter_models.EXERCISES + chapter_confusions.EXERCISES
)


def get_exercise(key: str) -> Exercise:
    """The exercise with this key or slug; KeyError listing the valid keys otherwise."""
    for exercise in ALL_EXERCISES:
        if key in (exercise.key, exercise.slug):
            return exercise
    raise KeyError(f"no exercise {key!r}; known: {', '.join(e.key for e in ALL_EXERCISES)}")


class ExerciseSet:
    """``ex``: the exercises as attributes (``ex.q1``, ``ex.nested_scopes``) plus ``ex.bind(ns)``."""

    def __init__(self, exercises: tuple[Exercise, ...], title: str = "scopelab exercises") -> None:
        self._exercises = exercises
        self._title = title

    def __getattr__(self, name: str) -> Exercise:
        for exercise in self._exercises:
            if name in (exercise.key, exercise.slug):
                return exercise
        raise AttributeError(f"no exercise {name!r} here; try one of: "
                             f"{', '.join(e.key for e in self._exercises)}")

    def __iter__(self):
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)

    def __dir__(self):
        return sorted({e.key for e in self._exercises} | {e.slug for e in self._exercises} | {"bind"})

    def bind(self, namespace: dict) -> ExerciseSet:
        """Read answers from ``namespace`` (e.g. ``globals()``) instead of the notebook's."""
        for exercise in self._exercises:
            exercise.bind(namespace)
        return self

    def __repr__(self) -> str:
        lines = [f"{self._title}:"]
        lines += [f"  ex.{e.key:<4} {e.title}  (def {e.answer_name})" for e in self._exercises]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self)}
