"""Replays ``optimize_loss_cases.py`` under scopelab and compares with what TF 1.x graph mode built
(``tf1_optimize_loss.json``, recorded by ``record_optimize_loss.py`` with TF 2.15's
``tf.compat.v1`` and tf-slim 1.1 as ``tf.contrib.layers``): variables (learning rate, slots, global
step) with names, shapes and initial values, the returned tensor and the train op (names, types,
control inputs), collections, summary names and bytes, regularization penalties (names and
values), TF's error classes and texts.
"""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "rnn"))
sys.path.insert(0, str(HERE))
from tf1_replay import compare, replay

from optimize_loss_cases import CASES

EXPECTED = json.loads((HERE / "tf1_optimize_loss.json").read_text())["cases"]

# TF's texts print TF's classes and reprs (RefVariable, SymbolicTensor, "dtype=float32_ref"); the
# sentence before them is the same.
_LR_TYPE = "Learning rate should be 0d Tensor or float. Got "
TF1_TEXT_INSTEAD = {
    ("learning_rate_errors", "variable"): _LR_TYPE + "<tf.Variable 'lr_var:0' shape=() ",
    ("learning_rate_errors", "vector"): _LR_TYPE + 'Tensor("Const_1:0", shape=(2,), dtype=float32)',
    ("learning_rate_errors", "none_class"): "Learning rate is None, but should be specified if "
                                            "optimizer is class (<class '",
    ("optimize_loss_errors", "unconnected"): "No gradients provided for any variable: "
                                             "[\"<tf.Variable 'layer/w:0' shape=(3, 2) dtype=float32",
}

# TF creates OptimizeLoss/learning_rate (and, further on, summaries) before most of its checks and
# leaves them behind when one fails; scopelab checks first, and a failure later on takes back what
# the call made (all or nothing).
_MODEL_VARS = [["layer/w:0", [3, 2], "float32", True], ["layer/b:0", [2], "float32", True],
               ["unused:0", [4], "float32", True], ["frozen:0", [2], "float32", False]]
_STEP = [["global_step:0", [], "int64", False]]
DELIBERATE_DIFFERENCES = {
    ("learning_rate_decay_without_step", "after"): (_MODEL_VARS, "atomic"),
    ("optimize_loss_errors", "after"): (_MODEL_VARS + _STEP, "atomic"),
    ("optimize_loss_errors", "collections"): ([5, 3, 0, 1, 0, 0, 0], "atomic"),
    ("optimize_loss_no_trainable_variables", "after"): (
        [["v:0", [2], "float32", False], ["global_step:0", [], "int64", False]], "atomic"),
}


def test_every_case_is_recorded() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf1(name: str) -> None:
    problems = compare(name, CASES[name], replay(CASES[name]), EXPECTED[name],
                       TF1_TEXT_INSTEAD, DELIBERATE_DIFFERENCES)
    assert not problems, "\n".join(problems)
