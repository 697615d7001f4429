"""init_from_checkpoint: TF1's mapping rules and errors, replayed from the TensorFlow record."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf

from .conftest import TF_EXPECTED, data_path, decode

CASES = TF_EXPECTED["errors"]


@pytest.fixture
def ckpt() -> str:
    return data_path(TF_EXPECTED["layers"]["prefix"])


def _message(key: str, ckpt: str) -> str:
    return CASES[key]["message"].replace("<HERE>/tf/layers/model.ckpt-3", ckpt)


def test_scope_to_scope(ckpt):
    kernel = tf.get_variable("new/hidden/kernel", [4, 8])
    bias = tf.get_variable("new/hidden/bias", [8])
    tf.train.init_from_checkpoint(ckpt, {"model/hidden/": "new/hidden/"})
    assert CASES["init_scope_ok"]["type"] is None
    np.testing.assert_array_equal(np.asarray(kernel), tf.train.load_variable(ckpt, "model/hidden/kernel"))
    np.testing.assert_array_equal(np.asarray(bias), tf.train.load_variable(ckpt, "model/hidden/bias"))


def test_root_to_scope(ckpt):
    with tf.variable_scope("outer"):
        step = tf.get_variable("global_step", [], dtype=tf.int64)
    tf.train.init_from_checkpoint(ckpt, {"/": "outer/"})
    np.testing.assert_array_equal(np.asarray(step), decode(CASES["init_root_values"]["outer/global_step"]))


def test_one_variable_by_name_object_and_partitioned_target(ckpt):
    a = tf.get_variable("a", [4, 8])
    b = tf.get_variable("b", [8])
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2)):
        k = tf.get_variable("k", [4, 8])
    tf.train.init_from_checkpoint(ckpt, {"model/hidden/kernel": "a", "model/hidden/bias": b})
    tf.train.init_from_checkpoint(ckpt, {"model/hidden/kernel": "p/k"})
    kernel = tf.train.load_variable(ckpt, "model/hidden/kernel")
    np.testing.assert_array_equal(np.asarray(a), kernel)
    np.testing.assert_array_equal(np.asarray(b), tf.train.load_variable(ckpt, "model/hidden/bias"))
    for i, shard in enumerate(k):
        np.testing.assert_array_equal(np.asarray(shard),
                                      decode(CASES["init_partitioned_values"][f"p/k/part_{i}"]))
    k.assign(np.zeros((4, 8), np.float32))
    tf.train.init_from_checkpoint(ckpt, {"model/hidden/kernel": list(k)})     # a shard list
    np.testing.assert_array_equal(np.asarray(k), kernel)


@pytest.mark.parametrize("key, build, amap", [
    ("init_scope_missing", lambda: tf.get_variable("new/hidden/gamma", [8]),
     {"model/hidden/": "new/hidden/"}),
    ("init_var_missing", lambda: tf.get_variable("w", [4, 8]), {"model/nope": "w"}),
    ("init_shape", lambda: tf.get_variable("w", [4, 9]), {"model/hidden/kernel": "w"}),
    ("init_scope_only", lambda: tf.get_variable("w", [4, 8]), {"model/hidden": "nothere/"}),
    ("init_no_var", lambda: tf.get_variable("w", [4, 8]), {"model/hidden/kernel": "nope/w"}),
])
def test_value_errors_are_tensorflows(ckpt, key, build, amap):
    build()
    before = {v.full_name: np.asarray(v).copy() for v in tf.get_default_store().variables()}
    with pytest.raises(ValueError) as err:
        tf.train.init_from_checkpoint(ckpt, amap)
    assert CASES[key]["type"] == "ValueError"
    first = str(err.value).split("\n")[0]
    expected = _message(key, ckpt)
    if key == "init_var_missing":        # TF appends its whole {name: shape} dict; we list instead
        expected = expected.split(" checkpoint {")[0] + " checkpoint"
    assert first == expected
    assert all(np.array_equal(before[n], np.asarray(tf.get_default_store().get(n))) for n in before)


def test_dtype_mismatch_is_invalid_argument(ckpt):
    tf.get_variable("w", [4, 8], dtype=tf.float64)
    with pytest.raises(tf.errors.InvalidArgumentError) as err:
        tf.train.init_from_checkpoint(ckpt, {"model/hidden/kernel": "w"})
    assert str(err.value).split("\n")[0] == CASES["init_dtype"]["op_message"]
    assert CASES["init_dtype"]["type"] == "InvalidArgumentError"


def test_missing_tensor_lists_names_with_the_same_leaf(ckpt):
    tf.get_variable("enc/hidden/kernel", [4, 8])
    with pytest.raises(ValueError) as err:
        tf.train.init_from_checkpoint(ckpt, {"encoder/": "enc/"})
    text = str(err.value)
    assert text.startswith("Tensor encoder/hidden/kernel (hidden/kernel in encoder/) is not found")
    assert "same last part: model/hidden/kernel" in text


def test_all_or_nothing(ckpt):
    """A later entry of the map failing leaves the earlier targets untouched."""
    a = tf.get_variable("a", [4, 8], initializer=tf.zeros_initializer())
    tf.get_variable("z", [3])
    with pytest.raises(ValueError):
        tf.train.init_from_checkpoint(ckpt, {"model/hidden/kernel": "a", "model/zzz": "z"})
    assert not np.asarray(a).any()
