"""Value makers: initializers, constants, partitioners, partition info, embedding lookups, targets.

``InitializerError``, ``InitializerTypeError`` and ``PartitionerError`` are also the generic
classes the value makers raise with their own text (TF1's sentence and an explanation, e.g.
``"Expected floating point type, got ..."``); the mistakes ``get_variable`` meets most often have
their own classes below, which compose their text from fields.
"""

from __future__ import annotations

from typing import Any

from scopelab.errors._base import ScopelabError, site, split_name
from scopelab.names import CreationSite

__all__ = [
    "InitializerError", "ConstantWithShapeError", "InitializerNeedsShapeError",
    "InitializerDtypeMismatchError", "InitializerOutputError", "PartitionedConstantShapeError",
    "InitializerTypeError", "InitializerSignatureError", "InitializerOutputTypeError",
    "ConstantTypeError", "PartitionerError", "PartitionerNotCallableError", "PartitionAxisError",
    "PartitionInfoError", "PartitionInfoTypeError", "EmbeddingLookupError",
    "CudaUnavailableError",
]


# --- initializers -------------------------------------------------------------------------------
class InitializerError(ScopelabError, ValueError):
    """An initializer that cannot make this variable (the base of the classes below)."""


class ConstantWithShapeError(InitializerError):
    """A constant initializer (a value) together with ``shape=`` (checked even on reuse)."""

    def __init__(self, name: str, shape: Any, *, at: CreationSite | None = None) -> None:
        super().__init__(name=name, shape=shape, at=site(at))

    def _compose(self) -> str:
        leaf, shape = split_name(self.name)[1], self.shape
        return self._layout(
            "If initializer is a constant, do not specify shape.",
            f"Variable {self.name!r} got both a constant initializer (a value, which already has "
            f"a shape) and shape={shape!r}. This is checked even when the variable is reused.",
            [f"  at: {self.at}"],
            ["Drop shape= (the value's shape is used):",
             f'    tf.get_variable("{leaf}", initializer=value)',
             "Or keep shape= and wrap the value in an initializer:",
             f'    tf.get_variable("{leaf}", shape={shape!r}, '
             f"initializer=tf.constant_initializer(value))"])


class InitializerNeedsShapeError(InitializerError):
    """An initializer function without a fully defined shape to call it with."""

    def __init__(self, name: str, shape: Any, *, at: CreationSite | None = None) -> None:
        super().__init__(name=name, shape=shape, at=site(at))

    def _compose(self) -> str:
        leaf = split_name(self.name)[1]
        return self._layout(
            "The initializer passed is not valid. It should be a callable with no arguments and "
            "the shape should not be provided or an instance of `tf.keras.initializers.*' and "
            "`shape` should be fully defined.",
            f"Variable {self.name!r} has no fully defined shape (got {self.shape}), so its "
            f"initializer cannot be called: initializers need the shape to know how many "
            f"numbers to make.", [f"  at: {self.at}"],
            ["Give a fully defined shape:", f'    tf.get_variable("{leaf}", shape=[3, 4])',
             "Or pass the value itself as initializer (no shape=):",
             f'    tf.get_variable("{leaf}", initializer=np.zeros([3, 4], np.float32))'])


class InitializerDtypeMismatchError(InitializerError):
    """A constant initializer whose dtype is not the ``dtype=`` asked for.

    ``expected`` is the dtype asked for, ``got`` the constant's. TF1 compares an explicit
    ``dtype=`` with the value exactly (``"Initializer type ... don't match"``); ``cast=True`` is
    the partitioned path, which converts the value and fails only if it cannot.
    """

    def __init__(self, name: str | None, *, expected: Any, got: Any, cast: bool = False,
                 at: CreationSite | None = None) -> None:
        super().__init__(name=name, expected=expected, got=got, cast=cast,
                         at=None if cast else site(at))

    def _compose(self) -> str:
        expected, got = self.expected, self.got
        if self.cast:
            return self._layout(
                f"Cannot convert the constant initializer to dtype {expected.name}.",
                f"expected values convertible to {expected.name}, got {got}.", [],
                [f"Pass a value of the right dtype, e.g. np.asarray(value, dtype=np."
                 f"{expected.name})."])
        return self._layout(
            f"Initializer type '{got}' and explicit dtype '{expected}' don't match.",
            f"The constant initializer has dtype {got.name} but dtype= asks for {expected.name}: "
            f"expected {expected.name}, got {got.name}. (Python floats become float32 and Python "
            f"ints int32, as in TF1.)", [f"  at: {self.at}"],
            ["Drop dtype= (the value's dtype is used), or convert the value first:",
             f"    initializer=np.asarray(value, dtype=np.{expected.name})"])


class InitializerOutputError(InitializerError):
    """An initializer function returned a value of the wrong ``shape`` or ``dtype`` (``what``)."""

    def __init__(self, name: str, *, what: str, expected: Any, got: Any,
                 at: CreationSite | None = None) -> None:
        super().__init__(name=name, what=what, expected=expected, got=got, at=site(at))

    def _compose(self) -> str:
        if self.what == "shape":
            return self._layout(
                f"The initializer of variable {self.name} returned a value of the wrong shape.",
                f"expected shape {tuple(self.expected)}, got {tuple(self.got)}.",
                [f"  at: {self.at}"],
                ["An initializer is called as init(shape, dtype=..., partition_info=...) and must "
                 "return an array of exactly that shape:",
                 "    def my_init(shape, dtype=None, partition_info=None):",
                 "        return np.zeros(shape, dtype=np.float32)"])
        return self._layout(
            f"The initializer of variable {self.name} returned a value of the wrong dtype.",
            f"expected {self.expected.name} (or something that converts to it safely), got "
            f"{self.got}.", [f"  at: {self.at}"],
            ["Return values of the requested dtype:",
             "    return np.zeros(shape, dtype=dtype.as_numpy_dtype)"])


class PartitionedConstantShapeError(InitializerError):
    """A constant initializer of a partitioned variable whose shape is not the variable's."""

    def __init__(self, name: str, *, expected: Any, got: Any) -> None:
        super().__init__(name=name, expected=expected, got=tuple(got))

    def _compose(self) -> str:
        return self._layout(
            f"Shape of a new partitioned variable must be fully defined, but instead was "
            f"{self.expected}.",
            f"The constant initializer of partitioned variable {self.name!r} has shape "
            f"{self.got}, which does not match shape {self.expected}.", [],
            ["Pass shape= equal to the value's shape, or a NumPy array (its shape is used)."])


class InitializerTypeError(ScopelabError, TypeError):
    """An initializer value or function of the wrong type (the base of the classes below)."""


class InitializerSignatureError(InitializerTypeError):
    """An initializer function that cannot be called as ``init(shape, dtype=...)``."""

    def __init__(self, name: str) -> None:
        super().__init__(name=name)

    def _compose(self) -> str:
        return self._layout(
            f"The initializer of variable {self.name} cannot be called as init(shape, dtype=...).",
            "get_variable calls initializers as init(shape, dtype=dtype, partition_info=...) "
            "(partition_info only if the function takes it).", [],
            ["Accept those arguments:",
             "    def my_init(shape, dtype=None, partition_info=None): ...",
             "Or pass a value (no shape=) or a function with no arguments."])


class InitializerOutputTypeError(InitializerTypeError):
    """An initializer function returned something that is not an array of numbers."""

    def __init__(self, name: str, *, got_type: str, detail: str = "") -> None:
        super().__init__(name=name, got_type=got_type, detail=detail)

    def _compose(self) -> str:
        return self._layout(
            f"The initializer of variable {self.name} returned {self.got_type}, which is not an "
            f"array of numbers.",
            f"Could not convert it to an array{': ' + self.detail if self.detail else ''}.", [],
            ["Return a NumPy array (or a list of numbers) of the requested shape."])


class ConstantTypeError(InitializerTypeError):
    """A constant initializer of a type that cannot become an array (``initializer={}``)."""

    def __init__(self, *, got_type: str, detail: str = "") -> None:
        super().__init__(got_type=got_type, detail=detail)

    def _compose(self) -> str:
        return self._layout(
            f"Cannot convert an initializer of type {self.got_type} to a tensor.",
            f"A constant initializer must be a number, a (nested) list of numbers, a string or a "
            f"NumPy array{'; ' + self.detail if self.detail else ''}.", [],
            ["Pass an initializer object instead, e.g. initializer=tf.zeros_initializer()."])


# --- partitioners --------------------------------------------------------------------------------
class PartitionerError(ScopelabError, ValueError):
    """A partitioner that returned an invalid partitioning, or more shards than rows."""


class PartitionerNotCallableError(PartitionerError):
    """``partitioner=`` got something that is not a function (often a partitioner's result)."""

    def __init__(self, partitioner: Any, *, name: str | None = None) -> None:
        super().__init__(partitioner=partitioner, name=name)

    def _compose(self) -> str:
        return self._layout(
            f"Partitioner must be callable, but received: {self.partitioner}",
            "Pass the partitioner function, not its result.", [],
            ["    partitioner=tf.fixed_size_partitioner(2)"])


class PartitionAxisError(PartitionerError, IndexError):
    """A partitioner asked to split an axis the variable does not have (TF1 raised ValueError
    from ``min_max_variable_partitioner`` and IndexError from ``fixed_size_partitioner``)."""


class PartitionInfoError(ScopelabError, ValueError):
    """Inconsistent ``PartitionInfo`` offsets or shapes."""


class PartitionInfoTypeError(ScopelabError, TypeError):
    """``PartitionInfo`` given something that is not a sequence."""


# --- lookups and targets -------------------------------------------------------------------------
class EmbeddingLookupError(ScopelabError, ValueError):
    """``embedding_lookup`` with no params, a bad strategy or out-of-range ids."""


class CudaUnavailableError(ScopelabError, RuntimeError):
    """A GPU target was asked for where no GPU (and no CUDA simulator) is available."""
