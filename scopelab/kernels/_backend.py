"""The backend protocol both targets implement, and the preparation they share (NumPy only).

A target (``_cpu_target.CpuBackend``, ``_cuda_target.CudaBackend``) provides a few primitives:
``empty`` (allocate), ``launch`` (run one random kernel over a 2-D view), ``to_host`` /
``from_host``, ``as_array``, ``fill``, ``split``, ``concat``. Everything the targets have in common
is written here once, as methods of :class:`Backend`: the float16 work dtype, each kernel's
parameters (uniform bit shift and scale, the clamp threshold, the normals' precision and truncation
limit), the window
plan that maps an output block onto 2-D views, and the float16 cast fixes. Arguments reach a
backend already checked (``scopelab.kernels`` does that with ``_args``).

The kernels behind ``launch`` take, for every kind, ``(view, key, g0, gstride, *params)`` with
the ``params`` built here, so the CPU and CUDA kernels cannot drift apart in what they are given.
"""

from __future__ import annotations

import abc
import functools
from typing import Any, cast

import numpy as np

from scopelab.kernels import _layout

__all__ = ["Backend", "host_array", "work_dtype", "cast_threshold", "inside_bounds", "clamp_below",
           "pull_inside"]

_M64 = (1 << 64) - 1
F16, F32, F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_INT64_ZERO = np.int64(0)


def _as_int64(value: int) -> np.int64:
    """``np.int64(value)``; the 0 of every unwindowed draw (its counter start and stride) made
    once: building a NumPy scalar costs more than a small variable's whole kernel."""
    return _INT64_ZERO if value == 0 else np.int64(value)


def host_array(value: Any) -> np.ndarray:
    """A NumPy array from a NumPy array, anything ``np.asarray`` takes, or a device array
    (numba-cuda's, real or simulated, is copied to the host)."""
    if hasattr(value, "copy_to_host"):
        host: np.ndarray = value.copy_to_host()
        return host
    return np.asarray(value)


def work_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype kernels compute in: float16 is generated as float32 and cast afterwards."""
    return F32 if dtype is F16 else dtype   # NumPy's float16 dtype is one object (no compare)


@functools.lru_cache(maxsize=256)
def cast_threshold(maxval: float, work: np.dtype) -> float:
    """The least float64 ``t`` with ``float(work(v)) >= maxval`` for every ``v >= t`` (round to
    nearest, ties to even), so a kernel can test the clamp before it casts and stores."""
    if work == np.float64:
        return float(maxval)
    m = work.type(maxval)
    if float(m) < maxval:
        m = np.nextafter(m, work.type(np.inf))        # the least value of work >= maxval
    prev = np.nextafter(m, work.type(-np.inf))
    mid = (float(prev) + float(m)) / 2.0              # exact in float64
    odd = int(np.array(m).view(np.uint32 if work == np.float32 else np.uint16)) & 1
    return float(np.nextafter(mid, np.inf)) if odd else mid


@functools.lru_cache(maxsize=1024)
def _uniform_params(work: np.dtype, minval: float, maxval: float) -> tuple[Any, ...]:
    """The float uniform kernel's parameters; cached because a model asks for the same few
    (glorot's bounds per layer shape) again and again, and building them costs more than a
    small variable's whole draw."""
    shift, scale = (11, 2.0 ** -53) if work == F64 else (40, 2.0 ** -24)
    below = float(np.nextafter(work.type(maxval), work.type(-np.inf)))
    return (np.uint64(shift), scale, float(minval), float(maxval) - float(minval),
            cast_threshold(maxval, work), below)


@functools.lru_cache(maxsize=256)
def inside_bounds(work: np.dtype, mean: float, limit: float) -> tuple[Any, ...] | None:
    """The least and greatest values of ``work`` strictly inside ``mean ± limit`` (compared in
    float64, as ``abs(float(v) - mean) < limit``), so kernels test ``lo <= v <= hi`` in their own
    precision; None when no value of ``work`` lies inside (a stddev below the dtype's spacing).
    Found by bisection over the values' order (their bits, read as sign-magnitude integers)."""
    ints = np.int32 if work.itemsize == 4 else np.int64
    top = int(np.iinfo(ints).max)

    def order(v: Any) -> int:                      # monotone in v
        i = int(np.array(v, work).view(ints))
        return i if i >= 0 else -(i & top)

    def value(k: int) -> Any:
        return np.array(k if k >= 0 else (-k) | ~top, ints).view(work)[()]

    def inside(k: int) -> bool:
        return abs(float(value(k)) - mean) < limit

    centre = order(work.type(mean))
    if not inside(centre):
        return None
    finite = order(np.finfo(work).max)

    def last_inside(step: int) -> int:        # the end of the inside run from centre
        good, bad = centre, step * finite
        while abs(bad - good) > 1:
            mid = (good + bad) // 2
            good, bad = (mid, bad) if inside(mid) else (good, mid)
        return good

    return value(last_inside(-1)), value(last_inside(1))


def clamp_below(out: np.ndarray, maxval: float) -> np.ndarray:
    """Keep ``[minval, maxval)`` after a narrowing cast: a value that rounded up to ``maxval``
    moves one step below it (in place)."""
    below = np.nextafter(out.dtype.type(maxval), out.dtype.type(-np.inf))
    out[out.astype(np.float64) >= float(maxval)] = below
    return out


def pull_inside(out: np.ndarray, mean: float, limit: float) -> np.ndarray:
    """Keep truncated values strictly inside ``mean ± limit`` after a narrowing cast (float16):
    a value the cast rounded onto the edge moves one step towards the mean (in place)."""
    edge = np.abs(out.astype(np.float64) - mean) >= limit
    out[edge] = np.nextafter(out[edge], out.dtype.type(mean))
    return out


class Backend(abc.ABC):
    """One target's kernels behind the facade; the shared methods are written once here."""

    name: str = ""

    # --- what each target provides ------------------------------------------------------------
    @abc.abstractmethod
    def empty(self, shape: tuple[Any, ...], dtype: np.dtype[Any]) -> Any:
        """An uninitialised output array on this target."""

    @abc.abstractmethod
    def launch(self, kind: str, view: Any, key: int, g0: np.int64, gstride: np.int64,
               params: tuple[Any, ...], total: int) -> None:
        """Fill the C-contiguous 2-D ``view`` with ``kind`` values (``"uniform"``,
        ``"uniform_int"``, ``"normal32"``, ``"normal64"``, ``"truncated32"``, ``"truncated64"``);
        ``key`` is the 64-bit key as a Python int (each target passes it in its kernels' type);
        ``total`` is the whole output's size."""

    @abc.abstractmethod
    def to_host(self, array: Any) -> np.ndarray:
        """A NumPy array with this target's array's values."""

    @abc.abstractmethod
    def from_host(self, array: np.ndarray) -> Any:
        """A NumPy array moved to this target."""

    @abc.abstractmethod
    def as_array(self, value: Any) -> Any:
        """``value`` (NumPy or device array) as an array of this target."""

    @abc.abstractmethod
    def fill(self, shape: tuple[Any, ...], dtype: np.dtype[Any], value: Any) -> Any:
        """``np.full`` on this target."""

    @abc.abstractmethod
    def split(self, value: Any, sizes: list[Any], axis: int) -> list[Any]:
        """Copies of consecutive blocks of ``value`` along ``axis`` (checked sizes)."""

    @abc.abstractmethod
    def concat(self, arrays: list[Any], axis: int) -> Any:
        """Join ``arrays`` along ``axis`` (checked shapes)."""

    # --- shared: window plans and parameters -----------------------------------------------------
    def _draw(self, kind: str, shape: tuple[Any, ...], dtype: np.dtype[Any], window: Any, key: int,
              params: tuple[Any, ...]) -> Any:
        out = self.empty(shape, dtype)
        total = out.size
        if window is None:   # the whole tensor (every unpartitioned variable): one flat view
            if total:
                self.launch(kind, out.reshape(1, total), key, _INT64_ZERO,
                            _INT64_ZERO, params, total)
            return out
        for prefix, rows, cols, g0, gstride in _layout.plan(shape, window):
            view = out[prefix] if prefix else out     # out[()] of a 0-d array is a copy
            self.launch(kind, view.reshape(rows, cols), key, _as_int64(g0),
                        _as_int64(gstride), params, total)
        return out if out.shape == shape else out.reshape(shape)

    def uniform(self, shape: Any, dtype: Any, key: int, minval: Any, maxval: Any, window: Any) -> Any:
        if dtype.kind in "iu":
            lo, span = np.uint64(minval & _M64), np.uint64((maxval - minval) & _M64)
            return self._draw("uniform_int", shape, dtype, window, key, (lo, span))
        work = work_dtype(dtype)
        out = self._draw("uniform", shape, work, window, key, _uniform_params(work, minval, maxval))
        if work == dtype:
            return out
        return self.from_host(clamp_below(self.to_host(out).astype(dtype), maxval))

    def normal(self, shape: Any, dtype: Any, key: int, mean: Any, stddev: Any, window: Any) -> Any:
        work = work_dtype(dtype)
        kind = "normal32" if work == F32 else "normal64"
        out = self._draw(kind, shape, work, window, key, (work.type(mean), work.type(stddev)))
        return out if work == dtype else self.from_host(self.to_host(out).astype(dtype))

    def truncated_normal(self, shape: Any, dtype: Any, key: int, mean: Any, stddev: Any,
                         window: Any) -> Any:
        """Values strictly inside ``mean ± 2|stddev|`` (the float64 parameters), after the cast."""
        work = work_dtype(dtype)
        kind = "truncated32" if work == F32 else "truncated64"
        mean, limit = float(mean), 2.0 * abs(float(stddev))
        lo, hi = cast("tuple[Any, Any]", inside_bounds(work, mean, limit))   # the facade checked stddev
        out = self._draw(kind, shape, work, window, key, (work.type(mean), work.type(stddev), lo, hi))
        if work == dtype:
            return out
        return self.from_host(pull_inside(self.to_host(out).astype(dtype), mean, limit))

    def warmup(self) -> None:
        """Compile (or load from the disk cache) every kernel for float32 and float64."""
        for dtype in (F32, F64):
            self.uniform((4,), dtype, 1, 0.0, 1.0, None)
            self.normal((4,), dtype, 1, 0.0, 1.0, None)
            self.truncated_normal((4,), dtype, 1, 0.0, 1.0, None)
            self.split(self.as_array(np.zeros((2, 2), dtype)), [1, 1], 0)
            self.concat([self.as_array(np.zeros((2, 1), dtype))] * 2, 1)
        for int_dtype in (np.dtype(np.int32), np.dtype(np.int64)):
            self.uniform((4,), int_dtype, 1, 0, 10, None)
