"""Random ops on the counter-based kernels, with TF1's seeding rules.

Each random op takes its seed pair from ``random_seed.get_seed(seed)`` when it is built (graph
seed + op seed, or the graph's op counter) and keys a stream with it. Run ``k`` of the op in a
session draws stream ``k`` (``k = 0`` is also the value computed at creation), so a random op
yields new values on each evaluation, deterministically given the seeds: a new session starts
again from run 0, as a TF1 session does. Without any seed the key is random (fresh numbers per
graph, as TF1's nondeterminism).

Ops and names follow TF1: ``random_normal`` is ``RandomStandardNormal`` * stddev + mean under
``random_normal/``; ``random_uniform`` is ``RandomUniform`` * (max - min) + min (``RandomUniformInt``
for integer dtypes); ``truncated_normal`` redraws values beyond two standard deviations.
"""

from __future__ import annotations

import secrets
from typing import Any

import numpy as np

from scopelab import random_seed
from scopelab.dtypes import DType, as_dtype, float32, int64
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.math_ops import add
from scopelab.ops.op_def import convert_to_tensor, define_op
from scopelab.ops.shapes import shape_from_tensor

__all__ = ["random_normal", "random_uniform", "truncated_normal", "random_shuffle",
           "multinomial", "stream_key"]


def _kernels() -> Any:
    from scopelab import kernels   # first use only: keeps ``import scopelab`` free of Numba
    return kernels


def _seed_key(seed: Any) -> int:
    s1, s2 = random_seed.get_seed(seed)
    if s1 is None:
        return secrets.randbits(64)
    return _kernels().make_key(s1, s2)


def stream_key(key: int, ctx: Any) -> int:
    """The key of this run of the op being computed (``ctx.op``)."""
    run = ctx.next_run_index(ctx.op)
    return key if run == 0 else _kernels().make_key(key & (2**63 - 1), run)


def _float_dtype(dtype: DType, what: str) -> DType:
    if not dtype.is_floating:
        raise TypeError(
            f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
            f"values: float16, float32, float64. {what} draws real numbers; use a float dtype.")
    return dtype


def _random_shape(shape: Any, *, dtype: DType, key: int, kind: str) -> tuple:
    return dtype, shape_from_tensor(shape)


def _draw(shape: np.ndarray, *, dtype: DType, key: int, kind: str, ctx: Any) -> np.ndarray:
    dims = tuple(int(d) for d in np.reshape(shape, -1))
    k = stream_key(key, ctx)
    if kind == "uniform":
        return _kernels().uniform(dims, dtype.np, k, 0.0, 1.0)
    return getattr(_kernels(), kind)(dims, dtype.np, k, 0.0, 1.0)


_NORMAL = define_op("RandomStandardNormal", ("shape:int",), _random_shape, _draw, pure=False,
                    context=True)
_TRUNCATED = define_op("TruncatedNormal", ("shape:int",), _random_shape, _draw, pure=False,
                       context=True)
_UNIFORM = define_op("RandomUniform", ("shape:int",), _random_shape, _draw, pure=False,
                     context=True)


def _shape_arg(shape: Any) -> Any:
    if isinstance(shape, TensorShape):
        return shape.as_list()
    return shape


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = float32,
                  seed: Any = None, name: str | None = None) -> Any:
    dtype = _float_dtype(as_dtype(dtype), "random_normal")
    with name_scope(name, "random_normal") as scope:
        shape = convert_to_tensor(_shape_arg(shape), name="shape", dtype_hint="int32")
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _NORMAL(shape, dtype=dtype, key=_seed_key(seed), kind="normal")
        return add(rnd * stddev, mean, name=scope)


def truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = float32,
                     seed: Any = None, name: str | None = None) -> Any:
    dtype = _float_dtype(as_dtype(dtype), "truncated_normal")
    with name_scope(name, "truncated_normal") as scope:
        shape = convert_to_tensor(_shape_arg(shape), name="shape", dtype_hint="int32")
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _TRUNCATED(shape, dtype=dtype, key=_seed_key(seed), kind="truncated_normal")
        return add(rnd * stddev, mean, name=scope)


def _uniform_int_shape(shape: Any, minval: Any, maxval: Any, *, key: int) -> tuple:
    return minval.dtype, shape_from_tensor(shape)


def _uniform_int(shape: np.ndarray, minval: np.ndarray, maxval: np.ndarray, *, key: int,
                 ctx: Any) -> np.ndarray:
    dims = tuple(int(d) for d in np.reshape(shape, -1))
    return _kernels().uniform(dims, minval.dtype, stream_key(key, ctx), int(minval), int(maxval))


_UNIFORM_INT = define_op("RandomUniformInt", ("shape:int", "minval:T", "maxval:T"),
                         _uniform_int_shape, _uniform_int, pure=False, context=True)


def random_uniform(shape: Any, minval: Any = 0, maxval: Any = None, dtype: Any = float32,
                   seed: Any = None, name: str | None = None) -> Any:
    """Floats in ``[minval, maxval)`` (``maxval`` defaults to 1); integers need ``maxval``."""
    dtype = as_dtype(dtype)
    if dtype.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
    if not dtype.is_integer:
        _float_dtype(dtype, "random_uniform")
    with name_scope(name, "random_uniform") as scope:
        shape = convert_to_tensor(_shape_arg(shape), name="shape", dtype_hint="int32")
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(1 if maxval is None else maxval, dtype=dtype, name="max")
        key = _seed_key(seed)
        if dtype.is_integer:
            return _UNIFORM_INT(shape, minval, maxval, name=scope, key=key)
        rnd = _UNIFORM(shape, dtype=dtype, key=key, kind="uniform")
        return add(rnd * (maxval - minval), minval, name=scope)


def _permutation(n: int, key: int) -> np.ndarray:
    keys = _kernels().uniform((n,), np.float64, key, 0.0, 1.0)
    return np.argsort(keys, kind="stable")


def _shuffle(value: np.ndarray, *, key: int, ctx: Any) -> np.ndarray:
    if value.ndim == 0:
        return value
    return value[_permutation(value.shape[0], stream_key(key, ctx))]


_SHUFFLE = define_op("RandomShuffle", ("value:any",), lambda value, *, key: (value.dtype,
                                                                             value.shape),
                     _shuffle, pure=False, context=True)


def random_shuffle(value: Any, seed: Any = None, name: str | None = None) -> Any:
    """The rows of ``value`` in a random order (first dimension), new order each run."""
    return _SHUFFLE(value, name=name, key=_seed_key(seed))


def _multinomial_shape(logits: Any, num_samples: Any, *, key: int, output_dtype: DType) -> tuple:
    from scopelab.ops.shapes import static_value
    n = static_value(num_samples)
    batch = logits.shape.as_list()[0] if logits.shape.ndims == 2 else None
    if logits.shape.ndims is None:
        return output_dtype, TensorShape([None, None if n is None else int(n)])
    return output_dtype, TensorShape([batch, None if n is None else int(n)])


def _multinomial(logits: np.ndarray, num_samples: np.ndarray, *, key: int, output_dtype: DType,
                 ctx: Any) -> np.ndarray:
    n = int(num_samples)
    batch, classes = logits.shape
    u = _kernels().uniform((batch, n, classes), np.float64, stream_key(key, ctx), 0.0, 1.0)
    gumbel = -np.log(-np.log(np.clip(u, 1e-300, 1.0)))
    return np.argmax(logits[:, None, :].astype(np.float64) + gumbel, axis=-1)


_MULTINOMIAL = define_op("Multinomial", ("logits:any", "num_samples:int32"), _multinomial_shape,
                         _multinomial, pure=False, context=True)


def multinomial(logits: Any, num_samples: Any, seed: Any = None, name: str | None = None,
                output_dtype: Any = int64) -> Any:
    """Class indices drawn from ``softmax(logits)`` per row (Gumbel-max on the uniform stream)."""
    with name_scope(name, "multinomial"):
        return _MULTINOMIAL(logits, num_samples, key=_seed_key(seed),
                            output_dtype=as_dtype(output_dtype))


def categorical(logits: Any, num_samples: Any, dtype: Any = None, seed: Any = None,
                name: str | None = None) -> Any:
    """TF 1.13+'s ``tf.random.categorical``: ``multinomial`` under the name ``categorical``."""
    with name_scope(name, "categorical"):
        return _MULTINOMIAL(logits, num_samples, key=_seed_key(seed),
                            output_dtype=as_dtype(int64 if dtype is None else dtype))

