"""Replays every ops case (``ops_cases.py``) under scopelab and compares with what TensorFlow saw.

``tf_recorded.json`` was recorded by ``record_tf.py`` with TensorFlow 2.21's ``tf.compat.v1`` in
graph mode. Compared: op and tensor names, dtypes and static shapes exactly; values to float32
tolerance; errors by class, and by the message's key phrase (the text before TF's node description).
Where TF 2.x reworded a message scopelab keeps TF 1.15's text (``TF1_TEXT``); runtime errors
(``tf.errors.*``) print "Graph execution error:" first in TF 2.x, so their TF 1.x first line is
listed there too.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

import numpy as np
import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from ops_cases import CASES
from ops_harness import run_case

import scopelab as tf

RECORDED = json.loads((HERE / "tf_recorded.json").read_text())["cases"]

# (case, label) -> the TF 1.x text scopelab shows (TF 2.x reworded it or prints a generic line).
TF1_TEXT = {
    ("session_errors", "wrong_shape"):
        "Cannot feed value of shape (2, 4) for Tensor 'Placeholder:0', which has shape '(?, 3)'",
    ("session_errors", "wrong_rank"):
        "Cannot feed value of shape (3,) for Tensor 'Placeholder:0', which has shape '(?, 3)'",
    ("session_errors", "missing_feed"):
        "You must feed a value for placeholder tensor 'Placeholder' with dtype float and shape "
        "[?,3]",
    ("session_errors", "tensor_feed"): "The value of a feed cannot be a tf.Tensor object.",
    ("session_errors", "bad_fetch"): "Fetch argument array([0., 0.]) has invalid type",
    ("session_errors", "unknown_name"):
        "The name 'nothing:0' refers to a Tensor which does not exist. The operation, 'nothing', "
        "does not exist in the graph.",
    ("session_errors", "other_graph"): "is not an element of this graph.",
    ("uninitialized_variable", "uninitialized"): "Attempting to use uninitialized value v",
    ("uninitialized_variable", "other_still"): "Attempting to use uninitialized value w",
    ("uninitialized_variable", "new_session"): "Attempting to use uninitialized value v",
    ("index_values", "bad_id"): "indices[0] = 7 is not in [0, 5)",
    ("control_flow_values", "untaken_branch_input_still_fed"):
        "You must feed a value for placeholder tensor 'Placeholder_2' with dtype float and shape "
        "[3]",
    ("control_flow_shapes", "python_bool"): "pred must not be a Python bool",
    ("control_flow_shapes", "dtypes"):
        "Outputs of true_fn and false_fn must have the same type: int32, float32",
    ("nn_shapes_and_names", "sparse_rank"):
        "Rank mismatch: Rank of labels (received 2) should equal rank of logits minus 1 "
        "(received 2).",
    ("nn_shapes_and_names", "sigmoid_shape"):
        "logits and labels must have the same shape ((?, 10) vs (?,))",
    ("array_shapes", "unstack_unknown"): "Cannot infer num from shape (?, 4, 6)",
    ("conv_pool_shapes", "depth"): "Dimensions must be equal, but are 3 and 2",
    ("random_shapes_and_names", "int_no_max"): "Must specify maxval for integer dtype <dtype: 'int32'>",
    ("reduction_shapes", "both_axes"): "Cannot specify both 'reduction_indices' and 'axis'",
    ("conversion_rules", "add_mismatch"):
        "Input 'y' of 'Add' Op has type float32 that does not match type int32 of argument 'x'.",
    ("conversion_rules", "conversion_dtype"):
        "Tensor conversion requested dtype float32 for Tensor with dtype int32",
    ("nn_shapes_and_names", "keep_prob_range"):
        "keep_prob must be a scalar tensor or a float in the range (0, 1], got 1.5",
    ("conversion_rules", "add_float_to_int"): "Expected int32, but got 1.5 of type 'float'.",
    ("image_resize_shapes", "both_modes"):
        "If half_pixel_centers is True, align_corners must be False.",
    ("image_resize_shapes", "zero_size"): "output dimensions must be positive",
    ("matrix_segment_shapes", "transpose_rank1"):
        "Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: (?,)",
    ("matrix_segment_values", "unsorted_out_of_range"): "segment_ids[4] = 3 is out of range [0, 3)",
    ("matrix_segment_values", "segment_not_sorted"): "segment ids are not increasing",
    ("matrix_segment_values", "scatter_out_of_range"): "indices[1] = [4] does not index into shape [3]",
    # TF 1.x: "0-th value returned by pyfunc_3 is int64, but expects float" (its token's name)
    ("functional_names_and_values", "py_func_wrong_dtype"):
        "0-th value returned by pyfunc is int64, but expects float32",
}

# (case, label) -> (scopelab's observation, why it differs from TF 2.21 on purpose).
DELIBERATE = {
    ("nn_shapes_and_names", "positional"): (
        ["err", "positional", "ValueError",
         "Only call `softmax_cross_entropy_with_logits` with named arguments (labels=..., "
         "logits=..., ...), e.g. tf.nn.softmax_cross_entropy_with_logits(labels=y, "
         "logits=scores)."],
        "TF 1.x's sentinel: the v1 function takes only keyword arguments (TF 2.x dropped it)"),
}
DELIBERATE[("conversion_rules", "variable_numpy")] = (
    ["out", "variable_numpy", ["Variable:0", "int64", [2]]],
    "TF names the failed tf.Variable([1.0, 2.0], dtype=tf.int64) before converting its value, so "
    "the next one is Variable_1; scopelab's failed call leaves no name behind")
# TF 2.x's dropout ends in a SelectV2; TF 1.x's (kept here) in x * scale * mask, "dropout/mul_1".
RENAMED_IN_TF2 = {"dropout/SelectV2:0": "dropout/mul_1:0", "dropout_1/SelectV2:0": "dropout_1/mul_1:0"}


def key_phrase(first_line: str) -> str:
    """TF's message up to its node description (``for '{{node ...`` / ``for 'name' (op: ...``)."""
    phrase = re.split(r" for '| \(op: |\{\{node", first_line)[0]
    return phrase.replace("None", "?").strip()


def _tf1_names(value):
    if isinstance(value, list):
        return [_tf1_names(v) for v in value]
    return RENAMED_IN_TF2.get(value, value) if isinstance(value, str) else value


def _assert_close(got, want, where: str) -> None:
    if isinstance(want, dict):
        assert sorted(got) == sorted(want), where
        for key in want:
            _assert_close(got[key], want[key], f"{where}[{key}]")
    elif isinstance(want, list) and any(isinstance(w, (list, dict)) for w in want) and \
            isinstance(got, list) and len(got) == len(want) and not _rectangular(want):
        for i, (g, w) in enumerate(zip(got, want)):
            _assert_close(g, w, f"{where}[{i}]")
    else:
        np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float),
                                   rtol=2e-5, atol=2e-5, err_msg=where)


def _rectangular(value) -> bool:
    try:
        np.asarray(value, dtype=float)
    except (ValueError, TypeError):
        return False
    return True


def _run(source: str) -> list:
    tf.reset_default_graph()
    session = tf.Session()
    initialized: set = set()

    def run(fetches, feed):
        fresh = [v for v in tf.global_variables() + tf.local_variables()
                 if v.name not in initialized]
        if fresh:
            session.run(tf.variables_initializer(fresh))
            initialized.update(v.name for v in fresh)
        return session.run(fetches, feed_dict=feed)

    try:
        return run_case(source, tf, session, run)
    finally:
        session.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf(name: str) -> None:
    got, want = _run(CASES[name]), RECORDED[name]
    assert [o[:2] for o in got] == [o[:2] for o in want], "different observations were made"
    for g, w in zip(got, want):
        kind, label = w[0], w[1]
        where = f"{name}:{label}"
        if (name, label) in DELIBERATE:
            assert g == DELIBERATE[(name, label)][0], where
        elif kind == "out":
            assert json.loads(json.dumps(g[2])) == _tf1_names(w[2]), where
        elif kind == "val":
            _assert_close(g[2], w[2], where)
        else:
            assert g[2] == w[2], f"{where}: TF raised {w[2]}, scopelab {g[2]}: {g[3]}"
            phrase = TF1_TEXT.get((name, label), key_phrase(w[3]))
            assert phrase in g[3], f"{where}: expected {phrase!r} in {g[3]!r}"
