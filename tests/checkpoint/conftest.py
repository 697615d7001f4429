"""Shared fixtures of the checkpoint tests: the committed TensorFlow checkpoints and records."""

from __future__ import annotations

import json
import pathlib
import shutil

import numpy as np
import pytest

DATA = pathlib.Path(__file__).parents[1] / "data" / "checkpoints"
TF_EXPECTED = json.loads((DATA / "tf_expected.json").read_text())
TF_V1 = json.loads((DATA / "tf_v1_expected.json").read_text())


@pytest.fixture
def tf_expected() -> dict:
    return TF_EXPECTED


def data_path(key: str) -> str:
    """A fixture prefix from the record (``tf/layers/model.ckpt-3``) as a path."""
    return str(DATA / key)


@pytest.fixture
def layers_prefix() -> str:
    return data_path(TF_EXPECTED["layers"]["prefix"])


@pytest.fixture
def dtypes_prefix() -> str:
    return data_path(TF_EXPECTED["dtypes"]["prefix"])


@pytest.fixture
def copy_of(tmp_path):
    """Copy a fixture checkpoint into tmp_path (to damage it); returns the new prefix."""
    def copy(prefix: str) -> str:
        src = pathlib.Path(prefix)
        for path in src.parent.glob(src.name + ".*"):
            shutil.copy(path, tmp_path / path.name)
        return str(tmp_path / src.name)
    return copy


@pytest.fixture(autouse=True)
def fresh_graph():
    import scopelab as tf

    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def decode(record: dict) -> np.ndarray:
    """A value as record_tf.py encoded it."""
    if record["dtype"] == "string":
        return np.array([v.encode("latin-1") for v in record["value"]], object).reshape(record["shape"])
    if record["dtype"].startswith("complex"):          # [real, imaginary] pairs
        return np.array([complex(*pair) for pair in record["value"]],
                        record["dtype"]).reshape(record["shape"])
    return np.array(record["value"], dtype=record["dtype"]).reshape(record["shape"])
