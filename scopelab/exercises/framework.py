"""The exercise object a student uses: ``check()``, ``hint(n)``, ``solution()``, ``widget()``.

An exercise asks for a function (its ``answer_name``, e.g. ``build_encoder``). ``check()`` runs that
function in a fresh store (``tf.reset_default_graph()`` first), then runs the public checks (and in
grading mode the hidden ones, which live only in this package). Every check reads the store and
returns a :class:`Feedback` naming the mistake, or None.

Adding an exercise (in a ``chapter_*.py`` module, then list it in that module's ``EXERCISES``):

* ``task``, ``answer_name``, ``starter`` (a blank function; ``starter_runs=True`` if the starter is a
  buggy program the student should run), ``solution_code``, two or three ``hints``;
* ``checks``: public and ``hidden=True`` ones, each ``fn(attempt) -> Feedback | None`` built from
  :mod:`scopelab.exercises.diagnose` (``expect_variable``, ``expect_values`` …) and categories from
  :mod:`scopelab.exercises.mistakes`; ``expected`` names the variables the task states;
* optional ``drive`` (how to call the answer: twice for reuse, with arguments), ``setup`` (store
  contents made before the answer runs), ``classify`` (exercise-specific reading of an error);
* ``known_wrong``: answers with the category and phrases their feedback must have. The tests run
  every one of them (tests/test_exercises.py); then ``notebooks/exercises/make_exercise_notebooks.py``
  refreshes the notebooks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scopelab.exercises.attempt import Attempt, AttemptTimeout, run_attempt
from scopelab.exercises.binding import ipython_user_ns, student_namespace
from scopelab.exercises.diagnose import classify_error
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.result import CheckOutcome, CheckResult, Feedback
from scopelab.exercises.texts import CodeNote, Note

__all__ = ["Check", "KnownWrong", "Exercise", "call_once"]

CheckFn = Callable[[Attempt], "Feedback | None"]


@dataclass(frozen=True)
class Check:
    """One check: a description the student sees, a store-reading function, and points."""

    check_id: str
    description: str
    fn: CheckFn
    points: float = 1.0
    hidden: bool = False


@dataclass(frozen=True)
class KnownWrong:
    """A wrong answer the exercise must recognise: the code, its category, phrases in the message."""

    code: str
    category: str
    phrases: tuple[str, ...] = ()


def call_once(answer: Callable, tf: Any) -> list:
    """The default driver: call the answer once with no arguments."""
    return [answer()]


@dataclass
class Exercise:
    """A classroom exercise. Instances are created in the chapter modules."""

    key: str                          # "q1"
    slug: str                         # "nested_scopes"
    title: str
    topic: str
    task: str                         # what the student must do (shown by ``ex.q1`` and the widget)
    answer_name: str                  # the function the student writes
    starter: str                      # the starter cell (defines answer_name, does nothing)
    solution_code: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    known_wrong: tuple[KnownWrong, ...] = ()
    drive: Callable[[Callable, Any], list] = call_once
    setup: Callable[[Any], None] | None = None
    classify: Callable[[BaseException, Attempt], Feedback | None] | None = None
    starter_runs: bool = False        # True: the starter is a buggy program to run, not a blank
    expected: tuple[str, ...] | None = None  # store names the task states (for the tree diff)
    # per-kernel state, never shared between students
    attempts: int = field(default=0, compare=False)
    hints_seen: int = field(default=0, compare=False)
    namespace: dict | None = field(default=None, compare=False, repr=False)

    # --- the student's API ---------------------------------------------------------------------
    def check(self, answer: Any = None, *, namespace: dict | None = None, mode: str = "student",
              time_limit: float | None = None) -> CheckResult:
        """Run the answer in a fresh store and report the checks.

        ``answer``: the function, or a string of code defining ``answer_name``; by default the
        function of that name in the notebook's namespace. ``mode="grading"`` also runs the hidden
        checks (``scopelab grade`` does that).
        """
        if mode not in ("student", "grading"):
            raise ValueError(f"mode must be 'student' or 'grading', got {mode!r}")
        fn = self._resolve(answer, namespace)
        checks = self.checks if mode == "grading" else tuple(c for c in self.checks if not c.hidden)
        pending = 0 if mode == "grading" else sum(c.hidden for c in self.checks)
        if fn is None:
            return self._not_attempted(checks, pending, mode,
                                       f"No function named {self.answer_name!r} is defined yet.")
        if not self.starter_runs and self.is_starter(fn):
            return self._not_attempted(checks, pending, mode,
                                       f"{self.answer_name}() is still the starter code.")
        attempt = run_attempt(self.drive, fn, self.setup, time_limit)
        self.attempts += 1
        headline = self._classify_error(attempt) if attempt.error is not None else None
        if isinstance(attempt.error, AttemptTimeout):  # checks of an unfinished answer score zero
            outcomes = tuple(CheckOutcome(c.check_id, c.description, "hidden" if c.hidden else "public",
                                          False, 0.0, c.points, headline.category, headline.message)
                             for c in checks)
        else:
            outcomes = tuple(self._run_check(c, attempt, headline) for c in checks)
        if headline is None:
            headline = next((Feedback(o.category, o.message) for o in outcomes
                             if not o.passed and o.visibility == "public"), None)
        status = "correct" if all(o.passed for o in outcomes) and attempt.error is None else "incorrect"
        return CheckResult(
            exercise=self.key, title=self.title, status=status, outcomes=outcomes, headline=headline,
            hidden_pending=pending, mode=mode, tree=attempt.tree_text(self.expected),
            next_step=self._next_hint_call())

    def hint(self, n: int | None = None) -> Note:
        """Hint ``n`` (1-based); without ``n`` the next one not yet seen."""
        if n is None:
            n = min(self.hints_seen + 1, len(self.hints))
        if not isinstance(n, int) or not 1 <= n <= len(self.hints):
            raise ValueError(f"{self.key} has hints 1 to {len(self.hints)}; got {n!r}")
        self.hints_seen = max(self.hints_seen, n)
        body = self.hints[n - 1]
        if n < len(self.hints):
            body += f"\nMore: ex.{self.key}.hint({n + 1})"
        else:
            body += f"\nThat was the last hint; ex.{self.key}.solution() shows an answer."
        return Note(f"Hint {n} of {len(self.hints)} for {self.key}", body)

    def solution(self, force: bool = False) -> Note | CodeNote:
        """The reference answer, once you have tried (one check) or read two hints."""
        if not force and self.attempts == 0 and self.hints_seen < min(2, len(self.hints)):
            return Note(f"Solution to {self.key} held back",
                        "Try it first: run a check once, or read two hints "
                        f"(ex.{self.key}.hint()). Then call ex.{self.key}.solution() again, "
                        f"or ex.{self.key}.solution(force=True) to see it now.")
        return CodeNote(f"A solution to {self.key} ({self.title})", self.solution_code)

    def widget(self, namespace: dict | None = None):
        """A panel with a code area and Check / Hint buttons (stock ipywidgets)."""
        from scopelab.exercises.panel import ExercisePanel

        return ExercisePanel(self, namespace if namespace is not None else self.namespace)

    def bind(self, namespace: dict) -> Exercise:
        """Read answers from ``namespace`` instead of looking for the notebook's."""
        self.namespace = namespace
        return self

    # --- display of the exercise itself --------------------------------------------------------
    def __repr__(self) -> str:
        return (f"{self.key} · {self.title}\n{textwrap.fill(self.task, 96)}\n"
                f"Write: def {self.answer_name}(...). Then: ex.{self.key}.check()  "
                f"· ex.{self.key}.hint()  · ex.{self.key}.widget()")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self)}

    # --- internals -----------------------------------------------------------------------------
    def _resolve(self, answer: Any, namespace: dict | None) -> Callable | None:
        if callable(answer):
            return answer
        if isinstance(answer, str):
            base = namespace if namespace is not None else self.namespace
            if base is None:
                base = ipython_user_ns() or {}
            scope = {**base, **answer_globals()}  # the notebook's helpers are visible too
            exec(compile(answer, f"<{self.key} answer>", "exec"), scope)
            fn = scope.get(self.answer_name)
            return fn if callable(fn) else None
        if answer is not None:
            raise TypeError(f"check() takes a function or a string of code, got {type(answer).__name__}")
        ns = namespace if namespace is not None else student_namespace(self.namespace, depth=3,
                                                                       name=self.answer_name)
        fn = ns.get(self.answer_name)
        return fn if callable(fn) else None

    def is_starter(self, fn: Callable) -> bool:
        """True if ``fn`` has the starter's code (the student has not changed it yet)."""
        starter = answer_globals()
        exec(compile(self.starter, f"<{self.key} starter>", "exec"), starter)
        return _same_code(getattr(fn, "__code__", None), starter[self.answer_name].__code__)

    def _not_attempted(self, checks, pending, mode, observed: str) -> CheckResult:
        head = feedback("not_attempted", observed)
        outcomes = tuple(CheckOutcome(c.check_id, c.description, "hidden" if c.hidden else "public",
                                      False, 0.0, c.points, "not_attempted", "") for c in checks)
        return CheckResult(self.key, self.title, "not_attempted", outcomes, head, pending, mode,
                           next_step=self._next_hint_call())

    def _classify_error(self, attempt: Attempt) -> Feedback:
        if self.classify is not None:
            special = self.classify(attempt.error, attempt)
            if special is not None:
                return special
        return classify_error(attempt.error)

    def _run_check(self, check: Check, attempt: Attempt, headline: Feedback | None) -> CheckOutcome:
        visibility = "hidden" if check.hidden else "public"
        try:
            found = check.fn(attempt)
        except Exception as err:  # noqa: BLE001 - a check that cannot read the store has failed
            found = headline or feedback("python_error", f"The check could not read your result "
                                                         f"({type(err).__name__}).")
        if found is None:
            return CheckOutcome(check.check_id, check.description, visibility, True,
                                check.points, check.points)
        return CheckOutcome(check.check_id, check.description, visibility, False, 0.0, check.points,
                            found.category, found.message)

    def _next_hint_call(self) -> str:
        if not self.hints:
            return ""
        return f"ex.{self.key}.hint({min(self.hints_seen + 1, len(self.hints))})"


def answer_globals() -> dict:
    """Globals for answer code given as a string: ``tf`` is scopelab and ``np`` is NumPy."""
    import numpy as np

    import scopelab as tf

    return {"__name__": "__scopelab_answer__", "tf": tf, "np": np}


def _same_code(a, b) -> bool:
    """Compare two code objects by bytecode, constants and names (not by file or line)."""
    if a is None or b is None:
        return False

    def strip(consts):
        return tuple(c if not hasattr(c, "co_code") else (c.co_code, strip(c.co_consts)) for c in consts)

    return (a.co_code == b.co_code and a.co_names == b.co_names
            and strip(a.co_consts) == strip(b.co_consts))
