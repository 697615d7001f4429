"""TF1's runtime errors (``tf.errors.OpError`` and its family), raised by sessions and readers.

They take TF's ``(node_def, op, message)`` or scopelab's ``(message, **fields)``; ``error_code`` is
TF's status code, ``node_def`` and ``op`` are ``None`` unless given (scopelab has no NodeDefs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scopelab.errors._base import ScopelabError
from scopelab.names import differs_only_in_case

__all__ = ["OpError", "CancelledError", "UnknownError", "DeadlineExceededError", "NotFoundError",
           "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
           "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
           "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError",
           "SymbolicTensorError", "GraphElementNotFoundError"]


class OpError(ScopelabError):
    """TF1's ``tf.errors.OpError``: the base of the errors raised while running ops or reading files.

    Takes scopelab's ``(message, **fields)`` or TF's ``(node_def, op, message)``; ``error_code`` is
    TF's status code, ``node_def`` and ``op`` are ``None`` unless given (scopelab has no NodeDefs).
    A subclass with composed messages may be given only fields.
    """

    error_code = 2  # UNKNOWN

    def __init__(self, *args: Any, **fields: Any) -> None:
        if len(args) == 3:   # TF's signature
            node_def, op, message = args
        elif len(args) <= 1:
            node_def, op, message = None, None, (args[0] if args else None if fields else "")
        else:
            raise TypeError(f"{type(self).__name__} takes (message) or (node_def, op, message), "
                            f"got {len(args)} positional arguments")
        self.node_def = node_def
        self.op = op
        super().__init__(message, **fields)


def _op_error(name: str, code: int, doc: str) -> type:
    return type(name, (OpError,), {"__doc__": doc, "error_code": code,
                                   "__module__": "scopelab.errors"})


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


class SymbolicTensorError(ScopelabError, NotImplementedError):
    """The value of a symbolic tensor (one that depends on a placeholder) was asked for outside
    ``Session.run``: ``np.asarray(x)``, ``float(x)``, or a variable initializer.

    ``tensor`` is the tensor's name, ``placeholders`` the names of the placeholders it needs (the
    first three are shown), ``purpose`` what wanted the value (``"the initializer of variable
    'w'"``), or ``None``.
    """

    def __init__(self, tensor: str, *, placeholders: Sequence[str] = (),
                 purpose: str | None = None) -> None:
        super().__init__(tensor=tensor, placeholders=tuple(placeholders), purpose=purpose)

    def _compose(self) -> str:
        needed = ", ".join(repr(p) for p in self.placeholders[:3]) or "a feed"
        summary = (f"Its value depends on placeholder {needed}, so it exists only inside "
                   f"Session.run with a feed.")
        fixes = ["    sess.run(t, feed_dict={placeholder: value})"]
        if self.purpose:
            summary += (f" {self.purpose[0].upper()}{self.purpose[1:]} must not depend on a "
                        f"placeholder: TF1 accepts it while building the graph and fails when the "
                        f"initializer runs; scopelab computes initial values at creation, so it "
                        f"fails here.")
            fixes = ["Initialize from a value that needs no feed (a constant, a NumPy array, an "
                     "initializer such as tf.glorot_uniform_initializer())."]
        return self._layout(
            f"Cannot convert a symbolic Tensor ({self.tensor}) to a numpy array.", summary,
            fixes=fixes)


class GraphElementNotFoundError(ScopelabError, KeyError):
    """``graph.get_tensor_by_name`` / ``get_operation_by_name`` of a name not in the graph.

    A ``KeyError`` as in TF1, with TF's sentence first. ``name`` is the name asked for, ``op_name``
    its operation part, ``suggestions`` the closest existing names (of the kind asked for), and
    ``outputs`` the operation's output count when it exists but the index is out of range.
    """

    def __init__(self, name: str, *, op_name: str, tensor: bool,
                 suggestions: Sequence[str] = (), outputs: int | None = None) -> None:
        super().__init__(name=name, op_name=op_name, tensor=tensor,
                         suggestions=list(suggestions), outputs=outputs)

    def __str__(self) -> str:      # KeyError would show the repr of the text, on one line
        return self.message

    def _compose(self) -> str:
        name, op = self.name, self.op_name
        lookup = "get_tensor_by_name" if self.tensor else "get_operation_by_name"
        if self.outputs is not None:
            valid = ", ".join(repr(f"{op}:{i}") for i in range(min(self.outputs, 3)))
            return self._layout(
                f"The name '{name}' refers to a Tensor which does not exist. The operation, "
                f"'{op}', exists but only has {self.outputs} outputs.",
                f"Output indices count from 0: {op!r} has {self.outputs} "
                f"output{'' if self.outputs == 1 else 's'}"
                + (f" ({valid}{', ...' if self.outputs > 3 else ''})." if valid else "."))
        if self.tensor:
            tf_text = (f"The name '{name}' refers to a Tensor which does not exist. The "
                       f"operation, '{op}', does not exist in the graph.")
        else:
            tf_text = f"The name '{name}' refers to an Operation not in the graph."
        facts = []
        near = list(self.suggestions)
        if near:
            facts.append(f"  closest existing names: {', '.join(repr(s) for s in near)}")
        else:
            facts.append("  no operation in the graph has a similar name")
        fixes = []
        cased = next((s for s in near if differs_only_in_case(name, s)), None)
        if cased is not None:
            facts.append(f"  {cased!r} differs from {name!r} only in case: names are "
                         f"case-sensitive")
            fixes = [f'    graph.{lookup}("{cased}")']
        return self._layout(
            tf_text,
            f"No operation named {op!r} is in the graph (names include their name scopes: "
            f"'scope/op'). [op.name for op in graph.get_operations()] lists them.",
            facts, fixes)
