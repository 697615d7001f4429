"""``tf.train.Saver``: save the store's variables in TF's V2 format and restore them.

Values come from the store's variables (``np.asarray(v)``) and go back with ``v.assign(value)``,
so ``sess`` may be ``None`` or any session object; it is accepted and not used. The files are
TF's own (:mod:`scopelab.checkpoint`): TensorFlow restores what this writes and the other way
round. Differences from TF1, all deliberate:

* no ``.meta`` file: scopelab has no GraphDef to export, so ``write_meta_graph`` is accepted and
  nothing is written (``tf.train.import_meta_graph`` does not exist here);
* ``sharded=True`` writes what TF leaves after merging its per-device files: one data file per
  device the variables (and slices) are on, devices in sorted order (``""`` first), one index;
* ``reshape``, ``restore_sequentially``, ``name``, ``saver_def`` and ``builder`` are accepted for
  TF1 code's sake and change nothing (they configure graph ops scopelab does not build);
* a failed restore explains itself (missing / unexpected / mismatched names by scope, the cause,
  the assignment map that fixes it) after TF1's first sentence, and assigns nothing.
"""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from scopelab.checkpoint import CheckpointReader
from scopelab.checkpoint.state import (
    checkpoint_exists, remove_checkpoint, update_checkpoint_state,
)
from scopelab.checkpoint.writer import BundleWriter
from scopelab.device_spec import canonical_device
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError
from scopelab.store import get_default_store
from scopelab.train._restore import assign_values, check_restore, read_values, record
from scopelab.train._saveables import Saveable, all_saveable_variables, saveables_for


__all__ = ["Saver"]


class Saver:
    """TF1's ``tf.train.Saver`` (V2 format) over the scope store."""

    def __init__(self, var_list: Any = None, reshape: bool = False, sharded: bool = False,
                 max_to_keep: int | None = 5, keep_checkpoint_every_n_hours: float = 10000.0,
                 name: str | None = None, restore_sequentially: bool = False,
                 saver_def: Any = None, builder: Any = None, defer_build: bool = False,
                 allow_empty: bool = False, write_version: int = 2, pad_step_number: bool = False,
                 save_relative_paths: bool = False, filename: str | None = None) -> None:
        if defer_build and var_list:
            raise InvalidArgumentError(
                "If `var_list` is provided then build cannot be deferred. Either set "
                "defer_build=False or var_list=None.")
        if write_version != 2:
            raise InvalidArgumentError(
                f"write_version={write_version!r}: scopelab writes TF's V2 checkpoint format only "
                "(tf.train.SaverDef.V2 == 2, the default since TF 1.x).")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep or 0
        self._keep_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._last_checkpoints: list[tuple[str, float]] = []
        self._is_built = False
        self._is_empty: bool | None = None
        self._saveables: list[Saveable] = []
        if not defer_build:
            self.build()

    def build(self) -> None:
        """Fix the list of variables (TF builds the save/restore ops here)."""
        if self._is_built:
            return
        var_list = all_saveable_variables() if self._var_list is None else self._var_list
        if not var_list:
            if not self._allow_empty:
                raise InvalidArgumentError(
                    "No variables to save\n\nThe Saver was built before any variable existed "
                    "(or with an empty var_list). Build the model first, then create the Saver; "
                    "pass allow_empty=True for a Saver that may have nothing to save.")
            self._is_empty = True
        else:
            self._saveables = saveables_for(var_list)
            self._is_empty = False
        self._is_built = True
        self._next_checkpoint_time = time.time() + self._keep_every_n_hours * 3600

    # --- the list of recent checkpoints ----------------------------------------------------------------
    @property
    def last_checkpoints(self) -> list[str]:
        """Not-yet-deleted checkpoint prefixes, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints: list[str]) -> None:
        assert isinstance(last_checkpoints, list)
        self._last_checkpoints = [(s, np.inf) for s in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time: list) -> None:
        assert isinstance(last_checkpoints_with_time, list)
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths: list[str]) -> None:
        """After a crash: keep the paths whose files still exist, with their mtimes."""
        kept = []
        for path in checkpoint_paths:
            if checkpoint_exists(path):
                kept.append((path, os.path.getmtime(path + ".index")))
        self.set_last_checkpoints_with_time(kept)

    def _record_and_prune(self, path: str, meta_graph_suffix: str) -> None:
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != path]
        self._last_checkpoints.append((path, time.time()))
        while len(self._last_checkpoints) > self._max_to_keep:
            old_path, saved_at = self._last_checkpoints.pop(0)
            if saved_at > self._next_checkpoint_time:    # keep_checkpoint_every_n_hours
                self._next_checkpoint_time += self._keep_every_n_hours * 3600
                continue
            remove_checkpoint(old_path, meta_graph_suffix)

    # --- save ----------------------------------------------------------------------------------------
    def save(self, sess: Any, save_path: str, global_step: Any = None,
             latest_filename: str | None = None, meta_graph_suffix: str = "meta",
             write_meta_graph: bool = True, write_state: bool = True,
             strip_default_attrs: bool = False, save_debug_info: bool = False) -> str | None:
        """Write the variables to ``save_path`` (``-<global_step>`` appended); returns the prefix.

        ``write_meta_graph`` is accepted and ignored: no ``.meta`` file is written (module doc).
        """
        del sess, write_meta_graph, strip_default_attrs, save_debug_info
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise InvalidArgumentError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            step = _step_value(global_step)
            checkpoint_file = (f"{save_path}-{step:08d}" if self._pad_step_number
                               else f"{save_path}-{step}")
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise InvalidArgumentError(
                    f"'latest_filename' collides with 'save_path': '{latest_filename}' and "
                    f"'{save_path}'")
        parent = os.path.dirname(save_path)
        if self._is_empty:
            return None
        if parent and not os.path.isdir(parent):
            raise InvalidArgumentError(
                f"Parent directory of {save_path} doesn't exist, can't save.\n\nTF's Saver does "
                f"not create folders: os.makedirs({parent!r}, exist_ok=True) first.", path=save_path)
        self._write(checkpoint_file)
        if write_state:
            self._record_and_prune(checkpoint_file, meta_graph_suffix)
            update_checkpoint_state(parent or ".", checkpoint_file,
                                    self.last_checkpoints or [checkpoint_file],
                                    latest_filename=latest_filename,
                                    save_relative_paths=self._save_relative_paths)
        return checkpoint_file

    def _write(self, prefix: str) -> None:
        shards = self._by_shard()
        writer = BundleWriter(prefix, num_shards=len(shards))
        try:
            for k, parts in enumerate(shards):
                for saveable, variable in parts:
                    if not saveable.sliced:
                        writer.add(saveable.name, np.asarray(variable), shard=k)
                        continue
                    info = variable.save_slice_info
                    writer.add_slice(saveable.name, info.full_shape, info.var_offset,
                                     np.asarray(variable), shard=k)
        except BaseException:
            writer.abort()
            raise
        writer.finish()

    def _by_shard(self) -> list[list[tuple[Saveable, Any]]]:
        """What each data file holds, in key order: one file, or with ``sharded=True`` one per
        device (TF's ``_GroupByDevices``: canonical device strings, sorted; a partitioned
        variable's slices go where each slice lives)."""
        parts = [(saveable, variable) for saveable in self._saveables
                 for variable in saveable.variables]
        if not self._sharded:
            return [parts]
        by_device: dict[str, list[tuple[Saveable, Any]]] = {}
        for saveable, variable in parts:
            by_device.setdefault(canonical_device(variable.device), []).append((saveable, variable))
        return [by_device[device] for device in sorted(by_device)] or [[]]

    # --- restore -------------------------------------------------------------------------------------
    def restore(self, sess: Any, save_path: str | None) -> None:
        """Assign every variable its value from the checkpoint ``save_path`` (all or nothing)."""
        del sess
        if self._is_empty:
            return
        if save_path is None:
            raise InvalidArgumentError(
                "Can't load save_path when it is None.\n\ntf.train.latest_checkpoint(folder) "
                "returns None when the folder has no 'checkpoint' file (nothing saved there yet, "
                "or the wrong folder).")
        prefix = os.fspath(save_path)
        if not checkpoint_exists(prefix):
            raise InvalidArgumentError(
                f"The passed save_path is not a valid checkpoint: {prefix}\n\nA checkpoint path is "
                f"a prefix: {prefix}.index must exist (or, for a V1 checkpoint, the file or the "
                "files its pattern matches). For the newest checkpoint of a folder use "
                "tf.train.latest_checkpoint(folder).", path=prefix)
        reader = CheckpointReader(prefix)
        error = check_restore(self._saveables, reader, prefix)
        if error is not None:
            record(error, getattr(error, "key", None))
            raise error
        assign_values(read_values(self._saveables, reader))

    # --- TF surface that has no meaning without a GraphDef ------------------------------------------
    def as_saver_def(self):
        raise NotImplementedError("scopelab's Saver has no SaverDef (there is no GraphDef).")

    def export_meta_graph(self, *args: Any, **kwargs: Any):
        raise NotImplementedError(
            "scopelab does not write meta graphs (.meta): there is no GraphDef to export. The "
            "checkpoint itself (.index + .data) is complete; rebuild the graph with your code.")

    def __repr__(self) -> str:
        return f"<tf.train.Saver {len(self._saveables)} keys, max_to_keep={self._max_to_keep}>"


def _step_value(global_step: Any) -> int:
    """An int, a variable (its value) or a variable's name (``"global_step:0"``)."""
    if isinstance(global_step, (int, np.integer)) and not isinstance(global_step, bool):
        return int(global_step)
    if isinstance(global_step, str):
        found = get_default_store().get(global_step[:-2] if global_step.endswith(":0")
                                        else global_step)
        if found is None:
            raise InvalidArgumentError(f"global_step {global_step!r} names no variable.")
        global_step = found
    try:
        value = np.asarray(global_step)
    except (TypeError, ValueError):
        value = None
    if value is None or value.shape != () or value.dtype.kind not in "iu":
        raise InvalidArgumentTypeError(
            f"global_step must be an int or an integer scalar variable, got {global_step!r}.",
            got=type(global_step).__name__)
    return int(value)


