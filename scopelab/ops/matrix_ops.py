"""Matrix helpers: ``eye``, ``matrix_diag`` / ``diag``, ``matrix_diag_part``, ``trace``,
``matrix_transpose`` and ``norm`` (vector norms, and the 1, inf and Frobenius matrix norms).

``norm`` is TF1's composite (``norm/Sum``, ``norm/Sqrt``, ``norm/Squeeze``), so its names match.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import as_dtype, float32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import array_ops, math_ops, reduce_ops
from scopelab.ops.op_def import convert_to_tensor, define_op
from scopelab.ops.tensor import Tensor

__all__ = ["eye", "matrix_diag", "diag", "matrix_diag_part", "trace", "matrix_transpose",
           "norm"]


# --- eye --------------------------------------------------------------------------------------------
def _eye_shape(*, rows: int, columns: int, batch: tuple, dtype: Any) -> tuple:
    return dtype, TensorShape([*batch, rows, columns])


def _eye(*, rows: int, columns: int, batch: tuple, dtype: Any) -> np.ndarray:
    return np.broadcast_to(np.eye(rows, columns, dtype=dtype.np), (*batch, rows, columns)).copy()


_EYE = define_op("MatrixDiag", (), _eye_shape, _eye)


def eye(num_rows: Any, num_columns: Any = None, batch_shape: Any = None, dtype: Any = float32,
        name: str | None = None) -> Tensor:
    """Identity matrices (``eye/diag``, or ``eye/set_diag`` when not square or batched)."""
    rows = int(np.asarray(num_rows))
    columns = rows if num_columns is None else int(np.asarray(num_columns))
    batch = () if batch_shape is None else tuple(int(b) for b in np.reshape(batch_shape, -1))
    with name_scope(name, "eye"):
        plain = num_columns is None and batch_shape is None
        return _EYE(name="diag" if plain else "set_diag", rows=rows, columns=columns,
                    batch=batch, dtype=as_dtype(dtype))


# --- diagonals ----------------------------------------------------------------------------------------
def _rank_at_least(x: Tensor, rank: int, what: str) -> None:
    if x.shape.ndims is not None and x.shape.ndims < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {x.shape.ndims}: "
                         f"{what} needs a tensor of rank >= {rank}.")


def _matrix_diag_shape(diagonal: Tensor) -> tuple:
    _rank_at_least(diagonal, 1, "matrix_diag")
    if diagonal.shape.ndims is None:
        return diagonal.dtype, TensorShape(None)
    dims = diagonal.shape.as_list()
    return diagonal.dtype, TensorShape([*dims, dims[-1]])


def _matrix_diag(diagonal: np.ndarray) -> np.ndarray:
    n = diagonal.shape[-1]
    out = np.zeros((*diagonal.shape, n), dtype=diagonal.dtype)
    index = np.arange(n)
    out[..., index, index] = diagonal
    return out


_MATRIX_DIAG = define_op("MatrixDiag", ("diagonal:any",), _matrix_diag_shape, _matrix_diag)


def matrix_diag(diagonal: Any, name: str = "diag", k: int = 0, num_rows: Any = None,
                num_cols: Any = None, padding_value: Any = 0, align: str = "RIGHT_LEFT") -> Tensor:
    """Batched diagonal matrices ``[..., N] -> [..., N, N]`` (the main diagonal only)."""
    if k != 0 or num_rows is not None or num_cols is not None or padding_value != 0:
        raise NotImplementedError("matrix_diag with k, num_rows, num_cols or padding_value is "
                                  "not implemented in scopelab; only the main diagonal is.")
    return _MATRIX_DIAG(diagonal, name=name)


def _diag_shape(diagonal: Tensor) -> tuple:
    if diagonal.shape.ndims is None:
        return diagonal.dtype, TensorShape(None)
    if diagonal.shape.ndims == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0: tf.diag needs a tensor.")
    dims = diagonal.shape.as_list()
    return diagonal.dtype, TensorShape(dims + dims)


def _diag(diagonal: np.ndarray) -> np.ndarray:
    flat = diagonal.reshape(-1)
    return np.diag(flat).reshape(diagonal.shape + diagonal.shape)


_DIAG = define_op("Diag", ("diagonal:any",), _diag_shape, _diag)


def diag(diagonal: Any, name: str | None = None) -> Tensor:
    """TF1's ``tf.diag``: a rank-k tensor becomes rank 2k with it on the diagonal."""
    return _DIAG(diagonal, name=name)


def _diag_part_shape(input: Tensor) -> tuple:
    _rank_at_least(input, 2, "matrix_diag_part")
    if input.shape.ndims is None:
        return input.dtype, TensorShape(None)
    *batch, m, n = input.shape.as_list()
    return input.dtype, TensorShape([*batch, None if m is None or n is None else min(m, n)])


_DIAG_PART = define_op("MatrixDiagPart", ("input:any",), _diag_part_shape,
                       lambda x: np.diagonal(x, axis1=-2, axis2=-1).copy())


def matrix_diag_part(input: Any, name: str = "diag_part", k: int = 0,
                     padding_value: Any = 0, align: str = "RIGHT_LEFT") -> Tensor:
    if k != 0:
        raise NotImplementedError("matrix_diag_part(k != 0) is not implemented in scopelab.")
    return _DIAG_PART(input, name=name)


def trace(x: Any, name: str | None = None) -> Tensor:
    """The sum of each matrix's diagonal (``[..., M, N] -> [...]``)."""
    with name_scope(name, "Trace") as scope:
        x = convert_to_tensor(x, name="x")
        return reduce_ops.reduce_sum(matrix_diag_part(x), [-1], name=scope)


def matrix_transpose(a: Any, name: str = "matrix_transpose", conjugate: bool = False) -> Tensor:
    """Swap the last two dimensions (``matrix_transpose/transpose``)."""
    with name_scope(name):
        a = convert_to_tensor(a, name="a")
        ndims = a.shape.ndims
        if ndims is None or ndims < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  "
                             f"Found: {a.shape}")
        perm = [*range(ndims - 2), ndims - 1, ndims - 2]
        return array_ops.transpose(a, perm)


# --- norm ------------------------------------------------------------------------------------------
def norm(tensor: Any, ord: Any = "euclidean", axis: Any = None, keepdims: Any = None,
         name: str | None = None, keep_dims: Any = None) -> Tensor:
    """TF1's ``tf.norm``: vector norms over ``axis`` (an int), matrix norms over a pair."""
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    is_matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if axis is not None and not is_matrix:
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if not isinstance(axis, (int, np.integer)):
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique "
                             f"integers, got {axis}")
    supported = ("euclidean", "fro", 1, 2, np.inf) if is_matrix else ("euclidean", 2, np.inf)
    if is_matrix:
        if ord not in supported or (isinstance(ord, (int, float)) and ord == 2):
            if ord == 2:
                raise NotImplementedError("The spectral norm (ord=2 over a matrix) needs an SVD, "
                                          "which scopelab does not implement.")
            raise ValueError(f"'ord' must be a supported matrix norm in {list(supported)}, "
                             f"got {ord}")
    elif not (ord in supported or (isinstance(ord, (int, float)) and not isinstance(ord, bool)
                                   and ord > 0)):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    axes = None if axis is None else (list(axis) if is_matrix else [int(axis)])
    with name_scope(name, "norm"):
        tensor = convert_to_tensor(tensor, name="tensor")
        if ord in ("fro", "euclidean", 2, 2.0):
            result = math_ops.sqrt(reduce_ops.reduce_sum(tensor * tensor, axes, keepdims=True))
        else:
            result = math_ops.abs(tensor)
            if ord == 1:
                result = reduce_ops.reduce_sum(result, None if axes is None else axes[0],
                                               keepdims=True)
                if is_matrix:
                    result = reduce_ops.reduce_max(result, axes[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix:
                    result = reduce_ops.reduce_sum(result, axes[1], keepdims=True)
                result = reduce_ops.reduce_max(result, None if axes is None else axes[0],
                                               keepdims=True)
            else:
                result = math_ops.pow(reduce_ops.reduce_sum(math_ops.pow(result, ord), axes,
                                                            keepdims=True), 1.0 / ord)
        if not keepdims:
            result = array_ops.squeeze(result, axes)
        return result
