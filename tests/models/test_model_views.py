"""The views on the store of real models: a graph with more than two thousand variables from the
corpus (ten transformers trained with Adam, and pix2pix with its batch-norm statistics, two Adam
optimizers, moving averages of its losses and a global step) is frozen, drawn as text and HTML and
shown by ``%scope_tree``, completely and without errors."""

from __future__ import annotations

import sys
import pathlib

import IPython
import pytest
from IPython.testing.globalipapp import start_ipython

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from corpus import MODELS

import scopelab as tf
from scopelab.render import render_html, render_text
from scopelab.snapshot import take_snapshot


@pytest.fixture(scope="module")
def ip():
    shell = start_ipython() or IPython.get_ipython()
    shell.run_line_magic("load_ext", "scopelab")
    return shell


def _build_real_models() -> list[str]:
    losses = []
    for replica in range(10):
        with tf.variable_scope(f"replica_{replica}"):
            spec = MODELS["transformer"].build(tf, None)
            losses.append(tf.reduce_mean(spec["outputs"]["logits"]))
    tf.train.AdamOptimizer(1e-3).minimize(tf.add_n(losses))
    MODELS["pix2pix"].build(tf, None)     # at the root: it picks its variables by scope name
    # The views draw every variable of the graph: the store's (get_variable's) and the
    # tf.Variable()s TF1 keeps only in the collections (Adam's beta1_power / beta2_power).
    return [v.full_name for v in tf.global_variables() + tf.local_variables()]


def test_a_store_of_real_models_is_shown_whole(ip) -> None:
    names = _build_real_models()
    assert len(names) > 2000
    snapshot = take_snapshot()
    assert sorted(v.path for v in snapshot.root.walk_variables()) == sorted(names)
    assert snapshot.root.count()[0] == len(names)
    made_by = {v.path: (v.created_by, v.plain) for v in snapshot.root.walk_variables()}
    assert made_by["beta1_power"] == ("tf.train.AdamOptimizer", True)
    assert made_by["replica_0/encoder/num_blocks_0/multihead_attention/dense/kernel"] == (
        "tf.layers.dense", False)
    assert made_by["replica_0/encoder/num_blocks_0/multihead_attention/dense/kernel/Adam"] == (
        "tf.train.AdamOptimizer", False)
    assert made_by["generator/encoder_2/batch_normalization/moving_mean"] == (
        "tf.layers.batch_normalization", False)

    text = render_text(snapshot)
    for name in ("generator/encoder_2/batch_normalization/moving_mean",
                 "replica_9/encoder/num_blocks_1/multihead_attention/dense_2/kernel"):
        assert name.rsplit("/", 1)[-1] in text
    assert f"{len(names)} variables" in text
    html = render_html(snapshot)
    statistics = [n for n in names if n.endswith("/moving_variance")]
    assert len(statistics) == 8 and html.count("moving_variance") >= len(statistics)

    view = ip.run_line_magic("scope_tree", "--depth 2")
    shown = view._repr_mimebundle_()
    assert f"{len(names)} variables" in shown["text/plain"]
    assert "replica_0/" in shown["text/plain"] and "kernel" not in shown["text/plain"]

    subtree = ip.run_line_magic("scope_tree", "discriminator")._repr_mimebundle_()["text/plain"]
    assert "layer_1" in subtree and "replica_0" not in subtree
