"""Snapshot -> the JSON the tree's front end renders (plain lists and dicts, nothing else)."""

from __future__ import annotations

from typing import Any

from scopelab.snapshot import ScopeInfo, StoreSnapshot, VariableInfo


def _shape(shape: Any) -> list | None:
    return None if shape is None else list(shape)


def variable_json(v: VariableInfo) -> dict[str, Any]:
    return {
        "name": v.name, "path": v.path, "shape": _shape(v.shape), "dtype": v.dtype,
        "device": v.device, "trainable": v.trainable, "initializer": v.initializer,
        "collections": list(v.collections), "site": v.site, "created_by": v.created_by,
        "plain": v.plain, "held_by": v.held_by, "worker": v.worker,
        "partitions": _shape(v.partitions),
        "shards": [{"name": s.name, "shape": list(s.shape), "offset": list(s.offset),
                    "held_by": s.held_by, "worker": s.worker} for s in v.shards],
    }


def scope_json(scope: ScopeInfo) -> dict[str, Any]:
    return {"name": scope.name, "path": scope.path,
            "scopes": [scope_json(s) for s in scope.scopes],
            "variables": [variable_json(v) for v in scope.variables]}


def snapshot_json(snap: StoreSnapshot, *, flush: int, highlight: dict[str, Any]) -> dict[str, Any]:
    n_vars, n_scopes = snap.root.count()
    return {"version": snap.version, "flush": flush, "prefix": snap.prefix, "source": snap.source,
            "counts": {"variables": n_vars, "scopes": n_scopes},
            "highlight": highlight, "root": scope_json(snap.root)}
