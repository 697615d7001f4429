"""The ``scopelab`` command: ``scopelab grade`` (exercises) and ``scopelab bench`` (kernels).

Exit status of ``scopelab grade``:
  0  every submission was processed (a notebook that crashed, looped or scored zero still counts)
  1  the grader itself failed: no notebooks found, an output file could not be written, bubblewrap
     missing (without --no-sandbox), the exercises file or the Dask scheduler unusable, or no kernel
     could be started at all (every submission ended with status "failed")
  2  bad command line (argparse)
"""

from __future__ import annotations

import argparse
import os
import re
import sys

__all__ = ["main", "build_parser", "EXIT_STATUS", "parse_size"]

EXIT_STATUS = """exit status:
  0  every submission was processed (crashed, looping or zero-score notebooks included)
  1  grader failure: no notebooks found, results not writable, bubblewrap missing, exercises file
     or scheduler unusable, or no kernel could start
  2  bad command line"""

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    """Bytes from ``2G``, ``512M``, ``1.5GiB`` or a plain number of bytes (binary units)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not found or float(found.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 2G, 512M, 1048576)")
    return int(float(found.group(1)) * _UNITS[found.group(2)])


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scopelab", description="scopelab command line tools")
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade submitted exercise notebooks",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="Run each notebook in its own sandboxed kernel, then judge every "
                                       "exercise's answer (public and hidden checks) in the grader; "
                                       "write per-check scores.",
                           epilog=EXIT_STATUS)
    grade.add_argument("submissions", nargs="+", help="notebooks, or folders searched for *.ipynb")
    grade.add_argument("--out", required=True, help="CSV file: one row per student, one column per check")
    grade.add_argument("--json", dest="json_path", help="also write every result as JSON")
    grade.add_argument("--html-dir", help="also write one HTML feedback page per student here")
    grade.add_argument("--executed-dir", help="also write each executed notebook (outputs capped) here")
    grade.add_argument("--timeout", type=float, default=30.0, help="seconds per notebook cell (30)")
    grade.add_argument("--answer-timeout", type=float, default=10.0,
                       help="seconds for each exercise's answer during the checks (10)")
    grade.add_argument("--exercises", help="comma-separated keys (q1,q2,...); default: the notebook's "
                                           "metadata, else all")
    grade.add_argument("--exercises-from", metavar="FILE",
                       help="grade with the teacher-private exercises defined in FILE (its EXERCISES)")
    grade.add_argument("--kernel", default="python3", help="Jupyter kernel name (python3)")
    grade.add_argument("-j", "--jobs", type=int, default=None,
                       help=f"notebooks graded at once on this machine (default: the cores, {_cores()} here)")
    grade.add_argument("--scheduler", metavar="ADDRESS",
                       help="grade on a Dask distributed cluster (tcp://host:8786); needs scopelab[cluster]")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="run kernels without bubblewrap (trusted work only; the results record it)")
    grade.add_argument("--memory", type=parse_size, default=2 << 30,
                       help="memory for all processes of one notebook (2G)")
    grade.add_argument("--max-processes", type=int, default=64, help="processes one notebook may run (64)")
    grade.add_argument("--max-output", type=parse_size, default=1 << 20,
                       help="output kept per notebook, then truncated with a note (1M)")

    from scopelab import bench  # owned by "kernels"; numpy only until it runs

    bench.add_arguments(sub.add_parser("bench", help="run the kernel benchmarks",
                                       description=bench.__doc__.split("\n")[0]))
    from scopelab import ckpt_cli  # argparse only until it runs

    ckpt_cli.add_arguments(sub.add_parser(
        "ckpt", help="look at TF checkpoints: ls, diff, map (no TensorFlow needed)",
        description=ckpt_cli.__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=ckpt_cli.__doc__.split("\n\n", 1)[1]))
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"scopelab grade: {message}", file=sys.stderr)
    return code




def _grade(ns: argparse.Namespace) -> int:
    from scopelab.exercises import batch, report
    from scopelab.exercises.grader import GradeOptions
    from scopelab.exercises.private import PrivateExercisesError, load_source
    from scopelab.exercises.progress import Progress
    from scopelab.exercises.sandbox import Limits, SandboxUnavailable, require_bwrap

    if ns.timeout <= 0 or ns.answer_timeout <= 0:
        return _fail("--timeout and --answer-timeout must be positive", 2)
    if (ns.jobs is not None and ns.jobs < 1) or ns.max_processes < 4:
        return _fail("--jobs must be at least 1 and --max-processes at least 4", 2)
    try:
        paths = batch.find_submissions(ns.submissions)
    except FileNotFoundError as err:
        return _fail(str(err))
    if not paths:
        return _fail("no notebooks found in " + " ".join(ns.submissions))
    try:
        private = (load_source(ns.exercises_from), ns.exercises_from) if ns.exercises_from else None
        catalog = batch.catalog(*(private or (None, "")))
    except PrivateExercisesError as err:
        return _fail(str(err))
    keys = tuple(k.strip() for k in ns.exercises.split(",") if k.strip()) if ns.exercises else None
    unknown = [k for k in keys or () if k not in {e.key for e in catalog} | {e.slug for e in catalog}]
    if unknown:
        return _fail(f"no exercise {unknown[0]!r}; known: " + ", ".join(e.key for e in catalog), 2)
    if not ns.no_sandbox and not ns.scheduler:
        try:
            require_bwrap()
        except SandboxUnavailable as err:
            return _fail(str(err))
    submissions = batch.read_submissions(paths, keys)   # every notebook is read before any runs
    hide = [os.getcwd()] + [os.path.dirname(os.path.abspath(p)) for p in paths]
    hide += [os.path.dirname(os.path.abspath(p)) for p in (ns.out, ns.json_path, ns.exercises_from) if p]
    hide += [os.path.abspath(p) for p in (ns.html_dir, ns.executed_dir) if p]
    options = GradeOptions(kernel=ns.kernel, cell_timeout=ns.timeout, answer_timeout=ns.answer_timeout, keys=keys,
                           sandbox=not ns.no_sandbox, hide=tuple(hide), keep_outputs=bool(ns.executed_dir),
                           limits=Limits(memory=ns.memory, processes=ns.max_processes, output=ns.max_output))
    progress = Progress(len(submissions))

    def show(index, result) -> None:
        progress.clear()
        print(f"{result.student}: {result.score:g} / {result.max_score:g} ({result.status})"
              + (f" - {result.notes[-1]}" if result.notes else ""), flush=True)
        progress.advance(failed=result.status == "failed")

    progress.draw()
    try:
        results = batch.grade_all(submissions, options, jobs=ns.jobs or _cores(), scheduler=ns.scheduler,
                                  private=private, on_result=show)
    except (batch.ClusterError, PrivateExercisesError) as err:
        return _fail(str(err))
    try:
        report.write_csv(ns.out, results)
        if ns.json_path:
            report.write_json(ns.json_path, results)
        if ns.html_dir:
            report.write_html_pages(ns.html_dir, results)
        if ns.executed_dir:
            report.write_executed(ns.executed_dir, results)
    except OSError as err:
        return _fail(f"could not write results: {err}")
    if all(s.status == "failed" for s in results):
        return _fail(f"no submission could be run (is the kernel {ns.kernel!r} installed?)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ns = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if ns.command == "bench":
        from scopelab import bench

        return bench.run(ns)
    if ns.command == "ckpt":
        from scopelab import ckpt_cli

        return ckpt_cli.run(ns)
    return _grade(ns)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
