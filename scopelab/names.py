"""Names and places: TF1 name joining and validation, and where user code made a call.

Four jobs, all leaf-level (stdlib only):

* TF1's name rules: the op-name and scope-name regexes of TF 1.x ``ops.py`` and the joining rule
  ``scope + "/" + name`` (no prefix at the root).
* :class:`OpNames`: a graph's op names in use and TF's ``unique_name`` rule.
* :func:`closest_names`: the existing names most like a missing one (messages' "did you mean").
* :func:`capture_site`: the first stack frame outside scopelab, as a :class:`CreationSite`
  (``file.py:12``, or ``cell [3], line 4`` inside a notebook). Notebook cells live in files such as
  ``/tmp/ipykernel_<pid>/<hash>.py``; they are mapped to the execution count through the running
  IPython shell *only if IPython is already imported* (never imported here), so messages never show
  temporary paths.
"""

from __future__ import annotations

import difflib
import functools
import linecache
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from scopelab._shell import running_shell

__all__ = [
    "VALID_OP_NAME_REGEX", "VALID_SCOPE_NAME_REGEX", "join", "is_valid_op_name",
    "is_valid_scope_name", "is_valid_variable_name", "CreationSite", "capture_site",
    "caller_location", "user_location", "in_scopelab", "site_for", "UNKNOWN_SITE",
    "NOTEBOOK_CELL", "closest_names", "differs_only_in_case", "OpNames",
]

# TF 1.x ``ops.py``: an op name starts with a letter, digit or '.'; a nested scope may also start
# with '_', '-', '/' or a backslash.
VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\\-/]*$")
VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\\\-/]*$")

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_NOTEBOOK_CELL = re.compile(r"ipykernel_\d+[/\\]|<ipython-input-(\d+)-")


def join(scope_name: str, name: str) -> str:
    """``scope_name + "/" + name``, or just ``name`` at the root (``scope_name == ""``)."""
    return f"{scope_name}/{name}" if scope_name else name


def closest_names(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Existing names most like ``name`` (difflib), best first: the "did you mean" of messages.

    Compared without case, so ``'s/Weights'`` is the best match for ``'s/weights'`` (see
    :func:`differs_only_in_case`: messages say so, names being case-sensitive).
    """
    by_lower: dict[str, list[str]] = {}
    for candidate in names:
        by_lower.setdefault(candidate.lower(), []).append(candidate)
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)
    return [candidate for key in found for candidate in by_lower[key]][:n]


def differs_only_in_case(name: str, other: str) -> bool:
    """``'s/Weights'`` and ``'s/weights'``: the same letters, another case."""
    return name != other and name.lower() == other.lower()


# what OpNames.unique did, so that forget can undo it: (key, count before, name taken)
NameLog = list[tuple[str, int, str]]


class OpNames:
    """A graph's op names in use, with TF ``Graph.unique_name``'s rule: names are keyed
    case-insensitively and ``name`` asked again becomes ``name_1``, ``name_2`` … (the first free
    one after the count of requests for ``name``). Not locked: the graph holds its lock."""

    __slots__ = ("_in_use", "_suffixed")

    def __init__(self) -> None:
        self._in_use: dict[str, int] = {}
        # Every key ``b`` for which a name ``b_<n>`` was taken as asked (not made by this class
        # from ``b``'s count). Only for those can ``b_<count>`` be in use already; for the others
        # unique() skips that lookup, a memory miss per scope entry in a graph of 50,000 scopes.
        # forget() leaves a key here: a key kept too long only costs that lookup again.
        self._suffixed: set[str] = set()

    def unique(self, name: str, mark_as_used: bool = True, log: NameLog | None = None) -> str:
        """The name to use for ``name``; ``log`` (if given) records how to :meth:`forget` it."""
        # A name already in lower case is its own key: no copy, and its hash is computed once
        # (a new variable's name was just hashed by the store's lookups).
        key = name if name.islower() else name.lower()
        in_use = self._in_use
        before = in_use.get(key, 0)
        chosen, i = key, before
        if i > 0:
            chosen = f"{key}_{i}"
            if key in self._suffixed:
                while chosen in in_use:
                    i += 1
                    chosen = f"{key}_{i}"
            name = chosen if name == key else f"{name}_{i}"
        if mark_as_used:
            in_use[key] = before + 1
            if chosen is not key:
                in_use[chosen] = 1
            elif not before and key[-1].isdigit():   # a new name as asked: "b_3" may block b's _3
                base, underscore, number = key.rpartition("_")
                if underscore and number.isdigit():
                    self._suffixed.add(base)
            if log is not None:
                log.append((key, before, chosen))
        return name

    def forget(self, log: NameLog) -> None:
        """Undo the :meth:`unique` calls recorded in ``log`` (a failed composite call)."""
        for key, before, chosen in reversed(log):
            if chosen != key:
                self._in_use.pop(chosen, None)
            if before:
                self._in_use[key] = before
            else:
                self._in_use.pop(key, None)

    def copy(self) -> dict[str, int]:
        return dict(self._in_use)

    def clear(self) -> None:
        self._in_use = {}
        self._suffixed = set()


def is_valid_op_name(name: str) -> bool:
    # Fast path: letters and digits only ("layer3", "dense") are valid without the cache. Every
    # scope entry asks, and with tens of thousands of scopes a cache hit costs memory misses
    # (its dict and its recency list) that dominate; the cache is for names with "_", "." ...
    return (name.isalnum() and name.isascii()) or _matches_op_name(name)


@functools.lru_cache(maxsize=65536)   # scope entries ask again and again for the same names
def _matches_op_name(name: str) -> bool:
    return VALID_OP_NAME_REGEX.match(name) is not None


def is_valid_variable_name(name: str) -> bool:
    """A new variable's full name: an op name, not ending in ``/``. Not cached: each is checked
    once, when made, and caching them would push the recurring scope names out of the cache."""
    # Fast path: parts of letters and digits joined by "/" ("layer3/w"), valid without the regex.
    if name.isascii() and name.replace("/", "").isalnum() and name[0] != "/" and name[-1] != "/":
        return True
    return VALID_OP_NAME_REGEX.match(name) is not None and name[-1] != "/"


def is_valid_scope_name(name: str) -> bool:
    # The fast path of is_valid_op_name (a nested scope accepts more, never fewer).
    return (name.isalnum() and name.isascii()) or _matches_scope_name(name)


@functools.lru_cache(maxsize=65536)
def _matches_scope_name(name: str) -> bool:
    return VALID_SCOPE_NAME_REGEX.match(name) is not None


@dataclass(frozen=True)
class CreationSite:
    """Where user code made a call: a file and line, or a notebook cell and line."""

    filename: str
    lineno: int
    cell: int | None = None      # notebook execution count, when known
    source: str = ""             # the stripped source line, when available
    cell_file: str = ""          # a notebook cell's code file (named by a hash of its code)

    def location(self) -> str:
        """``cell [3], line 4`` in a notebook (``cell [?]`` if unknown), else ``file.py:12``."""
        if self.filename == NOTEBOOK_CELL:
            return f"cell [{'?' if self.cell is None else self.cell}], line {self.lineno}"
        return f"{self.filename}:{self.lineno}"

    def __str__(self) -> str:
        return f"{self.location()}   {self.source}" if self.source else self.location()


UNKNOWN_SITE = CreationSite("<unknown>", 0)
NOTEBOOK_CELL = "<notebook cell>"


def capture_site() -> CreationSite:
    """The innermost caller frame outside the scopelab package, as a :class:`CreationSite`."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR) and not filename.startswith("<frozen"):
            return site_for(filename, frame.f_lineno)
        frame = frame.f_back
    return UNKNOWN_SITE


def site_for(filename: str, lineno: int) -> CreationSite:
    """The :class:`CreationSite` of a line of a file or notebook cell."""
    match = _cell_match(filename)
    if match is None:
        return _file_site(filename, lineno)
    # Not cached: re-running the same cell code reuses its file under a new execution count.
    source = linecache.getline(filename, lineno).strip()
    cell = int(match.group(1)) if match.group(1) else _cell_number(filename)
    return CreationSite(NOTEBOOK_CELL, lineno, cell, source, os.path.basename(filename))


@functools.lru_cache(maxsize=1024)   # code files are few; every new variable's site asks
def _cell_match(filename: str) -> re.Match[str] | None:
    """Whether ``filename`` is a notebook cell's code file (the match says which cell, if it can)."""
    return _NOTEBOOK_CELL.search(filename)


def caller_location(depth: int = 2) -> tuple[str, int] | None:
    """``(filename, lineno)`` of the frame ``depth`` levels up if it is user code, else ``None``.

    The cheap half of :func:`capture_site`, for hot paths that format the site only when needed.
    """
    frame = sys._getframe(depth)
    filename = frame.f_code.co_filename
    if filename.startswith(_PACKAGE_DIR):
        return None
    return filename, frame.f_lineno


def in_scopelab(filename: str) -> bool:
    """Whether ``filename`` is one of scopelab's own modules (not user code)."""
    return filename.startswith(_PACKAGE_DIR)


def user_location(depth: int = 2) -> tuple[str, int] | None:
    """``(filename, lineno)`` of the first frame outside scopelab, from ``depth`` levels up: a
    site kept unformatted (a scope remembers where reuse was turned on)."""
    frame: Any = sys._getframe(depth)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    return None if frame is None else (frame.f_code.co_filename, frame.f_lineno)


@functools.lru_cache(maxsize=4096)   # the hot path calls this once per get_variable
def _file_site(filename: str, lineno: int) -> CreationSite:
    source = linecache.getline(filename, lineno).strip()
    return CreationSite(_display_path(filename), lineno, None, source)


def _cell_number(filename: str) -> int | None:
    """Execution count of a notebook cell file, through the live IPython shell (if imported)."""
    shell = running_shell()
    filename_map = getattr(getattr(shell, "compile", None), "_filename_map", None)
    if isinstance(filename_map, dict):
        number = filename_map.get(filename)
        if isinstance(number, int):
            return number
    return None


def _display_path(filename: str) -> str:
    """Paths under the working directory are shown relative to it (shorter, stable across clones)."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative
