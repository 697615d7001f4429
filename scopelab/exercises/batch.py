"""Grading a class: read every submission first, then grade them serially, on ``-j N`` local
workers, or on a Dask distributed cluster; results come back in the submissions' order.

Every submission is read into memory before any of them runs, so no submission can change another.
Local workers are threads (each notebook's work happens in its own sandboxed kernel). On a cluster
(``--scheduler ADDRESS``, needs ``scopelab[cluster]``) each task carries the notebook's text, the
options and, for private exercises, the exercises file's text; each worker sandboxes as locally.
"""

from __future__ import annotations

import collections
import functools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from scopelab.exercises.framework import Exercise
from scopelab.exercises.grader import GradeOptions, Submission, SubmissionResult, choose, grade_submission, zero_result

__all__ = ["find_submissions", "student_ids", "read_submissions", "grade_all", "grade_remote", "catalog",
           "ClusterError", "MAX_NOTEBOOK_BYTES"]

MAX_NOTEBOOK_BYTES = 64 << 20
OnResult = Callable[[int, SubmissionResult], None]


class ClusterError(RuntimeError):
    """The Dask scheduler could not be used (not installed, unreachable, workers without bwrap)."""


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


def _read(path: Path) -> tuple[str | None, str]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_NOTEBOOK_BYTES + 1)
        if len(raw) > MAX_NOTEBOOK_BYTES:
            return None, f"the file is larger than {MAX_NOTEBOOK_BYTES >> 20} MiB"
        return raw.decode("utf-8"), ""
    except (OSError, UnicodeDecodeError) as err:
        return None, f"{type(err).__name__}: {err}"


def _set_keys(text: str | None) -> tuple[str, ...] | None:
    try:
        keys = json.loads(text)["metadata"]["scopelab"]["exercises"]
        return tuple(k for k in keys if isinstance(k, str)) if isinstance(keys, list) else None
    except Exception:  # noqa: BLE001 - unreadable or without the metadata
        return None


def read_submissions(paths: list[Path], keys: tuple[str, ...] | None = None) -> list[Submission]:
    """Every notebook's text, read now. An unreadable notebook is set what most of the class was set
    (its own metadata cannot be read): ``keys`` if given, else the most common list in the batch."""
    texts = [_read(p) for p in paths]
    sets = [k for k in (_set_keys(t) for t, _ in texts) if k]
    fallback = keys or (collections.Counter(sets).most_common(1)[0][0] if sets else ())
    return [Submission(student, str(path), text, error, tuple(fallback))
            for path, student, (text, error) in zip(paths, student_ids(paths), texts, strict=True)]


@functools.lru_cache(maxsize=4)
def catalog(source: str | None, filename: str = "") -> tuple[Exercise, ...]:
    """The packaged exercises (``source`` None), or those a teacher's file defines (loaded once)."""
    if source is None:
        from scopelab.exercises.registry import ALL_EXERCISES

        return ALL_EXERCISES
    from scopelab.exercises.private import exercises_from_source

    return exercises_from_source(source, filename)


def _safe_grade(sub: Submission, options: GradeOptions, exercises: tuple[Exercise, ...]) -> SubmissionResult:
    try:
        return grade_submission(sub, options, exercises)
    except Exception as err:  # noqa: BLE001 - the grader's own failure on one notebook
        chosen = choose(options.keys or sub.fallback_keys, exercises, [])
        why = f"grading failed: {type(err).__name__}: {str(err)[:500]}"
        return SubmissionResult(sub.student, sub.path, "failed", [zero_result(e, why) for e in chosen], [why],
                                options.sandbox)


def grade_remote(sub: Submission, options: GradeOptions, source: str | None, filename: str) -> SubmissionResult:
    """A Dask task: grade one notebook on this worker (its own bwrap, kernel and Numba cache)."""
    return _safe_grade(sub, options, catalog(source, filename))


def grade_all(subs: list[Submission], options: GradeOptions, *, jobs: int = 1, scheduler: str | None = None,
              private: tuple[str, str] | None = None, on_result: OnResult | None = None) -> list[SubmissionResult]:
    """Grade ``subs``; ``on_result(index, result)`` is called as each finishes (any order); the list
    returned is in the submissions' order. ``private`` is (source, filename) of teacher exercises."""
    source, filename = private if private else (None, "")
    results: list[SubmissionResult | None] = [None] * len(subs)

    def finished(index: int, result: SubmissionResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    if scheduler:
        _grade_on_cluster(subs, options, scheduler, source, filename, finished)
    else:
        exercises = catalog(source, filename)
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="scopelab-grade") as pool:
            futures = {pool.submit(_safe_grade, sub, options, exercises): i for i, sub in enumerate(subs)}
            for future in as_completed(futures):
                finished(futures[future], future.result())
    return [r for r in results if r is not None]


def _grade_on_cluster(subs, options, scheduler, source, filename, finished) -> None:
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError as err:
        raise ClusterError("--scheduler needs Dask's distributed: pip install 'scopelab[cluster]'") from err
    try:
        client = Client(scheduler, timeout=60, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"could not reach the Dask scheduler at {scheduler}: {err}") from err
    try:
        futures = [client.submit(grade_remote, sub, options, source, filename, pure=False)
                   for i, sub in enumerate(subs)]
        index = {f.key: i for i, f in enumerate(futures)}
        for future in dask_completed(futures, loop=client.loop):
            finished(index[future.key], future.result())
    finally:
        client.close()
