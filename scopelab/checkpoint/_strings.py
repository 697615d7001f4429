"""String tensors in a bundle's data file (TF's ``WriteStringTensor`` layout).

``[varint64 length of each element][masked CRC32C of the lengths][element bytes]``. The lengths'
checksum is taken over each length as a little-endian uint32 (uint64 for an element over 4 GiB),
not over the varint bytes; the entry's checksum continues from it over the 4 checksum bytes and
the element bytes, so it too never sees the varints. (Checked against TensorFlow's own files.)
"""

from __future__ import annotations

import struct

import numpy as np

from scopelab.checkpoint._crc import crc32c, mask, unmask
from scopelab.checkpoint._wire import WireError, get_varint, put_varint

__all__ = ["encode_strings", "decode_strings"]


def _length_bytes(length: int) -> bytes:
    return struct.pack("<I", length) if length <= 0xFFFFFFFF else struct.pack("<Q", length)


def encode_strings(values: np.ndarray) -> tuple[bytes, int]:
    """(bytes to write, masked entry checksum) for an array of ``bytes``/``str`` elements."""
    elements = [v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in values.reshape(-1)]
    lengths = bytearray()
    crc = 0
    for element in elements:
        put_varint(lengths, len(element))
        crc = crc32c(_length_bytes(len(element)), crc)
    checksum = struct.pack("<I", mask(crc))
    crc = crc32c(checksum, crc)
    body = b"".join(elements)
    crc = crc32c(body, crc)
    return bytes(lengths) + checksum + body, mask(crc)


def decode_strings(raw: bytes, count: int) -> tuple[np.ndarray, int]:
    """(object array of ``bytes``, masked entry checksum); raises WireError on damage."""
    lengths, pos, crc = [], 0, 0
    for _ in range(count):
        length, pos = get_varint(raw, pos)
        lengths.append(length)
        crc = crc32c(_length_bytes(length), crc)
    if pos + 4 > len(raw):
        raise WireError("the string lengths run past the tensor's bytes")
    stored = struct.unpack_from("<I", raw, pos)[0]
    if unmask(stored) != crc:
        raise WireError(f"the string lengths fail their checksum (stored {stored:#010x}, "
                        f"computed {mask(crc):#010x})")
    crc = crc32c(raw[pos:pos + 4], crc)
    pos += 4
    if pos + sum(lengths) != len(raw):
        raise WireError(f"the string lengths add up to {sum(lengths)} bytes but the tensor holds "
                        f"{len(raw) - pos}")
    out = np.empty(count, dtype=object)
    for i, length in enumerate(lengths):
        out[i] = raw[pos:pos + length]
        pos += length
    crc = crc32c(raw[len(raw) - sum(lengths):], crc)
    return out, mask(crc)
