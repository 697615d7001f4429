"""The checkpoint scopelab writes for the TensorFlow read-back fixture (``scopelab/basic``).

``write(folder)`` builds a fixed set of variables (every dtype a scopelab variable can have,
partitioned on axis 0 and 1, strings, a scalar, an empty tensor) in a fresh graph and saves them
with ``tf.train.Saver`` at global step 1, relative paths. Run as a script it rewrites the committed
files; then ``/work/tf215/bin/python tests/data/checkpoints/record_tf.py --read-scopelab`` records
what TensorFlow reads from them (``tf_read_scopelab.json``). Tests call ``write`` into a temporary
folder and compare the bytes with the committed files.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).parent


def values() -> dict:
    rng = np.random.default_rng(2026)
    return {
        "floats/f16": rng.standard_normal((2, 3)).astype(np.float16),
        "floats/f32": rng.standard_normal((3, 4)).astype(np.float32),
        "floats/f64": rng.standard_normal(5),
        "ints/i8": np.array([-128, 0, 127], np.int8),
        "ints/i16": np.array([[-32768, 1], [2, 32767]], np.int16),
        "ints/i32": np.array([-2**31, 7, 2**31 - 1], np.int32),
        "ints/i64": np.array([-2**63, 2**63 - 1], np.int64),
        "ints/u8": np.array([0, 255, 9], np.uint8),
        "ints/u16": np.array([0, 65535], np.uint16),
        "flags/b": np.array([True, False]),
        "scalar": np.float32(-1.25),
        "empty": np.zeros((0, 2), np.float32),
        "text/words": np.array([b"alpha", b"", b"\x00\xff", "\u00e9t\u00e9".encode()], object),
    }


def write(folder: pathlib.Path) -> str:
    import scopelab as tf

    graph = tf.Graph()
    with graph.as_default():
        for name, value in values().items():
            scope, _, leaf = name.rpartition("/")
            dtype = tf.string if value.dtype == object else None
            with tf.variable_scope(scope or tf.get_variable_scope()):
                tf.get_variable(leaf, initializer=value, dtype=dtype)
        with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(3, axis=0)):
            tf.get_variable("emb", shape=[13, 2], initializer=np.arange(26, dtype=np.float32).reshape(13, 2))
        with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(2, axis=1)):
            tf.get_variable("wide", shape=[2, 5], dtype=tf.int32,
                            initializer=np.arange(10, dtype=np.int32).reshape(2, 5))
        saver = tf.train.Saver(save_relative_paths=True)
        return saver.save(None, str(folder / "model.ckpt"), global_step=1)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))
    target = HERE / "scopelab" / "basic"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.iterdir():
        old.unlink()
    print(write(target))
