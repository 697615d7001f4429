"""Replays the tf.layers / tf.contrib.layers cases under scopelab and compares with TensorFlow.

``tf1_layers.json`` was recorded by ``record_tf.py`` with TF 2.15 ``tf.compat.v1`` graph mode, whose
``tf.compat.v1.layers`` are TF1's layers run by Keras 2.15 (``tf.contrib.layers`` = tf-slim). Where
Keras 2.15 reworded a layer's error, scopelab keeps TF 1.15's text (``TF1_TEXT_INSTEAD``); TF's ref
variables append " Originally defined at:" and a traceback to "already exists", which is not compared.
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from _load import CASES, run_case

import scopelab as tf

EXPECTED = json.loads((HERE / "tf1_layers.json").read_text())["cases"]

# (case, label) -> TF 1.15's key phrase where Keras 2.15 (the recording) words the message differently.
TF1_TEXT_INSTEAD = {
    ("dense_errors", "unknown_last"): "The last dimension of the inputs to `Dense` should be defined. Found `None`.",
    ("dense_object_shared", "other_dim"): "Input 0 of layer head is incompatible with the layer: expected axis -1 "
                                          "of input shape to have value 3 but received input with shape",
    ("batch_norm_layers", "bad_axis"): "Invalid axis: 4",
    ("conv_names_shapes", "bad_padding"): 'The `padding` argument must be one of "valid", "same" (or "causal", '
                                          "only for `Conv1D). Received: full",
    ("conv_names_shapes", "no_channels"): "The channel dimension of the inputs should be defined. Found `None`.",
    ("dense_object_shared", "scope_name_early"): 'No name available for layer scope because the layer "head" has '
                                                 "not been used yet.",
    ("conv3d_and_separable_conv1d", "conv3d_rank"): "Input 0 of layer conv3d_3 is incompatible with the layer: "
                                                    "expected ndim=5, found ndim=3.",
    # Keras 2.15 only asks for min_ndim=3 and fails later in the op; TF 1.15's layer checked ndim=3 first.
    ("conv3d_and_separable_conv1d", "sep1d_rank"): "Input 0 of layer separable_conv1d_3 is incompatible with the "
                                                   "layer: expected ndim=3, found ndim=5.",
    ("conv3d_and_separable_conv1d", "sep1d_channels"): "The channel dimension of the inputs should be defined. "
                                                       "Found `None`.",
    # TF formats this one as a tuple and misses a space in the other; the key phrases are the rule.
    ("slim_arg_scope", "not_decorated"): "is not decorated with @add_arg_scope",
    ("slim_arg_scope", "dict_and_kwargs"): "kwargs must be empty.",
}
_REF_VARIABLE_SUFFIX = " Originally defined at:"


def evaluate(x):
    """What ``val`` records: ``x`` run in a session whose variables were just initialized (as TF's recorder)."""
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return np.asarray(session.run(x))


def _full_message(name: str, label: str) -> str:
    messages = {}

    def capture(label_, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - any error is what we want to read
            messages[label_] = str(exc)

    tf.reset_default_graph()
    namespace = {"tf": tf, "np": np, "out": lambda *a: None, "err": capture, "val": lambda *a: None,
                 "RUN": evaluate}
    exec(compile(CASES[name], "<case>", "exec"), namespace)
    return messages.get(label, "")


def test_every_case_is_recorded() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_layers_case_matches_tf1(name: str) -> None:
    got = run_case(CASES[name], tf, evaluate)
    want = EXPECTED[name]
    assert [o[:2] for o in got] == [o[:2] for o in want], "different observations were made"
    for g, w in zip(got, want):
        kind, label = w[0], w[1]
        where = f"{name}:{label}"
        if kind == "out":
            assert json.loads(json.dumps(g[2])) == w[2], where
        elif kind == "val":
            np.testing.assert_allclose(np.asarray(g[2], dtype=float), np.asarray(w[2], dtype=float),
                                       rtol=1e-5, atol=1e-5, err_msg=where)
        else:
            assert g[2] == w[2], f"{where}: TF raised {w[2]}, scopelab {g[2]}: {g[3]}"
            phrase = TF1_TEXT_INSTEAD.get((name, label), w[3].split(_REF_VARIABLE_SUFFIX)[0])
            assert phrase in g[3] or phrase in _full_message(name, label), (
                f"{where}: expected the TF1 text {phrase!r} in scopelab's message {g[3]!r}")
