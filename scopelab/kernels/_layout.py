"""How a (possibly windowed) output block maps onto 2-D kernel views.

Kernels write a C-contiguous ``(R, C)`` view where element ``(r, c)`` has flat index
``g0 + r * gstride + c`` in the full tensor. One such view covers any block whose shape differs
from the full shape only on axis 0 and one other axis j (every TF partitioner shards one axis).
Other windows are split along axis 0 into several views.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["plan"]


def plan(shape: tuple[Any, ...], window: Any) -> list[Any]:
    """``[(prefix, R, C, g0, gstride)]``: write ``out[prefix].reshape(R, C)`` for each entry."""
    if math.prod(shape) == 0:
        return []
    if window is None:
        n = math.prod(shape)
        return [((), 1, n, 0, 0)]
    full, offset = window
    return _plan(tuple(shape), tuple(full), tuple(offset), (), 0)


def _plan(shape: Any, full: Any, offset: Any, prefix: Any, base: Any) -> list[Any]:
    rank = len(shape)
    partial = [a for a in range(rank) if shape[a] != full[a] or offset[a] != 0]
    if not partial:
        return [(prefix, 1, math.prod(shape), base, 0)]
    j = partial[-1]
    if all(a in (0, j) for a in partial):
        inner = math.prod(shape[j + 1:])
        rows = math.prod(shape[:j])
        # rows run over axis 0 (and full axes 1..j-1, which stride like one long axis)
        gstride = math.prod(full[j:]) if j > 0 else 0
        g0 = base + (offset[0] * math.prod(full[1:]) if j > 0 else 0) + offset[j] * inner
        return [(prefix, rows, shape[j] * inner, g0, gstride)]
    stride0 = math.prod(full[1:])
    pieces = []
    for m in range(shape[0]):
        pieces += _plan(shape[1:], full[1:], offset[1:], prefix + (m,),
                        base + (offset[0] + m) * stride0)
    return pieces
