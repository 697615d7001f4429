"""``tf.gfile`` and ``tf.io.gfile`` on the local filesystem, with TF's error classes.

TF opens a ``GFile`` lazily (a missing file fails on the first read, with ``NotFoundError``), and
reports missing paths and clashes as ``tf.errors.NotFoundError`` / ``AlreadyExistsError`` rather
than Python's ``OSError``s. Only local paths are supported; a URL scheme (``gs://``) says so.
"""

from __future__ import annotations

import glob as _glob
import os
import shutil
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from scopelab.errors import AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, \
    NotFoundError, PermissionDeniedError, UnimplementedError

__all__ = ["GFile", "FastGFile", "Open", "Exists", "IsDirectory", "ListDirectory", "MakeDirs",
           "MkDir", "Glob", "Remove", "DeleteRecursively", "Copy", "Rename", "Stat", "Walk",
           "exists", "isdir", "listdir", "makedirs", "mkdir", "glob", "remove", "rmtree", "copy",
           "rename", "stat", "walk", "FileStatistics"]


def _local(path: Any) -> str:
    raw = os.fspath(path)
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    scheme, sep, _ = text.partition("://")
    if sep and scheme != "file":
        raise UnimplementedError(
            f"File system scheme '{scheme}' not implemented (file: '{text}'). scopelab's gfile "
            f"reads and writes local paths only.")
    return text[len("file://"):] if scheme == "file" and sep else text


_OS_ERRORS: tuple[tuple[type[OSError], type[Exception], str], ...] = (
    (FileNotFoundError, NotFoundError, "No such file or directory"),
    (FileExistsError, AlreadyExistsError, "File exists"),
    (PermissionError, PermissionDeniedError, "Permission denied"),
    (IsADirectoryError, FailedPreconditionError, "Is a directory"),
)


def _translate(exc: OSError, path: str) -> Exception:
    """TF's class for an ``OSError`` on ``path`` (its message is ``"<path>; <reason>"``)."""
    for os_class, tf_class, reason in _OS_ERRORS:
        if isinstance(exc, os_class):
            return tf_class(f"{path}; {reason}")
    return exc


class GFile:
    """TF's file object: ``GFile(name, mode="r")``; opened on first use, ``"r"`` gives ``str``,
    ``"rb"`` bytes; usable as a context manager and iterated by lines."""

    def __init__(self, name: Any, mode: str = "r") -> None:
        self.name = _local(name)
        self.mode = mode
        self._file: IO[Any] | None = None
        if mode not in ("r", "rb", "w", "wb", "a", "ab", "r+", "rb+", "w+", "wb+", "a+"):
            raise InvalidArgumentError(f"mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+' "
                                f"(with an optional 'b'): got {mode!r}")

    def _open(self) -> IO[Any]:
        if self._file is None:
            try:
                self._file = open(self.name, self.mode)
            except OSError as exc:
                raise _translate(exc, self.name) from None
        return self._file

    def read(self, n: int = -1) -> Any:
        return self._open().read(n)

    def readline(self) -> Any:
        return self._open().readline()

    def readlines(self) -> list[Any]:
        return self._open().readlines()

    def write(self, data: Any) -> None:
        self._open().write(data)

    def seek(self, offset: int | None = None, whence: int = 0, position: int | None = None) -> None:
        target = position if offset is None else offset
        self._open().seek(target or 0, whence)

    def tell(self) -> int:
        return self._open().tell()

    def size(self) -> int:
        try:
            return os.path.getsize(self.name)
        except OSError as exc:
            raise _translate(exc, self.name) from None

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __iter__(self) -> Iterator[Any]:
        return iter(self._open())

    def __next__(self) -> Any:
        return next(self._open())

    def __enter__(self) -> GFile:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


FastGFile = Open = GFile


def Exists(filename: Any) -> bool:  # noqa: N802 - TF1's public names
    return os.path.exists(_local(filename))


def IsDirectory(dirname: Any) -> bool:  # noqa: N802
    return os.path.isdir(_local(dirname))


def ListDirectory(dirname: Any) -> list[str]:  # noqa: N802
    """The entries of ``dirname`` (names only, no ``.`` or ``..``), unsorted as TF's."""
    path = _local(dirname)
    if not os.path.isdir(path):
        raise NotFoundError(f"Could not find directory {path}")
    return os.listdir(path)


def MakeDirs(dirname: Any) -> None:  # noqa: N802
    """Create ``dirname`` and its parents; an existing directory is fine."""
    path = _local(dirname)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise _translate(exc, path) from None


def MkDir(dirname: Any) -> None:  # noqa: N802
    path = _local(dirname)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):     # TF accepts an existing directory, not a file
            raise AlreadyExistsError(f"{path}; File exists") from None
    except OSError as exc:
        raise _translate(exc, path) from None


def Glob(filename: Any) -> list[str]:  # noqa: N802
    patterns = [filename] if isinstance(filename, (str, bytes, os.PathLike)) else list(filename)
    found: list[str] = []
    for pattern in patterns:
        found.extend(_glob.glob(_local(pattern)))
    return found


def Remove(filename: Any) -> None:  # noqa: N802
    path = _local(filename)
    try:
        os.remove(path)
    except OSError as exc:
        raise _translate(exc, path) from None


def DeleteRecursively(dirname: Any) -> None:  # noqa: N802
    path = _local(dirname)
    if not os.path.exists(path):
        raise NotFoundError(f"{path} not found")
    if os.path.isdir(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def Copy(oldpath: Any, newpath: Any, overwrite: bool = False) -> None:  # noqa: N802
    old, new = _local(oldpath), _local(newpath)
    if not overwrite and os.path.exists(new):
        raise AlreadyExistsError("file already exists")
    try:
        shutil.copyfile(old, new)
    except OSError as exc:
        raise _translate(exc, old) from None


def Rename(oldname: Any, newname: Any, overwrite: bool = False) -> None:  # noqa: N802
    old, new = _local(oldname), _local(newname)
    if not overwrite and os.path.exists(new):
        raise AlreadyExistsError("file already exists")
    try:
        os.replace(old, new)
    except OSError as exc:
        raise _translate(exc, old) from None


class FileStatistics(NamedTuple):
    length: int
    mtime_nsec: int
    is_directory: bool


def Stat(filename: Any) -> FileStatistics:  # noqa: N802
    path = _local(filename)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _translate(exc, path) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))


def Walk(top: Any, in_order: bool = True) -> Iterator[tuple[str, list[str], list[str]]]:  # noqa: N802
    """``(dirname, subdirs, files)`` as ``os.walk``; nothing for a missing ``top``."""
    yield from os.walk(_local(top), topdown=in_order)


exists, isdir, listdir, makedirs, mkdir, glob = Exists, IsDirectory, ListDirectory, MakeDirs, \
    MkDir, Glob
remove, rmtree, copy, rename, stat, walk = Remove, DeleteRecursively, Copy, Rename, Stat, Walk
