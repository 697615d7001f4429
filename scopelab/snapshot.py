"""The store as an immutable tree of plain data (the model of the views layer, L4).

Front-ends (widgets, magics, exercises) read a :class:`StoreSnapshot`, never the store itself.
The tree is built from full names: scopes are the ``/``-separated prefixes, a partitioned variable
is one leaf holding its shards. Order is creation order (what ``tf.global_variables()`` lists),
so every render of the same program is identical: no addresses, timestamps or random ids.

Every variable of the graph is shown: those ``get_variable`` shares by name (the store's) and the
``tf.Variable()`` ones, which TF1 keeps only in the collections (Adam's ``beta1_power``, models
written with ``tf.Variable``): these are found in ``GLOBAL_VARIABLES`` and ``LOCAL_VARIABLES`` and
marked ``plain`` (not shared by name). Each variable also says what created it, when model code
labelled it (``created_by``: ``tf.layers.dense``, ``tf.train.AdamOptimizer`` …).

A snapshot carries everything a view draws: ``take_snapshot(values=True)`` also freezes a
:class:`ValueSummary` of each variable's value, read from the snapshot's own store. Drawing is
``scopelab.render``'s job, comparing two moments ``scopelab.diff``'s.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from scopelab import display
from scopelab._plain_variable import Variable as PlainVariable
from scopelab.keys import GraphKeys
from scopelab.store import VariableStore, get_default_store
from scopelab.variables import PartitionedVariable, Variable

__all__ = [
    "ShardInfo", "VariableInfo", "ScopeInfo", "StoreSnapshot", "ValueSummary",
    "take_snapshot", "describe_variable", "find_variable", "summarize_values", "value_of",
]

Shape = tuple[int | None, ...] | None


@dataclass(frozen=True)
class ShardInfo:
    name: str              # "enc/emb/part_0"
    shape: tuple[int, ...]
    offset: tuple[int, ...]
    held_by: str = ""      # the ps task whose cluster worker holds it, "ps/task:1"; "" if local
    worker: str = ""       # that worker's address, "tcp://127.0.0.1:40331"; "" if local


@dataclass(frozen=True)
class VariableInfo:
    name: str              # leaf name, "kernel"
    path: str              # full name without ":0", "enc/dense/kernel"
    shape: Shape
    dtype: str
    device: str
    trainable: bool | None     # None: not known (a checkpoint does not record it)
    initializer: str
    collections: tuple[str, ...]
    site: str              # "cell [3], line 4" or "model.py:12"; "" when unknown
    partitions: tuple[int, ...] | None = None
    shards: tuple[ShardInfo, ...] = ()
    created_by: str = ""   # the model code that made it ("tf.layers.dense"); "" for get_variable
    plain: bool = False    # made by tf.Variable(): in the collections, not shared by name
    held_by: str = ""      # unpartitioned, held on a cluster worker: its ps task, "ps/task:1"
    worker: str = ""       # and that worker's address (shards: see ShardInfo)

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

    def walk_variables(self) -> Iterator[VariableInfo]:
        yield from self.variables
        for child in self.scopes:
            yield from child.walk_variables()


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


@dataclass(frozen=True)
class StoreSnapshot:
    version: int
    prefix: str
    root: ScopeInfo
    collections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    regularization_losses: int = 0
    last_error: str = ""   # "ClassName: first line", "" when there was none
    # (path, summary) per variable in creation order; None unless taken with values=True
    value_summaries: tuple[tuple[str, ValueSummary], ...] | None = None
    source: str = ""       # what the tree shows when not the store, e.g. "checkpoint model.ckpt-3"

    @property
    def has_values(self) -> bool:
        """True when the snapshot was taken with ``values=True``."""
        return self.value_summaries is not None

    def find(self, path: str) -> VariableInfo | None:
        return next((v for v in self.root.walk_variables() if v.path == path), None)

    def summary(self, path: str) -> ValueSummary | None:
        """The value statistics frozen for ``path``, or None (taken without values)."""
        return next((s for p, s in self.value_summaries or () if p == path), None)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return display.mimebundle(self, include, exclude)    # drawn by scopelab.render


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


def _variable_info(v: Variable, path: str, partitioned: PartitionedVariable | None,
                   plain: bool = False) -> VariableInfo:
    shards: tuple[ShardInfo, ...] = ()
    partitions = None
    if partitioned is not None:
        shards = tuple(
            ShardInfo(s.full_name, tuple(s.save_slice_info.var_shape),
                      tuple(s.save_slice_info.var_offset), *_holder(s))
            for s in partitioned)
        partitions = tuple(int(p) for p in partitioned._get_partitions())
    return VariableInfo(
        name=path.rsplit("/", 1)[-1], path=path,
        shape=_shape_of(partitioned.shape if partitioned is not None else v.shape),
        dtype=(partitioned or v).dtype.name, device=v.device or "", trainable=bool(v.trainable),
        initializer=(partitioned or v).initializer_desc or v.initializer_desc or "",
        collections=tuple(v.collections or ()),
        site=_site_text((partitioned or v).created_at), partitions=partitions, shards=shards,
        created_by=(partitioned or v).created_by, plain=plain,
        **({} if partitioned is not None else dict(zip(("held_by", "worker"), _holder(v)))))


def _holder(v: Variable) -> tuple[str, str]:
    """(ps task, worker address) of a value held on a cluster worker, else ("", "")."""
    held = getattr(v, "held", None)
    return (held.where(address=False), held.address) if held is not None else ("", "")


def describe_variable(obj: Variable | PartitionedVariable) -> VariableInfo:
    """The facts of one variable (a shard describes itself; a container, all its shards)."""
    if isinstance(obj, PartitionedVariable):
        return _variable_info(next(iter(obj)), obj.name, obj)
    return _variable_info(obj, obj.full_name, None, plain=type(obj) is PlainVariable)


# A variable's facts never change after creation (only its value does), so each one is described
# once: {id(variable or container): (weak reference, info)}; the entry goes when the object does.
_described: dict[int, tuple[weakref.ref, VariableInfo]] = {}


def _cached_info(v: Variable, path: str, owner: PartitionedVariable | None,
                 plain: bool = False) -> VariableInfo:
    key = owner if owner is not None else v
    hit = _described.get(id(key))
    if hit is not None and hit[0]() is key:
        return hit[1]
    info = _variable_info(v, path, owner, plain)
    ident = id(key)
    _described[ident] = (weakref.ref(key, lambda _ref, ident=ident: _described.pop(ident, None)), info)
    return info


def _matches(path: str, prefix: str) -> bool:
    return not prefix or path == prefix or path.startswith(prefix + "/")


def take_snapshot(store: VariableStore | None = None, prefix: str | None = None, *,
                  collections: bool = True, values: bool = False) -> StoreSnapshot:
    """Freeze ``store`` (default: the default store) as plain data, keeping only ``prefix``'s subtree.

    ``collections=False`` leaves ``StoreSnapshot.collections`` empty (the live tree does not show
    them, and listing every member is a third of the cost for a large store). ``values=True``
    also freezes each variable's value statistics (reads every value: costs a pass over the data).
    """
    store = store if store is not None else get_default_store()
    prefix = (prefix or "").strip("/")
    version = store.version
    containers = {pv.name: pv for pv in store.partitioned_variables()}
    leaves: list[VariableInfo] = []
    objects: list[Variable | PartitionedVariable] = []
    placed: set[str] = set()
    for v, plain in _in_creation_order(store):
        if plain:
            if _matches(v.full_name, prefix):
                leaves.append(_cached_info(v, v.full_name, None, plain=True))
                objects.append(v)
            continue
        info = v.save_slice_info
        owner = containers.get(info.full_name) if info is not None else None
        path = owner.name if owner is not None else v.full_name
        if path in placed or not _matches(path, prefix):
            continue
        placed.add(path)
        leaves.append(_cached_info(v, path, owner))
        objects.append(owner if owner is not None else v)
    root = _build_tree(leaves)
    summaries = tuple((leaf.path, summarize_values(value_of(obj)))
                      for leaf, obj in zip(leaves, objects)) if values else None
    members = tuple(
        (key, tuple(item.name if hasattr(item, "name") else str(item)
                    for item in store.get_collection(key)))
        for key in store.collection_keys()) if collections else ()
    last = store.last_error
    error = last.error if last is not None else None
    return StoreSnapshot(
        version=version, prefix=prefix, root=root, collections=members,
        regularization_losses=len(store.regularization_losses()),
        last_error=f"{type(error).__name__}: {str(error).splitlines()[0]}" if error else "",
        value_summaries=summaries)


def _in_creation_order(store: VariableStore) -> list[tuple[Variable, bool]]:
    """``(variable, plain)``: the store's variables and the graph's ``tf.Variable()``s (in
    ``GLOBAL_VARIABLES`` or ``LOCAL_VARIABLES`` but not shared by name: ``plain``), merged by
    creation order."""
    by_name = store.variables()
    known = {id(v) for v in by_name}
    plain = {id(v): v for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES)
             for v in store.get_collection(key)
             if isinstance(v, Variable) and id(v) not in known}
    if not plain:
        return [(v, False) for v in by_name]
    return list(heapq.merge(((v, False) for v in by_name),
                            sorted(((v, True) for v in plain.values()), key=_serial), key=_serial))


def _serial(entry: tuple[Variable, bool]) -> int:
    return entry[0].serial


def find_variable(store: VariableStore, path: str) -> Variable | PartitionedVariable | None:
    """The variable a snapshot shows at ``path``: the store's, or a ``tf.Variable()`` of the
    graph's collections (what the inspector reads values from)."""
    found = store.get(path)
    if found is not None:
        return found
    return next((v for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES)
                 for v in store.get_collection(key)
                 if isinstance(v, Variable) and v.full_name == path), None)


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
