"""Helpers for your own notebook and pytest regression tests of scoping code.

>>> import scopelab as tf
>>> from scopelab import testing
>>> with testing.fresh_graph():
...     with tf.variable_scope("enc"):
...         w = tf.get_variable("w", shape=[2, 3])
...     print(testing.snapshot_store())
enc/w:0  shape=(2, 3)  dtype=float32  trainable

Names:
  ``fresh_graph()``                         an empty default graph for the block (reset before and after)
  ``snapshot_store(prefix=None)``           the store as stable text, one line per variable
  ``assert_scope_tree_matches(path, ...)``  compare that text with a stored file (``update=True`` writes)
  ``assert_shares_variable(a, b)``          two handles are the same variable (explains if not)
  ``assert_variable(name, shape=, dtype=, trainable=, collections=)``
  ``assert_no_variable(name)``
  ``variable_names(prefix=None)``           sorted store names with ``:0``

The snapshot format is this module's own, kept stable for stored files on purpose (display
renderers may change their look; a regression file should change only when the store does).
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterator
from pathlib import Path

import scopelab as tf
from scopelab.keys import GraphKeys
from scopelab.store import get_default_store

__all__ = [
    "fresh_graph", "snapshot_store", "assert_scope_tree_matches", "assert_shares_variable",
    "assert_variable", "assert_no_variable", "variable_names", "UPDATE_ENV",
]

UPDATE_ENV = "SCOPELAB_UPDATE_SNAPSHOTS"


@contextlib.contextmanager
def fresh_graph() -> Iterator[object]:
    """Run the block on an empty default graph: ``tf.reset_default_graph()`` before and after.

    Yields the (now empty) default store. Note: like TF1's reset, this clears the notebook's store;
    anything created before the block is gone afterwards.
    """
    tf.reset_default_graph()
    try:
        yield get_default_store()
    finally:
        tf.reset_default_graph()


def _strip(name: str) -> str:
    return name[:-2] if name.endswith(":0") else name


def _collections_of(store, full_name: str) -> list[str]:
    found = []
    for key in sorted(store.collection_keys()):
        if key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES):
            continue
        if any(_strip(getattr(x, "name", "")) == full_name for x in store.get_collection(key)):
            found.append(key)
    return found


def snapshot_store(prefix: str | None = None, store=None) -> str:
    """The store as text: one line per variable, sorted by name, shards under their container.

    ``prefix`` keeps only names starting with it (``"enc/"``). Lines look like
    ``enc/w:0  shape=(2, 3)  dtype=float32  trainable  [local_variables]``.
    """
    store = store if store is not None else get_default_store()
    trainable = {_strip(v.name) for v in store.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                 if hasattr(v, "name")}
    lines = []
    for v in store.variables():
        if prefix and not v.name.startswith(prefix):
            continue
        flags = ["trainable"] if v.full_name in trainable else []
        extra = _collections_of(store, v.full_name)
        tail = f"  [{', '.join(extra)}]" if extra else ""
        lines.append((v.name, f"{v.name}  shape={tuple(v.shape.as_list())}  dtype={v.dtype.name}"
                               + "".join(f"  {f}" for f in flags) + tail))
    for pv in store.partitioned_variables():
        name = getattr(pv, "full_name", None) or pv.name
        if prefix and not name.startswith(prefix):
            continue
        shards = [tuple(s.shape.as_list()) for s in pv]
        lines.append((name, f"{name}  partitioned shape={tuple(pv.shape.as_list())}  shards={shards}"))
    return "\n".join(text for _key, text in sorted(lines))


def assert_scope_tree_matches(path: str | os.PathLike, update: bool = False, prefix: str | None = None,
                              store=None) -> None:
    """Compare :func:`snapshot_store` with the text stored at ``path``.

    The file is written (and the assertion passes) when it does not exist yet, when ``update=True``,
    or when the environment variable ``SCOPELAB_UPDATE_SNAPSHOTS=1`` is set. Otherwise a mismatch
    raises AssertionError with a unified diff (stored -> now).
    """
    now = snapshot_store(prefix, store) + "\n"
    target = Path(path)
    if update or os.environ.get(UPDATE_ENV) == "1" or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(now, encoding="utf-8")
        return
    stored = target.read_text(encoding="utf-8")
    if stored != now:
        diff = "".join(difflib.unified_diff(stored.splitlines(True), now.splitlines(True),
                                            fromfile=f"{target} (stored)", tofile="store now"))
        raise AssertionError(f"The scope tree differs from {str(target)!r}:\n{diff}"
                             f"If the change is intended, rerun with update=True or "
                             f"{UPDATE_ENV}=1.")


def _lookup(handle, store):
    if isinstance(handle, str):
        found = store.get(_strip(handle))
        if found is None:
            raise AssertionError(f"No variable named {_strip(handle)!r} in the store; "
                                 f"it has {variable_names()!r}.")
        return found
    return handle


def assert_shares_variable(a, b, store=None) -> None:
    """``a`` and ``b`` (variables or names) are one and the same variable object."""
    store = store if store is not None else get_default_store()
    va, vb = _lookup(a, store), _lookup(b, store)
    if va is vb:
        return
    na, nb = getattr(va, "name", repr(va)), getattr(vb, "name", repr(vb))
    if na == nb:
        why = ("They have the same name but are different objects: one of them is not in the current "
               "store (was the graph reset in between?).")
    else:
        why = ("The second get_variable call created a new variable instead of sharing: open its scope "
               "with reuse=True or reuse=tf.AUTO_REUSE, or call scope.reuse_variables().")
    raise AssertionError(f"{na!r} and {nb!r} are different variables. {why}")


def assert_variable(name: str, shape=None, dtype=None, trainable: bool | None = None,
                    collections: list[str] | None = None, store=None):
    """The store has ``name`` with these properties; returns the variable."""
    store = store if store is not None else get_default_store()
    v = _lookup(name, store)
    problems = []
    if shape is not None and tuple(v.shape.as_list()) != tuple(shape):
        problems.append(f"shape: expected {tuple(shape)}, got {tuple(v.shape.as_list())}")
    if dtype is not None:
        want = getattr(dtype, "name", str(dtype))
        if v.dtype.name != want:
            problems.append(f"dtype: expected {want}, got {v.dtype.name}")
    member = {k for k in store.collection_keys()
              if any(x is v for x in store.get_collection(k))}
    if trainable is not None and (GraphKeys.TRAINABLE_VARIABLES in member) != trainable:
        problems.append(f"trainable: expected {trainable}, got {not trainable}")
    if collections is not None and set(collections) != member:
        problems.append(f"collections: expected {sorted(collections)}, got {sorted(member)}")
    if problems:
        raise AssertionError(f"{v.name!r}: " + "; ".join(problems))
    return v


def assert_no_variable(name: str, store=None) -> None:
    """The store has no variable (or partitioned variable) called ``name``."""
    store = store if store is not None else get_default_store()
    if store.get(_strip(name)) is not None:
        raise AssertionError(f"{_strip(name)!r} exists, but should not.")


def variable_names(prefix: str | None = None, store=None) -> list[str]:
    """Sorted ``.name`` of every variable (shards included), optionally under ``prefix``."""
    store = store if store is not None else get_default_store()
    return sorted(v.name for v in store.variables() if not prefix or v.name.startswith(prefix))
