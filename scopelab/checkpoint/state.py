"""The folder's ``checkpoint`` file: TF's ``CheckpointState`` in protobuf text format.

    model_checkpoint_path: "model.ckpt-3"
    all_model_checkpoint_paths: "model.ckpt-2"
    all_model_checkpoint_paths: "model.ckpt-3"

Semantics of ``checkpoint_management.py``: relative paths are relative to the folder; a state whose
``model_checkpoint_path`` is empty is an error; an unparsable file is ignored with a warning
(``get_checkpoint_state`` returns ``None``). Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import glob
import os
import re
import uuid
import warnings
from dataclasses import dataclass, field

__all__ = ["CheckpointState", "get_checkpoint_state", "update_checkpoint_state", "latest_checkpoint",
           "checkpoint_exists", "remove_checkpoint", "resolve_checkpoint", "meta_graph_filename",
           "parse_state"]

_LINE = re.compile(r"""^\s*(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[-+.\w]+)\s*(?:#.*)?$""")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


@dataclass
class CheckpointState:
    """TF's ``CheckpointState`` proto (fields 1-4)."""

    model_checkpoint_path: str = ""
    all_model_checkpoint_paths: list[str] = field(default_factory=list)
    all_model_checkpoint_timestamps: list[float] = field(default_factory=list)
    last_preserved_timestamp: float = 0.0

    def __str__(self) -> str:
        """``text_format.MessageToString`` of the proto (what TF writes)."""
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {_quote(p)}" for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {_number(t)}"
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {_number(self.last_preserved_timestamp)}")
        return "".join(line + "\n" for line in lines)


def _number(value: float) -> str:
    return repr(float(value))


def _quote(text: str) -> str:
    """protobuf's C escaping of a string field (bytes outside printable ASCII as octal)."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in '"\\\'':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _unquote(token: str) -> str:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt].encode()
                i += 2
                continue
            octal = re.match(r"[0-7]{1,3}", body[i + 1:])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
        out += char.encode("utf-8")
        i += 1
    return out.decode("utf-8", errors="surrogateescape")


def parse_state(text: str) -> CheckpointState:
    """Parse the text format; raises ValueError naming the line that is not ``field: value``."""
    state = CheckpointState()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"line {number} is not 'field: value': {line!r}")
        key, token = match.groups()
        quoted = token[0] in "\"'"
        if key in ("model_checkpoint_path", "all_model_checkpoint_paths") and quoted:
            value = _unquote(token)
            if key == "model_checkpoint_path":
                state.model_checkpoint_path = value
            else:
                state.all_model_checkpoint_paths.append(value)
        elif key == "all_model_checkpoint_timestamps" and not quoted:
            state.all_model_checkpoint_timestamps.append(float(token))
        elif key == "last_preserved_timestamp" and not quoted:
            state.last_preserved_timestamp = float(token)
        else:
            raise ValueError(f"line {number}: {key!r} is not a CheckpointState field holding "
                             f"{token!r}")
    return state


def _state_file(save_dir: str, latest_filename: str | None) -> str:
    return os.path.join(save_dir, latest_filename or "checkpoint")


def get_checkpoint_state(checkpoint_dir, latest_filename: str | None = None) -> CheckpointState | None:
    """TF's ``tf.train.get_checkpoint_state``: the state with paths joined to the folder, or None."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = _state_file(checkpoint_dir, latest_filename)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    try:
        state = parse_state(text)
    except ValueError as err:
        warnings.warn(f"{path}: {err}; checkpoint state ignored", RuntimeWarning, stacklevel=2)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def update_checkpoint_state(save_dir, model_checkpoint_path: str, all_model_checkpoint_paths=None,
                            latest_filename: str | None = None, save_relative_paths: bool = False,
                            all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp: float | None = None) -> None:
    """TF's ``update_checkpoint_state_internal``: write the folder's state file atomically."""
    save_dir = os.fspath(save_dir)
    paths = list(all_model_checkpoint_paths or [])
    model = model_checkpoint_path
    if save_relative_paths:
        model = os.path.relpath(model, save_dir) if os.path.isabs(model) else model
        paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in paths]
    if not paths or paths[-1] != model:
        paths.append(model)
    timestamps = list(all_model_checkpoint_timestamps or [])
    if timestamps and len(timestamps) != len(paths):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         f"paths {paths} and timestamps {timestamps})")
    if not os.path.isabs(save_dir):
        model = model if os.path.isabs(model) else os.path.relpath(model, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    target = _state_file(save_dir, latest_filename)
    if target == model:
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for "
                           "checkpoint state.  Please use a different save path.")
    state = CheckpointState(model, paths, timestamps, last_preserved_timestamp or 0.0)
    tmp = f"{target}.tmp{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(state))
    os.replace(tmp, target)


def checkpoint_exists(prefix) -> bool:
    """TF's ``checkpoint_exists``: a V2 index (or a V1 file) exists at ``prefix``."""
    prefix = os.fspath(prefix)
    return bool(glob.glob(glob.escape(prefix) + ".index") or glob.glob(prefix))


def latest_checkpoint(checkpoint_dir, latest_filename: str | None = None) -> str | None:
    """TF's ``tf.train.latest_checkpoint``: the newest prefix named by the state file, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path and checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


def resolve_checkpoint(ckpt_dir_or_file) -> str | None:
    """A folder's latest checkpoint, or the path itself (TF's ``_get_checkpoint_filename``)."""
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        return latest_checkpoint(path)
    return path


def meta_graph_filename(prefix: str, meta_graph_suffix: str = "meta") -> str:
    base = re.sub(r"-[\d\?]+-of-\d+$", "", prefix)
    return ".".join([base, meta_graph_suffix])


def remove_checkpoint(prefix: str, meta_graph_suffix: str = "meta") -> None:
    """Delete a V2 checkpoint's index, data files and meta graph (missing files are fine)."""
    pattern = glob.escape(prefix)
    paths = glob.glob(pattern + ".index") + glob.glob(pattern + ".data-?????-of-?????")
    paths += glob.glob(glob.escape(meta_graph_filename(prefix, meta_graph_suffix)))
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
