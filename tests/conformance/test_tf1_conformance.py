"""Replays every TF1 conformance case under scopelab and compares with what TensorFlow observed.

``tf1_expected.json`` was recorded by ``record_tf.py`` with TensorFlow 2.21's ``tf.compat.v1`` in
graph mode (the TF 1.x baseline for everything in these cases except a few message texts that 2.x
reworded; for those scopelab keeps the TF 1.15 text, listed in ``TF1_TEXT_INSTEAD``).
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from cases import CASES  # noqa: E402
from harness import run_case  # noqa: E402

import scopelab as tf  # noqa: E402

EXPECTED = json.loads((HERE / "tf1_expected.json").read_text())["cases"]

# (case, label) -> the TF 1.15 key phrase scopelab must show where TF 2.x reworded the message.
TF1_TEXT_INSTEAD = {
    ("invalid_scope_name", "underscore_root"): "'_' is not a valid scope name",
    ("deterministic_initializer_values", "too_many"): "Too many elements provided. Needed at most 2, but received 3",
    ("deterministic_initializer_values", "identity_3d"): "Identity matrix initializer can only be used for 2D matrices.",
    ("deterministic_initializer_values", "orthogonal_1d"): "The tensor to initialize must be at least two-dimensional",
    ("deterministic_initializer_values", "vs_scale"): "`scale` must be positive float.",
    ("deterministic_initializer_values", "vs_mode"): "Invalid `mode` argument:",
    ("deterministic_initializer_values", "int_uniform_no_max"): "Must specify maxval for integer dtype",
    ("embedding_lookup_mod_div_layout", "bad_strategy"): "Unrecognized partition strategy: xyz",
    ("embedding_lookup_mod_div_layout", "no_params"): "Need at least one param",
    ("tf_variable_constructor", "no_value"): "initial_value must be specified.",
    ("device_bad_strings", "unknown_part"): "Unknown attribute: 'foo' in '/foo:0'",
    ("device_bad_strings", "two_types"): "Cannot specify multiple device types: /gpu:0/cpu:0",
    ("device_bad_strings", "part_without_value"): "Unknown attribute: 'task' in '/job:ps/task'",
    ("device_bad_strings", "bare_word"): "Unknown attribute: 'job' in 'job'",
    ("device_bad_strings", "spec_from_string"): "Unknown attribute: 'bogus' in '/bogus:1'",
    ("device_functions", "garbage_merged"): "Unknown attribute: 'garbage' in 'garbage'",
    # TF's text here comes from its tensor converter, not from variable_scope; the class is the rule.
    ("constant_initializer_with_shape", "dict_init"): "",
}


# (case, label) -> (scopelab's value, why it differs from TF on purpose).
DELIBERATE_DIFFERENCES = {
    ("partitioner_validation", "n_global"): (
        2, "TF leaves shards part_0 and part_1 of the failed 3-way variable in the graph; scopelab's "
           "store is atomic, so a failed get_variable leaves nothing behind"),
    ("device_functions", "retry"): (
        ["s/w:0", ""], "TF's VariableV2 op 's/w' stays in the graph when the device function "
        "raises, so the retry is named 's/w_1'; scopelab's failed get_variable takes no name"),
}


def evaluate(x):
    if hasattr(x, "as_tensor"):
        x = x.as_tensor()
    return np.asarray(x)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf1(name: str) -> None:
    tf.reset_default_graph()
    got = run_case(CASES[name], tf, evaluate)
    want = EXPECTED[name]
    assert [o[:2] for o in got] == [o[:2] for o in want], "different observations were made"
    for g, w in zip(got, want):
        kind, label = w[0], w[1]
        where = f"{name}:{label}"
        if kind == "out":
            expected = DELIBERATE_DIFFERENCES.get((name, label), (w[2],))[0]
            assert json.loads(json.dumps(g[2])) == expected, where
        elif kind == "val":
            np.testing.assert_allclose(np.asarray(g[2], dtype=float), np.asarray(w[2], dtype=float),
                                       rtol=1e-6, atol=1e-6, err_msg=where)
        else:
            assert g[2] == w[2], f"{where}: TF raised {w[2]}, scopelab {g[2]}: {g[3]}"
            phrase = TF1_TEXT_INSTEAD.get((name, label), w[3])
            assert phrase in g[3] or phrase in _full_message_of(name, label), (
                f"{where}: expected the TF1 text {phrase!r} in scopelab's message {g[3]!r}")


def _full_message_of(name: str, label: str) -> str:
    """Re-run a case and return the complete message of one error (the key phrase may follow a
    scopelab headline on a later line)."""
    messages = {}

    def capture(label_, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - any error is what we want to read
            messages[label_] = str(exc)

    tf.reset_default_graph()
    namespace = {"tf": tf, "np": np, "out": lambda *a: None, "err": capture,
                 "val": lambda *a: None, "RUN": evaluate}
    exec(compile(CASES[name], "<case>", "exec"), namespace)
    return messages.get(label, "")
