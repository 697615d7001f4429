"""Scopes and getters: bad ``reuse`` values, names TF1 rejects, wrong ``variable_scope``
arguments, improper nesting, custom getters that are not callable (spec §1.6–1.8, §2.1, §7.1)."""

from __future__ import annotations

from typing import Any

from scopelab.errors._base import ScopelabError, site, type_and_repr
from scopelab.names import CreationSite

__all__ = ["InvalidReuseError", "ReuseArgumentError", "InvalidScopeNameError",
           "InvalidScopeArgumentError", "ScopeNestingError", "CustomGetterError"]


class InvalidReuseError(ScopelabError, ValueError):
    """A bad ``reuse`` value, or ``reuse=True`` (or ``AUTO_REUSE``) on a scope without a name."""

    def __init__(self, reuse: Any, *, without_name: bool = False) -> None:
        super().__init__(reuse=reuse, without_name=without_name)

    def _compose(self) -> str:
        if self.without_name:
            shown = "tf.AUTO_REUSE" if self.reuse is not True else "True"
            return self._layout(
                "reuse=True cannot be used without a name_or_scope",
                f"A default_name scope gets a fresh unique name, so there is nothing to reuse "
                f"(reuse={shown} counts as True here).", [],
                ["Name the scope you want to reuse:",
                 '    with tf.variable_scope("layer", reuse=True): ...'])
        return self._layout(
            "The reuse parameter must be True or False or None.",
            f"reuse={self.reuse!r} is none of True, False, None or tf.AUTO_REUSE (checked by "
            f"identity, so 1, 0 and 'yes' are rejected).", [],
            ['    with tf.variable_scope("layer", reuse=True): ...          # fetch existing',
             '    with tf.variable_scope("layer", reuse=tf.AUTO_REUSE): ... # get or create'])


class ReuseArgumentError(ScopelabError, TypeError):
    """``tf.get_variable(..., reuse=...)``: reuse belongs to the scope, not to one call.

    TF1 raised Python's own ``TypeError`` (tensorflow/tensorflow#46480); the class keeps it and
    adds why and the scope to write. ``scope`` is the current scope's name, ``function`` the
    function called (``get_variable`` or ``get_local_variable``).
    """

    def __init__(self, name: Any, *, reuse: Any, scope: str = "", function: str = "get_variable",
                 at: CreationSite | None = None) -> None:
        super().__init__(name=name, reuse=reuse, scope=scope, function=function, at=site(at))

    def _compose(self) -> str:
        name = self.name if isinstance(self.name, str) else "w"
        # The fix is pasted where the call is: a scope relative to the current one (naming the
        # current scope again would nest it, 'outer/outer').
        where, _, leaf = name.rpartition("/")
        call = f'tf.{self.function}("{leaf}", ...)'
        reuse = ("tf.AUTO_REUSE" if getattr(self.reuse, "name", None) == "AUTO_REUSE"
                 else "True")
        tf_text = f"{self.function}() got an unexpected keyword argument 'reuse'"
        summary = (f"tf.{self.function} has no reuse argument: reuse belongs to the enclosing "
                   f"variable_scope, and every {self.function} call inside the scope follows "
                   f"its mode.")
        facts = [f"  at:    {self.at}", f"  scope: {self.scope!r}" if self.scope else ""]
        if self.reuse is False or self.reuse is None:
            return self._layout(tf_text, summary, facts,
                                ["Drop the argument: the call follows the scope's mode, which "
                                 "is off unless an enclosing scope turned reuse on.",
                                 f"    {call}"])
        opener = (f'with tf.variable_scope("{where}", reuse={reuse}):' if where else
                  f"with tf.variable_scope(tf.get_variable_scope(), reuse={reuse}):")
        return self._layout(
            tf_text, summary, facts,
            [f"Open the scope with reuse={reuse} around the call:", f"    {opener}",
             f"        {call}"])


class InvalidScopeNameError(ScopelabError, ValueError):
    """A scope or variable name TF1 would reject (``'_' is not a valid scope name``).

    ``variable=True``: the full name of a new variable; otherwise a scope name, ``nested`` or at
    the top level (where the first character must be a letter, digit or '.').
    """

    def __init__(self, name: str, *, nested: bool = False, variable: bool = False,
                 at: CreationSite | None = None) -> None:
        super().__init__(name=name, nested=nested, variable=variable, at=site(at))

    def _compose(self) -> str:
        tf_text = f"'{self.name}' is not a valid scope name"
        if self.variable:
            hint = (" Drop the ':0' suffix: it is part of v.name, not of the name you pass."
                    if ":" in self.name else "")
            return self._layout(
                tf_text,
                f"A variable's full name must start with a letter, digit or '.' and contain only "
                f"letters, digits and _ . - / characters (and must not end with '/').{hint}",
                [f"  at: {self.at}"], ['Use a plain name such as tf.get_variable("weights", ...).'])
        rule = ("letters, digits and _ . - / characters" if self.nested else
                "a letter, digit or '.' first, then letters, digits and _ . - / characters")
        return self._layout(
            tf_text, f"A {'nested' if self.nested else 'top-level'} scope name needs {rule}.",
            [f"  at: {self.at}"], ['    with tf.variable_scope("layer1"): ...'])


class InvalidScopeArgumentError(ScopelabError, TypeError):
    """``variable_scope`` (or ``VariableScope``) got an argument of the wrong type.

    ``argument`` names it and ``got`` is the value; ``name_or_scope`` with ``got=None`` means
    neither a name nor a default name was given. ``detail`` carries a converter's own words.
    """

    def __init__(self, argument: str, got: Any, *, detail: str = "",
                 where: str = "variable_scope", opens: str | None = None) -> None:
        # ``opens``: ``got`` is a variable_scope context manager, and this names the scope it opens
        super().__init__(argument=argument, got=got, detail=detail, where=where, opens=opens)

    def _compose(self) -> str:
        argument, got = self.argument, self.got
        if argument == "name_or_scope" and got is None:
            return self._layout(
                "If default_name is None then name_or_scope is required",
                "variable_scope needs a name, a captured scope, or a default_name to make one "
                "unique.", [],
                ['    with tf.variable_scope("layer"): ...',
                 '    with tf.variable_scope(None, default_name="layer"): ...   # layer, layer_1, ...'])
        opens = self.fields.get("opens")
        if argument == "name_or_scope" and opens is not None:
            # The scope object versus the context manager (tensorflow/tensorflow#45329).
            return self._layout(
                "VariableScope: name_or_scope must be a string or VariableScope.",
                f"got the context manager {got!r}, not the scope it opens. "
                f"tf.variable_scope(...) returns a context manager; the VariableScope exists once "
                f"its with block is entered, and `as` binds it.", [],
                ["Capture the scope with `as`, then pass the scope to re-enter it:",
                 f'    with tf.variable_scope("{opens}") as scope:   # scope: the VariableScope',
                 "        ...",
                 "    with tf.variable_scope(scope): ...   # the scope, not the context manager"])
        if argument == "name_or_scope":
            return self._layout(
                "VariableScope: name_or_scope must be a string or VariableScope.",
                f"got {type_and_repr(got)}.", [],
                ['    with tf.variable_scope("layer"): ...',
                 "    with tf.variable_scope(captured_scope): ...   # re-enter a scope object"])
        if argument == "auxiliary_name_scope":
            return self._layout(
                f"The auxiliary_name_scope must be `True` or `False`, while get {got}",
                f"auxiliary_name_scope got {type_and_repr(got)}.", [],
                ["    with tf.variable_scope(scope, auxiliary_name_scope=False): ..."])
        if argument == "default_name":
            return self._layout(
                f"default_name must be a string, got {type_and_repr(got)}.",
                "default_name is the prefix made unique: layer, layer_1, ...", [],
                ['    tf.variable_scope(None, default_name="layer")'])
        if argument in ("regularizer", "constraint"):
            return self._layout(
                f"The {argument} of a variable_scope must be callable or None, got "
                f"{type_and_repr(got)}.", f"A {argument} is a function called on each new variable.")
        if argument == "use_resource":
            return self._layout(
                f"use_resource must be True, False or None, got {got!r}.",
                "use_resource picks TF's resource variables; scopelab records it.", [],
                ['    with tf.variable_scope("layer", use_resource=True): ...'])
        # dtype
        return self._layout(
            f"{self.where}: {self.detail}", f"dtype= got {got!r}.", [],
            ['    with tf.variable_scope("layer", dtype=tf.float16): ...'])


class ScopeNestingError(ScopelabError, RuntimeError):
    """Scopes were exited in a different order than they were entered."""

    def __init__(self, what: str, *, scope: str | None = None,
                 at: CreationSite | None = None) -> None:
        super().__init__(what=what, scope=scope, at=site(at))

    def _compose(self) -> str:
        return self._layout(
            f"Improper nesting of {self.what}.",
            "Scopes must be exited in the reverse order they were entered (the innermost first).",
            [f"  at: {self.at}"],
            ["Use `with` blocks instead of calling __enter__/__exit__ by hand:",
             '    with tf.variable_scope("outer"):', '        with tf.variable_scope("inner"): ...'])


class CustomGetterError(ScopelabError, ValueError):
    """A custom getter that is not callable, or ``create_partitioned_variables`` under one."""

    def __init__(self, custom_getter: Any, *, name: str | None = None,
                 create_partitioned: bool = False) -> None:
        super().__init__(custom_getter=custom_getter, name=name,
                         create_partitioned=create_partitioned)

    def _compose(self) -> str:
        getter = self.custom_getter
        if self.create_partitioned:
            return self._layout(
                f"Private access to _get_partitioned_variable is not allowed when a custom getter "
                f"is set.  Current custom getter: {getter}.  It is likely that you're using "
                f"create_partitioned_variables.  If so, consider instead using get_variable with "
                f"a non-empty partitioner parameter instead.",
                "create_partitioned_variables bypasses custom getters, so it refuses to run under "
                "one.", [],
                ["    tf.get_variable(name, shape, partitioner=tf.fixed_size_partitioner(2))"])
        return self._layout(
            f"Passed a custom_getter which is not callable: {getter}",
            f"custom_getter must be a function, got {type(getter).__name__}.", [],
            ["A custom getter takes the real getter first and keyword arguments:",
             "    def my_getter(getter, *args, **kwargs):",
             "        return getter(*args, **kwargs)"])
