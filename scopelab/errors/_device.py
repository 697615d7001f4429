"""Device strings TF1 could not parse (``tf.device``, ``tf.DeviceSpec``, device functions)."""

from __future__ import annotations

import difflib

from scopelab.errors._base import ScopelabError, type_and_repr

__all__ = ["InvalidDeviceError"]

_PARTS = ("A device string is made of /job:<name>, /replica:<n>, /task:<n> and "
          "/device:<TYPE>:<n> parts (or the short /cpu:<n>, /gpu:<n>), each optional.")
_NAMES = ("job", "replica", "task", "device", "cpu", "gpu")
_FIXES = ['    with tf.device("/job:ps/task:0"): ...   # task 0 of the parameter-server job',
          '    with tf.device("/gpu:0"): ...           # -> "/device:GPU:0"']


class InvalidDeviceError(ScopelabError, ValueError):
    """A device string TF1's parser rejects: an unknown part, two device types, an index that is
    not a number. Fields: ``spec`` (the string), ``problem`` (``"unknown"``, ``"two types"``,
    ``"number"``, ``"type"``), ``part`` (the offending part, where there is one)."""

    def _compose(self) -> str:
        spec, problem, part = self.spec, self.problem, getattr(self, "part", None)
        if problem == "type":
            return self._layout(f"A device must be a string, got {type_and_repr(spec)}.", _PARTS,
                                [], _FIXES)
        if problem == "two types":
            return self._layout(
                f"Cannot specify multiple device types: {spec}",
                f"{spec!r} names two devices; an op runs on one.", [_PARTS], _FIXES)
        if problem == "number":
            return self._layout(
                f"invalid literal for int() with base 10: {part!r}",
                f"In device {spec!r}, {part!r} is not a number: replicas, tasks and device "
                f"indices are counted 0, 1, 2 ... ('*' means any device index).", [_PARTS],
                _FIXES)
        close = difflib.get_close_matches(str(part).lower(), _NAMES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return self._layout(
            f"Unknown attribute: {part!r} in {spec!r}",
            f"{part!r} is not a part a device string may have{hint}.", [_PARTS], _FIXES)
