"""Argument checks shared by every target: bad input fails here, before any kernel runs.

Messages follow the error style guide: what is wrong, the fact, what to pass instead.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, cast

import numpy as np

from scopelab.errors import EmbeddingLookupError, InvalidArgumentError, InvalidArgumentTypeError

TARGETS = ("cpu", "cuda")
_M64 = (1 << 64) - 1


def as_shape(shape: Any) -> tuple[Any, ...]:
    if type(shape) is tuple:
        # The common case, without ABC checks (per-call cost; a loop costs half of all(...)).
        for d in shape:
            if type(d) is not int or d < 0:
                break
        else:
            return shape
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise InvalidArgumentTypeError(
            f"shape must be a tuple of ints, got {shape!r}.", shape=shape) from None
    if not all(isinstance(d, numbers.Integral) and not isinstance(d, bool)
               and d >= 0  # type: ignore[operator]  # an Integral compares with ints
               for d in dims):
        raise InvalidArgumentError(
            f"shape must hold non-negative ints, got {dims!r}.", shape=dims)
    return tuple(int(d) for d in dims)


def as_dtype(dtype: Any) -> np.dtype:
    """A NumPy dtype from a NumPy dtype, type, name or scopelab ``DType``."""
    dtype = getattr(dtype, "as_numpy_dtype", dtype)
    try:
        result: np.dtype[Any] = np.dtype(dtype)
    except TypeError:
        raise InvalidArgumentTypeError(f"dtype {dtype!r} is not a NumPy dtype.",
                                       dtype=dtype) from None
    return result


def as_target(target: str) -> str:
    if target not in TARGETS:
        raise InvalidArgumentError(
            f"target must be 'cpu' or 'cuda', got {target!r}. Use resolve_target('/gpu:0') to map "
            "a TF device string to a target.", target=target)
    return target


def as_key(key: int) -> int:
    if type(key) is int:
        return key & _M64
    if not isinstance(key, numbers.Integral) or isinstance(key, bool):
        raise InvalidArgumentTypeError(
            f"key must be an int (see make_key(seed1, seed2)), got {key!r}.", key=key)
    return int(key) & _M64


def as_window(shape: tuple[Any, ...], window: Any) -> Any:
    """``(full_shape, offset)`` checked against the block ``shape``; None stays None."""
    if window is None:
        return None
    try:
        full_shape, offset = window
    except (TypeError, ValueError):
        raise InvalidArgumentTypeError(
            f"window must be (full_shape, offset), got {window!r}.", window=window) from None
    full_shape, offset = as_shape(full_shape), as_shape(offset)
    if not len(full_shape) == len(offset) == len(shape):
        raise InvalidArgumentError(
            f"window rank mismatch: block shape {shape}, full shape {full_shape}, offset {offset}; "
            "all three need one entry per axis.", window=window)
    for axis, (s, f, o) in enumerate(zip(shape, full_shape, offset)):
        if o + s > f:
            raise InvalidArgumentError(
                f"window does not fit: along axis {axis} the block covers [{o}, {o + s}) but the "
                f"full tensor has only {f} entries (block shape {shape}, full shape "
                f"{full_shape}, offset {offset}).", window=window)
    if full_shape == shape:
        return None
    return full_shape, offset


def as_finite(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentTypeError(f"{name} must be a number, got {value!r}.",
                                       **{name: value}) from None
    if not math.isfinite(number):
        raise InvalidArgumentError(f"{name} must be finite, got {number!r}.", **{name: number})
    return number


def float_dtype(dtype: np.dtype, op: str) -> None:
    if dtype.kind != "f" or dtype.itemsize not in (2, 4, 8):
        raise InvalidArgumentError(
            f"Invalid dtype {dtype.name!r} for {op}: expected float16, float32 or float64.",
            dtype=dtype)


def int_bounds(dtype: np.dtype, minval: Any, maxval: Any) -> tuple[int, int]:
    if maxval is None:
        raise InvalidArgumentError(
            f"Must specify maxval for integer dtype {dtype.name!r}: integer uniform draws from "
            "[minval, maxval), e.g. uniform(shape, 'int32', key, 0, 10).", dtype=dtype)
    lo, hi = int(minval), int(maxval)
    info = np.iinfo(dtype)
    if not (info.min <= lo < hi <= info.max + 1):
        raise InvalidArgumentError(
            f"integer uniform needs {info.min} <= minval < maxval <= {info.max + 1} for "
            f"{dtype.name}, got minval={lo}, maxval={hi}.", minval=lo, maxval=hi)
    return lo, hi


def split_sizes(value_shape: tuple[Any, ...], sizes: Any, axis: int) -> tuple[list[Any], int]:
    ndim = len(value_shape)
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(f"axis {axis} is out of range for a value of shape "
                                   f"{value_shape}.", axis=axis)
    axis %= ndim
    sizes = [int(s) for s in sizes]
    if any(s < 0 for s in sizes) or sum(sizes) != value_shape[axis]:
        raise InvalidArgumentError(
            f"split sizes {sizes} must be non-negative and add up to {value_shape[axis]}, the "
            f"length of axis {axis} of shape {value_shape}.", sizes=sizes, axis=axis)
    return sizes, axis


def concat_axis(arrays: list[Any], axis: int) -> int:
    if not arrays:
        raise InvalidArgumentError("concat needs at least one array.")
    first = arrays[0]
    ndim = first.ndim
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(f"axis {axis} is out of range for arrays of rank {ndim}.",
                                   axis=axis)
    axis %= ndim
    for k, a in enumerate(arrays):
        if a.ndim != ndim or a.dtype != first.dtype or \
                a.shape[:axis] + a.shape[axis + 1:] != first.shape[:axis] + first.shape[axis + 1:]:
            raise InvalidArgumentError(
                f"concat along axis {axis}: array {k} has shape {a.shape} and dtype {a.dtype}, "
                f"expected shape {first.shape[:axis] + ('*',) + first.shape[axis + 1:]} and "
                f"dtype {first.dtype}.", axis=axis)
    return axis


def embedding_shards(shards: Any) -> list[Any]:
    if shards is None:
        raise EmbeddingLookupError("params must be specified: pass a list of shards.")
    if isinstance(shards, np.ndarray) or hasattr(shards, "copy_to_host"):
        shards = [shards]
    shards = list(shards)
    if not shards:
        raise EmbeddingLookupError("Need at least one param: the list of shards is empty.")
    first = shards[0]
    for k, s in enumerate(shards):
        if s.ndim < 1 or s.dtype != first.dtype or s.shape[1:] != first.shape[1:]:
            raise EmbeddingLookupError(
                f"shard {k} has shape {s.shape} and dtype {s.dtype}; every shard needs the "
                f"row shape {first.shape[1:]} and dtype {first.dtype} of shard 0.", shard=k)
    return cast("list[Any]", shards)


def embedding_ids(ids: Any) -> np.ndarray:
    array = np.asarray(ids)
    if array.dtype.kind not in "iu":
        raise EmbeddingLookupError(f"ids must be int32 or int64, got dtype {array.dtype}.")
    return array.astype(np.int64, copy=False)


def embedding_strategy(strategy: Any, num_shards: int, total_rows: int) -> None:
    if num_shards > 1 and strategy not in ("mod", "div"):
        raise EmbeddingLookupError(f"Unrecognized partition strategy: {strategy}. "
                                   "Use 'mod' (TF1's default) or 'div'.", strategy=strategy)
    if strategy == "div" and num_shards > total_rows:
        raise EmbeddingLookupError(
            f"'div' needs at least one row per shard, but {num_shards} shards hold "
            f"{total_rows} rows.", strategy=strategy)


def bad_id_error(ids: np.ndarray, shard_rows: list[Any], strategy: str) -> EmbeddingLookupError:
    """Explain the first id that has no row (out of range, or an unbalanced 'div' layout)."""
    flat = ids.reshape(-1)
    total = sum(shard_rows)
    outside = np.flatnonzero((flat < 0) | (flat >= total))
    if outside.size:
        i = int(flat[outside[0]])
        return EmbeddingLookupError(
            f"id {i} (position {int(outside[0])}) is out of range: the {len(shard_rows)} "
            f"shard(s) hold {total} rows, so ids must be in [0, {total}).", id=i)
    shard, row = _route_ids(flat, len(shard_rows), total, strategy)
    rows = np.asarray(shard_rows)
    bad = np.flatnonzero(row >= rows[shard])
    j = int(bad[0])
    per, extras = divmod(total, len(shard_rows))
    expected = [per + 1] * extras + [per] * (len(shard_rows) - extras)
    return EmbeddingLookupError(
        f"id {int(flat[j])} maps to row {int(row[j])} of shard {int(shard[j])} under "
        f"{strategy!r}, but that shard has only {int(rows[shard[j]])} rows. {strategy!r} assumes "
        f"shard sizes {expected} (the first N % P shards one row longer, as get_variable's "
        f"partitioning makes them); got {list(shard_rows)}.", id=int(flat[j]))


def _route_ids(ids: np.ndarray, num_shards: int, total_rows: int, strategy: str) -> Any:
    """TF1's (shard, row in shard) of each id under ``"mod"`` or ``"div"`` (the first
    ``total_rows % num_shards`` shards one row longer), as the gather kernel routes them."""
    if strategy == "mod":
        return ids % num_shards, ids // num_shards
    per, extras = divmod(total_rows, num_shards)
    shard = np.maximum(ids // (per + 1), (ids - extras) // max(per, 1))
    start = np.where(shard < extras, shard * (per + 1), extras + shard * per)
    return shard, ids - start
