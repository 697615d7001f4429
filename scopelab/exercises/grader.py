"""Grading one submitted notebook (teacher side of ``scopelab grade``).

The notebook's code cells run in a fresh kernel inside a sandbox (:mod:`scopelab.exercises.session`),
each under a time limit. Then, for each exercise, one request asks the kernel to record the answer
in a child process (:mod:`scopelab.exercises.collect`); the plain record comes back over the
grader's own socket and the verdict is made here, by :meth:`Exercise.judge`. Nothing the notebook
does in its kernel can change a verdict, only the data it describes.

Time costs only what ran too long: a cell past its limit is interrupted and the notebook goes on;
a cell that ignores the interrupt or kills the kernel is skipped, and a fresh kernel runs the cells
before it again and goes on after it (at most ``max_restarts`` times); an answer past its limit is
killed and scores zero for its exercise only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import nbformat

from scopelab.exercises.framework import Exercise
from scopelab.exercises.result import CheckOutcome, CheckResult
from scopelab.exercises.sandbox import Limits, require_bwrap
from scopelab.exercises.seed_cache import numba_seed
from scopelab.exercises.session import Execution, KernelSession, KernelStartError, OutputKeeper, kernel_argv

__all__ = ["Submission", "GradeOptions", "SubmissionResult", "grade_submission", "zero_result", "choose"]

# the grader's requests, evaluated as Jupyter user expressions (see KernelSession.execute)
_COLLECT = ("__import__('scopelab.exercises.collect', fromlist=['run'])"
            ".run({spec!r}, globals(), {limit!r}, {path!r}, {nonce!r})")
_PREPARE = "__import__('scopelab.exercises.collect', fromlist=['warm']).warm()"


@dataclass(frozen=True)
class Submission:
    """One notebook, read before any submission runs: ``text`` is None when it could not be read."""

    student: str
    path: str
    text: str | None
    error: str = ""
    fallback_keys: tuple[str, ...] = ()   # what an unreadable notebook was set (see batch.py)


@dataclass(frozen=True)
class GradeOptions:
    """How to grade (picklable: Dask workers get a copy and resolve the kernel and cache themselves)."""

    kernel: str = "python3"           # a Jupyter kernel name
    cell_timeout: float = 30.0
    answer_timeout: float = 10.0
    keys: tuple[str, ...] | None = None
    sandbox: bool = True
    limits: Limits = Limits()
    warm_cache: bool = True           # copy a warm Numba cache into each kernel (seed_cache.py)
    hide: tuple[str, ...] = ()
    interrupt_grace: float = 10.0
    answer_margin: float = 20.0       # on top of answer_timeout: fork, encoding, a busy machine
    max_restarts: int = 3
    keep_outputs: bool = False


@dataclass
class SubmissionResult:
    """One student's grading: status is "graded", "timeout", "kernel_died", "unreadable" or "failed"."""

    student: str
    path: str
    status: str
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)
    sandboxed: bool = True
    executed: dict | None = None     # the notebook with its (capped) outputs, when asked for

    @property
    def score(self) -> float:
        return float(sum(r.score for r in self.results))

    @property
    def max_score(self) -> float:
        return float(sum(r.max_score for r in self.results))

    def to_json(self) -> dict:
        return {"student": self.student, "file": self.path, "status": self.status,
                "score": self.score, "max_score": self.max_score, "sandboxed": self.sandboxed,
                "notes": list(self.notes), "results": [r.to_json() for r in self.results]}


def zero_result(exercise: Exercise, reason: str) -> CheckResult:
    """Every check of ``exercise`` at zero, for an exercise the grading never reached."""
    outcomes = tuple(CheckOutcome(c.check_id, c.description, "hidden" if c.hidden else "public",
                                  False, 0.0, c.points, "not_reached", reason) for c in exercise.checks)
    return CheckResult(exercise.key, exercise.title, "incorrect", outcomes, None, 0, "grading")


def choose(keys, catalog: tuple[Exercise, ...], notes: list[str]) -> tuple[Exercise, ...]:
    """The exercises named by ``keys`` (all of ``catalog`` if none); unknown keys are noted."""
    by_key = {e.key: e for e in catalog} | {e.slug: e for e in catalog}
    if not keys:
        return catalog
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        notes.append(f"the notebook names exercises this grading does not have: {', '.join(map(str, unknown))}")
    found = {by_key[k].key: by_key[k] for k in keys if k in by_key}
    return tuple(found.values()) or catalog


def _metadata_keys(nb) -> list | None:
    keys = nb.get("metadata", {}).get("scopelab", {}).get("exercises")
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else None


def grade_submission(sub: Submission, options: GradeOptions, catalog: tuple[Exercise, ...]) -> SubmissionResult:
    """Run one notebook and judge its answers; never raises for anything the notebook does."""
    notes: list[str] = []
    try:
        if sub.text is None:
            raise ValueError(sub.error or "the file could not be read")
        nb = nbformat.reads(sub.text, as_version=4)
        chosen = choose(options.keys or _metadata_keys(nb), catalog, notes)
    except Exception as err:  # noqa: BLE001 - a broken file is one student's problem
        chosen = choose(options.keys or sub.fallback_keys, catalog, [])
        reason = f"could not read the notebook: {str(err)[:300]}"
        zeros = [zero_result(e, "notebook unreadable") for e in chosen]
        return SubmissionResult(sub.student, sub.path, "unreadable", zeros, [reason], options.sandbox)
    run = _NotebookRun(nb, chosen, options, notes)
    run.go()
    results = []
    for exercise in chosen:
        record = run.records.get(exercise.key)
        results.append(exercise.judge(record, "grading") if record is not None
                       else zero_result(exercise, run.reason))
    if not options.sandbox:
        notes.append("graded without the sandbox (--no-sandbox)")
    return SubmissionResult(sub.student, sub.path, run.status, results, notes, options.sandbox,
                            run.nb if options.keep_outputs else None)


class _NotebookRun:
    """The steps of one notebook (its code cells, then one per exercise) across fresh kernels."""

    def __init__(self, nb, chosen: tuple[Exercise, ...], options: GradeOptions, notes: list[str]) -> None:
        self.nb, self.chosen, self.options, self.notes = nb, chosen, options, notes
        for cell in nb.cells:
            if cell.get("cell_type") == "code":
                cell.outputs, cell.execution_count = [], None
        code = [i for i, c in enumerate(nb.cells) if c.get("cell_type") == "code"]
        self.steps = [("cell", i, n + 1) for n, i in enumerate(code)] + [("prepare", None, 0)]
        self.steps += [("answer", e, 0) for e in chosen]
        self.records: dict[str, dict] = {}
        self.skip: set[int] = set()
        self.status = "graded"
        self.reason = "not reached"
        self.nonce = secrets.token_hex(8)
        self.keeper = OutputKeeper(options.limits.output)

    def go(self) -> None:
        try:
            argv = kernel_argv(self.options.kernel)
            if self.options.sandbox:
                require_bwrap()
        except Exception as err:  # noqa: BLE001 - no such kernel, no bwrap: reported per notebook
            self.status = "failed"
            self._note_stop(f"the kernel could not start: {str(err)[:500]}")
            return
        seed = numba_seed(argv[0]) if self.options.warm_cache else None
        pos, sessions = 0, 0
        while pos < len(self.steps):
            if sessions > self.options.max_restarts:
                self._note_stop(f"stopped after {self.options.max_restarts} restarts of the kernel: the cells "
                                "and answers after that were not run")
                return
            sessions += 1
            try:
                session = KernelSession(list(argv), limits=self.options.limits, sandbox=self.options.sandbox,
                                        nonce=self.nonce, numba_seed=seed, hide=list(self.options.hide))
            except (KernelStartError, OSError) as err:
                if sessions == 1:
                    self.status = "failed"
                self._note_stop(f"the kernel could not start: {str(err)[:300]}")
                return
            with session:
                pos = self._advance(session, pos)

    def _note_stop(self, why: str) -> None:
        self.notes.append(why)
        self.reason = why

    def _advance(self, session: KernelSession, pos: int) -> int:
        """Replay the steps before ``pos``, then run on; the next position after a fatal step."""
        for j in range(pos):
            kind = self.steps[j][0]
            if kind != "answer" and j not in self.skip:
                done = self._run_code(session, j, OutputKeeper(self.options.limits.output), replay=True)
                if done.state in ("stubborn", "dead"):
                    self.skip.add(j)
                    self.notes.append(f"{self._label(j)} failed when run again in a fresh kernel: it was skipped")
                    if self.status == "graded":
                        self.status = "timeout" if done.state == "stubborn" else "kernel_died"
                    return pos
        while pos < len(self.steps):
            kind, what, _ = self.steps[pos]
            if kind == "answer":
                state = self._collect(session, what)
            else:
                state = self._run_code(session, pos, self.keeper, replay=False).state
            if state in ("stubborn", "dead"):
                self.skip.add(pos)
                self._fatal(session, pos, state)
                return pos + 1
            pos += 1
        return pos

    def _label(self, j: int) -> str:
        kind, what, number = self.steps[j]
        return {"cell": f"code cell {number}", "prepare": "loading the grader's collector",
                "answer": f"collecting {getattr(what, 'key', '')}"}[kind]

    def _fatal(self, session: KernelSession, pos: int, state: str) -> None:
        label = self._label(pos)
        if state == "stubborn":
            self.notes.append(f"{label} ignored the interrupt: it was skipped, and a fresh kernel ran the "
                              "cells before it again and went on")
            self.status = "timeout" if self.status == "graded" else self.status
        else:
            why = f" ({session.kill_reason})" if session.kill_reason else ""
            self.notes.append(f"the kernel died in {label}{why}: it was skipped, and a fresh kernel ran the "
                              "cells before it again and went on")
            self.status = "kernel_died" if self.status == "graded" else self.status
        if self.steps[pos][0] == "cell" and self.keep_outputs:
            self.nb.cells[self.steps[pos][1]].outputs.append(nbformat.v4.new_output(
                "stream", name="stderr", text=f"[scopelab grade] {self.notes[-1]}\n"))

    @property
    def keep_outputs(self) -> bool:
        return self.options.keep_outputs

    def _run_code(self, session: KernelSession, j: int, keeper: OutputKeeper, replay: bool) -> Execution:
        kind, index, number = self.steps[j]
        if kind == "prepare":
            return session.execute("", self.options.cell_timeout, keeper, grace=self.options.interrupt_grace,
                                   store_history=False, expression=_PREPARE)
        cell = self.nb.cells[index]
        done = session.execute(cell.source, self.options.cell_timeout, keeper, grace=self.options.interrupt_grace)
        if not replay:
            if self.keep_outputs:
                cell.outputs = done.outputs
            if done.state == "timeout":
                self.notes.append(f"code cell {number} ran past {self.options.cell_timeout:g} s and was interrupted")
            elif done.state == "error":
                self.notes.append(f"code cell {number} raised {done.ename}")
        return done

    def _collect(self, session: KernelSession, exercise: Exercise) -> str:
        options = self.options
        session.channel.expect(exercise.key)
        code = _COLLECT.format(spec=exercise.run_spec.to_json(), limit=float(options.answer_timeout),
                               path=session.channel.path, nonce=self.nonce)
        done = session.execute("", options.answer_timeout + options.answer_margin, OutputKeeper(64 << 10),
                               grace=options.interrupt_grace, store_history=False, expression=code)
        record = session.channel.take(5.0 if done.state == "ok" else 0.5)
        if record is None:
            why = {"ok": "no record came back", "error": f"collecting it raised {done.ename}",
                   "timeout": "collecting it took too long"}.get(done.state, "the kernel stopped")
            record = {"version": 1, "exercise": exercise.key, "answer": "crashed", "detail": why}
        self.records[exercise.key] = record
        return done.state
