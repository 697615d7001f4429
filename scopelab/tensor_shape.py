"""``TensorShape``: TF1's static shape, with unknown dimensions (``None``) and unknown rank.

Printed as TF1 prints it (``(2,)``, ``(3, 1, 1)``, ``()``, ``(?, 3)``, ``<unknown>``) so that the
TF1 message texts built from shapes read the same.
"""

from __future__ import annotations

from collections.abc import Iterable
import operator

__all__ = ["TensorShape", "as_shape", "Dimension"]


class Dimension:
    """One dimension, possibly unknown; compares equal to an int of the same value."""

    __slots__ = ("value",)

    def __init__(self, value: int | None) -> None:
        self.value = None if value is None else operator.index(value)

    def __int__(self) -> int:
        if self.value is None:
            raise TypeError("an unknown dimension has no integer value")
        return self.value

    __index__ = __int__

    def __eq__(self, other: object) -> bool:
        other_value = other.value if isinstance(other, Dimension) else other
        return self.value == other_value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Dimension({self.value})"

    def __str__(self) -> str:
        return "?" if self.value is None else str(self.value)


class TensorShape:
    """A static shape: a tuple of ints and ``None`` (unknown dims), or ``None`` for unknown rank."""

    __slots__ = ("_dims",)

    def __init__(self, dims: Iterable[int | None] | int | None | TensorShape) -> None:
        if isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif dims is None:
            self._dims = None
        elif isinstance(dims, int):
            self._dims = (operator.index(dims),)
        else:
            out = []
            for d in dims:
                if isinstance(d, Dimension):
                    d = d.value
                if d is not None:
                    if isinstance(d, float) or isinstance(d, bool):
                        raise TypeError(f"Dimensions must be integers or None, got {d!r}")
                    d = operator.index(d)
                    if d < 0:
                        raise ValueError(f"Dimension {d} must be >= 0")
                out.append(d)
            self._dims = tuple(out)

    @property
    def dims(self) -> list[Dimension] | None:
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    @property
    def ndims(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    rank = ndims

    def is_fully_defined(self) -> bool:
        return self._dims is not None and all(d is not None for d in self._dims)

    def as_list(self) -> list[int | None]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self) -> tuple[int | None, ...] | None:
        return self._dims

    def num_elements(self) -> int | None:
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:  # type: ignore[union-attr]
            n *= d  # type: ignore[operator]
        return n

    def is_compatible_with(self, other: object) -> bool:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def merge_with(self, other: object) -> TensorShape:
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape(a if a is not None else b for a, b in zip(self._dims, other._dims))

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if self._dims is None:
            raise ValueError("Cannot index a shape with unknown rank.")
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key]

    def __eq__(self, other: object) -> bool:
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == other._dims

    def __hash__(self) -> int:
        return hash(self._dims)

    def __str__(self) -> str:
        if self._dims is None:
            return "<unknown>"
        parts = ["?" if d is None else str(d) for d in self._dims]
        if len(parts) == 1:
            return f"({parts[0]},)"
        return "(" + ", ".join(parts) + ")"

    def __repr__(self) -> str:
        if self._dims is None:
            return "TensorShape(None)"
        return f"TensorShape({list(self._dims)})"


def as_shape(shape: object) -> TensorShape:
    """Convert ``None``, an int, a sequence of ints/None, or a TensorShape to a TensorShape."""
    if isinstance(shape, TensorShape):
        return shape
    if isinstance(shape, str):
        raise TypeError(f"A shape must be a list or tuple of integers, got the string {shape!r}")
    return TensorShape(shape)  # type: ignore[arg-type]
