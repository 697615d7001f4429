"""Candidate samplers (``tf.nn.*_candidate_sampler``) and ``tf.nn.compute_accidental_hits``.

A sampler op has TF's type, name, outputs and static shapes: ``sampled_candidates`` (int64
``[num_sampled]``), ``true_expected_count`` (float32, the shape of ``true_classes``) and
``sampled_expected_count`` (float32 ``[num_sampled]``). The expected counts follow TF's
``RangeSampler``: ``p(c) * num_sampled``, or with ``unique=True`` (draws repeated until
``num_sampled`` distinct classes came up after ``num_tries`` draws) ``1 - (1 - p(c)) ** num_tries``.

The candidates themselves come from scopelab's counter-based random stream (seeded by TF1's rules,
new candidates on each run), so they are *not* the classes TensorFlow would draw for the same seed;
only their distribution is TF's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import float32, int32, int64
from scopelab.tensor_shape import TensorShape

from scopelab.ops.op_def import define_op
from scopelab.ops.random_ops import _seed_key, stream_key
from scopelab.ops.shapes import shape_from_tensor
from scopelab.ops.tensor import Tensor

__all__ = ["log_uniform_candidate_sampler", "uniform_candidate_sampler",
           "fixed_unigram_candidate_sampler", "compute_accidental_hits", "sparse_to_dense"]

_CHUNK_SALT = 0x2545F4914F6CDD1D     # separates the draw chunks from the per-run streams


def _kernels() -> Any:
    from scopelab import kernels   # first use only: keeps ``import scopelab`` free of Numba
    return kernels


# --- the distributions: probability of a class, classes from uniform numbers in [0, 1) -----------
def _log_uniform_p(classes: np.ndarray, range_max: int) -> np.ndarray:
    return (np.log(classes + 2.0) - np.log(classes + 1.0)) / np.log(range_max + 1.0)


def _log_uniform_draw(u: np.ndarray, range_max: int) -> np.ndarray:
    return (np.exp(u * np.log(range_max + 1.0)).astype(np.int64) - 1) % range_max


def _uniform_p(classes: np.ndarray, range_max: int) -> np.ndarray:
    return np.full(classes.shape, 1.0 / range_max)


def _uniform_draw(u: np.ndarray, range_max: int) -> np.ndarray:
    return np.minimum((u * range_max).astype(np.int64), range_max - 1)


def _unigram_p(unigrams: tuple, distortion: float) -> np.ndarray:
    weights = np.asarray(unigrams, np.float64) ** distortion
    return weights / weights.sum()


_DISTRIBUTIONS = {"log_uniform": (_log_uniform_p, _log_uniform_draw),
                  "uniform": (_uniform_p, _uniform_draw)}


def _probabilities(kind: Any, range_max: int) -> tuple:
    """``(p(classes), draw(u))`` for a distribution name or a tuple of unigram probabilities."""
    if isinstance(kind, str):
        p, draw = _DISTRIBUTIONS[kind]
        return (lambda c: p(c, range_max)), (lambda u: draw(u, range_max))
    table = np.asarray(kind)
    cumulative = np.cumsum(table)
    return (lambda c: table[c]), (lambda u: np.minimum(
        np.searchsorted(cumulative, u * cumulative[-1], side="right"), range_max - 1))


def _sample(draw: Any, num_sampled: int, unique: bool, range_max: int, key: int) -> tuple:
    """``(candidates, num_tries)``: with ``unique``, draws in chunks until enough distinct ones."""
    if unique and num_sampled > range_max:
        from scopelab.errors import InvalidArgumentError
        raise InvalidArgumentError(
            f"Sampler's range is too small. unique=True needs num_sampled ({num_sampled}) <= "
            f"range_max ({range_max}); lower num_sampled or pass unique=False.")
    size = max(num_sampled, 1) * (4 if unique else 1)
    if not unique:
        return draw(_kernels().uniform((num_sampled,), np.float64, key, 0.0, 1.0)), num_sampled
    chosen: dict[int, None] = {}
    tries = 0
    chunk = 0
    while len(chosen) < num_sampled:
        chunk_key = _kernels().make_key((key ^ _CHUNK_SALT) & (2**63 - 1), chunk)
        for value in draw(_kernels().uniform((size,), np.float64, chunk_key, 0.0, 1.0)).tolist():
            tries += 1
            chosen.setdefault(int(value))
            if len(chosen) == num_sampled:
                break
        chunk += 1
    return np.fromiter(chosen, np.int64, num_sampled), tries


def _expected_count(p: np.ndarray, num_sampled: int, num_tries: int) -> np.ndarray:
    if num_tries == num_sampled:
        return (p * num_sampled).astype(np.float32)
    return (-np.expm1(num_tries * np.log1p(-p))).astype(np.float32)


def _sampler_shape(true_classes: Tensor, *, num_true: int, num_sampled: int, unique: bool,
                   range_max: int, key: int, kind: Any) -> list:
    return [(int64, TensorShape([num_sampled])), (float32, true_classes.shape),
            (float32, TensorShape([num_sampled]))]


def _sampler(true_classes: np.ndarray, *, num_true: int, num_sampled: int, unique: bool,
             range_max: int, key: int, kind: Any, ctx: Any) -> tuple:
    p, draw = _probabilities(kind, range_max)
    sampled, tries = _sample(draw, num_sampled, unique, range_max, stream_key(key, ctx))
    return (sampled, _expected_count(p(true_classes.astype(np.int64)), num_sampled, tries),
            _expected_count(p(sampled), num_sampled, tries))


_SAMPLERS = {kind: define_op(op_type, ("true_classes:int64",), _sampler_shape, _sampler,
                             pure=False, context=True, eager=False)   # TF checks at run time
             for kind, op_type in (("log_uniform", "LogUniformCandidateSampler"),
                                   ("uniform", "UniformCandidateSampler"),
                                   ("unigram", "FixedUnigramCandidateSampler"))}


def _check_true(true_classes: Any, num_true: int) -> None:
    shape = getattr(true_classes, "shape", None)
    if isinstance(shape, TensorShape) and shape.ndims is not None and shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {shape.ndims}: true_classes is "
                         f"[batch_size, num_true] ({num_true} target classes per example).")


def log_uniform_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int,
                                  unique: bool, range_max: int, seed: Any = None,
                                  name: str | None = None) -> tuple:
    """Classes drawn with ``P(c) = log((c + 2) / (c + 1)) / log(range_max + 1)`` (Zipf-like: ids
    sorted by falling frequency). Draws differ from TF's (scopelab's random stream)."""
    _check_true(true_classes, num_true)
    return _SAMPLERS["log_uniform"](true_classes, name=name, num_true=num_true,
                                    num_sampled=num_sampled, unique=bool(unique),
                                    range_max=range_max, key=_seed_key(seed),
                                    kind="log_uniform")


def uniform_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int, unique: bool,
                              range_max: int, seed: Any = None, name: str | None = None) -> tuple:
    """Classes drawn uniformly from ``[0, range_max)``. Draws differ from TF's (scopelab's random
    stream); the expected counts are TF's."""
    _check_true(true_classes, num_true)
    return _SAMPLERS["uniform"](true_classes, name=name, num_true=num_true,
                                num_sampled=num_sampled, unique=bool(unique),
                                range_max=range_max, key=_seed_key(seed), kind="uniform")


def fixed_unigram_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int,
                                    unique: bool, range_max: int, vocab_file: str = "",
                                    distortion: float = 1.0, num_reserved_ids: int = 0,
                                    num_shards: int = 1, shard: int = 0,
                                    unigrams: Any = (), seed: Any = None,
                                    name: str | None = None) -> tuple:
    """Classes drawn with ``P(c) ∝ unigrams[c] ** distortion``. Only ``unigrams`` is supported
    (not ``vocab_file``, reserved ids or shards). Draws differ from TF's."""
    if vocab_file or num_reserved_ids or num_shards != 1 or shard:
        raise NotImplementedError(
            "fixed_unigram_candidate_sampler here takes the counts as unigrams=[...] only; read "
            "the vocabulary file yourself and pass its counts as unigrams.")
    if len(unigrams) != range_max:
        raise ValueError(f"Vocab size {len(unigrams)} must equal range_max {range_max}: give "
                         f"one unigram count per class.")
    _check_true(true_classes, num_true)
    table = tuple(_unigram_p(tuple(unigrams), distortion).tolist())
    return _SAMPLERS["unigram"](true_classes, name=name, num_true=num_true,
                                num_sampled=num_sampled, unique=bool(unique),
                                range_max=range_max, key=_seed_key(seed), kind=table)


# --- accidental hits -------------------------------------------------------------------------------
def _hits_shape(true_classes: Tensor, sampled_candidates: Tensor, *, num_true: int) -> list:
    unknown = TensorShape([None])
    return [(int32, unknown), (int64, unknown), (float32, unknown)]


def _hits(true_classes: np.ndarray, sampled: np.ndarray, *, num_true: int) -> tuple:
    position = {int(c): j for j, c in enumerate(sampled.tolist())}   # a repeated class: its last
    indices, ids = [], []
    for i, row in enumerate(true_classes.reshape(-1, num_true).tolist()):
        for c in row:
            if c in position:
                indices.append(i)
                ids.append(position[c])
    weights = np.full(len(ids), -np.finfo(np.float32).max, np.float32)
    return np.asarray(indices, np.int32), np.asarray(ids, np.int64), weights


_ACCIDENTAL_HITS = define_op("ComputeAccidentalHits", ("true_classes:int64",
                                                       "sampled_candidates:int64"),
                             _hits_shape, _hits)


def compute_accidental_hits(true_classes: Any, sampled_candidates: Any, num_true: int,
                            seed: Any = None, name: str | None = None) -> tuple:
    """``(indices, ids, weights)``: example ``indices[k]``'s target equals the sampled candidate
    at ``ids[k]``; ``weights`` are ``-FLT_MAX`` (added to those logits to remove the hit)."""
    return _ACCIDENTAL_HITS(true_classes, sampled_candidates, name=name, num_true=num_true)


# --- SparseToDense (what removing the hits scatters with) -----------------------------------------
def _to_dense_shape(sparse_indices: Tensor, output_shape: Tensor, sparse_values: Tensor,
                    default_value: Tensor, *, validate_indices: bool) -> tuple:
    return sparse_values.dtype, shape_from_tensor(output_shape)


def _to_dense(sparse_indices: np.ndarray, output_shape: np.ndarray, sparse_values: np.ndarray,
              default_value: np.ndarray, *, validate_indices: bool) -> np.ndarray:
    shape = tuple(int(d) for d in np.reshape(output_shape, -1))
    dense = np.full(shape, default_value, dtype=sparse_values.dtype)
    index = np.reshape(sparse_indices, (-1, len(shape))) if shape else np.zeros((0, 0), np.int64)
    values = np.broadcast_to(sparse_values, (index.shape[0],))
    for row, value in zip(index.tolist(), values.tolist()):
        dense[tuple(row)] = value
    return dense


_SPARSE_TO_DENSE = define_op("SparseToDense", ("sparse_indices:int", "output_shape:int",
                                               "sparse_values:T", "default_value:T"),
                             _to_dense_shape, _to_dense)


def sparse_to_dense(sparse_indices: Any, output_shape: Any, sparse_values: Any,
                    default_value: Any = 0, validate_indices: bool = True,
                    name: str | None = None) -> Tensor:
    """A dense tensor of ``default_value`` with ``sparse_values`` at ``sparse_indices``."""
    return _SPARSE_TO_DENSE(sparse_indices, output_shape, sparse_values, default_value,
                            name=name, validate_indices=validate_indices)
