"""Matrix products: ``matmul`` (batched for rank > 2, batch dimensions broadcast), ``einsum``
and ``tensordot``."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.shapes import UNKNOWN, broadcast, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["matmul", "einsum", "tensordot"]


def _matmul_shape(a: Tensor, b: Tensor, *, transpose_a: bool, transpose_b: bool) -> tuple:
    name, op_type = building_op()
    if a.shape.ndims is None or b.shape.ndims is None:
        return a.dtype, UNKNOWN
    if a.shape.ndims < 2 or b.shape.ndims < 2:
        bad = a if a.shape.ndims < 2 else b
        raise ValueError(
            f"Shape must be rank 2 but is rank {bad.shape.ndims} for '{name}' (op: '{op_type}') "
            f"with input shapes: {tf_shape_text(a.shape)}, {tf_shape_text(b.shape)}. matmul "
            f"multiplies matrices; use tf.expand_dims or tf.reshape for vectors.")
    sa, sb = a.shape.as_list(), b.shape.as_list()
    m, k1 = (sa[-1], sa[-2]) if transpose_a else (sa[-2], sa[-1])
    k2, n = (sb[-1], sb[-2]) if transpose_b else (sb[-2], sb[-1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError(
            f"Dimensions must be equal, but are {k1} and {k2} for '{name}' (op: '{op_type}') "
            f"with input shapes: {tf_shape_text(a.shape)}, {tf_shape_text(b.shape)}. The inner "
            f"dimensions of a matrix product must agree (check transpose_a / transpose_b).")
    if len(sa) == 2 and len(sb) == 2:
        return a.dtype, TensorShape([m, n])
    batch = broadcast(TensorShape(sa[:-2]), TensorShape(sb[:-2]))
    return a.dtype, TensorShape(batch.as_list() + [m, n])


def _matmul(a: np.ndarray, b: np.ndarray, *, transpose_a: bool, transpose_b: bool) -> np.ndarray:
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


_MATMUL = define_op("MatMul", ("a:T", "b:T"), _matmul_shape, _matmul)
_BATCH_MATMUL = define_op("BatchMatMulV2", ("x:T", "y:T"), _matmul_shape, _matmul)


def matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False,
           adjoint_a: bool = False, adjoint_b: bool = False, a_is_sparse: bool = False,
           b_is_sparse: bool = False, name: str | None = None) -> Tensor:
    """``a @ b`` (batched for rank > 2, batch dimensions broadcast)."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    ta, tb = transpose_a or adjoint_a, transpose_b or adjoint_b
    batched = (a.shape.ndims or 0) > 2 or (b.shape.ndims or 0) > 2
    op = _BATCH_MATMUL if batched else _MATMUL
    return op(a, b, name=name or "MatMul", transpose_a=ta, transpose_b=tb)


def _einsum_shape(inputs: list, *, equation: str) -> tuple:
    lhs, _, rhs = equation.replace(" ", "").partition("->")
    terms = lhs.split(",")
    if len(terms) != len(inputs):
        raise ValueError(f"Expected {len(terms)} inputs for equation {equation!r}, got "
                         f"{len(inputs)}")
    if not rhs and "->" not in equation:
        letters = [c for c in lhs if c.isalpha()]
        rhs = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    sizes: dict[str, int | None] = {}
    ellipsis = TensorShape([])
    for term, t in zip(terms, inputs):
        if t.shape.ndims is None:
            return inputs[0].dtype, UNKNOWN
        dims = t.shape.as_list()
        if "..." in term:
            head, tail = term.split("...")
            n = len(dims) - len(head) - len(tail)
            ellipsis = broadcast(ellipsis, TensorShape(dims[len(head):len(head) + n]))
            dims = dims[:len(head)] + dims[len(head) + n:]
            term = head + tail
        if len(term) != len(dims):
            raise ValueError(f"Input {t.name} has rank {len(dims)} but the equation term "
                             f"{term!r} has {len(term)} letters")
        for c, d in zip(term, dims):
            known = sizes.get(c)
            if known is not None and d is not None and known != d and 1 not in (known, d):
                raise ValueError(f"Dimension {c} is {known} in one input and {d} in another "
                                 f"for einsum {equation!r}")
            sizes[c] = d if known is None or known == 1 else known
    out: list[int | None] = []
    for part in re.split(r"(\.\.\.)", rhs):
        if part == "...":
            out.extend(ellipsis.as_list())
        else:
            out.extend(sizes.get(c) for c in part)
    return inputs[0].dtype, TensorShape(out)


_EINSUM = define_op("Einsum", ("*inputs:T",), _einsum_shape,
                    lambda inputs, *, equation: np.einsum(equation, *inputs))


def einsum(equation: str, *inputs: Any, **kwargs: Any) -> Tensor:
    with name_scope(kwargs.get("name"), "einsum"):
        return _EINSUM(list(inputs), equation=equation)


def tensordot(a: Any, b: Any, axes: Any, name: str | None = None) -> Tensor:
    """Contraction over ``axes`` (an int or two lists), as one ``Tensordot`` op."""
    a, b = convert_to_tensor(a, name="a"), convert_to_tensor(b, name="b")
    if isinstance(axes, (int, np.integer)):
        ra = a.shape.ndims
        axes = (list(range(ra - int(axes), ra)), list(range(int(axes))))
    axes_a = [int(x) for x in np.reshape(axes[0], -1)]
    axes_b = [int(x) for x in np.reshape(axes[1], -1)]
    return _TENSORDOT(a, b, name=name or "Tensordot", axes_a=tuple(axes_a), axes_b=tuple(axes_b))


def _tensordot_shape(a: Tensor, b: Tensor, *, axes_a: tuple, axes_b: tuple) -> tuple:
    if a.shape.ndims is None or b.shape.ndims is None:
        return a.dtype, UNKNOWN
    da, db = a.shape.as_list(), b.shape.as_list()
    for x, y in zip(axes_a, axes_b):
        if da[x] is not None and db[y] is not None and da[x] != db[y]:
            name, _ = building_op()
            raise ValueError(f"Dimensions must be equal, but are {da[x]} and {db[y]} for "
                             f"'{name}' (op: 'Tensordot')")
    keep_a = [d for i, d in enumerate(da) if i not in {x % len(da) for x in axes_a}]
    keep_b = [d for i, d in enumerate(db) if i not in {y % len(db) for y in axes_b}]
    return a.dtype, TensorShape(keep_a + keep_b)


_TENSORDOT = define_op("Tensordot", ("a:T", "b:T"), _tensordot_shape,
                       lambda a, b, *, axes_a, axes_b: np.tensordot(a, b, (axes_a, axes_b)))
