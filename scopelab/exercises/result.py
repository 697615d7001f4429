"""What a check reports: one :class:`CheckOutcome` per check, gathered in a :class:`CheckResult`.

A result is plain data with a deterministic ``_repr_mimebundle_`` (no timestamps, no ids): the
``text/plain`` form is what terminals and nbval see, ``text/html`` what JupyterLab and the docs show,
and ``application/vnd.scopelab.check+json`` what ``scopelab grade`` reads back from a kernel.
Hidden checks carry only their author-written message, never their code.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["CHECK_MIMETYPE", "CheckOutcome", "CheckResult", "Feedback", "STATUSES"]

CHECK_MIMETYPE = "application/vnd.scopelab.check+json"

# correct: every check that ran passed; incorrect: at least one failed; not_attempted: the starter
# code is untouched (a gentle nudge, not a red cross).
STATUSES = ("correct", "incorrect", "not_attempted")


@dataclass(frozen=True)
class Feedback:
    """A classified mistake: ``category`` names it, ``message`` explains the TF1 rule behind it."""

    category: str
    message: str


@dataclass(frozen=True)
class CheckOutcome:
    """The verdict of one check. ``visibility`` is ``"public"`` or ``"hidden"``."""

    check_id: str
    description: str
    visibility: str
    passed: bool
    points: float
    max_points: float
    category: str = ""
    message: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.check_id, "description": self.description, "visibility": self.visibility,
            "passed": self.passed, "score": self.points, "max_score": self.max_points,
            "category": self.category, "message": self.message,
        }


@dataclass(frozen=True)
class CheckResult:
    """All outcomes of one ``check()`` call, plus the headline feedback shown first."""

    exercise: str
    title: str
    status: str
    outcomes: tuple[CheckOutcome, ...]
    headline: Feedback | None = None
    hidden_pending: int = 0          # hidden checks not run now (student mode): "run at grading"
    mode: str = "student"            # "student" or "grading"
    tree: str = ""                   # the student's variables as text, for the diff-like view
    next_step: str = ""              # e.g. "ex.q1.hint()"
    extra: dict = field(default_factory=dict)

    # --- numbers -------------------------------------------------------------------------------
    @property
    def score(self) -> float:
        return float(sum(o.points for o in self.outcomes))

    @property
    def max_score(self) -> float:
        return float(sum(o.max_points for o in self.outcomes))

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def categories(self) -> tuple[str, ...]:
        """Every mistake category found (headline first, no repeats)."""
        found = [self.headline.category] if self.headline else []
        found += [o.category for o in self.outcomes if not o.passed and o.category]
        return tuple(dict.fromkeys(found))

    def public(self) -> tuple[CheckOutcome, ...]:
        return tuple(o for o in self.outcomes if o.visibility == "public")

    def hidden(self) -> tuple[CheckOutcome, ...]:
        return tuple(o for o in self.outcomes if o.visibility == "hidden")

    # --- renderers -----------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "exercise": self.exercise, "title": self.title, "status": self.status,
            "mode": self.mode, "score": self.score, "max_score": self.max_score,
            "hidden_pending": self.hidden_pending,
            "headline": ({"category": self.headline.category, "message": self.headline.message}
                         if self.headline else None),
            "checks": [o.to_json() for o in self.outcomes],
        }

    def summary_line(self) -> str:
        public = self.public()
        n_pub_ok = sum(o.passed for o in public)
        if self.status == "not_attempted":
            return "Not attempted yet: write your answer, then run the check again."
        parts = [f"Public checks: {n_pub_ok} of {len(public)} passed"]
        hidden = self.hidden()
        if hidden:
            parts.append(f"hidden checks: {sum(o.passed for o in hidden)} of {len(hidden)} passed")
        if self.hidden_pending:
            more = "check runs" if self.hidden_pending == 1 else "checks run"
            parts.append(f"{self.hidden_pending} more {more} at grading")
        return "; ".join(parts) + "."

    def _header(self) -> str:
        """Only what is known: before grading, hidden checks have not run, so nothing is "correct"."""
        score = f"{_num(self.score)}/{_num(self.max_score)}"
        if self.status == "not_attempted":
            verdict = f"not attempted ({score})"
        elif not self.hidden_pending:
            verdict = f"{'correct' if self.status == 'correct' else 'not quite'} ({score})"
        elif self.status == "correct":
            verdict = f"public checks pass ({score}); {self.hidden_pending} more run at grading"
        else:
            verdict = f"not quite (public checks {score})"
        return f"{self.exercise} · {self.title} — {verdict}"

    def __repr__(self) -> str:
        lines = [self._header()]
        if self.headline is not None:
            lines.append(f"  [{self.headline.category}] {self.headline.message}")
        pending = self.status == "not_attempted"  # a nudge, not a row of red crosses
        for o in self.outcomes:
            mark = "ok " if o.passed else ("-  " if pending else "X  ")
            label = o.description if o.visibility == "public" else f"(hidden) {o.description}"
            lines.append(f"  {mark}{label}")
            if not o.passed and o.message and (self.headline is None or o.message != self.headline.message):
                lines.append(f"       [{o.category}] {o.message}")
        lines.append("  " + self.summary_line())
        if self.tree:
            lines.append("  Your variables" + (" (= as asked, + extra, - missing):"
                                               if self.tree[:2] in ("= ", "+ ", "- ") else ":"))
            lines += ["    " + t for t in self.tree.splitlines()]
        if self.next_step and self.status != "correct":
            lines.append(f"  More help: {self.next_step}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        colour = {"correct": "#1b7f3b", "incorrect": "#b3261e", "not_attempted": "#7a5b00"}[self.status]
        out = [f'<div class="scopelab-check scopelab-check-{self.status}" '
               f'style="border-left:4px solid {colour};padding:4px 10px">',
               f'<div style="font-weight:bold;color:{colour}">{esc(self._header())}</div>']
        if self.headline is not None:
            out.append(f'<p><code>{esc(self.headline.category)}</code> {esc(self.headline.message)}</p>')
        out.append("<ul>")
        pending = self.status == "not_attempted"
        for o in self.outcomes:
            mark = "&#10003;" if o.passed else ("&#9675;" if pending else "&#10007;")
            tag = "" if o.visibility == "public" else "<em>(hidden)</em> "
            item = f"<li>{mark} {tag}{esc(o.description)}"
            if not o.passed and o.message and (self.headline is None or o.message != self.headline.message):
                item += f'<br><code>{esc(o.category)}</code> {esc(o.message)}'
            out.append(item + "</li>")
        out.append(f"</ul><p>{esc(self.summary_line())}</p>")
        if self.tree:
            out.append("<details><summary>Your variables</summary><pre>"
                       + "\n".join(_tree_line_html(t) for t in self.tree.splitlines())
                       + "</pre></details>")
        if self.next_step and self.status != "correct":
            out.append(f"<p>More help: <code>{esc(self.next_step)}</code></p>")
        out.append("</div>")
        return "".join(out)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {"text/plain": repr(self), "text/html": self._repr_html_(),
                  CHECK_MIMETYPE: self.to_json()}
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle


_TREE_COLOURS = {"= ": "#1b7f3b", "+ ": "#b3261e", "- ": "#777777"}


def _tree_line_html(line: str) -> str:
    colour = _TREE_COLOURS.get(line[:2])
    text = html.escape(line)
    return f'<span style="color:{colour}">{text}</span>' if colour else text


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
