"""tf.app.run, lazy flag parsing in a notebook, tf.logging's output, tf.print and tf.debugging."""

from __future__ import annotations

import io
import logging
import sys

import numpy as np
import pytest

import scopelab as tf


def test_first_access_parses_sys_argv_and_leaves_unknown_flags(fresh_flags, monkeypatch) -> None:
    # a Jupyter kernel's argv: its own -f flag must not break FLAGS.x (TF1 + absl raised here)
    monkeypatch.setattr(sys, "argv", ["ipykernel_launcher.py", "-f", "/k.json", "--lr=0.1"])
    tf.app.flags.DEFINE_float("lr", 0.5, "learning rate")
    assert fresh_flags.lr == pytest.approx(0.1)
    assert fresh_flags.is_parsed()


def test_app_run_parses_argv_and_exits_with_mains_result(fresh_flags) -> None:
    tf.flags.DEFINE_integer("steps", 1, "steps")
    seen = []

    def main(argv):
        seen.append((argv, tf.flags.FLAGS.steps))
        return 3

    with pytest.raises(SystemExit) as exit_info:
        tf.app.run(main=main, argv=["prog", "--steps=7", "data.txt", "--other=1"])
    assert exit_info.value.code == 3
    assert seen == [(["prog", "data.txt", "--other=1"], 7)]


def test_app_run_checks_required_flags(fresh_flags) -> None:
    tf.flags.DEFINE_string("data_dir", None, "where the data is")
    tf.flags.mark_flag_as_required("data_dir")
    with pytest.raises(tf.flags.IllegalFlagValueError, match="--data_dir must have a value"):
        tf.app.run(main=lambda argv: 0, argv=["prog"])


def test_bounds_and_multi_flags(fresh_flags) -> None:
    tf.flags.DEFINE_integer("n", 1, "n", lower_bound=0)
    tf.flags.DEFINE_multi_string("tag", [], "tags")
    with pytest.raises(tf.flags.IllegalFlagValueError, match=r"flag --n=-1: -1 is not in \[0, inf\]"):
        fresh_flags(["p", "--n=-1"])
    fresh_flags(["p", "--tag=a", "--tag", "b"])
    assert fresh_flags.tag == ["a", "b"]
    with pytest.raises(AttributeError, match="Unknown command line flag 'nothing'"):
        fresh_flags.nothing = 1


def test_logging_writes_to_the_tensorflow_logger(caplog) -> None:
    logger = tf.logging.get_logger()
    logger.propagate = True
    try:
        tf.logging.set_verbosity(tf.logging.INFO)
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            tf.logging.info("step %d", 5)
            tf.logging.debug("hidden")
            for _ in range(5):
                tf.logging.log_every_n(tf.logging.INFO, "every %s", 2, "two")
        messages = [r.getMessage() for r in caplog.records if r.name == "tensorflow"]
        assert messages == ["step 5", "every two", "every two", "every two"]
    finally:
        logger.propagate = False
        tf.logging.set_verbosity(tf.logging.WARN)


def test_print_op_prints_when_run_only() -> None:
    tf.reset_default_graph()
    x = tf.placeholder(tf.int32, [3])
    stream = io.StringIO()
    op = tf.print("x:", x, output_stream=stream)
    assert isinstance(op, tf.Operation) and op.type == "PrintV2" and op.name == "PrintV2"
    assert stream.getvalue() == ""
    with tf.Session() as sess:
        sess.run(op, {x: np.array([1, 2, 3])})
    assert stream.getvalue() == "x: [1 2 3]\n"


def test_debugging_namespace_has_the_asserts() -> None:
    tf.reset_default_graph()
    assert tf.debugging.assert_equal is tf.assert_equal
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.debugging.assert_equal(tf.constant(1), tf.constant(2))


def test_remote_paths_say_they_are_not_supported() -> None:
    with pytest.raises(tf.errors.UnimplementedError, match="File system scheme 'gs' not implemented"):
        tf.gfile.Exists("gs://bucket/x")
