"""Classroom exercises on TF1 variable scoping, checked against the student's store.

    from scopelab.exercises import ex        # every exercise: ex.q1 ... ex.q26
    ex.q1                                    # the task
    ex.q1.check()                            # run your build_encoder() in a fresh store
    ex.q1.hint()  /  ex.q1.hint(2)           # progressive hints
    ex.q1.solution()                         # after one attempt or two hints
    ex.q1.widget()                           # code area + Check + Hint buttons

Per-chapter sets: ``names``, ``sharing``, ``values``, ``partitions``, ``pitfalls``,
``checkpoints``, ``models``, ``confusions``. Answers are read
from the notebook's namespace (IPython ``user_ns``), or the caller's globals outside IPython, or
whatever ``ex.bind(namespace)`` was given. Hidden checks run only in ``scopelab grade``.
"""

from __future__ import annotations

from scopelab.exercises import (
    chapter_checkpoints, chapter_confusions, chapter_models, chapter_names, chapter_partitions,
    chapter_pitfalls, chapter_sharing, chapter_values,
)
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.registry import ALL_EXERCISES, ExerciseSet, get_exercise
from scopelab.exercises.result import CHECK_MIMETYPE, CheckOutcome, CheckResult, Feedback
from scopelab.exercises.tutorial_checks import PRACTICE

__all__ = [
    "ex", "names", "sharing", "values", "partitions", "pitfalls", "checkpoints", "models",
    "confusions", "practice", "ALL_EXERCISES", "get_exercise",
    "Exercise", "Check", "KnownWrong", "CheckResult", "CheckOutcome", "Feedback", "CHECK_MIMETYPE",
    "ExerciseSet",
]

ex = ExerciseSet(ALL_EXERCISES)
names = ExerciseSet(chapter_names.EXERCISES, "Names, name_scope and default names")
sharing = ExerciseSet(chapter_sharing.EXERCISES, "Sharing and reuse")
values = ExerciseSet(chapter_values.EXERCISES, "Initializers, dtypes, regularizers, collections")
partitions = ExerciseSet(chapter_partitions.EXERCISES, "Partitioned variables and embedding_lookup")
pitfalls = ExerciseSet(chapter_pitfalls.EXERCISES, "Custom getters and classic pitfalls")
checkpoints = ExerciseSet(chapter_checkpoints.EXERCISES, "Checkpoints and scope names")
models = ExerciseSet(chapter_models.EXERCISES, "Real models: layer names and shared cells")
confusions = ExerciseSet(chapter_confusions.EXERCISES, "TF1 surprises users reported")
#: The "Your turn" checks of the tutorials (t01 ... t14): ``from scopelab.exercises import practice as ex``.
practice = ExerciseSet(PRACTICE, "The tutorials' fix-it checks")
