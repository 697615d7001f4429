"""Writing grading results: one CSV row per student, a JSON file, per-student HTML feedback pages,
and (optionally) each executed notebook with its capped outputs.

All outputs are deterministic (no timestamps). The HTML never contains a check's code: hidden
checks show only their author-written description and message. Every file is written to a new
temporary file in the same folder and renamed over the target, so a symlink planted at a results
path is replaced, never followed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import tempfile
from pathlib import Path

import nbformat

from scopelab.exercises.grader import SubmissionResult

__all__ = ["write_csv", "write_json", "write_html_pages", "write_executed", "csv_columns", "write_atomic"]


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to a fresh temporary file next to ``path``, then rename it onto ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def csv_columns(submissions: list[SubmissionResult]) -> list[str]:
    """student, file, status, score, max_score, sandboxed, then per exercise its total and each check."""
    columns = ["student", "file", "status", "score", "max_score", "sandboxed"]
    seen: list[str] = []
    for sub in submissions:
        for result in sub.results:
            for col in [result.exercise] + [f"{result.exercise}.{o.check_id}" for o in result.outcomes]:
                if col not in seen:
                    seen.append(col)
    return columns + seen


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def write_csv(path: str | Path, submissions: list[SubmissionResult]) -> None:
    columns = csv_columns(submissions)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for sub in submissions:
        row = {"student": sub.student, "file": sub.path, "status": sub.status,
               "score": _num(sub.score), "max_score": _num(sub.max_score),
               "sandboxed": "yes" if sub.sandboxed else "no"}
        for result in sub.results:
            row[result.exercise] = _num(result.score)
            for o in result.outcomes:
                row[f"{result.exercise}.{o.check_id}"] = _num(o.points)
        writer.writerow(row)
    write_atomic(path, buffer.getvalue())


def write_json(path: str | Path, submissions: list[SubmissionResult]) -> None:
    data = {"sandboxed": all(s.sandboxed for s in submissions), "submissions": [s.to_json() for s in submissions]}
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _safe_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student).lstrip(".") or "_"


def write_html_pages(folder: str | Path, submissions: list[SubmissionResult]) -> list[Path]:
    """One feedback page per student (``<student>.html``); returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sub in submissions:
        target = folder / (_safe_name(sub.student) + ".html")
        write_atomic(target, _page(sub))
        written.append(target)
    return written


def write_executed(folder: str | Path, submissions: list[SubmissionResult]) -> list[Path]:
    """Each executed notebook with its kept outputs (``<student>.ipynb``); returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sub in submissions:
        if sub.executed is not None:
            target = folder / (_safe_name(sub.student) + ".ipynb")
            write_atomic(target, nbformat.writes(nbformat.from_dict(sub.executed)))
            written.append(target)
    return written


def _page(sub: SubmissionResult) -> str:
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Feedback for {esc(sub.student)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
             ".ok{color:#1b7f3b}.bad{color:#b3261e}td,th{padding:2px 8px;text-align:left}</style>",
             "</head><body>",
             f"<h1>Feedback for {esc(sub.student)}</h1>",
             f"<p>Score: <b>{_num(sub.score)} / {_num(sub.max_score)}</b> (status: {esc(sub.status)})</p>"]
    if sub.notes:
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in sub.notes) + "</ul>")
    for result in sub.results:
        parts.append(f"<h2>{esc(result.exercise)} · {esc(result.title)}: "
                     f"{_num(result.score)} / {_num(result.max_score)}</h2><table>")
        parts.append("<tr><th></th><th>check</th><th>points</th><th>feedback</th></tr>")
        for o in result.outcomes:
            mark = '<span class="ok">&#10003;</span>' if o.passed else '<span class="bad">&#10007;</span>'
            label = esc(o.description) if o.visibility == "public" else f"<em>(hidden)</em> {esc(o.description)}"
            parts.append(f"<tr><td>{mark}</td><td>{label}</td><td>{_num(o.points)} / {_num(o.max_points)}</td>"
                         f"<td>{esc(o.message) if not o.passed else ''}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
