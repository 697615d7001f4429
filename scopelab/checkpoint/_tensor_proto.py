"""The values of a ``TensorProto`` as a NumPy array (what a V1 checkpoint stores per slice).

Field numbers from TF's ``core/framework/tensor.proto``: ``tensor_content`` (4, raw little-endian
bytes) or one typed repeated field: ``float_val`` 5, ``double_val`` 6, ``int_val`` 7 (int32, also
int8/int16/uint8/uint16), ``string_val`` 8, ``scomplex_val`` 9, ``int64_val`` 10, ``bool_val``
11, ``dcomplex_val`` 12, ``half_val`` 13 (the 16 bits of each float16/bfloat16 in an int32),
``uint32_val`` 16, ``uint64_val`` 17. TF's V1 writer fills the typed field, packed; unpacked
elements are read too, as protobuf requires. The element count must be exactly the slice's (TF's
V1 reader refuses anything else), so the proto's "one value fills the shape" shorthand is an error.
"""

from __future__ import annotations

import struct

import numpy as np

from scopelab.checkpoint._wire import DTYPES, WireError, iter_fields

__all__ = ["tensor_values"]

_FIXED32, _FIXED64, _VARINT = "<f4", "<f8", "varint"
#: dtype name -> (typed field, its element encoding, elements per tensor element)
_TYPED = {
    "float32": (5, _FIXED32, 1), "float64": (6, _FIXED64, 1), "complex64": (9, _FIXED32, 2),
    "complex128": (12, _FIXED64, 2), "int8": (7, _VARINT, 1), "int16": (7, _VARINT, 1),
    "int32": (7, _VARINT, 1), "uint8": (7, _VARINT, 1), "uint16": (7, _VARINT, 1),
    "int64": (10, _VARINT, 1), "bool": (11, _VARINT, 1), "float16": (13, _VARINT, 1),
    "bfloat16": (13, _VARINT, 1), "uint32": (16, _VARINT, 1), "uint64": (17, _VARINT, 1),
}
_CONTENT, _STRINGS = 4, 8


def _varints(buf) -> np.ndarray:
    """A packed run of varints as uint64 (two's complement for negatives), without a Python loop:
    each varint's 7-bit groups are shifted into place and summed between its start and its end."""
    raw = np.frombuffer(buf, np.uint8)
    last = raw < 0x80
    if last.all():
        return raw.astype(np.uint64)
    if not last[-1]:
        raise WireError("a packed varint runs past the end of its field")
    ends = np.flatnonzero(last)
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts + 1
    if lengths.max() > 10:
        raise WireError("a varint is longer than ten bytes")
    shifts = (np.arange(raw.size) - np.repeat(starts, lengths)).astype(np.uint64) * np.uint64(7)
    groups = (raw & 0x7F).astype(np.uint64) << shifts
    return np.add.reduceat(groups, starts)


def _pieces(proto, field: int, encoding: str) -> tuple[list[np.ndarray], bytes | None]:
    """The typed field's elements (in order, packed or not) and ``tensor_content`` if set."""
    pieces: list[np.ndarray] = []
    content = None
    for number, wire, value in iter_fields(proto):
        if number == _CONTENT and wire == 2:
            content = bytes(value)
        elif number != field:
            continue
        elif wire == 2 and encoding == _VARINT:
            pieces.append(_varints(value))
        elif wire == 2:
            if len(value) % np.dtype(encoding).itemsize:
                raise WireError(f"packed field {field} does not hold a whole number of elements")
            pieces.append(np.frombuffer(value, encoding))
        elif encoding == _VARINT and wire == 0:
            pieces.append(np.array([value], np.uint64))
        elif encoding == _FIXED32 and wire == 5:
            pieces.append(np.frombuffer(struct.pack("<I", value), encoding))
        elif encoding == _FIXED64 and wire == 1:
            pieces.append(np.frombuffer(struct.pack("<Q", value), encoding))
        else:
            raise WireError(f"field {field} has wire type {wire}, not its element type's")
    return pieces, content


def _strings(proto, count: int) -> np.ndarray:
    values = [bytes(v) for n, w, v in iter_fields(proto) if n == _STRINGS and w == 2]
    if len(values) != count:
        raise WireError(f"it holds {len(values)} strings, the slice has {count} elements")
    out = np.empty(count, dtype=object)
    out[:] = values
    return out


def _from_content(content: bytes, name: str, count: int) -> np.ndarray:
    stored = DTYPES[next(e for e, (n, _) in DTYPES.items() if n == name)][1]
    if len(content) != count * stored.itemsize:
        raise WireError(f"its tensor_content is {len(content)} bytes, {count} {name} elements need "
                        f"{count * stored.itemsize}")
    flat = np.frombuffer(content, stored)
    if name == "bfloat16":
        return (flat.astype(np.uint32) << 16).view(np.float32)
    return flat.astype(stored.newbyteorder("="))


def tensor_values(proto, name: str, count: int) -> np.ndarray:
    """The ``count`` elements (flat) of a ``TensorProto`` holding dtype ``name``; WireError if the
    bytes hold another number of elements or are malformed. bfloat16 comes back as float32."""
    if name == "string":
        return _strings(proto, count)
    field, encoding, per_element = _TYPED[name]
    pieces, content = _pieces(proto, field, encoding)
    if content is not None and not pieces:
        return _from_content(content, name, count)
    flat = np.concatenate(pieces) if pieces else np.empty(0, np.uint64 if encoding == _VARINT else encoding)
    if flat.size != count * per_element:
        raise WireError(f"it holds {flat.size // per_element} values, the slice has {count} elements")
    if name in ("complex64", "complex128"):
        return flat.view(np.complex64 if name == "complex64" else np.complex128)
    if name == "float16":
        return flat.astype(np.uint16).view(np.float16)
    if name == "bfloat16":
        return (flat.astype(np.uint32) << 16).view(np.float32)
    if name == "bool":
        return flat != 0
    if encoding == _VARINT:
        return flat.view(np.int64).astype(name) if name != "uint64" else flat
    return flat.astype(flat.dtype.newbyteorder("="))
