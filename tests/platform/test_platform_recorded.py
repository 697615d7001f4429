"""Replays platform_cases.py (tf.gfile, tf.app.flags, tf.logging) under scopelab and compares with
what TensorFlow 2.15's ``tf.compat.v1`` did (``tf_recorded.json``, from ``record_tf.py``)."""

from __future__ import annotations

import json
import logging
import pathlib
import sys


HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from platform_cases import observe_flags, observe_gfile, observe_logging

import scopelab as tf

RECORDED = json.loads((HERE / "tf_recorded.json").read_text())

# (section, label) -> the part of TF's first line scopelab must show: TF names the defining modules
# or prints a tuple where scopelab says what to do instead.
KEY_PHRASE = {
    ("flags", "duplicate"): "The flag 's' is defined twice.",
    ("flags", "bad_bool"): "flag --b=maybe: ",
}


def _compare(section: str, got: list, want: list) -> None:
    assert [g[0] for g in got] == [w[0] for w in want]
    for (label, g), (_, w) in zip(got, want):
        if isinstance(w, list) and w and w[0] == "error":
            assert g[:2] == w[:2], f"{section}:{label}: TF raised {w[1]}, scopelab {g}"
            phrase = KEY_PHRASE.get((section, label), w[2])
            assert phrase in g[2], f"{section}:{label}: {phrase!r} not in {g[2]!r}"
        else:
            assert json.loads(json.dumps(g)) == w, f"{section}:{label}"


def test_gfile_matches_tf(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _compare("gfile", observe_gfile(tf), RECORDED["gfile"])


def test_flags_match_tf(fresh_flags) -> None:
    _compare("flags", observe_flags(tf), RECORDED["flags"])


def test_logging_matches_tf() -> None:
    logger = logging.getLogger("tensorflow")
    level = logger.level
    try:
        logger.setLevel(logging.NOTSET)
        assert observe_logging(tf) == RECORDED["logging"]
    finally:
        logger.setLevel(level)
