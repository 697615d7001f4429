"""The error catalogue: one class per mistake, each also the builtin class TF1 raised.

Every scopelab error subclasses :class:`ScopelabError` *and* the builtin TF1 used for the same
mistake (``ValueError``, ``TypeError`` or ``RuntimeError``), so TF1-era code such as
``except ValueError`` or ``pytest.raises(ValueError, match="already exists, disallowed")`` keeps
working. Messages keep TF1's key phrase verbatim and then explain; structured fields (``err.name``,
``err.created_at``, ``err.reuse`` …) let exercises and tests inspect an error without parsing text.
The raising module composes the message; this module only defines the classes.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ScopelabError",
    "VariableAlreadyExistsError", "VariableNotFoundError", "ShapeMismatchError",
    "DtypeMismatchError", "PartitionMismatchError", "PartitioningConflictError",
    "InvalidReuseError", "InvalidScopeNameError", "InvalidScopeArgumentError", "ScopeNestingError",
    "InitializerError", "InitializerTypeError", "PartitionerError", "PartitionInfoError",
    "PartitionInfoTypeError", "CustomGetterError", "InvalidArgumentError", "InvalidArgumentTypeError",
    "EmbeddingLookupError", "CudaUnavailableError", "DOCS_ERRORS_PAGE",
]

DOCS_ERRORS_PAGE = "docs/errors.md"


class ScopelabError(Exception):
    """Base of every scopelab error. Extra keyword arguments become attributes (``err.name``)."""

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields)
        for key, value in fields.items():
            setattr(self, key, value)

    @classmethod
    def docs_anchor(cls) -> str:
        """Where the docs' error catalogue explains this class (``docs/errors.md#<class>``)."""
        return f"{DOCS_ERRORS_PAGE}#{cls.__name__.lower()}"

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.fields))


def _rebuild(cls: type, message: str, fields: dict) -> ScopelabError:
    return cls(message, **fields)


# --- sharing and reuse (store) ------------------------------------------------------------------
class VariableAlreadyExistsError(ScopelabError, ValueError):
    """A variable with this name exists and the scope's reuse mode does not allow reusing it."""


class VariableNotFoundError(ScopelabError, ValueError):
    """``reuse=True`` asked for a variable that was never created with ``get_variable``."""


class ShapeMismatchError(ScopelabError, ValueError):
    """Reuse asked for a shape incompatible with the existing variable's shape."""


class DtypeMismatchError(ScopelabError, ValueError):
    """Reuse asked for a dtype different from the existing variable's dtype."""


class PartitionMismatchError(ScopelabError, ValueError):
    """Reuse of a partitioned variable with a different partitioning (or shard count)."""


class PartitioningConflictError(ScopelabError, ValueError):
    """A partitioned and an unpartitioned variable would share one name."""


# --- scopes ---------------------------------------------------------------------------------------
class InvalidReuseError(ScopelabError, ValueError):
    """A bad ``reuse`` value, or ``reuse=True`` on a scope without a name."""


class InvalidScopeNameError(ScopelabError, ValueError):
    """A scope or variable name TF1 would reject (``'_' is not a valid scope name``)."""


class InvalidScopeArgumentError(ScopelabError, TypeError):
    """``variable_scope`` got an argument of the wrong type."""


class ScopeNestingError(ScopelabError, RuntimeError):
    """Scopes were exited in a different order than they were entered."""


# --- value makers ---------------------------------------------------------------------------------
class InitializerError(ScopelabError, ValueError):
    """An initializer that cannot make this variable (constant with shape, wrong dtype, …)."""


class InitializerTypeError(ScopelabError, TypeError):
    """An initializer value of a type that cannot become an array."""


class PartitionerError(ScopelabError, ValueError):
    """A partitioner that is not callable or returned an invalid partitioning."""


class PartitionInfoError(ScopelabError, ValueError):
    """Inconsistent ``PartitionInfo`` offsets or shapes."""


class PartitionInfoTypeError(ScopelabError, TypeError):
    """``PartitionInfo`` given something that is not a sequence."""


class CustomGetterError(ScopelabError, ValueError):
    """A custom getter that is not callable."""


class OpError(ScopelabError):
    """TF1's ``tf.errors.OpError``: the base of the errors raised while running ops or reading files.

    Takes scopelab's ``(message, **fields)`` or TF's ``(node_def, op, message)``; ``error_code`` is
    TF's status code, ``node_def`` and ``op`` are ``None`` unless given (scopelab has no NodeDefs).
    """

    error_code = 2  # UNKNOWN

    def __init__(self, *args: Any, **fields: Any) -> None:
        if len(args) == 3:   # TF's signature
            node_def, op, message = args
        elif len(args) <= 1:
            node_def, op, message = None, None, (args[0] if args else "")
        else:
            raise TypeError(f"{type(self).__name__} takes (message) or (node_def, op, message), "
                            f"got {len(args)} positional arguments")
        super().__init__(message, **fields)
        self.node_def = node_def
        self.op = op


class InvalidArgumentError(OpError, ValueError):
    """Any other bad argument value (collections, synchronization, regularizer output …).

    Also TF1's ``tf.errors.InvalidArgumentError`` (an ``OpError``, e.g. a placeholder not fed).
    """

    error_code = 3


class InvalidArgumentTypeError(ScopelabError, TypeError):
    """Any other argument of the wrong type."""


class EmbeddingLookupError(ScopelabError, ValueError):
    """``embedding_lookup`` with no params, a bad strategy or out-of-range ids."""


# --- targets --------------------------------------------------------------------------------------
class CudaUnavailableError(ScopelabError, RuntimeError):
    """A GPU target was asked for where no GPU (and no CUDA simulator) is available."""


# --- appended by "values" (L2) --------------------------------------------------------------------
class PartitionAxisError(PartitionerError, IndexError):
    """A partitioner asked to split an axis the variable does not have (TF1 raised ValueError
    from ``min_max_variable_partitioner`` and IndexError from ``fixed_size_partitioner``)."""


__all__.append("PartitionAxisError")


# --- TF1's runtime error family (``tf.errors``), raised by sessions and checkpoint readers ------------
def _op_error(name: str, code: int, doc: str, *bases: type) -> type:
    return type(name, (OpError, *bases), {"__doc__": doc, "error_code": code,
                                          "__module__": __name__})


CancelledError = _op_error("CancelledError", 1, "TF1's ``tf.errors.CancelledError``.")
UnknownError = _op_error("UnknownError", 2, "TF1's ``tf.errors.UnknownError``.")
DeadlineExceededError = _op_error("DeadlineExceededError", 4,
                                  "TF1's ``tf.errors.DeadlineExceededError``.")
NotFoundError = _op_error("NotFoundError", 5,
                          "TF1's ``tf.errors.NotFoundError`` (a key missing from a checkpoint …).")
AlreadyExistsError = _op_error("AlreadyExistsError", 6, "TF1's ``tf.errors.AlreadyExistsError``.")
PermissionDeniedError = _op_error("PermissionDeniedError", 7,
                                  "TF1's ``tf.errors.PermissionDeniedError``.")
ResourceExhaustedError = _op_error("ResourceExhaustedError", 8,
                                   "TF1's ``tf.errors.ResourceExhaustedError``.")
FailedPreconditionError = _op_error(
    "FailedPreconditionError", 9,
    "TF1's ``tf.errors.FailedPreconditionError`` (e.g. reading an uninitialized variable).")
AbortedError = _op_error("AbortedError", 10, "TF1's ``tf.errors.AbortedError``.")
OutOfRangeError = _op_error("OutOfRangeError", 11, "TF1's ``tf.errors.OutOfRangeError``.")
UnimplementedError = _op_error("UnimplementedError", 12, "TF1's ``tf.errors.UnimplementedError``.")
InternalError = _op_error("InternalError", 13, "TF1's ``tf.errors.InternalError``.")
UnavailableError = _op_error("UnavailableError", 14, "TF1's ``tf.errors.UnavailableError``.")
DataLossError = _op_error("DataLossError", 15,
                          "TF1's ``tf.errors.DataLossError`` (a damaged or truncated file).")
UnauthenticatedError = _op_error("UnauthenticatedError", 16,
                                 "TF1's ``tf.errors.UnauthenticatedError``.")

__all__ += ["OpError", "CancelledError", "UnknownError", "DeadlineExceededError", "NotFoundError",
            "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
            "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
            "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError"]


# --- appended by "ops" (L3 ops/ and session.py raise these) ------------------------------------------
class SymbolicTensorError(ScopelabError, NotImplementedError):
    """The value of a symbolic tensor (one that depends on a placeholder) was asked for outside
    ``Session.run``: ``np.asarray(x)``, ``float(x)``, or a variable initializer."""


__all__.append("SymbolicTensorError")
