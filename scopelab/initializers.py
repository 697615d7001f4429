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
"""

from __future__ import annotations

import functools
import inspect
import math
import secrets
import threading
import types
import warnings

import numpy as np

from scopelab import config, random_seed
from scopelab.dtypes import DType, as_dtype, float32
from scopelab.errors import InitializerError, InitializerTypeError
from scopelab.tensor_shape import as_shape

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

# (initializer identity, key) of the partitioned variable whose shards are being made.
_variable_key_slot = threading.local()


def _kernels():
    # Imported on first use so that ``import scopelab`` never pays for Numba.
    from scopelab import kernels
    return kernels


# --- shared helpers -------------------------------------------------------------------------------
def _shape_list(shape) -> list[int]:
    if type(shape) in (list, tuple) and all(type(d) is int and d >= 0 for d in shape):
        return list(shape)  # the store's common case, without building a TensorShape
    try:
        tshape = as_shape(shape)
    except (TypeError, ValueError) as err:
        raise InitializerTypeError(
            f"An initializer needs a shape such as [3, 4], got {shape!r} ({err}).",
            shape=shape) from None
    if not tshape.is_fully_defined():
        raise InitializerError(
            f"An initializer needs a fully defined shape, got {tshape}. Give every dimension a "
            f"size.", shape=shape)
    return tshape.as_list()


def _assert_float_dtype(dtype: DType) -> DType:
    if not dtype.is_floating:
        raise InitializerError(
            f"Expected floating point type, got {dtype}. This initializer makes real numbers; "
            f"use dtype=tf.float32 (or float16/float64), or tf.zeros_initializer() for "
            f"integer variables.", dtype=dtype)
    return dtype


def _fan_shape(shape: list[int], partition_info) -> list[int]:
    return list(partition_info.full_shape) if partition_info is not None else shape


def _compute_fans(shape) -> tuple[float, float]:
    """TF1 ``_compute_fans``: (fan_in, fan_out) for dense (rank 2) and conv (rank >= 3) kernels."""
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in, fan_out = shape[0], shape[1]
    else:
        receptive_field_size = 1.0
        for dim in shape[:-2]:
            receptive_field_size *= dim
        fan_in = shape[-2] * receptive_field_size
        fan_out = shape[-1] * receptive_field_size
    return float(fan_in), float(fan_out)


def _to_target(array: np.ndarray, target: str):
    return array if target == "cpu" else _kernels().to_target(array, target)


def _window(shape: list[int], partition_info) -> tuple | None:
    if partition_info is None or not config.settings.partition_invariant:
        return None
    return tuple(partition_info.full_shape), tuple(partition_info.var_offset)


def _slice_window(full: np.ndarray, shape: list[int], partition_info) -> np.ndarray:
    index = tuple(slice(o, o + s) for o, s in zip(partition_info.var_offset, shape))
    return np.ascontiguousarray(full[index])


# --- base class -------------------------------------------------------------------------------------
class Initializer:
    """Base of every scopelab initializer: ``init(shape, dtype=None, partition_info=None, *, target)``."""

    _tf_name = "initializer"
    _display_name: str | None = None  # set by lecun_*/he_* factories

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config_dict: dict):
        return cls(**config_dict)

    def _resolve_dtype(self, dtype) -> DType:
        return self.dtype if dtype is None else as_dtype(dtype).base_dtype

    def describe(self) -> str:
        """Short deterministic text: the TF1 alias and the arguments that differ from defaults."""
        defaults = _constructor_defaults(type(self))
        config_dict = self.get_config()
        if self._display_name is not None:  # lecun_*/he_*: only the seed is free
            config_dict = {"seed": config_dict.get("seed")}
            defaults = {"seed": None}
        args = [f"{k}={v if k == 'dtype' else _format_value(v)}" for k, v in config_dict.items()
                if k in defaults and not _same(v, defaults[k])]
        return f"{self._display_name or self._tf_name}({', '.join(args)})"

    def __repr__(self) -> str:
        return self.describe()


@functools.cache
def _constructor_defaults(cls: type) -> dict:
    params = inspect.signature(cls.__init__).parameters
    out = {}
    for name, p in params.items():
        if name == "self" or p.default is inspect.Parameter.empty:
            continue
        out[name] = p.default.name if isinstance(p.default, DType) else p.default
    return out


def _same(value, default) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:
        return bool(value == default)
    except Exception:  # noqa: BLE001 - an incomparable value counts as "different"
        return False


class _RandomInitializer(Initializer):
    """Shared seeding: one key per call, or per variable in partition-invariant mode."""

    seed: int | None

    def _key(self, partition_info) -> int:
        if partition_info is None or not config.settings.partition_invariant:
            return _fresh_key(self.seed)
        # The store may hand each shard a fresh initializer instance (TF does for the default
        # one), so the per-variable key lives in a per-thread slot, not on the instance.
        identity = (type(self), repr(self.get_config()), tuple(partition_info.full_shape))
        slot = getattr(_variable_key_slot, "value", None)
        if any(partition_info.var_offset) and slot is not None and slot[0] == identity:
            return slot[1]
        key = _fresh_key(self.seed)
        _variable_key_slot.value = (identity, key)
        return key


def _fresh_key(seed: int | None) -> int:
    s1, s2 = random_seed.get_seed(seed)
    if s1 is None:  # no seeds anywhere: fresh randomness on every call, any 64-bit key will do
        return secrets.randbits(64)
    return _key_for_pair(s1, s2)


@functools.lru_cache(maxsize=4096)
def _key_for_pair(s1: int, s2: int) -> int:
    # Seeded initializers ask for the same pair again and again; the key is a pure function of it.
    return _kernels().make_key(s1, s2)


def _random(kind: str, shape, dtype: DType, key: int, a: float, b: float, target: str,
            window) -> object:
    draw = getattr(_kernels(), kind)
    return draw(tuple(shape), dtype.np, key, a, b, target=target, window=window)


def _check_random_float(dtype: DType) -> None:
    if not dtype.is_floating:
        raise InitializerError(
            f"Expected floating point type, got {dtype}. Normal and truncated-normal draws "
            f"make real numbers only; use a float dtype.", dtype=dtype)


# --- constants ------------------------------------------------------------------------------------
class Zeros(Initializer):
    """All zeros (``False`` for bool, ``b""`` for string)."""

    _tf_name = "zeros_initializer"

    def __init__(self, dtype=float32) -> None:
        self.dtype = as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        if dtype.is_string:
            return _host_strings(shape, target)
        return _kernels().fill(tuple(shape), dtype.np, 0, target=target)

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


def _host_strings(shape: list[int], target: str) -> np.ndarray:
    if target != "cpu":
        raise InitializerError("String variables live on the CPU only; remove the GPU device "
                               "for this variable.", target=target)
    return np.full(shape, b"", dtype=object)


class Ones(Initializer):
    """All ones."""

    _tf_name = "ones_initializer"

    def __init__(self, dtype=float32) -> None:
        self.dtype = as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        if dtype.is_string:
            raise InitializerError(f"Cannot fill a {dtype.name} variable with ones; use "
                                   f"tf.zeros_initializer() or a constant.", dtype=dtype)
        return _kernels().fill(tuple(shape), dtype.np, 1, target=target)

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


def _convert_value(value, dtype: DType) -> np.ndarray:
    """``value`` as an array of ``dtype``. Like TF's make_tensor_proto, NumPy values are cast but
    Python values must fit the dtype (no float into int, no number into bool)."""
    if dtype.is_string:
        return np.asarray(value, dtype=object)
    raw = np.asarray(value)
    lossy = raw.dtype.kind in "OSU"
    if not isinstance(value, (np.ndarray, np.generic)):
        lossy = lossy or (dtype.is_integer and raw.dtype.kind in "fc") or (
            dtype.is_bool and raw.dtype.kind != "b")
    if lossy:
        raise InitializerTypeError(
            f"Expected {dtype.name}, got {value!r} of type {type(value).__name__!r} instead. "
            f"Give values that fit {dtype.name}, or choose a matching dtype.",
            value=value, dtype=dtype)
    return raw.astype(dtype.np)


def constant_value(value, dtype: DType, shape=None, verify_shape: bool = False) -> np.ndarray:
    """TF1 ``constant(value, dtype, shape, verify_shape)`` on the host.

    The value is flattened row-major; a shorter value is padded with its last element (a scalar
    fills the shape), a longer one is an error.
    """
    array = _convert_value(value, dtype)
    if shape is None:
        return np.array(array)
    shape = _shape_list(shape)
    if verify_shape and array.shape != tuple(shape):
        raise InitializerTypeError(
            f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}. With "
            f"verify_shape=True the value must already have the variable's shape.",
            expected=tuple(shape), got=array.shape)
    needed = math.prod(shape)
    if array.size > needed:
        raise InitializerError(
            f"Too many elements provided. Needed at most {needed}, but received {array.size}. "
            f"The value has more elements than the shape {tuple(shape)} holds; under a "
            f"partitioner the initializer is called once per shard with the shard's shape, so "
            f"pass the full value itself as initializer= to split it across shards.",
            needed=needed, received=array.size)
    flat = array.reshape(-1)
    if array.size == needed:
        return flat.reshape(shape).copy()
    out = np.empty(needed, dtype=array.dtype)
    out[:flat.size] = flat
    out[flat.size:] = flat[-1] if flat.size else np.zeros((), dtype=array.dtype)
    return out.reshape(shape)


class Constant(Initializer):
    """A given value: a scalar fills; a list/array is laid out row-major and padded with its last value."""

    _tf_name = "constant_initializer"

    def __init__(self, value=0, dtype=float32, verify_shape=False) -> None:
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise InitializerTypeError(
                f"Invalid type for initial value: {type(value)} (expected Python scalar, list or "
                f"tuple of values, or numpy.ndarray).", value=value)
        self.value = value
        self.dtype = as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None, *,
                 target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        if verify_shape is None:
            verify_shape = self._verify_shape
        if np.isscalar(self.value) and not dtype.is_string and not verify_shape:
            return _kernels().fill(tuple(shape), dtype.np, _convert_value(self.value, dtype)[()],
                                   target=target)
        if _window(shape, partition_info) is not None:
            full = constant_value(self.value, dtype, partition_info.full_shape, verify_shape)
            return _to_target(_slice_window(full, shape, partition_info), target)
        return _to_target(constant_value(self.value, dtype, shape, verify_shape), target)

    def get_config(self) -> dict:
        return {"value": self.value, "dtype": self.dtype.name, "verify_shape": self._verify_shape}


# --- random ---------------------------------------------------------------------------------------
class RandomUniform(_RandomInitializer):
    """Uniform in ``[minval, maxval)``; ``maxval=None`` means 1 for floats, required for ints."""

    _tf_name = "random_uniform_initializer"

    def __init__(self, minval=0, maxval=None, seed=None, dtype=float32) -> None:
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
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
        return _random("uniform", shape, dtype, self._key(partition_info), minval, maxval,
                       target, _window(shape, partition_info))

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(_RandomInitializer):
    """``mean + stddev * N(0, 1)``."""

    _tf_name = "random_normal_initializer"

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=float32) -> None:
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        _check_random_float(dtype)
        return _random("normal", shape, dtype, self._key(partition_info), self.mean,
                       self.stddev, target, _window(shape, partition_info))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """``mean + stddev * z`` with ``z ~ N(0, 1)`` redrawn until ``|z| < 2``."""

    _tf_name = "truncated_normal_initializer"

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        _check_random_float(dtype)
        return _random("truncated_normal", shape, dtype, self._key(partition_info), self.mean,
                       self.stddev, target, _window(shape, partition_info))


class UniformUnitScaling(_RandomInitializer):
    """Uniform in ``±sqrt(3 / input_size) * factor``, ``input_size`` from the full shape."""

    _tf_name = "uniform_unit_scaling_initializer"

    def __init__(self, factor=1.0, seed=None, dtype=float32) -> None:
        self.factor, self.seed = factor, seed
        self.dtype = _assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        _check_random_float(dtype)
        input_size = 1.0
        for dim in _fan_shape(shape, partition_info)[:-1]:
            input_size *= float(dim)
        max_val = math.sqrt(3 / max(input_size, 1.0)) * self.factor
        return _random("uniform", shape, dtype, self._key(partition_info), -max_val, max_val,
                       target, _window(shape, partition_info))

    def get_config(self) -> dict:
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("normal", "uniform", "truncated_normal", "untruncated_normal")


class VarianceScaling(_RandomInitializer):
    """Scale ``scale`` by the fan of the *full* shape, then draw truncated normal / normal / uniform."""

    _tf_name = "variance_scaling_initializer"

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=float32) -> None:
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
        self.dtype = _assert_float_dtype(as_dtype(dtype))

    def _draw_parameters(self, fan_shape) -> tuple[str, float]:
        fan_in, fan_out = _compute_fans(fan_shape)
        scale = self.scale
        if self.mode == "fan_in":
            scale /= max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale /= max(1.0, fan_out)
        else:
            scale /= max(1.0, (fan_in + fan_out) / 2.0)
        if self.distribution in ("normal", "truncated_normal"):
            return "truncated_normal", math.sqrt(scale) / TRUNCATED_NORMAL_STDDEV_FACTOR
        if self.distribution == "untruncated_normal":
            return "normal", math.sqrt(scale)
        return "uniform", math.sqrt(3.0 * scale)

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        _check_random_float(dtype)
        kind, spread = self._draw_parameters(_fan_shape(shape, partition_info))
        low, high = (-spread, spread) if kind == "uniform" else (0.0, spread)
        return _random(kind, shape, dtype, self._key(partition_info), low, high, target,
                       _window(shape, partition_info))

    def get_config(self) -> dict:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Uniform in ``±sqrt(6 / (fan_in + fan_out))``."""

    _tf_name = "glorot_uniform_initializer"

    def __init__(self, seed=None, dtype=float32) -> None:
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with post-truncation std ``sqrt(2 / (fan_in + fan_out))``."""

    _tf_name = "glorot_normal_initializer"

    def __init__(self, seed=None, dtype=float32) -> None:
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


def _named_variance_scaling(name: str, scale: float, mode: str, distribution: str, seed):
    init = VarianceScaling(scale, mode, distribution, seed)
    init._display_name = name
    return init


def lecun_normal(seed=None) -> VarianceScaling:
    """``VarianceScaling(1.0, "fan_in", "truncated_normal")``."""
    return _named_variance_scaling("lecun_normal", 1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None) -> VarianceScaling:
    """``VarianceScaling(1.0, "fan_in", "uniform")``."""
    return _named_variance_scaling("lecun_uniform", 1.0, "fan_in", "uniform", seed)


def he_normal(seed=None) -> VarianceScaling:
    """``VarianceScaling(2.0, "fan_in", "truncated_normal")``."""
    return _named_variance_scaling("he_normal", 2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None) -> VarianceScaling:
    """``VarianceScaling(2.0, "fan_in", "uniform")``."""
    return _named_variance_scaling("he_uniform", 2.0, "fan_in", "uniform", seed)


# --- structured -------------------------------------------------------------------------------------
class Orthogonal(_RandomInitializer):
    """Orthogonal rows or columns (QR of a normal matrix with the sign fix), times ``gain``."""

    _tf_name = "orthogonal_initializer"

    def __init__(self, gain=1.0, seed=None, dtype=float32) -> None:
        self.gain, self.seed = gain, seed
        self.dtype = _assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        _check_random_float(dtype)
        key = self._key(partition_info)
        if _window(shape, partition_info) is not None:
            full = self._orthogonal(list(partition_info.full_shape), dtype, key)
            return _to_target(_slice_window(full, shape, partition_info), target)
        return _to_target(self._orthogonal(shape, dtype, key), target)

    def _orthogonal(self, shape: list[int], dtype: DType, key: int) -> np.ndarray:
        if len(shape) < 2:
            raise InitializerError(
                f"The tensor to initialize must be at least two-dimensional, got shape "
                f"{tuple(shape)}. Orthogonal needs a matrix (or a conv kernel).", shape=shape)
        num_rows = math.prod(shape[:-1])
        num_cols = shape[-1]
        flat_shape = (num_cols, num_rows) if num_rows < num_cols else (num_rows, num_cols)
        work = np.dtype(np.float64 if dtype.np == np.float64 else np.float32)
        a = np.asarray(_kernels().normal(flat_shape, work, key, 0.0, 1.0, target="cpu",
                                         window=None))
        q, r = np.linalg.qr(a)  # reduced QR
        q = q * np.sign(np.diag(r))  # sign fix makes Q Haar-distributed
        if num_rows < num_cols:
            q = q.T
        return np.ascontiguousarray((self.gain * q).reshape(shape), dtype=dtype.np)

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """``gain * eye(rows, cols)`` of the full 2-D shape; a shard gets its window of it."""

    _tf_name = "identity_initializer"

    def __init__(self, gain=1.0, dtype=float32) -> None:
        self.gain = gain
        self.dtype = _assert_float_dtype(as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None, *, target="cpu"):
        shape, dtype = _shape_list(shape), self._resolve_dtype(dtype)
        full_shape = _fan_shape(shape, partition_info)
        if len(full_shape) != 2:
            raise InitializerError(
                f"Identity matrix initializer can only be used for 2D matrices. Got shape "
                f"{tuple(full_shape)}.", shape=full_shape)
        eye = np.eye(*full_shape, dtype=dtype.np)
        if partition_info is not None:
            eye = _slice_window(eye, shape, partition_info)
        return _to_target(np.asarray(self.gain * eye, dtype=dtype.np), target)

    def get_config(self) -> dict:
        return {"gain": self.gain, "dtype": self.dtype.name}


# --- TF1 names --------------------------------------------------------------------------------------
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


def default_initializer(full_name: str, dtype) -> Initializer:
    """TF1's choice when neither get_variable nor the scope names an initializer."""
    dtype = as_dtype(dtype).base_dtype
    if dtype.is_floating:
        return GlorotUniform()
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype.is_string:
        return Zeros()
    raise InitializerError(
        f"An initializer for variable {full_name} of {dtype} is required. scopelab picks "
        f"glorot_uniform for floats and zeros for ints, bools and strings, but has no default "
        f"for {dtype.name}: pass initializer=, e.g. tf.zeros_initializer().",
        name=full_name, dtype=dtype)


# --- describe ---------------------------------------------------------------------------------------
def _format_scalar(value) -> str:
    if isinstance(value, np.floating):
        return np.format_float_positional(value, trim="-")
    if isinstance(value, np.generic):
        return repr(value.item())
    return repr(value)


def _format_value(value) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.size > 8:
            return f"array {array.dtype} {array.shape}"
        return repr(array.tolist())
    return _format_scalar(value)


def _tf_dtype_name(value) -> tuple[str, tuple]:
    """dtype name and shape that TF's ``convert_to_tensor`` would give ``value``."""
    dtype = getattr(value, "dtype", None)
    if isinstance(dtype, DType):
        return dtype.name, tuple(np.shape(value))
    array = np.asarray(value)
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__array__"):
        kind = array.dtype
    elif array.dtype.kind == "f":
        kind = np.dtype(np.float32)
    elif array.dtype.kind == "i":
        fits = array.size == 0 or (array.min() >= -2**31 and array.max() < 2**31)
        kind = np.dtype(np.int32 if fits else np.int64)
    else:
        kind = array.dtype
    try:
        name = as_dtype(kind).name
    except TypeError:
        name = str(kind)
    return name, array.shape


def describe(initializer_or_value) -> str:
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
    name, shape = _tf_dtype_name(obj)
    return f"value {name} {shape}"
