"""Op definitions: :func:`define_op` (shape function + NumPy computation), input conversion
(``convert_to_tensor``) and ``tf.constant``.

Calling an :class:`OpDef` builds one op as TF1's ``_apply_op_helper`` does: it takes the name
(``name`` or the op type, uniquified under the current name scope), converts the inputs (Python and
NumPy values become ``Const`` ops named ``<op>/<input>``, variables their ``<var>/read`` tensor,
lists of tensors are packed), checks that inputs of one type attribute share a dtype, asks the
shape function for each output's dtype and static shape, and computes the value right away when
every input is concrete.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from scopelab._tensor_base import TensorBase
from scopelab._tf_values import constant_value, default_dtype
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import InvalidArgumentTypeError
from scopelab.scope import get_name_scope, name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops._core import ArrayOps, device_stack, get_default_graph, place
from scopelab.ops.tensor import (
    READ, Operation, Tensor, graph_ops, op_name,
)

__all__ = ["OpDef", "define_op", "building_op", "is_tensor_like", "autopack", "convert_to_tensor", "constant", "as_operation", "make_op",
           "output_dtype", "is_concrete"]


class OpDef:
    """One op type: inputs, static shape function, NumPy computation. See ``scopelab.ops``."""

    __slots__ = ("type", "inputs", "shape_fn", "compute", "pure", "eager", "context")

    def __init__(self, op_type: str, inputs: Sequence[str], shape_fn: Callable,
                 compute: Callable, *, pure: bool = True, eager: bool = True,
                 context: bool = False) -> None:
        self.type = op_type
        self.inputs = tuple(_InputSpec(spec) for spec in inputs)
        self.shape_fn = shape_fn
        self.compute = compute
        self.pure = pure
        self.eager = eager
        self.context = context

    def __call__(self, *args: Any, name: str | None = None, **attrs: Any) -> Any:
        """Build the op; returns its output tensor (a tuple when it has several outputs)."""
        if len(args) != len(self.inputs):
            raise TypeError(f"{self.type} takes {len(self.inputs)} inputs "
                            f"({', '.join(s.name for s in self.inputs)}), got {len(args)}")
        full_name = op_name(name, self.type)
        grouped = self._convert(args, full_name)
        saved = _building.op
        _building.op = (full_name, self.type)
        try:
            outputs = self.shape_fn(*grouped, **attrs)
        finally:
            _building.op = saved
        return make_op(self, full_name, grouped, attrs, outputs)

    def _convert(self, args: tuple, full_name: str) -> list:
        """Inputs as tensors; one dtype per type attribute ``T`` (TF's input-type inference)."""
        grouped: list[Any] = [None] * len(args)
        shared: DType | None = None
        first_arg = ""
        pending = []
        for i, (spec, arg) in enumerate(zip(self.inputs, args)):
            if spec.kind == "T":
                items = list(arg) if spec.is_list else [arg]
                for item in items:
                    if _is_convertible_tensor(item):
                        t = convert_to_tensor(item)
                        if shared is None:
                            shared, first_arg = t.dtype, spec.name
                        elif t.dtype != shared:
                            raise _type_mismatch(self.type, spec, t.dtype, shared, first_arg)
                pending.append(i)
            elif spec.is_list:
                grouped[i] = [self._convert_one(spec, a, spec.dtype, full_name) for a in arg]
            else:
                grouped[i] = self._convert_one(spec, arg, spec.dtype, full_name)
        for i in pending:
            spec, arg = self.inputs[i], args[i]
            if spec.is_list:
                grouped[i] = [self._convert_one(spec, a, shared, full_name) for a in arg]
                if grouped[i] and shared is None:
                    shared = grouped[i][0].dtype
            else:
                grouped[i] = self._convert_one(spec, arg, shared, full_name)
                shared = grouped[i].dtype
            if spec.is_list:
                kinds = {t.dtype for t in grouped[i]}
                if len(kinds) > 1:
                    raise TypeError(
                        f"Tensors in list passed to '{spec.name}' of '{self.type}' Op have types "
                        f"[{', '.join(t.dtype.name for t in grouped[i])}] that don't all match.")
        return grouped

    def _convert_one(self, spec: _InputSpec, value: Any, dtype: DType | None,
                     full_name: str) -> Tensor:
        if spec.kind == "int" and dtype is None and not _is_convertible_tensor(value):
            dtype = as_dtype(np.int64 if _needs_int64(value) else np.int32)
        tensor = convert_to_tensor(value, dtype=dtype, name=spec.name, scope=full_name)
        if spec.kind == "int" and tensor.dtype.name not in ("int32", "int64"):
            raise TypeError(
                f"Value passed to parameter '{spec.name}' has DataType {tensor.dtype.name} not in "
                f"list of allowed values: int32, int64. {self.type} needs integer "
                f"{spec.name}; convert with tf.cast(x, tf.int32).")
        return tensor

    def __repr__(self) -> str:
        return f"<OpDef {self.type}>"


class _Building(threading.local):
    op: tuple[str, str] = ("", "")


_building = _Building()


def building_op() -> tuple[str, str]:
    """``(name, type)`` of the op whose shape function is running (for error messages)."""
    return _building.op


class _InputSpec:
    """``"x:T"`` (shares the type attribute), ``"shape:int"`` (int32/int64), ``"*values:T"``."""

    __slots__ = ("name", "kind", "is_list", "dtype")

    def __init__(self, spec: str) -> None:
        self.is_list = spec.startswith("*")
        name, _, kind = spec.lstrip("*").partition(":")
        self.name, self.kind = name, kind or "any"
        self.dtype = as_dtype(kind) if kind not in ("T", "int", "any", "") else None


def define_op(op_type: str, inputs: Sequence[str], shape_fn: Callable, compute: Callable,
              **options: Any) -> OpDef:
    """Define an op once: ``OpDef(op_type, inputs, shape_fn, compute, **options)``."""
    return OpDef(op_type, inputs, shape_fn, compute, **options)


def make_op(op_def: OpDef, full_name: str, grouped: list, attrs: dict, outputs: Any) -> Any:
    """Record an op with converted inputs and ``outputs`` = ``(dtype, shape)`` or a list of them.

    Returns the output tensor, a tuple of them, or the :class:`Operation` when it has none.
    """
    flat, layout = _flatten(grouped)
    single = isinstance(outputs, tuple) and len(outputs) == 2 and isinstance(outputs[0], DType)
    specs = [outputs] if single else list(outputs)
    graph = get_default_graph()
    registry = graph_ops(graph)
    op = Operation(full_name, op_def, tuple(flat), attrs, tuple(layout), graph, registry)
    op.outputs = tuple(Tensor(op, i, as_dtype(dt), shape if isinstance(shape, TensorShape)
                              else TensorShape(shape)) for i, (dt, shape) in enumerate(specs))
    stack = device_stack()
    if stack:                                  # TF1 places an op once it has its outputs
        op._device = place(stack, op)
    registry.add(op)
    if op_def.eager and all(t._value is not None for t in flat):
        _compute_now(op, grouped)
    if single:
        return op.outputs[0]
    return op.outputs if op.outputs else op


def _compute_now(op: Operation, grouped: list) -> None:
    from scopelab.ops.evaluate import EvalContext, run_compute
    values = [[_eager_value(t) for t in g] if isinstance(g, list) else _eager_value(g)
              for g in grouped]
    results = run_compute(op, values, EvalContext(None))
    for tensor, value in zip(op.outputs, results):
        tensor._value = value


def _eager_value(tensor: Tensor) -> np.ndarray:
    value = tensor._value
    return np.asarray(tensor.op.attrs["variable"]) if value is READ else value


def _flatten(grouped: list) -> tuple[list, list]:
    flat, layout = [], []
    for g in grouped:
        if isinstance(g, list):
            flat.extend(g)
            layout.append(len(g))
        else:
            flat.append(g)
            layout.append(None)
    return flat, layout


def _type_mismatch(op_type: str, spec: _InputSpec, got: DType, expected: DType,
                   first_arg: str) -> TypeError:
    return TypeError(
        f"Input '{spec.name}' of '{op_type}' Op has type {got.name} that does not match type "
        f"{expected.name} of argument '{first_arg}'. Both inputs need one dtype: convert one "
        f"with tf.cast(x, tf.{expected.name}).")


def _needs_int64(value: Any) -> bool:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype == np.int64
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - conversion reports it
        return False
    return array.dtype.kind == "i" and array.size > 0 and (
        array.min() < -2**31 or array.max() >= 2**31)


def is_concrete(value: Any) -> bool:
    """True unless ``value`` is a symbolic tensor (its value known only in ``Session.run``)."""
    return not isinstance(value, Tensor) or value._value is not None


def output_dtype(value: Any) -> DType:
    return convert_to_tensor(value).dtype


# --- conversion -----------------------------------------------------------------------------------
def is_tensor_like(value: Any) -> bool:
    """Values that carry their own dtype as a graph element (tensors, variables, lazy losses)."""
    return isinstance(value, (TensorBase, ArrayOps))


_is_convertible_tensor = is_tensor_like


def convert_to_tensor(value: Any, dtype: Any = None, name: str | None = None,
                      preferred_dtype: Any = None, *, scope: str | None = None,
                      dtype_hint: Any = None) -> Tensor:
    """TF1 ``tf.convert_to_tensor``: tensors pass through (dtype checked), variables become their
    ``read`` tensor, lists containing tensors are packed, other values become ``Const`` ops."""
    dtype = None if dtype is None else as_dtype(dtype)
    if isinstance(value, Tensor):
        tensor = value
    elif isinstance(value, ArrayOps):
        from scopelab.ops.state_ops import variable_tensor
        tensor = variable_tensor(value)
    elif isinstance(value, (list, tuple)) and _contains_tensor(value):
        with _sub_scope(scope):
            tensor = autopack(value, dtype or _packed_dtype(value), name or "packed")
    else:
        preferred = preferred_dtype if preferred_dtype is not None else dtype_hint
        if dtype is None and preferred is not None:
            try:
                return _constant_in(scope, value, as_dtype(preferred), name or "Const")
            except (TypeError, ValueError):
                pass
        return _constant_in(scope, value, dtype, name or "Const")
    if dtype is not None and tensor.dtype != dtype:
        raise ValueError(
            f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
            f"{tensor.dtype.name}: {tensor!r}. Convert it first with tf.cast(x, tf.{dtype.name}).")
    return tensor


def autopack(values: Any, dtype: DType | None, name: str) -> Tensor:
    """TF's ``_autopacking_helper``: a ``Pack`` of the items (constants named ``<name>/<i>``)."""
    from scopelab.ops.join_ops import PACK
    with name_scope(name) as scope:
        items = []
        for i, item in enumerate(values):
            if is_tensor_like(item):
                items.append(convert_to_tensor(item, dtype=dtype))
            elif isinstance(item, (list, tuple)):
                items.append(autopack(item, dtype, str(i)))
            else:
                items.append(constant(item, dtype=dtype, name=str(i)))
        return PACK(items, name=scope, axis=0)


def _contains_tensor(value: Any) -> bool:
    return any(_is_convertible_tensor(v) or (isinstance(v, (list, tuple)) and _contains_tensor(v))
               for v in value)


def _packed_dtype(value: Any) -> DType | None:
    for v in value:
        if _is_convertible_tensor(v):
            return convert_to_tensor(v).dtype
    return None


class _sub_scope:  # noqa: N801 - a context manager
    """Enter ``<op name>/`` (absolute) so conversions are named ``<op>/<input>``."""

    def __init__(self, scope: str | None) -> None:
        self._scope = None if scope is None else name_scope(scope + "/")

    def __enter__(self) -> None:
        if self._scope is not None:
            self._scope.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if self._scope is not None:
            self._scope.__exit__(*exc)


def _constant_in(scope: str | None, value: Any, dtype: DType | None, name: str) -> Tensor:
    if scope is None:
        return constant(value, dtype=dtype, name=name)
    current = get_name_scope()
    if current and scope.startswith(current + "/"):   # the usual case: no name-scope frame needed
        return constant(value, dtype=dtype, name=f"{scope[len(current) + 1:]}/{name}")
    if not current:
        return constant(value, dtype=dtype, name=f"{scope}/{name}")
    with name_scope(scope + "/"):
        return constant(value, dtype=dtype, name=name)


def as_operation(value: Any, what: str) -> Operation:
    if isinstance(value, Operation):
        return value
    if isinstance(value, Tensor):
        return value.op
    if isinstance(value, ArrayOps):
        return convert_to_tensor(value).op
    raise InvalidArgumentTypeError(
        f"{what} needs ops or tensors, got {value!r} of type {type(value).__name__}.", value=value)


# --- tf.constant -------------------------------------------------------------------------------------
def _const_shape(*, value: np.ndarray) -> tuple:
    return as_dtype(value.dtype if value.dtype != object else "string"), TensorShape(value.shape)


def _const_compute(*, value: np.ndarray) -> np.ndarray:
    return value


CONST = define_op("Const", (), _const_shape, _const_compute)


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str = "Const",
             verify_shape: bool = False) -> Tensor:
    """TF1 ``tf.constant``: Python floats are float32 and ints int32; NumPy keeps its dtype; a
    shorter value is padded with its last element to ``shape``."""
    if isinstance(value, TensorBase):
        raise TypeError(
            f"tf.constant needs a Python or NumPy value, got the tensor {value!r}. Use "
            f"tf.identity(x) to copy a tensor, or tf.cast(x, dtype) to change its dtype.")
    if dtype is None:
        dtype = default_dtype(value)
    if dtype is None:
        array = np.asarray(value)
        dtype = as_dtype("string" if array.dtype.kind in "SUO" else array.dtype)
    array = constant_value(value, as_dtype(dtype), shape, verify_shape)
    array.flags.writeable = False
    return CONST(name=name, value=array)


def constant_of(value: np.ndarray, name: str) -> Tensor:
    """A ``Const`` op for an array that already has its final dtype (no conversion)."""
    value = np.asarray(value)
    value.flags.writeable = False
    return CONST(name=name, value=value)

