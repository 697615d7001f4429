"""``tf.contrib.rnn``'s own additions: ``LSTMBlockCell`` and the stacked bidirectional loops.

TF 2.x dropped contrib, so there is nothing to record these against: the names follow TF1's source
(``lstm_ops.py``, ``rnn.py`` of contrib.rnn) on top of the recorded rules of the cells and loops
they are built from, and the numbers are checked against the equivalent core cell.
"""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf
from scopelab.rnn import LSTMBlockCell, stack_bidirectional_dynamic_rnn, stack_bidirectional_rnn

X = np.random.RandomState(3).uniform(-1, 1, (2, 4, 3)).astype(np.float32)


def test_lstm_block_cell_is_an_lstm_cell_named_lstm_cell() -> None:
    x = tf.placeholder(tf.float32, [2, 4, 3])
    block = LSTMBlockCell(5, forget_bias=0.0, use_peephole=True, cell_clip=0.5)
    assert block.name == "lstm_cell"
    out_block, _ = tf.nn.dynamic_rnn(block, x, dtype=tf.float32, scope="block")
    assert [v.op.name for v in tf.global_variables()] == [
        "block/lstm_cell/kernel", "block/lstm_cell/bias", "block/lstm_cell/w_i_diag",
        "block/lstm_cell/w_f_diag", "block/lstm_cell/w_o_diag"]
    same = tf.nn.rnn_cell.LSTMCell(5, forget_bias=0.0, use_peepholes=True, cell_clip=0.5)
    out_core, _ = tf.nn.dynamic_rnn(same, x, dtype=tf.float32, scope="core")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name in ("kernel", "bias", "w_i_diag", "w_f_diag", "w_o_diag"):
            block_var, core_var = (v for v in tf.global_variables() if v.op.name.endswith(name))
            core_var.load(sess.run(block_var), sess)
        got_block, got_core = sess.run([out_block, out_core], {x: X})
    np.testing.assert_allclose(got_block, got_core, rtol=1e-6)


def test_stacked_bidirectional_loops_name_their_layers_as_tf1() -> None:
    x = tf.placeholder(tf.float32, [2, 4, 3])
    cells = lambda: [tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(3)]
    out, states_fw, states_bw = stack_bidirectional_dynamic_rnn(cells(), cells(), x,
                                                                dtype=tf.float32)
    assert out.shape.as_list() == [2, 4, 6] and len(states_fw) == len(states_bw) == 2
    static_out, _, _ = stack_bidirectional_rnn(cells(), cells(), tf.unstack(x, axis=1),
                                               dtype=tf.float32)
    assert [o.shape.as_list() for o in static_out] == [[2, 6]] * 4
    kernels = [v.op.name for v in tf.global_variables() if v.op.name.endswith("gates/kernel")]
    assert kernels == [
        "stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/gru_cell/gates/kernel",
        "stack_bidirectional_rnn/cell_0/bidirectional_rnn/bw/gru_cell/gates/kernel",
        "stack_bidirectional_rnn/cell_1/bidirectional_rnn/fw/gru_cell/gates/kernel",
        "stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/gru_cell/gates/kernel",
        "stack_bidirectional_rnn/cell_0/fw/gru_cell/gates/kernel",    # a variable scope opened
        "stack_bidirectional_rnn/cell_0/bw/gru_cell/gates/kernel",    # again by name is the same
        "stack_bidirectional_rnn/cell_1/fw/gru_cell/gates/kernel",
        "stack_bidirectional_rnn/cell_1/bw/gru_cell/gates/kernel"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out, {x: X}).shape == (2, 4, 6)


def test_stacked_loops_check_their_layers() -> None:
    x = tf.placeholder(tf.float32, [2, 4, 3])
    with pytest.raises(ValueError, match="Forward and Backward cells must have the same depth"):
        stack_bidirectional_dynamic_rnn([tf.nn.rnn_cell.GRUCell(2)],
                                        [tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2)], x,
                                        dtype=tf.float32)
    with pytest.raises(ValueError, match="Must specify at least one bw cell for BidirectionalRNN"):
        stack_bidirectional_dynamic_rnn([tf.nn.rnn_cell.GRUCell(2)], [], x, dtype=tf.float32)
    with pytest.raises(ValueError, match="cells_fw must be a list of RNNCells"):
        stack_bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), [tf.nn.rnn_cell.GRUCell(2)],
                                        x, dtype=tf.float32)


def test_contrib_namespaces_re_export_the_rnn_and_train_objects() -> None:
    from scopelab.rnn import legacy_seq2seq
    from scopelab.train.hparams import HParams

    assert tf.contrib.rnn.LSTMBlockCell is LSTMBlockCell
    assert tf.contrib.rnn.stack_bidirectional_dynamic_rnn is stack_bidirectional_dynamic_rnn
    assert tf.contrib.rnn.stack_bidirectional_rnn is stack_bidirectional_rnn
    assert {"LSTMBlockCell", "stack_bidirectional_rnn"} <= set(dir(tf.contrib.rnn))
    assert tf.contrib.legacy_seq2seq.rnn_decoder is legacy_seq2seq.rnn_decoder
    assert tf.contrib.legacy_seq2seq.sequence_loss is legacy_seq2seq.sequence_loss
    assert tf.contrib.legacy_seq2seq.sequence_loss_by_example is \
        legacy_seq2seq.sequence_loss_by_example
    assert tf.contrib.seq2seq.sequence_loss is legacy_seq2seq.seq2seq_sequence_loss
    assert tf.contrib.training.HParams is HParams
    with pytest.raises(AttributeError, match="tf.contrib.training"):
        tf.contrib.no_such_module    # noqa: B018 - the message lists what exists
