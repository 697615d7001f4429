"""TF1's device strings: parsing, the canonical spelling, merging, and ``tf.DeviceSpec``.

A device string is a sequence of ``/job:<name>``, ``/replica:<n>``, ``/task:<n>`` and
``/device:<TYPE>:<n>`` parts (also the short ``/cpu:<n>``, ``/gpu:<n>``, ``/cpu``); ``*`` is "any
index". TF1 prints a parsed string in one canonical order and spelling: ``"/gpu:0"`` ->
``"/device:GPU:0"``, ``"/job:ps//task:1/"`` -> ``"/job:ps/task:1"``. Merging two strings keeps the
fields the inner one sets and takes the rest from the outer one (``tf.device`` nesting).

:func:`parse_device` is the public helper for code that acts on placements (the cluster engine
maps ``"/job:ps/task:k"`` to worker ``k``). Parses and merges are cached (strings recur: every op
under a ``tf.device`` block asks for the same merge), so their cost does not grow with the model.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from scopelab.errors import InvalidDeviceError

__all__ = ["DeviceSpec", "DeviceFields", "parse_device", "canonical_device", "merge_devices",
           "VALID_DEVICE_TYPES"]

#: The device types the short form (``/gpu:0``) may name; TF 1.15 accepted ``CPU`` and ``GPU``,
#: TF 2.x also these (``/device:<TYPE>:<n>`` takes any type).
VALID_DEVICE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPU"})


class DeviceFields(NamedTuple):
    """The parts of a device string; ``None`` where the string does not set one."""

    job: str | None
    replica: int | None
    task: int | None
    device_type: str | None
    device_index: int | None


_NOTHING = DeviceFields(None, None, None, None, None)
_parsed: dict[str, DeviceFields] = {"": _NOTHING}
_printed: dict[DeviceFields, str] = {_NOTHING: ""}
_merged: dict[tuple[str, str], str] = {}


def parse_device(spec: str | None) -> DeviceFields:
    """``"/job:ps/task:1/gpu:0"`` -> ``DeviceFields("ps", None, 1, "GPU", 0)`` (TF's rules).

    Raises :class:`~scopelab.errors.InvalidDeviceError` (a ``ValueError``) for an unknown part,
    two device types, or an index that is not a number."""
    if spec is None:
        return _NOTHING
    found = _parsed.get(spec)
    if found is None:
        if not isinstance(spec, str):
            raise InvalidDeviceError(spec=spec, problem="type")
        found = _parsed[spec] = _parse(spec)
    return found


def _parse(spec: str) -> DeviceFields:
    job = replica = task = device_type = device_index = None
    for part in spec.split("/"):
        y = part.split(":")
        n = len(y)
        if n == 2 and y[0] == "job":
            job = y[1]
        elif n == 2 and y[0] == "replica":
            replica = _number(spec, y[1])
        elif n == 2 and y[0] == "task":
            task = _number(spec, y[1])
        elif n in (1, 2) and y[0].upper() in VALID_DEVICE_TYPES:
            if device_type is not None:
                raise InvalidDeviceError(spec=spec, problem="two types")
            device_type = y[0].upper()
            if n == 2 and y[1] != "*":
                device_index = _number(spec, y[1])
        elif n == 3 and y[0] == "device":
            if device_type is not None:
                raise InvalidDeviceError(spec=spec, problem="two types")
            device_type = y[1].upper() if y[1] in ("cpu", "gpu") else y[1]
            if y[2] != "*":
                device_index = _number(spec, y[2])
        elif y[0] != "":
            raise InvalidDeviceError(spec=spec, problem="unknown", part=y[0])
    return DeviceFields(job, replica, task, device_type, device_index)


def _number(spec: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidDeviceError(spec=spec, problem="number", part=text) from None


def to_string(fields: DeviceFields) -> str:
    """TF's canonical spelling: ``/job:…/replica:…/task:…/device:TYPE:index`` (set parts only)."""
    found = _printed.get(fields)
    if found is None:
        job, replica, task, device_type, index = fields
        out = []
        if job is not None:
            out.append(f"/job:{job}")
        if replica is not None:
            out.append(f"/replica:{replica}")
        if task is not None:
            out.append(f"/task:{task}")
        if device_type is not None:
            out.append(f"/device:{device_type}:{'*' if index is None else index}")
        found = _printed[fields] = "".join(out)
    return found


def canonical_device(spec: str | None) -> str:
    """The string as TF1 prints a device it parsed: ``"/gpu:0"`` -> ``"/device:GPU:0"``."""
    return to_string(parse_device(spec))


def merge_devices(outer: str, inner: str) -> str:
    """``inner``'s fields over ``outer``'s, canonical (``"/job:ps"``, ``"/task:1"`` ->
    ``"/job:ps/task:1"``): how an enclosing ``tf.device`` string completes an op's device."""
    key = (outer, inner)
    found = _merged.get(key)
    if found is None:
        o, i = parse_device(outer), parse_device(inner)
        found = _merged[key] = to_string(DeviceFields(*(b if b is not None else a
                                                        for a, b in zip(o, i))))
    return found


# --- tf.DeviceSpec (TF1's mutable spelling) --------------------------------------------------------
def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _type_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value.upper() if value in ("cpu", "gpu") else str(value)


class DeviceSpec:
    """TF1's ``tf.DeviceSpec``: a device as fields (``job``, ``replica``, ``task``,
    ``device_type``, ``device_index``), settable as attributes.

    >>> spec = DeviceSpec.from_string("/job:ps/task:1/gpu:0")
    >>> spec.task = 2; spec.to_string()
    '/job:ps/task:2/device:GPU:0'
    """

    __slots__ = ("_job", "_replica", "_task", "_device_type", "_device_index")

    def __init__(self, job: str | None = None, replica: int | None = None,
                 task: int | None = None, device_type: str | None = None,
                 device_index: int | None = None) -> None:
        self.job, self.replica, self.task = job, replica, task
        self.device_type, self.device_index = device_type, device_index

    job = property(lambda self: self._job,
                   lambda self, v: setattr(self, "_job", None if v is None else str(v)))
    replica = property(lambda self: self._replica,
                       lambda self, v: setattr(self, "_replica", _int_or_none(v)))
    task = property(lambda self: self._task,
                    lambda self, v: setattr(self, "_task", _int_or_none(v)))
    device_type = property(lambda self: self._device_type,
                           lambda self, v: setattr(self, "_device_type", _type_or_none(v)))
    device_index = property(lambda self: self._device_index,
                            lambda self, v: setattr(self, "_device_index", _int_or_none(v)))

    @property
    def fields(self) -> DeviceFields:
        return DeviceFields(self._job, self._replica, self._task, self._device_type,
                            self._device_index)

    @classmethod
    def from_string(cls, spec: str | None) -> DeviceSpec:
        return cls(*parse_device(spec))

    def parse_from_string(self, spec: str | None) -> DeviceSpec:
        (self.job, self.replica, self.task, self.device_type,
         self.device_index) = parse_device(spec)
        return self

    def to_string(self) -> str:
        return to_string(self.fields)

    def merge_from(self, dev: DeviceSpec) -> None:
        """Take every field ``dev`` sets (in place)."""
        for name in ("job", "replica", "task", "device_type", "device_index"):
            value = getattr(dev, name)
            if value is not None:
                setattr(self, name, value)

    def make_merged_spec(self, dev: DeviceSpec) -> DeviceSpec:
        """A new spec: this one with ``dev``'s fields on top."""
        merged = DeviceSpec(*self.fields)
        merged.merge_from(dev)
        return merged

    def replace(self, **kwargs: Any) -> DeviceSpec:
        """A new spec with the fields given replaced."""
        fields = self.fields._asdict()
        fields.update(kwargs)
        return DeviceSpec(**fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self) -> int:
        return hash(self.to_string())

    def __repr__(self) -> str:
        return (f"<DeviceSpec(job={self._job}, replica={self._replica}, task={self._task}, "
                f"device_type={self._device_type}, device_index={self._device_index})>")
