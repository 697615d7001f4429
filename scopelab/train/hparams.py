"""``tf.contrib.training.HParams``: named hyperparameters with fixed types, parsed from strings.

Each hyperparameter keeps the type of its first value (a list keeps its elements' type), and every
later assignment is cast to that type only where TF1 cast it: an int may become a float, never the
reverse; strings, booleans and numbers do not turn into each other. ``parse("lr=0.1,layers=[2,3]")``
reads the command-line form TF1 code passes from flags.
"""

from __future__ import annotations

import json
import numbers
import re
from typing import Any

__all__ = ["HParams"]

# name, optional [index], '=', then a single value or a [list]; entries are comma separated
_ASSIGNMENT = re.compile(r"""
    (?P<name>[a-zA-Z][\w.]*)
    (\[\s*(?P<index>\d+)\s*\])?
    \s*=\s*
    ((?P<val>[^,\[]*) | \[(?P<vals>[^\]]*)\])
    ($|,\s*)""", re.VERBOSE)


class HParams:
    """Hyperparameters as attributes: ``hp = HParams(lr=0.1, layers=[64, 32]); hp.lr``."""

    def __init__(self, hparam_def: Any = None, model_structure: Any = None, **kwargs: Any) -> None:
        if hparam_def is not None:
            raise NotImplementedError(
                "HParams(hparam_def=...) reads a TensorFlow HParamDef protocol buffer, which "
                "scopelab cannot load. Pass the values as keyword arguments instead: "
                "HParams(learning_rate=0.1, ...).")
        self._hparam_types: dict[str, tuple[type, bool]] = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    # --- adding, setting, removing ----------------------------------------------------------------
    def add_hparam(self, name: str, value: Any) -> None:
        """Add ``name`` with ``value``; its type is fixed from now on."""
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        """Set ``name`` (which must exist) to ``value``, cast to its type where TF1 allowed it."""
        if name not in self._hparam_types:
            raise KeyError(name)
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name: str) -> None:
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def override_from_dict(self, values_dict: dict) -> HParams:
        """Set each ``name: value`` of the dict; returns ``self``."""
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map: dict) -> HParams:  # TF1's older spelling
        return self.override_from_dict(values_map)

    def parse(self, values: str) -> HParams:
        """Override from ``"name=value,other=[1,2],x[0]=3"``; types follow the existing values."""
        types = {name: t for name, (t, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, types, self._current_lists()))

    def parse_json(self, values_json: str) -> HParams:
        return self.override_from_dict(json.loads(values_json))

    def _current_lists(self) -> dict[str, list]:
        return {n: list(getattr(self, n)) for n, (_, is_list) in self._hparam_types.items()
                if is_list}

    # --- reading ----------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """A dict of every hyperparameter's current value."""
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when absent (a default of another type fails)."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = f"list<{param_type}>" if is_list else str(param_type)
            fail = (f"Hparam '{key}' of type '{type_str}' is incompatible with default={default}")
            if is_list != isinstance(default, list):
                raise ValueError(fail)
            try:
                for item in default if is_list else [default]:
                    _cast(key, param_type, item)
            except ValueError as exc:
                raise ValueError(f"{fail}. {exc}") from None
        return getattr(self, key)

    def to_json(self, indent: int | None = None, separators: Any = None,
                sort_keys: bool = False) -> str:
        """The values as JSON (callables are left out, as TF1 did)."""
        def drop_callables(x: Any) -> Any:
            if isinstance(x, dict):
                return {k: drop_callables(v) for k, v in x.items() if not callable(v)}
            if isinstance(x, list):
                return [drop_callables(v) for v in x if not callable(v)]
            return x
        return json.dumps(drop_callables(self.values()), indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def get_model_structure(self) -> Any:
        return self._model_structure

    def __contains__(self, key: str) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return str(sorted(self.values().items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"


def _cast(name: str, param_type: type, value: Any) -> Any:
    """``value`` as ``param_type``, refusing the conversions TF1 refused."""
    fail = (f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}: "
            f"a hyperparameter keeps the type of its first value (an int may become a float, "
            f"not the reverse; strings, booleans and numbers do not mix).")
    if type(value) is param_type or issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail)
    return param_type(value)


def _parse_one(name: str, param_type: type, text: str, whole: str) -> Any:
    text = text.strip()
    try:
        if param_type is bool:
            if text in ("true", "True"):
                return True
            if text in ("false", "False"):
                return False
            return bool(int(text))
        if param_type is str:
            return text
        return param_type(text)
    except ValueError:
        raise ValueError(
            f"Could not parse hparam '{name}' of type '{param_type.__name__}' with value "
            f"'{text}' in {whole}") from None


def parse_values(values: str, type_map: dict[str, type], current_lists: dict | None = None,
                 ignore_unknown: bool = False) -> dict[str, Any]:
    """TF1's ``parse_values``: ``"a=1,b=[1,2],c[1]=5"`` -> ``{"a": 1, "b": [1, 2], "c": [..]}``."""
    results: dict[str, Any] = {}
    indexed: dict[str, dict[int, Any]] = {}
    pos = 0
    while pos < len(values):
        m = _ASSIGNMENT.match(values, pos)
        if not m:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        pos = m.end()
        name = m.group("name")
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError(f"Unknown hyperparameter type for {name}")
        param_type = type_map[name]
        if m.group("index") is not None:
            if name in results:
                raise ValueError(f"Multiple assignments to variable '{name}' in {values}")
            slot = indexed.setdefault(name, {})
            index = int(m.group("index"))
            if index in slot:
                raise ValueError(f"Multiple assignments to variable '{name}[{index}]' in {values}")
            slot[index] = _parse_one(name, param_type, m.group("val") or "", values)
        elif m.group("vals") is not None:
            if name in results or name in indexed:
                raise ValueError(f"Multiple assignments to variable '{name}' in {values}")
            items = [v for v in m.group("vals").split(",") if v.strip()]
            results[name] = [_parse_one(name, param_type, v, values) for v in items]
        else:
            if name in results or name in indexed:
                raise ValueError(f"Multiple assignments to variable '{name}' in {values}")
            results[name] = _parse_one(name, param_type, m.group("val") or "", values)
    for name, slots in indexed.items():
        base = list((current_lists or {}).get(name, []))
        for index, value in sorted(slots.items()):
            if index >= len(base):
                raise ValueError(
                    f"Index {index} of hparam '{name}' is out of range: the list has "
                    f"{len(base)} values. Assign the whole list instead: {name}=[...]")
            base[index] = value
        results[name] = base
    return results
