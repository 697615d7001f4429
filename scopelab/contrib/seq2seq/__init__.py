"""``tf.contrib.seq2seq``: TF 1.x's decoding API for NMT-style models.

* ``helper.py``: ``TrainingHelper``, ``GreedyEmbeddingHelper``, ``SampleEmbeddingHelper``,
  ``CustomHelper``;
* ``basic_decoder.py``: ``BasicDecoder`` and ``BasicDecoderOutput(rnn_output, sample_id)``;
* ``decoder.py``: ``Decoder`` and ``dynamic_decode`` (its loop in ``_decode_loop.py``, run at
  ``Session.run`` time step by step in NumPy, as ``dynamic_rnn``'s);
* ``attention_wrapper.py``: ``BahdanauAttention``, ``LuongAttention``, ``AttentionWrapper``,
  ``AttentionWrapperState``, ``hardmax`` (the alignment history in ``_history.py``);
* ``beam_search.py``: ``tile_batch``; ``beam_search_decoder.py``: ``BeamSearchDecoder``,
  ``FinalBeamSearchDecoderOutput`` (its step in ``_beam_step.py``: ``BeamSearchDecoderState``,
  ``BeamSearchDecoderOutput``); ``gather_tree.py``: ``gather_tree``;
* ``sequence_loss`` from :mod:`scopelab.rnn.legacy_seq2seq`.

TensorFlow 2 has no ``tf.contrib``, so there is nothing to record these from: the variable names,
shapes and scopes are derived from TF 1.15's source (``tensorflow/contrib/seq2seq/python/ops/``),
each rule written down where it is implemented and next to its test.
"""

from scopelab.contrib.seq2seq.attention_wrapper import (AttentionMechanism, AttentionWrapper,
                                                        AttentionWrapperState, BahdanauAttention,
                                                        LuongAttention, hardmax)
from scopelab.contrib.seq2seq.basic_decoder import BasicDecoder, BasicDecoderOutput
from scopelab.contrib.seq2seq.beam_search import tile_batch
from scopelab.contrib.seq2seq.beam_search_decoder import (BeamSearchDecoder,
                                                          BeamSearchDecoderOutput,
                                                          BeamSearchDecoderState,
                                                          FinalBeamSearchDecoderOutput)
from scopelab.contrib.seq2seq.decoder import Decoder, dynamic_decode
from scopelab.contrib.seq2seq.gather_tree import gather_tree
from scopelab.contrib.seq2seq.helper import (CustomHelper, GreedyEmbeddingHelper, Helper,
                                             SampleEmbeddingHelper, TrainingHelper)
from scopelab.rnn.legacy_seq2seq import seq2seq_sequence_loss as sequence_loss

__all__ = ["sequence_loss", "Helper", "CustomHelper", "TrainingHelper", "GreedyEmbeddingHelper",
           "SampleEmbeddingHelper", "Decoder", "dynamic_decode", "BasicDecoder",
           "BasicDecoderOutput", "AttentionMechanism", "BahdanauAttention", "LuongAttention",
           "AttentionWrapper", "AttentionWrapperState", "hardmax", "tile_batch", "BeamSearchDecoder",
           "BeamSearchDecoderState", "BeamSearchDecoderOutput", "FinalBeamSearchDecoderOutput",
           "gather_tree"]
