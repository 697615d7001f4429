"""Protocol-buffer wire format by hand, and the four messages a checkpoint index holds.

Only what TF's tensor bundle uses (``core/protobuf/tensor_bundle.proto``, ``tensor_shape.proto``,
``tensor_slice.proto``, ``versions.proto``): varints, length-delimited fields, fixed32. Fields are
written in field-number order with proto3's rule that zero values are left out, which is how TF's
C++ serializer lays them out, so the bytes match TF's. Unknown fields are skipped when reading.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

__all__ = ["WireError", "put_varint", "get_varint", "iter_fields", "decode_shape", "signed64",
           "BundleHeader", "BundleEntry", "TensorSlice", "DTYPES", "TF_ENUM_NAMES", "dtype_name",
           "numpy_dtype", "enum_for_numpy", "LITTLE_ENDIAN"]

LITTLE_ENDIAN = 0
BIG_ENDIAN = 1

#: TF's DataType enum -> (name, NumPy dtype of the stored bytes). bfloat16 is stored as uint16 bits
#: and widened to float32 by the reader (every bfloat16 is exactly a float32).
DTYPES: dict[int, tuple[str, np.dtype]] = {
    1: ("float32", np.dtype("<f4")), 2: ("float64", np.dtype("<f8")),
    3: ("int32", np.dtype("<i4")), 4: ("uint8", np.dtype("u1")), 5: ("int16", np.dtype("<i2")),
    6: ("int8", np.dtype("i1")), 7: ("string", np.dtype(object)), 8: ("complex64", np.dtype("<c8")),
    9: ("int64", np.dtype("<i8")), 10: ("bool", np.dtype("?")), 14: ("bfloat16", np.dtype("<u2")),
    17: ("uint16", np.dtype("<u2")), 18: ("complex128", np.dtype("<c16")),
    19: ("float16", np.dtype("<f2")), 22: ("uint32", np.dtype("<u4")),
    23: ("uint64", np.dtype("<u8")),
}
_BY_NAME = {name: enum for enum, (name, _) in DTYPES.items()}
#: TF's own spelling of each enum (``DebugString`` prints these).
TF_ENUM_NAMES = {1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8", 5: "DT_INT16",
                 6: "DT_INT8", 7: "DT_STRING", 8: "DT_COMPLEX64", 9: "DT_INT64", 10: "DT_BOOL",
                 14: "DT_BFLOAT16", 17: "DT_UINT16", 18: "DT_COMPLEX128", 19: "DT_HALF",
                 22: "DT_UINT32", 23: "DT_UINT64"}


class WireError(ValueError):
    """Bytes that are not the message they should be (the caller names the file)."""


def dtype_name(enum: int) -> str:
    if enum in DTYPES:
        return DTYPES[enum][0]
    if enum > 100:
        raise WireError(f"dtype {enum} is a reference type (DT_*_REF), which a checkpoint never holds")
    raise WireError(f"dtype enum {enum} is not a type scopelab reads "
                    f"(it reads {', '.join(n for n, _ in DTYPES.values())})")


def numpy_dtype(enum: int) -> np.dtype:
    dtype_name(enum)
    return DTYPES[enum][1]


def enum_for_numpy(name: str) -> int:
    """TF's DataType number for a dtype name (``"float32"`` -> 1)."""
    return _BY_NAME[name]


# --- primitives -------------------------------------------------------------------------------------
def put_varint(out: bytearray, value: int) -> None:
    if value < 0:                      # int64 negatives take ten bytes, as in protobuf
        value += 1 << 64
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def get_varint(buf: bytes | memoryview, pos: int, limit: int | None = None) -> tuple[int, int]:
    """(value, next position); raises WireError past ``limit`` or after ten bytes."""
    end = len(buf) if limit is None else limit
    result = shift = 0
    while True:
        if pos >= end:
            raise WireError("a varint runs past the end of its field")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise WireError("a varint is longer than ten bytes")


def signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def iter_fields(buf: bytes | memoryview):
    """Yield (field number, wire type, value) where value is an int or a memoryview."""
    view = memoryview(buf)
    pos, end = 0, len(view)
    while pos < end:
        tag, pos = get_varint(view, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = get_varint(view, pos)
        elif wire == 2:
            size, pos = get_varint(view, pos)
            if pos + size > end:
                raise WireError(f"field {number} claims {size} bytes but only {end - pos} remain")
            value, pos = view[pos:pos + size], pos + size
        elif wire == 5:
            if pos + 4 > end:
                raise WireError(f"fixed32 field {number} is cut short")
            value, pos = struct.unpack_from("<I", view, pos)[0], pos + 4
        elif wire == 1:
            if pos + 8 > end:
                raise WireError(f"fixed64 field {number} is cut short")
            value, pos = struct.unpack_from("<Q", view, pos)[0], pos + 8
        else:
            raise WireError(f"field {number} has wire type {wire}, which protobuf does not define")
        yield number, wire, value


def _key(out: bytearray, number: int, wire: int) -> None:
    put_varint(out, (number << 3) | wire)


def _put_bytes(out: bytearray, number: int, payload: bytes) -> None:
    _key(out, number, 2)
    put_varint(out, len(payload))
    out += payload


def _put_int(out: bytearray, number: int, value: int) -> None:
    if value:
        _key(out, number, 0)
        put_varint(out, value)


# --- messages ---------------------------------------------------------------------------------------
@dataclass
class TensorSlice:
    """``TensorSliceProto``: per dimension (start, length); length -1 means the whole dimension."""

    extents: list[tuple[int, int]]

    def encode(self) -> bytes:
        out = bytearray()
        for start, length in self.extents:
            extent = bytearray()
            _put_int(extent, 1, start)
            if length != -1:               # the oneof is left unset for a full dimension
                _key(extent, 2, 0)
                put_varint(extent, length)
            _put_bytes(out, 1, bytes(extent))
        return bytes(out)

    @classmethod
    def decode(cls, buf) -> TensorSlice:
        extents = []
        for number, wire, value in iter_fields(buf):
            if number == 1 and wire == 2:
                start, length = 0, -1
                for n, w, v in iter_fields(value):
                    if n == 1 and w == 0:
                        start = signed64(v)
                    elif n == 2 and w == 0:
                        length = signed64(v)
                extents.append((start, length))
        return cls(extents)

    def bounds(self, shape: tuple[int, ...]) -> tuple[slice, ...]:
        """The NumPy index of this slice in a tensor of ``shape``."""
        return tuple(slice(0, dim) if length == -1 else slice(start, start + length)
                     for (start, length), dim in zip(self.extents, shape))


def _encode_shape(shape: tuple[int, ...]) -> bytes:
    out = bytearray()
    for dim in shape:
        d = bytearray()
        _put_int(d, 1, dim)
        _put_bytes(out, 2, bytes(d))
    return bytes(out)


def decode_shape(buf) -> tuple[int, ...] | None:
    dims, unknown = [], False
    for number, wire, value in iter_fields(buf):
        if number == 2 and wire == 2:
            size = 0
            for n, w, v in iter_fields(value):
                if n == 1 and w == 0:
                    size = signed64(v)
            dims.append(size)
        elif number == 3 and wire == 0:
            unknown = bool(value)
    return None if unknown else tuple(dims)


@dataclass
class BundleHeader:
    """``BundleHeaderProto``: the value of the index's first key, ``""``."""

    num_shards: int = 1
    endianness: int = LITTLE_ENDIAN
    producer: int = 1
    min_consumer: int = 0
    bad_consumers: list[int] = field(default_factory=list)

    def encode(self) -> bytes:
        out = bytearray()
        _put_int(out, 1, self.num_shards)
        _put_int(out, 2, self.endianness)
        version = bytearray()
        _put_int(version, 1, self.producer)
        _put_int(version, 2, self.min_consumer)
        for bad in self.bad_consumers:
            _put_int(version, 3, bad)
        _put_bytes(out, 3, bytes(version))
        return bytes(out)

    @classmethod
    def decode(cls, buf) -> BundleHeader:
        header = cls(num_shards=0, producer=0)
        for number, wire, value in iter_fields(buf):
            if number == 1 and wire == 0:
                header.num_shards = signed64(value)
            elif number == 2 and wire == 0:
                header.endianness = value
            elif number == 3 and wire == 2:
                for n, w, v in iter_fields(value):
                    if n == 1 and w == 0:
                        header.producer = signed64(v)
                    elif n == 2 and w == 0:
                        header.min_consumer = signed64(v)
                    elif n == 3 and w == 0:
                        header.bad_consumers.append(signed64(v))
        return header


@dataclass
class BundleEntry:
    """``BundleEntryProto``: where one tensor (or one slice of a partitioned one) lives."""

    dtype: int
    shape: tuple[int, ...] | None
    shard_id: int = 0
    offset: int = 0
    size: int = 0
    crc32c: int = 0                    # masked
    slices: list[TensorSlice] = field(default_factory=list)

    def encode(self) -> bytes:
        out = bytearray()
        _put_int(out, 1, self.dtype)
        _put_bytes(out, 2, _encode_shape(self.shape or ()))
        _put_int(out, 3, self.shard_id)
        _put_int(out, 4, self.offset)
        _put_int(out, 5, self.size)
        if self.crc32c:
            _key(out, 6, 5)
            out += struct.pack("<I", self.crc32c)
        for piece in self.slices:
            _put_bytes(out, 7, piece.encode())
        return bytes(out)

    @classmethod
    def decode(cls, buf) -> BundleEntry:
        entry = cls(dtype=0, shape=())
        for number, wire, value in iter_fields(buf):
            if number == 1 and wire == 0:
                entry.dtype = value
            elif number == 2 and wire == 2:
                entry.shape = decode_shape(value)
            elif number == 3 and wire == 0:
                entry.shard_id = signed64(value)
            elif number == 4 and wire == 0:
                entry.offset = signed64(value)
            elif number == 5 and wire == 0:
                entry.size = signed64(value)
            elif number == 6 and wire == 5:
                entry.crc32c = value
            elif number == 7 and wire == 2:
                entry.slices.append(TensorSlice.decode(value))
        return entry
