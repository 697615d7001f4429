"""Index ops: ``gather``, ``gather_nd``, ``one_hot``, ``where``, ``sequence_mask``,
``matrix_band_part``, ``reverse_sequence``, ``boolean_mask`` and ``tf.nn.embedding_lookup``."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab import embedding as _embedding
from scopelab.dtypes import as_dtype, bool as tf_bool, float32, int32, int64
from scopelab.errors import InvalidArgumentError
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import _core
from scopelab.ops.array_ops import expand_dims, identity
from scopelab.ops.generate_ops import range as tf_range
from scopelab.ops.math_ops import cast, less
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.reduce_ops import reduce_max
from scopelab.ops.shapes import UNKNOWN, axis_index, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["gather", "gather_nd", "one_hot", "where", "where_v2", "sequence_mask", "matrix_band_part",
           "reverse_sequence", "boolean_mask", "embedding_lookup", "batch_gather"]


def _check_ids(indices: np.ndarray, size: int, what: str = "indices") -> None:
    bad = (indices < 0) | (indices >= size)
    if np.any(bad):
        k = int(np.argmax(bad.reshape(-1)))
        raise InvalidArgumentError(
            f"{what}[{k}] = {int(indices.reshape(-1)[k])} is not in [0, {size})")


# --- gather ---------------------------------------------------------------------------------------
def _gather_shape(params: Tensor, indices: Tensor, axis: Tensor, *, batch_dims: int) -> tuple:
    a = static_value(axis)
    if params.shape.ndims is None or indices.shape.ndims is None or a is None:
        return params.dtype, UNKNOWN
    p = params.shape.as_list()
    a = axis_index(int(a), len(p))
    return params.dtype, TensorShape(p[:a] + indices.shape.as_list()[batch_dims:] + p[a + 1:])


def _gather(params: np.ndarray, indices: np.ndarray, axis: np.ndarray, *,
            batch_dims: int) -> np.ndarray:
    a = int(axis) % params.ndim
    _check_ids(indices, params.shape[a])
    if batch_dims == 0:
        return np.take(params, indices, axis=a)
    out = [_gather(p, i, np.array(a - 1), batch_dims=batch_dims - 1)
           for p, i in zip(params, indices)]
    return np.stack(out)


_GATHER = define_op("GatherV2", ("params:any", "indices:int", "axis:int"), _gather_shape, _gather)


def gather(params: Any, indices: Any, validate_indices: Any = None, name: str | None = None,
           axis: Any = 0, batch_dims: int = 0) -> Tensor:
    return _GATHER(params, indices, axis, name=name, batch_dims=batch_dims)


def batch_gather(params: Any, indices: Any, name: str | None = None) -> Tensor:
    indices = convert_to_tensor(indices)
    return gather(params, indices, axis=indices.shape.ndims - 1,
                  batch_dims=indices.shape.ndims - 1, name=name or "batch_gather")


def _gather_nd_shape(params: Tensor, indices: Tensor) -> tuple:
    if params.shape.ndims is None or indices.shape.ndims is None:
        return params.dtype, UNKNOWN
    depth = indices.shape.as_list()[-1]
    if depth is None:
        return params.dtype, UNKNOWN
    return params.dtype, TensorShape(indices.shape.as_list()[:-1] +
                                     params.shape.as_list()[depth:])


def _gather_nd(params: np.ndarray, indices: np.ndarray) -> np.ndarray:
    depth = indices.shape[-1]
    for d in range(depth):
        _check_ids(indices[..., d], params.shape[d])
    return params[tuple(np.moveaxis(indices, -1, 0))]


_GATHER_ND = define_op("GatherNd", ("params:any", "indices:int"), _gather_nd_shape, _gather_nd)


def gather_nd(params: Any, indices: Any, name: str | None = None, batch_dims: int = 0) -> Tensor:
    return _GATHER_ND(params, indices, name=name)


# --- one_hot --------------------------------------------------------------------------------------
def _one_hot_shape(indices: Tensor, depth: Tensor, on_value: Tensor, off_value: Tensor, *,
                   axis: int) -> tuple:
    d = static_value(depth)
    if indices.shape.ndims is None:
        return on_value.dtype, UNKNOWN
    dims = indices.shape.as_list()
    a = len(dims) if axis == -1 else axis
    dims.insert(a, None if d is None else int(d))
    return on_value.dtype, TensorShape(dims)


def _one_hot(indices: np.ndarray, depth: np.ndarray, on_value: np.ndarray, off_value: np.ndarray,
             *, axis: int) -> np.ndarray:
    hot = indices[..., None] == np.arange(int(depth))
    out = np.where(hot, on_value, off_value)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


_ONE_HOT = define_op("OneHot", ("indices:int", "depth:int32", "on_value:T", "off_value:T"),
                     _one_hot_shape, _one_hot)


def one_hot(indices: Any, depth: Any, on_value: Any = None, off_value: Any = None,
            axis: int | None = None, dtype: Any = None, name: str | None = None) -> Tensor:
    """float32 unless ``dtype`` or the on/off values say otherwise; ``axis=-1`` appends."""
    with name_scope(name, "one_hot") as scope:
        if dtype is None:
            for v in (on_value, off_value):
                if v is not None and hasattr(v, "dtype") and not isinstance(v, np.ndarray):
                    dtype = v.dtype
                    break
            else:
                dtype = float32
        dtype = as_dtype(dtype)
        on = convert_to_tensor(1 if on_value is None else on_value, dtype=dtype, name="on_value")
        off = convert_to_tensor(0 if off_value is None else off_value, dtype=dtype,
                                name="off_value")
        return _ONE_HOT(indices, depth, on, off, name=scope, axis=-1 if axis is None else axis)


# --- where ---------------------------------------------------------------------------------------
def _select_shape(condition: Tensor, t: Tensor, e: Tensor) -> tuple:
    name, op_type = building_op()
    if not t.shape.is_compatible_with(e.shape):
        raise ValueError(
            f"Dimensions must be equal for '{name}' (op: '{op_type}') with input shapes: "
            f"{tf_shape_text(condition.shape)}, {tf_shape_text(t.shape)}, "
            f"{tf_shape_text(e.shape)}. In TF1, tf.where(c, x, y) needs x and y of one shape "
            f"(it does not broadcast).")
    out = t.shape.merge_with(e.shape)
    c = condition.shape
    if c.ndims is not None and out.ndims is not None and c.ndims != out.ndims:
        if c.ndims != 1 or not TensorShape(c.as_list()).is_compatible_with(out.as_list()[:1]):
            raise ValueError(
                f"Shape must be rank {out.ndims} but is rank {c.ndims} for '{name}' (op: "
                f"'{op_type}'): the condition must have the shape of x, or be a vector over "
                f"its first dimension.")
    elif c.ndims is not None and out.ndims is not None and not c.is_compatible_with(out):
        raise ValueError(f"Shapes {c} and {out} are incompatible")
    return t.dtype, out


def _select(condition: np.ndarray, t: np.ndarray, e: np.ndarray) -> np.ndarray:
    if condition.ndim == 1 and t.ndim > 1:
        condition = condition.reshape((-1,) + (1,) * (t.ndim - 1))
    return np.where(condition, t, e)


_SELECT = define_op("Select", ("condition:bool", "t:T", "e:T"), _select_shape, _select)


def _where_shape(input: Tensor) -> tuple:
    r = input.shape.ndims
    return int64, TensorShape([None, r]) if r is not None else TensorShape([None, None])


_WHERE = define_op("Where", ("input:any",), _where_shape,
                   lambda x: np.argwhere(x).astype(np.int64), pure=True)


def where(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """``Select`` with ``x`` and ``y``; the coordinates of true elements without them."""
    if x is None and y is None:
        return _WHERE(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _SELECT(condition, x, y, name=name)


def _select_v2_shape(condition: Tensor, t: Tensor, e: Tensor) -> tuple:
    from scopelab.ops.shapes import broadcast
    name, op_type = building_op()
    return t.dtype, broadcast(condition.shape, broadcast(t.shape, e.shape, name, op_type),
                              name, op_type)


_SELECT_V2 = define_op("SelectV2", ("condition:bool", "t:T", "e:T"), _select_v2_shape,
                       lambda c, t, e: np.where(c, t, e))


def where_v2(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """TF 1.14+'s ``where``: ``condition``, ``x`` and ``y`` broadcast together."""
    if x is None and y is None:
        return _WHERE(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _SELECT_V2(condition, x, y, name=name)


# --- masks and band parts ----------------------------------------------------------------------------
def sequence_mask(lengths: Any, maxlen: Any = None, dtype: Any = tf_bool,
                  name: str | None = None) -> Tensor:
    """``mask[i, j] = j < lengths[i]`` (``SequenceMask/Less``; cast if ``dtype`` is not bool)."""
    with name_scope(name, "SequenceMask"):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = reduce_max(lengths, [0] if lengths.shape.ndims == 1 else None)
        else:
            maxlen = convert_to_tensor(maxlen)
        row = tf_range(cast(0, maxlen.dtype), maxlen, cast(1, maxlen.dtype))
        matrix = cast(expand_dims(lengths, -1), maxlen.dtype)
        result = less(row, matrix)
        if as_dtype(dtype) == tf_bool:
            return result
        return cast(result, dtype)


def _band_shape(input: Tensor, num_lower: Tensor, num_upper: Tensor) -> tuple:
    return input.dtype, input.shape


def _band(x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    m, n = x.shape[-2:]
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    keep = ((int(lower) < 0) | (i - j <= int(lower))) & ((int(upper) < 0) | (j - i <= int(upper)))
    return np.where(keep, x, np.zeros((), x.dtype))


_BAND = define_op("MatrixBandPart", ("input:any", "num_lower:int", "num_upper:int"), _band_shape,
                  _band)


def matrix_band_part(input: Any, num_lower: Any, num_upper: Any,
                     name: str | None = None) -> Tensor:
    return _BAND(input, num_lower, num_upper, name=name)


def _reverse_sequence_shape(input: Tensor, seq_lengths: Tensor, *, seq_axis: int,
                            batch_axis: int) -> tuple:
    return input.dtype, input.shape


def _reverse_sequence(x: np.ndarray, lengths: np.ndarray, *, seq_axis: int,
                      batch_axis: int) -> np.ndarray:
    out = np.array(x, copy=True)
    for b, n in enumerate(lengths):
        index = [slice(None)] * x.ndim
        index[batch_axis] = b
        index[seq_axis] = slice(0, int(n))
        out[tuple(index)] = np.flip(x[tuple(index)], seq_axis - (seq_axis > batch_axis))
    return out


_REVERSE_SEQUENCE = define_op("ReverseSequence", ("input:any", "seq_lengths:int"),
                              _reverse_sequence_shape, _reverse_sequence)


def reverse_sequence(input: Any, seq_lengths: Any, seq_axis: int | None = None,
                     batch_axis: int | None = None, name: str | None = None,
                     seq_dim: int | None = None, batch_dim: int | None = None) -> Tensor:
    seq_axis = seq_dim if seq_axis is None else seq_axis
    batch_axis = (batch_dim if batch_axis is None else batch_axis) or 0
    return _REVERSE_SEQUENCE(input, seq_lengths, name=name, seq_axis=int(seq_axis),
                             batch_axis=int(batch_axis))


def _boolean_mask_shape(tensor: Tensor, mask: Tensor) -> tuple:
    if tensor.shape.ndims is None or mask.shape.ndims is None:
        return tensor.dtype, UNKNOWN
    k = mask.shape.ndims
    return tensor.dtype, TensorShape([None] + tensor.shape.as_list()[k:])


_BOOLEAN_MASK = define_op("BooleanMask", ("tensor:any", "mask:bool"), _boolean_mask_shape,
                          lambda x, m: x[m])


def boolean_mask(tensor: Any, mask: Any, name: str = "boolean_mask", axis: Any = None) -> Tensor:
    with name_scope(name):
        return _BOOLEAN_MASK(tensor, mask, name="GatherV2")


# --- embedding_lookup ---------------------------------------------------------------------------------
def _lookup_shape(params: list, ids: Tensor, *, strategy: str, max_norm: Any) -> tuple:
    rows = params[0].shape
    if ids.shape.ndims is None or rows.ndims is None:
        return params[0].dtype, UNKNOWN
    return params[0].dtype, TensorShape(ids.shape.as_list() + rows.as_list()[1:])


def _lookup(params: list, ids: np.ndarray, *, strategy: str, max_norm: Any) -> np.ndarray:
    return _embedding.embedding_lookup(params if len(params) > 1 else params[0], ids,
                                       partition_strategy=strategy, max_norm=max_norm)


_LOOKUP = define_op("EmbeddingLookup", ("*params:T", "ids:int"), _lookup_shape, _lookup)


# Shards held on cluster workers are attributes, not inputs: reading them as inputs would fetch
# them whole, while the lookup needs only the selected rows (gathered where each shard lives).
def _held_lookup_shape(ids: Tensor, *, shards: tuple, strategy: str, max_norm: Any) -> tuple:
    return _lookup_shape(list(shards), ids, strategy=strategy, max_norm=max_norm)


def _held_lookup(ids: np.ndarray, *, shards: tuple, strategy: str, max_norm: Any,
                 ctx: Any) -> np.ndarray:
    if ctx.session is not None:
        for shard in shards:     # TF1's error for an uninitialized shard (raises, never reads)
            if not ctx.session._is_initialized(shard):
                ctx.read_variable(shard)
    return _lookup(list(shards), ids, strategy=strategy, max_norm=max_norm)


_HELD_LOOKUP = define_op("EmbeddingLookup", ("ids:int",), _held_lookup_shape, _held_lookup,
                         pure=False, context=True)


def embedding_lookup(params: Any, ids: Any, partition_strategy: str = "mod",
                     name: str | None = None, validate_indices: bool = True,
                     max_norm: Any = None) -> Tensor:
    """Rows ``ids`` of a table or a list of shards (``mod`` / ``div`` routing, see
    :mod:`scopelab.embedding`); symbolic ids give a symbolic result."""
    if params is None or (isinstance(params, (list, tuple)) and not params):
        _embedding.embedding_lookup(params, np.zeros(0, np.int32))   # TF's error for no params
    if isinstance(params, _core.PartitionedVariable):
        shards = list(params)
    elif isinstance(params, (list, tuple)):
        shards = list(params)
    else:
        shards = [params]
    with name_scope(name, "embedding_lookup") as scope:
        ids = convert_to_tensor(ids, name="ids")
        if ids.dtype not in (int32, int64):
            from scopelab.errors import InvalidArgumentTypeError
            raise InvalidArgumentTypeError(
                f"ids must be int32 or int64, got {ids.dtype.name}. Embedding ids are row "
                f"numbers.", dtype=ids.dtype)
        if any(getattr(s, "held", None) is not None for s in shards):
            result = _HELD_LOOKUP(ids, name=scope, shards=tuple(shards),
                                  strategy=partition_strategy, max_norm=max_norm)
        else:
            result = _LOOKUP(shards, ids, name=scope, strategy=partition_strategy,
                             max_norm=max_norm)
        return identity(result) if len(shards) == 1 else result
