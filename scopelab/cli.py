"""The ``scopelab`` command: ``scopelab grade`` (exercises) and ``scopelab bench`` (kernels).

Exit status of ``scopelab grade``:
  0  every submission was processed (a notebook that crashed, looped or scored zero still counts)
  1  the grader itself failed: no notebooks found, an output file could not be written, or no
     kernel could be started at all (every submission ended with status "failed")
  2  bad command line (argparse)
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main", "build_parser", "EXIT_STATUS"]

EXIT_STATUS = """exit status:
  0  every submission was processed (crashed, looping or zero-score notebooks included)
  1  grader failure: no notebooks found, results not writable, or no kernel could start
  2  bad command line"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scopelab", description="scopelab command line tools")
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade submitted exercise notebooks",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="Run each notebook in its own kernel, then every check "
                                       "(public and hidden); write per-check scores.",
                           epilog=EXIT_STATUS)
    grade.add_argument("submissions", nargs="+", help="notebooks, or folders searched for *.ipynb")
    grade.add_argument("--out", required=True, help="CSV file: one row per student, one column per check")
    grade.add_argument("--json", dest="json_path", help="also write every result as JSON")
    grade.add_argument("--html-dir", help="also write one HTML feedback page per student here")
    grade.add_argument("--timeout", type=float, default=30.0, help="seconds per notebook cell (30)")
    grade.add_argument("--answer-timeout", type=float, default=10.0,
                       help="seconds for each exercise's answer during the checks (10)")
    grade.add_argument("--exercises", help="comma-separated keys (q1,q2,...); default: the notebook's "
                                           "metadata, else all")
    grade.add_argument("--kernel", default="python3", help="Jupyter kernel name (python3)")

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


def _grade(ns: argparse.Namespace) -> int:
    from scopelab.exercises import grader, report

    if ns.timeout <= 0 or ns.answer_timeout <= 0:
        print("scopelab grade: --timeout and --answer-timeout must be positive", file=sys.stderr)
        return 2
    try:
        paths = grader.find_submissions(ns.submissions)
    except FileNotFoundError as err:
        print(f"scopelab grade: {err}", file=sys.stderr)
        return 1
    if not paths:
        print("scopelab grade: no notebooks found in " + " ".join(ns.submissions), file=sys.stderr)
        return 1
    keys = [k.strip() for k in ns.exercises.split(",") if k.strip()] if ns.exercises else None
    if keys:
        from scopelab.exercises.registry import get_exercise

        try:
            for key in keys:
                get_exercise(key)
        except KeyError as err:
            print(f"scopelab grade: {err.args[0]}", file=sys.stderr)
            return 2
    submissions = []
    for path, student in zip(paths, grader.student_ids(paths)):
        result = grader.grade_submission(path, student=student, cell_timeout=ns.timeout,
                                         answer_timeout=ns.answer_timeout, exercises=keys,
                                         kernel_name=ns.kernel)
        print(f"{result.student}: {result.score:g} / {result.max_score:g} ({result.status})"
              + (f" - {result.notes[-1]}" if result.notes else ""))
        submissions.append(result)
    try:
        report.write_csv(ns.out, submissions)
        if ns.json_path:
            report.write_json(ns.json_path, submissions)
        if ns.html_dir:
            report.write_html_pages(ns.html_dir, submissions)
    except OSError as err:
        print(f"scopelab grade: could not write results: {err}", file=sys.stderr)
        return 1
    if all(s.status == "failed" for s in submissions):
        print("scopelab grade: no submission could be run (is the kernel "
              f"{ns.kernel!r} installed?)", file=sys.stderr)
        return 1
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
