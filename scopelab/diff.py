"""What one cell did to the store (views layer, L4): fingerprints before and after, plus events.

``%%scope_diff`` takes :func:`value_fingerprints` before a cell, collects the store events the cell
emits, takes the fingerprints again and combines them with :func:`diff_stores` into a frozen
:class:`StoreDiff`. ``scopelab.render`` draws it (text and HTML, registered in ``display``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from scopelab import display
from scopelab.store import VariableStore, get_default_store

__all__ = ["StoreDiff", "DIFF_ROWS", "value_fingerprints", "diff_stores"]


@dataclass(frozen=True)
class StoreDiff:
    """What one cell did to the store: created, reused, changed values, failed calls."""
    created: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()     # "name: ErrorClass: first line"
    removed: tuple[str, ...] = ()    # gone after a reset

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return display.mimebundle(self, include, exclude)    # drawn by scopelab.render


#: (field, label) in the order a diff is shown.
DIFF_ROWS = (("created", "created"), ("reused", "reused"), ("changed", "values changed"),
             ("failed", "failed"), ("removed", "removed"))


def value_fingerprints(store: VariableStore | None = None) -> dict[str, str]:
    """``{full_name: digest of the value}`` for every variable (shards included), to spot changes."""
    store = store if store is not None else get_default_store()
    out = {}
    for v in store.variables():
        arr = np.ascontiguousarray(v.numpy())
        out[v.full_name] = hashlib.blake2b(arr.tobytes(), digest_size=12).hexdigest()
    return out


def diff_stores(before: dict[str, str], after: dict[str, str], events: list[Any]) -> StoreDiff:
    """Combine fingerprints taken before/after a cell with the store events the cell emitted."""
    created: dict[str, None] = {}
    reused: dict[str, None] = {}
    failed = []
    for e in events:
        if e.kind == "created":
            created[e.name] = None
        elif e.kind == "reused" and e.name not in created:
            reused[e.name] = None
        elif e.kind == "error" and e.error is not None:
            failed.append(f"{e.name}: {type(e.error).__name__}: {str(e.error).splitlines()[0]}")
    changed = tuple(n for n, d in after.items() if n in before and before[n] != d)
    removed = tuple(n for n in before if n not in after)
    return StoreDiff(tuple(created), tuple(reused), changed, tuple(failed), removed)
