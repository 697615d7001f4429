"""Small display objects for hints, solutions and notices (deterministic text + HTML)."""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["Note", "CodeNote"]


@dataclass(frozen=True)
class Note:
    """A titled paragraph of text, shown as plain text or HTML."""

    title: str
    body: str

    def __repr__(self) -> str:
        return f"{self.title}\n{self.body}"

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        body = "<br>".join(html.escape(line) for line in self.body.splitlines())
        return (f'<div class="scopelab-note"><strong>{html.escape(self.title)}</strong>'
                f"<p>{body}</p></div>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}


@dataclass(frozen=True)
class CodeNote:
    """A titled block of code (a solution), shown as plain text or HTML ``<pre>``."""

    title: str
    code: str
    note: str = ""

    def __repr__(self) -> str:
        tail = f"\n{self.note}" if self.note else ""
        return f"{self.title}\n{self.code.rstrip()}{tail}"

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        tail = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (f'<div class="scopelab-solution"><strong>{html.escape(self.title)}</strong>'
                f"<pre>{html.escape(self.code.rstrip())}</pre>{tail}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}
