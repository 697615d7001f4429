"""The kernels facade rejects bad arguments with clear errors before any kernel runs."""

import numpy as np
import pytest

import scopelab.kernels as K
from scopelab import dtypes
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError


def test_accepts_scopelab_dtypes_names_and_numpy_types():
    a = K.uniform((3,), dtypes.float32, 1)
    b = K.uniform((3,), "float32", 1)
    c = K.uniform((3,), np.float32, 1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(b, c)
    assert K.uniform(4, "float64", 1).shape == (4,)


@pytest.mark.parametrize("call, error, phrase", [
    (lambda: K.normal((2,), "int32", 1), InvalidArgumentError, "Invalid dtype 'int32' for normal"),
    (lambda: K.truncated_normal((2,), "bool", 1), InvalidArgumentError, "expected float16"),
    (lambda: K.uniform((2,), "int32", 1, 0), InvalidArgumentError, "Must specify maxval"),
    (lambda: K.uniform((2,), "int8", 1, 0, 1000), InvalidArgumentError, "-128 <= minval"),
    (lambda: K.uniform((2,), "float32", 1, 1.0, 1.0), InvalidArgumentError, "minval < maxval"),
    (lambda: K.normal((2,), "float32", 1, float("nan")), InvalidArgumentError, "mean must be finite"),
    (lambda: K.normal((2, -1), "float32", 1), InvalidArgumentError, "non-negative ints"),
    (lambda: K.normal(None, "float32", 1), InvalidArgumentTypeError, "tuple of ints"),
    (lambda: K.normal((2,), "float32", 1.5), InvalidArgumentTypeError, "make_key"),
    (lambda: K.normal((2,), "float32", 1, target="tpu"), InvalidArgumentError, "'cpu' or 'cuda'"),
    (lambda: K.normal((2,), "float32", 1, window=((4,), (3,))), InvalidArgumentError,
     "does not fit"),
    (lambda: K.normal((2,), "float32", 1, window=((4, 4), (0, 0))), InvalidArgumentError,
     "rank mismatch"),
    (lambda: K.truncated_normal((2,), "float16", 1, 0.0, 4e4), InvalidArgumentError,
     "beyond the largest float16"),
    (lambda: K.resolve_target("/tpu:0"), InvalidArgumentError, "Unrecognised device"),
    (lambda: K.truncated_normal((2,), "float32", 1, 1e10 + 1, 1e-3), InvalidArgumentError,
     "no float32 value lies strictly inside mean ± 2·stddev"),
])
def test_bad_arguments_raise_clear_errors(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call()


def test_window_equal_to_full_shape_is_the_plain_draw():
    np.testing.assert_array_equal(K.normal((3, 4), "float32", 9, window=((3, 4), (0, 0))),
                                  K.normal((3, 4), "float32", 9))


def test_truncated_normal_with_zero_stddev_is_the_mean():
    np.testing.assert_array_equal(K.truncated_normal((3,), "float32", 1, 2.5, 0.0), [2.5] * 3)


def test_zero_size_outputs():
    assert K.normal((0, 5), "float32", 1).shape == (0, 5)
    assert K.uniform((3, 0), "int64", 1, 0, 5).shape == (3, 0)
    assert K.split(np.zeros((0, 4)), [0], 0)[0].shape == (0, 4)


def test_resolve_target_reads_the_default_for_no_device(monkeypatch):
    from scopelab.config import settings

    monkeypatch.setattr(settings, "default_target", "cpu")
    assert K.resolve_target(None) == "cpu"
    assert K.resolve_target("/job:ps/replica:0/task:1") == "cpu"


def test_warmup_compiles_and_reports_seconds():
    spent = K.warmup()
    assert set(spent) == {"cpu"} and spent["cpu"] >= 0.0
