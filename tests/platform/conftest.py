"""The flags registry is process-wide: each test that defines flags gets an empty one."""

import pytest

import scopelab as tf


@pytest.fixture
def fresh_flags():
    """Each test defines its flags on an empty registry; the previous one is put back after."""
    saved = dict(tf.flags.FLAGS._flags), tf.flags.FLAGS._parsed
    tf.flags.FLAGS._flags.clear()
    tf.flags.FLAGS.__dict__["_parsed"] = False
    yield tf.flags.FLAGS
    tf.flags.FLAGS._flags.clear()
    tf.flags.FLAGS._flags.update(saved[0])
    tf.flags.FLAGS.__dict__["_parsed"] = saved[1]
