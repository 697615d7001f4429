"""The store as an immutable tree of plain data, and deterministic text/HTML views of it.

Front-ends (widgets, magics, exercises) read a :class:`StoreSnapshot`, never the store itself.
The tree is built from full names: scopes are the ``/``-separated prefixes, a partitioned variable
is one leaf holding its shards. Order is creation order (what ``tf.global_variables()`` lists),
so every render of the same program is identical: no addresses, timestamps or random ids.

Importing this module registers renderers in :mod:`scopelab.display` for variables, partitioned
variables, scopes, the store and scopelab errors, so their ``_repr_mimebundle_`` gives
``text/plain`` plus ``text/html`` (a ``<details>`` tree that needs no JavaScript).
"""

from __future__ import annotations

import hashlib
import html
import re
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from scopelab import display
from scopelab.display import count
from scopelab.errors import ScopelabError
from scopelab.scope import VariableScope
from scopelab.store import VariableStore, get_default_store
from scopelab.variables import PartitionedVariable, Variable

__all__ = [
    "ShardInfo", "VariableInfo", "ScopeInfo", "StoreSnapshot", "ValueSummary", "StoreDiff",
    "take_snapshot", "summarize_values", "value_of", "value_fingerprints", "diff_stores",
    "render_text", "render_html", "shard_rows_text", "dom_id",
]

Shape = tuple[int | None, ...] | None


@dataclass(frozen=True)
class ShardInfo:
    name: str              # "enc/emb/part_0"
    shape: tuple[int, ...]
    offset: tuple[int, ...]


@dataclass(frozen=True)
class VariableInfo:
    name: str              # leaf name, "kernel"
    path: str              # full name without ":0", "enc/dense/kernel"
    shape: Shape
    dtype: str
    device: str
    trainable: bool
    initializer: str
    collections: tuple[str, ...]
    site: str              # "cell [3], line 4" or "model.py:12"; "" when unknown
    partitions: tuple[int, ...] | None = None
    shards: tuple[ShardInfo, ...] = ()

    @property
    def partition_axis(self) -> int:
        """The axis the shards split (0 when nothing is split, as TF1's ``_partition_axes``)."""
        split = [i for i, p in enumerate(self.partitions or ()) if p > 1]
        return split[0] if split else 0


@dataclass(frozen=True)
class ScopeInfo:
    name: str              # last path component; "" for the root
    path: str              # "enc/dense"; "" for the root
    scopes: tuple[ScopeInfo, ...] = ()
    variables: tuple[VariableInfo, ...] = ()

    def count(self) -> tuple[int, int]:
        """(variables, scopes) below this scope, at any depth."""
        n_vars, n_scopes = len(self.variables), len(self.scopes)
        for child in self.scopes:
            v, s = child.count()
            n_vars, n_scopes = n_vars + v, n_scopes + s
        return n_vars, n_scopes

    def walk_variables(self):
        yield from self.variables
        for child in self.scopes:
            yield from child.walk_variables()


@dataclass(frozen=True)
class StoreSnapshot:
    version: int
    prefix: str
    root: ScopeInfo
    collections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    regularization_losses: int = 0
    last_error: str = ""   # "ClassName: first line", "" when there was none

    def find(self, path: str) -> VariableInfo | None:
        return next((v for v in self.root.walk_variables() if v.path == path), None)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": render_text(self), "text/html": render_html(self)}


# --- building ----------------------------------------------------------------------------------------
def _shape_of(shape: Any) -> Shape:
    dims = getattr(shape, "as_tuple", None)
    return dims() if dims else tuple(shape)


def _site_text(site: Any) -> str:
    if site is None or getattr(site, "filename", "") == "<unknown>":
        return ""
    return site.location()


def value_of(obj: Variable | PartitionedVariable) -> np.ndarray:
    """Every element of a variable (a partitioned one's shards flattened and joined)."""
    if isinstance(obj, PartitionedVariable):
        return np.concatenate([np.asarray(s.numpy()).reshape(-1) for s in obj])
    return np.asarray(obj.numpy())


def _variable_info(v: Variable, path: str, partitioned: PartitionedVariable | None) -> VariableInfo:
    shards: tuple[ShardInfo, ...] = ()
    partitions = None
    if partitioned is not None:
        shards = tuple(
            ShardInfo(s.full_name, tuple(s.save_slice_info.var_shape),
                      tuple(s.save_slice_info.var_offset))
            for s in partitioned)
        partitions = tuple(int(p) for p in partitioned._get_partitions())
    return VariableInfo(
        name=path.rsplit("/", 1)[-1], path=path,
        shape=_shape_of(partitioned.shape if partitioned is not None else v.shape),
        dtype=(partitioned or v).dtype.name, device=v.device or "", trainable=bool(v.trainable),
        initializer=(partitioned or v).initializer_desc or v.initializer_desc or "",
        collections=tuple(v.collections or ()),
        site=_site_text((partitioned or v).created_at), partitions=partitions, shards=shards)


# A variable's facts never change after creation (only its value does), so each one is described
# once: {id(variable or container): (weak reference, info)}; the entry goes when the object does.
_described: dict[int, tuple[weakref.ref, VariableInfo]] = {}


def _cached_info(v: Variable, path: str, owner: PartitionedVariable | None) -> VariableInfo:
    key = owner if owner is not None else v
    hit = _described.get(id(key))
    if hit is not None and hit[0]() is key:
        return hit[1]
    info = _variable_info(v, path, owner)
    ident = id(key)
    _described[ident] = (weakref.ref(key, lambda _ref, ident=ident: _described.pop(ident, None)), info)
    return info


def _matches(path: str, prefix: str) -> bool:
    return not prefix or path == prefix or path.startswith(prefix + "/")


def take_snapshot(store: VariableStore | None = None, prefix: str | None = None, *,
                  collections: bool = True) -> StoreSnapshot:
    """Freeze ``store`` (default: the default store) as plain data, keeping only ``prefix``'s subtree.

    ``collections=False`` leaves ``StoreSnapshot.collections`` empty (the live tree does not show
    them, and listing every member is a third of the cost for a large store).
    """
    store = store if store is not None else get_default_store()
    prefix = (prefix or "").strip("/")
    version = store.version
    containers = {pv.name: pv for pv in store.partitioned_variables()}
    leaves: list[VariableInfo] = []
    placed: set[str] = set()
    for v in store.variables():
        info = v.save_slice_info
        owner = containers.get(info.full_name) if info is not None else None
        path = owner.name if owner is not None else v.full_name
        if path in placed or not _matches(path, prefix):
            continue
        placed.add(path)
        leaves.append(_cached_info(v, path, owner))
    root = _build_tree(leaves)
    members = tuple(
        (key, tuple(item.name if hasattr(item, "name") else str(item)
                    for item in store.get_collection(key)))
        for key in store.collection_keys()) if collections else ()
    last = store.last_error
    error = last.error if last is not None else None
    return StoreSnapshot(
        version=version, prefix=prefix, root=root, collections=members,
        regularization_losses=len(store.regularization_losses()),
        last_error=f"{type(error).__name__}: {str(error).splitlines()[0]}" if error else "")


def _build_tree(leaves: list[VariableInfo]) -> ScopeInfo:
    # Mutable nodes first ({path: [child scope paths], [variables]}), frozen at the end;
    # insertion order keeps creation order.
    children: dict[str, dict[str, None]] = {"": {}}
    variables: dict[str, list[VariableInfo]] = {"": []}
    for leaf in leaves:
        parts = leaf.path.split("/")[:-1]
        parent = ""
        for i in range(len(parts)):
            path = "/".join(parts[: i + 1])
            if path not in children:
                children[path], variables[path] = {}, []
                children[parent][path] = None
            parent = path
        variables[parent].append(leaf)

    def freeze(path: str) -> ScopeInfo:
        return ScopeInfo(name=path.rsplit("/", 1)[-1], path=path,
                         scopes=tuple(freeze(c) for c in children[path]),
                         variables=tuple(variables[path]))

    return freeze("")


# --- values --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueSummary:
    count: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    zeros: int
    nan: int
    inf: int
    counts: tuple[int, ...] = ()     # histogram over the finite values
    edges: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "mean": self.mean, "std": self.std, "min": self.min,
                "max": self.max, "zeros": self.zeros, "nan": self.nan, "inf": self.inf,
                "histogram": {"counts": list(self.counts), "edges": list(self.edges)}
                if self.counts else None}

    def line(self) -> str:
        if self.mean is None:
            return f"{self.count} values, none finite (nan {self.nan}, inf {self.inf})"
        return (f"mean {_num(self.mean)}  std {_num(self.std)}  min {_num(self.min)}  "
                f"max {_num(self.max)}  zeros {self.zeros}/{self.count}")


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def summarize_values(value: Any, bins: int = 20) -> ValueSummary:
    """Summary statistics and a histogram of an array's finite values (bools count as 0/1)."""
    arr = np.asarray(value)
    if arr.dtype == bool:
        arr = arr.astype(np.int8)
    if not (np.issubdtype(arr.dtype, np.number)):
        return ValueSummary(int(arr.size), None, None, None, None, 0, 0, 0)
    flat = arr.reshape(-1)
    finite_mask = np.isfinite(flat)
    finite = flat[finite_mask].real.astype(np.float64)  # complex values: their real parts
    nan = int(np.isnan(flat).sum()) if flat.dtype.kind in "fc" else 0
    inf = int(flat.size - finite.size - nan)
    zeros = int((flat == 0).sum())
    if finite.size == 0:
        return ValueSummary(int(flat.size), None, None, None, None, zeros, nan, inf)
    lo, hi = float(finite.min()), float(finite.max())
    counts, edges = np.histogram(finite, bins=bins if hi > lo else 1, range=(lo, hi if hi > lo else lo + 1))
    return ValueSummary(int(flat.size), float(finite.mean()), float(finite.std()), lo, hi, zeros, nan,
                        inf, tuple(int(c) for c in counts), tuple(float(e) for e in edges))


def value_fingerprints(store: VariableStore | None = None) -> dict[str, str]:
    """``{full_name: digest of the value}`` for every variable (shards included), to spot changes."""
    store = store if store is not None else get_default_store()
    out = {}
    for v in store.variables():
        arr = np.ascontiguousarray(v.numpy())
        out[v.full_name] = hashlib.blake2b(arr.tobytes(), digest_size=12).hexdigest()
    return out


@dataclass(frozen=True)
class StoreDiff:
    """What one cell did to the store: created, reused, changed values, failed calls."""
    created: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()     # "name: ErrorClass: first line"
    removed: tuple[str, ...] = ()    # gone after a reset

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": _diff_text(self), "text/html": _diff_html(self)}


_DIFF_ROWS = (("created", "created"), ("reused", "reused"), ("changed", "values changed"),
              ("failed", "failed"), ("removed", "removed"))


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


def _diff_text(d: StoreDiff) -> str:
    lines = [f"{label + ':':<16}{', '.join(getattr(d, key))}"
             for key, label in _DIFF_ROWS if getattr(d, key) and key != "failed"]
    lines += [f"failed:         {f}" for f in d.failed]
    return "\n".join(lines) if lines else "no variables were created, reused or changed"


def _diff_html(d: StoreDiff) -> str:
    rows = "".join(
        f'<tr class="sl-diff-{key}"><th>{label}</th><td>'
        + "<br>".join(f"<code>{_e(n)}</code>" for n in getattr(d, key)) + "</td></tr>"
        for key, label in _DIFF_ROWS if getattr(d, key))
    if not rows:
        return '<div class="scopelab-diff">no variables were created, reused or changed</div>'
    return f'<table class="scopelab-diff">{rows}</table>'


# --- text ----------------------------------------------------------------------------------------------
def _shape_text(shape: Shape) -> str:
    if shape is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shard_rows_text(v: VariableInfo) -> list[str]:
    """``["part_0 rows 0-3 (4)", …]``: which indices of the split axis each shard holds."""
    axis = v.partition_axis
    word = {0: "rows", 1: "columns"}.get(axis, f"axis {axis} indices")
    out = []
    for s in v.shards:
        start, size = s.offset[axis], s.shape[axis]
        span = f"{start}" if size == 1 else f"{start}-{start + size - 1}"
        out.append(f"{s.name.rsplit('/', 1)[-1]} {word} {span} ({size})")
    return out


def _facts(v: VariableInfo) -> list[str]:
    facts = [_shape_text(v.shape), v.dtype]
    if v.device:
        facts.append(f"device {v.device}")
    facts.append("trainable" if v.trainable else "not trainable")
    if v.initializer:
        facts.append(v.initializer)
    if v.partitions is not None:
        facts.append(f"partitions {_shape_text(v.partitions)}")
    return facts


def _store_values(paths: set[str]) -> dict[str, ValueSummary]:
    store = get_default_store()
    out = {}
    for path in paths:
        obj = store.get(path)
        if obj is not None:
            out[path] = summarize_values(value_of(obj))
    return out


def _heading(snap: StoreSnapshot) -> str:
    n_vars, n_scopes = snap.root.count()
    where = f" under '{snap.prefix}'" if snap.prefix else ""
    return (f"scope store{where}: {count(n_vars, 'variable')} in {count(n_scopes, 'scope')} "
            f"(version {snap.version})")


def render_text(snap: StoreSnapshot, depth: int | None = None, values: bool = False) -> str:
    """The tree as box-drawing text; ``depth`` limits scope nesting, ``values`` adds statistics."""
    stats = _store_values({v.path for v in snap.root.walk_variables()}) if values else {}
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
            lines.append(f"{indent}{branch}{item.name}  " + "  ".join(_facts(item)))
            lines.extend(f"{indent}{pad}  {row}" for row in shard_rows_text(item))
            if item.path in stats:
                lines.append(f"{indent}{pad}  {stats[item.path].line()}")

    if not snap.root.scopes and not snap.root.variables:
        lines.append("(no variables)")
    visit(snap.root, "", 0)
    return "\n".join(lines)


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


def render_html(snap: StoreSnapshot, depth: int | None = None, values: bool = False) -> str:
    """The tree as nested ``<details>`` (open up to ``depth``), deterministic, no scripts."""
    stats = _store_values({v.path for v in snap.root.walk_variables()}) if values else {}

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


# --- renderers for core objects ----------------------------------------------------------------------
def _single_variable_bundle(obj: Variable | PartitionedVariable) -> dict[str, str]:
    if isinstance(obj, PartitionedVariable):
        path, info = obj.name, _variable_info(next(iter(obj)), obj.name, obj)
    else:
        path, info = obj.full_name, _variable_info(obj, obj.full_name, None)
    facts = _facts(info) + ([f"created at {info.site}"] if info.site else [])
    body = "".join(f'<span class="sl-fact">{_e(f)}</span>' for f in facts)
    body += "".join(f'<div class="sl-shard">{_e(r)}</div>' for r in shard_rows_text(info))
    return {"text/plain": repr(obj),
            "text/html": f'<div class="scopelab-static" id="{dom_id(path)}">{_STYLE}'
                         f"<code>{_e(path)}</code>{body}</div>"}


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


def _store_bundle(store: VariableStore) -> dict[str, str]:
    snap = take_snapshot(store)
    return {"text/plain": render_text(snap), "text/html": render_html(snap)}


def _error_bundle(err: ScopelabError) -> dict[str, str]:
    cls = type(err).__name__
    return {"text/plain": f"{cls}: {err}",
            "text/html": f'<div class="scopelab-error"><b>{_e(cls)}</b><pre>{_e(err)}</pre>'
                         f'<div>More: <code>{_e(err.docs_anchor())}</code></div></div>'}


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
