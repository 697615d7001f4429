"""Reading TF's V1 checkpoints (``Saver(write_version=SaverDef.V1)``, TF1's format until late 2016).

A V1 checkpoint is one file per shard, each the same table as a V2 index, named by a path or a glob
pattern as TF's ``TensorSliceReader`` takes it (``model.ckpt-3``; a sharded save is
``model.ckpt-3-?????-of-00003``). Key ``""`` holds ``SavedTensorSlices.meta``: for every tensor its
name, shape, dtype and the slices this file stores (field numbers from TF's
``saved_tensor_slice.proto``). Every other key is a slice key (name and extents, encoded as a V2
slice key; a tensor that is not partitioned is one slice covering everything) whose value is
``SavedTensorSlices.data``: the name, the slice and a ``TensorProto`` with the numbers.

The files are read and checked whole when the reader opens (block checksums, every listed slice
present and inside its tensor, no two slices overlapping); a slice's bytes are read again from the
file when its tensor is asked for, so only one tensor is held at a time.

TF's own V1 ``get_tensor`` refuses partitioned tensors and float16, uint16 and complex ones
(``UnimplementedError``); its restore op reads them all. This reader gives what the restore op
gives, so ``Saver.restore``, ``init_from_checkpoint`` and ``load_variable`` all work.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

import numpy as np

from scopelab.checkpoint._ordered_code import decode_slice_key, is_slice_key
from scopelab.checkpoint._table import TableError, read_table_spans
from scopelab.checkpoint._tensor_proto import tensor_values
from scopelab.checkpoint._wire import (
    TF_ENUM_NAMES, TensorSlice, WireError, decode_shape, dtype_name, iter_fields, signed64,
)
from scopelab.checkpoint.reader import DAMAGE_ADVICE, CheckpointReader, TensorInfo, dtype_object
from scopelab.dtypes import DType
from scopelab.errors import DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError

__all__ = ["V1CheckpointReader"]

_VERSION = 1                       # TF_CHECKPOINT_VERSION: what this reader understands
Extents = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Record:
    """Where one slice's ``SavedTensorSlices`` value lies."""

    path: str
    start: int
    stop: int


@dataclass
class _Tensor:
    dtype: int
    shape: tuple[int, ...]
    slices: dict[Extents, _Record]

    def bounds(self, extents: Extents) -> tuple[slice, ...]:
        return TensorSlice(list(extents)).bounds(self.shape)

    def normal(self, extents: Extents) -> Extents:
        """Extents with a whole dimension (length -1) spelled out, as partitioned slices are."""
        return tuple((0, d) if n == -1 else (s, n) for (s, n), d in zip(extents, self.shape))

    def is_whole(self) -> bool:
        """One slice covering the tensor: not partitioned."""
        return list(self.slices) == [tuple((0, d) for d in self.shape)]


def _slice_text(extents: Extents) -> str:
    """TF's ``TensorSlice::DebugString``: ``start,length`` per dimension, ``-`` for a whole one."""
    return ":".join("-" if length == -1 else f"{start},{length}" for start, length in extents)


def _decode_meta(buf) -> tuple[list[tuple[str, int, tuple[int, ...] | None, list[Extents]]],
                               tuple[int, int, list[int]]]:
    """``SavedTensorSlices.meta``: [(name, dtype, shape, slices)], (producer, min_consumer, bad)."""
    tensors, versions, found = [], (0, 0, []), False
    for number, wire, value in iter_fields(buf):
        if number != 1:
            continue
        if wire != 2:
            raise WireError("its first record (key \"\") is not a V1 table of contents")
        found = True
        for n, w, v in iter_fields(value):
            if n == 1 and w == 2:
                name, dtype, shape, slices = "", 0, None, []
                for n2, w2, v2 in iter_fields(v):
                    if n2 == 1 and w2 == 2:
                        name = bytes(v2).decode("utf-8")
                    elif n2 == 2 and w2 == 2:
                        shape = decode_shape(v2)
                    elif n2 == 3 and w2 == 0:
                        dtype = v2
                    elif n2 == 4 and w2 == 2:
                        slices.append(tuple(TensorSlice.decode(v2).extents))
                tensors.append((name, dtype, shape, slices))
            elif n == 2 and w == 2:
                producer, min_consumer, bad = 0, 0, []
                for n2, w2, v2 in iter_fields(v):
                    if n2 == 1 and w2 == 0:
                        producer = signed64(v2)
                    elif n2 == 2 and w2 == 0:
                        min_consumer = signed64(v2)
                    elif n2 == 3 and w2 == 0:
                        bad.append(signed64(v2))
                versions = (producer, min_consumer, bad)
    if not found:
        raise WireError("its first record (key \"\") holds no table of contents")
    return tensors, versions


def _decode_data(buf) -> tuple[str, Extents, memoryview]:
    """``SavedTensorSlices.data``: (name, slice extents, the TensorProto's bytes)."""
    name, extents, proto = "", (), memoryview(b"")
    for number, wire, value in iter_fields(buf):
        if number == 2 and wire == 2:
            for n, w, v in iter_fields(value):
                if n == 1 and w == 2:
                    name = bytes(v).decode("utf-8")
                elif n == 2 and w == 2:
                    extents = tuple(TensorSlice.decode(v).extents)
                elif n == 3 and w == 2:
                    proto = v
    return name, extents, proto


def v1_files(pattern: str) -> list[str]:
    """The files a V1 path names (TF's ``GetMatchingPaths``: the path is a glob pattern)."""
    return sorted(glob.glob(pattern))


class V1CheckpointReader(CheckpointReader):
    """``CheckpointReader`` over a V1 checkpoint (``CheckpointReader(path)`` picks this class)."""

    def __init__(self, prefix: str | os.PathLike) -> None:
        self.prefix = os.fspath(prefix)
        self.files = v1_files(self.prefix)
        self.num_shards = len(self.files)
        self._tensors: dict[str, _Tensor] = {}
        self._file_sizes: dict[str, int] = {}
        for path in self.files:
            self._load(path)

    # --- opening ------------------------------------------------------------------------------------
    def _damaged(self, path: str, what: str, tensor: str | None = None) -> DataLossError:
        about = f" (tensor {tensor!r})" if tensor else ""
        return DataLossError(f"Unable to open table file {path}{about}: {what}.\n\n{DAMAGE_ADVICE}",
                             path=path, tensor=tensor)

    def _load(self, path: str) -> None:
        if os.path.isdir(path):
            raise DataLossError(
                f"Unable to open table file {path}: it is a directory, not a checkpoint file.\n\n"
                "Pass the checkpoint's path (a V1 file such as 'folder/model.ckpt-1000', or a V2 "
                "prefix), or give the folder to tf.train.load_checkpoint / latest_checkpoint, "
                "which read its 'checkpoint' state file.", path=path)
        with open(path, "rb") as f:
            data = f.read()
        self._file_sizes[path] = len(data)
        try:
            records = {}
            meta = None
            for key, start, stop in read_table_spans(data):
                if key == b"":
                    meta = _decode_meta(memoryview(data)[start:stop])
                elif is_slice_key(key):
                    try:
                        name, extents = decode_slice_key(key)
                    except ValueError as err:
                        raise WireError(f"a slice key {key!r} is malformed: {err}") from None
                    records[(name, tuple(extents))] = _Record(path, start, stop)
            if meta is None:
                raise WireError("it has no table of contents (key \"\"): it is not a V1 checkpoint")
            self._check_versions(path, meta[1])
            for name, dtype, shape, slices in meta[0]:
                self._register(path, name, dtype, shape, slices, records)
        except (TableError, WireError) as err:
            raise self._damaged(path, str(err)) from None

    def _check_versions(self, path: str, versions: tuple[int, int, list[int]]) -> None:
        _, min_consumer, bad = versions
        if min_consumer > _VERSION or _VERSION in bad:
            raise UnimplementedError(
                f"Checkpoint {path} needs a reader of checkpoint version >= {min_consumer}; this "
                f"one reads version {_VERSION} (written by a newer TensorFlow).", path=path)

    def _register(self, path: str, name: str, dtype: int, shape: tuple[int, ...] | None,
                  slices: list[Extents], records: dict) -> None:
        dtype_name(dtype)
        if shape is None or any(d < 0 for d in shape):
            raise WireError(f"tensor {name!r} has an unknown or negative shape {shape}")
        tensor = self._tensors.get(name)
        if tensor is None:
            tensor = self._tensors[name] = _Tensor(dtype, shape, {})
        elif tensor.shape != shape or tensor.dtype != dtype:
            raise InvalidArgumentError(
                f"Incompatible tensor shapes or types for tensor {name}: {list(tensor.shape)} "
                f"{dtype_name(tensor.dtype)} in one file, {list(shape)} {dtype_name(dtype)} in "
                f"{path}.\n\nThe pattern {self.prefix!r} matches files of different checkpoints: "
                "name one checkpoint's files only.", path=self.prefix, tensor=name)
        for extents in slices:
            if len(extents) != len(shape) or any(
                    s < 0 or (n != -1 and (n < 0 or s + n > d)) for (s, n), d in zip(extents, shape)):
                raise WireError(f"slice {_slice_text(extents)} of tensor {name!r} does not fit "
                                f"its shape {list(shape)}")
            record = records.get((name, extents))
            if record is None:
                raise WireError(f"the data of tensor {name!r}, slice {_slice_text(extents)}, "
                                "listed in its table of contents, is missing")
            extents = tensor.normal(extents)
            for other in tensor.slices:
                if self._overlap(tensor, extents, other):
                    raise InvalidArgumentError(
                        f"Overlapping slices: existing slice = {_slice_text(other)}, new slice = "
                        f"{_slice_text(extents)} (tensor {name}, {path}).\n\nThe pattern "
                        f"{self.prefix!r} matches the same tensor in more than one file, e.g. "
                        "two checkpoints ('model.ckpt-*' matches every step): name one "
                        "checkpoint, such as 'model.ckpt-1000', or one sharded save, "
                        "'model.ckpt-1000-?????-of-00003'.", path=self.prefix, tensor=name)
            tensor.slices[extents] = record

    @staticmethod
    def _overlap(tensor: _Tensor, a: Extents, b: Extents) -> bool:
        return a == b or all(max(x.start, y.start) < min(x.stop, y.stop)
                             for x, y in zip(tensor.bounds(a), tensor.bounds(b)))

    # --- TF's reader API ----------------------------------------------------------------------------
    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: list(t.shape) for name, t in self._tensors.items()}

    def get_variable_to_dtype_map(self) -> dict[str, DType]:
        return {name: dtype_object(dtype_name(t.dtype)) for name, t in self._tensors.items()}

    def has_tensor(self, name: str) -> bool:
        return name in self._tensors

    def debug_string(self) -> bytes:
        """TF's V1 ``DebugString``: ``name (DT_FLOAT) [2,3]``, then ``, 3 slices`` if partitioned."""
        lines = []
        for name, t in sorted(self._tensors.items()):
            part = f", {len(t.slices)} slices" if len(t.slices) > 1 else ""
            lines.append(f"{name} ({TF_ENUM_NAMES[t.dtype]}) "
                         f"[{','.join(str(d) for d in t.shape)}]{part}\n")
        return "".join(lines).encode()

    def tensors(self) -> list[TensorInfo]:
        out = []
        for name, t in sorted(self._tensors.items()):
            nbytes = sum(r.stop - r.start for r in t.slices.values())
            slices = [] if t.is_whole() else sorted(t.slices)
            out.append(TensorInfo(name, dtype_name(t.dtype), t.shape, nbytes, slices))
        return out

    def get_tensor(self, name: str) -> np.ndarray:
        """The tensor's value, its slices (from every file) put together."""
        tensor = self._tensors.get(name)
        if tensor is None:
            raise NotFoundError(f"{name} not found in checkpoint file", key=name, path=self.prefix)
        out = None
        covered = 0
        for extents in sorted(tensor.slices):
            bounds = tensor.bounds(extents)
            value = self._read(name, tensor, extents)
            if out is None:
                out = np.empty(tensor.shape, value.dtype)
            out[bounds] = value
            covered += value.size
        total = int(np.prod(tensor.shape, dtype=np.int64))
        if out is None or covered != total:
            raise NotFoundError(
                f"{name} not found in checkpoint file: the files {self.prefix!r} matches hold "
                f"{covered} of its {total} elements.\n\nThe rest is in files the path does not "
                "name: read a sharded V1 checkpoint through its pattern, "
                "'model.ckpt-1000-?????-of-00003'.", key=name, path=self.prefix)
        return out

    def get_slice(self, name: str, extents) -> np.ndarray:
        """One stored slice of a partitioned tensor (``extents`` as in ``TensorInfo.slices``)."""
        tensor = self._tensors.get(name)
        key = tuple(tuple(e) for e in extents)
        if tensor is None or key not in tensor.slices:
            raise NotFoundError(f"Key {name} has no stored slice {list(extents)} in checkpoint",
                                key=name, path=self.prefix)
        return self._read(name, tensor, key)

    # --- data ---------------------------------------------------------------------------------------
    def _read(self, name: str, tensor: _Tensor, extents: Extents) -> np.ndarray:
        record = tensor.slices[extents]
        shape = tuple(b.stop - b.start for b in tensor.bounds(extents))
        try:
            size = os.path.getsize(record.path)
            with open(record.path, "rb") as f:
                f.seek(record.start)
                raw = f.read(record.stop - record.start)
        except OSError as err:
            raise NotFoundError(f"{record.path} could not be read ({err.strerror}): the "
                                "checkpoint's file went away after it was opened.",
                                path=record.path) from None
        if size != self._file_sizes[record.path] or len(raw) != record.stop - record.start:
            raise self._damaged(record.path, f"the file changed size since it was opened "
                                f"({self._file_sizes[record.path]} then {size} bytes)", name)
        try:
            stored, stored_extents, proto = _decode_data(raw)
            if stored != name or tensor.normal(stored_extents) != extents:
                raise WireError(f"the record of {name!r}, slice {_slice_text(extents)}, holds "
                                f"{stored!r}, slice {_slice_text(stored_extents)}")
            values = tensor_values(proto, dtype_name(tensor.dtype),
                                   int(np.prod(shape, dtype=np.int64)))
        except WireError as err:
            raise self._damaged(record.path, str(err), name) from None
        return values.reshape(shape)
