"""Replays every model of the corpus under scopelab and compares with what TensorFlow built.

``tf1_models.json`` was recorded by ``record_tf.py`` (TensorFlow 2.15 ``tf.compat.v1`` graph mode,
``tf.contrib.layers`` = tf-slim): for each model, every global variable (name, shape, dtype,
trainable, in creation order), the graph collections (names of variables and summaries, sizes of the
op and tensor collections), the optimizers' slot variables, the outputs' names, static shapes and
dtypes, and for most models the outputs' numbers for fixed inputs after every variable was given
``model_harness.fixed_value``.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import sys

import numpy as np
import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from corpus import MODELS
from model_harness import NAMED_COLLECTIONS, build, compute_values, observe

import scopelab as tf

RECORDED = json.loads((HERE / "tf1_models.json").read_text())["models"]


class _Internals:
    """The ``tensorflow.python`` modules TF1 model code imported directly, from scopelab."""

    @property
    def moving_averages(self):
        return importlib.import_module("scopelab.train.moving_averages")


def test_every_model_is_recorded() -> None:
    assert sorted(RECORDED) == sorted(MODELS)
    assert len(MODELS) >= 24


def _compare(got: dict, want: dict) -> list[str]:
    problems = []
    if got["variables"] != want["variables"]:
        g = {v[0]: v for v in got["variables"]}
        w = {v[0]: v for v in want["variables"]}
        missing, extra = [n for n in w if n not in g], [n for n in g if n not in w]
        differ = [(w[n], g[n]) for n in w if n in g and g[n] != w[n]]
        order = [v[0] for v in got["variables"] if v[0] in w] != [v[0] for v in want["variables"] if v[0] in g]
        problems.append(f"variables: missing {missing[:8]} (of {len(missing)}), unexpected {extra[:8]} "
                        f"(of {len(extra)}), TF vs scopelab {differ[:5]}, creation order differs: {order}")
    for key, names in want["collections"].items():
        mine = got["collections"].get(key, [])
        if key in NAMED_COLLECTIONS and mine != names:
            problems.append(f"collection {key!r}: TF {names[:6]}... ({len(names)}), scopelab {mine[:6]}... ({len(mine)})")
        elif len(mine) != len(names):
            problems.append(f"collection {key!r}: TF has {len(names)} entries, scopelab {len(mine)}")
    if got["slots"] != want["slots"]:
        problems.append(f"slots: TF {want['slots'][:4]}... ({len(want['slots'])}), "
                        f"scopelab {got['slots'][:4]}... ({len(got['slots'])})")
    for key, signature in want["outputs"].items():
        if got["outputs"][key] != signature:
            problems.append(f"output {key!r}: TF {signature}, scopelab {got['outputs'][key]}")
    return problems


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_builds_what_tf1_built(name: str) -> None:
    want = RECORDED[name]
    spec = build(tf, _Internals(), MODELS[name])
    problems = _compare(observe(tf, spec), want)
    values = compute_values(tf, spec)
    for key, expected in want["values"].items():
        got = np.asarray(values[key])
        expected = np.asarray(expected)
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
            problems.append(f"value of {key!r}: max difference "
                            f"{np.max(np.abs(got - expected)) if got.shape == expected.shape else 'shape ' + str(got.shape)}")
    assert not problems, f"{name} ({MODELS[name].style}):\n  " + "\n  ".join(problems)
