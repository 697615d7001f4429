"""``TensorShape`` and ``Dimension``: TF1's static shapes, with unknown dimensions and unknown rank.

As in TF1, ``shape[i]`` is a :class:`Dimension` (``shape[1].value`` is the int or ``None``;
``int(shape[1])``, arithmetic and comparisons work, unknown dimensions propagate ``None``) and
``shape[1:]`` a ``TensorShape``; iterating gives plain ints and ``None`` (``list(shape)`` is
JSON-ready, as in TF2), and ``dims`` gives the Dimensions. Shapes print as TF1 prints them
(``(2,)``, ``(?, 3)``, ``()``,
``<unknown>``) so that TF1 message texts built from shapes read the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
import operator
from typing import Any, SupportsIndex, TypeGuard, cast, overload

__all__ = ["TensorShape", "as_shape", "shared_shape", "Dimension", "as_dimension", "dimension_value",
           "unknown_shape", "scalar", "vector", "matrix"]


class Dimension:
    """One dimension, possibly unknown (``value is None``). Equality with an unknown dimension is
    ``None`` (unknown), as in TF1; ``Dimension(3) == 3`` is True."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        if isinstance(value, Dimension):
            value = value.value
        if value is None:
            self._value = None
            return
        if isinstance(value, (float, bool, str)):
            raise TypeError(f"Dimension value must be integer or None or have an __index__ "
                            f"method, got value '{value!r}' with type '{type(value)}'")
        self._value = operator.index(value)
        if self._value < 0:
            raise ValueError(f"Dimension {self._value} must be >= 0")

    @property
    def value(self) -> int | None:
        return self._value

    def __int__(self) -> int:
        if self._value is None:
            raise TypeError("an unknown dimension (?) has no integer value; check "
                            "`dim.value is None` first")
        return self._value

    __index__ = __int__

    def __bool__(self) -> bool:
        return bool(self._value)

    def is_compatible_with(self, other: Any) -> bool:
        other = as_dimension(other)
        return self._value is None or other.value is None or self._value == other.value

    def assert_is_compatible_with(self, other: Any) -> None:
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {other} are not compatible")

    def merge_with(self, other: Any) -> Dimension:
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(self._value if self._value is not None else other.value)

    # --- comparisons (None when unknown) ------------------------------------------------------------
    def _compare(self, other: Any, op: Callable[[int, int], bool]) -> Any:   # bool, None or NotImplemented
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return None
        return op(self._value, other.value)

    def __eq__(self, other: Any) -> Any:
        return self._compare(other, operator.eq)

    def __ne__(self, other: Any) -> Any:
        return self._compare(other, operator.ne)

    def __lt__(self, other: Any) -> Any:
        return self._compare(other, operator.lt)

    def __le__(self, other: Any) -> Any:
        return self._compare(other, operator.le)

    def __gt__(self, other: Any) -> Any:
        return self._compare(other, operator.gt)

    def __ge__(self, other: Any) -> Any:
        return self._compare(other, operator.ge)

    def __hash__(self) -> int:
        return hash(self._value)

    # --- arithmetic (unknown in, unknown out) ------------------------------------------------------
    def _arith(self, other: Any, op: Any, reflected: bool = False) -> Any:
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return Dimension(None)
        a, b = (other.value, self._value) if reflected else (self._value, other.value)
        return Dimension(op(a, b))

    def __add__(self, other: Any) -> Any:
        return self._arith(other, operator.add)

    def __radd__(self, other: Any) -> Any:
        return self._arith(other, operator.add, True)

    def __sub__(self, other: Any) -> Any:
        return self._arith(other, operator.sub)

    def __rsub__(self, other: Any) -> Any:
        return self._arith(other, operator.sub, True)

    def __mul__(self, other: Any) -> Any:
        return self._arith(other, operator.mul)

    def __rmul__(self, other: Any) -> Any:
        return self._arith(other, operator.mul, True)

    def __floordiv__(self, other: Any) -> Any:
        return self._arith(other, operator.floordiv)

    def __rfloordiv__(self, other: Any) -> Any:
        return self._arith(other, operator.floordiv, True)

    def __truediv__(self, other: Any) -> Any:   # a number, as int / int (None if unknown)
        other = dimension_value(other)
        return None if self._value is None or other is None else self._value / other

    def __rtruediv__(self, other: Any) -> Any:
        other = dimension_value(other)
        return None if self._value is None or other is None else other / self._value

    def __float__(self) -> float:
        return float(int(self))

    def __mod__(self, other: Any) -> Any:
        return self._arith(other, operator.mod)

    def __rmod__(self, other: Any) -> Any:
        return self._arith(other, operator.mod, True)

    def __repr__(self) -> str:
        return f"Dimension({self._value})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Dimension, (self._value,))


def as_dimension(value: Any) -> Dimension:
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension: Any) -> int | None:
    """The int (or None) of a Dimension, an int or None (TF's ``dimension_value``)."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


_SEQUENCES = (tuple, list)


def is_plain_dims(dims: Any) -> TypeGuard[Sequence[int]]:
    """Whether ``dims`` is a list or tuple of non-negative ``int`` s (a shape as most code writes
    it, taken as it is). A loop: for the usual two or three dimensions it costs half of
    ``all(<generator>)``, and every new variable asks several times."""
    if type(dims) not in _SEQUENCES:
        return False
    for d in dims:
        if type(d) is not int or d < 0:
            return False
    return True


class TensorShape:
    """A static shape: a tuple of ints and ``None`` (unknown dims), or ``None`` for unknown rank."""

    __slots__ = ("_dims",)
    _dims: tuple[int | None, ...] | None

    def __init__(self, dims: Iterable[Any] | int | None | TensorShape) -> None:
        if isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif dims is None:
            self._dims = None
        elif isinstance(dims, int) and not isinstance(dims, bool):
            self._dims = (operator.index(dims),)
        elif is_plain_dims(dims):
            self._dims = tuple(dims)   # plain ints (every new variable's shape): nothing to convert
        else:
            out = []
            for d in cast(Iterable[Any], dims):   # a bool is not iterable: TypeError, as in TF
                if isinstance(d, Dimension):
                    d = d.value
                if d is not None:
                    if isinstance(d, (float, bool)):
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
        return self._dims is not None and None not in self._dims

    def assert_is_fully_defined(self) -> None:
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    def as_list(self) -> list[int | None]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self) -> tuple[int | None, ...] | None:
        return self._dims

    def num_elements(self) -> int | None:
        if self._dims is None:
            return None
        n = 1
        for d in self._dims:
            if d is None:
                return None
            n *= d
        return n

    def is_compatible_with(self, other: object) -> bool:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other: object) -> None:
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def merge_with(self, other: object) -> TensorShape:
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape(a if a is not None else b for a, b in zip(self._dims, other._dims))

    def most_specific_compatible_shape(self, other: object) -> TensorShape:
        other = as_shape(other)
        if self._dims is None or other._dims is None or len(self._dims) != len(other._dims):
            return TensorShape(None)
        return TensorShape(a if a == b else None for a, b in zip(self._dims, other._dims))

    def concatenate(self, other: object) -> TensorShape:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def __add__(self, other: object) -> TensorShape:
        return self.concatenate(other)

    def __radd__(self, other: object) -> TensorShape:
        return as_shape(other).concatenate(self)

    def with_rank(self, rank: int) -> TensorShape:
        if self._dims is None:
            return TensorShape([None] * rank)
        if len(self._dims) != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")
        return self

    def with_rank_at_least(self, rank: int) -> TensorShape:
        if self._dims is not None and len(self._dims) < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def with_rank_at_most(self, rank: int) -> TensorShape:
        if self._dims is not None and len(self._dims) > rank:
            raise ValueError(f"Shape {self} must have rank at most {rank}")
        return self

    def assert_has_rank(self, rank: int) -> None:
        if self._dims is not None and len(self._dims) != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")

    def assert_same_rank(self, other: object) -> None:
        other = as_shape(other)
        if self._dims is not None and other._dims is not None and \
                len(self._dims) != len(other._dims):
            raise ValueError(f"Shapes {self} and {other} must have the same rank")

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __bool__(self) -> bool:
        return self._dims is not None

    def __iter__(self) -> Iterator[int | None]:
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)   # ints and None, so list(shape) serializes (TF2 also does this)

    @overload
    def __getitem__(self, key: slice) -> TensorShape: ...
    @overload
    def __getitem__(self, key: SupportsIndex) -> Dimension: ...

    def __getitem__(self, key: SupportsIndex | slice) -> Dimension | TensorShape:
        if self._dims is None:
            if isinstance(key, slice):
                return TensorShape(None)
            return Dimension(None)
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return Dimension(self._dims[key])

    def __eq__(self, other: object) -> bool:
        try:
            shape = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == shape._dims

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

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

    def __reduce__(self) -> tuple[Any, ...]:
        return (TensorShape, (self._dims,))


# Fully known shapes made once and shared (a TensorShape never changes after __init__): most
# variables of a model have one of a few shapes, and a shared one stays in the CPU's cache for
# the reuse check of every get_variable, and is not one more object per variable for Python's
# garbage collector to walk. Bounded, so a loop over ever new shapes cannot grow it forever.
_SHARED: dict[tuple[int, ...], TensorShape] = {}
_SHARED_MAX = 4096


def shared_shape(dims: tuple[int, ...]) -> TensorShape:
    """``TensorShape(dims)`` for a tuple of plain ints, the same object for equal tuples."""
    shape = _SHARED.get(dims)
    if shape is None:
        shape = TensorShape(dims)
        if len(_SHARED) < _SHARED_MAX:
            _SHARED[dims] = shape
    return shape


def as_shape(shape: object) -> TensorShape:
    """Convert ``None``, an int, a sequence of ints/None, or a TensorShape to a TensorShape."""
    if isinstance(shape, TensorShape):
        return shape
    if isinstance(shape, str):
        raise TypeError(f"A shape must be a list or tuple of integers, got the string {shape!r}")
    return TensorShape(shape)  # type: ignore[arg-type]  # anything else: TensorShape says why not


def unknown_shape(rank: int | None = None, **kwargs: Any) -> TensorShape:
    return TensorShape(None if rank is None else [None] * rank)


def scalar() -> TensorShape:
    return TensorShape([])


def vector(length: Any) -> TensorShape:
    return TensorShape([length])


def matrix(rows: Any, cols: Any) -> TensorShape:
    return TensorShape([rows, cols])
