"""TF's ``Summary`` protocol buffer, written with the standard library: what a summary op returns
when a session runs it (``tensorflow/core/framework/summary.proto``).

Only what the summary ops need is encoded: ``Summary.Value`` with ``tag`` and one of
``simple_value`` (scalar), ``histo`` (``HistogramProto`` over TF's default buckets: 1e-12 growing by
1.1 up to 1e20, mirrored, runs of empty buckets collapsed as TF's ``EncodeToProto`` does),
``image`` (PNG), ``audio`` (16-bit WAV) and ``tensor`` (``TensorProto`` of strings, for text).
Merging summaries is concatenating them: protobuf merges repeated fields that way.
"""

from __future__ import annotations

import io
import struct
import sys
import wave
import zlib
from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError

__all__ = ["scalar", "histogram", "image", "audio", "tensor", "merge", "tags", "default_buckets"]


# --- wire format ----------------------------------------------------------------------------------
def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _bytes_field(field: int, data: bytes) -> bytes:
    return _key(field, 2) + _varint(len(data)) + data


def _float_field(field: int, value: float) -> bytes:
    return _key(field, 5) + struct.pack("<f", value)


def _double_field(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", value)


def _int_field(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(value)


def _summary(tag: str, payload: bytes) -> np.ndarray:
    """``Summary{value: [Value{tag, payload}]}`` as a string scalar (``payload``: encoded field)."""
    value = _bytes_field(1, tag.encode()) + payload
    return _as_string(_bytes_field(1, value))


def _as_string(data: bytes) -> np.ndarray:
    out = np.empty((), dtype=object)
    out[()] = data
    return out


# --- the ops' computations ------------------------------------------------------------------------
def scalar(values: np.ndarray, *, tag: str) -> np.ndarray:
    array = np.asarray(values)
    if array.size != 1:
        raise InvalidArgumentError(
            f"tags and values not the same shape: [] != {list(array.shape)} (tag '{tag}')\n"
            f"tf.summary.scalar needs a single number: reduce the tensor first, e.g. "
            f"tf.reduce_mean(x).", tag=tag)
    return _summary(tag, _float_field(2, float(array.reshape(()))))


def default_buckets() -> list[float]:
    """TF's default histogram bucket limits."""
    positive = []
    v = 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(sys.float_info.max)
    return [-b for b in reversed(positive)] + [0.0] + positive


_LIMITS = default_buckets()
_LIMIT_ARRAY = np.asarray(_LIMITS)


def histogram(values: np.ndarray, *, tag: str) -> np.ndarray:
    data = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(data)):
        raise InvalidArgumentError(f"Nan in summary histogram for: {tag}", tag=tag)
    counts = np.bincount(np.searchsorted(_LIMIT_ARRAY, data, side="right"),
                         minlength=len(_LIMITS)).astype(np.float64).tolist()
    limits, buckets = [], []
    i = 0
    while i < len(counts):
        end, count = _LIMITS[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < len(counts) and counts[i] <= 0.0:
                end, count = _LIMITS[i], counts[i]
                i += 1
        limits.append(end)
        buckets.append(count)
    lo = float(data.min()) if data.size else sys.float_info.max
    hi = float(data.max()) if data.size else -sys.float_info.max
    histo = (_double_field(1, lo) + _double_field(2, hi) + _double_field(3, float(data.size))
             + _double_field(4, float(data.sum())) + _double_field(5, float((data * data).sum()))
             + _bytes_field(6, struct.pack(f"<{len(limits)}d", *limits))
             + _bytes_field(7, struct.pack(f"<{len(buckets)}d", *buckets)))
    return _summary(tag, _bytes_field(5, histo))


def _png(pixels: np.ndarray) -> bytes:
    height, width, channels = pixels.shape
    color = {1: 0, 3: 2, 4: 6}[channels]
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _to_uint8(batch: np.ndarray) -> np.ndarray:
    """TF's rule: floats are scaled so the largest |value| maps to 255 (or +127 offset when
    negative values exist); uint8 stays as is."""
    if batch.dtype == np.uint8:
        return batch
    x = batch.astype(np.float64)
    out = np.empty(x.shape, np.uint8)
    for i, img in enumerate(x):
        finite = img[np.isfinite(img)]
        lo = finite.min() if finite.size else 0.0
        hi = finite.max() if finite.size else 0.0
        if lo >= 0:
            scale = 255.0 / hi if hi > 0 else 0.0
            offset = 0.0
        else:
            scale = 127.0 / max(-lo, hi) if max(-lo, hi) > 0 else 0.0
            offset = 128.0
        out[i] = np.clip(np.nan_to_num(img) * scale + offset + 0.5, 0, 255).astype(np.uint8)
    return out


def image(tensor: np.ndarray, *, tag: str, max_images: int) -> np.ndarray:
    batch = np.asarray(tensor)
    if batch.ndim != 4 or batch.shape[-1] not in (1, 3, 4):
        raise InvalidArgumentError(
            f"Tensor must be 4-D with last dim 1, 3, or 4, not {list(batch.shape)}", tag=tag)
    pixels = _to_uint8(batch[:max_images])
    values = b""
    for i, img in enumerate(pixels):
        sub = tag + "/image" if len(pixels) == 1 else f"{tag}/image/{i}"
        encoded = (_int_field(1, img.shape[0]) + _int_field(2, img.shape[1])
                   + _int_field(3, img.shape[2]) + _bytes_field(4, _png(img)))
        values += _bytes_field(1, _bytes_field(1, sub.encode()) + _bytes_field(4, encoded))
    return _as_string(values)


def audio(tensor: np.ndarray, sample_rate: np.ndarray, *, tag: str,
          max_outputs: int) -> np.ndarray:
    clips = np.asarray(tensor, dtype=np.float64)
    if clips.ndim == 2:
        clips = clips[:, :, None]
    if clips.ndim != 3:
        raise InvalidArgumentError(f"Tensor must be 3-D or 2-D, got: {list(clips.shape)}", tag=tag)
    rate = float(sample_rate)
    values = b""
    clips = clips[:max_outputs]
    for i, clip in enumerate(clips):
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(clip.shape[1])
            out.setsampwidth(2)
            out.setframerate(int(rate))
            out.writeframes((np.clip(clip, -1, 1) * 32767).astype("<i2").tobytes())
        sub = tag + "/audio" if len(clips) == 1 else f"{tag}/audio/{i}"
        encoded = (_float_field(1, rate) + _int_field(2, clip.shape[1])
                   + _int_field(3, clip.shape[0]) + _bytes_field(4, buffer.getvalue())
                   + _bytes_field(5, b"audio/wav"))
        values += _bytes_field(1, _bytes_field(1, sub.encode()) + _bytes_field(6, encoded))
    return _as_string(values)


def tensor(tensor: np.ndarray, *, tag: str, plugin: str) -> np.ndarray:
    array = np.asarray(tensor)
    shape = b"".join(_bytes_field(2, _int_field(1, d)) for d in array.shape)
    if array.dtype.kind in "OSU":
        items = [x if isinstance(x, bytes) else str(x).encode() for x in array.ravel()]
        body = _int_field(1, 7) + _bytes_field(2, shape) + b"".join(
            _bytes_field(8, item) for item in items)
    else:
        body = (_int_field(1, 2) + _bytes_field(2, shape)
                + _bytes_field(4, array.astype("<f8").tobytes()))
    metadata = _bytes_field(1, _bytes_field(1, plugin.encode())) if plugin else b""
    value = _bytes_field(1, tag.encode()) + _bytes_field(8, body) + _bytes_field(9, metadata)
    return _as_string(_bytes_field(1, value))


def merge(inputs: list) -> np.ndarray:
    """Concatenated summaries; a tag seen twice is TF's "Duplicate tag" error."""
    parts = [_raw(x) for x in inputs]
    seen: set[str] = set()
    for part in parts:
        for tag in tags(part):
            if tag in seen:
                raise InvalidArgumentError(
                    f"Duplicate tag {tag} found in summary inputs\nTwo summaries in one merge "
                    f"have the same name; give them different names.", tag=tag)
            seen.add(tag)
    return _as_string(b"".join(parts))


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def _fields(data: bytes) -> list[tuple[int, Any]]:
    """``(field number, value)`` of a message: bytes for length-delimited fields."""
    out, pos = [], 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            length, pos = _read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        out.append((field, value))
    return out


def tags(summary: bytes) -> list[str]:
    """The tags of a serialized ``Summary``, in order."""
    return [next(v.decode() for f, v in _fields(value) if f == 1)
            for field, value in _fields(summary) if field == 1]


def _raw(x: Any) -> bytes:
    value = np.asarray(x, dtype=object).reshape(()).item()
    return value if isinstance(value, bytes) else str(value).encode()
