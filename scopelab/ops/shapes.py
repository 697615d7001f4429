"""Static shape inference helpers shared by the shape functions (TF's ``common_shape_fns``).

* :func:`broadcast` — NumPy broadcasting with unknown dimensions, as TF's
  ``BroadcastBinaryOpOutputShapeFn`` (a known dimension > 1 wins over an unknown one).
* :func:`static_value` — TF's ``constant_value``: the value of a tensor when it is known while
  building the graph (constants, and shapes/ranks/sizes of tensors whose static shape is known).
* :func:`shape_from_tensor` — TF's ``constant_value_as_shape``: a partial static shape from a shape
  tensor such as ``tf.stack([tf.shape(x)[0], -1])`` (unknown entries become ``None``).
* :func:`conv_output` — one spatial dimension of a convolution or pool (``SAME`` / ``VALID``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.tensor_shape import TensorShape

__all__ = ["broadcast", "static_value", "shape_from_tensor", "conv_output", "axis_index",
           "tf_shape_text", "UNKNOWN"]

UNKNOWN = TensorShape(None)


def tf_shape_text(shape: TensorShape) -> str:
    """``[2,3]``, ``[?,3]`` or ``?``: shapes as TF's shape-inference messages print them."""
    if shape.ndims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def broadcast(x: TensorShape, y: TensorShape, op_name: str = "", op_type: str = "") -> TensorShape:
    """The static shape of ``x <op> y`` under broadcasting (TF's rules with unknown dims)."""
    if not op_name:
        from scopelab.ops.op_def import building_op
        op_name, op_type = building_op()
    if x.ndims is None or y.ndims is None:
        return UNKNOWN
    a, b = x.as_list(), y.as_list()
    rank = max(len(a), len(b))
    a = [1] * (rank - len(a)) + a
    b = [1] * (rank - len(b)) + b
    out: list[int | None] = []
    for dx, dy in zip(a, b):
        if dx is not None and dx > 1:
            if dy is not None and dy > 1 and dx != dy:
                raise _incompatible(dx, dy, x, y, op_name, op_type)
            out.append(dx)
        elif dy is not None and dy > 1:
            out.append(dy)
        elif dx == 1:
            out.append(dy)
        elif dy == 1:
            out.append(dx)
        elif dx is None or dy is None:
            out.append(None)
        elif dx != dy:
            raise _incompatible(dx, dy, x, y, op_name, op_type)
        else:
            out.append(dx)
    return TensorShape(out)


def _incompatible(dx: int, dy: int, x: TensorShape, y: TensorShape, op_name: str,
                  op_type: str) -> ValueError:
    return ValueError(
        f"Dimensions must be equal, but are {dx} and {dy} for '{op_name}' (op: '{op_type}') with "
        f"input shapes: {tf_shape_text(x)}, {tf_shape_text(y)}. Broadcasting pairs dimensions "
        f"from the right; each pair must be equal or contain a 1 (reshape or transpose one "
        f"input, or tf.expand_dims it).")


def static_value(tensor: Any) -> np.ndarray | None:
    """The value of ``tensor`` if it is known at graph construction, else None."""
    op = tensor.op
    if op._constant:
        return tensor._value
    if op.type == "Shape" and op.inputs[0].shape.is_fully_defined():
        return np.array(op.inputs[0].shape.as_list(), dtype=tensor.dtype.np)
    if op.type == "Rank" and op.inputs[0].shape.ndims is not None:
        return np.array(op.inputs[0].shape.ndims, dtype=np.int32)
    if op.type == "Size" and op.inputs[0].shape.is_fully_defined():
        return np.array(op.inputs[0].shape.num_elements(), dtype=tensor.dtype.np)
    if op.type in ("Pack", "ConcatV2", "Cast", "Identity", "StopGradient", "StridedSlice"):
        parts = [static_value(t) for t in op.inputs]
        if all(p is not None for p in parts):
            from scopelab.ops.evaluate import EvalContext, run_compute
            grouped, position = [], 0
            for count in op._layout:
                if count is None:
                    grouped.append(parts[position])
                    position += 1
                else:
                    grouped.append(parts[position:position + count])
                    position += count
            return run_compute(op, grouped, EvalContext(None))[tensor.value_index]
    return None


def shape_from_tensor(tensor: Any) -> TensorShape:
    """A (partial) static shape from a 1-D shape tensor; ``-1`` entries become ``None``."""
    value = static_value(tensor)
    if value is not None:
        return TensorShape([None if d < 0 else int(d) for d in np.reshape(value, -1)])
    op = tensor.op
    if op.type == "Shape":
        return op.inputs[0].shape
    if op.type == "Pack":
        dims = []
        for t in op.inputs:
            v = static_value(t)
            dims.append(None if v is None or int(v) < 0 else int(v))
        return TensorShape(dims)
    if op.type == "ConcatV2":
        out: list[int | None] = []
        for t in op.inputs[:-1]:
            part = shape_from_tensor(t)
            if part.ndims is None:
                return _unknown_of_length(tensor)
            out.extend(part.as_list())
        return TensorShape(out)
    if op.type == "StridedSlice" and op.inputs[0].op.type == "Shape":
        source = op.inputs[0].op.inputs[0].shape
        begin, end, strides = (static_value(t) for t in op.inputs[1:4])
        attrs = op.attrs
        plain = not any(attrs.get(k) for k in ("ellipsis_mask", "new_axis_mask",
                                               "shrink_axis_mask"))
        if source.ndims is not None and plain and begin is not None and end is not None \
                and strides is not None and len(begin) == 1:
            b = None if attrs.get("begin_mask") else int(begin[0])
            e = None if attrs.get("end_mask") else int(end[0])
            return TensorShape(source.as_list()[slice(b, e, int(strides[0]))])
    return _unknown_of_length(tensor)


def _unknown_of_length(tensor: Any) -> TensorShape:
    length = tensor.shape.as_list()[0] if tensor.shape.ndims == 1 else None
    return UNKNOWN if length is None else TensorShape([None] * length)


def conv_output(size: int | None, window: int | None, stride: int, padding: str,
                dilation: int = 1) -> int | None:
    """Output length of one spatial dimension (TF's ``GetWindowedOutputSize``)."""
    if size is None or window is None:
        return None
    if padding == "SAME":
        return -(-size // stride)
    effective = (window - 1) * dilation + 1
    return max(0, (size - effective + stride) // stride)


def axis_index(axis: int, rank: int | None, what: str = "axis") -> int:
    """``axis`` in ``[-rank, rank)`` as a non-negative index (TF's error otherwise)."""
    if rank is None:
        return axis
    if not -rank <= axis < rank:
        raise ValueError(
            f"{what} {axis} is out of bounds: must be in the range [{-rank}, {rank}) for a "
            f"tensor of rank {rank}.")
    return axis % rank if rank else 0
