"""Error texts of the store and scopes: TF1's exact message first, then the explanation.

Layout of every message (style guide §7): TF1's sentence (so searches for "already exists,
disallowed" still work), a plain-words summary, the facts (where the variable was created, where it
was asked for, the reuse mode and who set it), one to three fixes to paste, the notebook tip when a
re-run cell is the likely cause, and the docs anchor. Deterministic: no addresses, no temp paths.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from scopelab.errors import DOCS_ERRORS_PAGE
from scopelab.names import CreationSite, capture_site

NOTEBOOK_TIP = ("Re-ran a notebook cell? The store keeps every variable until "
                "tf.reset_default_graph() is called: call it at the top of the cell.")


def _anchor(cls_name: str) -> str:
    return f"More: {DOCS_ERRORS_PAGE}#{cls_name.lower()}"


def _where(ctx: Any) -> CreationSite:
    site = getattr(ctx, "requested_at", None)
    return site if site is not None else capture_site()


def _split(name: str) -> tuple[str, str]:
    scope, _, leaf = name.rpartition("/")
    return scope, leaf


def count(n: int, noun: str) -> str:
    """``"1 variable"``, ``"3 variables"`` (regular English plurals only)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def describe_reuse(reuse: Any) -> str:
    if reuse is True:
        return "True (the variable must already exist)"
    if reuse is False:
        return "off"
    if reuse is None:
        return "None (get or create)"
    return "AUTO_REUSE (get or create)"


def _reuse_line(ctx: Any, reuse: Any) -> str:
    scope = getattr(ctx, "scope_name", "")
    set_by = getattr(ctx, "reuse_set_by", "")
    where = f"{scope!r}" if scope else "'' (the root scope)"
    mode = describe_reuse(reuse)
    if set_by and reuse is not False:
        # One parenthesis: "True (the variable must already exist; set by variable_scope(...))".
        mode = f"{mode[:-1]}; set by {set_by})" if mode.endswith(")") else f"{mode} (set by {set_by})"
    elif reuse is False:
        mode += " (no enclosing scope turned it on)"
    return f"  scope:         {where}   reuse: {mode}"


def _compose(tf_text: str, summary: str, facts: Iterable[str], fixes: Iterable[str],
             cls_name: str, tip: bool = False) -> str:
    parts = [tf_text, "", summary]
    facts = [f for f in facts if f]
    if facts:
        parts += ["", *facts]
    fixes = list(fixes)
    if fixes:
        parts += ["", *fixes]
    if tip:
        parts += ["", NOTEBOOK_TIP]
    parts.append(_anchor(cls_name))
    return "\n".join(parts)


def closest(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Existing names most like ``name`` (difflib), best first."""
    return difflib.get_close_matches(name, list(names), n=n, cutoff=0.5)


def _scope_call(scope: str, reuse: str) -> str:
    return f'with tf.variable_scope("{scope}", reuse={reuse}):' if scope else \
        f"with tf.variable_scope(tf.get_variable_scope(), reuse={reuse}):"


# --- reuse ------------------------------------------------------------------------------------------
def already_exists(name: str, found: Any, ctx: Any) -> str:
    scope, leaf = _split(name)
    return _compose(
        f"Variable {name} already exists, disallowed. Did you mean to set reuse=True or "
        f"reuse=tf.AUTO_REUSE in VarScope?",
        f"A variable named {name!r} already exists, and the current scope does not allow reuse.",
        [f"  first created: {found.created_at}",
         f"  asked again:   {_where(ctx)}",
         _reuse_line(ctx, False)],
        ["To share the existing variable:",
         f"    {_scope_call(scope, 'True')} ...        # must already exist",
         f"    {_scope_call(scope, 'tf.AUTO_REUSE')} ...  # create or reuse",
         "To make a separate variable, use another name:",
         f'    tf.get_variable("{leaf}_2", ...)   # -> {(scope + "/" if scope else "") + leaf + "_2"!r}'],
        "VariableAlreadyExistsError", tip=True)


def not_found(name: str, existing: Iterable[str], ctx: Any) -> str:
    scope, leaf = _split(name)
    suggestions = closest(name, existing)
    near = (f"  closest existing names: {', '.join(repr(s) for s in suggestions)}"
            if suggestions else "  no existing variable has a similar name")
    output_suffix = re.search(r":\d+$", leaf)
    fixes = ([f"Drop the {output_suffix.group()!r} suffix: it belongs to v.name, not to the name "
              f"you pass:",
              f'    tf.get_variable("{leaf[:output_suffix.start()]}")']
             if output_suffix else [])
    return _compose(
        f"Variable {name} does not exist, or was not created with tf.get_variable(). Did you "
        f"mean to set reuse=tf.AUTO_REUSE in VarScope?",
        f"No variable named {name!r} exists, and the scope has reuse=True, which only fetches "
        f"existing variables.",
        [f"  asked for:     {_where(ctx)}", _reuse_line(ctx, True), near],
        [*fixes, "To create it when missing and reuse it afterwards:",
         f"    {_scope_call(scope, 'tf.AUTO_REUSE')} ...",
         "Or create it first in a scope without reuse=True, then fetch it with reuse=True.",
         "Variables made with tf.Variable(...) are not in the store: use tf.get_variable."],
        "VariableNotFoundError")


def shape_mismatch(name: str, shape: Any, found: Any, ctx: Any) -> str:
    return _compose(
        f"Trying to share variable {name}, but specified shape {shape} and found shape "
        f"{found.shape}.",
        f"The existing variable {name!r} cannot be reused with this shape: expected "
        f"{found.shape}, got {shape}.",
        [f"  first created: {found.created_at}", f"  asked again:   {_where(ctx)}"],
        ["To reuse it, ask for its shape (or none):",
         f'    tf.get_variable("{_split(name)[1]}", shape={found.shape.as_list()})',
         "To make a new variable with the new shape, give it another name."],
        "ShapeMismatchError", tip=True)


def dtype_mismatch(name: str, dtype: Any, found: Any, ctx: Any) -> str:
    return _compose(
        f"Trying to share variable {name}, but specified dtype {dtype.name} and found dtype "
        f"{found.dtype.name}.",
        f"The existing variable {name!r} cannot be reused with this dtype: expected "
        f"{found.dtype.name}, got {dtype.name}. (dtype=None means the scope's dtype, float32 "
        f"unless a scope set another.)",
        [f"  first created: {found.created_at}", f"  asked again:   {_where(ctx)}"],
        ["Ask for the dtype it was created with:",
         f'    tf.get_variable("{_split(name)[1]}", dtype=tf.{found.dtype.name})'],
        "DtypeMismatchError", tip=True)


# --- initializers -----------------------------------------------------------------------------------
def constant_with_shape(name: str, shape: Any, value: Any) -> str:
    return _compose(
        "If initializer is a constant, do not specify shape.",
        f"Variable {name!r} got both a constant initializer (a value, which already has a "
        f"shape) and shape={shape!r}. This is checked even when the variable is reused.",
        [f"  at: {capture_site()}"],
        ["Drop shape= (the value's shape is used):",
         f'    tf.get_variable("{_split(name)[1]}", initializer=value)',
         "Or keep shape= and wrap the value in an initializer:",
         f'    tf.get_variable("{_split(name)[1]}", shape={shape!r}, '
         f"initializer=tf.constant_initializer(value))"],
        "InitializerError")


def initializer_needs_shape(name: str, shape: Any, initializer: Any) -> str:
    return _compose(
        "The initializer passed is not valid. It should be a callable with no arguments and the "
        "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
        "should be fully defined.",
        f"Variable {name!r} has no fully defined shape (got {shape}), so its initializer cannot "
        f"be called: initializers need the shape to know how many numbers to make.",
        [f"  at: {capture_site()}"],
        ["Give a fully defined shape:",
         f'    tf.get_variable("{_split(name)[1]}", shape=[3, 4])',
         "Or pass the value itself as initializer (no shape=):",
         f'    tf.get_variable("{_split(name)[1]}", initializer=np.zeros([3, 4], np.float32))'],
        "InitializerError")


def no_default_initializer(name: str, dtype: Any) -> str:
    return _compose(
        f"An initializer for variable {name} of {dtype} is required",
        f"There is no default initializer for dtype {dtype.name}.",
        [], ["Pass one explicitly:", '    tf.get_variable(..., initializer=tf.zeros_initializer())'],
        "InitializerError")


def init_dtype_mismatch(init_dtype: Any, dtype: Any) -> str:
    return _compose(
        f"Initializer type '{init_dtype}' and explicit dtype '{dtype}' don't match.",
        f"The constant initializer has dtype {init_dtype.name} but dtype= asks for "
        f"{dtype.name}: expected {dtype.name}, got {init_dtype.name}. (Python floats become "
        f"float32 and Python ints int32, as in TF1.)",
        [f"  at: {capture_site()}"],
        ["Drop dtype= (the value's dtype is used), or convert the value first:",
         f"    initializer=np.asarray(value, dtype=np.{dtype.name})"],
        "InitializerError")


def init_output_shape(name: str, dims: Any, got: Any) -> str:
    return _compose(
        f"The initializer of variable {name} returned a value of the wrong shape.",
        f"expected shape {tuple(dims)}, got {tuple(got)}.",
        [f"  at: {capture_site()}"],
        ["An initializer is called as init(shape, dtype=..., partition_info=...) and must "
         "return an array of exactly that shape:",
         "    def my_init(shape, dtype=None, partition_info=None):",
         "        return np.zeros(shape, dtype=np.float32)"],
        "InitializerError")


def init_output_dtype(name: str, dtype: Any, got: Any) -> str:
    return _compose(
        f"The initializer of variable {name} returned a value of the wrong dtype.",
        f"expected {dtype.name} (or something that converts to it safely), got {got}.",
        [f"  at: {capture_site()}"],
        ["Return values of the requested dtype:",
         "    return np.zeros(shape, dtype=dtype.as_numpy_dtype)"],
        "InitializerError")


def bad_init_output(name: str, value: Any, exc: Any) -> str:
    return _compose(
        f"The initializer of variable {name} returned {type(value).__name__}, which is not an "
        f"array of numbers.", f"Could not convert it to an array{': ' + str(exc) if exc else ''}.",
        [], ["Return a NumPy array (or a list of numbers) of the requested shape."],
        "InitializerTypeError")


def bad_init_signature(name: str, initializer: Any) -> str:
    return _compose(
        f"The initializer of variable {name} cannot be called as init(shape, dtype=...).",
        "get_variable calls initializers as init(shape, dtype=dtype, partition_info=...) "
        "(partition_info only if the function takes it).",
        [], ["Accept those arguments:",
             "    def my_init(shape, dtype=None, partition_info=None): ...",
             "Or pass a value (no shape=) or a function with no arguments."],
        "InitializerTypeError")


def bad_constant(value: Any, exc: Any) -> str:
    return _compose(
        f"Cannot convert an initializer of type {type(value).__name__} to a tensor.",
        f"A constant initializer must be a number, a (nested) list of numbers, a string or a "
        f"NumPy array{'; ' + str(exc) if exc else ''}.",
        [], ["Pass an initializer object instead, e.g. initializer=tf.zeros_initializer()."],
        "InitializerTypeError")


def constant_dtype(value: Any, got: Any, dtype: Any) -> str:
    return _compose(
        f"Cannot convert the constant initializer to dtype {dtype.name}.",
        f"expected values convertible to {dtype.name}, got {got}.", [],
        ["Pass a value of the right dtype, e.g. np.asarray(value, dtype=np."
         f"{dtype.name})."], "InitializerError")


# --- names, arguments -------------------------------------------------------------------------------
def bad_variable_name(name: str) -> str:
    hint = (" Drop the ':0' suffix: it is part of v.name, not of the name you pass."
            if ":" in name else "")
    return _compose(
        f"'{name}' is not a valid scope name",
        f"A variable's full name must start with a letter, digit or '.' and contain only "
        f"letters, digits and _ . - / characters (and must not end with '/').{hint}",
        [f"  at: {capture_site()}"],
        ['Use a plain name such as tf.get_variable("weights", ...).'],
        "InvalidScopeNameError")


def name_not_str(name: Any) -> str:
    return _compose(
        f"A variable name must be a string, got {type(name).__name__} {name!r}.",
        "get_variable's first argument is the variable's name within the current scope.", [],
        ['    tf.get_variable("w", shape=[2, 3])'], "InvalidArgumentTypeError")


def bad_dtype(name: str, dtype: Any, exc: Any) -> str:
    return _compose(f"Variable {name!r}: {exc}", f"dtype= got {dtype!r}.", [],
                    ["    tf.get_variable(..., dtype=tf.float32)"], "InvalidArgumentTypeError")


def bad_shape(name: str, shape: Any, exc: Any) -> str:
    return _compose(
        f"Variable {name!r}: invalid shape {shape!r}: {exc}",
        "A shape is a list or tuple of non-negative ints (None for an unknown dimension).", [],
        ["    tf.get_variable(..., shape=[784, 128])"], "InvalidArgumentError")


def bad_collections(collections: Any, name: str) -> str:
    return _compose(
        f"collections argument to Variable constructor must be a list, tuple, or set. Got "
        f"{collections} of type {type(collections)}",
        f"Variable {name!r}: collections= takes a list of collection names.", [],
        ['    tf.get_variable(..., collections=["my_collection"])   # not "my_collection"'],
        "InvalidArgumentError")


def constraint_not_callable(constraint: Any) -> str:
    return _compose("The `constraint` argument must be a callable.",
                    f"got {type(constraint).__name__} {constraint!r}.", [],
                    ["    constraint=lambda v: np.clip(v, -1, 1)"], "InvalidArgumentError")


def regularizer_not_callable(regularizer: Any, name: str) -> str:
    return _compose(
        f"The regularizer of variable {name} must be callable, got "
        f"{type(regularizer).__name__} {regularizer!r}.",
        "A regularizer is a function variable -> loss (or None).", [],
        ["    regularizer=tf.contrib.layers.l2_regularizer(0.1)   # scopelab: "
         "tf.l2_regularizer(0.1)"], "InvalidArgumentError")


def bad_loss(result: Any, name: str) -> str:
    return _compose(
        f"The regularizer of variable {name} returned {type(result).__name__}, not a number.",
        "A regularizer must return a number (or array of numbers), or None for no loss.", [],
        ["    regularizer=lambda v: 0.1 * tf.reduce_sum(tf.square(v))"], "InvalidArgumentError")


def bad_synchronization(value: Any, name: str) -> str:
    return _compose(f"Invalid variable synchronization mode: {value} for variable: {name}",
                    "Use a tf.VariableSynchronization member.", [],
                    ["    synchronization=tf.VariableSynchronization.AUTO"],
                    "InvalidArgumentError")


def bad_aggregation(value: Any, name: str) -> str:
    return _compose(f"Invalid variable aggregation mode: {value} for variable: {name}",
                    "Use a tf.VariableAggregation member.", [],
                    ["    aggregation=tf.VariableAggregation.NONE"], "InvalidArgumentError")


def getter_not_callable(getter: Any) -> str:
    return _compose(
        f"Passed a custom_getter which is not callable: {getter}",
        f"custom_getter must be a function, got {type(getter).__name__}.", [],
        ["A custom getter takes the real getter first and keyword arguments:",
         "    def my_getter(getter, *args, **kwargs):",
         "        return getter(*args, **kwargs)"],
        "CustomGetterError")


# --- partitioned ------------------------------------------------------------------------------------
def partitioner_not_callable(partitioner: Any) -> str:
    return _compose(f"Partitioner must be callable, but received: {partitioner}",
                    "Pass the partitioner function, not its result.", [],
                    ["    partitioner=tf.fixed_size_partitioner(2)"], "PartitionerError")


def partitioned_found(name: str, shard: Any, ctx: Any) -> str:
    return _compose(
        f"No partitioner was provided, but a partitioned version of the variable was found: "
        f"{name}/part_0. Perhaps a variable of the same name was already created with "
        f"partitioning?",
        f"{name!r} exists as a partitioned variable; ask for it with its partitioner (under "
        f"AUTO_REUSE), or with reuse=True and no partitioner.",
        [f"  first created: {shard.created_at}", f"  asked again:   {_where(ctx)}"],
        ["    tf.get_variable(..., partitioner=tf.fixed_size_partitioner(2))   # same as before"],
        "PartitioningConflictError", tip=True)


def unpartitioned_found(name: str, found: Any, ctx: Any) -> str:
    return _compose(
        f"A partitioner was provided, but an unpartitioned version of the variable was found: "
        f"{name}.  Perhaps a variable of the same name was already created without "
        f"partitioning?",
        f"{name!r} exists as an ordinary variable; a partitioner cannot split it afterwards.",
        [f"  first created: {found.created_at}", f"  asked again:   {_where(ctx)}"],
        ["Reuse it without a partitioner, or create the partitioned one under another name."],
        "PartitioningConflictError", tip=True)


def partitioned_exists(name: str, existing: Any, ctx: Any) -> str:
    scope, _ = _split(name)
    return _compose(
        f"Partitioned variable with name {name} already exists. Did you mean to set reuse=True "
        f"or reuse=tf.AUTO_REUSE in VarScope?",
        f"A partitioned variable named {name!r} already exists, and the current scope does not "
        f"allow reuse.",
        [f"  first created: {existing.created_at}", f"  asked again:   {_where(ctx)}",
         _reuse_line(ctx, False)],
        [f"    {_scope_call(scope, 'tf.AUTO_REUSE')} ...  # create or reuse"],
        "VariableAlreadyExistsError", tip=True)


def partitioned_not_found(name: str, existing: Iterable[str], ctx: Any) -> str:
    scope, _ = _split(name)
    suggestions = closest(name, existing)
    return _compose(
        f"PartitionedVariable {name} does not exist, or was not created with tf.get_variable(). "
        f"Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?",
        f"No partitioned variable named {name!r} exists, and the scope has reuse=True.",
        [f"  asked for:     {_where(ctx)}", _reuse_line(ctx, True),
         f"  closest existing names: {', '.join(map(repr, suggestions))}" if suggestions else ""],
        [f"    {_scope_call(scope, 'tf.AUTO_REUSE')} ...  # create or reuse"],
        "VariableNotFoundError")


def partitioned_shape(name: str, shape: Any, existing: Any, ctx: Any) -> str:
    return _compose(
        f"Trying to reuse partitioned variable {name}, but specified shape {shape} and found "
        f"shape {existing.get_shape()}.",
        f"expected {existing.get_shape()}, got {shape}.",
        [f"  first created: {existing.created_at}", f"  asked again:   {_where(ctx)}"],
        [f"    tf.get_variable(..., shape={existing.get_shape().as_list()})"],
        "ShapeMismatchError", tip=True)


def partitioned_dtype(name: str, dtype: Any, existing: Any, ctx: Any) -> str:
    return _compose(
        f"Trying to reuse partitioned variable {name}, but specified dtype {dtype.name} and "
        f"found dtype {existing.dtype.name}.",
        f"expected {existing.dtype.name}, got {dtype.name}.",
        [f"  first created: {existing.created_at}", f"  asked again:   {_where(ctx)}"],
        [f"    tf.get_variable(..., dtype=tf.{existing.dtype.name})"], "DtypeMismatchError")


def partitions_changed(name: str, partitions: Any, existing: Any, ctx: Any) -> str:
    return _compose(
        f"Trying to reuse partitioned variable {name}, but specified partitions {partitions} "
        f"and found partitions {existing._get_partitions()}.",
        f"The partitioner now splits {name!r} differently: expected "
        f"{existing._get_partitions()}, got {partitions} (compared with Python !=, so (2, 1) "
        f"and [2, 1] differ).",
        [f"  first created: {existing.created_at}", f"  asked again:   {_where(ctx)}"],
        ["Use the same partitioner as at creation, or reuse with reuse=True and no "
         "partitioner."], "PartitionMismatchError", tip=True)


def shard_missing(name: str, num: int) -> str:
    return _compose(
        f"Partitioner returned a different partitioning than what was already found.  "
        f"Partitioner returned {num} shards, and shard {name}/part_0 was found, but "
        f"{name}/part_{num - 1} was not.", "The shards in the store do not match.", [], [],
        "PartitionMismatchError")


def shard_extra(name: str, num: int) -> str:
    return _compose(
        f"Partitioner returned a different partitioning than what was already found.  "
        f"Partitioner returned {num} shards, and shard {name}/part_0 was found, but so was the "
        f"extra shard {name}/part_{num}.", "The shards in the store do not match.", [], [],
        "PartitionMismatchError")


def partitioned_value_shape(name: str, shape: Any, value: Any) -> str:
    return _compose(
        f"Shape of a new partitioned variable must be fully defined, but instead was {shape}.",
        f"The constant initializer of partitioned variable {name!r} has shape "
        f"{tuple(getattr(value, 'shape', ()))}, which does not match shape {shape}.", [],
        ["Pass shape= equal to the value's shape, or a NumPy array (its shape is used)."],
        "InitializerError")


# --- scopes -----------------------------------------------------------------------------------------
def bad_scope_name(name: str, nested: bool) -> str:
    rule = ("letters, digits and _ . - / characters" if nested else
            "a letter, digit or '.' first, then letters, digits and _ . - / characters")
    return _compose(
        f"'{name}' is not a valid scope name",
        f"A {'nested' if nested else 'top-level'} scope name needs {rule}.",
        [f"  at: {capture_site()}"],
        ['    with tf.variable_scope("layer1"): ...'], "InvalidScopeNameError")


def improper_nesting(what: str) -> str:
    return _compose(
        f"Improper nesting of {what}.",
        "Scopes must be exited in the reverse order they were entered (the innermost first).",
        [f"  at: {capture_site()}"],
        ["Use `with` blocks instead of calling __enter__/__exit__ by hand:",
         '    with tf.variable_scope("outer"):', '        with tf.variable_scope("inner"): ...'],
        "ScopeNestingError")


def need_name() -> str:
    return _compose(
        "If default_name is None then name_or_scope is required",
        "variable_scope needs a name, a captured scope, or a default_name to make one unique.",
        [], ['    with tf.variable_scope("layer"): ...',
             '    with tf.variable_scope(None, default_name="layer"): ...   # layer, layer_1, ...'],
        "InvalidScopeArgumentError")


def bad_reuse(reuse: Any) -> str:
    return _compose(
        "The reuse parameter must be True or False or None.",
        f"reuse={reuse!r} is none of True, False, None or tf.AUTO_REUSE (checked by identity, "
        f"so 1, 0 and 'yes' are rejected).", [],
        ["    with tf.variable_scope(\"layer\", reuse=True): ...          # fetch existing",
         "    with tf.variable_scope(\"layer\", reuse=tf.AUTO_REUSE): ... # get or create"],
        "InvalidReuseError")


def reuse_without_name(reuse: Any) -> str:
    return _compose(
        "reuse=True cannot be used without a name_or_scope",
        f"A default_name scope gets a fresh unique name, so there is nothing to reuse "
        f"(reuse={'tf.AUTO_REUSE' if reuse is not True else 'True'} counts as True here).", [],
        ["Name the scope you want to reuse:",
         '    with tf.variable_scope("layer", reuse=True): ...'], "InvalidReuseError")


def bad_aux(value: Any) -> str:
    return _compose(
        f"The auxiliary_name_scope must be `True` or `False`, while get {value}",
        f"auxiliary_name_scope got {type(value).__name__} {value!r}.", [],
        ["    with tf.variable_scope(scope, auxiliary_name_scope=False): ..."],
        "InvalidScopeArgumentError")


def bad_default_name(value: Any) -> str:
    return _compose(f"default_name must be a string, got {type(value).__name__} {value!r}.",
                    "default_name is the prefix made unique: layer, layer_1, ...", [],
                    ['    tf.variable_scope(None, default_name="layer")'],
                    "InvalidScopeArgumentError")


def bad_name_or_scope(value: Any) -> str:
    return _compose(
        "VariableScope: name_or_scope must be a string or VariableScope.",
        f"got {type(value).__name__} {value!r}.", [],
        ['    with tf.variable_scope("layer"): ...',
         "    with tf.variable_scope(captured_scope): ...   # re-enter a scope object"],
        "InvalidScopeArgumentError")


def not_callable(what: str, value: Any) -> str:
    return _compose(f"The {what} of a variable_scope must be callable or None, got "
                    f"{type(value).__name__} {value!r}.",
                    f"A {what} is a function called on each new variable.", [], [],
                    "InvalidScopeArgumentError")


def bad_name_scope_type(value: Any) -> str:
    return _compose(f"A name scope must be a string or None, got {type(value).__name__} "
                    f"{value!r}.", "name_scope takes the scope's name.", [],
                    ['    with tf.name_scope("block"): ...'], "InvalidArgumentTypeError")


def bad_device(value: Any) -> str:
    return _compose(f"A device must be a string such as '/cpu:0' or '/gpu:0', got "
                    f"{type(value).__name__} {value!r}.", "tf.device picks where new "
                    "variables live.", [], ['    with tf.device("/gpu:0"): ...'],
                    "InvalidArgumentTypeError")


def bad_slicing_type(shape: Any, slicing: Any) -> str:
    return _compose(f"shape and slicing must be lists of ints, got {shape!r} and {slicing!r}.",
                    "create_partitioned_variables(shape, slicing, initializer)", [],
                    ["    tf.create_partitioned_variables([10, 4], [2, 1], tf.zeros_initializer())"],
                    "InvalidArgumentTypeError")


def private_partitioned(getter: Any) -> str:
    return _compose(
        f"Private access to _get_partitioned_variable is not allowed when a custom getter is "
        f"set.  Current custom getter: {getter}.  It is likely that you're using "
        f"create_partitioned_variables.  If so, consider instead using get_variable with a "
        f"non-empty partitioner parameter instead.",
        "create_partitioned_variables bypasses custom getters, so it refuses to run under one.",
        [], ["    tf.get_variable(name, shape, partitioner=tf.fixed_size_partitioner(2))"],
        "CustomGetterError")


def reset_inside_graph() -> str:
    return ("Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, "
            "exit the nesting and create a new graph.\n\n"
            "You are inside a `with tf.Graph().as_default():` block, whose graph is separate from the "
            "default one. To start afresh inside it, open another block:\n"
            "    with tf.Graph().as_default():\n"
            "        ...   # an empty graph: no variables, scopes or seed")
