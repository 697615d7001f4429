"""Kernels (L1): counter-based random fills, constant fills, split/concat, embedding gather,
dynamic partition/stitch, on the ``"cpu"`` (Numba ``@njit(parallel=True)``) and ``"cuda"``
(numba-cuda; its simulator when ``NUMBA_ENABLE_CUDASIM=1``) targets.

Kernels know nothing of names, scopes or stores. Every random value is a pure function of
``(key, flat index in the full tensor)`` (SplitMix64 counter hash, see ``_scalar.py``), so it does
not depend on thread count, target, or which block of the tensor is generated (``window``).
This facade checks arguments (``_args``) and hands them to a target's backend: both targets
implement ``_backend.Backend``, which holds the preparation they share.
Numba is imported on the first kernel call, never by ``import scopelab``; compiled kernels are
cached on disk (``NUMBA_CACHE_DIR`` chooses where). float16 is generated in float32 and cast.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError
from scopelab.kernels import _args
from scopelab.kernels import _backend as _backend_module
from scopelab.kernels._backend import Backend, host_array

__all__ = [
    "make_key", "fill", "uniform", "normal", "truncated_normal", "split", "concat",
    "embedding_gather", "dynamic_partition", "dynamic_stitch", "to_host", "to_target",
    "resolve_target", "cuda_available", "warmup",
]

_M64 = (1 << 64) - 1


def make_key(seed1: int, seed2: int) -> int:
    """A 64-bit stream key from a TF seed pair (``random_seed.get_seed``'s output)."""
    from scopelab.kernels._scalar import mix64_int
    from scopelab.kernels._tables import GOLDEN

    a, b = _args.as_key(seed1), _args.as_key(seed2)
    return mix64_int(mix64_int(a * GOLDEN + 0x243F6A8885A308D3) ^ b)


# --- target registry ------------------------------------------------------------------------------
_CPU_BACKEND: list[Backend] = []


def _target_backend(target: str) -> Backend:
    """The backend that implements every op for ``target`` (imports Numba on first use)."""
    if target == "cpu" and _CPU_BACKEND:
        return _CPU_BACKEND[0]
    target = _args.as_target(target)
    if target == "cuda":
        cuda: Backend = importlib.import_module("scopelab.kernels._cuda_target").backend()
        return cuda
    _CPU_BACKEND.append(importlib.import_module("scopelab.kernels._cpu_target").BACKEND)
    return _CPU_BACKEND[0]


def cuda_available() -> bool:
    """True where CUDA kernels can run: a GPU with numba-cuda, or the simulator."""
    available: bool = importlib.import_module("scopelab.kernels._cuda_target").available()
    return available


_GPU = re.compile(r"(?:^|/|:)(?:device:)?gpu(?::(?:\d+|\*))?$", re.IGNORECASE)   # "*": any
_CPU = re.compile(r"(?:^|/|:)(?:device:)?cpu(?::(?:\d+|\*))?$", re.IGNORECASE)


def resolve_target(device: str | None) -> str:
    """``"/gpu:0"`` (any TF spelling) -> ``"cuda"``; ``"/cpu:0"``, ``""``, None -> the default.

    Raises ``CudaUnavailableError`` when a GPU is asked for and neither a GPU nor the simulator
    is available.
    """
    from scopelab.config import settings

    if device is None or device == "":
        target = settings.default_target
    elif not isinstance(device, str):
        raise _args.InvalidArgumentTypeError(f"device must be a string such as '/gpu:0', got "
                                             f"{device!r}.", device=device)
    else:
        last = device.strip().rstrip("/").split("/")[-1]
        if _GPU.search(last):
            target = "cuda"
        elif _CPU.search(last) or not last or last.startswith(("job:", "replica:", "task:")):
            target = "cpu"
        else:
            raise InvalidArgumentError(
                f"Unrecognised device {device!r}: use '/cpu:0' or '/gpu:0' (also "
                "'/device:GPU:0').", device=device)
    if target == "cuda":
        importlib.import_module("scopelab.kernels._cuda_target").backend(device)
    return _args.as_target(target)


# --- value makers ---------------------------------------------------------------------------------
def fill(shape: Any, dtype: Any, value: Any, *, target: str = "cpu") -> Any:
    """An array of ``shape`` with every element ``value`` (``np.full`` semantics)."""
    shape, dtype = _args.as_shape(shape), _args.as_dtype(dtype)
    return _target_backend(target).fill(shape, dtype, value)


def uniform(shape: Any, dtype: Any, key: int, minval: Any = 0, maxval: Any = None, *,
            target: str = "cpu", window: Any = None) -> Any:
    """Uniform in ``[minval, maxval)``; floats default ``maxval=1``, integers require it."""
    shape, dtype = _args.as_shape(shape), _args.as_dtype(dtype)
    key, window = _args.as_key(key), _args.as_window(shape, window)
    if dtype.kind in "iu":
        minval, maxval = _args.int_bounds(dtype, minval, maxval)
    else:
        _args.float_dtype(dtype, "uniform")
        minval = _args.as_finite("minval", minval)
        maxval = _args.as_finite("maxval", 1.0 if maxval is None else maxval)
        if not minval < maxval:
            raise InvalidArgumentError(
                f"uniform needs minval < maxval, got minval={minval}, maxval={maxval}.",
                minval=minval, maxval=maxval)
    return _target_backend(target).uniform(shape, dtype, key, minval, maxval, window)


def uniform_prechecked(shape: tuple[int, ...], dtype: np.dtype, key: int, minval: float,
                       maxval: float, target: str) -> Any:
    """``uniform`` of a whole tensor for a caller whose arguments already are what ``uniform``
    would make of them: a tuple of ints, a NumPy dtype, a 64-bit key, finite floats ``minval <
    maxval`` (the default initializer: its checks cost a third of a small variable's draw)."""
    _args.float_dtype(dtype, "uniform")
    return _target_backend(target).uniform(shape, dtype, key, minval, maxval, None)


def normal(shape: Any, dtype: Any, key: int, mean: Any = 0.0, stddev: Any = 1.0, *,
           target: str = "cpu", window: Any = None) -> Any:
    """``mean + stddev * z`` with ``z`` standard normal, computed in the output's precision:
    float32 by Box-Muller (one counter word per pair of elements), float64 by an inverse CDF of
    one word per element; see ``_scalar.py``."""
    shape, dtype = _args.as_shape(shape), _args.as_dtype(dtype)
    key, window = _args.as_key(key), _args.as_window(shape, window)
    _args.float_dtype(dtype, "normal")
    mean, stddev = _args.as_finite("mean", mean), _args.as_finite("stddev", stddev)
    return _target_backend(target).normal(shape, dtype, key, mean, stddev, window)


def truncated_normal(shape: Any, dtype: Any, key: int, mean: Any = 0.0, stddev: Any = 1.0, *,
                     target: str = "cpu", window: Any = None) -> Any:
    """TF1's truncated normal: ``z`` from N(0, 1) restricted to ``|z| < 2``, values strictly
    inside ``mean ± 2|stddev|``. Drawn by the inverse CDF over (-2, 2), so without TF1's redraws
    (a value rounding puts on the edge takes the element's next word)."""
    shape, dtype = _args.as_shape(shape), _args.as_dtype(dtype)
    key, window = _args.as_key(key), _args.as_window(shape, window)
    _args.float_dtype(dtype, "truncated_normal")
    mean, stddev = _args.as_finite("mean", mean), _args.as_finite("stddev", stddev)
    if stddev == 0.0:
        return fill(shape, dtype, mean, target=target)
    edge = abs(mean) + 2.0 * abs(stddev)
    if not edge < float(np.finfo(dtype).max):
        raise InvalidArgumentError(
            f"truncated_normal(mean={mean}, stddev={stddev}) reaches {edge:g}, beyond the "
            f"largest {dtype.name}; use a wider dtype or a smaller stddev.", dtype=dtype)
    if _backend_module.inside_bounds(_backend_module.work_dtype(dtype), mean,
                                     2.0 * abs(stddev)) is None:
        raise InvalidArgumentError(
            f"truncated_normal(mean={mean}, stddev={stddev}): no {dtype.name} value lies strictly "
            f"inside mean ± 2·stddev (the stddev is below the dtype's spacing at the mean); use a "
            f"larger stddev or a wider dtype.", dtype=dtype)
    return _target_backend(target).truncated_normal(shape, dtype, key, mean, stddev, window)


# --- partitioning ---------------------------------------------------------------------------------
def split(value: Any, sizes: Any, axis: int, *, target: str = "cpu") -> list[Any]:
    """Copies of consecutive blocks of ``value`` along ``axis`` with the given lengths."""
    backend = _target_backend(target)
    value = backend.as_array(value)
    sizes, axis = _args.split_sizes(value.shape, sizes, axis)
    return backend.split(value, sizes, axis)


def concat(arrays: Any, axis: int, *, target: str = "cpu") -> Any:
    """Join ``arrays`` along ``axis`` (the inverse of ``split``)."""
    backend = _target_backend(target)
    arrays = [backend.as_array(a) for a in arrays]
    axis = _args.concat_axis(arrays, axis)
    return backend.concat(arrays, axis)


def embedding_gather(shards: Any, ids: Any, strategy: Any = "mod") -> Any:
    """Rows ``ids`` of the logical table held by ``shards``, routed as TF1's ``embedding_lookup``.

    ``"mod"``: id ``i`` lives in shard ``i % P`` at row ``i // P``. ``"div"``: contiguous blocks,
    the first ``N % P`` shards one row longer. Result shape ``ids.shape + shards[0].shape[1:]``.
    """
    shards = [to_host(s) for s in _args.embedding_shards(shards)]
    ids = _args.embedding_ids(ids)
    rows = [s.shape[0] for s in shards]
    _args.embedding_strategy(strategy, len(shards), sum(rows))
    cpu: Any = _target_backend("cpu")   # gather, partition and stitch are the CPU backend's own
    return cpu.embedding_gather(shards, ids, strategy)


def dynamic_partition(data: Any, partitions: Any, num_partitions: Any) -> list[Any]:
    """``[data[partitions == p] for p in range(num_partitions)]`` in one pass (TF semantics)."""
    data, partitions = to_host(data), to_host(partitions)
    _check_partition(data, partitions, num_partitions)
    cpu: Any = _target_backend("cpu")
    parts: list[Any] = cpu.dynamic_partition(data, partitions.astype(np.int64, copy=False),
                                             int(num_partitions))
    return parts


def dynamic_stitch(indices: Any, data: Any) -> Any:
    """``merged[indices[m][...]] = data[m][...]`` in order (later entries win), TF semantics."""
    indices = [to_host(i).astype(np.int64, copy=False) for i in indices]
    data = [to_host(d) for d in data]
    _check_stitch(indices, data)
    cpu: Any = _target_backend("cpu")
    return cpu.dynamic_stitch(indices, data)


def _check_partition(data: Any, partitions: Any, num_partitions: Any) -> None:
    if partitions.dtype.kind not in "iu":
        raise InvalidArgumentError(f"partitions must be integers, got {partitions.dtype}.")
    if data.shape[:partitions.ndim] != partitions.shape:
        raise InvalidArgumentError(
            f"data shape {data.shape} must start with the partitions shape {partitions.shape}.")
    if partitions.size and (partitions.min() < 0 or partitions.max() >= num_partitions):
        raise InvalidArgumentError(
            f"partitions must be in [0, {num_partitions}), got values from {partitions.min()} "
            f"to {partitions.max()}.", num_partitions=num_partitions)


def _check_stitch(indices: Any, data: Any) -> None:
    if not indices or len(indices) != len(data):
        raise InvalidArgumentError(
            f"dynamic_stitch needs one data array per index array, got {len(indices)} index "
            f"arrays and {len(data)} data arrays.")
    inner = data[0].shape[indices[0].ndim:]
    for m, (i, d) in enumerate(zip(indices, data)):
        if d.shape != i.shape + inner or d.dtype != data[0].dtype:
            raise InvalidArgumentError(
                f"data[{m}] has shape {d.shape} and dtype {d.dtype}, expected "
                f"{i.shape + inner} (indices[{m}].shape + {inner}) and {data[0].dtype}.")
        if i.size and i.min() < 0:
            raise InvalidArgumentError(f"indices[{m}] holds a negative index {i.min()}.")


# --- moving data ----------------------------------------------------------------------------------
def to_host(array: Any) -> np.ndarray:
    """A NumPy array from a NumPy or CUDA device array (device arrays are copied)."""
    return host_array(array)


def to_target(array: Any, target: str) -> Any:
    """``array`` on ``target``: a NumPy array for ``"cpu"``, a device array for ``"cuda"``."""
    if _args.as_target(target) == "cpu":
        return to_host(array)
    return _target_backend("cuda").as_array(array)


def warmup(targets: Any = ("cpu",)) -> dict[str, Any]:
    """Compile (or load from the disk cache) every kernel for float32 and float64; returns
    seconds per target. Call it once in a notebook to move compile latency up front."""
    import time

    spent = {}
    for target in targets:
        start = time.perf_counter()
        _target_backend(target).warmup()
        spent[target] = time.perf_counter() - start
    return spent
