"""``embedding_lookup`` over one table or a list of shards, with TF1's ``mod`` / ``div`` routing.

With ``P`` shards, id ``i`` is looked up at

* ``"mod"`` (TF1's default): shard ``i % P``, row ``i // P``;
* ``"div"``: contiguous blocks, the first ``N % P`` shards one row longer (``N`` = total rows).

``get_variable`` partitioning lays rows out contiguously with exactly the ``"div"`` sizes, so
``"div"`` is the strategy that agrees with ``PartitionedVariable.as_tensor()``; ``"mod"`` is the
classic mismatch. ``"div"`` looks only at ``N``, so hand-made shards of other sizes give TF's
(wrong) rows too (tensorflow/tensorflow#19265). The gather runs in ``kernels.embedding_gather``,
which checks every id; when it finds a bad one, the routing is redone here to name the id, its
shard and row in the error.

Shards held on cluster workers (``scopelab.cluster``) are never fetched whole: the ids are routed
and checked here, each worker gathers its shard's rows, and the rows are stitched here, so only
the row numbers and the selected rows cross the network.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab import storage
from scopelab.errors import EmbeddingLookupError, InvalidArgumentTypeError

__all__ = ["embedding_lookup", "route_ids"]

_STRATEGIES = ("mod", "div")


def _kernels() -> Any:
    from scopelab import kernels  # first use only: keeps ``import scopelab`` free of Numba
    return kernels


def _held(item: Any) -> Any:
    held = getattr(item, "held", None)      # a Variable whose value lives on a cluster worker
    return held if storage.is_held(held) else None


def _shards(params: Any) -> list[Any]:
    """The shards as arrays, or as ``HeldValue`` handles (shape and dtype, no fetch)."""
    if params is None:
        raise EmbeddingLookupError(
            "params must be specified. Pass the embedding table: a variable, a list of shard "
            "variables, or a partitioned variable.", params=params)
    if isinstance(params, (list, tuple)):
        items = list(params)
        if not items:
            raise EmbeddingLookupError(
                "Need at least one param. The list of shards is empty.", params=params)
    elif hasattr(params, "_get_variable_list"):  # a PartitionedVariable: its shards in order
        items = list(params)
    else:
        items = [params]
    shards = [_held(p) or np.asarray(p) for p in items]
    for i, shard in enumerate(shards):
        if shard.ndim < 1:
            raise EmbeddingLookupError(
                f"Shard {i} of params is a scalar; an embedding table needs at least one axis "
                f"(one row per id).", shard=i)
        if shard.shape[1:] != shards[0].shape[1:]:
            raise EmbeddingLookupError(
                f"All shards must have the same row shape, but shard 0 rows are "
                f"{shards[0].shape[1:]} and shard {i} rows are {shard.shape[1:]}.", shard=i)
    return shards


def route_ids(flat_ids: np.ndarray, shard_rows: list[int], strategy: str) -> Any:
    """``(shard, row)`` per id under TF1's routing (no bounds checks)."""
    num_shards = len(shard_rows)
    if strategy == "mod":
        return flat_ids % num_shards, flat_ids // num_shards
    total = sum(shard_rows)
    ids_per_partition, extras = divmod(total, num_shards)
    if ids_per_partition == 0:
        raise EmbeddingLookupError(
            f"partition_strategy='div' needs at least one row per shard, but {num_shards} shards "
            f"hold only {total} rows.", rows=shard_rows)
    shard = np.maximum(flat_ids // (ids_per_partition + 1),
                       (flat_ids - extras) // ids_per_partition)
    row = np.where(shard < extras, flat_ids % (ids_per_partition + 1),
                   (flat_ids - extras) % ids_per_partition)
    return shard, row


def _check_routes(flat_ids: Any, shard: Any, row: Any, shard_rows: Any, strategy: Any) -> None:
    rows = np.asarray(shard_rows)
    bad_shard = (shard < 0) | (shard >= len(shard_rows))
    safe_shard = np.where(bad_shard, 0, shard)
    bad = bad_shard | (row < 0) | (row >= rows[safe_shard])
    if not bad.any():
        return
    k = int(np.argmax(bad))
    i, p, r = int(flat_ids[k]), int(shard[k]), int(row[k])
    total = int(rows.sum())
    if bad_shard[k]:
        detail = f"routes to shard {p}, but there are only {len(shard_rows)} shards"
    else:
        detail = (f"routes to shard {p} row {r} (indices[{k}] = {r} is not in "
                  f"[0, {shard_rows[p]}))")
    hint = (" 'div' assumes the shard sizes get_variable partitioning makes (first N % P "
            "shards one row longer); other sizes misroute ids (tensorflow#19265)."
            if strategy == "div" and len(shard_rows) > 1 else "")
    raise EmbeddingLookupError(
        f"Id {i} at position {k} is out of range for {total} rows: it {detail} under "
        f"partition_strategy={strategy!r}. Ids must lie in [0, {total}).{hint}",
        id=i, position=k, strategy=strategy)


def _clip_by_norm(values: np.ndarray, max_norm: Any, ids_rank: int) -> np.ndarray:
    """TF's clip_by_norm over each embedding: ``x * max_norm / max(||x||, max_norm)``."""
    axes = tuple(range(ids_rank, values.ndim))
    l2sum = np.sum(values * values, axis=axes, keepdims=True)
    norm = np.sqrt(np.where(l2sum > 0, l2sum, 1.0))
    norm = np.where(l2sum > 0, norm, l2sum)
    clipped: np.ndarray = (values * max_norm / np.maximum(norm, max_norm)).astype(values.dtype)
    return clipped


def embedding_lookup(params: Any, ids: Any, partition_strategy: Any = "mod", name: str | None = None,
                     validate_indices: Any = True, max_norm: Any = None) -> Any:
    """Look up rows ``ids`` in ``params`` (TF1 ``tf.nn.embedding_lookup``)."""
    shards = _shards(params)
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise InvalidArgumentTypeError(
            f"ids must be int32 or int64, got {ids.dtype}. Embedding ids are row numbers.",
            dtype=ids.dtype)
    if len(shards) > 1 and partition_strategy not in _STRATEGIES:
        raise EmbeddingLookupError(
            f"Unrecognized partition strategy: {partition_strategy}. Use 'mod' (row i on shard "
            f"i % P) or 'div' (contiguous blocks, the layout of get_variable shards).",
            strategy=partition_strategy)
    flat_ids = ids.reshape(-1).astype(np.int64)
    shard_rows = [s.shape[0] for s in shards]
    strategy = partition_strategy if len(shards) > 1 else "mod"  # one shard: plain gather
    if any(storage.is_held(s) for s in shards):
        return _finish(_gather_where_held(shards, flat_ids, strategy), ids, shards, max_norm)
    try:  # the kernel checks every id while gathering; explain a bad one only when it fails
        gathered = np.asarray(_kernels().embedding_gather(
            [np.ascontiguousarray(s) for s in shards], flat_ids, strategy))
    except EmbeddingLookupError:
        shard, row = route_ids(flat_ids, shard_rows, strategy)
        _check_routes(flat_ids, shard, row, shard_rows, strategy)
        raise
    return _finish(gathered, ids, shards, max_norm)


def _finish(gathered: np.ndarray, ids: np.ndarray, shards: list[Any], max_norm: Any) -> np.ndarray:
    result = gathered.reshape(ids.shape + tuple(shards[0].shape[1:]))
    if max_norm is not None:
        result = _clip_by_norm(result, max_norm, ids.ndim)
    return result


def _gather_where_held(shards: list[Any], flat_ids: np.ndarray, strategy: str) -> np.ndarray:
    """Route here, gather each held shard on its worker (all at once), stitch here."""
    shard_rows = [s.shape[0] for s in shards]
    shard, row = route_ids(flat_ids, shard_rows, strategy)
    _check_routes(flat_ids, shard, row, shard_rows, strategy)
    order = np.argsort(shard, kind="stable")
    bounds = np.cumsum(np.bincount(shard, minlength=len(shards)))[:-1]
    positions = np.split(order, bounds)
    # Row numbers travel in the narrowest type that holds them (int32 for any real table).
    row_type = np.int32 if max(shard_rows) < 2**31 else np.int64
    wanted = [row[p].astype(row_type) for p in positions]
    held = [i for i, s in enumerate(shards) if storage.is_held(s)]
    fetched = dict(zip(held, storage.take_rows([shards[i] for i in held],
                                               [wanted[i] for i in held])))
    dtype = shards[0].dtype
    out = np.empty((len(flat_ids), *shards[0].shape[1:]), dtype=dtype)
    for i, (place, rows) in enumerate(zip(positions, wanted)):
        out[place] = fetched[i] if i in fetched else np.take(shards[i], rows, axis=0)
    return out
