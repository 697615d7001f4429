"""The CUDA target: the only module that imports ``numba.cuda`` (numba-cuda, NVIDIA's maintained
CUDA target; Numba's built-in one is deprecated since 0.61).

``CudaBackend`` implements ``_backend.Backend`` (the protocol and preparation shared with the CPU
target). Kernels run one element per thread (grid-stride loops) and call the same scalar functions
as the CPU target (``_scalar.build``), so values equal the CPU kernels bit for bit in Numba's
simulator (``NUMBA_ENABLE_CUDASIM=1``, how the test suite runs them). On a real GPU the products
that feed an addition use libdevice's ``dmul_rn`` / ``fmul_rn``, which NVVM never fuses into an FMA,
and the normals call no libm function (their logarithm is our own arithmetic, divisions and square
roots are IEEE-rounded), so every value rounds as on the CPU; the PTX test checks that no FMA is
left. float16 is generated in float32 on the device, cast on the host and copied back. Results are
device arrays (``scopelab.kernels.to_host``).
"""

from __future__ import annotations

import math
import os

import numpy as np

from scopelab.config import settings
from scopelab.errors import CudaUnavailableError
from scopelab.kernels import _scalar
from scopelab.kernels._backend import Backend

try:
    from numba import cuda
    _IMPORT_ERROR = None
except Exception as exc:  # noqa: BLE001 - numba-cuda missing or broken: report it when a GPU is asked for
    cuda = None
    _IMPORT_ERROR = exc


def available() -> bool:
    """A GPU that numba-cuda can use, or the simulator."""
    return cuda is not None and bool(cuda.is_available())


def simulated() -> bool:
    return cuda is not None and bool(getattr(cuda, "simulator_enabled", False)
                                     or os.environ.get("NUMBA_ENABLE_CUDASIM") == "1")


def backend(device: str | None = None):
    """The CUDA backend, or ``CudaUnavailableError`` explaining how to get a GPU or fall back."""
    if available():
        _compile()
        return BACKEND
    asked = f"Device {device!r} asks" if device else "target='cuda' asks"
    if cuda is None:
        reason = f"numba.cuda cannot be imported ({_IMPORT_ERROR})"
    else:
        reason = "numba-cuda found no usable NVIDIA GPU (no device, or no driver)"
    raise CudaUnavailableError(
        f"{asked} for a GPU, but CUDA is not available here: {reason}.\n\n"
        "To use an NVIDIA GPU:   pip install 'numba-cuda[cu12]'"
        "   (or [cu13], matching the driver)\n"
        "To run the CUDA kernels without a GPU (slow; for tests and teaching), start Python with\n"
        "    NUMBA_ENABLE_CUDASIM=1   (it must be set before Numba is imported)\n"
        "To stay on the CPU:\n"
        "    with scopelab.device('/cpu:0'): ...     # or drop the device argument\n"
        f"More: {CudaUnavailableError.docs_anchor()}",
        device=device, reason=reason)


# --- kernels (compiled on first use) --------------------------------------------------------------
_K: dict = {}


def bind_device_functions() -> None:
    """Bind the shared scalar math, compiled as CUDA device functions, to module globals."""
    if "uniform_value" in globals():
        return
    # libdevice's dmul_rn / fmul_rn keep NVVM from fusing a*b+c into an FMA (the CPU rounds
    # twice); the simulator has no libdevice, and runs the plain product like the CPU.
    mul = mul32 = None
    if not simulated():
        from numba.cuda import libdevice
        mul, mul32 = libdevice.dmul_rn, libdevice.fmul_rn
    s = _scalar.build(cuda.jit(device=True), mul, mul32)
    globals().update(uniform_value=s.uniform_value, uniform_int_value=s.uniform_int_value,
                     normal32=s.normal32, normal64=s.normal64, truncated32=s.truncated32,
                     truncated64=s.truncated64)


def _compile() -> None:
    if _K:
        return
    bind_device_functions()
    # keyed by the kinds _backend.Backend launches, plus the copy kernels
    _K.update(uniform=cuda.jit(uniform_kernel), uniform_int=cuda.jit(uniform_int_kernel),
              normal32=cuda.jit(normal32_kernel), normal64=cuda.jit(normal64_kernel),
              truncated32=cuda.jit(truncated32_kernel), truncated64=cuda.jit(truncated64_kernel),
              fill=cuda.jit(fill_kernel), copy_cols=cuda.jit(copy_cols_kernel))


def uniform_kernel(out, key, g0, gstride, shift, scale, lo, span, threshold, below):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        v = uniform_value(key, g0 + r * gstride + c, shift, scale, lo, span)
        out[r, c] = below if v >= threshold else v   # threshold: see _backend.cast_threshold


def uniform_int_kernel(out, key, g0, gstride, lo, span):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        out[r, c] = uniform_int_value(key, g0 + r * gstride + c, lo, span)


def normal32_kernel(out, key, g0, gstride, mean, stddev):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        out[r, c] = normal32(key, g0 + r * gstride + c, mean, stddev)


def normal64_kernel(out, key, g0, gstride, mean, stddev):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        out[r, c] = normal64(key, g0 + r * gstride + c, mean, stddev)


def truncated32_kernel(out, key, g0, gstride, mean, stddev, lo, hi):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        out[r, c] = truncated32(key, g0 + r * gstride + c, mean, stddev, lo, hi)


def truncated64_kernel(out, key, g0, gstride, mean, stddev, lo, hi):
    cols = out.shape[1]
    for k in range(cuda.grid(1), out.shape[0] * cols, cuda.gridsize(1)):
        r = k // cols
        c = k - r * cols
        out[r, c] = truncated64(key, g0 + r * gstride + c, mean, stddev, lo, hi)


def fill_kernel(out, value):
    for k in range(cuda.grid(1), out.shape[0], cuda.gridsize(1)):
        out[k] = value


def copy_cols_kernel(dst, dst_c0, src, src_c0, ncols):
    for k in range(cuda.grid(1), dst.shape[0] * ncols, cuda.gridsize(1)):
        r = k // ncols
        c = k - r * ncols
        dst[r, dst_c0 + c] = src[r, src_c0 + c]


def _launch(name: str, n: int, *args) -> None:
    threads = settings.cuda_threads_per_block
    blocks = max(1, min(4096, (n + threads - 1) // threads))
    _K[name][blocks, threads](*args)


# --- the backend ---------------------------------------------------------------------------------
_DEVICE_DTYPES = ("float32", "float64", "int32", "int64", "int16", "int8", "uint8", "uint16")


class CudaBackend(Backend):
    """Device arrays in and out (numba-cuda's, or the simulator's)."""

    name = "cuda"

    def empty(self, shape, dtype):
        return cuda.device_array(shape if shape else (1,), dtype=dtype)

    def launch(self, kind, view, key, g0, gstride, params, total):
        _launch(kind, view.shape[0] * view.shape[1], view, np.uint64(key), g0, gstride, *params)

    def to_host(self, array):
        return array.copy_to_host()

    def from_host(self, array):
        return cuda.to_device(array)

    def as_array(self, value):
        if hasattr(value, "copy_to_host"):   # a device array (also in the simulator)
            return value
        return cuda.to_device(np.ascontiguousarray(value))

    def fill(self, shape, dtype, value):
        if dtype.name not in _DEVICE_DTYPES:
            return cuda.to_device(np.full(shape, value, dtype=dtype))
        n = math.prod(shape)
        out = cuda.device_array(max(n, 1), dtype=dtype)
        if n:
            _launch("fill", n, out, dtype.type(value))
        return out[:n].reshape(shape)

    def split(self, value, sizes, axis):
        rows = math.prod(value.shape[:axis])
        inner = math.prod(value.shape[axis + 1:])
        src = value.reshape(rows, value.size // rows if rows else 0)
        out, offset = [], 0
        for s in sizes:
            shard = cuda.device_array(value.shape[:axis] + (s,) + value.shape[axis + 1:],
                                      dtype=value.dtype)
            if s * inner and rows:
                _launch("copy_cols", rows * s * inner, shard.reshape(rows, s * inner),
                        np.int64(0), src, np.int64(offset * inner), np.int64(s * inner))
            out.append(shard)
            offset += s
        return out

    def concat(self, arrays, axis):
        first = arrays[0]
        length = sum(a.shape[axis] for a in arrays)
        shape = first.shape[:axis] + (length,) + first.shape[axis + 1:]
        out = cuda.device_array(shape, dtype=first.dtype)
        rows = math.prod(shape[:axis])
        inner = math.prod(shape[axis + 1:])
        if not (rows and length * inner):
            return out
        dst = out.reshape(rows, length * inner)
        col = 0
        for a in arrays:
            cols = a.shape[axis] * inner
            if cols:
                _launch("copy_cols", rows * cols, dst, np.int64(col), a.reshape(rows, cols),
                        np.int64(0), np.int64(cols))
            col += cols
        return out


BACKEND = CudaBackend()
