"""``EventLog``: every ``get_variable`` outcome (created / reused / failed), newest last.

A failure carries the full explanation the error gives (where the variable was made, the
reuse mode in force, the fix), folded under its first line. Only the latest ``limit`` entries
are kept; the counts cover everything since the log was opened.
"""

from __future__ import annotations

import html
from collections import deque
from importlib import resources
from typing import Any

import anywidget
import traitlets

from scopelab.store import get_default_store
from scopelab.widgets._live import FeedOwner, LiveFeed

_STATIC = resources.files("scopelab.widgets") / "static"


def _entry(event: Any) -> dict[str, Any]:
    entry = {"seq": event.seq, "kind": event.kind, "name": event.name or ""}
    reuse = getattr(event, "reuse", None)
    scope = getattr(event, "scope_name", None)
    detail = []
    if scope:
        detail.append(f"scope {scope!r}")
    if event.kind in ("created", "reused", "error"):
        detail.append(f"reuse={reuse!r}" if not hasattr(reuse, "name") else f"reuse={reuse.name}")
    entry["detail"] = ", ".join(detail)
    if event.error is not None:
        message = str(event.error)
        entry.update(error_class=type(event.error).__name__, headline=message.splitlines()[0] if message else "",
                     message=message)
    return entry


class EventLog(FeedOwner, anywidget.AnyWidget):
    """Log of ``store``'s get_variable calls since the widget was created."""

    _esm = (_STATIC / "event_log.js").read_text(encoding="utf-8")
    _css = (_STATIC / "event_log.css").read_text(encoding="utf-8")
    log = traitlets.Dict().tag(sync=True)

    def __init__(self, store: Any = None, limit: int = 300, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit!r}")
        self._store = store if store is not None else get_default_store()
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit)
        self._counts = {"created": 0, "reused": 0, "error": 0}
        self._seen = 0
        self._flushes = 0
        self._push()
        self._feed = LiveFeed(self._store, self._record, self._push)

    def _record(self, event: Any) -> None:
        if event.kind not in self._counts:
            return
        self._counts[event.kind] += 1
        self._seen += 1
        self._entries.append(_entry(event))

    def _push(self) -> None:
        self._flushes += 1
        self.log = {"entries": list(self._entries), "counts": dict(self._counts),
                    "dropped": self._seen - len(self._entries), "flush": self._flushes}

    @property
    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def refresh(self) -> None:
        self._feed.flush()

    def __repr__(self) -> str:
        c = self._counts
        return f"EventLog({c['created']} created, {c['reused']} reused, {c['error']} failed)"

    def _repr_mimebundle_(self, **kwargs: Any):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        rows = "".join(
            f"<li><b>{html.escape(e['kind'])}</b> <code>{html.escape(e['name'])}</code>"
            + (f" {html.escape(e['error_class'])}: {html.escape(e['headline'])}" if e["kind"] == "error" else "")
            + "</li>" for e in self._entries)
        data["text/html"] = (f'<div class="scopelab-eventlog-static"><p>{html.escape(repr(self))}</p>'
                             f'<ol>{rows}</ol></div>')
        return data, metadata
