"""Exercises: the student's ``check()`` / ``hint()`` / ``solution()`` / ``widget()``, and the contract
for writing one.

An exercise runs in two places, and only data crosses between them:

1. **Where the answer runs** (the student's process for ``ex.q1.check()``, a child of the submission's
   sandboxed kernel for ``scopelab grade``): the exercise's :class:`RunSpec` is executed by
   :func:`scopelab.exercises.attempt.record_attempt` in a fresh store, and a plain JSON record comes
   out (names, shapes, dtypes, values, collections, losses, which calls returned the same variable,
   the error raised, the probe's result).
2. **Where the verdict is made** (the same process for ``check()``, the grader's own process for
   ``scopelab grade``): :meth:`Exercise.judge` rebuilds a read-only
   :class:`~scopelab.exercises.observation.Observation` from the record and runs the checks on it.

So the checks are pure functions of data: whatever a submission patches in its kernel, it can only
change the record, and a forged record scores only if it *is* the correct store. ``check()`` and
the grader go through the same ``record_attempt`` -> ``judge`` path, so they give the same verdicts.

Writing an exercise (in a ``chapter_*.py`` module listed in its ``EXERCISES``, or in a teacher's
private file given to ``scopelab grade --exercises-from``, which must define ``EXERCISES``)::

    Exercise(
        key="q1", slug="nested_scopes", title="Names and nested scopes", topic="names",
        task="Write build_encoder() that creates 'encoder/layer1/w' [3, 4] ...",
        answer_name="build_encoder",                 # the function the student writes
        starter="def build_encoder():\\n    pass\\n",  # a blank function (starter_runs=True: a buggy
                                                     # program the student should run and fix)
        solution_code="def build_encoder(): ...",
        hints=("first hint", "second, more specific"),
        checks=(
            Check("layer1", "encoder/layer1/w exists with shape (3, 4)",
                  lambda o: expect_variable(o, "encoder/layer1/w", shape=(3, 4))),
            Check("only_two", "no other variables", lambda o: expect_count(o, 2), hidden=True),
        ),
        expected=("encoder/layer1/w", "encoder/layer2/w"),   # store names for the tree diff
        known_wrong=(KnownWrong("def build_encoder(): ...", "missing_prefix", ("prefix",)),),
    )

* A check is ``fn(observation) -> Feedback | None`` (None = passed): read the Observation
  (``o.get(name)``, ``o.variables()``, ``o.returned``, ``o.calls[i].state``, ``o.created()``,
  ``o.reused()``, ``o.collection_names(key)``, ``o.regularization_losses()``, ``o.value(name)``,
  ``o.probe``, ``o.error``) and build feedback with :mod:`scopelab.exercises.diagnose`
  (``expect_variable``, ``expect_values``, ``expect_count``, ``expect_same_object`` ...) or
  ``feedback(category, observed)`` from :mod:`scopelab.exercises.mistakes`. Never run student code
  or import the answer in a check. ``hidden=True`` checks run only at grading.
* How the answer is run is *code as text* (it travels to the kernel; checks and solutions never do):
  ``calls`` are expressions, each calling ``answer`` (default ``("answer()",)``; two entries for a
  reuse exercise, and each call's returned value and store are kept); ``setup`` is code run in the
  fresh store before the first call; ``probe`` is code run after the calls that sets ``result`` to
  plain data (read back as ``o.probe``). They see ``tf``, ``np`` and ``variable(name)``.
* ``classify(error, observation) -> Feedback | None`` names an exercise-specific mistake from the
  error the answer raised (a stand-in with the same class, first message line and fields).
* ``known_wrong`` answers must get their category and phrases: tests/test_exercises.py runs every
  one; then ``notebooks/exercises/make_exercise_notebooks.py`` refreshes the notebooks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scopelab.exercises.attempt import RECORD_VERSION, RunSpec, answer_globals, answer_state, record_attempt
from scopelab.exercises.binding import ipython_user_ns, student_namespace
from scopelab.exercises.diagnose import classify_error
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import MalformedData, Observation
from scopelab.exercises.result import CheckOutcome, CheckResult, Feedback
from scopelab.exercises.texts import CodeNote, Note

__all__ = ["Check", "KnownWrong", "Exercise", "RunSpec", "answer_globals"]

CheckFn = Callable[[Observation], "Feedback | None"]


@dataclass(frozen=True)
class Check:
    """One check: a description the student sees, a function of the Observation, and points."""

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


@dataclass
class Exercise:
    """A classroom exercise (see the module docstring for how to write one)."""

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
    calls: tuple[str, ...] = ("answer()",)
    setup: str = ""
    probe: str = ""
    classify: Callable[[BaseException, Observation], Feedback | None] | None = None
    starter_runs: bool = False        # True: the starter is a buggy program to run, not a blank
    expected: tuple[str, ...] | None = None  # store names the task states (for the tree diff)
    # per-kernel state, never shared between students
    attempts: int = field(default=0, compare=False)
    hints_seen: int = field(default=0, compare=False)
    namespace: dict | None = field(default=None, compare=False, repr=False)

    @property
    def run_spec(self) -> RunSpec:
        """What goes where the answer runs (no check, hint or solution)."""
        return RunSpec(self.key, self.answer_name, self.starter, self.starter_runs, self.setup,
                       tuple(self.calls), self.probe)

    # --- the student's API ---------------------------------------------------------------------
    def check(self, answer: Any = None, *, namespace: dict | None = None, mode: str = "student",
              time_limit: float | None = None) -> CheckResult:
        """Run the answer in a fresh store and report the checks.

        ``answer``: the function, or a string of code defining ``answer_name``; by default the
        function of that name in the notebook's namespace. ``mode="grading"`` also runs the hidden
        checks.
        """
        if mode not in ("student", "grading"):
            raise ValueError(f"mode must be 'student' or 'grading', got {mode!r}")
        fn = self._resolve(answer, namespace)
        state = answer_state(self.run_spec, fn)
        if state == "ready":
            record = record_attempt(self.run_spec, fn, time_limit)
            self.attempts += 1
        else:
            record = {"version": RECORD_VERSION, "exercise": self.key, "answer": state}
        return self.judge(record, mode)

    def judge(self, record: Any, mode: str = "grading") -> CheckResult:
        """The verdict on a plain record of an attempt: a pure function of the data."""
        checks = self.checks if mode == "grading" else tuple(c for c in self.checks if not c.hidden)
        pending = 0 if mode == "grading" else sum(c.hidden for c in self.checks)
        try:
            obs = Observation.from_record(record, self.key)
        except MalformedData as err:
            head = feedback("unreadable_answer", f"The grader could not read what your answer left ({err}).")
            return self._all_failed(checks, pending, mode, head, "incorrect")
        if obs.answer in ("missing", "starter"):
            observed = (f"No function named {self.answer_name!r} is defined yet." if obs.answer == "missing"
                        else f"{self.answer_name}() is still the starter code.")
            return self._all_failed(checks, pending, mode, feedback("not_attempted", observed), "not_attempted")
        if obs.answer in ("timeout", "crashed"):
            head = (classify_error(obs.error) if obs.answer == "timeout" else
                    feedback("unreadable_answer", f"Running your answer failed in the grader's child process "
                                                  f"({obs.detail[:200]})."))
            return self._all_failed(checks, pending, mode, head, "incorrect")
        headline = self._classify_error(obs) if obs.error is not None else None
        outcomes = tuple(self._run_check(c, obs, headline) for c in checks)
        if headline is None:
            headline = next((Feedback(o.category, o.message) for o in outcomes
                             if not o.passed and o.visibility == "public"), None)
        status = "correct" if all(o.passed for o in outcomes) and obs.error is None else "incorrect"
        return CheckResult(
            exercise=self.key, title=self.title, status=status, outcomes=outcomes, headline=headline,
            hidden_pending=pending, mode=mode, tree=obs.tree_text(self.expected),
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

    def is_starter(self, fn: Callable) -> bool:
        """True if ``fn`` has the starter's code (the student has not changed it yet)."""
        return answer_state(RunSpec(self.key, self.answer_name, self.starter), fn) == "starter"

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

    def _all_failed(self, checks, pending, mode, head: Feedback, status: str) -> CheckResult:
        """Every check at zero with the same reason (not attempted, timed out, unreadable)."""
        category = "not_attempted" if status == "not_attempted" else head.category
        message = "" if status == "not_attempted" else head.message
        outcomes = tuple(CheckOutcome(c.check_id, c.description, "hidden" if c.hidden else "public",
                                      False, 0.0, c.points, category, message) for c in checks)
        return CheckResult(self.key, self.title, status, outcomes, head, pending, mode,
                           next_step=self._next_hint_call())

    def _classify_error(self, obs: Observation) -> Feedback:
        if self.classify is not None:
            special = self.classify(obs.error, obs)
            if special is not None:
                return special
        return classify_error(obs.error)

    def _run_check(self, check: Check, obs: Observation, headline: Feedback | None) -> CheckOutcome:
        visibility = "hidden" if check.hidden else "public"
        try:
            found = check.fn(obs)
        except Exception as err:  # noqa: BLE001 - a check that cannot read the data has failed
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
