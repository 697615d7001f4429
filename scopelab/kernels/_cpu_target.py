"""The CPU target: ``CpuBackend``, the Numba kernels of ``_cpu_random`` and ``_cpu_copy`` behind
the backend protocol (``_backend.Backend``).

Arrays below ``SERIAL_BELOW`` elements take the serial twins of the kernels (a parallel launch
costs microseconds). Copies and fills see unsigned-integer views of the bytes (``_bytes_view``), so
one specialisation per item size serves every dtype. ``embedding_gather``, ``dynamic_partition``
and ``dynamic_stitch`` are host-only operations that only this backend provides.
"""

from __future__ import annotations

import math

import numpy as np

from scopelab.kernels import _args
from scopelab.kernels import _cpu_copy as C
from scopelab.kernels._backend import Backend, host_array
from scopelab.kernels._cpu_random import BLOCK, KERNELS

SERIAL_BELOW = 65536   # elements; smaller outputs run on one thread without a parallel launch
GROUP = 4              # shards per pass of the fused split/concat kernels (one compiled arity)
_TWO64, _INT64_MAX = 1 << 64, (1 << 63) - 1
_UINT_OF_SIZE = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _bytes_view(a: np.ndarray, rows: int) -> np.ndarray:
    """``a`` (C-contiguous) as ``(rows, cols)`` unsigned integers of the widest size dividing
    its item size (so every dtype, complex included, shares four specialisations)."""
    unit = _unit(a.dtype)
    cols = (a.size // rows if rows else 0) * (a.dtype.itemsize // unit)
    return a.reshape(-1).view(_UINT_OF_SIZE[unit]).reshape(rows, cols)


def _unit(dtype: np.dtype) -> int:
    size = dtype.itemsize
    return 8 if size % 8 == 0 else 4 if size % 4 == 0 else 2 if size % 2 == 0 else 1


def _copy_cols(dst, dst_c0, src, src_c0, ncols):
    small = dst.shape[0] * ncols < SERIAL_BELOW
    (C.copy_cols_ser if small else C.copy_cols_par)(dst, np.int64(dst_c0), src, np.int64(src_c0),
                                                np.int64(ncols))


def _fused(rows: int, cols: int) -> bool:
    """Row-block passes over all shards suit many rows that each fit in a block; one long row
    (axis 0) or a small array takes the per-shard copy."""
    return cols <= BLOCK and rows * cols >= SERIAL_BELOW


def _groups(views, offsets, rows):
    """``(views, offsets)`` in groups of ``GROUP``, padded with (rows, 0) arrays, so the fused
    kernels compile once per item size rather than once per shard count."""
    pad = np.empty((rows, 0), views[0].dtype)
    for i in range(0, len(views), GROUP):
        chunk = list(views[i:i + GROUP])
        offs = list(offsets[i:i + GROUP])
        yield (tuple(chunk + [pad] * (GROUP - len(chunk))),
               np.array(offs + [0] * (GROUP - len(offs)), np.int64))


def _copy_narrow(wide, narrow, to_wide):
    """Copy between ``wide`` and the ``narrow`` arrays laid side by side in its columns (the
    byte views of split's shards or concat's inputs): into ``wide`` for concat, out of it for
    split."""
    rows = wide.shape[0]
    starts = [0]
    for n in narrow[:-1]:
        starts.append(starts[-1] + n.shape[1])
    if _fused(rows, wide.shape[1]):
        for group, offsets in _groups(narrow, starts, rows):
            C.copy_group_par(wide, group, offsets, to_wide)
        return
    for n, start in zip(narrow, starts):
        if not n.size:
            continue
        if to_wide:
            _copy_cols(wide, start, n, 0, n.shape[1])
        else:
            _copy_cols(n, 0, wide, start, n.shape[1])



class CpuBackend(Backend):
    """NumPy arrays in, NumPy arrays out."""

    name = "cpu"

    def empty(self, shape, dtype):
        return np.empty(shape, dtype)

    def launch(self, kind, view, key, g0, gstride, params, total):
        # The key's 64 bits as a signed int, which Numba passes as int64 and the kernels read back
        # as uint64: building a np.uint64 per draw costs more than a small variable's kernel.
        signed = key - _TWO64 if key > _INT64_MAX else key
        parallel, serial = KERNELS[kind]
        (serial if total < SERIAL_BELOW else parallel)(view, signed, g0, gstride, *params)

    def to_host(self, array):
        return array

    def from_host(self, array):
        return array

    def as_array(self, value):
        return host_array(value)

    def fill(self, shape, dtype, value):
        n = math.prod(shape)
        uint = _UINT_OF_SIZE.get(dtype.itemsize)
        if n < SERIAL_BELOW or uint is None or dtype.kind not in "biuf":
            return np.full(shape, value, dtype=dtype)
        pattern = np.array(value, dtype=dtype).reshape(1).view(uint)[0]
        if pattern == 0:
            return np.zeros(shape, dtype=dtype)   # calloc: the OS hands out zeroed pages
        out = np.empty(shape, dtype=dtype)
        C.fill_par(out.reshape(-1).view(uint), pattern)
        return out

    def split(self, value, sizes, axis):
        value = np.ascontiguousarray(value)
        rows = math.prod(value.shape[:axis])
        out = [np.empty(value.shape[:axis] + (s,) + value.shape[axis + 1:], value.dtype)
               for s in sizes]
        if value.size == 0:
            return out
        _copy_narrow(_bytes_view(value, rows), [_bytes_view(s, rows) for s in out], to_wide=False)
        return out


    def concat(self, arrays, axis):
        arrays = [np.ascontiguousarray(a) for a in arrays]
        first = arrays[0]
        length = sum(a.shape[axis] for a in arrays)
        out = np.empty(first.shape[:axis] + (length,) + first.shape[axis + 1:], first.dtype)
        if out.size == 0:
            return out
        rows = math.prod(first.shape[:axis])
        _copy_narrow(_bytes_view(out, rows), [_bytes_view(a, rows) for a in arrays], to_wide=True)
        return out


    def embedding_gather(self, shards, ids, strategy):
        """Host-only op (ids and rows live in host memory); not part of the target protocol."""
        row_shape = shards[0].shape[1:]
        flat = np.ascontiguousarray(ids.reshape(-1))
        rows = [s.shape[0] for s in shards]
        total = sum(rows)
        out = np.empty((flat.size,) + row_shape, dtype=shards[0].dtype)
        if out.size:
            views = tuple(_bytes_view(np.ascontiguousarray(s), s.shape[0]) for s in shards)
            mod = strategy != "div" or len(shards) == 1
            bad = C.gather_par(views, flat, _bytes_view(out, flat.size), mod, np.int64(total))
        else:   # nothing to copy (no ids, or empty rows): only check the ids
            bad = int(((flat < 0) | (flat >= total)).sum())
        if bad:
            raise _args.bad_id_error(ids, rows, strategy)
        return out.reshape(ids.shape + row_shape)


    def dynamic_partition(self, data, partitions, num_partitions):
        """Host-only op, as ``embedding_gather``."""
        data = np.ascontiguousarray(data)
        parts = np.ascontiguousarray(partitions.reshape(-1))
        inner = data.shape[partitions.ndim:]
        counts = np.bincount(parts, minlength=num_partitions)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        out = np.empty((parts.size,) + inner, dtype=data.dtype)
        if out.size:
            C.partition_scatter(_bytes_view(data, parts.size), parts, starts,
                              _bytes_view(out, parts.size))
        return [out[s:s + c] for s, c in zip(starts, counts)]


    def dynamic_stitch(self, indices, data):
        """Host-only op, as ``embedding_gather``."""
        inner = data[0].shape[indices[0].ndim:]
        size = 1 + max((int(i.max()) for i in indices if i.size), default=-1)
        out = np.zeros((size,) + inner, dtype=data[0].dtype)
        if out.size:
            dst = _bytes_view(out, size)
            for idx, d in zip(indices, data):
                if idx.size:
                    C.stitch_into(dst, np.ascontiguousarray(idx.reshape(-1)),
                                _bytes_view(np.ascontiguousarray(d), idx.size))
        return out

    def warmup(self) -> None:
        """Compile (or load from cache) every kernel, serial and parallel."""
        global SERIAL_BELOW
        saved = SERIAL_BELOW
        try:
            for SERIAL_BELOW in (saved, 0):  # noqa: B007 - sets the global: warms both code paths
                super().warmup()
        finally:
            SERIAL_BELOW = saved
        C.fill_par(np.empty(4, np.uint32), np.uint32(1))
        C.fill_par(np.empty(4, np.uint64), np.uint64(1))


BACKEND = CpuBackend()
