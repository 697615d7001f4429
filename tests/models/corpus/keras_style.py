"""tf.keras inside TF1 graph code, as TF1-era projects wrote it: a Sequential MLP in a variable
scope, a functional CNN with batch norm, a text model with an embedding and poolings, and Keras
layers mixed with tf.layers and get_variable, one Keras layer shared by two towers."""

import numpy as np

from corpus import model


@model("keras_sequential_mlp", "a tf.keras.Sequential MLP (input_shape on the first layer, Dropout) "
       "built inside variable_scope('classifier'), then called on a second placeholder; a deferred "
       "Sequential (no input_shape) built by its first call")
def keras_sequential_mlp(tf, py):
    K = tf.keras
    x = tf.placeholder(tf.float32, [None, 6], name="features")
    with tf.variable_scope("classifier"):
        mlp = K.Sequential([
            K.layers.Dense(8, activation="relu", input_shape=(6,)),
            K.layers.Dropout(0.5),
            K.layers.Dense(3, activation="softmax", kernel_initializer="he_normal"),
        ])
        probs = mlp(x)
    with tf.variable_scope("head", reuse=tf.AUTO_REUSE):
        deferred = K.Sequential()
        deferred.add(K.layers.Dense(4, activation="tanh"))
        deferred.add(K.layers.Dense(1))
        score = deferred(x)
        score_again = deferred(x)
    return {"outputs": {"graph_output": mlp.output, "probs": probs, "score": score, "score_again": score_again},
            "values": ["probs", "score", "score_again"],
            "feeds": {x: np.random.RandomState(41).uniform(-1, 1, (3, 6))}}


@model("keras_functional_cnn", "the Keras functional API in TF1 graph code: tf.keras.Input, Conv2D "
       "without bias + BatchNormalization + relu blocks, pooling, a residual Add, global average pooling, "
       "tf.keras.Model(inputs, outputs), then the model called on a placeholder (inference learning phase)")
def keras_functional_cnn(tf, py):
    L = tf.keras.layers
    with tf.variable_scope("cnn"):
        images = tf.keras.Input(shape=(8, 8, 3), name="images")
        h = L.Conv2D(4, 3, padding="same", use_bias=False)(images)
        h = L.BatchNormalization()(h)
        h = L.Activation("relu")(h)
        shortcut = h
        h = L.Conv2D(4, (3, 3), padding="same", kernel_regularizer=tf.keras.regularizers.l2(1e-4))(h)
        h = L.BatchNormalization(momentum=0.9)(h)
        h = L.Add()([h, shortcut])
        h = L.MaxPooling2D()(h)
        h = L.AveragePooling2D(pool_size=2, strides=1, padding="same")(h)
        features = L.GlobalAveragePooling2D()(h)
        logits = L.Dense(5, name="logits")(features)
        net = tf.keras.Model(inputs=images, outputs=logits, name="resnet_tiny")
    batch = tf.placeholder(tf.float32, [2, 8, 8, 3], name="batch")
    out = net(batch)
    for loss in net.losses:
        tf.add_to_collection("keras_losses", loss)
    return {"outputs": {"graph_logits": net.output, "logits": out, "features": features},
            "values": ["logits"], "collections": ["keras_losses"],
            "feeds": {batch: np.random.RandomState(42).uniform(-1, 1, (2, 8, 8, 3))}}


@model("keras_text_classifier", "a text model in tf.keras layers on an int placeholder: Embedding, "
       "Conv1D, max and average pooling over time concatenated, LayerNormalization, Dense with "
       "kernel/activity regularizers; the model's losses summed by hand as TF1 code did")
def keras_text_classifier(tf, py):
    L = tf.keras.layers
    ids = tf.placeholder(tf.int32, [None, 7], name="token_ids")
    with tf.variable_scope("text"):
        embedded = L.Embedding(30, 8, name="word_embeddings")(ids)
        conv = L.Conv1D(6, 3, activation="relu", padding="valid")(embedded)
        pooled = L.concatenate([L.GlobalMaxPooling1D()(conv), L.GlobalAveragePooling1D()(conv)])
        normed = L.LayerNormalization()(pooled)
        dense = L.Dense(4, kernel_regularizer="l2", activity_regularizer=tf.keras.regularizers.l1(0.01))
        logits = dense(normed)
        reshaped = L.Reshape((2, -1))(logits)
        flat = L.Flatten()(reshaped)
    reg = tf.add_n(dense.losses, name="keras_reg")
    return {"outputs": {"embedded": embedded, "conv": conv, "pooled": pooled, "normed": normed,
                        "logits": logits, "reshaped": reshaped, "flat": flat, "reg": reg},
            "values": ["logits", "normed", "reg"],
            "feeds": {ids: np.random.RandomState(43).randint(0, 30, (3, 7))}}


@model("keras_mixed_towers", "Keras layers mixed with tf.layers and get_variable in one graph: a "
       "tf.keras Dense object shared by two towers under name_scope('tower_N'), a tf.layers.dense after "
       "a Keras 'dense' (its kernel becomes dense/kernel_1), variable_scope(reuse=True) that does not "
       "share Keras weights, and get_variable in the same scopes")
def keras_mixed_towers(tf, py):
    K = tf.keras
    a = tf.placeholder(tf.float32, [None, 5], name="a")
    b = tf.placeholder(tf.float32, [None, 5], name="b")
    shared = K.layers.Dense(3, activation="relu")
    towers = []
    for i, x in enumerate((a, b)):
        with tf.name_scope(f"tower_{i}"):
            towers.append(shared(x))
    plain = tf.layers.dense(a, 3, name=None)
    with tf.variable_scope("block"):
        w = tf.get_variable("w", [3, 2])
        k1 = K.layers.Dense(2, name="proj")(towers[0])
        mixed = tf.matmul(towers[1], w) + k1
    with tf.variable_scope("block", reuse=True):
        w_again = tf.get_variable("w", [3, 2])
        k2 = K.layers.Dense(2, name="proj")(towers[1])
    merged = K.layers.Add()([mixed, k2, tf.matmul(plain, w_again)])
    up = K.layers.Conv2DTranspose(2, 2, strides=2)(tf.reshape(merged, [-1, 1, 1, 2]))
    return {"outputs": {"tower_0": towers[0], "tower_1": towers[1], "plain": plain, "mixed": mixed,
                        "k2": k2, "merged": merged, "up": up},
            "values": ["merged", "up"],
            "feeds": {a: np.random.RandomState(44).uniform(-1, 1, (2, 5)),
                      b: np.random.RandomState(45).uniform(-1, 1, (2, 5))}}


@model("keras_lstm_sentiment", "a Keras-style sentiment classifier in TF1 graph code: a Sequential "
       "Embedding + LSTM + Dense(sigmoid) inside variable_scope('sentiment') on int token ids, and a "
       "functional tagger with Bidirectional(GRU(return_sequences)), SimpleRNN(return_state) and a "
       "GRU(reset_after=True) on the same embedding")
def keras_lstm_sentiment(tf, py):
    K = tf.keras
    L = K.layers
    tokens = tf.placeholder(tf.int32, [None, 7], name="tokens")
    with tf.variable_scope("sentiment"):
        classifier = K.Sequential([
            L.Embedding(20, 5, input_length=7),
            L.LSTM(6),
            L.Dense(1, activation="sigmoid"),
        ])
        positive = classifier(tokens)
    with tf.variable_scope("tagger"):
        embedded = L.Embedding(20, 4, name="words")(tokens)
        both = L.Bidirectional(L.GRU(3, return_sequences=True))(embedded)
        summary, state = L.SimpleRNN(4, return_state=True)(both)
        after = L.GRU(2, reset_after=True, recurrent_activation="sigmoid")(embedded)
        logits = L.Dense(3, name="tags")(L.Concatenate()([summary, state, after]))
    ids = np.random.RandomState(43).randint(0, 20, (3, 7))
    return {"outputs": {"positive": positive, "logits": logits},
            "values": ["positive", "logits"], "feeds": {tokens: ids}}
