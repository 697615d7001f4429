"""Grading throughput: a class of notebooks with -j 1, -j 2 and a two-worker Dask LocalCluster, and the
cost of the sandbox on one notebook.

    .venv/bin/python benchmarks/bench_grading.py [--n 40] [--repeats 5] [--json PATH] [--quick]

The class is ``--n`` copies of the five exercise answer keys (notebooks/exercises/solutions: every
packaged exercise, right), graded in the sandbox exactly as ``scopelab grade`` does (the library
calls behind it: ``read_submissions`` then ``grade_all``), after one warm-up grading that makes the
Numba cache the sandboxes copy. Printed as one-run ratios:

* ``-j 2`` against ``-j 1`` (target: at least 1.7x faster on 2 cores), and the LocalCluster (two
  worker processes, one thread each) against ``-j 1``;
* one notebook (chapter 3's answer key) with and without the sandbox, ``--repeats`` alternating
  runs each, medians (target: the sandbox adds at most 15 %).

Every graded result is checked (full marks for the answer keys) before a time counts. The machine's
load average at the start and end is printed: figures taken on a busy machine are not final.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

from scopelab.exercises.batch import grade_all, read_submissions
from scopelab.exercises.grader import GradeOptions

KEYS = Path(__file__).resolve().parent.parent / "notebooks" / "exercises" / "solutions"
TARGET_J2 = 1.7
TARGET_SANDBOX = 0.15


def _class_folder(root: Path, n: int) -> list[Path]:
    keys = sorted(KEYS.glob("[0-9][0-9]_*.ipynb"))
    paths = []
    for i in range(n):
        target = root / f"student{i:03d}.ipynb"
        shutil.copy(keys[i % len(keys)], target)
        paths.append(target)
    return paths


def _grade(paths: list[Path], options: GradeOptions, **how) -> float:
    subs = read_submissions(paths)
    start = time.perf_counter()
    results = grade_all(subs, options, **how)
    seconds = time.perf_counter() - start
    wrong = [r.student for r in results if r.score != r.max_score or r.status != "graded"]
    if wrong:
        raise SystemExit(f"answer keys not graded full marks: {wrong[:5]} ({results[0].notes})")
    return seconds


def measure(n: int, repeats: int) -> dict:
    from distributed import LocalCluster

    root = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        paths = _class_folder(root, n)
        options = GradeOptions(cell_timeout=120, answer_timeout=60)
        load_start = os.getloadavg()
        _grade(paths[:1], options, jobs=1)                          # warm-up: the seed cache, imports
        serial = _grade(paths, options, jobs=1)
        local = _grade(paths, options, jobs=2)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            _grade(paths[:2], options, scheduler=cluster.scheduler_address)   # workers warm up
            dask = _grade(paths, options, scheduler=cluster.scheduler_address)
        one = [p for p in paths if p.name == "student002.ipynb"]    # chapter 3's answer key
        sandboxed, plain = [], []
        for _ in range(repeats):
            sandboxed.append(_grade(one, options, jobs=1))
            plain.append(_grade(one, GradeOptions(cell_timeout=120, answer_timeout=60, sandbox=False), jobs=1))
        load_end = os.getloadavg()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    overhead = statistics.median(sandboxed) / statistics.median(plain) - 1
    return {"notebooks": n, "cores": len(os.sched_getaffinity(0)), "load_start": load_start, "load_end": load_end,
            "seconds": {"j1": serial, "j2": local, "local_cluster_2": dask},
            "speedup": {"j2": serial / local, "local_cluster_2": serial / dask},
            "one_notebook": {"sandbox_s": sandboxed, "no_sandbox_s": plain, "overhead": overhead},
            "targets": {"j2_at_least_1.7x": serial / local >= TARGET_J2,
                        "sandbox_at_most_15pct": overhead <= TARGET_SANDBOX}}


def to_markdown(r: dict) -> str:
    s, x, one = r["seconds"], r["speedup"], r["one_notebook"]
    lines = [f"Grading {r['notebooks']} notebooks on {r['cores']} cores "
             f"(load average {r['load_start'][0]:.2f} at start, {r['load_end'][0]:.2f} at end)", "",
             "| how | seconds | per notebook | speed-up against -j 1 |", "|---|---|---|---|",
             f"| -j 1 | {s['j1']:.1f} | {s['j1'] / r['notebooks']:.2f} | 1.00x |",
             f"| -j 2 | {s['j2']:.1f} | {s['j2'] / r['notebooks']:.2f} | {x['j2']:.2f}x (target >= {TARGET_J2}x: "
             f"{'met' if r['targets']['j2_at_least_1.7x'] else 'NOT met'}) |",
             f"| LocalCluster, 2 workers | {s['local_cluster_2']:.1f} | {s['local_cluster_2'] / r['notebooks']:.2f} "
             f"| {x['local_cluster_2']:.2f}x |", "",
             f"One notebook, median of {len(one['sandbox_s'])}: {statistics.median(one['sandbox_s']):.2f} s in the "
             f"sandbox, {statistics.median(one['no_sandbox_s']):.2f} s without: the sandbox adds "
             f"{100 * one['overhead']:+.1f} % (target <= {100 * TARGET_SANDBOX:.0f} %: "
             f"{'met' if r['targets']['sandbox_at_most_15pct'] else 'NOT met'})"]
    return "\n".join(lines)


def bench(quick: bool) -> dict:
    """``scopelab bench``'s section ``grading``: 40 notebooks (8 with ``quick``) and the targets."""
    result = measure(*((8, 3) if quick else (40, 5)))
    result["markdown"] = to_markdown(result)
    result["targets"] = [
        (f"grading -j 2 >= {TARGET_J2}x faster than -j 1 ({result['notebooks']} notebooks)",
         f"{result['speedup']['j2']:.2f}x", result["targets"]["j2_at_least_1.7x"]),
        (f"the sandbox adds <= {100 * TARGET_SANDBOX:.0f} % to one notebook's time",
         f"{100 * result['one_notebook']['overhead']:+.1f} %",
         result["targets"]["sandbox_at_most_15pct"]),
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="notebooks in the class (40)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of the one-notebook comparison (5)")
    parser.add_argument("--quick", action="store_true", help="8 notebooks, 3 repeats")
    parser.add_argument("--json", default="results-bench-grading.json", help="where to write the figures")
    ns = parser.parse_args(argv)
    n, repeats = (8, 3) if ns.quick else (ns.n, ns.repeats)
    result = measure(n, repeats)
    Path(ns.json).write_text(json.dumps(result, indent=2) + "\n")
    print(to_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
