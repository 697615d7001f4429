"""Replays the RNN cases (``rnn_cases.py``) under scopelab and compares with what TensorFlow 1.x
graph mode built and computed (``tf1_expected.json``, recorded by ``record_tf.py`` with TF 2.15's
``tf.compat.v1``): variable names, shapes, dtypes and trainable flags, collection sizes, state
structures, static shapes, the errors of sharing, and the outputs and states for fixed inputs and
fixed variable values.
"""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from rnn_cases import CASES
from tf1_replay import compare, replay

EXPECTED = json.loads((HERE / "tf1_expected.json").read_text())["cases"]

# (case, label) -> the phrase scopelab must show: TF 1.15's text where TF 2.15 reworded it, or the
# part of TF's sentence that does not name TF-internal ops.
TF1_TEXT_INSTEAD = {
    ("input_errors", "no_dtype"): "If there is no initial_state, you must give a dtype.",
    ("input_errors", "unknown_depth"):
        "Input size (depth of inputs) must be accessible via shape inference, but saw value None",
    ("input_errors", "static_not_list"): "inputs must be a sequence",
    ("input_errors", "static_empty"): "inputs must not be empty",
    ("input_errors", "not_a_cell"): "The argument 'cell' (lstm) is not an RNNCell: 'output_size' "
                                    "property is missing, 'state_size' property is missing",
    ("dropout_wrapper_variational", "bad_keep"):
        "Parameter output_keep_prob must be between 0 and 1",
    ("one_cell_two_calls", "other_depth"): "Dimensions must be equal, but are 8 and 7",
    # TF's text carries a double space ("scope name  is"); scopelab's has one.
    ("cell_names_and_weights", "unbuilt_scope"):
        'No name available for layer scope because the layer "decoder_cell" has not been used yet.',
}

# (case, label) -> (scopelab's value, why it differs from TF on purpose).
DELIBERATE_DIFFERENCES: dict = {}


def test_every_case_is_recorded() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf1(name: str) -> None:
    problems = compare(name, CASES[name], replay(CASES[name]), EXPECTED[name],
                       TF1_TEXT_INSTEAD, DELIBERATE_DIFFERENCES)
    assert not problems, "\n".join(problems)
