"""Deterministic text and HTML views of snapshots, diffs and core objects (views layer, L4).

Everything drawn here comes from frozen data (``scopelab.snapshot``, ``scopelab.diff``) or from a
core object's own fields, never from the default store, so a view of one store shows that store.
Output is deterministic (no addresses, timestamps or random ids): nbval compares it.

Importing this module registers renderers in :mod:`scopelab.display` for snapshots, diffs,
variables, partitioned variables, scopes, the store and scopelab errors, so their
``_repr_mimebundle_`` gives ``text/plain`` plus ``text/html`` (a ``<details>`` tree that needs no
JavaScript). ``import scopelab`` imports it.
"""

from __future__ import annotations

import html
import re
from typing import Any

from scopelab import display
from scopelab.display import count
from scopelab.diff import DIFF_ROWS, StoreDiff
from scopelab.errors import ScopelabError
from scopelab.scope import VariableScope
from scopelab.snapshot import (
    ScopeInfo, Shape, StoreSnapshot, ValueSummary, VariableInfo, describe_variable, take_snapshot,
)
from scopelab.store import VariableStore
from scopelab.variables import PartitionedVariable, Variable

__all__ = ["render_text", "render_html", "shard_rows_text", "held_text", "dom_id", "diff_text",
           "diff_html"]


# --- shared pieces -------------------------------------------------------------------------------------
def _shape_text(shape: Shape) -> str:
    if shape is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shard_rows_text(v: VariableInfo, addresses: bool = False) -> list[str]:
    """``["part_0 rows 0-3 (4)", …]``: which indices of the split axis each shard holds (and
    ``"on ps/task:1"`` for a shard held on a cluster worker, with its address if asked)."""
    axis = v.partition_axis
    word = {0: "rows", 1: "columns"}.get(axis, f"axis {axis} indices")
    out = []
    for s in v.shards:
        start, size = s.offset[axis], s.shape[axis]
        span = f"{start}" if size == 1 else f"{start}-{start + size - 1}"
        out.append(f"{s.name.rsplit('/', 1)[-1]} {word} {span} ({size})"
                   + held_text(s.held_by, s.worker, addresses))
    return out


def held_text(held_by: str, worker: str, addresses: bool) -> str:
    """``" on ps/task:1"`` (``addresses``: ``" on ps/task:1 @ tcp://…"``); ``""`` when local.
    Without addresses the text is the same on every run (notebook outputs, tests)."""
    if not held_by:
        return ""
    return f" on {held_by} @ {worker}" if addresses else f" on {held_by}"


def _facts(v: VariableInfo, addresses: bool = False) -> list[str]:
    facts = [_shape_text(v.shape), v.dtype]
    if v.device:
        facts.append(f"device {v.device}")
    if v.held_by:
        facts.append(held_text(v.held_by, v.worker, addresses).lstrip())
    if v.trainable is not None:
        facts.append("trainable" if v.trainable else "not trainable")
    if v.initializer:
        facts.append(v.initializer)
    if v.partitions is not None:
        facts.append(f"partitions {_shape_text(v.partitions)}")
    if v.plain:
        facts.append("tf.Variable (not shared by name)")
    if v.created_by:
        facts.append(f"by {v.created_by}")
    return facts


def _summaries(snap: StoreSnapshot, values: bool | None) -> dict[str, ValueSummary]:
    """The value statistics to draw: the snapshot's own (``values=None``: whatever it holds)."""
    if values is False:
        return {}
    if values and not snap.has_values:
        raise ValueError(
            "This snapshot was taken without values, so there are no statistics to show. "
            "Take it with them: render_text(take_snapshot(values=True), values=True).")
    return dict(snap.value_summaries or ())


def _heading(snap: StoreSnapshot) -> str:
    n_vars, n_scopes = snap.root.count()
    where = f" under '{snap.prefix}'" if snap.prefix else ""
    if snap.source:
        return f"{snap.source}{where}: {count(n_vars, 'variable')} in {count(n_scopes, 'scope')}"
    return (f"scope store{where}: {count(n_vars, 'variable')} in {count(n_scopes, 'scope')} "
            f"(version {snap.version})")


# --- text ----------------------------------------------------------------------------------------------
def render_text(snap: StoreSnapshot, depth: int | None = None, values: bool | None = None,
                addresses: bool = False) -> str:
    """The tree as box-drawing text; ``depth`` limits scope nesting. Value statistics are shown
    when the snapshot holds them (``take_snapshot(values=True)``); ``values=False`` hides them,
    ``values=True`` requires them. Values held on cluster workers show their ps task ("on
    ps/task:1"); ``addresses=True`` adds the worker's address (which changes from run to run)."""
    stats = _summaries(snap, values)
    lines = [_heading(snap)]

    def visit(scope: ScopeInfo, indent: str, level: int) -> None:
        items: list[Any] = [*scope.scopes, *scope.variables]
        for i, item in enumerate(items):
            last = i == len(items) - 1
            branch, pad = ("└── ", "    ") if last else ("├── ", "│   ")
            if isinstance(item, ScopeInfo):
                n_vars, n_scopes = item.count()
                folded = depth is not None and level >= depth
                note = (f"  ({count(n_vars, 'variable')}"
                        f"{', ' + count(n_scopes, 'scope') if n_scopes else ''})") if folded else ""
                lines.append(f"{indent}{branch}{item.name}/{note}")
                if not folded:
                    visit(item, indent + pad, level + 1)
                continue
            lines.append(f"{indent}{branch}{item.name}  " + "  ".join(_facts(item, addresses)))
            lines.extend(f"{indent}{pad}  {row}" for row in shard_rows_text(item, addresses))
            if item.path in stats:
                lines.append(f"{indent}{pad}  {stats[item.path].line()}")

    if not snap.root.scopes and not snap.root.variables:
        lines.append("(no variables)")
    visit(snap.root, "", 0)
    return "\n".join(lines)


def diff_text(d: StoreDiff) -> str:
    lines = [f"{label + ':':<16}{', '.join(getattr(d, key))}"
             for key, label in DIFF_ROWS if getattr(d, key) and key != "failed"]
    lines += [f"failed:         {f}" for f in d.failed]
    return "\n".join(lines) if lines else "no variables were created, reused or changed"


# --- HTML (no JavaScript) --------------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def dom_id(path: str, kind: str = "var") -> str:
    """A stable element id from a scope path (``enc/dense`` -> ``sl-scope-enc--dense``)."""
    return f"sl-{kind}-" + (re.sub(r"[^A-Za-z0-9_.-]", "-", path.replace("/", "--")) or "root")


_STYLE = (
    "<style>.scopelab-static{font-family:var(--jp-ui-font-family,sans-serif);font-size:13px}"
    ".scopelab-static ul{list-style:none;margin:0;padding-left:18px}"
    ".scopelab-static>ul{padding-left:0}.scopelab-static summary{cursor:pointer}"
    ".scopelab-static code{font-weight:600}.scopelab-static .sl-fact{color:#656d76;margin-left:8px}"
    ".scopelab-static .sl-stats,.scopelab-static .sl-shard{color:#656d76;margin-left:18px}"
    "</style>")


def _variable_html(v: VariableInfo, stats: dict[str, ValueSummary]) -> str:
    facts = "".join(f'<span class="sl-fact">{_e(f)}</span>' for f in _facts(v))
    extra = "".join(f'<div class="sl-shard">{_e(row)}</div>' for row in shard_rows_text(v))
    if v.path in stats:
        extra += f'<div class="sl-stats">{_e(stats[v.path].line())}</div>'
    return f'<li id="{dom_id(v.path)}"><code>{_e(v.name)}</code>{facts}{extra}</li>'


def render_html(snap: StoreSnapshot, depth: int | None = None, values: bool | None = None) -> str:
    """The tree as nested ``<details>`` (open up to ``depth``), deterministic, no scripts; value
    statistics as in :func:`render_text`."""
    stats = _summaries(snap, values)

    def visit(scope: ScopeInfo, level: int) -> str:
        parts = []
        for child in scope.scopes:
            n_vars, _ = child.count()
            open_attr = "" if depth is not None and level >= depth else " open"
            parts.append(
                f'<li><details id="{dom_id(child.path, "scope")}"{open_attr}><summary>'
                f'<code>{_e(child.name)}/</code><span class="sl-fact">{count(n_vars, "variable")}</span>'
                f"</summary><ul>{visit(child, level + 1)}</ul></details></li>")
        parts.extend(_variable_html(v, stats) for v in scope.variables)
        return "".join(parts)

    body = visit(snap.root, 0) or "<li><em>(no variables)</em></li>"
    return (f'<div class="scopelab-static">{_STYLE}<div class="sl-head">{_e(_heading(snap))}</div>'
            f"<ul>{body}</ul></div>")


def diff_html(d: StoreDiff) -> str:
    rows = "".join(
        f'<tr class="sl-diff-{key}"><th>{label}</th><td>'
        + "<br>".join(f"<code>{_e(n)}</code>" for n in getattr(d, key)) + "</td></tr>"
        for key, label in DIFF_ROWS if getattr(d, key))
    if not rows:
        return '<div class="scopelab-diff">no variables were created, reused or changed</div>'
    return f'<table class="scopelab-diff">{rows}</table>'


# --- renderers for core objects ----------------------------------------------------------------------
def _single_variable_bundle(obj: Variable | PartitionedVariable) -> dict[str, str]:
    info = describe_variable(obj)
    facts = _facts(info) + ([f"created at {info.site}"] if info.site else [])
    body = "".join(f'<span class="sl-fact">{_e(f)}</span>' for f in facts)
    body += "".join(f'<div class="sl-shard">{_e(r)}</div>' for r in shard_rows_text(info))
    return {"text/plain": repr(obj),
            "text/html": f'<div class="scopelab-static" id="{dom_id(info.path)}">{_STYLE}'
                         f"<code>{_e(info.path)}</code>{body}</div>"}


def _scope_bundle(scope: Any) -> dict[str, str]:
    fields = ["name", "reuse", "initializer", "regularizer", "partitioner", "custom_getter",
              "caching_device", "dtype"]
    rows = "".join(f"<tr><th>{f}</th><td><code>{_e(_describe(getattr(scope, f, None)))}</code></td></tr>"
                   for f in fields)
    return {"text/plain": repr(scope),
            "text/html": f'<table class="scopelab-scope" id="{dom_id(scope.name, "scope")}">{rows}</table>'}


def _describe(value: Any) -> str:
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value) if isinstance(value, str) else str(value)
    name = getattr(value, "name", None)
    if isinstance(name, str) and not callable(value):
        return name                                          # a DType
    return getattr(value, "__qualname__", type(value).__name__)  # never an address


def _snapshot_bundle(snap: StoreSnapshot) -> dict[str, str]:
    return {"text/plain": render_text(snap), "text/html": render_html(snap)}


def _store_bundle(store: VariableStore) -> dict[str, str]:
    return _snapshot_bundle(take_snapshot(store))


def _diff_bundle(d: StoreDiff) -> dict[str, str]:
    return {"text/plain": diff_text(d), "text/html": diff_html(d)}


def _error_bundle(err: ScopelabError) -> dict[str, str]:
    cls = type(err).__name__
    return {"text/plain": f"{cls}: {err}",
            "text/html": f'<div class="scopelab-error"><b>{_e(cls)}</b><pre>{_e(err)}</pre>'
                         f'<div>More: <code>{_e(err.docs_anchor())}</code></div></div>'}


display.register(StoreSnapshot, _snapshot_bundle)
display.register(StoreDiff, _diff_bundle)
display.register(Variable, _single_variable_bundle)
display.register(PartitionedVariable, _single_variable_bundle)
display.register(VariableStore, _store_bundle)
display.register(ScopelabError, _error_bundle)
if "_repr_mimebundle_" not in vars(ScopelabError):
    # errors.py (L0) may not import display.py (an independent sibling), so the hook that makes
    # an error object display richly is attached here, unless errors.py defines its own.
    def _error_repr_mimebundle_(self, include=None, exclude=None):
        return display.mimebundle(self, include, exclude)

    ScopelabError._repr_mimebundle_ = _error_repr_mimebundle_
display.register(VariableScope, _scope_bundle)
