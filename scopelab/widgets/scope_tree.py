"""``ScopeTree``: the live view of the scope store (one anywidget, one synced JSON trait).

Display it once; later cells that create, reuse or partition variables make it grow and light
up, even while they are still running. Clicking a variable opens the inspector (statistics,
histogram and, for a partitioned variable, its shards); the statistics are computed on request
through a custom message, so a large store costs nothing until someone looks.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import anywidget
import traitlets

from scopelab.display import count
from scopelab.render import render_html
from scopelab.snapshot import find_variable, summarize_values, take_snapshot, value_of
from scopelab.store import get_default_store
from scopelab.widgets._live import FeedOwner, LiveFeed
from scopelab.widgets._payload import snapshot_json

_STATIC = resources.files("scopelab.widgets") / "static"


class ScopeTree(FeedOwner, anywidget.AnyWidget):
    """Live tree of ``store`` (default: the default store), optionally only under ``prefix``.

    ``ScopeTree(checkpoint=path)`` shows a checkpoint's tree instead (static; the inspector reads
    a tensor's values from the file when clicked)."""

    _esm = (_STATIC / "scope_tree.js").read_text(encoding="utf-8")
    _css = (_STATIC / "scope_tree.css").read_text(encoding="utf-8")
    # The one synced trait: the snapshot as JSON text. A string crosses the comm as is, where a
    # nested dict would be walked by ipywidgets (looking for binary buffers) on every push.
    snapshot = traitlets.Unicode("{}").tag(sync=True)

    def __init__(self, store: Any = None, prefix: str | None = None, *, checkpoint: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._store = store if store is not None else get_default_store()
        self._prefix = prefix
        self._checkpoint = checkpoint       # a checkpoint's tree: static, values read on request
        self._created: dict[str, None] = {}
        self._reused: dict[str, None] = {}
        self._cell = 0
        self._cell_pending = False
        self._flushes = 0
        self._push()
        if checkpoint is None:
            self._feed = LiveFeed(self._store, self._record, self._push, self._new_cell)
        self.on_msg(self._on_front_end_message)

    # --- events -> state ------------------------------------------------------------------------
    def _new_cell(self) -> None:
        self._cell_pending = True

    def _record(self, event: Any) -> None:
        if self._cell_pending and event.kind in ("created", "reused"):
            # First store activity of a new cell: the highlights now describe this cell.
            self._created.clear()
            self._reused.clear()
            self._cell += 1
            self._cell_pending = False
        if event.kind == "created":
            self._created[event.name] = None
        elif event.kind == "reused":
            self._reused[event.name] = None
        elif event.kind == "reset":
            self._created.clear()
            self._reused.clear()

    def _snapshot(self, **kwargs: Any):
        if self._checkpoint is not None:
            from scopelab.checkpoint_view import checkpoint_snapshot

            return checkpoint_snapshot(self._checkpoint, self._prefix)
        return take_snapshot(self._store, self._prefix, **kwargs)

    def _push(self) -> None:
        snap = self._snapshot(collections=False)
        self._flushes += 1
        highlight = {"created": list(self._created), "reused": list(self._reused), "cell": self._cell}
        self._state = snapshot_json(snap, flush=self._flushes, highlight=highlight)
        self.snapshot = json.dumps(self._state, separators=(",", ":"))

    @property
    def state(self) -> dict[str, Any]:
        """The last snapshot sent to the front end, as plain data (what ``snapshot`` holds as JSON)."""
        return self._state

    def refresh(self) -> None:
        """Push pending changes now (normally done for you after each cell)."""
        self._feed.flush()

    @property
    def pushes(self) -> int:
        """How many snapshots were sent (coalescing keeps this far below the number of events)."""
        return self._flushes

    # --- inspector ------------------------------------------------------------------------------
    def inspect(self, path: str) -> dict[str, Any]:
        """Statistics and histogram of the variable ``path`` (what the inspector shows)."""
        if self._checkpoint is not None:
            from scopelab.checkpoint_view import checkpoint_values

            try:
                return checkpoint_values(self._checkpoint, path)
            except Exception as err:  # noqa: BLE001 - the inspector shows any reading error
                return {"error": f"{type(err).__name__}: {str(err).splitlines()[0]}"}
        obj = find_variable(self._store, path)
        if obj is None:
            return {"error": f"No variable named {path!r} in the store any more."}
        return summarize_values(value_of(obj)).as_dict()

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "inspect":
            path = str(content.get("path", ""))
            self.send({"type": "inspection", "path": path, "stats": self.inspect(path)})

    # --- display --------------------------------------------------------------------------------
    def __repr__(self) -> str:
        counts = getattr(self, "_state", {}).get("counts", {})
        where = f" under {self._prefix!r}" if self._prefix else ""
        if self._checkpoint is not None:
            where = f" of checkpoint {self._state.get('source', '')[len('checkpoint '):]!r}{where}"
        return (f"ScopeTree({'static' if self._checkpoint is not None else 'live'} view{where}: "
                f"{count(counts.get('variables', 0), 'variable')} in "
                f"{count(counts.get('scopes', 0), 'scope')})")

    def _repr_mimebundle_(self, **kwargs: Any):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = render_html(self._snapshot())
        return data, metadata
