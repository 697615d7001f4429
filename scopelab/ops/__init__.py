"""TF1 graph-mode ops on NumPy: symbolic tensors, op definitions, the evaluator (L3).

Tensors
    Every op result is a :class:`Tensor` with TF1's surface (``name`` such as ``"ns/add_1:0"``,
    ``op``, ``dtype``, ``shape``/``get_shape()`` as ``TensorShape``, ``set_shape``, ``graph``,
    ``eval()``, operators and ``x[...]`` slicing). A tensor is **concrete** when all its inputs were
    known when it was built: its value was computed then (``np.asarray(t)``, ``float(t)``). It is
    **symbolic** when it depends on a placeholder: its static shape follows TF's shape inference
    and its value exists only in ``Session.run``. Either way it records its op and inputs
    (variables enter as their ``<name>/read`` tensor), so a session recomputes it from its
    sources: current variable values, fresh random draws, the feeds.

Defining an op (the contract the layers and RNN code build on)
    ``OP = define_op(type, inputs, shape_fn, compute, *, pure=True, eager=True, context=False)``

    * ``inputs``: names with a kind: ``"x:T"`` (inputs of kind ``T`` share one dtype; Python values
      are converted to it), ``"shape:int"`` (int32/int64, Python ints become int32),
      ``"x:any"`` (its own dtype), ``"x:bool"`` / ``"x:int32"`` (that dtype); a leading ``*`` takes a
      list (``"*values:T"``).
    * ``shape_fn(*inputs, **attrs)`` gets the converted input tensors (lists for ``*`` inputs) and
      the keyword attributes, and returns ``(dtype, TensorShape)`` or a list of them (one per output,
      ``[]`` for none). It raises ``ValueError`` for inputs TF rejects at graph construction. Use
      :func:`~scopelab.ops.shapes.static_value` / ``shape_from_tensor`` for inputs such as shapes
      and axes, and :func:`building_op` for the op's name in messages.
    * ``compute(*arrays, **attrs)`` gets NumPy arrays in the same layout and returns an array (a
      tuple for several outputs); results are cast to the declared dtypes. With ``context=True`` it
      also gets ``ctx`` (an :class:`EvalContext`, ``ctx.op`` is the op being run).
    * ``pure=False``: the value may change between runs (random draws, variables, feeds); such ops
      are recomputed in every run and never folded into constants. ``eager=False``: never computed
      when built (placeholders, assignments, initializers).

    ``OP(*inputs, name=None, **attrs)`` builds one op: name ``name`` or the op type, uniquified
    under the current name scope by ``tf.get_default_graph().unique_name`` (a name ending in ``/``
    is used as is); constants made from Python inputs are named ``<op>/<input>``. It returns the
    output tensor, a tuple of them, or the :class:`Operation` when there are none. Public
    functions wrap an ``OpDef`` with TF1's signature and, for composite ops, TF1's name scope.

The evaluator (for sessions, ``tf.cond``, ``tf.while_loop`` and ``dynamic_rnn``)
    ``evaluate(fetches, feeds=None, ctx=None)`` returns the values of tensors (``None`` for
    operations), running each needed op once. Inside an op's ``compute`` (``context=True``):
    ``ctx.evaluate(tensors)`` evaluates more of the graph in the same run (memo and feeds shared);
    to run a subgraph many times per run, build it once inside a :class:`Frame`
    (``with entering_frame(Frame(name, current_frame())):`` and :func:`loop_input` tensors for
    what changes per step), then per step ``ctx.iteration(frame, {input: array}).values(outputs)``:
    ops of the frame are recomputed each step (random ops draw again), tensors from outside the
    frame keep one value per run. Pass the tensors the frame reads from outside
    (:func:`captured_inputs`) as inputs of the looping op so they are evaluated (and fed) first.

``variables_in(tensors)`` lists the variables a tensor depends on (optimizers use it).
"""

from scopelab.ops import nest
from scopelab.ops.tensor import (
    Frame, Operation, Tensor, control_dependencies, current_frame, entering_frame, graph_ops,
)
from scopelab.ops.op_def import (
    OpDef, building_op, constant, convert_to_tensor, define_op, is_concrete, is_tensor_like,
)
from scopelab.ops.evaluate import EvalContext, evaluate
from scopelab.ops.math_ops import *
from scopelab.ops.math_ops import __all__ as _math_all
from scopelab.ops.array_ops import *
from scopelab.ops.array_ops import __all__ as _array_all
from scopelab.ops.join_ops import *
from scopelab.ops.join_ops import __all__ as _join_all
from scopelab.ops.generate_ops import *
from scopelab.ops.generate_ops import __all__ as _generate_all
from scopelab.ops.linalg_ops import einsum, matmul, tensordot
from scopelab.ops.reduce_ops import *
from scopelab.ops.reduce_ops import __all__ as _reduce_all
from scopelab.ops.slicing import slice, strided_slice  # noqa: A004 - TF's public name tf.slice
from scopelab.ops.index_ops import *
from scopelab.ops.index_ops import __all__ as _index_all
from scopelab.ops.matrix_ops import *
from scopelab.ops.matrix_ops import __all__ as _matrix_all
from scopelab.ops.functional_ops import foldl, foldr, map_fn, scan
from scopelab.ops.script_ops import py_func
from scopelab.ops.segment_ops import *
from scopelab.ops.segment_ops import __all__ as _segment_all
from scopelab.ops.random_ops import categorical, multinomial, random_normal, random_shuffle, random_uniform, \
    truncated_normal
from scopelab.ops.control_flow_ops import *
from scopelab.ops.control_flow_ops import __all__ as _control_all
from scopelab.ops.check_ops import *
from scopelab.ops.check_ops import __all__ as _check_all
from scopelab.ops.state_ops import *
from scopelab.ops.state_ops import __all__ as _state_all
from scopelab.ops import conv_ops, nn_losses, nn_ops, normalization  # noqa: F401 - scopelab.ops.<module> for tf.nn

__all__ = [
    "nest", "Frame", "Operation", "Tensor", "control_dependencies", "current_frame",
    "entering_frame", "graph_ops", "OpDef", "building_op", "constant", "convert_to_tensor",
    "define_op", "is_concrete", "is_tensor_like", "EvalContext", "evaluate", "slice",
    "strided_slice", "multinomial", "random_normal", "random_shuffle", "random_uniform",
    "truncated_normal", "einsum", "matmul", "tensordot", *_math_all, *_array_all, *_join_all, *_generate_all,
    *_reduce_all, *_index_all, *_control_all,
    *_state_all, *_check_all, *_matrix_all, *_segment_all, "categorical",
    "map_fn", "scan", "foldl", "foldr", "py_func",
]
