"""Views of a checkpoint: its tree like the store's, and the store and a checkpoint side by side.

``checkpoint_snapshot(path)`` freezes a checkpoint as a :class:`~scopelab.snapshot.StoreSnapshot`
(scopes from ``/`` in the names, a partitioned tensor one leaf with its slices as shards), so
``render_text`` / ``render_html`` / the ``ScopeTree`` widget draw it as they draw the store.
``diff_checkpoint(path)`` compares it with what ``tf.train.Saver()`` would restore from the store
(its global variables, partitioned ones under their full name) and marks each name matched /
missing / unexpected / mismatched, with :mod:`scopelab.checkpoint.compare`'s explanation when a
restore would fail. ``map_checkpoint(path, pairs)`` shows where a scope mapping sends each name.
Everything here reads files and the store's public read side, and draws deterministically.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any

from scopelab import display
from scopelab.checkpoint import CheckpointReader
from scopelab.checkpoint.compare import Comparison, compare, explain, group_by_scope
from scopelab.checkpoint.rename import renamed_names
from scopelab.checkpoint.state import resolve_checkpoint
from scopelab.errors import InvalidArgumentError
from scopelab.keys import GraphKeys
from scopelab.snapshot import ShardInfo, StoreSnapshot, VariableInfo, summarize_values
from scopelab.store import VariableStore, get_default_store

__all__ = ["open_checkpoint", "checkpoint_snapshot", "checkpoint_values", "store_specs",
           "CheckpointDiff", "diff_checkpoint", "NameMap", "map_checkpoint"]

STATUSES = ("matched", "missing", "unexpected", "mismatched")
_COLORS = {"matched": "32", "missing": "31", "unexpected": "33", "mismatched": "35"}


def open_checkpoint(path) -> CheckpointReader:
    """A reader for a prefix, or for a folder's latest checkpoint."""
    prefix = resolve_checkpoint(path)
    if prefix is None:
        raise InvalidArgumentError(
            f"No checkpoint in {os.fspath(path)}: the folder has no 'checkpoint' state file. "
            "Pass a checkpoint prefix such as 'folder/model.ckpt-1000'.", path=os.fspath(path))
    return CheckpointReader(prefix)


def _leaf(info, prefix_len: int = 0) -> VariableInfo:
    shards = tuple(ShardInfo(f"{info.name}/slice_{i}", tuple(n for _, n in extents),
                             tuple(s for s, _ in extents))
                   for i, extents in enumerate(info.slices))
    partitions = None
    if info.slices:
        partitions = tuple(len({e[axis] for e in info.slices}) for axis in range(len(info.shape)))
    return VariableInfo(name=info.name.rsplit("/", 1)[-1], path=info.name, shape=tuple(info.shape),
                        dtype=info.dtype, device="", trainable=None, initializer="",
                        collections=(), site="", partitions=partitions, shards=shards)


def checkpoint_snapshot(path, prefix: str | None = None, values: bool = False) -> StoreSnapshot:
    """The checkpoint as a tree (``values=True`` also reads every tensor for its statistics)."""
    from scopelab.snapshot import _build_tree   # the store's own tree builder: the same shape

    reader = open_checkpoint(path)
    prefix = (prefix or "").strip("/")
    infos = [t for t in reader.tensors()
             if not prefix or t.name == prefix or t.name.startswith(prefix + "/")]
    summaries = tuple((t.name, summarize_values(reader.get_tensor(t.name))) for t in infos) \
        if values else None
    return StoreSnapshot(version=0, prefix=prefix, root=_build_tree([_leaf(t) for t in infos]),
                         value_summaries=summaries, source=f"checkpoint {reader.prefix}")


def checkpoint_values(path, name: str) -> dict[str, Any]:
    """Statistics of one tensor (what the widget's inspector shows)."""
    return summarize_values(open_checkpoint(path).get_tensor(name)).as_dict()


def store_specs(store: VariableStore | None = None) -> dict[str, tuple[tuple[int, ...], str]]:
    """What ``tf.train.Saver()`` would save from ``store``: key -> (shape, dtype)."""
    store = store if store is not None else get_default_store()
    specs = {}
    for v in store.get_collection(GraphKeys.GLOBAL_VARIABLES):
        info = getattr(v, "save_slice_info", None)
        if info is not None:
            specs[info.full_name] = (tuple(info.full_shape), v.dtype.name)
        elif hasattr(v, "full_name"):
            specs[v.full_name] = (tuple(v.shape.as_list()), v.dtype.name)
    return specs


def _spec(spec) -> str:
    return "-" if spec is None else f"{list(spec[0])} {spec[1]}"


@dataclass(frozen=True)
class CheckpointDiff:
    """The store (what a Saver would restore) and a checkpoint side by side."""

    checkpoint: str
    comparison: Comparison
    graph_label: str = "the scope store"

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(scope, leaf, status, graph spec, checkpoint spec), grouped by scope."""
        c = self.comparison
        out = []
        for scope, leaves in group_by_scope(set(c.expected) | set(c.found)).items():
            for leaf in leaves:
                name = scope + leaf
                out.append((scope, leaf, c.status(name), _spec(c.expected.get(name)),
                            _spec(c.found.get(name))))
        return out

    def heading(self) -> str:
        counts = ", ".join(f"{len(getattr(self.comparison, k))} {k}" for k in STATUSES)
        return f"{self.graph_label} and checkpoint {self.checkpoint}: {counts}"

    def text(self, color: bool = False) -> str:
        rows = self.rows()
        width = max([len(leaf) + 2 for _, leaf, *_ in rows] + [8])
        graph_w = max([len(g) for *_, g, _ in rows] + [5])
        lines = [self.heading(), f"  {'':<11} {'name':<{width}} {'graph':<{graph_w}}  checkpoint"]
        current = None
        for scope, leaf, status, graph, ckpt in rows:
            if scope != current:
                lines.append(f"  {scope or '(root)'}")
                current = scope
            word = f"{status:<11}"
            if color:
                word = f"\033[{_COLORS[status]}m{word}\033[0m"
            lines.append(f"  {word} {'  ' + leaf:<{width}} {graph:<{graph_w}}  {ckpt}")
        if not self.comparison.ok:
            lines += ["", explain(self.comparison, self.checkpoint)]
        return "\n".join(lines)

    def html(self) -> str:
        e = html.escape
        body, current = [], None
        for scope, leaf, status, graph, ckpt in self.rows():
            if scope != current:
                body.append(f'<tr class="sl-ckpt-scope"><th colspan="4"><code>{e(scope or "(root)")}'
                            "</code></th></tr>")
                current = scope
            body.append(f'<tr class="sl-ckpt-{status}"><td>{status}</td><td><code>{e(leaf)}</code>'
                        f"</td><td>{e(graph)}</td><td>{e(ckpt)}</td></tr>")
        note = "" if self.comparison.ok else \
            f"<pre>{e(explain(self.comparison, self.checkpoint))}</pre>"
        return (f'<div class="scopelab-ckpt-diff"><div class="sl-head">{e(self.heading())}</div>'
                "<table><tr><th>status</th><th>name</th><th>graph</th><th>checkpoint</th></tr>"
                f"{''.join(body)}</table>{note}</div>")

    def as_dict(self) -> dict:
        return {"checkpoint": self.checkpoint, **self.comparison.as_dict()}

    def __repr__(self) -> str:
        return self.text()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return display.mimebundle(self, include, exclude)


def diff_checkpoint(path, store: VariableStore | None = None, graph: dict | None = None,
                    graph_label: str = "the scope store") -> CheckpointDiff:
    """Compare a checkpoint with the store (or with ``graph``: name -> (shape, dtype))."""
    reader = open_checkpoint(path)
    found = {t.name: (t.shape, t.dtype) for t in reader.tensors()}
    expected = graph if graph is not None else store_specs(store)
    return CheckpointDiff(reader.prefix, compare(expected, found), graph_label)


@dataclass(frozen=True)
class NameMap:
    """Where a scope mapping sends each checkpoint name."""

    checkpoint: str
    pairs: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, str], ...]            # (old, new), sorted by old

    def text(self, color: bool = False) -> str:
        width = max([len(old) for old, _ in self.names] + [4])
        moved = sum(old != new for old, new in self.names)
        lines = [f"checkpoint {self.checkpoint}: {moved} of {len(self.names)} names change"]
        for old, new in self.names:
            arrow = "->" if old != new else "  "
            if color and old != new:
                arrow = f"\033[36m{arrow}\033[0m"
            lines.append(f"  {old:<{width}} {arrow} {new if old != new else ''}".rstrip())
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"checkpoint": self.checkpoint, "mapping": [list(p) for p in self.pairs],
                "names": [{"old": old, "new": new} for old, new in self.names]}

    def __repr__(self) -> str:
        return self.text()


def map_checkpoint(path, pairs: list[tuple[str, str]]) -> NameMap:
    reader = open_checkpoint(path)
    names = renamed_names([t.name for t in reader.tensors()], pairs)
    return NameMap(reader.prefix, tuple(pairs), tuple(sorted(names.items())))


def _diff_bundle(d: CheckpointDiff) -> dict[str, str]:
    return {"text/plain": d.text(), "text/html": d.html()}


display.register(CheckpointDiff, _diff_bundle)
