"""Store-reading diagnostics shared by the exercises: each returns a Feedback, or None when fine.

They compare what the answer left in the store (names, shapes, dtypes, collections, values), as
plain data in an :class:`~scopelab.exercises.observation.Observation`, with what the task asked
for, and name the mistake class: a missing scope prefix, name_scope used instead of variable_scope,
a second copy instead of sharing, a wrong shape/dtype/initializer and so on.
"""

from __future__ import annotations

import re

import numpy as np

from scopelab import errors
from scopelab.exercises.attempt import AttemptTimeout
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import Observation, same_variable
from scopelab.exercises.result import Feedback

__all__ = [
    "classify_error", "expect_variable", "expect_absent", "expect_count", "expect_same_object",
    "expect_values", "basename",
]


def basename(full_name: str) -> str:
    return full_name.rsplit("/", 1)[-1]


def _scope_of(full_name: str) -> str:
    return full_name.rsplit("/", 1)[0] if "/" in full_name else ""


def _error_name(err: BaseException) -> str:
    name = getattr(err, "name", None)
    return name.removesuffix(":0") if isinstance(name, str) and name else "?"


def classify_error(err: BaseException) -> Feedback:
    """Name the mistake behind an error the answer raised."""
    if isinstance(err, AttemptTimeout):
        return feedback("timeout", f"Stopped: {err}.")
    raw_name = getattr(err, "name", None)
    if isinstance(raw_name, str) and raw_name.endswith(":0"):
        return feedback("colon_suffix", f"Your code asked for a variable named {raw_name!r}.")
    if isinstance(err, errors.VariableAlreadyExistsError):
        return feedback("reuse_missing",
                        f"Your code asked for {_error_name(err)!r} a second time while reuse was off.")
    if isinstance(err, errors.VariableNotFoundError):
        return feedback("reuse_on_new_variable",
                        f"Your code asked to reuse {_error_name(err)!r}, which did not exist yet.")
    if isinstance(err, errors.ShapeMismatchError):
        return feedback("shape_mismatch_on_reuse", "Your code reused a variable with another shape.")
    if isinstance(err, errors.DtypeMismatchError):
        return feedback("dtype_mismatch_on_reuse", "Your code reused a variable with another dtype.")
    if isinstance(err, (errors.PartitionerError, errors.PartitionMismatchError,
                        errors.PartitioningConflictError)):
        return feedback("wrong_partitioning", f"The partitioner was rejected: {_first_line(err)}")
    if isinstance(err, errors.CustomGetterError):
        return feedback("custom_getter", f"The getter was rejected: {_first_line(err)}")
    if isinstance(err, errors.InitializerDtypeMismatchError):
        return feedback("wrong_dtype", f"The initializer value and dtype= disagree: {_first_line(err)}")
    if isinstance(err, errors.ConstantWithShapeError):
        return feedback("constant_with_shape", "get_variable got both a constant value and a shape.")
    return feedback("python_error", f"It raised {type(err).__name__}: {_first_line(err)}")


def _first_line(err: BaseException) -> str:
    """What to quote from an error: a scopelab error's headline (TF1's sentence), else the
    first line of a Python error (never parsed: the classes and fields above decide)."""
    if isinstance(err, errors.ScopelabError):
        return err.headline or type(err).__name__
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _name_scope_hint(attempt: Observation, found: str, missing_prefix: str) -> bool:
    """True if ``found`` was created while a name scope containing the missing prefix was active."""
    for event in attempt.created():
        if event.name == found and event.name_scope:
            if missing_prefix.strip("/") and missing_prefix.strip("/").split("/")[-1] in event.name_scope.split("/"):
                return True
    return False


def expect_variable(attempt: Observation, full_name: str, shape=None, dtype=None) -> Feedback | None:
    """The store must hold ``full_name`` (no ``:0``) with this shape and dtype."""
    if full_name.endswith(":0"):
        raise ValueError("expect_variable takes a store name without ':0'")
    found = attempt.get(full_name)
    if found is None:
        return _explain_missing(attempt, full_name)
    if shape is not None:
        got = tuple(found.shape)
        if got != tuple(shape):
            return feedback("wrong_shape", f"{full_name!r}: expected shape {tuple(shape)}, got {got}.")
    if dtype is not None:
        want = getattr(dtype, "name", str(dtype))
        if found.dtype != want:
            return feedback("wrong_dtype", f"{full_name!r}: expected dtype {want}, got {found.dtype}.")
    return None


def _explain_missing(attempt: Observation, full_name: str) -> Feedback:
    names = attempt.variable_names() + [p.full_name for p in attempt.partitioned()]
    if any(n == full_name + ":0" or n.endswith(":0") for n in names):
        return feedback("colon_suffix", f"Your store has {sorted(names)!r}.")
    same_base = [n for n in names if basename(n) == basename(full_name)]
    for cand in same_base:
        if full_name.endswith("/" + cand) or cand == basename(full_name):
            missing = full_name[: len(full_name) - len(cand)]
            if _name_scope_hint(attempt, cand, missing):
                return feedback("name_scope_instead",
                                f"You created {cand!r}, without {missing!r} in front, while a "
                                f"name_scope was active.")
            return feedback("missing_prefix",
                            f"You created {cand!r}, but {full_name!r} was asked for: the prefix "
                            f"{missing!r} is missing.")
    for cand in same_base:
        if re.fullmatch(re.escape(_scope_of(full_name)) + r"_\d+", _scope_of(cand)):
            return feedback("not_shared", f"Your store has {cand!r} next to where {full_name!r} belongs.")
    if same_base:
        return feedback("wrong_name", f"No {full_name!r}; the closest you created: {sorted(same_base)!r}.")
    if names:
        return feedback("wrong_name", f"No {full_name!r}; your variables are {sorted(names)!r}.")
    return feedback("missing_variable", f"No variable named {full_name!r} was created.")


def expect_absent(attempt: Observation, full_name: str, why: str) -> Feedback | None:
    """``full_name`` must NOT be in the store (a copy that should have been shared, say)."""
    if attempt.get(full_name) is not None:
        return feedback(why, f"Your store also has {full_name!r}.")
    return None


def expect_count(attempt: Observation, n: int, category: str = "extra_variables") -> Feedback | None:
    """Exactly ``n`` (unpartitioned) variables were created by the answer."""
    names = attempt.variable_names()
    if len(names) != n:
        return feedback(category, f"Expected {n} new variables, got {len(names)}: {names!r}.")
    return None


def expect_same_object(a, b, what: str) -> Feedback | None:
    """Two handles (returned or stored) must be the very same variable object."""
    if a is None or b is None:
        return feedback("wrong_return", f"{what}: the function returned None.")
    if not same_variable(a, b):
        na, nb = getattr(a, "name", repr(a)), getattr(b, "name", repr(b))
        return feedback("not_shared", f"{what}: got two different variables, {na!r} and {nb!r}.")
    return None


def expect_values(attempt: Observation, full_name: str, kind: str, **params) -> Feedback | None:
    """Check a variable's values by their statistics (not by the initializer's name).

    kinds: ``zeros``, ``ones``, ``constant`` (value=), ``truncated_normal`` (stddev=, mean=0),
    ``uniform`` (limit=: values in [-limit, limit) and spread over it).
    """
    values = attempt.value(full_name)
    if values is None:
        return _explain_missing(attempt, full_name)
    x = np.asarray(values, dtype=np.float64).ravel()
    stats = f"mean {x.mean():.3g}, std {x.std():.3g}, min {x.min():.3g}, max {x.max():.3g}"
    if kind in ("zeros", "ones", "constant"):
        want = {"zeros": 0.0, "ones": 1.0}.get(kind, params.get("value"))
        if not np.allclose(x, want):
            return feedback("wrong_initializer",
                            f"{full_name!r} should start as all {want:g}; yours has {stats}.")
        return None
    if kind == "truncated_normal":
        mean, std = params.get("mean", 0.0), params["stddev"]
        if np.abs(x - mean).max() > 2 * std + 1e-6:
            return feedback("wrong_initializer",
                            f"{full_name!r} has values beyond 2 stddev ({stats}): a truncated normal "
                            f"never goes that far.")
        # post-truncation std is about 0.88 * stddev
        if not (0.6 * std < x.std() < 1.05 * std) or abs(x.mean() - mean) > 0.25 * std:
            return feedback("wrong_initializer",
                            f"{full_name!r} does not look like a truncated normal with stddev "
                            f"{std:g}: {stats}.")
        return None
    if kind == "uniform":
        limit = params["limit"]
        if np.abs(x).max() > limit + 1e-6 or x.std() < 0.4 * limit:
            return feedback("wrong_initializer",
                            f"{full_name!r} does not look uniform in [-{limit:.3g}, {limit:.3g}): {stats}.")
        return None
    raise ValueError(f"unknown value kind {kind!r}")
