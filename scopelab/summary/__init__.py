"""``tf.summary``: summary ops and the ``summaries`` collection, as TF1 builds them.

What TF1 does to the graph is reproduced: ``tf.summary.scalar("loss", x)`` is an op named by the
name scope (``train/loss``, ``loss_1`` for a second one), its tag is that name (an illegal
character becomes ``_``: ``"W:0/grad"`` -> ``W_0/grad``; ``family`` prefixes it), and it is added
to ``GraphKeys.SUMMARIES`` (or to ``collections``). ``merge`` / ``merge_all`` build a
``MergeSummary`` op (``Merge/MergeSummary``); ``merge_all`` of an empty collection is ``None``.

Fetched in a session, a summary is TF's serialized ``Summary`` protocol buffer (bytes; see
``scopelab.summary._proto``), and merging concatenates them as protobuf merging does.
:class:`FileWriter` writes nothing: it accepts what TF1's writer accepts and keeps the summaries
it was given in memory (``writer.summaries``), so a training loop runs unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.summary import _proto as proto
from scopelab.ops.op_def import define_op

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all", "FileWriter", "FileWriterCache", "get_summary_description"]

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w.]")


def _clean_tag(name: str | None) -> str | None:
    """TF1's ``clean_tag``: characters outside ``[-/\\w.]`` become ``_``, leading ``/`` go."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


class _summary_scope:  # noqa: N801 - a context manager
    """Name scope ``[family/]name`` -> ``(tag, scope)``, as TF1's ``summary_scope``."""

    def __init__(self, name: str, family: str | None) -> None:
        self._name, self._family = _clean_tag(name), _clean_tag(family)
        base = self._name if self._family is None else f"{self._family}/{self._name}"
        self._scope = tf.name_scope(base)

    def __enter__(self) -> tuple[str, str]:
        scope = self._scope.__enter__()
        tag = scope.rstrip("/")
        if self._family is not None:
            tag = f"{self._family}/{tag}"
        return tag, scope

    def __exit__(self, *exc: Any) -> None:
        self._scope.__exit__(*exc)


def _string_scalar(*unused: Any, **attrs: Any) -> tuple:
    return tf.string, tf.TensorShape([])


# Summaries are encoded only when a session runs them (as in TF1): a histogram of every weight
# of a large model costs nothing until fetched.
_LAZY = {"pure": False, "eager": False}
_SCALAR = define_op("ScalarSummary", ("values:any",), _string_scalar, proto.scalar, **_LAZY)
_HISTOGRAM = define_op("HistogramSummary", ("values:any",), _string_scalar, proto.histogram,
                       **_LAZY)
_IMAGE = define_op("ImageSummary", ("tensor:any",), _string_scalar, proto.image, **_LAZY)
_AUDIO = define_op("AudioSummaryV2", ("tensor:any", "sample_rate:float32"), _string_scalar,
                   proto.audio, **_LAZY)
_TENSOR = define_op("TensorSummaryV2", ("tensor:any",), _string_scalar, proto.tensor, **_LAZY)
_MERGE = define_op("MergeSummary", ("*inputs:T",), _string_scalar, proto.merge, **_LAZY)


def _collect(value: Any, collections: Any, default: list[str]) -> None:
    for key in (default if collections is None else collections):
        tf.add_to_collection(key, value)


def scalar(name: str, tensor: Any, collections: Any = None, family: str | None = None) -> Any:
    """A summary of one number (``tensor`` must have a single value)."""
    with _summary_scope(name, family) as (tag, scope):
        value = _SCALAR(tensor, name=scope, tag=tag)
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def histogram(name: str, values: Any, collections: Any = None, family: str | None = None) -> Any:
    """A histogram of ``values`` (TF's default buckets)."""
    with _summary_scope(name, family) as (tag, scope):
        value = _HISTOGRAM(values, name=scope, tag=tag)
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def image(name: str, tensor: Any, max_outputs: int = 3, collections: Any = None,
          family: str | None = None) -> Any:
    """Up to ``max_outputs`` images of a ``[batch, height, width, 1|3|4]`` tensor, PNG-encoded."""
    with _summary_scope(name, family) as (tag, scope):
        value = _IMAGE(tensor, name=scope, tag=tag, max_images=max_outputs)
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def audio(name: str, tensor: Any, sample_rate: Any, max_outputs: int = 3,
          collections: Any = None, family: str | None = None) -> Any:
    """Up to ``max_outputs`` clips of a ``[batch, frames(, channels)]`` tensor, WAV-encoded."""
    with _summary_scope(name, family) as (tag, scope):
        rate = tf.cast(tf.convert_to_tensor(sample_rate), tf.float32, name="sample_rate")
        value = _AUDIO(tensor, rate, name=scope, tag=tag, max_outputs=max_outputs)
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def tensor_summary(name: str, tensor: Any, summary_description: Any = None,
                   collections: Any = None, summary_metadata: Any = None,
                   family: str | None = None, display_name: str | None = None) -> Any:
    """A summary holding a whole tensor."""
    with _summary_scope(name, family) as (tag, scope):
        value = _TENSOR(tensor, name=scope, tag=tag, plugin="")
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def text(name: str, tensor: Any, collections: Any = None) -> Any:
    """A summary of a string tensor (TensorBoard's text plugin)."""
    tensor = tf.convert_to_tensor(tensor)
    if tensor.dtype != tf.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got "
                         f"{tensor.dtype.name}\nConvert it first, e.g. tf.as_string(x).")
    with _summary_scope(name, None) as (tag, scope):
        value = _TENSOR(tensor, name=scope, tag=tag, plugin="text")
    _collect(value, collections, [tf.GraphKeys.SUMMARIES])
    return value


def merge(inputs: Any, collections: Any = None, name: str | None = None) -> Any:
    """One summary holding all of ``inputs``: op ``<name or Merge>/<name or MergeSummary>``."""
    with tf.name_scope(name, "Merge"):
        value = _MERGE(list(inputs), name=name or "MergeSummary")
    _collect(value, collections, [])
    return value


def merge_all(key: str = "summaries", scope: str | None = None, name: str | None = None) -> Any:
    """``merge`` of the collection ``key``; ``None`` when it is empty (as in TF1)."""
    summaries = tf.get_collection(key, scope=scope)
    return merge(summaries, name=name) if summaries else None


def get_summary_description(node_def: Any) -> Any:
    raise NotImplementedError("scopelab has no NodeDefs; summaries describe themselves by tag.")


class FileWriter:
    """TF1's ``tf.summary.FileWriter`` without the file: nothing is written to ``logdir``.

    ``add_summary``, ``add_graph``, ``add_event``, ``add_session_log``, ``add_run_metadata``,
    ``flush`` and ``close`` are accepted as in TF1; the summaries given to ``add_summary`` are kept
    in ``self.summaries`` as ``(global_step, serialized Summary)`` so a notebook can look at them.
    """

    def __init__(self, logdir: str, graph: Any = None, max_queue: int = 10,
                 flush_secs: int = 120, graph_def: Any = None, filename_suffix: str | None = None,
                 session: Any = None) -> None:
        self._logdir = str(logdir)
        self.graph = graph
        self.summaries: list[tuple[int | None, bytes]] = []
        self._closed = False

    def get_logdir(self) -> str:
        return self._logdir

    def add_summary(self, summary: Any, global_step: int | None = None) -> None:
        """Keep ``summary`` (what ``sess.run`` of a summary op returned) with its step."""
        if hasattr(summary, "SerializeToString"):          # a protobuf object
            summary = summary.SerializeToString()
        data = np.asarray(summary, dtype=object).reshape(()).item()
        if not isinstance(data, bytes):
            raise TypeError(f"add_summary takes a serialized Summary (what sess.run of a summary "
                            f"op returns), got {type(data).__name__}.")
        self.summaries.append((None if global_step is None else int(global_step), data))

    def add_graph(self, graph: Any, global_step: int | None = None, graph_def: Any = None) -> None:
        self.graph = graph

    def add_event(self, event: Any) -> None:
        pass

    def add_session_log(self, session_log: Any, global_step: int | None = None) -> None:
        pass

    def add_run_metadata(self, run_metadata: Any, tag: str, global_step: int | None = None) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._closed = True

    def reopen(self) -> None:
        self._closed = False

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<tf.summary.FileWriter {self._logdir!r} (writes nothing)>"


class FileWriterCache:
    """``FileWriterCache.get(logdir)``: one (inert) writer per directory."""

    _cache: dict[str, FileWriter] = {}

    @staticmethod
    def get(logdir: str) -> FileWriter:
        return FileWriterCache._cache.setdefault(str(logdir), FileWriter(logdir))

    @staticmethod
    def clear() -> None:
        FileWriterCache._cache.clear()
