"""``scopelab.math_ops``: the math and array ops of :mod:`scopelab.ops` under their old home.

Kept so that ``from scopelab import math_ops`` keeps working; every op is defined once in
``scopelab.ops`` (symbolic inputs give symbolic tensors, concrete inputs compute now).
"""

from scopelab._tensor_base import is_tensor
from scopelab.ops import (
    Tensor, abs, add, add_n, concat, constant, convert_to_tensor, identity, l2_loss, matmul,  # noqa: A004 - TF's public name tf.abs
    multiply, ones, ones_like, reduce_max, reduce_mean, reduce_sum, reshape, sqrt, square, stack,
    zeros, zeros_like,
)

__all__ = [
    "Tensor", "is_tensor", "convert_to_tensor", "reduce_sum", "reduce_mean", "reduce_max",
    "square", "abs", "sqrt", "add", "add_n", "multiply", "matmul", "constant", "identity",
    "zeros", "ones", "zeros_like", "ones_like", "reshape", "concat", "stack", "l2_loss",
]
