"""The TF1 spellings of the rnn, train and summary surface are where TF1 code looks for them."""

from __future__ import annotations

import pytest

import scopelab as tf

RNN_CELL = ["RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell",
            "DropoutWrapper", "ResidualWrapper", "DeviceWrapper", "LSTMStateTuple"]
NN = ["dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn", "static_bidirectional_rnn"]
TRAIN = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
         "AdagradOptimizer", "RMSPropOptimizer", "AdadeltaOptimizer", "FtrlOptimizer",
         "ExponentialMovingAverage", "get_global_step", "create_global_step",
         "get_or_create_global_step", "global_step", "exponential_decay", "natural_exp_decay",
         "inverse_time_decay", "polynomial_decay", "piecewise_constant", "cosine_decay"]
SUMMARY = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all", "FileWriter", "FileWriterCache"]


@pytest.mark.parametrize("name", RNN_CELL)
def test_rnn_cell_namespace(name: str) -> None:
    assert getattr(tf.nn.rnn_cell, name) is getattr(tf.compat.v1.nn.rnn_cell, name)


@pytest.mark.parametrize(("namespace", "names"), [
    ("nn", NN), ("train", TRAIN), ("summary", SUMMARY)])
def test_namespaces(namespace: str, names: list[str]) -> None:
    module = getattr(tf, namespace)
    assert [n for n in names if not callable(getattr(module, n, None))] == []


def test_moving_averages_module_and_gradients() -> None:
    assert callable(tf.train.moving_averages.assign_moving_average)
    assert tf.gradients.__module__ == "scopelab.train.gradients"
    assert issubclass(tf.nn.rnn_cell.GRUCell, tf.nn.rnn_cell.RNNCell)
