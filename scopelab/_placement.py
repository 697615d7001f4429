"""The ``tf.device`` stack and how it places a new op: TF1's ``Graph._apply_device_functions``.

The frame (:mod:`scopelab.graph`) holds the stack as its ``device``: ``""`` when no ``tf.device``
block is open, else the innermost :class:`DeviceStack` node, which links to the enclosing ones.
An op is placed innermost first, starting from no device:

* a string (or ``tf.DeviceSpec``) fills in the fields the op's device does not set yet (so inner
  fields win: ``"/job:ps"`` around ``"/task:1"`` gives ``"/job:ps/task:1"``); ``""`` does nothing;
* a device function ``fn(op)`` sees ``op.device`` as placed so far and its result *replaces* it
  (used as returned, not canonicalized, as in TF1);
* ``None`` stops the walk: the blocks outside it are ignored;
* colocation (``tf.colocate_with``; a variable's ``read``, ``Assign``, regularizer loss and
  optimizer slots) stops it too and gives the op the colocated device; a variable made there is
  still placed by the enclosing blocks first (TF1's ``init_scope``), so a device function is
  asked and a round robin advances, then it takes the colocated device.

A stack without device functions places every op alike, so each node computes that answer
(``constant``) when it is pushed; only a device function costs a call per created op. Variables
are placed through the same walk as a pseudo-op of type ``VariableV2`` (:func:`place_variable`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from scopelab.device_spec import DeviceSpec, canonical_device, merge_devices
from scopelab.errors import InvalidArgumentTypeError

__all__ = ["DeviceStack", "NodeDef", "PendingOp", "push_device", "place", "place_variable",
           "colocation", "describe"]

_MERGE, _FUNCTION, _BREAK, _FIXED = "merge", "function", "break", "fixed"


class DeviceStack:
    """One ``tf.device`` entry over its enclosing ones (immutable; frames share them)."""

    __slots__ = ("kind", "entry", "parent", "constant")

    def __init__(self, kind: str, entry: Any, parent: DeviceStack | str) -> None:
        self.kind = kind
        self.entry = entry
        self.parent = parent
        # What every op placed here gets, or None when a device function decides.
        if kind == _BREAK:
            self.constant: str | None = ""
        elif kind == _FIXED:
            self.constant = entry          # for ops; variables see place_variable
        elif kind == _FUNCTION:
            self.constant = None
        elif not parent:
            self.constant = entry
        elif parent.kind == _FIXED or parent.constant is None:
            self.constant = None
        else:
            self.constant = merge_devices(parent.constant, entry)

    def __repr__(self) -> str:
        return f"<device stack {describe(self)}>"


def describe(stack: DeviceStack | str) -> str:
    """The stack, outermost first (``"'/job:ps' > fn"``), for reprs and messages."""
    parts = []
    while isinstance(stack, DeviceStack):
        entry = stack.entry
        parts.append(getattr(entry, "__qualname__", repr(entry)) if stack.kind == _FUNCTION
                     else repr(entry))
        stack = stack.parent
    return " > ".join(reversed(parts)) or "''"


def push_device(parent: DeviceStack | str, device_name_or_function: Any) -> DeviceStack | str:
    """The stack inside ``tf.device(device_name_or_function)`` opened over ``parent``.

    A string is parsed now (a bad one raises ``InvalidDeviceError``, TF1's ``ValueError``);
    ``""`` and an empty ``DeviceSpec`` change nothing."""
    spec = device_name_or_function
    if spec is None:
        return DeviceStack(_BREAK, None, parent)
    if isinstance(spec, DeviceSpec):
        spec = spec.to_string()
    if isinstance(spec, str):
        canonical = canonical_device(spec)
        return DeviceStack(_MERGE, canonical, parent) if canonical else parent
    if callable(spec):
        return DeviceStack(_FUNCTION, spec, parent)
    raise InvalidArgumentTypeError(argument="device", got=spec)


def colocation(device: str, outer: DeviceStack | str = "") -> DeviceStack:
    """The stack inside TF's ``colocate_with(x)`` opened over ``outer``, ``device`` being ``x``'s.

    An op made there ignores ``outer`` (``colocate_with`` resets the device stack) and takes
    ``device`` when it is not empty. A *variable* made there is first placed by ``outer`` (TF1
    builds variables in ``init_scope``, which brings the device stack back: a device function is
    asked, so a round robin advances), then takes ``device`` when it is not empty."""
    return DeviceStack(_FIXED, device, outer)


class NodeDef(NamedTuple):
    """What device functions read of TF's ``NodeDef`` protobuf (``op.node_def``)."""

    name: str
    op: str
    device: str
    attr: dict
    input: tuple


class PendingOp:
    """The op a device function is shown for something scopelab does not build as an
    ``Operation`` (a variable: TF1's ``VariableV2`` op)."""

    __slots__ = ("name", "type", "_device", "inputs", "outputs", "control_inputs")

    def __init__(self, name: str, op_type: str) -> None:
        self.name = name
        self.type = op_type
        self._device = ""
        self.inputs: tuple = ()
        self.outputs: tuple = ()
        self.control_inputs: tuple = ()

    @property
    def device(self) -> str:
        return self._device

    @property
    def node_def(self) -> NodeDef:
        return NodeDef(self.name, self.type, self._device, {}, ())

    def __repr__(self) -> str:
        return f"<tf.Operation {self.name!r} type={self.type}>"


def place(stack: DeviceStack | str, op: Any, variable: bool = False) -> str:
    """The device TF1 gives ``op`` (an ``Operation`` or :class:`PendingOp` with a ``_device``
    slot) under ``stack``. Device functions see ``op.device`` as placed by the inner entries.
    ``variable``: ``op`` is a variable's op, placed as :func:`colocation` says."""
    if not stack:
        return ""
    if type(stack) is str:          # a request built with a plain device string
        return stack
    constant = stack.constant
    if constant is not None and not (variable and stack.kind == _FIXED and stack.parent):
        return constant
    device = ""
    node: Any = stack
    while node:
        kind = node.kind
        if kind == _MERGE:
            device = merge_devices(node.entry, device)
        elif kind == _FUNCTION:
            op._device = device
            device = _device_string(node.entry(op))
        else:
            if kind == _FIXED:
                if variable and node is stack and node.parent:
                    device = place(node.parent, op)       # init_scope: the stack outside
                if node.entry:
                    device = node.entry
            break
        node = node.parent
    op._device = device
    return device


def place_variable(stack: DeviceStack | str, name: str) -> str:
    """The device of a new variable named ``name`` (its ``VariableV2`` op) under ``stack``.

    A device function sees the requested full name: the rare op name the graph later uniquifies
    (``w_1`` when an op already took ``w``) is decided after placement."""
    if not stack:
        return ""
    if type(stack) is str:
        return stack
    constant = stack.constant
    if stack.kind == _FIXED and stack.parent:
        outer = stack.parent.constant
        if outer is not None:
            return constant or outer
        constant = None
    if constant is not None:
        return constant
    return place(stack, PendingOp(name, "VariableV2"), variable=True)


def _device_string(result: Any) -> str:
    if isinstance(result, str):
        return result
    if isinstance(result, DeviceSpec):
        return result.to_string()
    if isinstance(result, bytes):
        return result.decode()
    raise InvalidArgumentTypeError(
        f"Expected binary or unicode string, got {result!r}\n\nA device function takes an op "
        f"and returns its device, a string such as '/job:ps/task:0' (or a tf.DeviceSpec); it "
        f"returned {type(result).__name__} {result!r}.\n    def place(op):\n        return "
        f"'/job:ps/task:0' if op.type == 'VariableV2' else '/job:worker'", got=result)
