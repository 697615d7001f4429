"""The machinery behind every initializer: the base class, seeding keys, shapes, fans, windows.

See ``scopelab.initializers`` for the seeding rules and the partition-invariant mode; this module
implements them (``RandomInitializer.key``) so the initializer classes stay short.
"""

from __future__ import annotations

import functools
import os
import random
from typing import Any

import numpy as np

from scopelab import config, random_seed
from scopelab._signatures import defaults
from scopelab._tf_values import format_argument
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import InitializerError

__all__ = ["Initializer", "RandomInitializer", "compute_fans", "fan_shape", "window",
           "slice_window", "to_target", "assert_float_dtype", "check_random_float",
           "random_draw", "kernels"]

def kernels() -> Any:
    # Imported on first use so that ``import scopelab`` never pays for Numba; then kept (every
    # random initializer asks, and an import statement costs more than a global's read).
    global _kernels
    if _kernels is None:
        from scopelab import kernels as module
        _kernels = module
    return _kernels


_kernels: Any = None


# --- shared helpers -------------------------------------------------------------------------------
def assert_float_dtype(dtype: DType) -> DType:
    if not dtype.is_floating:
        raise InitializerError(
            f"Expected floating point type, got {dtype}. This initializer makes real numbers; "
            f"use dtype=tf.float32 (or float16/float64), or tf.zeros_initializer() for "
            f"integer variables.", dtype=dtype)
    return dtype


def fan_shape(shape: list[int], partition_info: Any) -> list[int]:
    """The shape fans are computed from: the full variable's when drawing a shard."""
    return list(partition_info.full_shape) if partition_info is not None else shape


def compute_fans(shape: Any) -> tuple[float, float]:
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


def to_target(array: np.ndarray, target: str) -> Any:
    return array if target == "cpu" else kernels().to_target(array, target)


def window(shape: list[int], partition_info: Any) -> tuple[Any, ...] | None:
    """The kernel window ``(full_shape, offset)`` in partition-invariant mode, else None."""
    if partition_info is None or not config.settings.partition_invariant:
        return None
    return tuple(partition_info.full_shape), tuple(partition_info.var_offset)


def slice_window(full: np.ndarray, shape: list[int], partition_info: Any) -> np.ndarray:
    index = tuple(slice(o, o + s) for o, s in zip(partition_info.var_offset, shape))
    return np.ascontiguousarray(full[index])


# --- base class -----------------------------------------------------------------------------------
class Initializer:
    """Base of every initializer: ``init(shape, dtype=None, partition_info=None, *, target)``."""

    _tf_name = "initializer"
    _display_name: str | None = None  # set by lecun_*/he_* factories
    dtype: DType   # set by each subclass's __init__

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None, *,
                 target: str = "cpu") -> Any:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_config(cls, config_dict: dict[str, Any]) -> Any:
        return cls(**config_dict)

    def _resolve_dtype(self, dtype: Any) -> DType:
        return self.dtype if dtype is None else as_dtype(dtype).base_dtype

    def describe(self) -> str:
        """Short deterministic text: the TF1 alias and the arguments that differ from defaults."""
        defaults = _constructor_defaults(type(self))  # type: ignore[arg-type]  # a class is hashable
        config_dict = self.get_config()
        if self._display_name is not None:  # lecun_*/he_*: only the seed is free
            config_dict = {"seed": config_dict.get("seed")}
            defaults = {"seed": None}
        args = [f"{k}={v if k == 'dtype' else format_argument(v)}" for k, v in config_dict.items()
                if k in defaults and not _same(v, defaults[k])]
        return f"{self._display_name or self._tf_name}({', '.join(args)})"

    def __repr__(self) -> str:
        return self.describe()


@functools.cache
def _constructor_defaults(cls: type[Any]) -> dict[str, Any]:
    return {name: default.name if isinstance(default, DType) else default
            for name, default in defaults(cls.__init__).items()}


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:
        return bool(value == default)
    except Exception:  # noqa: BLE001 - an incomparable value counts as "different"
        return False


class RandomInitializer(Initializer):
    """Shared seeding: one key per call, or per variable in partition-invariant mode."""

    seed: int | None

    def key(self, partition_info: Any) -> int:
        if partition_info is None or not config.settings.partition_invariant:
            return _fresh_key(self.seed)
        # The store may hand each shard a fresh initializer instance (TF does for the default
        # one), so the variable's key lives in the dict its shards share (``variable_keys``).
        keys: dict[Any, int] | None = getattr(partition_info, "variable_keys", None)
        identity = (type(self), repr(self.get_config()), tuple(partition_info.full_shape))
        if keys is not None and any(partition_info.var_offset) and identity in keys:
            return keys[identity]
        key = _fresh_key(self.seed)
        if keys is not None:
            keys[identity] = key
        return key


# Keys of unseeded initializers: a generator of our own, seeded from the OS (a user's
# random.seed() does not make them repeat) and reseeded in a forked child; no system call per
# variable, as secrets.randbits would make.
_UNSEEDED = random.Random()
os.register_at_fork(after_in_child=_UNSEEDED.seed)


def _fresh_key(seed: int | None) -> int:
    s1, s2 = random_seed.get_seed(seed)
    if s1 is None:  # no seeds anywhere: fresh randomness on every call, any 64-bit key will do
        return _UNSEEDED.getrandbits(64)
    return _key_for_pair(s1, s2)


@functools.lru_cache(maxsize=4096)
def _key_for_pair(s1: int, s2: int) -> int:
    # Seeded initializers ask for the same pair again and again; the key is a pure function of it.
    key: int = kernels().make_key(s1, s2)
    return key


def random_draw(kind: str, shape: Any, dtype: DType, key: int, a: float, b: float, target: str,
                block: Any) -> object:
    """``kernels.<kind>(shape, dtype, key, a, b)``; ``block`` is the kernel's ``window``."""
    draw = getattr(kernels(), kind)
    return draw(tuple(shape), dtype.np, key, a, b, target=target, window=block)


def check_random_float(dtype: DType) -> None:
    if not dtype.is_floating:
        raise InitializerError(
            f"Expected floating point type, got {dtype}. This initializer draws real numbers "
            f"only; use a float dtype, or tf.zeros_initializer() for integer variables.",
            dtype=dtype)
