"""Reductions (``reduce_sum`` … ``reduce_logsumexp``), ``add_n``, ``cumsum``/``cumprod``,
``argmax``/``argmin``, ``l2_loss`` and
clipping (``clip_by_value``, ``clip_by_norm``, ``clip_by_global_norm``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import as_dtype, int64
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.op_def import building_op, constant, convert_to_tensor, define_op
from scopelab.ops.shapes import UNKNOWN, axis_index, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "argmax", "argmin",
           "clip_by_value", "clip_by_norm", "clip_by_global_norm",
           "global_norm", "count_nonzero", "l2_loss", "add_n", "cumsum", "cumprod"]


def _reduce_shape(input: Tensor, reduction_indices: Tensor, *, keep_dims: bool) -> tuple:
    axes = static_value(reduction_indices)
    r = input.shape.ndims
    if r is None:
        return input.dtype, UNKNOWN
    if axes is None:
        return input.dtype, TensorShape([None] * r) if keep_dims else UNKNOWN
    wanted = set()
    for a in np.reshape(axes, -1):
        if not -r <= int(a) < max(r, 1):
            name, op_type = building_op()
            raise ValueError(f"Invalid reduction dimension {int(a)} for input with {r} "
                             f"dimensions. for '{name}' (op: '{op_type}'). Axes run from {-r} to "
                             f"{r - 1}.")
        wanted.add(int(a) % r if r else 0)
    dims = input.shape.as_list()
    out = [1 if i in wanted else d for i, d in enumerate(dims)] if keep_dims else \
        [d for i, d in enumerate(dims) if i not in wanted]
    return input.dtype, TensorShape(out)


def _reducer(fn: Any) -> Any:
    def compute(x: np.ndarray, axes: np.ndarray, *, keep_dims: bool) -> np.ndarray:
        axis = tuple(int(a) for a in np.reshape(axes, -1))
        return np.asarray(fn(x, axis=axis, keepdims=keep_dims))
    return compute


def _mean(x: np.ndarray, axis: tuple, keepdims: bool) -> np.ndarray:
    if x.dtype.kind in "iu":      # integer mean truncates, as TF's
        count = int(np.prod([x.shape[a] for a in axis])) if axis else 1
        total = np.sum(x, axis=axis, keepdims=keepdims)
        return np.trunc(total / max(count, 1)).astype(x.dtype)
    return np.mean(x, axis=axis, keepdims=keepdims)


_REDUCERS = {
    "Sum": define_op("Sum", ("input:any", "reduction_indices:int"), _reduce_shape,
                     _reducer(np.sum)),
    "Mean": define_op("Mean", ("input:any", "reduction_indices:int"), _reduce_shape,
                      _reducer(_mean)),
    "Max": define_op("Max", ("input:any", "reduction_indices:int"), _reduce_shape,
                     _reducer(np.max)),
    "Min": define_op("Min", ("input:any", "reduction_indices:int"), _reduce_shape,
                     _reducer(np.min)),
    "Prod": define_op("Prod", ("input:any", "reduction_indices:int"), _reduce_shape,
                      _reducer(np.prod)),
    "Any": define_op("Any", ("input:bool", "reduction_indices:int"), _reduce_shape,
                     _reducer(np.any)),
    "All": define_op("All", ("input:bool", "reduction_indices:int"), _reduce_shape,
                     _reducer(np.all)),
}


def _axis_arg(axis: Any, reduction_indices: Any) -> Any:
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'reduction_indices' and 'axis'.")
    return reduction_indices if axis is None else axis


def _keep(keepdims: Any, keep_dims: Any) -> bool:
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'.")
    return bool(keep_dims if keepdims is None else keepdims)


def _reduction_dims(x: Tensor, axis: Any) -> Any:
    """TF's ``_ReductionDims``: all axes as a ``Const`` when the rank is known."""
    if axis is not None:
        return axis
    if x.shape.ndims is not None:
        return constant(np.arange(x.shape.ndims, dtype=np.int32))
    from scopelab.ops.array_ops import rank
    from scopelab.ops.generate_ops import range as tf_range
    return tf_range(0, rank(x))


def _reduce(op_type: str) -> Any:
    def reduce(input_tensor: Any, axis: Any = None, keepdims: Any = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: Any = None) -> Tensor:
        axis = _axis_arg(axis, reduction_indices)
        keep = _keep(keepdims, keep_dims)
        x = convert_to_tensor(input_tensor)
        result = _REDUCERS[op_type](x, _reduction_dims(x, axis), name=name, keep_dims=keep)
        if axis is None and not keep:
            result.set_shape([])      # TF's _may_reduce_to_scalar: all axes, so a scalar
        return result
    reduce.__name__ = reduce.__qualname__ = f"reduce_{op_type.lower()}"
    reduce.__doc__ = f"TF1 ``{reduce.__name__}`` (``{op_type}``): ``axis`` or all axes."
    return reduce


reduce_sum = _reduce("Sum")
reduce_mean = _reduce("Mean")
reduce_max = _reduce("Max")
reduce_min = _reduce("Min")
reduce_prod = _reduce("Prod")
reduce_any = _reduce("Any")
reduce_all = _reduce("All")


def reduce_logsumexp(input_tensor: Any, axis: Any = None, keepdims: Any = None,
                     name: str | None = None, reduction_indices: Any = None,
                     keep_dims: Any = None) -> Tensor:
    """``log(sum(exp(x)))`` computed stably (the max is subtracted first), as TF."""
    from scopelab.ops.array_ops import stop_gradient
    from scopelab.ops.generate_ops import zeros_like
    from scopelab.ops.index_ops import where
    from scopelab.ops.math_ops import exp, is_finite, log
    axis = _axis_arg(axis, reduction_indices)
    keep = _keep(keepdims, keep_dims)
    with name_scope(name, "ReduceLogSumExp") as scope:
        x = convert_to_tensor(input_tensor)
        raw_max = reduce_max(x, axis, keepdims=True)
        my_max = stop_gradient(where(is_finite(raw_max), raw_max, zeros_like(raw_max)))
        result = log(reduce_sum(exp(x - my_max), axis, keepdims=keep))
        if not keep:
            from scopelab.ops.array_ops import reshape, shape
            my_max = reshape(my_max, shape(result))
        from scopelab.ops.math_ops import add
        return add(result, my_max, name=scope)


def reduce_variance(input_tensor: Any, axis: Any = None, keepdims: bool = False,
                    name: str | None = None) -> Tensor:
    from scopelab.ops.math_ops import squared_difference
    with name_scope(name, "reduce_variance"):
        x = convert_to_tensor(input_tensor)
        mean = reduce_mean(x, axis, keepdims=True)
        return reduce_mean(squared_difference(x, mean), axis, keepdims=keepdims)


def reduce_std(input_tensor: Any, axis: Any = None, keepdims: bool = False,
               name: str | None = None) -> Tensor:
    from scopelab.ops.math_ops import sqrt
    with name_scope(name, "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis, keepdims))


def count_nonzero(input_tensor: Any, axis: Any = None, keepdims: Any = None, dtype: Any = int64,
                  name: str | None = None, reduction_indices: Any = None,
                  keep_dims: Any = None) -> Tensor:
    from scopelab.ops.math_ops import cast, not_equal
    axis = _axis_arg(axis, reduction_indices)
    with name_scope(name, "count_nonzero"):
        x = convert_to_tensor(input_tensor)
        nonzero = cast(not_equal(x, np.zeros((), x.dtype.np)), int64)
        return cast(reduce_sum(nonzero, axis, keepdims=_keep(keepdims, keep_dims)), dtype)


# --- add_n, cumsum --------------------------------------------------------------------------------
def _add_n_shape(inputs: list) -> tuple:
    shape = inputs[0].shape
    for t in inputs[1:]:
        if not shape.is_compatible_with(t.shape):
            raise ValueError(
                f"Shapes must be equal rank, but are {shape.ndims} and {t.shape.ndims}"
                if shape.ndims != t.shape.ndims else
                f"Dimensions must be equal for '{building_op()[0]}' (op: 'AddN') with input "
                f"shapes: {', '.join(tf_shape_text(i.shape) for i in inputs)}. add_n adds "
                f"tensors of one shape (it does not broadcast).")
        shape = shape.merge_with(t.shape)
    return inputs[0].dtype, shape


def _add_n(inputs: list) -> np.ndarray:
    total = np.array(inputs[0], copy=True)
    for value in inputs[1:]:
        total = total + value
    return total


_ADD_N = define_op("AddN", ("*inputs:T",), _add_n_shape, _add_n)


def add_n(inputs: Any, name: str | None = None) -> Tensor:
    """The sum of a list of tensors of one shape and dtype (``AddN``)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the "
                         "same dtype and shape")
    if len(inputs) == 1:
        from scopelab.ops.array_ops import identity
        return identity(inputs[0], name=name)
    return _ADD_N(list(inputs), name=name)


def _scan_shape(x: Tensor, axis: Tensor, *, exclusive: bool, reverse: bool) -> tuple:
    return x.dtype, x.shape


def _scan(fn: Any) -> Any:
    def compute(x: np.ndarray, axis: np.ndarray, *, exclusive: bool, reverse: bool) -> np.ndarray:
        a = int(axis)
        if reverse:
            x = np.flip(x, a)
        out = fn(x, axis=a)
        if exclusive:
            identity = 0 if fn is np.cumsum else 1
            out = np.concatenate([np.full_like(np.take(out, [0], axis=a), identity),
                                  np.delete(out, -1, axis=a)], axis=a) if x.shape[a] else out
        return np.flip(out, a) if reverse else out
    return compute


_CUMSUM = define_op("Cumsum", ("x:T", "axis:int"), _scan_shape, _scan(np.cumsum))
_CUMPROD = define_op("Cumprod", ("x:T", "axis:int"), _scan_shape, _scan(np.cumprod))


def cumsum(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
           name: str | None = None) -> Tensor:
    return _CUMSUM(x, axis, name=name, exclusive=exclusive, reverse=reverse)


def cumprod(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
            name: str | None = None) -> Tensor:
    return _CUMPROD(x, axis, name=name, exclusive=exclusive, reverse=reverse)


# --- argmax ---------------------------------------------------------------------------------------
def _arg_shape(input: Tensor, dimension: Tensor, *, output_type: Any) -> tuple:
    a = static_value(dimension)
    if input.shape.ndims is None:
        return output_type, UNKNOWN
    if a is None:
        return output_type, TensorShape([None] * (input.shape.ndims - 1))
    dims = input.shape.as_list()
    del dims[axis_index(int(a), len(dims), "dimension")]
    return output_type, TensorShape(dims)


_ARGMAX = define_op("ArgMax", ("input:any", "dimension:int"), _arg_shape,
                    lambda x, a, *, output_type: np.argmax(x, axis=int(a)))
_ARGMIN = define_op("ArgMin", ("input:any", "dimension:int"), _arg_shape,
                    lambda x, a, *, output_type: np.argmin(x, axis=int(a)))


def argmax(input: Any, axis: Any = None, name: str | None = None,
           dimension: Any = None, output_type: Any = int64) -> Tensor:
    axis = _axis_arg(axis, dimension) if dimension is not None else axis
    return _ARGMAX(input, 0 if axis is None else axis, name=name,
                   output_type=as_dtype(output_type))


def argmin(input: Any, axis: Any = None, name: str | None = None,
           dimension: Any = None, output_type: Any = int64) -> Tensor:
    axis = _axis_arg(axis, dimension) if dimension is not None else axis
    return _ARGMIN(input, 0 if axis is None else axis, name=name,
                   output_type=as_dtype(output_type))


# --- clipping ---------------------------------------------------------------------------------------
def clip_by_value(t: Any, clip_value_min: Any, clip_value_max: Any,
                  name: str | None = None) -> Tensor:
    from scopelab.ops.math_ops import maximum, minimum
    with name_scope(name, "clip_by_value") as scope:
        t = convert_to_tensor(t, name="t")
        t_min = minimum(t, clip_value_max)
        return maximum(t_min, clip_value_min, name=scope)


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """``sum(t ** 2) / 2``."""
    return _L2_LOSS(t, name=name)


_L2_LOSS = define_op("L2Loss", ("t:any",), lambda t: (t.dtype, TensorShape([])),
                     lambda x: np.sum(x * x) / 2)


def clip_by_norm(t: Any, clip_norm: Any, axes: Any = None, name: str | None = None) -> Tensor:
    from scopelab.ops.array_ops import identity
    from scopelab.ops.generate_ops import ones_like
    from scopelab.ops.index_ops import where
    from scopelab.ops.math_ops import maximum, sqrt
    with name_scope(name, "clip_by_norm") as scope:
        t = convert_to_tensor(t, name="t")
        l2sum = reduce_sum(t * t, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))
        l2norm = where(pred, sqrt(l2sum_safe), l2sum)
        intermediate = t * clip_norm
        return identity(intermediate / maximum(l2norm, clip_norm), name=scope)


def global_norm(t_list: Any, name: str | None = None) -> Tensor:
    from scopelab.ops.join_ops import stack
    from scopelab.ops.math_ops import cast, sqrt
    with name_scope(name, "global_norm") as scope:
        half_squared = [l2_loss(convert_to_tensor(t)) for t in t_list if t is not None]
        total = reduce_sum(stack(half_squared))
        return sqrt(total * cast(2, total.dtype), name=scope)


def clip_by_global_norm(t_list: Any, clip_norm: Any, use_norm: Any = None,
                        name: str | None = None) -> tuple:
    """``(list_clipped, global_norm)``: every tensor scaled by ``clip_norm / max(norm, clip)``."""
    from scopelab.ops.array_ops import identity
    from scopelab.ops.math_ops import minimum
    t_list = list(t_list)
    with name_scope(name, "clip_by_global_norm") as scope:
        norm = global_norm(t_list) if use_norm is None else use_norm
        norm_t = convert_to_tensor(norm)
        scale_for_finite = clip_norm * minimum(
            1.0 / norm_t, constant(1.0, dtype=norm_t.dtype) / clip_norm)
        scale = scale_for_finite + (norm_t - norm_t)   # NaN when the norm is not finite
        clipped = [None if t is None else identity(convert_to_tensor(t) * scale,
                                                   name=f"{scope}_{i}")
                   for i, t in enumerate(t_list)]
        return clipped, norm

