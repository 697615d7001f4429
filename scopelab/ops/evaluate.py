"""The evaluator: computes tensors from their ops in NumPy, for ``Session.run`` and for loops.

``evaluate(fetches, feeds, ctx)`` runs every op the fetches need once (a memo per run), in
dependency order (an explicit stack: graphs thousands of ops deep are fine). Ops whose value never
changes (``Const`` and what is computed only from constants) answer from the value computed when
they were built; everything else is recomputed, so variables are read with their current values and
random ops draw again (run ``k`` of a random op in a session draws stream ``k``).

An :class:`EvalContext` is one ``Session.run`` (or one eager computation): it reads variables (a
session checks that it initialized them), counts the runs of random ops, and lets an op's
computation evaluate more of the graph: ``ctx.evaluate(tensors)`` in the current run (``tf.cond``
evaluates only the branch it takes) and ``ctx.run_frame(frame, tensors, feeds)`` for one iteration
of a loop body built once inside a :class:`~scopelab.ops.tensor.Frame` (``tf.while_loop``,
``dynamic_rnn``): ops of the frame get fresh values each iteration, tensors from outside it keep
one value per run.
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from scopelab.errors import InternalError, InvalidArgumentError

from scopelab.ops.tensor import Frame, Operation, Tensor

__all__ = ["EvalContext", "evaluate", "run_compute", "MissingFeed", "placeholders_needed",
           "current_default_session", "default_session_for", "push_default_session",
           "pop_default_session", "set_interactive_session"]


class MissingFeed(Exception):
    """Raised by a placeholder's computation; the evaluator turns it into TF's error."""


class EvalContext:
    """One run: the session (or None for eager values), variable reads, random-op run counts."""

    __slots__ = ("session", "run_counts", "op", "_run")

    def __init__(self, session: Any = None, run_counts: dict | None = None) -> None:
        self.session = session
        self.run_counts = {} if run_counts is None else run_counts
        self.op: Operation | None = None      # the op being computed (set before compute)
        self._run: _Run | None = None

    def read_variable(self, variable: Any) -> np.ndarray:
        if self.session is not None:
            return self.session._read_variable(variable)
        return np.asarray(variable)

    def next_run_index(self, op: Operation) -> int:
        """How many times ``op`` ran before in this session (0 for an eager value)."""
        index = self.run_counts.get(op, 0)
        self.run_counts[op] = index + 1
        return index

    def evaluate(self, tensors: Sequence[Tensor]) -> list:
        """Values of ``tensors`` in the current run (memo and feeds shared)."""
        run = self._run if self._run is not None else _Run(self, {}, None, None)
        return run.values(tensors)

    def iteration(self, frame: Frame, feeds: Mapping[Tensor, Any]) -> _Run:
        """One iteration of ``frame``: ``.values(tensors)`` computes the frame's ops afresh
        (memo per iteration) with ``feeds``; tensors from outside the frame keep their value."""
        parent = self._run if self._run is not None else _Run(self, {}, None, None)
        return _Run(self, dict(feeds), frame, parent)

    def run_frame(self, frame: Frame, tensors: Sequence[Tensor],
                  feeds: Mapping[Tensor, Any]) -> list:
        """``iteration(frame, feeds).values(tensors)``."""
        return self.iteration(frame, feeds).values(tensors)


def evaluate(fetches: Sequence[Tensor | Operation], feeds: Mapping[Tensor, Any] | None = None,
             ctx: EvalContext | None = None) -> list:
    """Values of ``fetches`` (``None`` for operations) with ``feeds`` (tensor -> array).

    Feeds are used as given (a session converts and checks them first). Without ``ctx`` variables
    are read directly and random ops draw their first stream.
    """
    if ctx is None:
        ctx = EvalContext(None)
    run = _Run(ctx, dict(feeds or {}), None, ctx._run)
    run.run([f if isinstance(f, Operation) else f.op for f in fetches])
    return [None if isinstance(f, Operation) else run.value(f) for f in fetches]


class _Run:
    __slots__ = ("ctx", "feeds", "memo", "frame", "parent", "came_from")

    def __init__(self, ctx: EvalContext, feeds: dict, frame: Frame | None,
                 parent: _Run | None) -> None:
        self.ctx = ctx
        self.feeds = feeds
        self.memo: dict[Operation, tuple] = {}
        self.frame = frame
        self.parent = parent
        self.came_from: dict[Operation, Operation] = {}

    def owns(self, op: Operation) -> bool:
        return self.parent is None or (self.frame is not None and self.frame.contains(op.frame))

    def values(self, tensors: Sequence[Tensor | Operation]) -> list:
        """Values of tensors (``None`` for operations) in this run."""
        self.run([t if isinstance(t, Operation) else t.op for t in tensors
                  if isinstance(t, Operation) or t not in self.feeds])
        return [None if isinstance(t, Operation) else self.value(t) for t in tensors]

    def value(self, tensor: Tensor) -> Any:
        fed = self.feeds.get(tensor)
        if fed is not None:
            return fed
        op = tensor.op
        if op._constant:
            return tensor._value
        if not self.owns(op):
            return self.parent.value(tensor)    # type: ignore[union-attr]  # not ours: a parent owns it
        outs = self.memo.get(op)
        if outs is None:
            self.run([op])
            outs = self.memo[op]
        return outs[tensor.value_index]

    def run(self, roots: Sequence[Operation]) -> None:
        memo, feeds = self.memo, self.feeds
        stack = [(op, False) for op in roots]
        while stack:
            op, expanded = stack.pop()
            if op in memo or op._constant or (op.outputs and op.outputs[0] in feeds and all(
                    t in feeds for t in op.outputs)):
                continue
            if not self.owns(op):
                self.parent.run([op])           # type: ignore[union-attr]  # not ours: a parent owns it
                continue
            if not expanded:
                stack.append((op, True))
                for t in op.inputs:
                    dep = t.op
                    if dep not in memo and not dep._constant and t not in feeds:
                        self.came_from.setdefault(dep, op)
                        stack.append((dep, False))
                for dep in op.control_inputs:   # pushed last: run before the inputs are read
                    if dep not in memo:
                        self.came_from.setdefault(dep, op)
                        stack.append((dep, False))
                continue
            self._compute(op)

    def _compute(self, op: Operation) -> None:
        values: list[Any] = []
        position = 0
        for count in op._layout:
            if count is None:
                values.append(self.value(op.inputs[position]))
                position += 1
            else:
                values.append([self.value(t) for t in op.inputs[position:position + count]])
                position += count
        saved, self.ctx._run = self.ctx._run, self
        try:
            self.memo[op] = run_compute(op, values, self.ctx)
        except MissingFeed:
            raise InvalidArgumentError(_missing_feed_message(op, self), op=op) from None
        finally:
            self.ctx._run = saved


def run_compute(op: Operation, values: list, ctx: EvalContext) -> tuple:
    """Call ``op``'s computation; outputs cast to their dtypes, as a tuple."""
    op_def = op.op_def
    # TF computes in IEEE arithmetic without warnings (log(0) is -inf, 0/0 is nan): so does NumPy here
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if op_def.context:
            saved, ctx.op = ctx.op, op
            try:
                result = op_def.compute(*values, ctx=ctx, **op.attrs)
            finally:
                ctx.op = saved
        else:
            result = op_def.compute(*values, **op.attrs)
    if len(op.outputs) == 1 and not isinstance(result, tuple):
        result = (result,)
    out = []
    for tensor, value in zip(op.outputs, result):
        value = np.asarray(value)
        if value.dtype != tensor.dtype.np:
            value = value.astype(tensor.dtype.np)
        dims = tensor._shape._dims
        if dims is not None and (len(dims) != value.ndim or any(
                d is not None and d != v for d, v in zip(dims, value.shape))):
            raise InternalError(
                f"Op '{op.name}' ({op.type}) computed a value of shape {value.shape} for "
                f"{tensor.name}, whose static shape is {tensor.shape}. The op's shape function and "
                f"its computation disagree: a bug in scopelab, please report it.", op=op)
        out.append(value)
    return tuple(out)


# --- teaching messages -------------------------------------------------------------------------------
_TF_DTYPE_NAMES = {"float32": "float", "float64": "double"}


def _tf_shape(shape: Any) -> str:
    if shape.ndims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _missing_feed_message(placeholder: Operation, run: _Run) -> str:
    out = placeholder.outputs[0]
    dtype = _TF_DTYPE_NAMES.get(out.dtype.name, out.dtype.name)
    chain = [placeholder.name]
    op = placeholder
    while op in run.came_from and len(chain) < 50:
        op = run.came_from[op]
        chain.append(op.name)
    path = " <- ".join(reversed(chain))
    return (f"You must feed a value for placeholder tensor '{placeholder.name}' with dtype {dtype} "
            f"and shape {_tf_shape(out.shape)}\n"
            f"The fetch '{chain[-1]}' needs it ({path}), but feed_dict has no value for "
            f"'{out.name}'. Add one: sess.run(..., feed_dict={{x: value}}) where x is the "
            f"tensor tf.placeholder returned ('{out.name}') and value is an array of shape "
            f"{out.shape} and dtype {out.dtype.name}.")


def placeholders_needed(tensor: Tensor) -> list[Tensor]:
    """The placeholders (without defaults) that ``tensor`` depends on, in discovery order."""
    found: list[Tensor] = []
    seen: set[Operation] = set()
    stack = [tensor.op]
    while stack:
        op = stack.pop()
        if op in seen or op._constant:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            found.append(op.outputs[0])
        stack.extend(t.op for t in op.inputs if t._value is None)
    return found


# --- the default session (TF1's ``with sess.as_default():`` stack and InteractiveSession) -------
_default_sessions: contextvars.ContextVar[tuple] = contextvars.ContextVar(
    "scopelab_default_sessions", default=())
_interactive: list[Any] = []


def push_default_session(session: Any) -> contextvars.Token:
    return _default_sessions.set(_default_sessions.get() + (session,))


def pop_default_session(token: contextvars.Token) -> None:
    _default_sessions.reset(token)


def set_interactive_session(session: Any | None) -> None:
    _interactive[:] = [] if session is None else [session]


def current_default_session() -> Any:
    stack = _default_sessions.get()
    if stack:
        return stack[-1]
    return _interactive[0] if _interactive else None


def default_session_for(target: Any, session: Any, what: str) -> Any:
    if session is not None:
        return session
    session = current_default_session()
    if session is None:
        noun = "tensor" if what == "eval" else "operation"
        call = "eval" if what == "eval" else "run"
        raise ValueError(
            f"Cannot evaluate {noun} using `{call}()`: No default session is registered. Use "
            f"`with sess.as_default()` or pass an explicit session to `{call}(session=sess)`.")
    return session

