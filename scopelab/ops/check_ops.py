"""TF1's assertion ops (``tf.assert_equal``, ``assert_rank`` …): an ``Assert`` op that fails the
run with ``InvalidArgumentError`` when its condition is false; a condition known while building
(constants, static ranks) is checked at once, as TF1 does."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError
from scopelab.scope import name_scope

from scopelab.ops import math_ops, reduce_ops
from scopelab.ops.control_flow_ops import Assert, no_op
from scopelab.ops.op_def import convert_to_tensor
from scopelab.ops.tensor import Operation

__all__ = ["assert_equal", "assert_none_equal", "assert_less", "assert_less_equal",
           "assert_greater", "assert_greater_equal", "assert_positive", "assert_negative",
           "assert_non_negative", "assert_non_positive", "assert_rank", "assert_rank_at_least"]


def _binary_assert(default: str, compare: Any, words: str) -> Any:
    def check(x: Any, y: Any, data: Any = None, summarize: Any = None, message: Any = None,
              name: str | None = None) -> Operation:
        with name_scope(name, default):
            x, y = convert_to_tensor(x, name="x"), convert_to_tensor(y, name="y")
            condition = reduce_ops.reduce_all(compare(x, y))
            if data is None:
                data = [message or f"Condition x {words} y did not hold element-wise:",
                        f"x (name = {x.name}) = ", x, f"y (name = {y.name}) = ", y]
            elif message is not None:
                data = [message, *data]
            return Assert(condition, data, summarize=summarize)
    check.__name__ = check.__qualname__ = default
    return check


assert_equal = _binary_assert("assert_equal", math_ops.equal, "==")
assert_none_equal = _binary_assert("assert_none_equal", math_ops.not_equal, "!=")
assert_less = _binary_assert("assert_less", math_ops.less, "<")
assert_less_equal = _binary_assert("assert_less_equal", math_ops.less_equal, "<=")
assert_greater = _binary_assert("assert_greater", math_ops.greater, ">")
assert_greater_equal = _binary_assert("assert_greater_equal", math_ops.greater_equal, ">=")


def _sign_assert(default: str, compare: Any, words: str) -> Any:
    def check(x: Any, data: Any = None, summarize: Any = None, message: Any = None,
              name: str | None = None) -> Operation:
        with name_scope(name, default):
            x = convert_to_tensor(x, name="x")
            zero = np.zeros((), x.dtype.np)
            condition = reduce_ops.reduce_all(compare(x, zero))
            if data is None:
                data = [message or f"Condition x {words} did not hold element-wise:",
                        f"x (name = {x.name}) = ", x]
            return Assert(condition, data, summarize=summarize)
    check.__name__ = check.__qualname__ = default
    return check


assert_positive = _sign_assert("assert_positive", math_ops.greater, "> 0")
assert_negative = _sign_assert("assert_negative", math_ops.less, "< 0")
assert_non_negative = _sign_assert("assert_non_negative", math_ops.greater_equal, ">= 0")
assert_non_positive = _sign_assert("assert_non_positive", math_ops.less_equal, "<= 0")


def _rank_check(x: Any, rank: Any, at_least: bool, name: str | None, message: Any) -> Operation:
    with name_scope(name, "assert_rank_at_least" if at_least else "assert_rank"):
        x = convert_to_tensor(x, name="x")
        want = int(np.asarray(rank))
        have = x.shape.ndims
        if have is not None:
            ok = have >= want if at_least else have == want
            if not ok:
                prefix = f"{message}.  " if message else ""
                raise ValueError(
                    f"{prefix}Tensor {x.name} must have rank {'at least ' if at_least else ''}"
                    f"{want}.  Received rank {have}, shape {x.shape}")
            return no_op()
        raise InvalidArgumentError(
            f"Tensor {x.name} has an unknown rank; scopelab checks ranks while building the "
            f"graph only. Give the placeholder a shape (tf.placeholder(dtype, [None] * {want})).")


def assert_rank(x: Any, rank: Any, data: Any = None, summarize: Any = None, message: Any = None,
                name: str | None = None) -> Operation:
    return _rank_check(x, rank, False, name, message)


def assert_rank_at_least(x: Any, rank: Any, data: Any = None, summarize: Any = None,
                         message: Any = None, name: str | None = None) -> Operation:
    return _rank_check(x, rank, True, name, message)
