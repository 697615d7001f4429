"""The base class of the catalogue and the layout every explained message shares.

An explained message reads (style guide §7): TF1's sentence (so searching for "already exists,
disallowed" still finds it), a plain-words summary, the facts (where the variable was created,
where it was asked for, the reuse mode and who set it), one to three fixes to paste, the notebook
tip when re-running a cell is a plausible cause, and the docs link derived from the class name.
Messages are deterministic: no addresses, no temporary paths.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scopelab.names import NOTEBOOK_CELL, CreationSite, capture_site

__all__ = ["ScopelabError", "DOCS_ERRORS_PAGE", "NOTEBOOK_TIP", "rerun_plausible"]

DOCS_ERRORS_PAGE = "docs/errors.md"
NOTEBOOK_TIP = ("Re-ran a notebook cell? The store keeps every variable until "
                "tf.reset_default_graph() is called: call it at the top of the cell.")


class ScopelabError(Exception):
    """Base of every scopelab error: a message plus named fields that become attributes.

    A catalogued class takes its fields by name and composes its own message in ``_compose``
    (reading ``self.<field>``). The generic classes that TF1 also had (``InvalidArgumentError``,
    the ``OpError`` family, ``PartitionerError`` …) may instead be given the message, as TF's
    were: ``InvalidArgumentError("text", name="w")``. Either way ``err.name`` & co. are plain
    attributes, ``err.fields`` lists them, and the error pickles with them.
    """

    def __init__(self, message: str | None = None, /, **fields: Any) -> None:
        for key, value in fields.items():
            setattr(self, key, value)
        self.fields = fields
        if message is None:
            message = self._compose()
        self.message = message
        super().__init__(message)

    if TYPE_CHECKING:
        # The named fields are attributes (``err.name``), set from the keywords above.
        def __getattr__(self, field: str) -> Any: ...

    def _compose(self) -> str:
        raise TypeError(f"{type(self).__name__} takes a message or the fields to compose one; "
                        f"got {sorted(self.fields)}")

    @classmethod
    def docs_anchor(cls) -> str:
        """Where the docs' error catalogue explains this class (``docs/errors.md#<class>``)."""
        return f"{DOCS_ERRORS_PAGE}#{cls.__name__.lower()}"

    @property
    def headline(self) -> str:
        """The first line of the message: TF1's sentence where TF1 had one."""
        lines = self.message.strip().splitlines()
        return lines[0] if lines else ""

    def _layout(self, tf_text: str, summary: str, facts: Iterable[str] = (),
                fixes: Iterable[str] = (), tip: bool = False) -> str:
        """TF1's sentence, summary, facts, fixes, the notebook tip, the docs link."""
        parts = [tf_text, "", summary]
        facts = [f for f in facts if f]
        if facts:
            parts += ["", *facts]
        fixes = list(fixes)
        if fixes:
            parts += ["", *fixes]
        if tip:
            parts += ["", NOTEBOOK_TIP]
        parts.append(f"More: {self.docs_anchor()}")
        return "\n".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        extra = {k: v for k, v in self.__dict__.items()
                 if k not in self.fields and k not in ("fields", "message", "_scopelab_recorded")}
        return (_rebuild, (type(self), self.message, _portable(self.fields), _portable(extra)))


def _rebuild(cls: type[ScopelabError], message: str, fields: dict[str, Any],
             extra: dict[str, Any] | None = None) -> ScopelabError:
    error = cls.__new__(cls)
    ScopelabError.__init__(error, message, **fields)   # the text is kept, not composed again
    error.__dict__.update(extra or {})
    return error


def _portable(values: dict[str, Any]) -> dict[str, Any]:
    """The fields as they can cross a process boundary: what does not pickle becomes its repr."""
    out = {}
    for key, value in values.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - lambdas, locks, live objects: keep their description
            value = repr(value)
        out[key] = value
    return out


# --- pieces of the explained messages -----------------------------------------------------------
def site(at: CreationSite | None) -> CreationSite:
    """``at``, or the caller's site outside scopelab when the raiser did not know it."""
    return at if at is not None else capture_site()


def rerun_plausible(first: CreationSite | None, again: CreationSite | None) -> bool:
    """A re-run cell is a plausible cause only if both sites are notebook cells, and different ones.

    Cells differ by their code (each cell's code has its own file) or, for the same code run
    again, by their execution count. A function defined in one cell and called twice gives the
    same site twice: then the cause is the second call, not a re-run.
    """
    if first is None or again is None or NOTEBOOK_CELL not in (first.filename, again.filename):
        return False
    if first.filename != again.filename:
        return False
    other_code = bool(first.cell_file and again.cell_file and first.cell_file != again.cell_file)
    run_again = first.cell is not None and again.cell is not None and first.cell != again.cell
    return other_code or run_again


def split_name(name: str) -> tuple[str, str]:
    """``"a/b/w"`` -> ``("a/b", "w")``."""
    scope, _, leaf = name.rpartition("/")
    return scope, leaf


def scope_call(scope: str, reuse: str) -> str:
    return (f'with tf.variable_scope("{scope}", reuse={reuse}):' if scope else
            f"with tf.variable_scope(tf.get_variable_scope(), reuse={reuse}):")


def reuse_line(scope: str, reuse: Any, set_by: str) -> str:
    """``  scope: 'a/b'   reuse: True (the variable must already exist; set by ...)``."""
    where = f"{scope!r}" if scope else "'' (the root scope)"
    if reuse is True:
        mode = "True (the variable must already exist)"
    elif reuse is False:
        mode = "off"
    elif reuse is None:
        mode = "None (get or create)"
    else:
        mode = "AUTO_REUSE (get or create)"
    if set_by and reuse is not False:
        # One parenthesis: "True (the variable must already exist; set by variable_scope(...))".
        mode = f"{mode[:-1]}; set by {set_by})" if mode.endswith(")") else f"{mode} (set by {set_by})"
    elif reuse is False:
        mode += " (no enclosing scope turned it on)"
    return f"  scope:         {where}   reuse: {mode}"


def type_and_repr(value: Any) -> str:
    """``str 'no'``: how messages show a value of the wrong type."""
    return f"{type(value).__name__} {value!r}"
