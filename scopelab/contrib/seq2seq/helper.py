"""The helpers that feed a ``BasicDecoder``: ``TrainingHelper`` (teacher forcing),
``GreedyEmbeddingHelper`` (argmax, embedded) and ``SampleEmbeddingHelper`` (sampled, embedded).

As TF 1.15's ``tensorflow/contrib/seq2seq/python/ops/helper.py`` (read, not recorded): helpers
create no variables; ``batch_size`` is ``tf.size`` of the lengths (``TrainingHelper``) or of the
start tokens; a training sequence is finished once ``time + 1 >= sequence_length`` and a greedy
one once its sample is ``end_token``; ``sample_id`` is ``int32``. When every sequence is finished
the next inputs are zeros (training) or the start inputs (greedy), so no step reads past the end.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.ops import nest

__all__ = ["Helper", "CustomHelper", "TrainingHelper", "GreedyEmbeddingHelper",
           "SampleEmbeddingHelper"]


class Helper:
    """What a ``BasicDecoder`` asks of a helper: ``initialize``, ``sample``, ``next_inputs``."""

    @property
    def batch_size(self) -> Any:
        raise NotImplementedError

    @property
    def sample_ids_shape(self) -> Any:
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self) -> Any:
        return tf.int32

    def initialize(self, name: str | None = None) -> Any:
        raise NotImplementedError

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        raise NotImplementedError

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> Any:
        raise NotImplementedError


class CustomHelper(Helper):
    """A helper made of three functions: ``initialize_fn() -> (finished, inputs)``,
    ``sample_fn(time, outputs, state)``, ``next_inputs_fn(time, outputs, state, sample_ids)``."""

    def __init__(self, initialize_fn: Any, sample_fn: Any, next_inputs_fn: Any,
                 sample_ids_shape: Any = None, sample_ids_dtype: Any = None) -> None:
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = tf.as_dtype(sample_ids_dtype or tf.int32)

    @property
    def batch_size(self) -> Any:
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self) -> Any:
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self) -> Any:
        return self._sample_ids_dtype

    def initialize(self, name: str | None = None) -> Any:
        with tf.name_scope(name, "CustomHelperInitialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = tf.size(finished)
        return finished, next_inputs

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        with tf.name_scope(name, "CustomHelperSample"):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> Any:
        with tf.name_scope(name, "CustomHelperNextInputs"):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state,
                                        sample_ids=sample_ids)


def _time_major(x: Any) -> Any:
    rank = x.shape.ndims
    if rank is None or rank < 2:
        raise ValueError(f"TrainingHelper reads inputs shaped [batch, time, ...]; {x.name} has "
                         f"shape {x.shape}.")
    return tf.transpose(x, [1, 0] + list(range(2, rank)))


class TrainingHelper(Helper):
    """Teacher forcing: step ``t`` reads ``inputs[:, t]``; ``sample_id`` is the outputs' argmax."""

    def __init__(self, inputs: Any, sequence_length: Any, time_major: bool = False,
                 name: str | None = None) -> None:
        with tf.name_scope(name, "TrainingHelper"):
            inputs = nest.map_structure(lambda x: tf.convert_to_tensor(x, name="inputs"), inputs)
            self._inputs = inputs
            if not time_major:
                inputs = nest.map_structure(_time_major, inputs)
            self._time_major_inputs = inputs
            self._sequence_length = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise ValueError(
                    f"Expected sequence_length to be a vector, but received shape: "
                    f"{self._sequence_length.shape}\nGive one length per sequence of the batch, "
                    f"e.g. tf.placeholder(tf.int32, [None]).")
            self._zero_inputs = nest.map_structure(lambda x: tf.zeros_like(x[0, :]), inputs)
            self._batch_size = tf.size(sequence_length)

    @property
    def inputs(self) -> Any:
        return self._inputs

    @property
    def sequence_length(self) -> Any:
        return self._sequence_length

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    def _read(self, time: Any) -> Any:
        return nest.map_structure(lambda x: x[time], self._time_major_inputs)

    def initialize(self, name: str | None = None) -> Any:
        with tf.name_scope(name, "TrainingHelperInitialize"):
            finished = tf.equal(0, self._sequence_length)
            all_finished = tf.reduce_all(finished)
            next_inputs = tf.cond(all_finished, lambda: self._zero_inputs, lambda: self._read(0))
            return finished, next_inputs

    def sample(self, time: Any, outputs: Any, name: str | None = None, **unused: Any) -> Any:
        with tf.name_scope(name, "TrainingHelperSample"):
            return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time: Any, outputs: Any, state: Any, name: str | None = None,
                    **unused: Any) -> Any:
        with tf.name_scope(name, "TrainingHelperNextInputs"):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            all_finished = tf.reduce_all(finished)
            next_inputs = tf.cond(all_finished, lambda: self._zero_inputs,
                                  lambda: self._read(next_time))
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: the argmax of the outputs (logits) is the sample and, embedded, the next input;
    a sequence is finished when it samples ``end_token``."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any) -> None:
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32,
                                                  name="start_tokens")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector\nGive one start token per sequence: "
                             "tf.fill([batch_size], sos_id).")
        self._batch_size = tf.size(start_tokens)
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    def initialize(self, name: str | None = None) -> Any:
        finished = tf.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        if not tf.is_tensor(outputs):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time: Any, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> Any:
        finished = tf.equal(sample_ids, self._end_token)
        all_finished = tf.reduce_all(finished)
        next_inputs = tf.cond(all_finished, lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference by sampling: the sample is drawn from ``softmax(outputs / softmax_temperature)``
    (scopelab's random stream: the draws are not TensorFlow's numbers)."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any,
                 softmax_temperature: Any = None, seed: Any = None) -> None:
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time: Any, outputs: Any, state: Any, name: str | None = None) -> Any:
        if not tf.is_tensor(outputs):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None \
            else outputs / self._softmax_temperature
        draws = tf.multinomial(logits, 1, seed=self._seed, output_dtype=tf.int32)
        return tf.reshape(draws, [-1])
