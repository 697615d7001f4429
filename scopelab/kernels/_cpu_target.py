"""TEMPORARY: the CPU target served by the NumPy oracle until the Numba kernels land."""

from __future__ import annotations

import numpy as np

from scopelab.kernels import _args, reference
from scopelab.kernels.reference import (  # noqa: F401  (the backend interface)
    concat, dynamic_partition, dynamic_stitch, fill, normal, split, truncated_normal, uniform,
)


def as_array(value) -> np.ndarray:
    return np.asarray(value.copy_to_host() if hasattr(value, "copy_to_host") else value)


def embedding_gather(shards, ids, strategy):
    rows = [s.shape[0] for s in shards]
    flat = ids.reshape(-1)
    total = sum(rows)
    ok = (flat >= 0) & (flat < total)
    if ok.all() and len(shards) > 1:
        shard, row = reference.route_ids(flat, len(rows), total, strategy)
        ok = row < np.asarray(rows)[shard]
    if not ok.all():
        raise _args.bad_id_error(ids, rows, strategy)
    return reference.embedding_gather(shards, ids, strategy)


def warmup() -> None:
    return None
