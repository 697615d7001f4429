# ruff: noqa: A002 - absl's keyword is `help`, and TF1 scripts pass it by name
"""``tf.app.flags`` / ``tf.flags``: TF1's command-line flags (absl's API, without absl).

``DEFINE_string/integer/float/boolean/enum/list/multi_string`` register a flag on ``FLAGS``;
reading ``FLAGS.x`` before anything parsed the command line parses ``sys.argv`` once, keeping only
the flags it knows (as TF1's wrapper does, so a notebook kernel's own ``-f kernel.json`` is left
alone). ``FLAGS(argv)`` parses explicitly and returns the arguments that are not flags.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["FLAGS", "FlagValues", "Flag", "Error", "DuplicateFlagError", "IllegalFlagValueError",
           "UnrecognizedFlagError", "UnparsedFlagAccessError", "DEFINE", "DEFINE_string",
           "DEFINE_integer", "DEFINE_float", "DEFINE_boolean", "DEFINE_bool", "DEFINE_enum",
           "DEFINE_list", "DEFINE_multi_string", "DEFINE_multi_integer",
           "mark_flag_as_required", "mark_flags_as_required"]


class Error(Exception):
    """Base class of the flag errors (absl's ``flags.Error``)."""


class DuplicateFlagError(Error):
    """A flag name defined twice (re-running a notebook cell of ``DEFINE_*`` does this)."""


class IllegalFlagValueError(Error):
    """A value that does not parse as the flag's type, or is out of its bounds."""


class UnrecognizedFlagError(Error):
    """``FLAGS(argv)`` met a flag that was never defined."""


class UnparsedFlagAccessError(Error):
    """Reserved for absl compatibility; scopelab parses on first access instead."""


_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")


def _parse_bool(text: Any) -> bool:
    if isinstance(text, bool):
        return text
    word = str(text).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError("Non-boolean argument to boolean flag")


class Flag:
    """One flag: its name, parser, default, help and current value."""

    def __init__(self, name: str, default: Any, help: str, parse: Callable[[Any], Any],
                 kind: str, *, boolean: bool = False, multi: bool = False,
                 check: Callable[[Any], None] | None = None) -> None:
        self.name, self.help, self.kind = name, help, kind
        self._parse, self._check = parse, check
        self.boolean, self.multi = boolean, multi
        self.present = 0
        self.default = None if default is None else self.convert(default)
        self.value = self.default

    def convert(self, raw: Any) -> Any:
        try:
            value = self._parse(raw)
            if self._check is not None and value is not None:
                self._check(value)
        except (TypeError, ValueError) as exc:
            raise IllegalFlagValueError(f"flag --{self.name}={raw}: {exc}") from None
        return value

    def assign(self, raw: Any) -> None:
        value = self.convert(raw)
        if self.multi:
            self.value = (list(self.value or ()) if self.present else []) + list(value)
        else:
            self.value = value
        self.present += 1


class FlagValues:
    """The registry of flags (absl's ``FlagValues``); ``FLAGS`` is the process-wide one."""

    def __init__(self) -> None:
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False

    # --- definition ------------------------------------------------------------------------------
    def _define(self, flag: Flag) -> Flag:
        if flag.name in self._flags:
            raise DuplicateFlagError(
                f"The flag '{flag.name}' is defined twice. Define each flag once (in a notebook, "
                f"guard the DEFINE_* cell with `if '{flag.name}' not in tf.flags.FLAGS:`).")
        self._flags[flag.name] = flag
        return flag

    # --- access ---------------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self.__dict__["_parsed"]:
            self(sys.argv, known_only=True)
        flag: Flag = flags[name]
        return flag.value

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._flags:
            raise AttributeError(f"Unknown command line flag '{name}': define it first with "
                                 f"tf.app.flags.DEFINE_*('{name}', default, help).")
        self._flags[name].value = value

    def __getitem__(self, name: str) -> Flag:
        flag: Flag = self._flags[name]
        return flag

    def __contains__(self, name: object) -> bool:
        return name in self._flags

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._flags))

    def __len__(self) -> int:
        return len(self._flags)

    def __delattr__(self, name: str) -> None:
        if name not in self._flags:
            raise AttributeError(name)
        del self._flags[name]

    def is_parsed(self) -> bool:
        return bool(self._parsed)

    def mark_as_parsed(self) -> None:
        self.__dict__["_parsed"] = True

    def unparse_flags(self) -> None:
        for flag in self._flags.values():
            flag.value, flag.present = flag.default, 0
        self.__dict__["_parsed"] = False

    def flag_values_dict(self) -> dict[str, Any]:
        return {name: flag.value for name, flag in self._flags.items()}

    def get_flag_value(self, name: str, default: Any) -> Any:
        return self._flags[name].value if name in self._flags else default

    # --- parsing --------------------------------------------------------------------------------
    def __call__(self, argv: Sequence[str], known_only: bool = False) -> list[str]:
        """Parse ``argv`` (``argv[0]`` is the program); returns the program and the arguments that
        are not flags (and, with ``known_only``, the unknown flags)."""
        if isinstance(argv, str):
            raise TypeError("argv should be a tuple/list of strings, not bare string.")
        args = list(argv)
        rest = args[:1]
        i = 1
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                rest.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, eq, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not eq:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.boolean:
                    negated.assign(False)
                    continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            if eq:
                flag.assign(value)
            elif flag.boolean:
                flag.assign(True)
            elif i < len(args):
                flag.assign(args[i])
                i += 1
            else:
                raise IllegalFlagValueError(f"Flag --{name} needs a value (--{name}=VALUE).")
        self.mark_as_parsed()
        return rest


FLAGS = FlagValues()


def _bounded(lower: Any, upper: Any) -> Callable[[Any], None] | None:
    if lower is None and upper is None:
        return None

    def check(value: Any) -> None:
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            low = "-inf" if lower is None else lower
            high = "inf" if upper is None else upper
            raise ValueError(f"{value} is not in [{low}, {high}]")
    return check


def _split(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [item.strip() for item in str(value).split(",") if item.strip()]


def _register(name: str, default: Any, help: str, flag_values: FlagValues | None,
              parse: Callable[[Any], Any], kind: str, **options: Any) -> Flag:
    registry = FLAGS if flag_values is None else flag_values
    return registry._define(Flag(name, default, help, parse, kind, **options))


def DEFINE_string(name: str, default: Any, help: str, flag_values: FlagValues | None = None,  # noqa: N802 - absl's names
                  **unused: Any) -> Flag:
    return _register(name, default, help, flag_values, str, "string")


def DEFINE_integer(name: str, default: Any, help: str, lower_bound: Any = None,  # noqa: N802
                   upper_bound: Any = None, flag_values: FlagValues | None = None,
                   **unused: Any) -> Flag:
    return _register(name, default, help, flag_values, _parse_int, "integer",
                     check=_bounded(lower_bound, upper_bound))


def _parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"Expect argument to be a string or int, found {type(value)}")
    if isinstance(value, int):
        return value
    text = str(value)
    base = 16 if text[:2].lower() == "0x" else 8 if text[:2].lower() == "0o" else 10
    return int(text, base)


def DEFINE_float(name: str, default: Any, help: str, lower_bound: Any = None,  # noqa: N802
                 upper_bound: Any = None, flag_values: FlagValues | None = None,
                 **unused: Any) -> Flag:
    return _register(name, default, help, flag_values, float, "float",
                     check=_bounded(lower_bound, upper_bound))


def DEFINE_boolean(name: str, default: Any, help: str, flag_values: FlagValues | None = None,  # noqa: N802
                   **unused: Any) -> Flag:
    return _register(name, default, help, flag_values, _parse_bool, "bool", boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_enum(name: str, default: Any, enum_values: Sequence[str], help: str,  # noqa: N802
                flag_values: FlagValues | None = None, **unused: Any) -> Flag:
    allowed = list(enum_values)

    def parse(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"value should be one of <{'|'.join(allowed)}>")
        return str(value)
    return _register(name, default, help, flag_values, parse, "enum")


def DEFINE_list(name: str, default: Any, help: str, flag_values: FlagValues | None = None,  # noqa: N802
                **unused: Any) -> Flag:
    return _register(name, default, help, flag_values, _split, "list")


def DEFINE_multi_string(name: str, default: Any, help: str,  # noqa: N802
                        flag_values: FlagValues | None = None, **unused: Any) -> Flag:
    def parse(value: Any) -> list[str]:
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    return _register(name, default, help, flag_values, parse, "multi_string", multi=True)


def DEFINE_multi_integer(name: str, default: Any, help: str,  # noqa: N802
                         flag_values: FlagValues | None = None, **unused: Any) -> Flag:
    def parse(value: Any) -> list[int]:
        items = value if isinstance(value, (list, tuple)) else [value]
        return [_parse_int(v) for v in items]
    return _register(name, default, help, flag_values, parse, "multi_integer", multi=True)


def DEFINE(parser: Any, name: str, default: Any, help: str,  # noqa: N802
           flag_values: FlagValues | None = None, **unused: Any) -> Flag:
    """A flag parsed by ``parser(text)`` (a callable, or an object with ``parse``)."""
    parse = getattr(parser, "parse", parser)
    return _register(name, default, help, flag_values, parse, "custom")


def mark_flag_as_required(name: str, flag_values: FlagValues | None = None) -> None:
    """Recorded only: scopelab checks required flags when ``tf.app.run`` parses."""
    registry = FLAGS if flag_values is None else flag_values
    registry.__dict__.setdefault("_required", set()).add(name)


def mark_flags_as_required(names: Sequence[str], flag_values: FlagValues | None = None) -> None:
    for name in names:
        mark_flag_as_required(name, flag_values)


def check_required(flag_values: FlagValues) -> None:
    """Raise ``IllegalFlagValueError`` for a required flag still ``None`` (``tf.app.run``)."""
    for name in sorted(flag_values.__dict__.get("_required", ())):
        if flag_values[name].value is None:
            raise IllegalFlagValueError(f"flag --{name}=None: Flag --{name} must have a value "
                                        f"other than None.")
