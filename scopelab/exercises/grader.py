"""Batch grading of submitted notebooks (teacher side of ``scopelab grade``).

Each submission runs in its own fresh kernel (nbclient), in a new temporary folder that holds only a
copy of the notebook; the kernel's working directory and HOME are that folder and its environment is
reduced to a few variables, so the notebook does not see the grader's files through relative paths
or settings. Every cell has a time limit; a cell that runs past it is interrupted and the notebook
goes on; a kernel that stops answering or dies ends that notebook only. A final injected cell runs
all checks (public + hidden) and reports them through a custom mimetype. Checks that were never
reached score zero. Nothing a submission does stops the batch.

Not a security sandbox: code can still reach absolute paths the grader's user can write. Run the
grader as a user with access to nothing else (or in a container) for untrusted submissions.
"""

from __future__ import annotations

import copy
import inspect
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

from scopelab.exercises.framework import Exercise
from scopelab.exercises.grading import injected_cell_source
from scopelab.exercises.registry import ALL_EXERCISES, get_exercise
from scopelab.exercises.result import CHECK_MIMETYPE, CheckOutcome, CheckResult, Feedback

__all__ = ["SubmissionResult", "grade_submission", "grade_many", "find_submissions", "zero_result", "student_ids"]

# Environment variables a submission's kernel may see; everything else is dropped.
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "NUMBA_ENABLE_CUDASIM", "NUMBA_CACHE_DIR", "SCOPELAB_TARGET",
             "SCOPELAB_PARTITION_INVARIANT", "CUDA_VISIBLE_DEVICES", "VIRTUAL_ENV")


@dataclass
class SubmissionResult:
    """One student's grading: status is "graded", "timeout", "kernel_died", "unreadable" or "failed"."""

    student: str
    path: str
    status: str
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return float(sum(r.score for r in self.results))

    @property
    def max_score(self) -> float:
        return float(sum(r.max_score for r in self.results))

    def to_json(self) -> dict:
        return {"student": self.student, "file": self.path, "status": self.status,
                "score": self.score, "max_score": self.max_score, "notes": list(self.notes),
                "results": [r.to_json() for r in self.results]}


def zero_result(exercise: Exercise, reason: str) -> CheckResult:
    """Every check of ``exercise`` at zero, for an exercise the grading never reached."""
    outcomes = tuple(CheckOutcome(c.check_id, c.description, "hidden" if c.hidden else "public",
                                  False, 0.0, c.points, "not_reached", reason) for c in exercise.checks)
    return CheckResult(exercise.key, exercise.title, "incorrect", outcomes, None, 0, "grading")


def _result_from_json(data: dict) -> CheckResult:
    outcomes = tuple(CheckOutcome(c["id"], c["description"], c["visibility"], bool(c["passed"]),
                                  float(c["score"]), float(c["max_score"]), c.get("category", ""),
                                  c.get("message", "")) for c in data["checks"])
    head = data.get("headline")
    return CheckResult(data["exercise"], data.get("title", data["exercise"]), data["status"], outcomes,
                       Feedback(head["category"], head["message"]) if head else None, 0, "grading")


def _kernel_env(folder: str) -> dict[str, str]:
    env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
    env.update(HOME=folder, TMPDIR=folder, PYTHONHASHSEED="0", MPLCONFIGDIR=folder,
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


def _chosen(nb, exercises: list[str] | None) -> tuple[Exercise, ...]:
    keys = exercises or nb.metadata.get("scopelab", {}).get("exercises")
    return ALL_EXERCISES if not keys else tuple(get_exercise(k) for k in keys)


def _call(method, *args, **kwargs):
    """Call a kernel-manager/client method that may be a coroutine (nbclient uses async ones)."""
    return run_sync(method)(*args, **kwargs) if inspect.iscoroutinefunction(method) else method(*args, **kwargs)


def _execute_extra(client: NotebookClient, cell, timeout: float) -> None:
    """Run a cell that is not the student's (nbclient wants it inside the notebook while it runs)."""
    saved = client.timeout
    client.timeout = int(timeout)
    client.nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    finally:
        client.nb.cells.pop()
        client.timeout = saved


def _responsive(client: NotebookClient, seconds: float = 5.0) -> bool:
    try:
        _execute_extra(client, nbformat.v4.new_code_cell("None"), seconds)
        return True
    except (CellTimeoutError, DeadKernelError):
        return False


def grade_submission(path: str | Path, *, cell_timeout: float = 30.0, answer_timeout: float = 10.0,
                     exercises: list[str] | None = None, kernel_name: str = "python3",
                     student: str | None = None) -> SubmissionResult:
    """Run one notebook and its checks; never raises for anything the notebook does."""
    path = Path(path)
    student = student or path.stem
    try:
        nb = nbformat.read(path, as_version=4)
        chosen = _chosen(nb, exercises)
    except Exception as err:  # noqa: BLE001 - a broken file is one student's problem
        return SubmissionResult(student, str(path), "unreadable",
                                [zero_result(e, "notebook unreadable") for e in ALL_EXERCISES],
                                [f"could not read the notebook: {type(err).__name__}: {err}"])
    folder = tempfile.mkdtemp(prefix="scopelab-grade-")
    notes: list[str] = []
    status = "graded"
    results: list[CheckResult] | None = None
    try:
        shutil.copy(path, Path(folder) / path.name)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        grade_source = injected_cell_source([e.key for e in chosen], answer_timeout)
        grade_timeout = answer_timeout * (len(chosen) + 1) + 60
        session = dict(folder=folder, kernel_name=kernel_name, cell_timeout=cell_timeout,
                       grade_source=grade_source, grade_timeout=grade_timeout)
        status, stop, results = _session(nb, nb.cells, notes, **session)
        if stop is not None:
            # The kernel hung or died in cell `stop`: a fresh kernel replays the cells before it,
            # so the answers written up to there still count; the rest score zero.
            replay_status, again, results = _session(nb, nb.cells[:stop], [], **session)
            if replay_status != "graded" or again is not None:
                notes.append("replaying the cells before it failed too")
                results = None
    except DeadKernelError:
        status = "kernel_died"
        notes.append("the kernel died")
    except Exception as err:  # noqa: BLE001 - e.g. the kernel failed to start; grade the next one
        status = "failed"
        notes.append(f"grading failed: {type(err).__name__}: {err}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    by_key = {r.exercise: r for r in (results or [])}
    reason = notes[-1] if notes else status
    final = [by_key.get(e.key) or zero_result(e, reason) for e in chosen]
    return SubmissionResult(student, str(path), status, final, notes)


def _session(nb, cells, notes: list[str], *, folder: str, kernel_name: str, cell_timeout: float,
             grade_source: str, grade_timeout: float):
    """One kernel: run ``cells``, then (if it still answers) the grading cell.

    Returns (status, index of the cell that hung or killed the kernel or None, results or None).
    """
    work = copy.deepcopy(nb)
    work.cells = copy.deepcopy(list(cells))
    client = NotebookClient(work, timeout=int(cell_timeout), kernel_name=kernel_name, allow_errors=True,
                            interrupt_on_timeout=False, record_timing=False,
                            resources={"metadata": {"path": folder}})
    with client.setup_kernel(env=_kernel_env(folder), cwd=folder):
        status, stop = _run_cells(client, work.cells, notes)
        if stop is not None:
            return status, stop, None
        grade_cell = nbformat.v4.new_code_cell(grade_source)
        try:
            _execute_extra(client, grade_cell, grade_timeout)
        except CellTimeoutError:
            notes.append("the checks did not finish in time")
            return "timeout", None, None
        except DeadKernelError:
            notes.append("the kernel died while the checks ran")
            return "kernel_died", None, None
        return status, None, _read_results(grade_cell, notes)


def _run_cells(client: NotebookClient, cells, notes: list[str]) -> tuple[str, int | None]:
    """Execute the student's cells: ("graded", None), or (why, index of the cell that stopped it)."""
    number = 0
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        number += 1
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            notes.append(f"code cell {number} ran past {client.timeout} s and was interrupted")
            _call(client.km.interrupt_kernel)
            if not _responsive(client):
                notes.append(f"the kernel ignored the interrupt: code cell {number} and the cells after "
                             f"it were skipped")
                return "timeout", index
            continue
        except DeadKernelError:
            notes.append(f"the kernel died in code cell {number}: it and the cells after it were skipped")
            return "kernel_died", index
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                notes.append(f"code cell {number} raised {out.get('ename')}")
    return "graded", None


def _read_results(cell, notes: list[str]) -> list[CheckResult] | None:
    """The CheckResults the grading cell displayed (only that cell's outputs are trusted)."""
    found = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if CHECK_MIMETYPE in data:
            found.append(_result_from_json(data[CHECK_MIMETYPE]))
        if out.get("output_type") == "error":
            notes.append(f"the checks could not run: {out.get('ename')}: {out.get('evalue')}")
    return found or None


def find_submissions(paths: list[str]) -> list[Path]:
    """Notebook files from files and folders (folders searched recursively, sorted, checkpoints skipped)."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"not a notebook or folder: {raw}")
    return found


def student_ids(paths: list[Path]) -> list[str]:
    stems = [p.stem for p in paths]
    return [f"{p.parent.name}/{p.stem}" if stems.count(p.stem) > 1 else p.stem for p in paths]


def grade_many(paths: list[Path], **options) -> list[SubmissionResult]:
    """Grade notebooks one after the other; one student's failure never stops the others."""
    return [grade_submission(p, student=s, **options) for p, s in zip(paths, student_ids(paths))]
