"""Writing TF's V2 checkpoints byte for byte as TensorFlow does: ``BundleWriter``.

Tensors go to ``PREFIX.data-00000-of-00001`` in the order they are added (TF's Saver adds them
sorted by checkpoint key), with no padding; the index then lists the header and every entry sorted
by key. With ``num_shards=n`` each tensor goes to the data file of its shard,
``PREFIX.data-0000k-of-0000n``, and its entry says which: what ``Saver(sharded=True)`` leaves after
TF merges its per-device files (``MergeV2Checkpoints``). A partitioned variable is one entry under
its full name (dtype, full shape, the list of slices; no bytes) plus one entry per slice under its
OrderedCode key, as ``BundleWriter::AddSlice`` writes them. The files are written under temporary
names and renamed at ``finish()``, so an interrupted save never leaves a half-written checkpoint
under the real name.
"""

from __future__ import annotations

import os
import uuid

import numpy as np

from scopelab.checkpoint._crc import crc32c, mask
from scopelab.checkpoint._ordered_code import encode_slice_key
from scopelab.checkpoint._strings import encode_strings
from scopelab.checkpoint._table import TableWriter
from scopelab.checkpoint._wire import BundleEntry, BundleHeader, TensorSlice, enum_for_numpy
from scopelab.checkpoint.reader import CHUNK, data_filename

__all__ = ["BundleWriter", "dtype_enum"]


def dtype_enum(array: np.ndarray, dtype: str | None = None) -> int:
    """TF's DataType number for an array (``dtype`` overrides, e.g. ``"bfloat16"``)."""
    if dtype is not None:
        return enum_for_numpy(dtype)
    if array.dtype == object or array.dtype.kind in "SU":
        return enum_for_numpy("string")
    try:
        return enum_for_numpy(array.dtype.name)
    except KeyError:
        raise TypeError(f"a checkpoint cannot hold dtype {array.dtype}") from None


class BundleWriter:
    """``add`` / ``add_slice`` tensors, then ``finish()`` to write ``prefix.index``."""

    def __init__(self, prefix: str | os.PathLike, num_shards: int = 1) -> None:
        if num_shards < 1:
            raise ValueError(f"a checkpoint has at least one data shard, got num_shards={num_shards}")
        self.prefix = os.fspath(prefix)
        self.num_shards = num_shards
        self._tmp = f".tempstate{uuid.uuid4().int % 10**19}"
        self._data_paths = [data_filename(self.prefix, k, num_shards) for k in range(num_shards)]
        self._data = [open(path + self._tmp, "wb") for path in self._data_paths]
        self._offsets = [0] * num_shards
        self._entries: dict[bytes, BundleEntry] = {}
        self._full: dict[str, BundleEntry] = {}

    def add(self, name: str, value, dtype: str | None = None, shard: int = 0) -> None:
        """Append one whole tensor under ``name`` (to data file ``shard``)."""
        key = name.encode("utf-8")
        if key in self._entries or name in self._full:
            raise ValueError(f"tensor {name!r} was already added to this checkpoint")
        self._entries[key] = self._write(np.asarray(value), dtype, shard)

    def add_slice(self, full_name: str, full_shape, offset, value, dtype: str | None = None,
                  shard: int = 0) -> None:
        """Append one slice (``offset`` per dimension) of the partitioned tensor ``full_name``."""
        value = np.asarray(value)
        full_shape = tuple(int(d) for d in full_shape)
        extents = [(int(o), int(n)) for o, n in zip(offset, value.shape)]
        entry = self._write(value, dtype, shard)
        full = self._full.get(full_name)
        if full is None:
            if full_name.encode("utf-8") in self._entries:
                raise ValueError(f"tensor {full_name!r} was already added whole")
            # TF's merge keeps the shard of the file that first listed the variable
            full = self._full[full_name] = BundleEntry(dtype=entry.dtype, shape=full_shape,
                                                       shard_id=shard)
        elif full.dtype != entry.dtype or tuple(full.shape) != full_shape:
            raise ValueError(f"slices of {full_name!r} disagree on dtype or full shape")
        full.slices.append(TensorSlice(extents))
        self._entries[encode_slice_key(full_name, extents)] = entry

    def _write(self, value: np.ndarray, dtype: str | None, shard: int) -> BundleEntry:
        if not 0 <= shard < self.num_shards:
            raise ValueError(f"shard {shard} is not one of this checkpoint's {self.num_shards}")
        enum = dtype_enum(value, dtype)
        shape = tuple(value.shape)
        data = self._data[shard]
        if enum == enum_for_numpy("string"):
            raw, crc = encode_strings(value)
            data.write(raw)
            size = len(raw)
        else:
            if dtype == "bfloat16":         # float32 -> its top half (values read from bfloat16)
                value = (np.asarray(value, np.float32, order="C").view(np.uint32) >> 16).astype("<u2")
            else:                           # (np.ascontiguousarray would make a scalar 1-d)
                value = np.asarray(value, value.dtype.newbyteorder("<"), order="C")
            flat = memoryview(value.reshape(-1)).cast("B") if value.size else memoryview(b"")
            crc, size = 0, len(flat)
            for start in range(0, size, CHUNK):
                chunk = flat[start:start + CHUNK].tobytes()
                crc = crc32c(chunk, crc)
                data.write(chunk)
            crc = mask(crc)
        entry = BundleEntry(dtype=enum, shape=shape, shard_id=shard, offset=self._offsets[shard],
                            size=size, crc32c=crc)
        self._offsets[shard] += size
        return entry

    def finish(self) -> str:
        """Write the index, move the files to their real names; returns the prefix."""
        for data in self._data:
            data.close()
        table = TableWriter()
        table.add(b"", BundleHeader(num_shards=self.num_shards).encode())
        entries = dict(self._entries)
        entries.update({name.encode("utf-8"): e for name, e in self._full.items()})
        for key in sorted(entries):
            table.add(key, entries[key].encode())
        index_tmp = self.prefix + ".index" + self._tmp
        with open(index_tmp, "wb") as f:
            f.write(table.finish())
        for path in self._data_paths:
            os.replace(path + self._tmp, path)
        os.replace(index_tmp, self.prefix + ".index")
        return self.prefix

    def abort(self) -> None:
        """Drop a save that failed half-way (its temporary files go)."""
        for data in self._data:
            data.close()
        for path in [*(p + self._tmp for p in self._data_paths), self.prefix + ".index" + self._tmp]:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
