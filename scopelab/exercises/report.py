"""Writing grading results: one CSV row per student, a JSON file, per-student HTML feedback pages.

All outputs are deterministic (no timestamps). The HTML never contains a check's code: hidden
checks show only their author-written description and message.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

from scopelab.exercises.grader import SubmissionResult

__all__ = ["write_csv", "write_json", "write_html_pages", "csv_columns"]


def csv_columns(submissions: list[SubmissionResult]) -> list[str]:
    """student, file, status, score, max_score, then per exercise its total and each check."""
    columns = ["student", "file", "status", "score", "max_score"]
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
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for sub in submissions:
            row = {"student": sub.student, "file": sub.path, "status": sub.status,
                   "score": _num(sub.score), "max_score": _num(sub.max_score)}
            for result in sub.results:
                row[result.exercise] = _num(result.score)
                for o in result.outcomes:
                    row[f"{result.exercise}.{o.check_id}"] = _num(o.points)
            writer.writerow(row)


def write_json(path: str | Path, submissions: list[SubmissionResult]) -> None:
    data = {"submissions": [s.to_json() for s in submissions]}
    Path(path).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _safe_file_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student) + ".html"


def write_html_pages(folder: str | Path, submissions: list[SubmissionResult]) -> list[Path]:
    """One feedback page per student (``<student>.html``); returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sub in submissions:
        target = folder / _safe_file_name(sub.student)
        target.write_text(_page(sub), encoding="utf-8")
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
