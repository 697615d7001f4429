"""TF1's v1 initializers (``init_ops.py``): same arguments, defaults, formulas and seeding.

Every initializer is an :class:`Initializer` called as
``init(shape, dtype=None, partition_info=None, *, target="cpu")`` and returns a NumPy array (a
device array for ``target="cuda"``). All random numbers come from ``scopelab.kernels``
(counter-based: element values depend on the key and the element's flat index only).

Seeding (TF graph mode). The key is ``kernels.make_key(*random_seed.get_seed(self.seed))``:
an explicit ``seed`` gives the same numbers on every call with the same shape and dtype, so the
shards of a partitioned variable made with a seeded initializer are identical (TF1 behaviour);
unseeded under a graph seed, each call takes the next op id (deterministic per creation order);
with no seed at all each call draws a fresh key.

Partition-invariant mode (``scopelab.config.settings.partition_invariant = True``, opt-in).
When ``partition_info`` is given, a random initializer draws the shard as the window
``(partition_info.full_shape, partition_info.var_offset)`` of the full tensor, with the key the
unpartitioned variable would have used, so shard k equals the matching slice of the unpartitioned
variable. The key is derived once per variable: the call for the shard at offset 0 (the store
creates shards in order) draws the key exactly as an unpartitioned call would (one op id under a
graph seed, a fresh key without seeds); the following shards with the same initializer
configuration and full shape reuse it from a per-thread slot (so it also works when each shard
gets a fresh initializer instance, as the default initializer does). A variable thus consumes
one op id whether or not it is partitioned, and later variables line up too. Orthogonal and
Constant build the full value and slice it in this mode; the fan-based initializers and Identity
read the full shape in both modes, as TF does.

About 450 lines: the thirteen v1 initializers with their TF1 aliases, one short class each (the
shared machinery is :mod:`scopelab._initializer_base`), kept together as TF's ``init_ops.py`` is.
"""

from __future__ import annotations

import functools
import math
import types
import warnings
from typing import Any

import numpy as np

from scopelab._initializer_base import (
    Initializer, RandomInitializer, assert_float_dtype, check_random_float, compute_fans,
    fan_shape, kernels, random_draw, slice_window, to_target, window,
)
from scopelab._tf_values import constant_value, convert_value, describe_value, shape_list
from scopelab.dtypes import DType, as_dtype, float32
from scopelab.errors import InitializerError, InitializerTypeError

__all__ = [
    "Initializer", "Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal",
    "TruncatedNormal", "UniformUnitScaling", "VarianceScaling", "GlorotUniform", "GlorotNormal",
    "Orthogonal", "Identity",
    "zeros_initializer", "ones_initializer", "constant_initializer", "random_uniform_initializer",
    "random_normal_initializer", "truncated_normal_initializer", "uniform_unit_scaling_initializer",
    "variance_scaling_initializer", "glorot_uniform_initializer", "glorot_normal_initializer",
    "orthogonal_initializer", "identity_initializer",
    "lecun_normal", "lecun_uniform", "he_normal", "he_uniform",
    "zeros", "ones", "constant", "random_uniform", "random_normal", "truncated_normal",
    "uniform_unit_scaling", "variance_scaling", "glorot_uniform", "glorot_normal", "orthogonal",
    "identity", "default_initializer", "describe", "constant_value",
    "TRUNCATED_NORMAL_STDDEV_FACTOR",
]

# std of a standard normal truncated to (-2, 2): scipy.stats.truncnorm.std(a=-2, b=2).
TRUNCATED_NORMAL_STDDEV_FACTOR = 0.87962566103423978

# --- constants ------------------------------------------------------------------------------------
class Zeros(Initializer):
    """All zeros (``False`` for bool, ``b""`` for string)."""

    _tf_name = "zeros_initializer"

    def __init__(self, dtype: Any = float32) -> None:
        self.dtype = as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        if dtype.is_string:
            return _host_strings(shape, target)
        return kernels().fill(tuple(shape), dtype.np, 0, target=target)

    def get_config(self) -> dict[str, Any]:
        return {"dtype": self.dtype.name}


def _host_strings(shape: list[int], target: str) -> np.ndarray:
    if target != "cpu":
        raise InitializerError("String variables live on the CPU only; remove the GPU device "
                               "for this variable.", target=target)
    return np.full(shape, b"", dtype=object)


class Ones(Initializer):
    """All ones."""

    _tf_name = "ones_initializer"

    def __init__(self, dtype: Any = float32) -> None:
        self.dtype = as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        if dtype.is_string:
            raise InitializerError(f"Cannot fill a {dtype.name} variable with ones; use "
                                   f"tf.zeros_initializer() or a constant.", dtype=dtype)
        return kernels().fill(tuple(shape), dtype.np, 1, target=target)

    def get_config(self) -> dict[str, Any]:
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """A given value: a scalar fills; a list/array goes row-major, padded with its last value."""

    _tf_name = "constant_initializer"

    def __init__(self, value: Any = 0, dtype: Any = float32, verify_shape: bool = False) -> None:
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise InitializerTypeError(
                f"Invalid type for initial value: {type(value)} (expected Python scalar, list or "
                f"tuple of values, or numpy.ndarray).", value=value)
        self.value = value
        self.dtype = as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, verify_shape: bool | None = None, *,
                 target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        if verify_shape is None:
            verify_shape = self._verify_shape
        if np.isscalar(self.value) and not dtype.is_string and not verify_shape:
            return kernels().fill(tuple(shape), dtype.np, convert_value(self.value, dtype)[()],
                                   target=target)
        if window(shape, partition_info) is not None:
            full = constant_value(self.value, dtype, partition_info.full_shape, verify_shape)
            return to_target(slice_window(full, shape, partition_info), target)
        return to_target(constant_value(self.value, dtype, shape, verify_shape), target)

    def get_config(self) -> dict[str, Any]:
        return {"value": self.value, "dtype": self.dtype.name, "verify_shape": self._verify_shape}


# --- random ---------------------------------------------------------------------------------------
class RandomUniform(RandomInitializer):
    """Uniform in ``[minval, maxval)``; ``maxval=None`` means 1 for floats, required for ints."""

    _tf_name = "random_uniform_initializer"

    def __init__(self, minval: Any = 0, maxval: Any = None, seed: int | None = None, dtype: Any = float32) -> None:
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        minval, maxval = self.minval, self.maxval
        if dtype.is_integer and dtype.np.itemsize >= 4 and not dtype.is_unsigned:
            if maxval is None:
                raise InitializerError(
                    f"Must specify maxval for integer dtype {dtype!r}. Integers are drawn from "
                    f"[minval, maxval), e.g. tf.random_uniform_initializer(0, 10).", dtype=dtype)
            if not minval < maxval:
                raise InitializerError(
                    f"Need minval < maxval for integer draws, got minval={minval}, "
                    f"maxval={maxval}.", minval=minval, maxval=maxval)
        elif dtype.is_floating:
            maxval = 1 if maxval is None else maxval
        else:
            raise InitializerError(
                f"Invalid dtype {dtype!r}. Uniform draws support float16/32/64, int32 and int64.",
                dtype=dtype)
        return random_draw("uniform", shape, dtype, self.key(partition_info), minval, maxval,
                       target, window(shape, partition_info))

    def get_config(self) -> dict[str, Any]:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(RandomInitializer):
    """``mean + stddev * N(0, 1)``."""

    _tf_name = "random_normal_initializer"

    def __init__(self, mean: Any = 0.0, stddev: Any = 1.0, seed: int | None = None, dtype: Any = float32) -> None:
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        check_random_float(dtype)
        return random_draw("normal", shape, dtype, self.key(partition_info), self.mean,
                       self.stddev, target, window(shape, partition_info))

    def get_config(self) -> dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """``mean + stddev * z`` with ``z ~ N(0, 1)`` redrawn until ``|z| < 2``."""

    _tf_name = "truncated_normal_initializer"

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        check_random_float(dtype)
        return random_draw("truncated_normal", shape, dtype, self.key(partition_info), self.mean,
                       self.stddev, target, window(shape, partition_info))


class UniformUnitScaling(RandomInitializer):
    """Uniform in ``±sqrt(3 / input_size) * factor``, ``input_size`` from the full shape."""

    _tf_name = "uniform_unit_scaling_initializer"

    def __init__(self, factor: Any = 1.0, seed: int | None = None, dtype: Any = float32) -> None:
        self.factor, self.seed = factor, seed
        self.dtype = assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        check_random_float(dtype)
        input_size = 1.0
        for dim in fan_shape(shape, partition_info)[:-1]:
            input_size *= float(dim)
        max_val = math.sqrt(3 / max(input_size, 1.0)) * self.factor
        return random_draw("uniform", shape, dtype, self.key(partition_info), -max_val, max_val,
                       target, window(shape, partition_info))

    def get_config(self) -> dict[str, Any]:
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("normal", "uniform", "truncated_normal", "untruncated_normal")


class VarianceScaling(RandomInitializer):
    """``scale`` over the fan of the *full* shape; truncated normal, normal or uniform draws."""

    _tf_name = "variance_scaling_initializer"

    def __init__(self, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal",
                 seed: int | None = None, dtype: Any = float32) -> None:
        if scale <= 0.0:
            raise InitializerError(
                f"`scale` must be positive float. Got {scale!r}; scale multiplies the "
                f"variance, e.g. 1.0 (glorot, lecun) or 2.0 (he).", scale=scale)
        if mode not in _MODES:
            raise InitializerError(
                f"Invalid `mode` argument: {mode!r}. Use one of {', '.join(map(repr, _MODES))}.",
                mode=mode)
        dist = distribution.lower() if isinstance(distribution, str) else distribution
        if dist not in _DISTRIBUTIONS:
            raise InitializerError(
                f"Invalid `distribution` argument: {distribution!r}. Use one of "
                f"{', '.join(map(repr, _DISTRIBUTIONS))}.", distribution=distribution)
        if dist == "normal":
            warnings.warn("`normal` is a deprecated alias for `truncated_normal`",
                          DeprecationWarning, stacklevel=2)
        self.scale, self.mode, self.distribution, self.seed = scale, mode, dist, seed
        self.dtype = assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape = shape_list(shape)
        if dtype is not float32:   # the store's float32 needs no resolving or check
            dtype = self._resolve_dtype(dtype)
            check_random_float(dtype)
        kind, low, high = _variance_scaling_draw(float(self.scale), self.mode, self.distribution,
                                                 tuple(fan_shape(shape, partition_info)))
        key, block = self.key(partition_info), window(shape, partition_info)
        if kind == "uniform" and block is None:   # glorot_uniform, the default: the bulk of calls
            return kernels().uniform_prechecked(tuple(shape), dtype.np, key, low, high, target)
        return random_draw(kind, shape, dtype, key, low, high, target, block)

    def get_config(self) -> dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


@functools.lru_cache(maxsize=1024)   # a model asks for the same few layer shapes again and again
def _variance_scaling_draw(scale: float, mode: str, distribution: str,
                           shape_for_fans: tuple[int, ...]) -> tuple[str, float, float]:
    """The draw of ``VarianceScaling``: the kernel and its two parameters (uniform: the bounds,
    checked finite; normals: mean 0 and the stddev), from the fans of ``shape_for_fans``."""
    fan_in, fan_out = compute_fans(shape_for_fans)
    if mode == "fan_in":
        variance = scale / max(1.0, fan_in)
    elif mode == "fan_out":
        variance = scale / max(1.0, fan_out)
    else:
        variance = scale / max(1.0, (fan_in + fan_out) / 2.0)
    if distribution in ("normal", "truncated_normal"):
        return "truncated_normal", 0.0, math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV_FACTOR
    if distribution == "untruncated_normal":
        return "normal", 0.0, math.sqrt(variance)
    spread = math.sqrt(3.0 * variance)
    if not 0.0 < spread < math.inf:
        raise InitializerError(
            f"variance_scaling_initializer(scale={scale!r}) gives uniform bounds ±{spread!r} for "
            f"shape {list(shape_for_fans)}; use a finite positive scale, e.g. 1.0.", scale=scale)
    return "uniform", -spread, spread


class GlorotUniform(VarianceScaling):
    """Uniform in ``±sqrt(6 / (fan_in + fan_out))``."""

    _tf_name = "glorot_uniform_initializer"

    def __init__(self, seed: int | None = None, dtype: Any = float32) -> None:
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with post-truncation std ``sqrt(2 / (fan_in + fan_out))``."""

    _tf_name = "glorot_normal_initializer"

    def __init__(self, seed: int | None = None, dtype: Any = float32) -> None:
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed, "dtype": self.dtype.name}


def _named_variance_scaling(name: str, scale: float, mode: str, distribution: str,
                            seed: int | None) -> VarianceScaling:
    init = VarianceScaling(scale, mode, distribution, seed)
    init._display_name = name
    return init


def lecun_normal(seed: int | None = None) -> VarianceScaling:
    """``VarianceScaling(1.0, "fan_in", "truncated_normal")``."""
    return _named_variance_scaling("lecun_normal", 1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed: int | None = None) -> VarianceScaling:
    """``VarianceScaling(1.0, "fan_in", "uniform")``."""
    return _named_variance_scaling("lecun_uniform", 1.0, "fan_in", "uniform", seed)


def he_normal(seed: int | None = None) -> VarianceScaling:
    """``VarianceScaling(2.0, "fan_in", "truncated_normal")``."""
    return _named_variance_scaling("he_normal", 2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed: int | None = None) -> VarianceScaling:
    """``VarianceScaling(2.0, "fan_in", "uniform")``."""
    return _named_variance_scaling("he_uniform", 2.0, "fan_in", "uniform", seed)


# --- structured -----------------------------------------------------------------------------------
class Orthogonal(RandomInitializer):
    """Orthogonal rows or columns (QR of a normal matrix with the sign fix), times ``gain``."""

    _tf_name = "orthogonal_initializer"

    def __init__(self, gain: Any = 1.0, seed: int | None = None, dtype: Any = float32) -> None:
        self.gain, self.seed = gain, seed
        self.dtype = assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        check_random_float(dtype)
        key = self.key(partition_info)
        if window(shape, partition_info) is not None:
            full = self._orthogonal(list(partition_info.full_shape), dtype, key)
            return to_target(slice_window(full, shape, partition_info), target)
        return to_target(self._orthogonal(shape, dtype, key), target)

    def _orthogonal(self, shape: list[int], dtype: DType, key: int) -> np.ndarray:
        if len(shape) < 2:
            raise InitializerError(
                f"The tensor to initialize must be at least two-dimensional, got shape "
                f"{tuple(shape)}. Orthogonal needs a matrix (or a conv kernel).", shape=shape)
        num_rows = math.prod(shape[:-1])
        num_cols = shape[-1]
        flat_shape = (num_cols, num_rows) if num_rows < num_cols else (num_rows, num_cols)
        work = np.dtype(np.float64 if dtype.np == np.float64 else np.float32)
        a = np.asarray(kernels().normal(flat_shape, work, key, 0.0, 1.0, target="cpu",
                                         window=None))
        q, r = np.linalg.qr(a)  # reduced QR
        q = q * np.sign(np.diag(r))  # sign fix makes Q Haar-distributed
        if num_rows < num_cols:
            q = q.T
        return np.ascontiguousarray((self.gain * q).reshape(shape), dtype=dtype.np)

    def get_config(self) -> dict[str, Any]:
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """``gain * eye(rows, cols)`` of the full 2-D shape; a shard gets its window of it."""

    _tf_name = "identity_initializer"

    def __init__(self, gain: Any = 1.0, dtype: Any = float32) -> None:
        self.gain = gain
        self.dtype = assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *, target: str = "cpu") -> Any:
        shape, dtype = shape_list(shape), self._resolve_dtype(dtype)
        full_shape = fan_shape(shape, partition_info)
        if len(full_shape) != 2:
            raise InitializerError(
                f"Identity matrix initializer can only be used for 2D matrices. Got shape "
                f"{tuple(full_shape)}.", shape=full_shape)
        eye = np.eye(*full_shape, dtype=dtype.np)
        if partition_info is not None:
            eye = slice_window(eye, shape, partition_info)
        return to_target(np.asarray(self.gain * eye, dtype=dtype.np), target)

    def get_config(self) -> dict[str, Any]:
        return {"gain": self.gain, "dtype": self.dtype.name}


# --- TF1 names ------------------------------------------------------------------------------------
zeros_initializer = zeros = Zeros
ones_initializer = ones = Ones
constant_initializer = constant = Constant
random_uniform_initializer = random_uniform = RandomUniform
random_normal_initializer = random_normal = RandomNormal
truncated_normal_initializer = truncated_normal = TruncatedNormal
uniform_unit_scaling_initializer = uniform_unit_scaling = UniformUnitScaling
variance_scaling_initializer = variance_scaling = VarianceScaling
glorot_uniform_initializer = glorot_uniform = GlorotUniform
glorot_normal_initializer = glorot_normal = GlorotNormal
orthogonal_initializer = orthogonal = Orthogonal
identity_initializer = identity = Identity


def default_initializer(full_name: str, dtype: Any) -> Initializer:
    """TF1's choice when neither get_variable nor the scope names an initializer."""
    if dtype is float32:      # nearly every call: no conversion, no property reads
        return _DEFAULT_FLOAT
    dtype = as_dtype(dtype).base_dtype
    if dtype.is_floating:
        return _DEFAULT_FLOAT
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype.is_string:
        return _DEFAULT_OTHER
    raise InitializerError(
        f"An initializer for variable {full_name} of {dtype} is required. scopelab picks "
        f"glorot_uniform for floats and zeros for ints, bools and strings, but has no default "
        f"for {dtype.name}: pass initializer=, e.g. tf.zeros_initializer().",
        name=full_name, dtype=dtype)


# TF makes a fresh one per variable; they hold no state (seeds come from the graph), so one will do.
_DEFAULT_FLOAT, _DEFAULT_OTHER = GlorotUniform(), Zeros()


# --- describe -------------------------------------------------------------------------------------
def describe(initializer_or_value: Any) -> str:
    """A short deterministic description for views: ``"glorot_uniform_initializer()"``,
    ``"constant_initializer(value=0.3)"``, ``"lambda"``, ``"my_init"``, ``"value int64 (73,)"``."""
    obj = initializer_or_value
    if obj is None:
        return "None"
    if isinstance(obj, Initializer):
        return obj.describe()
    if isinstance(obj, type):
        if issubclass(obj, Initializer):
            return obj._tf_name
        return obj.__name__
    if isinstance(obj, functools.partial):
        return f"partial({describe(obj.func)})"
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        name = getattr(obj, "__name__", "function")
        return "lambda" if name == "<lambda>" else name
    if callable(obj) and not hasattr(obj, "__array__"):
        return type(obj).__name__
    return describe_value(obj)
