"""Control flow: ``no_op``, ``group``, ``tuple``, ``cond``/``smart_cond``/``case``,
``while_loop``, ``Assert``/``Print``, and the loop-body building blocks (``loop_input``).

``tf.cond`` builds both branches once, under ``cond/`` (as TF1 does at graph construction); each
output is a ``Merge`` op that evaluates ``pred`` and then only the branch it selects, so a
placeholder used only by the other branch need not be fed. ``tf.while_loop`` builds ``cond`` and
``body`` once on loop-variable tensors inside a :class:`~scopelab.ops.tensor.Frame`; its ``While``
op runs them with the evaluator, one iteration after another (see ``scopelab.ops.evaluate``).
"""

from __future__ import annotations

import builtins
import sys
from typing import Any

import numpy as np

from scopelab.dtypes import DType
from scopelab.errors import InvalidArgumentError
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape, as_shape

from scopelab.ops import nest
from scopelab.ops.evaluate import MissingFeed, run_compute, EvalContext
from scopelab.ops.op_def import as_operation, convert_to_tensor, define_op, is_concrete
from scopelab.ops.tensor import (
    Frame, Operation, Tensor, current_frame, entering_frame, graph_ops,
)

__all__ = ["no_op", "group", "tuple", "cond", "smart_cond", "case", "while_loop", "Assert",
           "Print", "print_v2", "loop_input", "with_dependencies", "captured_inputs"]


def _no_outputs(*args: Any, **attrs: Any) -> list:
    return []


_NO_OP = define_op("NoOp", (), _no_outputs, lambda **a: (), pure=False, eager=False)


def no_op(name: str | None = None) -> Operation:
    return _NO_OP(name=name)


def group(*inputs: Any, **kwargs: Any) -> Operation:
    """An op that runs ``inputs`` (TF1: a ``NoOp`` with control inputs)."""
    from scopelab.ops.tensor import control_dependencies
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Unknown keyword arguments: {', '.join(kwargs)}")
    flat = [x for x in nest.flatten(list(inputs)) if x is not None]
    with name_scope(name, "group_deps") as scope:
        with control_dependencies([as_operation(x, "group") for x in flat]):
            return _NO_OP(name=scope)


def with_dependencies(dependencies: Any, output_tensor: Any, name: str | None = None) -> Tensor:
    from scopelab.ops.array_ops import identity
    from scopelab.ops.tensor import control_dependencies
    with name_scope(name, "control_dependency") as scope:
        with control_dependencies(dependencies):
            return identity(output_tensor, name=scope)


def tuple(tensors: Any, name: str | None = None, control_inputs: Any = None) -> list:  # noqa: A001 - TF's public name
    """Tensors that are available only after all of ``tensors`` are (TF1's ``tf.tuple``)."""
    from scopelab.ops.array_ops import identity
    from scopelab.ops.tensor import control_dependencies
    with name_scope(name, "tuple"):
        gate = group(*[t for t in tensors if t is not None], *(control_inputs or []))
        with control_dependencies([gate]):
            return [None if t is None else identity(t) for t in tensors]


# --- cond -------------------------------------------------------------------------------------------
def _merge_shape(pred: Tensor, captured: list, *, true: Tensor, false: Tensor,
                 subgraph_outputs: Any) -> tuple:
    a, b = true.shape, false.shape
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return true.dtype, TensorShape(None)
    return true.dtype, TensorShape([x if x == y else None for x, y in zip(a.as_list(),
                                                                          b.as_list())])


def _merge(pred: np.ndarray, captured: list, *, true: Tensor, false: Tensor, subgraph_outputs: Any,
           ctx: EvalContext) -> np.ndarray:
    return ctx.evaluate([true if bool(pred) else false])[0]


_MERGE = define_op("Merge", ("pred:bool", "*captured:any"), _merge_shape, _merge, pure=False,
                   context=True)


def _merge_ops(pred: np.ndarray, captured: list, *, true: Operation, false: Operation,
               subgraph_outputs: Any, ctx: EvalContext) -> tuple:
    ctx.evaluate([true if bool(pred) else false])
    return ()


_MERGE_OPS = define_op("Merge", ("pred:bool", "*captured:any"), _no_outputs, _merge_ops,
                       pure=False, eager=False, context=True)


def _branch(fn: Any, which: str) -> Any:
    if fn is None:
        raise TypeError(f"{which} must not be None")
    if not callable(fn):
        raise TypeError(f"{which} must be callable.")
    return fn()


def cond(pred: Any, true_fn: Any = None, false_fn: Any = None, strict: bool = False,
         name: str | None = None, fn1: Any = None, fn2: Any = None) -> Any:
    """``true_fn()`` if ``pred`` else ``false_fn()``; both are built, one is run.

    As in TF1, the tensors from outside the cond that either branch reads are evaluated on every
    run (a placeholder only the other branch uses must still be fed; an op built outside runs
    whichever branch is taken); the ops built inside a branch run only when it is taken.
    """
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    with name_scope(name, "cond"):
        pred = convert_to_tensor(pred)
        if pred.dtype.name != "bool":
            raise TypeError(f"pred must be a bool tensor, got {pred.dtype.name}. Compare first, "
                            f"e.g. tf.cond(x > 0, ...).")
        registry = graph_ops()
        start = len(registry.ops)
        true_out = _branch(true_fn, "true_fn")
        false_out = _branch(false_fn, "false_fn")
        branch_ops = set(registry.ops[start:])
        if true_out is None or false_out is None:
            if (true_out is None) != (false_out is None):
                raise ValueError("true_fn and false_fn must return the same structure (one "
                                 "returned None).")
            return None
        try:
            nest.assert_same_structure(true_out, false_out, check_types=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"Outputs of true_fn and false_fn must have the same structure: "
                             f"{err}") from None
        pairs = list(zip(nest.flatten(true_out), nest.flatten(false_out)))
        captured = _captured(branch_ops, [x for pair in pairs for x in pair])
        merged = [_merge_one(pred, t, f, captured) for t, f in pairs]
        if not strict and isinstance(true_out, list) and len(merged) == 1:
            return merged[0]
        return nest.pack_sequence_as(true_out, merged)


def _captured(branch_ops: set, outputs: list) -> list:
    """Tensors from outside the branches that they read (TF1's Switch inputs)."""
    found: dict[int, Tensor] = {}
    for op in branch_ops:
        for t in op.inputs:
            if t.op not in branch_ops and not t.op._constant:
                found.setdefault(id(t), t)
    for x in outputs:
        if isinstance(x, Tensor) and x.op not in branch_ops and not x.op._constant:
            found.setdefault(id(x), x)
    return list(found.values())


def _merge_one(pred: Tensor, t: Any, f: Any, captured: list) -> Any:
    if isinstance(t, Operation) or isinstance(f, Operation):
        t, f = as_operation(t, "cond"), as_operation(f, "cond")
        return _MERGE_OPS(pred, captured, name="Merge", true=t, false=f, subgraph_outputs=())
    t, f = convert_to_tensor(t), convert_to_tensor(f)
    if t.dtype != f.dtype:
        raise ValueError(f"Outputs of true_fn and false_fn must have the same type: "
                         f"{t.dtype.name}, {f.dtype.name}")
    return _MERGE(pred, captured, name="Merge", true=t, false=f, subgraph_outputs=(t, f))


def smart_cond(pred: Any, true_fn: Any = None, false_fn: Any = None,
               name: str | None = None) -> Any:
    """Python bools (and constant tensors) pick a branch now; other tensors build ``tf.cond``."""
    if isinstance(pred, (bool, np.bool_)):
        return true_fn() if pred else false_fn()
    pred_tensor = convert_to_tensor(pred)
    if pred_tensor.op._constant:
        return true_fn() if bool(pred_tensor._concrete(None)) else false_fn()
    return cond(pred_tensor, true_fn, false_fn, name=name)


def case(pred_fn_pairs: Any, default: Any = None, exclusive: bool = False, strict: bool = False,
         name: str = "case") -> Any:
    """The first branch whose predicate holds, else ``default`` (nested ``tf.cond``)."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    if not pairs:
        return default()
    with name_scope(name, "case"):
        def build(i: int) -> Any:
            pred, fn = pairs[i]
            rest = (lambda: build(i + 1)) if i + 1 < len(pairs) else (default or pairs[-1][1])
            return cond(pred, fn, rest)
        return build(0)


# --- while_loop -------------------------------------------------------------------------------------
def _loop_input_shape(*, dtype: DType, shape: TensorShape) -> tuple:
    return dtype, shape


def _loop_input_compute(*, dtype: DType, shape: TensorShape) -> np.ndarray:
    raise MissingFeed


_LOOP_INPUT = define_op("Identity", (), _loop_input_shape, _loop_input_compute, pure=False,
                        eager=False)


def loop_input(dtype: Any, shape: Any, name: str = "Identity") -> Tensor:
    """A tensor fed by the evaluator in each iteration of the current frame (a loop variable or
    a step input); outside ``ctx.iteration(frame, feeds)`` it has no value."""
    return _LOOP_INPUT(name=name, dtype=dtype, shape=as_shape(shape))


def captured_inputs(frame: Frame, outputs: Any) -> list:
    """Tensors from outside ``frame`` that the frame's ops read (what a loop op depends on)."""
    found: dict[int, Tensor] = {}
    seen: set = set()
    stack = [t.op if isinstance(t, Tensor) else t for t in outputs]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        for t in op.inputs:
            if frame.contains(t.op.frame):
                stack.append(t.op)
            elif not t.op._constant:
                found.setdefault(id(t), t)
        for dep in op.control_inputs:
            if frame.contains(dep.frame):
                stack.append(dep)
        for t in op.attrs.get("subgraph_outputs", ()):
            if frame.contains(t.op.frame):
                stack.append(t.op)
            elif not t.op._constant:
                found.setdefault(id(t), t)
    return list(found.values())


def _while_shape(initial: list, captured: list, *, frame: Frame, inputs: Any, pred: Any,
                 outputs: Any, maximum_iterations: Any, subgraph_outputs: Any) -> list:
    return [(t.dtype, t.shape) for t in inputs]


def _while(initial: list, captured: list, *, frame: Frame, inputs: Any, pred: Tensor,
           outputs: Any, maximum_iterations: Any, subgraph_outputs: Any,
           ctx: EvalContext) -> Any:
    values = list(initial)
    step = 0
    while maximum_iterations is None or step < maximum_iterations:
        iteration = ctx.iteration(frame, dict(zip(inputs, values)))
        if not bool(iteration.values([pred])[0]):
            break
        values = iteration.values(list(outputs))
        step += 1
    return values[0] if len(values) == 1 else builtins.tuple(values)


_WHILE = define_op("While", ("*initial:any", "*captured:any"), _while_shape, _while, pure=False,
                   context=True)


def while_loop(cond: Any, body: Any, loop_vars: Any, shape_invariants: Any = None,
               parallel_iterations: int = 10, back_prop: bool = True, swap_memory: bool = False,
               name: str | None = None, maximum_iterations: Any = None,
               return_same_structure: bool = False) -> Any:
    """Repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``; built once."""
    if not callable(cond) or not callable(body):
        raise TypeError("cond and body must be callable.")
    if not nest.is_sequence(loop_vars) or (isinstance(loop_vars, (list,)) and not loop_vars):
        if not nest.is_sequence(loop_vars):
            loop_vars = [loop_vars]
            single = True
        else:
            raise ValueError("No loop variables provided")
    else:
        single = False
    with name_scope(name, "while") as scope:
        initial = [convert_to_tensor(v) for v in nest.flatten(loop_vars)]
        invariants = [None] * len(initial) if shape_invariants is None else \
            [as_shape(s) for s in nest.flatten(shape_invariants)]
        frame = Frame(scope, current_frame())
        with entering_frame(frame):
            inputs = [loop_input(t.dtype, t.shape if inv is None else inv)
                      for t, inv in zip(initial, invariants)]
            packed = nest.pack_sequence_as(loop_vars, inputs)
            args = packed if isinstance(packed, (list,)) or (
                isinstance(packed, builtins.tuple) and not hasattr(packed, "_fields")) \
                else [packed]
            pred = convert_to_tensor(cond(*args))
            result = body(*args)
            if single and not nest.is_sequence(result):
                result = [result]
            flat_out = [convert_to_tensor(r, dtype=i.dtype) for r, i in
                        zip(nest.flatten(result), inputs)]
        if len(flat_out) != len(inputs):
            raise ValueError(f"body returned {len(flat_out)} values for {len(inputs)} loop "
                             f"variables; it must return the same structure as loop_vars.")
        for t, i, out in zip(initial, inputs, flat_out):
            if not i.shape.is_compatible_with(out.shape):
                raise ValueError(
                    f"Input tensor '{t.name}' enters the loop with shape {i.shape}, but has "
                    f"shape {out.shape} after one iteration. To allow the shape to vary across "
                    f"iterations, use the `shape_invariants` argument of tf.while_loop to "
                    f"specify a less-specific shape.")
        captured = captured_inputs(frame, [pred, *flat_out])
        limit = None if maximum_iterations is None else int(np.asarray(maximum_iterations))
        finals = _WHILE(initial, captured, name="LoopCond", frame=frame, inputs=builtins.tuple(inputs),
                        pred=pred, outputs=builtins.tuple(flat_out),
                        maximum_iterations=limit, subgraph_outputs=(pred, *flat_out))
        finals = [finals] if isinstance(finals, Tensor) else list(finals)
        from scopelab.ops.array_ops import identity
        exits = [identity(f, name="Exit") for f in finals]
        if single or (len(exits) == 1 and not return_same_structure):
            return exits[0]          # TF1: one loop variable comes back as a tensor
        return nest.pack_sequence_as(loop_vars, exits)


# --- Assert, Print --------------------------------------------------------------------------------
def _assert_compute(condition: np.ndarray, data: list, *, summarize: int) -> tuple:
    if not bool(np.all(condition)):
        shown = ", ".join(np.array2string(np.asarray(d), threshold=summarize) for d in data)
        raise InvalidArgumentError(f"assertion failed: [{shown}]")
    return ()


_ASSERT = define_op("Assert", ("condition:bool", "*data:any"), _no_outputs, _assert_compute,
                    pure=False, eager=False)


def Assert(condition: Any, data: Any, summarize: int | None = None,  # noqa: N802 - TF's name
           name: str | None = None) -> Operation:
    """Fails the run with ``InvalidArgumentError`` when ``condition`` is false."""
    with name_scope(name, "Assert") as scope:
        op = _ASSERT(condition, list(data), name=scope, summarize=summarize or 3)
        condition, data = op.inputs[0], op.inputs[1:]
        if condition.op._constant and all(is_concrete(d) for d in data):   # checked now
            run_compute(op, [condition._value, [d._concrete(None) for d in data]],
                        EvalContext(None))
        return op


def _print_compute(input: np.ndarray, data: list, *, message: str, summarize: int) -> np.ndarray:
    shown = "".join(np.array2string(np.asarray(d), threshold=summarize) for d in data)
    print(f"{message}{shown}", file=sys.stderr)
    return input


_PRINT = define_op("Print", ("input:any", "*data:any"), lambda x, data, **a: (x.dtype, x.shape),
                   _print_compute, pure=False, eager=False)


def Print(input_: Any, data: Any, message: str | None = None, first_n: Any = None,  # noqa: N802 - TF's public name
          summarize: int | None = None, name: str | None = None) -> Tensor:
    """Identity that prints ``message`` and ``data`` to stderr when a session runs it."""
    return _PRINT(input_, list(data), name=name, message=message or "", summarize=summarize or 3)


def _print_v2_compute(inputs: list, *, template: tuple, output_stream: Any, sep: str, end: str,
                      summarize: int) -> tuple:
    values = iter(inputs)
    parts = [str(item) if not is_tensor else
             np.array2string(np.asarray(next(values)), threshold=max(summarize, 1) * 2,
                             edgeitems=summarize, separator=" ")
             for is_tensor, item in template]
    stream = output_stream if hasattr(output_stream, "write") else sys.stderr
    print(sep.join(parts), end=end, file=stream)
    return ()


_PRINT_V2 = define_op("PrintV2", ("*inputs:any",), _no_outputs, _print_v2_compute, pure=False,
                      eager=False)


def print_v2(*inputs: Any, output_stream: Any = sys.stderr, summarize: int = 3, sep: str = " ",
             end: str = "\n", name: str | None = None) -> Operation:
    """TF 1.13+'s ``tf.print``: an op (``PrintV2``) that prints its inputs when a session runs it
    (fetch it, or put it in ``tf.control_dependencies``); Python values print as they are."""
    from scopelab.ops.op_def import is_tensor_like
    tensors = [x for x in inputs if is_tensor_like(x)]
    template = builtins.tuple((is_tensor_like(x), None if is_tensor_like(x) else x) for x in inputs)
    return _PRINT_V2(tensors, name=name, template=template, output_stream=output_stream, sep=sep,
                     end=end, summarize=summarize)
