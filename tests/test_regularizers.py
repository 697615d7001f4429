"""Regularizers (spec §4): values, scale checks, sum/no regularizer, live values on re-call."""

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError
from scopelab.regularizers import l1_regularizer, l2_regularizer, no_regularizer, sum_regularizer


class _Live:
    """Something array-like whose value changes, as a Variable's does after assign()."""

    def __init__(self, value):
        self.value = np.asarray(value)

    def __array__(self, dtype=None, copy=None):
        return self.value if dtype is None else self.value.astype(dtype)


W = np.array([[1.0, -2.0], [3.0, -4.0]], dtype=np.float32)


def test_l1_value():
    loss = l1_regularizer(0.5)(W)
    assert loss == pytest.approx(0.5 * 10.0)
    assert loss.dtype == np.float32


def test_l2_value_is_half_sum_of_squares():
    loss = l2_regularizer(0.1)(W)
    assert loss == pytest.approx(0.1 * 30.0 / 2)
    assert l2_regularizer(1.0)(np.array([3.0])) == pytest.approx(4.5)


def test_regularizers_read_the_current_value_each_call():
    var = _Live([1.0, 1.0])
    reg = l2_regularizer(2.0)
    assert float(reg(var)) == pytest.approx(2.0)
    var.value = np.array([3.0, 0.0])
    assert float(reg(var)) == pytest.approx(9.0)


def test_integer_weights_give_a_float_loss():
    assert l1_regularizer(0.5)(np.array([1, -3])) == pytest.approx(2.0)


@pytest.mark.parametrize("factory", [l1_regularizer, l2_regularizer])
def test_scale_zero_disables(factory):
    assert factory(0.0)(W) is None


@pytest.mark.parametrize("factory", [l1_regularizer, l2_regularizer])
def test_scale_errors(factory):
    with pytest.raises(InvalidArgumentError, match="scale cannot be an integer: 1"):
        factory(1)
    with pytest.raises(InvalidArgumentError, match="Setting a scale less than 0 on a "
                                                   "regularizer: -0.5") as err:
        factory(-0.5)
    assert isinstance(err.value, ValueError)
    with pytest.raises(InvalidArgumentTypeError, match="real number"):
        factory("0.1")


def test_sum_regularizer_adds_and_skips_none():
    reg = sum_regularizer([l1_regularizer(1.0), None, l2_regularizer(0.0), l2_regularizer(1.0)])
    assert reg(W) == pytest.approx(10.0 + 15.0)


def test_sum_regularizer_of_nothing():
    assert sum_regularizer([]) is None
    assert sum_regularizer([None]) is None
    assert sum_regularizer([l1_regularizer(0.0)])(W) is None


def test_sum_regularizer_rejects_non_callables():
    with pytest.raises(InvalidArgumentTypeError, match="needs callables"):
        sum_regularizer([l1_regularizer(1.0), 3])


def test_no_regularizer_returns_none():
    assert no_regularizer(W) is None
    assert no_regularizer(None) is None


def test_names_for_views():
    assert repr(l2_regularizer(0.1)) == "l2_regularizer(scale=0.1)"
    assert l1_regularizer(0.25).__name__ == "l1_regularizer"
    assert sum_regularizer([l1_regularizer(1.0)]).__name__ == "sum_regularizer"


def test_a_regularizer_failing_after_building_ops_gives_their_names_back():
    def builds_then_fails(v):
        with tf.name_scope("penalty"):
            tf.reduce_sum(v * 2.0)
        raise RuntimeError("regularizer gave up")

    graph = tf.get_default_graph()
    before = graph.op_names()
    with pytest.raises(RuntimeError, match="regularizer gave up"):
        tf.get_variable("w", [2], regularizer=builds_then_fails)
    assert graph.op_names() == before and tf.global_variables() == []
    w = tf.get_variable("w", [2])
    with tf.name_scope("penalty"):
        assert (w * 2.0).op.name == "penalty/mul"    # not penalty_1/mul: the names came back
