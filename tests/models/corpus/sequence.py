"""Sequence models: char-RNN, the PTB language model, seq2seq, a hand-written attention decoder, a
text CNN and a contrib.rnn classifier."""

import numpy as np

from corpus import model


@model("char_rnn", "char-RNN: MultiRNNCell of BasicLSTMCell with DropoutWrapper, rnnlm softmax_w/b, an "
       "unrolled rnn_decoder loop with reuse_variables(), a sampling model sharing the weights through "
       "variable_scope(reuse=True), gradient clipping with tf.gradients, summaries")
def char_rnn(tf, py):
    vocab, rnn_size, num_layers = 12, 8, 2

    def build(training, batch, seq):
        cells = []
        for _ in range(num_layers):
            cell = tf.nn.rnn_cell.BasicLSTMCell(rnn_size)
            if training:
                cell = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=1.0, output_keep_prob=0.9)
            cells.append(cell)
        cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
        input_data = tf.placeholder(tf.int32, [batch, seq], name="input_data")
        targets = tf.placeholder(tf.int32, [batch, seq], name="targets")
        initial_state = cell.zero_state(batch, tf.float32)
        with tf.variable_scope("rnnlm"):
            softmax_w = tf.get_variable("softmax_w", [rnn_size, vocab])
            softmax_b = tf.get_variable("softmax_b", [vocab])
        embedding = tf.get_variable("embedding", [vocab, rnn_size])
        inputs = tf.split(tf.nn.embedding_lookup(embedding, input_data), seq, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]
        with tf.variable_scope("rnn_decoder"):
            state, outputs = initial_state, []
            for i, inp in enumerate(inputs):
                if i > 0:
                    tf.get_variable_scope().reuse_variables()
                output, state = cell(inp, state)
                outputs.append(output)
        output = tf.reshape(tf.concat(outputs, 1), [-1, rnn_size])
        logits = tf.matmul(output, softmax_w) + softmax_b
        probs = tf.nn.softmax(logits)
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(targets, [-1]), logits=logits)
        cost = tf.reduce_sum(loss) / batch / seq
        return input_data, probs, cost, state

    with tf.variable_scope("model"):
        _, _, cost, _ = build(True, 2, 5)
    with tf.name_scope("cost"):
        tf.summary.scalar("train_loss", cost)
    lr = tf.Variable(0.0, trainable=False)
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), 5.0)
    with tf.name_scope("optimizer"):
        optimizer = tf.train.AdamOptimizer(lr)
    optimizer.apply_gradients(zip(grads, tvars))
    with tf.variable_scope("model", reuse=True):
        sample_input, sample_probs, _, sample_state = build(False, 1, 1)
    return {"outputs": {"cost": cost, "sample_probs": sample_probs, "sample_c": tf.identity(sample_state[1].c, name="sample_c")},
            "values": ["sample_probs", "sample_c"], "optimizers": [optimizer],
            "feeds": {sample_input: [[3]]}}


@model("ptb_lm", "the PTB word language model: Train/Valid/Test name scopes over variable_scope('Model', "
       "reuse=None/True, initializer=uniform), contrib.rnn BasicLSTMCell(forget_bias=0) in a MultiRNNCell, "
       "embedding on /cpu:0, unrolled 'RNN' loop with reuse_variables(), xw_plus_b, clip_by_global_norm, "
       "learning-rate Variable with an assign placeholder")
def ptb_lm(tf, py):
    num_layers, size, vocab, keep_prob, max_grad_norm = 2, 8, 12, 0.5, 5

    def make(is_training, batch_size, num_steps):
        input_data = tf.placeholder(tf.int32, [batch_size, num_steps], name="input")
        targets = tf.placeholder(tf.int32, [batch_size, num_steps], name="targets")

        def make_cell():
            cell = tf.contrib.rnn.BasicLSTMCell(size, forget_bias=0.0, state_is_tuple=True,
                                                reuse=not is_training)
            if is_training and keep_prob < 1:
                cell = tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)
            return cell

        cell = tf.contrib.rnn.MultiRNNCell([make_cell() for _ in range(num_layers)], state_is_tuple=True)
        state = cell.zero_state(batch_size, tf.float32)
        with tf.device("/cpu:0"):
            embedding = tf.get_variable("embedding", [vocab, size], dtype=tf.float32)
            inputs = tf.nn.embedding_lookup(embedding, input_data)
        if is_training and keep_prob < 1:
            inputs = tf.nn.dropout(inputs, keep_prob)
        outputs = []
        with tf.variable_scope("RNN"):
            for time_step in range(num_steps):
                if time_step > 0:
                    tf.get_variable_scope().reuse_variables()
                cell_output, state = cell(inputs[:, time_step, :], state)
                outputs.append(cell_output)
        output = tf.reshape(tf.concat(outputs, 1), [-1, size])
        softmax_w = tf.get_variable("softmax_w", [size, vocab], dtype=tf.float32)
        softmax_b = tf.get_variable("softmax_b", [vocab], dtype=tf.float32)
        logits = tf.reshape(tf.nn.xw_plus_b(output, softmax_w, softmax_b), [batch_size, num_steps, vocab])
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
        cost = tf.reduce_sum(tf.reduce_mean(loss, axis=0))
        result = {"input": input_data, "logits": logits, "cost": cost, "final_state": state}
        if not is_training:
            return result
        lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), max_grad_norm)
        optimizer = tf.train.GradientDescentOptimizer(lr)
        optimizer.apply_gradients(zip(grads, tvars), global_step=tf.train.get_or_create_global_step())
        new_lr = tf.placeholder(tf.float32, shape=[], name="new_learning_rate")
        tf.assign(lr, new_lr)
        return dict(result, lr=lr)

    initializer = tf.random_uniform_initializer(-0.1, 0.1)
    with tf.name_scope("Train"):
        with tf.variable_scope("Model", reuse=None, initializer=initializer):
            m = make(True, 2, 4)
        tf.summary.scalar("Training Loss", m["cost"])
        tf.summary.scalar("Learning Rate", m["lr"])
    with tf.name_scope("Valid"):
        with tf.variable_scope("Model", reuse=True, initializer=initializer):
            mvalid = make(False, 2, 4)
        tf.summary.scalar("Validation Loss", mvalid["cost"])
    with tf.name_scope("Test"):
        with tf.variable_scope("Model", reuse=True, initializer=initializer):
            mtest = make(False, 1, 1)
    return {"outputs": {"train_input": m["input"], "train_logits": m["logits"], "valid_cost": mvalid["cost"],
                        "test_logits": mtest["logits"], "test_h1": tf.identity(mtest["final_state"][1].h, name="test_h1")},
            "values": ["test_logits", "test_h1"], "feeds": {mtest["input"]: [[5]]}}


@model("seq2seq", "encoder-decoder tutorial style: tf.Variable embeddings, bidirectional_dynamic_rnn of "
       "LSTMCells with sequence_length, concatenated LSTMStateTuple as the decoder's initial state, "
       "dynamic_rnn(scope='plain_decoder'), dense projection, softmax_cross_entropy_with_logits_v2")
def seq2seq(tf, py):
    vocab, emb, units = 10, 6, 5
    encoder_inputs = tf.placeholder(tf.int32, [None, None], name="encoder_inputs")
    encoder_lengths = tf.placeholder(tf.int32, [None], name="encoder_inputs_length")
    decoder_inputs = tf.placeholder(tf.int32, [None, None], name="decoder_inputs")
    decoder_targets = tf.placeholder(tf.int32, [None, None], name="decoder_targets")
    embeddings = tf.Variable(tf.random_uniform([vocab, emb], -1.0, 1.0), dtype=tf.float32)
    encoder_emb = tf.nn.embedding_lookup(embeddings, encoder_inputs)
    decoder_emb = tf.nn.embedding_lookup(embeddings, decoder_inputs)
    with tf.variable_scope("encoder"):
        fw, bw = tf.nn.rnn_cell.LSTMCell(units), tf.nn.rnn_cell.LSTMCell(units)
        (fw_out, bw_out), (fw_state, bw_state) = tf.nn.bidirectional_dynamic_rnn(
            cell_fw=fw, cell_bw=bw, inputs=encoder_emb, sequence_length=encoder_lengths, dtype=tf.float32)
        encoder_outputs = tf.concat((fw_out, bw_out), 2)
        encoder_state = tf.nn.rnn_cell.LSTMStateTuple(c=tf.concat((fw_state.c, bw_state.c), 1),
                                                      h=tf.concat((fw_state.h, bw_state.h), 1))
    with tf.variable_scope("decoder"):
        decoder_cell = tf.nn.rnn_cell.LSTMCell(2 * units)
        decoder_outputs, _ = tf.nn.dynamic_rnn(decoder_cell, decoder_emb, initial_state=encoder_state,
                                               dtype=tf.float32, scope="plain_decoder")
        logits = tf.layers.dense(decoder_outputs, vocab, name="projection")
    prediction = tf.argmax(logits, 2, name="prediction")
    stepwise = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(decoder_targets, depth=vocab),
                                                          logits=logits)
    loss = tf.reduce_mean(stepwise)
    optimizer = tf.train.AdamOptimizer()
    optimizer.minimize(loss)
    return {"outputs": {"encoder_outputs": encoder_outputs, "logits": logits, "prediction": prediction},
            "values": ["encoder_outputs", "logits"], "optimizers": [optimizer],
            "feeds": {encoder_inputs: [[1, 2, 3, 0], [4, 5, 0, 0]], encoder_lengths: [3, 2],
                      decoder_inputs: [[1, 6, 7], [1, 8, 9]]}}


@model("attention_decoder", "a hand-unrolled Bahdanau attention decoder: GRUCell encoder via "
       "dynamic_rnn, per-step tf.layers.dense(..., reuse=step > 0) scoring layers, a GRUCell decoder "
       "called in a loop under one variable_scope with reuse_variables()")
def attention_decoder(tf, py):
    vocab, units, steps = 9, 6, 3
    source = tf.placeholder(tf.float32, [None, 4, 5], name="source")
    with tf.variable_scope("encoder"):
        memory, final = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(units), source, dtype=tf.float32)
    keys = tf.layers.dense(memory, units, use_bias=False, name="memory_layer")
    cell = tf.nn.rnn_cell.GRUCell(units)
    state, outputs = final, []
    with tf.variable_scope("attention_decoder") as scope:
        for step in range(steps):
            if step > 0:
                scope.reuse_variables()
            query = tf.layers.dense(state, units, use_bias=False, name="query_layer", reuse=step > 0)
            v = tf.get_variable("attention_v", [units])
            score = tf.reduce_sum(v * tf.tanh(keys + tf.expand_dims(query, 1)), [2])
            alignments = tf.nn.softmax(score)
            context = tf.reduce_sum(tf.expand_dims(alignments, 2) * memory, [1])
            output, state = cell(tf.concat([context, state], 1), state)
            outputs.append(tf.layers.dense(output, vocab, name="output_projection", reuse=step > 0))
    logits = tf.stack(outputs, axis=1, name="logits")
    return {"outputs": {"logits": logits, "keys": tf.identity(keys, name="keys")},
            "values": ["logits"],
            "feeds": {source: np.random.RandomState(12).uniform(-1, 1, (2, 4, 5))}}


@model("text_cnn", "the text-CNN tutorial: tf.Variable embedding under name_scope('embedding'), "
       "conv-maxpool-N name scopes with tf.Variable W/b, get_variable('W') with xavier_initializer under "
       "name_scope('output') (which it ignores), l2 loss, compute/apply gradients with a tf.Variable "
       "global step, gradient summaries named after v.name")
def text_cnn(tf, py):
    seq_len, num_classes, vocab, emb, filter_sizes, num_filters = 7, 2, 15, 4, (2, 3, 4), 3
    input_x = tf.placeholder(tf.int32, [None, seq_len], name="input_x")
    input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
    dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
    l2_loss = tf.constant(0.0)
    with tf.device("/cpu:0"), tf.name_scope("embedding"):
        W = tf.Variable(tf.random_uniform([vocab, emb], -1.0, 1.0), name="W")
        embedded = tf.expand_dims(tf.nn.embedding_lookup(W, input_x), -1)
    pooled_outputs = []
    for filter_size in filter_sizes:
        with tf.name_scope("conv-maxpool-%s" % filter_size):
            W = tf.Variable(tf.truncated_normal([filter_size, emb, 1, num_filters], stddev=0.1), name="W")
            b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
            conv = tf.nn.conv2d(embedded, W, strides=[1, 1, 1, 1], padding="VALID", name="conv")
            h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
            pooled_outputs.append(tf.nn.max_pool(h, ksize=[1, seq_len - filter_size + 1, 1, 1],
                                                 strides=[1, 1, 1, 1], padding="VALID", name="pool"))
    total = num_filters * len(filter_sizes)
    h_pool_flat = tf.reshape(tf.concat(pooled_outputs, 3), [-1, total])
    with tf.name_scope("dropout"):
        h_drop = tf.nn.dropout(h_pool_flat, dropout_keep_prob)
    with tf.name_scope("output"):
        W = tf.get_variable("W", shape=[total, num_classes], initializer=tf.contrib.layers.xavier_initializer())
        b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
        l2_loss += tf.nn.l2_loss(W)
        l2_loss += tf.nn.l2_loss(b)
        scores = tf.nn.xw_plus_b(h_drop, W, b, name="scores")
        predictions = tf.argmax(scores, 1, name="predictions")
    with tf.name_scope("loss"):
        losses = tf.nn.softmax_cross_entropy_with_logits(logits=scores, labels=input_y)
        loss = tf.reduce_mean(losses) + 0.1 * l2_loss
    with tf.name_scope("accuracy"):
        correct = tf.equal(predictions, tf.argmax(input_y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, "float"), name="accuracy")
    global_step = tf.Variable(0, name="global_step", trainable=False)
    optimizer = tf.train.AdamOptimizer(1e-3)
    grads_and_vars = optimizer.compute_gradients(loss)
    optimizer.apply_gradients(grads_and_vars, global_step=global_step)
    grad_summaries = []
    for g, v in grads_and_vars:
        if g is not None:
            grad_summaries.append(tf.summary.histogram(f"{v.name}/grad/hist", g))
            grad_summaries.append(tf.summary.scalar(f"{v.name}/grad/sparsity", tf.nn.zero_fraction(g)))
    merged = tf.summary.merge(grad_summaries)
    loss_summary = tf.summary.scalar("loss", loss)
    acc_summary = tf.summary.scalar("accuracy", accuracy)
    train_summary = tf.summary.merge([loss_summary, acc_summary, merged])
    return {"outputs": {"scores": scores, "predictions": predictions, "accuracy": accuracy,
                        "train_summary": train_summary},
            "values": ["scores", "predictions"], "optimizers": [optimizer],
            "feeds": {input_x: np.random.RandomState(13).randint(0, vocab, (3, seq_len)),
                      input_y: [[1, 0], [0, 1], [1, 0]], dropout_keep_prob: 1.0}}


@model("contrib_rnn_classifier", "tf.contrib.rnn cells: LSTMCell with peepholes and num_proj, "
       "ResidualWrapper around a GRUCell, MultiRNNCell, static_rnn over tf.unstack, "
       "a BasicRNNCell static_bidirectional_rnn, sequence_mask-weighted loss")
def contrib_rnn_classifier(tf, py):
    steps, features, classes = 4, 3, 2
    x = tf.placeholder(tf.float32, [None, steps, features], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    inputs = tf.unstack(x, steps, 1)
    stack = tf.contrib.rnn.MultiRNNCell([
        tf.contrib.rnn.LSTMCell(6, use_peepholes=True, num_proj=5),
        tf.contrib.rnn.ResidualWrapper(tf.contrib.rnn.GRUCell(5)),
    ])
    outputs, states = tf.contrib.rnn.static_rnn(stack, inputs, dtype=tf.float32, sequence_length=lengths)
    with tf.variable_scope("bidi"):
        bi_outputs, _, _ = tf.contrib.rnn.static_bidirectional_rnn(
            tf.contrib.rnn.BasicRNNCell(3), tf.contrib.rnn.BasicRNNCell(3), inputs, dtype=tf.float32)
    per_step = tf.stack([tf.concat([o, b], 1) for o, b in zip(outputs, bi_outputs)], axis=1)
    logits = tf.layers.dense(per_step, classes, name="per_step_logits")
    mask = tf.sequence_mask(lengths, steps, dtype=tf.float32)
    labels = tf.zeros_like(lengths)
    step_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.tile(tf.expand_dims(labels, 1), [1, steps]), logits=logits)
    loss = tf.reduce_sum(step_loss * mask) / tf.reduce_sum(mask)
    optimizer = tf.train.AdagradOptimizer(0.1)
    optimizer.minimize(loss)
    return {"outputs": {"logits": logits, "last_h": tf.identity(states[0].h, name="last_h"), "loss": loss},
            "values": ["logits", "last_h", "loss"], "optimizers": [optimizer],
            "feeds": {x: np.random.RandomState(14).uniform(-1, 1, (2, steps, features)), lengths: [4, 2]}}
