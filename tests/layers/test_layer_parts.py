"""The parts of scopelab.layers / scopelab.contrib that the TF recordings do not pin down: layer
names per graph, argument normalisation, output-size arithmetic, contrib's initializer formulas."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf
from scopelab.contrib import layers as contrib_layers
from scopelab.layers import _base, convolutional


@pytest.mark.parametrize("cls, snake", [
    ("Dense", "dense"), ("Conv2DTranspose", "conv2d_transpose"), ("SeparableConv2D", "separable_conv2d"),
    ("BatchNormalization", "batch_normalization"), ("MaxPooling1D", "max_pooling1d"), ("Conv3D", "conv3d"),
])
def test_snake_case_names_match_tf1(cls: str, snake: str) -> None:
    assert _base.to_snake_case(cls) == snake


def test_layer_names_count_per_graph_and_restart_after_reset() -> None:
    assert [_base.unique_layer_name("dense") for _ in range(3)] == ["dense_1", "dense_2", "dense_3"]
    assert _base.unique_layer_name("conv2d") == "conv2d_1"
    with tf.Graph().as_default():
        assert _base.unique_layer_name("dense") == "dense_1"
    assert _base.unique_layer_name("dense") == "dense_4"
    tf.reset_default_graph()
    assert _base.unique_layer_name("dense") == "dense_1"


def test_argument_normalisation_errors() -> None:
    assert convolutional.normalize_tuple(3, 2, "kernel_size") == (3, 3)
    assert convolutional.normalize_tuple([1, 2], 2, "strides") == (1, 2)
    with pytest.raises(ValueError, match="The `strides` argument must be a tuple of 2 integers. Received: 1.5"):
        convolutional.normalize_tuple(1.5, 2, "strides")
    assert convolutional.normalize_padding("SAME") == "same"
    with pytest.raises(ValueError, match='must be one of "valid", "same"'):
        convolutional.normalize_padding("causal")
    assert convolutional.normalize_padding("causal", allow_causal=True) == "causal"


@pytest.mark.parametrize("length, kernel, padding, stride, dilation, expected", [
    (8, 3, "valid", 1, 1, 6), (8, 3, "same", 2, 1, 4), (7, 3, "valid", 2, 1, 3), (10, 3, "valid", 1, 2, 6),
    (None, 3, "same", 1, 1, None),
])
def test_conv_output_length(length, kernel, padding, stride, dilation, expected) -> None:
    assert convolutional.conv_output_length(length, kernel, padding, stride, dilation) == expected


@pytest.mark.parametrize("length, kernel, padding, stride, expected", [
    (3, 4, "same", 2, 6), (3, 3, "valid", 2, 7), (3, 1, "valid", 2, 6), (None, 3, "same", 2, None),
])
def test_deconv_output_length(length, kernel, padding, stride, expected) -> None:
    assert convolutional.deconv_output_length(length, kernel, padding, stride) == expected


def test_contrib_variance_scaling_uses_contribs_own_formula() -> None:
    he = contrib_layers.variance_scaling_initializer(seed=3)
    values = np.asarray(he([400, 300], dtype=tf.float32))
    stddev = np.sqrt(1.3 * 2.0 / 400)      # FAN_IN, truncated at two standard deviations
    assert np.max(np.abs(values)) <= 2 * stddev + 1e-6
    assert 0.85 * stddev < np.std(values) < 0.91 * stddev
    uniform = np.asarray(contrib_layers.xavier_initializer(seed=3)([400, 300], dtype=tf.float32))
    limit = np.sqrt(6.0 / 700)
    assert np.max(np.abs(uniform)) <= limit and np.max(np.abs(uniform)) > 0.99 * limit
    conv = np.asarray(contrib_layers.variance_scaling_initializer(mode="FAN_OUT", uniform=True)([3, 3, 8, 16]))
    assert np.max(np.abs(conv)) <= np.sqrt(3.0 * 2.0 / (3 * 3 * 16))
    assert repr(he) == "variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False)"


def test_contrib_initializers_reject_what_tf1_rejected() -> None:
    with pytest.raises(TypeError, match=r"Unknown mode fan_avg \[FAN_IN, FAN_OUT, FAN_AVG\]"):
        contrib_layers.variance_scaling_initializer(mode="fan_avg")
    with pytest.raises(TypeError, match="Cannot create initializer for non-floating point type."):
        contrib_layers.xavier_initializer(dtype=tf.int64)
    with pytest.raises(TypeError, match="Cannot create initializer for non-floating point type."):
        contrib_layers.xavier_initializer()([2, 2], dtype=tf.int32)


def test_model_variables_are_filed_in_model_variables() -> None:
    from scopelab.contrib._variables import model_variable
    with tf.variable_scope("BatchNorm"):
        beta = model_variable("beta", [3], created_by="tf.contrib.layers.batch_norm",
                              initializer=tf.zeros_initializer(), collections=["mine"])
    assert beta.name == "BatchNorm/beta:0"
    assert tf.model_variables() == [beta]
    assert tf.get_collection("mine") == [beta]
    assert tf.global_variables() == [beta]


def test_embed_sequence_makes_one_model_variable_and_shares_it() -> None:
    # tf-slim dropped embed_sequence, so there is no TF recording: TF1's contrib.layers.encoders
    # opens variable_scope(scope, "EmbedSequence") and makes the model variable "embeddings".
    ids = tf.placeholder(tf.int32, [None, 7])
    first = contrib_layers.embed_sequence(ids, vocab_size=20, embed_dim=3)
    again = contrib_layers.embed_sequence(ids, scope="EmbedSequence", reuse=True)
    assert [v.name for v in tf.model_variables()] == ["EmbedSequence/embeddings:0"]
    assert tf.global_variables()[0].shape.as_list() == [20, 3]
    assert first.shape.as_list() == again.shape.as_list() == [None, 7, 3]
    with pytest.raises(ValueError, match="Must specify vocab size and embedding dimension when not reusing"):
        contrib_layers.embed_sequence(ids, vocab_size=5)
    assert len(tf.global_variables()) == 1


def test_a_failing_layer_regularizer_leaves_nothing_behind() -> None:
    """The layer's own regularizer runs after get_variable made the kernel (and the scope's loss):
    when it raises, the kernel, its scope loss and the layer's name in the store are undone."""
    x = tf.placeholder(tf.float32, [None, 3])

    def broken(weights):
        raise ValueError("broken regularizer")

    with tf.variable_scope("s", regularizer=tf.contrib.layers.l2_regularizer(0.5)):
        with pytest.raises(ValueError, match="broken regularizer"):
            tf.layers.dense(x, 2, kernel_regularizer=broken, name="d")
        assert tf.global_variables() == []
        assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
        tf.layers.dense(x, 2, kernel_regularizer=tf.contrib.layers.l1_regularizer(0.1), name="d")
    assert [v.name for v in tf.global_variables()] == ["s/d/kernel:0", "s/d/bias:0"]
    # the scope's loss is named after the variable; the layer's in its name scope, which the failed
    # call had already opened (op names are never given back, as in TF): d_1
    names = [loss.name for loss in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    assert names == ["s/d/kernel/Regularizer/l2_regularizer:0",
                     "s/d_1/kernel/Regularizer/l1_regularizer:0",
                     "s/d/bias/Regularizer/l2_regularizer:0"]
