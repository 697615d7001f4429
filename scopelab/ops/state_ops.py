"""Variables in the op graph: their ``read`` tensors, initializers and ``tf.assign``.

A variable used as an op input becomes its ``<name>/read`` tensor (TF1's ``RefVariable`` snapshot),
made once per variable; its value is the variable's value *now* (eagerly) or in the session (which
checks it initialized the variable). A partitioned variable becomes its shards concatenated
(``<name>/ConcatPartitions/concat`` then ``<name>``), a regularization loss its regularizer applied
to the variable's read tensor, ``tf.losses.get_regularization_loss()`` an ``add_n`` of them.

Initialization state (documented in ``scopelab.session``): variables get their value at creation;
a session may read a variable only after it ran an initializer of it (or assigned it), as in TF1.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from scopelab._tensor_base import register_operators
from scopelab.dtypes import float32
from scopelab.tensor_shape import TensorShape

from scopelab.ops import _core
from scopelab.ops._core import global_variables, local_variables
from scopelab.ops.op_def import constant, convert_to_tensor, define_op
from scopelab.ops.tensor import READ, Operation, Tensor, absolute_name, outside_contexts

__all__ = ["variable_tensor", "variables_initializer", "global_variables_initializer",
           "local_variables_initializer", "tables_initializer", "initialize_all_variables",
           "assign", "assign_add", "assign_sub", "is_variable_initialized",
           "report_uninitialized_variables", "variables_in"]

_tensors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _read_shape(*, variable: Any) -> tuple:
    return variable.dtype, variable.shape


def _read_compute(*, variable: Any, ctx: Any) -> np.ndarray:
    return ctx.read_variable(variable)


_READ = define_op("Identity", (), _read_shape, _read_compute, pure=False, eager=False,
                  context=True)


def variable_tensor(value: Any) -> Tensor:
    """The tensor a variable-like object stands for in ops (made once per object)."""
    found = _tensors.get(value)
    if found is None:
        with outside_contexts():        # TF1 makes these with the variable, at graph level
            found = _tensors[value] = _make_tensor(value)
    return found


def _make_tensor(value: Any) -> Tensor:
    if isinstance(value, _core.Variable):
        stack = value.read_device_stack     # a caching_device; else TF1's colocate_with
        with _core.placed(_core.colocation(value.device) if stack is None else stack):
            tensor = _READ(name=absolute_name(value.full_name + "/read") + "/", variable=value)
        tensor._value = READ
        return tensor
    if isinstance(value, _core.PartitionedVariable):
        from scopelab.ops.array_ops import identity
        from scopelab.ops.join_ops import concat
        from scopelab.scope import name_scope
        axes = value._partition_axes()
        if len(axes) > 1:
            raise NotImplementedError(
                f"Cannot concatenate along more than one dimension: {axes}. Multi-axis "
                f"partition concat is not supported")
        with name_scope(value.name + "/ConcatPartitions/"):
            joined = concat(list(value), axes[0])
        return identity(joined, name=absolute_name(value.name) + "/")
    if isinstance(value, _core.RegularizationLoss):
        weights = variable_tensor(value.variable)
        # get_variable's loss is colocated with the variable; a layer's is placed where the
        # layer was built (the stack it recorded), as TF1 builds it there.
        stack = value.device_stack
        with _core.placed(_core.colocation(value.variable.device) if stack is None else stack):
            result = value.regularizer(value.variable)
            if isinstance(result, Tensor):  # a regularizer written with TF ops: already a graph
                return result
            name = absolute_name(value.name.rpartition(":")[0]) + "/"
            return _REGULARIZE(weights, name=name, regularizer=value.regularizer)
    if isinstance(value, _core.LazyTotal):
        from scopelab.ops.reduce_ops import add_n
        name = value.name.rpartition(":")[0]
        if not value.losses:
            return constant(0.0, dtype=float32)
        return add_n([convert_to_tensor(loss) for loss in value.losses], name=name)
    return constant(np.asarray(value))


def _regularize_shape(weights: Tensor, *, regularizer: Any) -> tuple:
    dtype = weights.dtype if weights.dtype.is_floating else float32
    return dtype, TensorShape([])


def _regularize_compute(weights: np.ndarray, *, regularizer: Any) -> np.ndarray:
    return np.asarray(regularizer(weights))   # the NumPy regularizers of scopelab.regularizers


_REGULARIZE = define_op("Regularizer", ("weights:any",), _regularize_shape, _regularize_compute)


# --- initializers ---------------------------------------------------------------------------------
def _no_outputs(**attrs: Any) -> list:
    return []


def _initialize(*, variables: tuple, ctx: Any) -> tuple:
    if ctx.session is not None:
        ctx.session._mark_initialized(variables)
    return ()


_INIT = define_op("NoOp", (), _no_outputs, _initialize, pure=False, eager=False, context=True)


def _shards(var_list: Any) -> tuple:
    out = []
    for v in var_list:
        if isinstance(v, _core.PartitionedVariable):
            out.extend(v)
        else:
            out.append(v)
    return tuple(out)


def variables_initializer(var_list: Any, name: str = "init") -> Operation:
    """An op that initializes ``var_list`` in the session that runs it (TF1's group of Assigns)."""
    return _INIT(name=name, variables=_shards(var_list))


def _variable_initializer(variable: Any) -> Operation:
    """``v.initializer`` (TF1's ``<name>/Assign``), made once per variable."""
    found = _initializers.get(variable)
    if found is None:
        with outside_contexts(), _core.colocated(variable.device):
            found = _initializers[variable] = _INIT(
                name=absolute_name(variable.full_name + "/Assign") + "/", variables=(variable,))
    return found


_initializers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
register_operators({"variable_initializer": _variable_initializer})


def global_variables_initializer() -> Operation:
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer() -> Operation:
    return variables_initializer(local_variables())


def tables_initializer(name: str = "init_all_tables") -> Operation:
    """No lookup tables in scopelab: a no-op, as TF1 returns when there are none."""
    return _INIT(name=name, variables=())


# --- assign ---------------------------------------------------------------------------------------
def _assign_shape(value: Tensor, *, variable: Any, mode: str) -> tuple:
    if mode == "assign" and not variable.shape.is_compatible_with(value.shape):
        raise ValueError(
            f"Dimensions must be equal, but are {variable.shape} and {value.shape} for "
            f"'Assign' with input shapes: {variable.shape}, {value.shape}. The value assigned to "
            f"{variable.name!r} must have the variable's shape.")
    return variable.dtype, variable.shape


def _assign_compute(value: np.ndarray, *, variable: Any, mode: str, ctx: Any) -> np.ndarray:
    if mode != "assign":
        current = ctx.read_variable(variable)
        value = current + value if mode == "add" else current - value
    variable.assign(value)
    if ctx.session is not None:
        ctx.session._mark_initialized((variable,))
    return np.asarray(variable)


_ASSIGN = define_op("Assign", ("value:any",), _assign_shape, _assign_compute, pure=False,
                    eager=False, context=True)


def _state_op(ref: Any, value: Any, mode: str, op_type: str, name: str | None) -> Tensor:
    if not isinstance(ref, _core.Variable):
        raise TypeError(f"{op_type} needs a variable to update, got {ref!r}.")
    value = convert_to_tensor(value, dtype=ref.dtype)
    return _ASSIGN(value, name=name or op_type, variable=ref, mode=mode)


def assign(ref: Any, value: Any, validate_shape: Any = None, use_locking: Any = None,
           name: str | None = None) -> Tensor:
    """``tf.assign``: sets the variable when a session runs it (and counts as initializing it)."""
    return _state_op(ref, value, "assign", "Assign", name)


def assign_add(ref: Any, value: Any, use_locking: Any = None, name: str | None = None) -> Tensor:
    return _state_op(ref, value, "add", "AssignAdd", name)


def assign_sub(ref: Any, value: Any, use_locking: Any = None, name: str | None = None) -> Tensor:
    return _state_op(ref, value, "sub", "AssignSub", name)


def _initialized_shape(*, variable: Any) -> tuple:
    from scopelab.dtypes import bool as tf_bool
    return tf_bool, TensorShape([])


def _initialized_compute(*, variable: Any, ctx: Any) -> np.ndarray:
    return np.asarray(ctx.session is None or ctx.session._is_initialized(variable))


_IS_INITIALIZED = define_op("IsVariableInitialized", (), _initialized_shape, _initialized_compute,
                            pure=False, eager=False, context=True)


def is_variable_initialized(variable: Any) -> Tensor:
    return _IS_INITIALIZED(variable=variable)


def _uninitialized_shape(*, variables: tuple) -> tuple:
    from scopelab.dtypes import string
    return string, TensorShape([None])


def _uninitialized_compute(*, variables: tuple, ctx: Any) -> np.ndarray:
    names = [v.full_name.encode() for v in variables
             if ctx.session is not None and not ctx.session._is_initialized(v)]
    return np.array(names, dtype=object)


_REPORT = define_op("ReportUninitializedVariables", (), _uninitialized_shape,
                    _uninitialized_compute, pure=False, eager=False, context=True)


def report_uninitialized_variables(var_list: Any = None,
                                   name: str = "report_uninitialized_variables") -> Tensor:
    if var_list is None:
        var_list = global_variables() + local_variables()
    return _REPORT(name=name, variables=_shards(var_list))


def variables_in(tensors: Any) -> list:
    """The variables whose values the given tensors depend on, in discovery order.

    Follows op inputs, control inputs and the tensors that ``tf.cond`` / loops evaluate inside
    their computation (``op.attrs["subgraph_outputs"]``); what optimizers need to find the
    trainable variables a loss depends on.
    """
    found: dict[int, Any] = {}
    seen: set[Operation] = set()
    stack = [t.op if isinstance(t, Tensor) else t for t in _as_list(tensors)]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        variable = op.attrs.get("variable")     # reads (``<name>/read``) and assignments
        if variable is not None:
            found.setdefault(id(variable), variable)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
        stack.extend(t.op for t in op.attrs.get("subgraph_outputs", ()))
    return list(found.values())


def _as_list(tensors: Any) -> list:
    if isinstance(tensors, (list, tuple)):
        return [convert_to_tensor(t) if not isinstance(t, (Tensor, Operation)) else t
                for t in tensors]
    return [tensors if isinstance(tensors, (Tensor, Operation)) else convert_to_tensor(tensors)]
