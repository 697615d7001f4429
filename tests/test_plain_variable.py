"""``tf.Variable(...)``: named by the name scope, in collections, invisible to get_variable."""

import numpy as np
import pytest

import scopelab as tf


def test_named_by_name_scope_and_uniquified_like_an_op():
    with tf.variable_scope("foo"):
        a = tf.Variable(1.0)
        b = tf.Variable(2.0)
    assert [a.name, b.name] == ["foo/Variable:0", "foo/Variable_1:0"]
    assert a.dtype == tf.float32 and a.shape.as_list() == []


def test_isinstance_holds_for_every_variable():
    made = tf.Variable(np.zeros(3))
    got = tf.get_variable("g", [3])
    assert isinstance(made, tf.Variable) and isinstance(got, tf.Variable)
    assert issubclass(type(got), tf.Variable)


def test_collections_trainable_and_sync_rules_match_get_variable():
    t = tf.Variable(1.0, name="t")
    n = tf.Variable(1.0, name="n", trainable=False)
    r = tf.Variable(1.0, name="r", synchronization=tf.VariableSynchronization.ON_READ)
    c = tf.Variable(1.0, name="c", collections=["mine"])
    assert tf.global_variables() == [t, n, r]
    assert tf.trainable_variables() == [t, c]
    assert tf.get_collection("mine") == [c]


def test_get_variable_does_not_find_it_and_the_store_stays_empty():
    with tf.variable_scope("layer"):
        v = tf.Variable(tf.zeros([2]), name="w")
    assert tf.get_default_store().get("layer/w") is None
    with pytest.raises(tf.errors.VariableNotFoundError, match="was not created with tf.get_variable"):
        with tf.variable_scope("layer", reuse=True):
            tf.get_variable("w")
    with tf.variable_scope("layer"):
        second = tf.get_variable("w", [2])            # TF #1325: a second, separate variable
    # its op is uniquified past the tf.Variable's "layer/w", as TF1 names it; the store keys "layer/w"
    assert second is not v and second.name == "layer/w_1:0"
    assert tf.get_default_store().get("layer/w") is second
    np.testing.assert_array_equal(np.asarray(v), [0.0, 0.0])


def test_bad_input_leaves_nothing_behind():
    with pytest.raises(ValueError, match="initial_value must be specified"):
        tf.Variable()
    with pytest.raises(ValueError, match="must be a list, tuple, or set"):
        tf.Variable(1.0, collections="mine")
    with pytest.raises(TypeError):
        tf.Variable({})
    assert tf.global_variables() == [] and tf.get_collection("mine") == []
    assert tf.Variable(1.0).name == "Variable:0"      # no name was consumed by the failures
