"""Replays the tf.train / tf.summary cases (``train_cases.py``) under scopelab; compares with what
TensorFlow 1.x graph mode built (``tf1_expected.json``, recorded with TF 2.15's ``tf.compat.v1`` by
``tests/rnn/record_tf.py tests/train/train_cases.py``): slot and non-slot variables of every
optimizer with their names, trainable flags and initial values, train-op names and types,
collections, which gradients are ``None``, the global step, moving averages (including
``zero_debias``'s doubled scope names and their updated values), learning-rate schedules, summary
op names and the bytes of the summaries.
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

from train_cases import CASES


EXPECTED = json.loads((HERE / "tf1_expected.json").read_text())["cases"]

TF1_TEXT_INSTEAD = {
    # TF names the slot variable with a trailing "/" (it calls get_variable("") inside the slot's
    # scope); scopelab names the variable the slot scope's name, which is the variable's name.
    ("minimize_under_reuse_scope", "adam"): "Variable model/layer/w/Adam does not exist",
    # TF's text lists the variables as TF prints them ("<tf.Variable 'layer/w:0' ...>").
    ("optimizer_errors", "no_gradients"): "No gradients provided for any variable, check your "
                                          "graph for ops that do not support gradients",
    ("optimizer_errors", "apply_all_none"): "No gradients provided for any variable:",
    ("optimizer_errors", "momentum_without_momentum"): "missing 1 required positional argument: "
                                                       "'momentum'",
    # TF 2.x's session prefixes "Graph execution error:"; the message is TF's op error.
    ("summary_values", "duplicate"): "Duplicate tag mean_1 found in summary inputs",
}

DELIBERATE_DIFFERENCES = {
    # TF leaves beta1_power/beta2_power behind when the slots fail; scopelab's failed call leaves
    # nothing (all or nothing).
    ("minimize_under_reuse_scope", "vars"): (
        [["layer/w:0", [3, 2], "float32", True], ["layer/b:0", [2], "float32", True],
         ["unused:0", [4], "float32", True], ["frozen:0", [2], "float32", False]], "atomic"),
    # Internal op names of TF 2.x's schedule implementations (a cond's Merge, a 4th Mul).
    ("learning_rate_schedules", "names"): (
        ["ExponentialDecay:0", "ExponentialDecay_1:0", "PiecewiseConstant:0",
         "PolynomialDecay:0", "InverseTimeDecay:0", "ExponentialDecay_2:0", "CosineDecay:0"],
        "TF 2.x names the result of piecewise_constant and cosine_decay after internal ops"),
}


def test_every_case_is_recorded() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf1(name: str) -> None:
    problems = compare(name, CASES[name], replay(CASES[name]), EXPECTED[name],
                       TF1_TEXT_INSTEAD, DELIBERATE_DIFFERENCES)
    assert not problems, "\n".join(problems)
