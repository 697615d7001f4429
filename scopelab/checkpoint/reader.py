"""Reading TF's V2 checkpoints ("tensor bundles") with NumPy: ``CheckpointReader``.

(A path that names V1 files instead is read by :mod:`._v1`'s subclass, chosen here.)

A checkpoint ``PREFIX`` is ``PREFIX.index`` (a sorted table: the header under ``""``, then one
``BundleEntryProto`` per tensor or slice) and ``PREFIX.data-0000k-of-0000n`` (the raw bytes). The
index is read and checked whole when the reader opens (it is small); a tensor's bytes are read on
request, straight into the array that is returned, in 1 MiB chunks whose CRC32C is checked as they
arrive. Memory is the tensor plus one chunk; nothing is mapped or cached.

Damage never becomes numbers: a failed checksum, a short file, an entry whose size does not match
its shape and dtype, or malformed bytes raise ``DataLossError`` naming the file and the tensor.

bfloat16 tensors are returned as float32 (exact: a bfloat16 is the top half of a float32), and
``get_variable_to_dtype_map`` reports them as ``bfloat16``.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable

import numpy as np

from scopelab.checkpoint._crc import crc32c, mask
from scopelab.checkpoint._ordered_code import decode_slice_key, is_slice_key
from scopelab.checkpoint._strings import decode_strings
from scopelab.checkpoint._table import TableError, read_table
from scopelab.checkpoint._wire import (
    BIG_ENDIAN, TF_ENUM_NAMES, BundleEntry, BundleHeader, TensorSlice, WireError, dtype_name,
    numpy_dtype,
)
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import DataLossError, NotFoundError, UnimplementedError

__all__ = ["CheckpointReader", "TensorInfo", "data_filename", "dtype_object", "CHUNK",
           "DAMAGE_ADVICE"]

CHUNK = 1 << 20          # checked and copied while still in the CPU's cache
_VERSION = 1             # TF's kTensorBundleVersion: what this reader understands
_V2_FILE = re.compile(r"\.(index|data-\d{5}-of-\d{5})$")
DAMAGE_ADVICE = ("The checkpoint is damaged or was cut short (an interrupted copy or save). Nothing "
                 "was read from it; restore from another copy, or from an earlier checkpoint "
                 "listed in the folder's 'checkpoint' file.")


def data_filename(prefix: str, shard: int, num_shards: int) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


class TensorInfo:
    """One tensor of a checkpoint: name, dtype name, shape, stored bytes, slices (if partitioned)."""

    __slots__ = ("name", "dtype", "shape", "nbytes", "slices")

    def __init__(self, name: str, dtype: str, shape: tuple[int, ...], nbytes: int,
                 slices: list[tuple[tuple[int, int], ...]]) -> None:
        self.name, self.dtype, self.shape, self.nbytes, self.slices = name, dtype, shape, nbytes, slices

    def __repr__(self) -> str:
        part = f", {len(self.slices)} slices" if self.slices else ""
        return f"TensorInfo({self.name!r}, {self.dtype}, {list(self.shape)}{part})"


def dtype_object(name: str) -> DType:
    try:
        return as_dtype(name)
    except TypeError:                 # bfloat16, uint32, uint64: TF names with a NumPy stand-in
        return DType(np.float32 if name == "bfloat16" else np.dtype(name), name)


def is_v1_path(path: str) -> bool:
    """TF's rule: a path without ``path.index`` names a V1 checkpoint, a file or a glob pattern of
    files (a V2 checkpoint's own .index or .data file is not one: its prefix is meant)."""
    return (not os.path.isfile(path + ".index") and not _V2_FILE.search(path)
            and bool(glob.glob(path)))


class CheckpointReader:
    """TF's ``CheckpointReader`` (``tf.train.load_checkpoint``) over NumPy.

    ``CheckpointReader(path)`` reads a V2 prefix, or makes a ``V1CheckpointReader`` (the same API,
    in :mod:`._v1`) when the path names V1 files instead, as TF's reader chooses.
    """

    def __new__(cls, prefix: str | os.PathLike) -> CheckpointReader:
        if cls is CheckpointReader and is_v1_path(os.fspath(prefix)):
            from scopelab.checkpoint._v1 import V1CheckpointReader   # it imports this module
            return super().__new__(V1CheckpointReader)
        return super().__new__(cls)

    def __init__(self, prefix: str | os.PathLike) -> None:
        prefix = os.fspath(prefix)
        self.prefix = prefix
        self.index_path = prefix + ".index"
        if not os.path.isfile(self.index_path):
            raise NotFoundError(
                f"Unsuccessful TensorSliceReader constructor: Failed to find any matching files "
                f"for {prefix}\n\nA V2 checkpoint is two files or more: {prefix}.index and "
                f"{prefix}.data-00000-of-00001. Pass the prefix (the path without .index or "
                "the .data suffix), a V1 checkpoint's file (or a pattern such as "
                "'model.ckpt-1000-?????-of-00003'), or a folder holding a 'checkpoint' state "
                "file; tf.train.latest_checkpoint(folder) finds the newest.", path=prefix)
        with open(self.index_path, "rb") as f:
            data = f.read()
        self._entries: dict[str, BundleEntry] = {}
        self._slices: dict[str, dict[tuple[tuple[int, int], ...], BundleEntry]] = {}
        try:
            self._load(data)
        except (TableError, WireError) as err:
            raise self._damaged(self.index_path, str(err)) from None
        self._sizes: dict[int, int] = {}

    # --- the index ----------------------------------------------------------------------------------
    def _load(self, data: bytes) -> None:
        header = None
        for key, value in read_table(data):
            if key == b"":
                header = BundleHeader.decode(value)
            elif is_slice_key(key):
                try:
                    name, extents = decode_slice_key(key)
                except ValueError as err:
                    raise WireError(f"a slice key {bytes(key)!r} is malformed: {err}") from None
                self._slices.setdefault(name, {})[tuple(extents)] = BundleEntry.decode(value)
            else:
                self._entries[key.decode("utf-8")] = BundleEntry.decode(value)
        if header is None:
            raise WireError("the index has no header entry (key \"\"): it is not a V2 checkpoint")
        if header.num_shards < 1:
            raise WireError(f"the header says the checkpoint has {header.num_shards} data shards")
        if header.min_consumer > _VERSION or _VERSION in header.bad_consumers:
            raise UnimplementedError(
                f"Checkpoint {self.prefix} needs a reader of bundle version >= "
                f"{header.min_consumer}; this one reads version {_VERSION} (written by a newer "
                "TensorFlow).", path=self.prefix)
        if header.endianness == BIG_ENDIAN:
            raise UnimplementedError(
                f"Checkpoint {self.prefix} was written on a big-endian machine; scopelab reads "
                "little-endian checkpoints only.", path=self.prefix)
        self.num_shards = header.num_shards
        for name, entry in self._entries.items():
            dtype_name(entry.dtype)
            if entry.shape is None or any(d < 0 for d in entry.shape):
                raise WireError(f"tensor {name!r} has an unknown or negative shape {entry.shape}")
            if not 0 <= entry.shard_id < self.num_shards:
                raise WireError(f"tensor {name!r} lives in shard {entry.shard_id} of "
                                f"{self.num_shards}")
        for name in self._slices:
            if name not in self._entries:
                raise WireError(f"slices of {name!r} are stored but its full entry is missing")

    def _damaged(self, path: str, what: str, tensor: str | None = None) -> DataLossError:
        about = f" (tensor {tensor!r})" if tensor else ""
        return DataLossError(f"Unable to read file ({path}){about}: {what}.\n\n{DAMAGE_ADVICE}",
                             path=path, tensor=tensor)

    # --- TF's reader API ----------------------------------------------------------------------------
    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: list(e.shape) for name, e in self._entries.items()}

    def get_variable_to_dtype_map(self) -> dict[str, DType]:
        return {name: dtype_object(dtype_name(e.dtype)) for name, e in self._entries.items()}

    def has_tensor(self, name: str) -> bool:
        return name in self._entries

    def debug_string(self) -> bytes:
        """TF's ``DebugString``: one ``name (DT_FLOAT) [2,3]`` line per tensor, sorted."""
        lines = [f"{name} ({TF_ENUM_NAMES[e.dtype]}) [{','.join(str(d) for d in e.shape)}]\n"
                 for name, e in sorted(self._entries.items())]
        return "".join(lines).encode()

    def tensors(self) -> list[TensorInfo]:
        """Every tensor (partitioned ones once, by full name), sorted by name."""
        out = []
        for name, e in sorted(self._entries.items()):
            slices = sorted(self._slices.get(name, {}))
            nbytes = sum(s.size for s in self._slices[name].values()) if slices else e.size
            out.append(TensorInfo(name, dtype_name(e.dtype), tuple(e.shape), nbytes, slices))
        return out

    def get_tensor(self, name: str) -> np.ndarray:
        """The tensor's value (partitioned variables reassembled from their slices)."""
        entry = self._entries.get(name)
        if entry is None:
            raise NotFoundError(f"Key {name} not found in checkpoint", key=name, path=self.prefix)
        shape = tuple(entry.shape)
        if name in self._slices:
            return self._assemble(name, entry, shape)
        return self._read(name, entry, shape)

    def get_slice(self, name: str, extents) -> np.ndarray:
        """One stored slice of a partitioned tensor (``extents`` as in ``TensorInfo.slices``)."""
        piece = self._slices.get(name, {}).get(tuple(tuple(e) for e in extents))
        if piece is None:
            raise NotFoundError(f"Key {name} has no stored slice {list(extents)} in checkpoint",
                                key=name, path=self.prefix)
        return self._read(name, piece, tuple(piece.shape))

    # --- data ---------------------------------------------------------------------------------------
    def _shard_size(self, path: str) -> int:
        try:
            return os.path.getsize(path)
        except OSError:
            raise NotFoundError(
                f"{path} not found: the checkpoint's data file is missing. A V2 checkpoint "
                f"needs {self.prefix}.index and all its data files (this one has "
                f"{self.num_shards}); copy them together.", path=path) from None

    def _read(self, name: str, entry: BundleEntry, shape: tuple[int, ...]) -> np.ndarray:
        path = data_filename(self.prefix, entry.shard_id, self.num_shards)
        stored = numpy_dtype(entry.dtype)
        count = int(np.prod(shape, dtype=np.int64))
        if stored == object:  # noqa: E721 - a NumPy dtype, compared with the object dtype
            raw = self._read_bytes(path, name, entry)
            try:
                values, crc = decode_strings(raw, count)
            except WireError as err:
                raise self._damaged(path, str(err), name) from None
            self._check_crc(path, name, entry, crc)
            return values.reshape(shape)
        if entry.size != count * stored.itemsize:
            raise self._damaged(self.index_path, f"its entry says {entry.size} bytes, but "
                                f"{list(shape)} {dtype_name(entry.dtype)} needs "
                                f"{count * stored.itemsize}", name)
        if dtype_name(entry.dtype) == "bfloat16":
            out = np.empty(shape, np.float32)
            bits = out.reshape(-1).view(np.uint32)

            def sink(pos: int, chunk: bytes) -> None:   # widen each chunk into place
                start = pos // 2
                bits[start:start + len(chunk) // 2] = np.frombuffer(chunk, "<u2").astype(np.uint32) << 16
        else:
            out = np.empty(shape, stored.newbyteorder("="))
            flat = memoryview(out.reshape(-1)).cast("B") if out.size else memoryview(b"")

            def sink(pos: int, chunk: bytes) -> None:
                flat[pos:pos + len(chunk)] = chunk
        self._stream(path, name, entry, sink)
        return out

    def _read_bytes(self, path: str, name: str, entry: BundleEntry) -> bytes:
        buf = bytearray(entry.size)

        def sink(pos: int, chunk: bytes) -> None:
            buf[pos:pos + len(chunk)] = chunk
        self._stream(path, name, entry, sink, check=False)
        return bytes(buf)

    def _stream(self, path: str, name: str, entry: BundleEntry,
                sink: Callable[[int, bytes], None], check: bool = True) -> None:
        size = self._sizes.get(entry.shard_id)
        if size is None:
            size = self._sizes[entry.shard_id] = self._shard_size(path)
        if entry.offset < 0 or entry.offset + entry.size > size:
            raise self._damaged(path, f"the tensor's bytes {entry.offset}..{entry.offset + entry.size} "
                                f"lie past the end of the file ({size} bytes): the file is truncated",
                                name)
        crc, pos = 0, 0
        with open(path, "rb", buffering=0) as f:
            f.seek(entry.offset)
            while pos < entry.size:
                chunk = f.read(min(CHUNK, entry.size - pos))
                if not chunk:
                    raise self._damaged(path, f"the file ended {entry.size - pos} bytes early", name)
                crc = crc32c(chunk, crc)
                sink(pos, chunk)
                pos += len(chunk)
        if check:
            self._check_crc(path, name, entry, mask(crc))

    def _check_crc(self, path: str, name: str, entry: BundleEntry, computed: int) -> None:
        if computed != entry.crc32c:
            raise self._damaged(path, f"Checksum does not match: stored {entry.crc32c} vs. "
                                f"calculated on the restored bytes {computed}", name)

    def _assemble(self, name: str, entry: BundleEntry, shape: tuple[int, ...]) -> np.ndarray:
        """A partitioned variable: read every slice into its place in one full array."""
        pieces = self._slices[name]
        covered = 0
        out = None
        for extents, piece in sorted(pieces.items()):
            bounds = TensorSlice(list(extents)).bounds(shape)
            piece_shape = tuple(b.stop - b.start for b in bounds)
            if any(b.start < 0 or b.stop > d for b, d in zip(bounds, shape)) or \
                    tuple(piece.shape) != piece_shape:
                raise self._damaged(self.index_path, f"slice {list(extents)} does not fit the "
                                    f"full shape {list(shape)}", name)
            value = self._read(name, piece, piece_shape)
            if out is None:
                out = np.empty(shape, value.dtype)
            out[bounds] = value
            covered += value.size
        if covered != int(np.prod(shape, dtype=np.int64)):
            raise self._damaged(self.index_path, f"its slices cover {covered} of "
                                f"{int(np.prod(shape))} elements", name)
        return out
