"""Attention models: a transformer encoder-decoder, a BERT-style encoder, a GPT-style decoder."""

import numpy as np

from corpus import model


# --- transformer (tf.layers.dense projections under AUTO_REUSE, hand-written layer norm) -------------

def _ln(tf, inputs, epsilon=1e-8, scope="ln"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        params_shape = inputs.get_shape()[-1:]
        mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
        beta = tf.get_variable("beta", params_shape, initializer=tf.zeros_initializer())
        gamma = tf.get_variable("gamma", params_shape, initializer=tf.ones_initializer())
        normalized = (inputs - mean) / ((variance + epsilon) ** .5)
        return gamma * normalized + beta


def _positional_encoding(tf, inputs, maxlen, scope="positional_encoding"):
    width = inputs.get_shape().as_list()[-1]
    batch, steps = tf.shape(inputs)[0], tf.shape(inputs)[1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        position_ind = tf.tile(tf.expand_dims(tf.range(steps), 0), [batch, 1])
        table = np.array([[pos / np.power(10000, (i - i % 2) / width) for i in range(width)]
                          for pos in range(maxlen)])
        table[:, 0::2] = np.sin(table[:, 0::2])
        table[:, 1::2] = np.cos(table[:, 1::2])
        table = tf.convert_to_tensor(table, tf.float32)
        return tf.to_float(tf.nn.embedding_lookup(table, position_ind))


def _multihead_attention(tf, queries, keys, values, num_heads, causality, scope):
    d_model = queries.get_shape().as_list()[-1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        q = tf.layers.dense(queries, d_model, use_bias=True)
        k = tf.layers.dense(keys, d_model, use_bias=True)
        v = tf.layers.dense(values, d_model, use_bias=True)
        q_ = tf.concat(tf.split(q, num_heads, axis=2), axis=0)
        k_ = tf.concat(tf.split(k, num_heads, axis=2), axis=0)
        v_ = tf.concat(tf.split(v, num_heads, axis=2), axis=0)
        d_k = q_.get_shape().as_list()[-1]
        scores = tf.matmul(q_, tf.transpose(k_, [0, 2, 1])) / (d_k ** 0.5)
        if causality:
            diag = tf.ones_like(scores[0, :, :])
            tril = tf.matrix_band_part(diag, -1, 0)
            masks = tf.tile(tf.expand_dims(tril, 0), [tf.shape(scores)[0], 1, 1])
            paddings = tf.ones_like(masks) * (-2 ** 32 + 1)
            scores = tf.where(tf.equal(masks, 0), paddings, scores)
        weights = tf.nn.softmax(scores)
        outputs = tf.matmul(weights, v_)
        outputs = tf.concat(tf.split(outputs, num_heads, axis=0), axis=2)
        outputs += queries
        return _ln(tf, outputs)


def _feed_forward(tf, inputs, num_units, scope="positionwise_feedforward"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        outputs = tf.layers.dense(inputs, num_units[0], activation=tf.nn.relu)
        outputs = tf.layers.dense(outputs, num_units[1])
        outputs += inputs
        return _ln(tf, outputs)


@model("transformer", "transformer encoder-decoder in the style of the popular TF1 reimplementations: "
       "tf.layers.dense Q/K/V under AUTO_REUSE, causal mask with matrix_band_part, tied output einsum")
def transformer(tf, py):
    vocab, d_model, d_ff, heads, blocks, maxlen = 20, 8, 16, 2, 2, 6
    xs = tf.placeholder(tf.int32, [None, None], name="x")
    ys = tf.placeholder(tf.int32, [None, None], name="decoder_input")
    with tf.variable_scope("shared_weight_matrix"):
        embeddings = tf.get_variable("weight_mat", dtype=tf.float32, shape=(vocab, d_model),
                                     initializer=tf.contrib.layers.xavier_initializer())
        embeddings = tf.concat((tf.zeros(shape=[1, d_model]), embeddings[1:, :]), 0)

    with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):
        enc = tf.nn.embedding_lookup(embeddings, xs) * d_model ** 0.5
        enc += _positional_encoding(tf, enc, maxlen)
        enc = tf.layers.dropout(enc, 0.1, training=False)
        for i in range(blocks):
            with tf.variable_scope(f"num_blocks_{i}", reuse=tf.AUTO_REUSE):
                enc = _multihead_attention(tf, enc, enc, enc, heads, False, "multihead_attention")
                enc = _feed_forward(tf, enc, [d_ff, d_model])
    memory = tf.identity(enc, name="memory")

    with tf.variable_scope("decoder", reuse=tf.AUTO_REUSE):
        dec = tf.nn.embedding_lookup(embeddings, ys) * d_model ** 0.5
        dec += _positional_encoding(tf, dec, maxlen)
        for i in range(blocks):
            with tf.variable_scope(f"num_blocks_{i}", reuse=tf.AUTO_REUSE):
                dec = _multihead_attention(tf, dec, dec, dec, heads, True, "self_attention")
                dec = _multihead_attention(tf, dec, memory, memory, heads, False, "vanilla_attention")
                dec = _feed_forward(tf, dec, [d_ff, d_model])
    weights = tf.transpose(embeddings)
    logits = tf.identity(tf.einsum("ntd,dk->ntk", dec, weights), name="logits")
    y_hat = tf.to_int32(tf.argmax(logits, axis=-1), name="y_hat")
    rng = np.random.RandomState(0)
    return {"outputs": {"memory": memory, "logits": logits, "y_hat": y_hat},
            "values": ["memory", "logits", "y_hat"],
            "feeds": {xs: rng.randint(1, vocab, size=(2, 5)), ys: rng.randint(1, vocab, size=(2, 4))}}


# --- BERT-style encoder (embeddings + layer norm + attention + pooler) ----------------------------

def _gelu(tf, x):
    cdf = 0.5 * (1.0 + tf.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3))))
    return x * cdf


def _bert_norm(tf, x, name=None):
    return tf.contrib.layers.layer_norm(inputs=x, begin_norm_axis=-1, begin_params_axis=-1, scope=name)


def _bert_dropout(tf, x, prob):
    if prob is None or prob == 0.0:
        return x
    return tf.nn.dropout(x, 1.0 - prob)


@model("bert_encoder", "BERT-style encoder: word/token-type/position embeddings, contrib layer_norm, "
       "attention/self/{query,key,value}, intermediate gelu, pooler (tf.contrib.layers via tf_slim)")
def bert_encoder(tf, py):
    vocab, hidden, n_layers, heads, inter, types, max_pos = 30, 16, 2, 4, 32, 2, 10
    batch, seq = 2, 6
    size = hidden // heads

    def init():
        return tf.truncated_normal_initializer(stddev=0.02)

    input_ids = tf.placeholder(tf.int32, [batch, seq], name="input_ids")
    input_mask = tf.placeholder(tf.int32, [batch, seq], name="input_mask")
    segment_ids = tf.placeholder(tf.int32, [batch, seq], name="segment_ids")
    with tf.variable_scope("bert"):
        with tf.variable_scope("embeddings"):
            table = tf.get_variable("word_embeddings", [vocab, hidden], initializer=init())
            out = tf.reshape(tf.gather(table, tf.reshape(input_ids, [-1])), [batch, seq, hidden])
            token_table = tf.get_variable("token_type_embeddings", [types, hidden], initializer=init())
            one_hot = tf.one_hot(tf.reshape(segment_ids, [-1]), depth=types)
            out += tf.reshape(tf.matmul(one_hot, token_table), [batch, seq, hidden])
            full_positions = tf.get_variable("position_embeddings", [max_pos, hidden], initializer=init())
            positions = tf.slice(full_positions, [0, 0], [seq, -1])
            out += tf.reshape(positions, [1, seq, hidden])
            out = _bert_dropout(tf, _bert_norm(tf, out, "LayerNorm"), 0.0)
        embedding_output = tf.identity(out, name="embedding_output")

        with tf.variable_scope("encoder"):
            to_mask = tf.cast(tf.reshape(input_mask, [batch, 1, seq]), tf.float32)
            attention_mask = tf.ones(shape=[batch, seq, 1], dtype=tf.float32) * to_mask
            prev = tf.reshape(embedding_output, [-1, hidden])
            all_layers = []
            for layer_idx in range(n_layers):
                with tf.variable_scope("layer_%d" % layer_idx):
                    with tf.variable_scope("attention"):
                        with tf.variable_scope("self"):
                            def heads_first(t):
                                return tf.transpose(tf.reshape(t, [batch, seq, heads, size]), [0, 2, 1, 3])
                            q = heads_first(tf.layers.dense(prev, hidden, name="query", kernel_initializer=init()))
                            k = heads_first(tf.layers.dense(prev, hidden, name="key", kernel_initializer=init()))
                            v = heads_first(tf.layers.dense(prev, hidden, name="value", kernel_initializer=init()))
                            scores = tf.multiply(tf.matmul(q, k, transpose_b=True), 1.0 / np.sqrt(float(size)))
                            scores += (1.0 - tf.cast(tf.expand_dims(attention_mask, axis=[1]), tf.float32)) * -10000.0
                            probs = tf.nn.softmax(scores)
                            context = tf.transpose(tf.matmul(probs, v), [0, 2, 1, 3])
                            context = tf.reshape(context, [batch * seq, hidden])
                        with tf.variable_scope("output"):
                            attention_output = tf.layers.dense(context, hidden, kernel_initializer=init())
                            attention_output = _bert_norm(tf, attention_output + prev)
                    with tf.variable_scope("intermediate"):
                        intermediate = tf.layers.dense(attention_output, inter, activation=lambda x: _gelu(tf, x),
                                                       kernel_initializer=init())
                    with tf.variable_scope("output"):
                        layer_output = tf.layers.dense(intermediate, hidden, kernel_initializer=init())
                        layer_output = _bert_norm(tf, layer_output + attention_output)
                        prev = layer_output
                        all_layers.append(layer_output)
        sequence_output = tf.reshape(all_layers[-1], [batch, seq, hidden], name="sequence_output")
        with tf.variable_scope("pooler"):
            first_token = tf.squeeze(sequence_output[:, 0:1, :], axis=1)
            pooled = tf.layers.dense(first_token, hidden, activation=tf.tanh, kernel_initializer=init())
    rng = np.random.RandomState(1)
    mask = np.ones((batch, seq), np.int32)
    mask[1, 4:] = 0
    return {"outputs": {"sequence_output": sequence_output, "pooled_output": pooled,
                        "embedding_output": embedding_output},
            "values": ["sequence_output", "pooled_output"],
            "feeds": {input_ids: rng.randint(0, vocab, size=(batch, seq)), input_mask: mask,
                      segment_ids: np.array([[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 0, 0]])}}


# --- GPT-style decoder: tf.variable_scope('model'), h0..hN, causal mask, hand-written conv1d -------

def _shape_list(tf, x):
    static = x.shape.as_list()
    dynamic = tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]


def _gpt_norm(tf, x, scope, axis=-1, epsilon=1e-5):
    with tf.variable_scope(scope):
        n_state = x.shape[-1].value
        g = tf.get_variable("g", [n_state], initializer=tf.constant_initializer(1))
        b = tf.get_variable("b", [n_state], initializer=tf.constant_initializer(0))
        u = tf.reduce_mean(x, axis=axis, keepdims=True)
        s = tf.reduce_mean(tf.square(x - u), axis=axis, keepdims=True)
        x = (x - u) * tf.rsqrt(s + epsilon)
        return x * g + b


def _gpt_conv1d(tf, x, scope, nf, w_init_stdev=0.02):
    with tf.variable_scope(scope):
        *start, nx = _shape_list(tf, x)
        w = tf.get_variable("w", [1, nx, nf], initializer=tf.random_normal_initializer(stddev=w_init_stdev))
        b = tf.get_variable("b", [nf], initializer=tf.constant_initializer(0))
        return tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf])) + b, start + [nf])


def _gpt_attn(tf, x, scope, n_state, n_head):
    def split_heads(t):
        *start, m = _shape_list(tf, t)
        return tf.transpose(tf.reshape(t, start + [n_head, m // n_head]), [0, 2, 1, 3])

    def merge_heads(t):
        *start, a, b = _shape_list(tf, tf.transpose(t, [0, 2, 1, 3]))
        return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), start + [a * b])

    def mask_attn_weights(w):
        _, _, nd, ns = _shape_list(tf, w)
        i = tf.range(nd)[:, None]
        j = tf.range(ns)
        b = tf.cast(i >= j - ns + nd, w.dtype)
        b = tf.reshape(b, [1, 1, nd, ns])
        return w * b - tf.cast(1e10, w.dtype) * (1 - b)

    with tf.variable_scope(scope):
        c = _gpt_conv1d(tf, x, "c_attn", n_state * 3)
        q, k, v = map(split_heads, tf.split(c, 3, axis=2))
        present = tf.stack([k, v], axis=1)
        w = tf.matmul(q, k, transpose_b=True)
        w = w * tf.rsqrt(tf.cast(v.shape[-1].value, w.dtype))
        w = tf.nn.softmax(mask_attn_weights(w), axis=-1)
        a = merge_heads(tf.matmul(w, v))
        return _gpt_conv1d(tf, a, "c_proj", n_state), present


def _gpt_block(tf, x, scope, n_head):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        a, present = _gpt_attn(tf, _gpt_norm(tf, x, "ln_1"), "attn", nx, n_head)
        x = x + a
        with tf.variable_scope("mlp"):
            h = _gpt_conv1d(tf, _gpt_norm(tf, x, "ln_2"), "c_fc", nx * 4)
            h = 0.5 * h * (1 + tf.tanh(np.sqrt(2 / np.pi) * (h + 0.044715 * tf.pow(h, 3))))
            m = _gpt_conv1d(tf, h, "c_proj", nx)
        return x + m, present


@model("gpt_decoder", "GPT-2-style decoder: tf.variable_scope('model'), wte/wpe, h0..hN blocks with "
       "hand-written conv1d and norm, causal mask from tf.range, presents stacked")
def gpt_decoder(tf, py):
    n_vocab, n_ctx, n_embd, n_head, n_layer = 16, 8, 8, 2, 3
    tokens = tf.placeholder(tf.int32, [2, None], name="X")
    with tf.variable_scope("model", reuse=False):
        wpe = tf.get_variable("wpe", [n_ctx, n_embd], initializer=tf.random_normal_initializer(stddev=0.01))
        wte = tf.get_variable("wte", [n_vocab, n_embd], initializer=tf.random_normal_initializer(stddev=0.02))
        batch, steps = _shape_list(tf, tokens)
        positions = tf.tile(tf.range(steps)[None], [batch, 1])
        h = tf.gather(wte, tokens) + tf.gather(wpe, positions)
        presents = []
        for layer in range(n_layer):
            h, present = _gpt_block(tf, h, "h%d" % layer, n_head)
            presents.append(present)
        present = tf.stack(presents, axis=1, name="present")
        h = _gpt_norm(tf, h, "ln_f")
        logits = tf.matmul(tf.reshape(h, [batch * steps, n_embd]), wte, transpose_b=True)
        logits = tf.reshape(logits, [batch, steps, n_vocab], name="logits")
    return {"outputs": {"logits": logits, "present": present},
            "values": ["logits", "present"],
            "feeds": {tokens: np.random.RandomState(2).randint(0, n_vocab, size=(2, 5))}}
