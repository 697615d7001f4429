"""Keras masks in TF1 graph mode, replayed from ``keras_mask_expected.json`` (recorded by
``tests/rnn/record_tf.py`` from ``keras_mask_cases.py`` with TF 2.15's Keras 2.15):
``Embedding(mask_zero=True)`` and ``Masking`` feeding ``LSTM``, ``GRU``, ``SimpleRNN`` and
``Bidirectional``, the ``mask=`` argument, masks passed on or dropped through Sequential and
functional models and the merge layers: weight names, static shapes, which outputs carry a mask,
and the values (outputs and masks) for fixed weights and inputs."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "rnn"))
sys.path.insert(0, str(HERE))
from keras_mask_cases import CASES, EXPECTED_FILE
from tf1_replay import compare, replay

EXPECTED = json.loads((HERE / EXPECTED_FILE).read_text())["cases"]


def test_every_case_is_recorded() -> None:
    assert sorted(CASES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf(name: str) -> None:
    problems = compare(name, CASES[name], replay(CASES[name]), EXPECTED[name], {}, {})
    assert not problems, "\n".join(problems)
