"""TF1's graph objects: :class:`Operation` and :class:`Tensor`, op naming, the per-graph op
registry, ``control_dependencies`` and subgraph frames.

An :class:`Operation` records its type, name, inputs (tensors), attributes, control inputs and the
frame it was built in; its outputs are :class:`Tensor` objects. A tensor is *concrete* when its value
was computed at creation (``_value`` is an ndarray: every input was known) and *symbolic* otherwise
(it depends on a placeholder). Both record their op, so a session can re-run them from their
sources. Op names come from the default graph's ``unique_name`` under the current name scope.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import numpy as np

from scopelab._tensor_base import TensorBase, TensorOperators
from scopelab.dtypes import DType
from scopelab.errors import GraphElementNotFoundError, InvalidScopeNameError, SymbolicTensorError
from scopelab.names import closest_names, is_valid_op_name, is_valid_scope_name
from scopelab.scope import get_name_scope, name_scope
from scopelab.tensor_shape import TensorShape, as_shape

from scopelab.ops._core import NodeDef, get_default_graph, graph_generation

__all__ = ["Operation", "Tensor", "op_name", "absolute_name", "graph_ops", "control_dependencies",
           "current_control_inputs", "Frame", "current_frame", "entering_frame", "outside_contexts",
           "READ"]

#: ``Tensor._value`` of a variable's read tensor: "read the variable now" (its value changes).
READ = object()


class Operation:
    """A node of the graph: ``name``, ``type``, ``inputs``, ``outputs``, ``graph``, attributes."""

    __slots__ = ("name", "type", "inputs", "outputs", "graph", "attrs", "op_def", "control_inputs",
                 "frame", "_constant", "_registry", "_layout", "_device", "__weakref__")

    def __init__(self, name: str, op_def: Any, inputs: tuple, attrs: dict, layout: tuple,
                 graph: Any, registry: _GraphOps) -> None:
        self.name = name
        self.type = op_def.type
        self.op_def = op_def
        self.inputs = inputs
        self.attrs = attrs
        self._layout = layout
        self.graph = graph
        self._registry = registry
        self.control_inputs = current_control_inputs()
        self.frame = _frame.get()
        self.outputs: tuple[Tensor, ...] = ()
        self._device = ""          # set by make_op from the tf.device stack (TF1's placement)
        # Constant: same value in every run (no variable, placeholder or random op upstream).
        self._constant = (op_def.pure and op_def.eager and not self.control_inputs
                          and all(t.op._constant for t in inputs))

    @property
    def device(self) -> str:
        """The device TF1's ``tf.device`` stack gave this op when it was created."""
        return self._device

    def _set_device(self, device: Any) -> None:
        self._device = device.to_string() if hasattr(device, "to_string") else device

    @property
    def node_def(self) -> NodeDef:
        """What device functions read of TF's ``NodeDef``: ``name``, ``op`` (the type),
        ``device``, ``attr``, ``input``."""
        return NodeDef(self.name, self.type, self._device, dict(self.attrs),
                       tuple(t.name for t in self.inputs))

    def values(self) -> tuple[Tensor, ...]:
        return self.outputs

    def get_attr(self, name: str) -> Any:
        try:
            return self.attrs[name]
        except KeyError:
            raise ValueError(f"Operation {self.name!r} has no attr named {name!r}.") from None

    def run(self, feed_dict: Any = None, session: Any = None) -> None:
        """Run this op in ``session`` (or the default session), like TF1's ``Operation.run``."""
        from scopelab.ops.evaluate import default_session_for
        default_session_for(self, session, "run").run(self, feed_dict=feed_dict)

    def __repr__(self) -> str:
        return f"<tf.Operation {self.name!r} type={self.type}>"


class Tensor(TensorOperators, TensorBase):
    """TF1's ``tf.Tensor``: output ``value_index`` of ``op``, with a dtype and a static shape."""

    # ``_keras_mask``: left unset (reads as missing) until a tf.keras layer gives the tensor a
    # mask, as TF's Keras sets it on its outputs; Keras code reads it with ``getattr(t, "_keras_mask", None)``.
    __slots__ = ("op", "value_index", "dtype", "_shape", "_value", "_keras_mask", "__weakref__")

    def __init__(self, op: Operation, value_index: int, dtype: DType, shape: TensorShape) -> None:
        self.op = op
        self.value_index = value_index
        self.dtype = dtype
        self._shape = shape
        self._value: Any = None

    # --- TF1's surface -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return f"{self.op.name}:{self.value_index}"

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape: Any) -> None:
        """Refine the static shape (TF1: merge; incompatible shapes raise ``ValueError``)."""
        other = as_shape(shape)
        if not self._shape.is_compatible_with(other):
            raise ValueError(
                f"Shapes {self._shape} and {other} are not compatible. set_shape can only refine "
                f"the static shape of {self.name!r} (fill in unknown dimensions); to change it, "
                f"use tf.reshape.")
        self._shape = self._shape.merge_with(other)

    @property
    def graph(self) -> Any:
        return self.op.graph

    @property
    def device(self) -> str:
        return self.op._device

    def consumers(self) -> list[Operation]:
        return [op for op in self.op._registry.ops if any(t is self for t in op.inputs)]

    def eval(self, feed_dict: Any = None, session: Any = None) -> np.ndarray:
        """The value in ``session`` (or the default session); TF1's ``Tensor.eval``."""
        from scopelab.ops.evaluate import default_session_for
        if session is None and self._value is not None:
            from scopelab.ops.evaluate import current_default_session
            if current_default_session() is None:    # concrete: computable without a session
                return np.array(self._concrete(None))
        return default_session_for(self, session, "eval").run(self, feed_dict=feed_dict)

    # --- values ------------------------------------------------------------------------------------
    @property
    def is_symbolic(self) -> bool:
        """True when the value is known only in ``Session.run`` (it depends on a placeholder)."""
        return self._value is None

    def _concrete(self, purpose: str | None) -> np.ndarray:
        value = self._value
        if value is READ:
            return np.asarray(self.op.attrs["variable"])
        if value is None:
            from scopelab.ops.evaluate import placeholders_needed
            raise SymbolicTensorError(
                self.name, purpose=purpose,
                placeholders=[p.op.name for p in placeholders_needed(self)[:3]])
        return value

    def numpy(self) -> np.ndarray:
        return np.array(self._concrete(None))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        value = self._concrete(None)
        if dtype is not None:
            value = value.astype(dtype, copy=False)
        return value.copy() if copy else value

    def __float__(self) -> float:
        return float(self._concrete(None))

    def __int__(self) -> int:
        return int(self._concrete(None))

    def __index__(self) -> int:
        return int(self._concrete(None))

    def __bool__(self) -> bool:
        if self._value is None:
            raise TypeError(
                "Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not None:` "
                "instead of `if t:` to test if a tensor is defined, and use TensorFlow ops such "
                "as tf.cond to execute subgraphs conditioned on the value of a tensor.")
        return bool(self._concrete(None))

    def __len__(self) -> int:
        if self._value is None:
            raise TypeError(
                f"len is not well defined for symbolic Tensors. ({self.name}) Please call "
                f"`x.shape` rather than `len(x)` for shape information.")
        return len(self._concrete(None))

    def __iter__(self) -> Iterator[Any]:
        if self._value is None:
            raise TypeError(
                "Tensor objects are only iterable when eager execution is enabled. To iterate "
                "over this tensor use tf.map_fn (or tf.unstack when its first dimension is "
                "known).")
        return iter(self._concrete(None))

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:   # TF1 graph tensors compare by identity
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __str__(self) -> str:
        shape = f", shape={self._shape}" if self._shape.ndims is not None else ""
        return f'Tensor("{self.name}"{shape}, dtype={self.dtype.name})'

    def __repr__(self) -> str:
        head = f"<tf.Tensor {self.name!r} shape={self._shape} dtype={self.dtype.name}"
        if self._value is None:
            return head + ">"
        body = np.array2string(np.asarray(self._concrete(None)), separator=", ", threshold=20)
        return f"{head}, numpy={body}>"


# --- names -----------------------------------------------------------------------------------------
def op_name(name: str | None, default: str) -> str:
    """The graph-unique name of a new op: ``name`` (or ``default``) under the current name scope.

    A name ending in ``/`` is used as is (an absolute scope name, as TF's ``name_scope`` returns).
    """
    if not name:
        name = default
    elif name[-1] == "/":
        return name[:-1]
    valid = is_valid_scope_name(name) if get_name_scope() else is_valid_op_name(name)
    if not valid:
        raise InvalidScopeNameError(name, nested=bool(get_name_scope()))
    return get_default_graph().unique_name(name)


def absolute_name(full_name: str) -> str:
    """A graph-unique op name at the root, ignoring the current name scope (``"w/read"``)."""
    with name_scope(None):
        return get_default_graph().unique_name(full_name)


# --- per-graph registry ------------------------------------------------------------------------------
class _GraphOps:
    """The ops of one graph, in creation order (forgotten by ``reset_default_graph``).

    The graph holds it as ``graph._op_registry``; ``Graph.get_operations``,
    ``get_operation_by_name`` and ``get_tensor_by_name`` read it.
    """

    __slots__ = ("ops", "by_name", "generation", "__weakref__")

    def __init__(self, generation: int) -> None:
        self.ops: list[Operation] = []
        self.by_name: dict[str, Operation] = {}
        self.generation = generation

    def add(self, op: Operation) -> None:
        self.ops.append(op)
        self.by_name[op.name] = op

    def lookup(self, name: str, kind: str = "any") -> Operation | Tensor:
        """``"op"`` or ``"op:0"`` -> the operation or tensor (TF's ``KeyError`` messages)."""
        if not isinstance(name, str):
            raise TypeError(f"Can not convert a {type(name).__name__} into a graph element name.")
        op_name, colon, index = name.partition(":")
        if colon and kind == "op":
            raise ValueError(f"Name '{name}' appears to refer to a Tensor, not a Operation.")
        if not colon and kind == "tensor":
            raise ValueError(
                f"The name '{name}' looks like an (invalid) Operation name, not a Tensor. Tensor "
                f"names must be of the form \"<op_name>:<output_index>\" (e.g. '{name}:0').")
        op = self.by_name.get(op_name)
        if op is None:
            raise missing_element(name, self.by_name)
        if not colon:
            return op
        if not index.isdigit() or int(index) >= len(op.outputs):
            raise GraphElementNotFoundError(name, op_name=op_name, tensor=True,
                                            outputs=len(op.outputs))
        return op.outputs[int(index)]


def missing_element(name: str, by_name: Any = ()) -> GraphElementNotFoundError:
    """TF's ``KeyError`` for a name not in the graph, with the closest names of its kind
    (``'op:0'`` forms for a tensor) and a word when only the case differs."""
    op_name, colon, index = name.partition(":")
    if colon:
        near = closest_names(name, (f"{op}:{index}" for op in by_name))
    else:
        near = closest_names(name, by_name)
    return GraphElementNotFoundError(name, op_name=op_name, tensor=bool(colon), suggestions=near)


def graph_ops(graph: Any = None) -> _GraphOps:
    """The op registry of ``graph`` (the default graph when None); a new one after each
    ``reset_default_graph``, so old ops leave the graph."""
    if graph is None:
        graph = get_default_graph()
    found = getattr(graph, "_op_registry", None)
    generation = graph_generation(graph)
    if found is None or found.generation != generation:
        found = graph._op_registry = _GraphOps(generation)
    return found


@contextlib.contextmanager
def outside_contexts() -> Iterator[None]:
    """Build ops as if at graph level: no control dependencies, no loop frame (variable reads,
    which TF1 makes when the variable is created)."""
    control, frame = _control.set(()), _frame.set(None)
    try:
        yield
    finally:
        _frame.reset(frame)
        _control.reset(control)


# --- control dependencies and frames ------------------------------------------------------------------
_control: contextvars.ContextVar[tuple] = contextvars.ContextVar("scopelab_control", default=())


def current_control_inputs() -> tuple:
    return _control.get()


@contextlib.contextmanager
def control_dependencies(control_inputs: Any) -> Iterator[None]:
    """TF1 ``tf.control_dependencies``: ops built inside run after ``control_inputs``.

    The evaluator runs the control inputs before it computes the op's other inputs, so
    ``tf.identity(v)`` under a dependency on ``tf.assign_add(v, 1)`` reads the updated value.
    ``None`` clears the dependencies for the block.
    """
    if control_inputs is None:
        token = _control.set(())
    else:
        from scopelab.ops.op_def import as_operation
        added = tuple(as_operation(c, "control_dependencies") for c in control_inputs)
        token = _control.set(_control.get() + added)
    try:
        yield
    finally:
        _control.reset(token)


class Frame:
    """A subgraph that runs many times per ``Session.run`` (a loop body).

    Ops built while the frame is current belong to it; the evaluator gives them a fresh value in
    every iteration, while tensors from outside the frame keep one value per run.
    """

    __slots__ = ("name", "parent", "__weakref__")

    def __init__(self, name: str, parent: Frame | None) -> None:
        self.name = name
        self.parent = parent

    def contains(self, frame: Frame | None) -> bool:
        """True if ``frame`` is this frame or nested inside it."""
        while frame is not None:
            if frame is self:
                return True
            frame = frame.parent
        return False

    def __repr__(self) -> str:
        return f"<Frame {self.name!r}>"


_frame: contextvars.ContextVar[Frame | None] = contextvars.ContextVar("scopelab_frame",
                                                                      default=None)


def current_frame() -> Frame | None:
    return _frame.get()


@contextlib.contextmanager
def entering_frame(frame: Frame) -> Iterator[Frame]:
    token = _frame.set(frame)
    try:
        yield frame
    finally:
        _frame.reset(token)
