"""One VariableRequest per get_variable call: TF1's calling conventions at every boundary."""

import inspect

import numpy as np
import pytest

import scopelab as tf
from scopelab import config
from scopelab._request import VariableRequest
from scopelab.store import VariableStore


def test_a_getter_may_call_its_getter_positionally_in_tf_order():
    seen = {}

    def positional(getter, name, shape, dtype, initializer, regularizer, reuse, trainable,
                   collections, caching_device, partitioner, validate_shape, use_resource,
                   synchronization, aggregation):
        seen.update(reuse=reuse, dtype=dtype, trainable=trainable)
        # TF's _true_getter order: name, shape, dtype, initializer, regularizer, reuse, trainable…
        return getter(name + "/p", shape, dtype, initializer, regularizer, reuse, False,
                      collections, caching_device, partitioner, validate_shape, use_resource)

    with tf.variable_scope("s", custom_getter=positional, dtype=tf.float16):
        v = tf.get_variable("v", [2])
    assert v.name == "s/v/p:0" and v.dtype == tf.float16 and not v.trainable
    assert seen == {"reuse": False, "dtype": tf.float16, "trainable": True}   # resolved, normalised


def test_the_getter_refuses_arguments_tf_s_true_getter_does_not_take():
    def bad(getter, *args, **kwargs):
        return getter(*args, custom_getter=None, **kwargs)

    with pytest.raises(TypeError, match="true getter arguments"):
        tf.get_variable("v", [2], custom_getter=bad)
    assert tf.global_variables() == []


def test_the_getter_s_dtype_defaults_to_float32_like_tf_s_true_getter():
    def rename(getter, name, **kwargs):
        kwargs.pop("dtype")
        return getter(name + "_x", **kwargs)

    with tf.variable_scope("s", custom_getter=rename, dtype=tf.float64):
        assert tf.get_variable("v", [1]).dtype == tf.float32


def test_variable_scope_get_variable_applies_the_scope_defaults_tf_api():
    store = VariableStore()
    with tf.variable_scope("s", initializer=tf.ones_initializer(), dtype=tf.float64) as scope:
        v = scope.get_variable(store, "v", [2])
    assert v.name == "s/v:0" and v.dtype == tf.float64
    np.testing.assert_array_equal(np.asarray(v), [1.0, 1.0])
    assert store.get("s/v") is v and tf.get_default_store().get("s/v") is None


def test_complete_applies_defaults_once_explicit_arguments_win():
    with tf.variable_scope("s", regularizer=tf.l2_regularizer(1.0), partitioner=None,
                           reuse=tf.AUTO_REUSE, dtype=tf.int32) as scope:
        explicit = tf.zeros_initializer()
        done = scope.complete(VariableRequest("v", [2], initializer=explicit))
    assert (done.name, done.scope, done.reuse, done.dtype) == ("s/v", "s", tf.AUTO_REUSE, tf.int32)
    assert done.initializer is explicit and done.regularizer is scope.regularizer
    with pytest.raises(AttributeError):
        done.name = "other"                        # the request is immutable


def test_get_local_variable_takes_get_variable_s_positional_arguments():
    v = tf.get_local_variable("v", [2], tf.float32, None, None, True, ["mine"])
    assert not v.trainable and v.collections == ("mine", tf.GraphKeys.LOCAL_VARIABLES)
    assert inspect.signature(tf.get_local_variable).parameters["trainable"].default is False
    assert list(inspect.signature(tf.get_local_variable).parameters) == list(
        inspect.signature(tf.get_variable).parameters)


def test_store_get_variable_keeps_tf_s_store_signature():
    store = VariableStore()
    a = store.get_variable("a", [1])                           # reuse=None: get or create
    assert store.get_variable("a", [1]) is a and a.dtype == tf.float32
    with pytest.raises(tf.errors.VariableAlreadyExistsError):
        store.get_variable("a", [1], reuse=False)


def test_partition_invariant_shards_share_one_key_per_variable():
    config.settings.partition_invariant = True
    try:
        with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(3)):
            a = tf.get_variable("a", [9, 2], initializer=tf.random_normal_initializer())
            b = tf.get_variable("b", [9, 2], initializer=tf.random_normal_initializer())
    finally:
        config.settings.partition_invariant = False
    full_a, full_b = np.asarray(a), np.asarray(b)
    assert not np.array_equal(full_a, full_b)          # two variables, two keys
    assert len({tuple(s.numpy().ravel()[:2]) for s in a}) == 3   # shards of one random tensor
