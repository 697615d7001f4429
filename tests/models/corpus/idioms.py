"""Scoping idioms of real TF1 code, each in a small model: train/valid towers, multi-tower gradient
averaging, AUTO_REUSE builders, layer objects, custom collections and summaries, moving averages of
weights and a hand-written batch norm, and tf.contrib.layers networks."""

import numpy as np

from corpus import model


@model("train_valid_towers", "one model function built twice: variable_scope('model') under "
       "name_scope('train'), then reuse=True under name_scope('valid'); named tf.layers.dense layers")
def train_valid_towers(tf, py):
    def model_fn(x, is_training):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="fc1")
        h = tf.layers.dropout(h, 0.5, training=is_training)
        return tf.layers.dense(h, 2, name="logits")

    x_train = tf.placeholder(tf.float32, [None, 5], name="x_train")
    x_valid = tf.placeholder(tf.float32, [None, 5], name="x_valid")
    with tf.name_scope("train"):
        with tf.variable_scope("model"):
            train_logits = model_fn(x_train, True)
    with tf.name_scope("valid"):
        with tf.variable_scope("model", reuse=True):
            valid_logits = model_fn(x_valid, False)
    return {"outputs": {"train_logits": train_logits, "valid_logits": valid_logits},
            "values": ["valid_logits"],
            "feeds": {x_valid: np.random.RandomState(15).uniform(-1, 1, (3, 5))}}


@model("multi_tower", "the multi-GPU CIFAR-10 pattern: towers under name_scope('tower_N') in the root "
       "variable scope re-entered as an object, reuse_variables() after the first tower, per-tower "
       "'losses' collection filtered by the name scope, gradient averaging, summaries per tower")
def multi_tower(tf, py):
    images = tf.placeholder(tf.float32, [4, 6], name="images")
    labels = tf.placeholder(tf.int32, [4], name="labels")
    opt = tf.train.GradientDescentOptimizer(0.1)

    def inference(x):
        with tf.variable_scope("hidden"):
            w = tf.get_variable("weights", [6, 5], initializer=tf.truncated_normal_initializer(stddev=0.1))
            b = tf.get_variable("biases", [5], initializer=tf.constant_initializer(0.1))
            tf.add_to_collection("losses", tf.multiply(tf.nn.l2_loss(w), 0.004, name="weight_loss"))
            h = tf.nn.relu(tf.matmul(x, w) + b)
        with tf.variable_scope("softmax_linear"):
            w = tf.get_variable("weights", [5, 3], initializer=tf.truncated_normal_initializer(stddev=0.2))
            b = tf.get_variable("biases", [3], initializer=tf.zeros_initializer())
            return tf.add(tf.matmul(h, w), b, name="logits")

    def tower_loss(scope, x, y):
        logits = inference(x)
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(y, tf.int64), logits=logits)
        tf.add_to_collection("losses", tf.reduce_mean(xent, name="cross_entropy"))
        losses = tf.get_collection("losses", scope)
        total_loss = tf.add_n(losses, name="total_loss")
        for loss in losses + [total_loss]:
            tf.summary.scalar(loss.op.name, loss)
        return total_loss, logits

    tower_grads, tower_logits = [], []
    image_splits, label_splits = tf.split(images, 2), tf.split(labels, 2)
    with tf.variable_scope(tf.get_variable_scope()):
        for i in range(2):
            with tf.device("/cpu:0"):
                with tf.name_scope("tower_%d" % i) as scope:
                    loss, logits = tower_loss(scope, image_splits[i], label_splits[i])
                    tower_logits.append(logits)
                    tf.get_variable_scope().reuse_variables()
                    tf.get_collection(tf.GraphKeys.SUMMARIES, scope)
                    tower_grads.append(opt.compute_gradients(loss))
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        grads = [tf.expand_dims(g, 0) for g, _ in grad_and_vars]
        grad = tf.reduce_mean(tf.concat(axis=0, values=grads), 0)
        average_grads.append((grad, grad_and_vars[0][1]))
    global_step = tf.train.get_or_create_global_step()
    opt.apply_gradients(average_grads, global_step=global_step)
    return {"outputs": {"tower_0_logits": tower_logits[0], "tower_1_logits": tower_logits[1]},
            "values": ["tower_0_logits", "tower_1_logits"], "optimizers": [opt], "collections": ["losses"],
            "feeds": {images: np.random.RandomState(16).uniform(-1, 1, (4, 6))}}


@model("auto_reuse_siamese", "AUTO_REUSE builders: a siamese encoder called on two inputs inside "
       "variable_scope('encoder', reuse=tf.AUTO_REUSE), a get_variable scalar shared the same way, "
       "tf.layers.dense(name=..., reuse=tf.AUTO_REUSE) outside any scope")
def auto_reuse_siamese(tf, py):
    def encoder(x):
        with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):
            h = tf.layers.dense(x, 6, activation=tf.nn.tanh, name="hidden")
            code = tf.layers.dense(h, 4, name="code")
            temperature = tf.get_variable("temperature", [], initializer=tf.ones_initializer())
            return code / temperature

    left = tf.placeholder(tf.float32, [None, 5], name="left")
    right = tf.placeholder(tf.float32, [None, 5], name="right")
    a, b = encoder(left), encoder(right)
    distance = tf.reduce_sum(tf.square(a - b), 1, name="distance")
    head = [tf.layers.dense(c, 1, name="head", reuse=tf.AUTO_REUSE) for c in (a, b)]
    rng = np.random.RandomState(17)
    return {"outputs": {"a": a, "b": b, "distance": distance, "head_left": head[0], "head_right": head[1]},
            "values": ["distance", "head_right"],
            "feeds": {left: rng.uniform(-1, 1, (2, 5)), right: rng.uniform(-1, 1, (2, 5))}}


@model("layer_objects", "tf.layers classes: a Dense object called twice (shared variables), Conv2D / "
       "MaxPooling2D / Flatten / BatchNormalization / Dropout objects, an unnamed Dense built in two "
       "variable scopes, a layer with a kernel_constraint and trainable=False")
def layer_objects(tf, py):
    images = tf.placeholder(tf.float32, [None, 6, 6, 2], name="images")
    other = tf.placeholder(tf.float32, [None, 6, 6, 2], name="other")
    conv = tf.layers.Conv2D(4, 3, padding="same", activation=tf.nn.relu, name="shared_conv")
    pool = tf.layers.MaxPooling2D(2, 2)
    flatten = tf.layers.Flatten()
    bn = tf.layers.BatchNormalization(name="bn")
    head = tf.layers.Dense(3, kernel_constraint=lambda w: tf.clip_by_norm(w, 1.0, axes=[0]))
    features = [flatten(pool(conv(x))) for x in (images, other)]
    normed = bn(features[0], training=False)
    dropped = tf.layers.Dropout(0.5)(normed, training=False)
    left, right = head(dropped), head(features[1])
    with tf.variable_scope("frozen"):
        frozen = tf.layers.dense(right, 2, trainable=False)
    with tf.variable_scope("second"):
        unnamed = tf.layers.Dense(2)(right)
    rng = np.random.RandomState(18)
    return {"outputs": {"left": left, "right": right, "frozen": frozen, "unnamed": unnamed,
                        "features": tf.identity(features[1], name="features")},
            "values": ["left", "right", "frozen"],
            "feeds": {images: rng.uniform(-1, 1, (2, 6, 6, 2)), other: rng.uniform(-1, 1, (2, 6, 6, 2))}}


@model("collections_summaries", "custom collections (add_to_collection, add_to_collections), "
       "get_collection with a scope filter, scalar/histogram/image summaries in name scopes, merge_all, "
       "get_or_create_global_step and get_global_step")
def collections_summaries(tf, py):
    x = tf.placeholder(tf.float32, [None, 4, 4, 1], name="x")
    global_step = tf.train.get_or_create_global_step()
    acts = []
    with tf.variable_scope("net"):
        for i in range(3):
            with tf.variable_scope("layer%d" % i):
                w = tf.get_variable("w", [3, 3, 1 if i == 0 else 2, 2])
                x = tf.nn.relu(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"))
                tf.add_to_collection("activations", x)
                tf.add_to_collections(["weights", "all_params"], w)
                acts.append(x)
    with tf.name_scope("summaries"):
        for a in tf.get_collection("activations", scope="net/layer1"):
            tf.summary.histogram("layer1_activation", a)
        tf.summary.scalar("mean_activation", tf.reduce_mean(acts[-1]))
        tf.summary.image("first", acts[0][:, :, :, :1], max_outputs=2)
    tf.summary.scalar("step", tf.train.get_global_step())
    merged = tf.summary.merge_all()
    return {"outputs": {"merged": merged, "last": acts[-1], "global_step": global_step},
            "collections": ["activations", "weights", "all_params"]}


@model("ema_custom_bn", "moving averages: ExponentialMovingAverage over the trainable weights with "
       "num_updates=global_step (shadow variables, average_name), and a hand-written batch norm using "
       "moving_averages.assign_moving_average with zero_debias (its doubled scope names) in UPDATE_OPS")
def ema_custom_bn(tf, py):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    global_step = tf.train.get_or_create_global_step()
    with tf.variable_scope("custom_bn"):
        moving_mean = tf.get_variable("moving_mean", [4], initializer=tf.zeros_initializer(), trainable=False)
        moving_var = tf.get_variable("moving_variance", [4], initializer=tf.ones_initializer(), trainable=False)
        gamma = tf.get_variable("gamma", [4], initializer=tf.ones_initializer())
        beta = tf.get_variable("beta", [4], initializer=tf.zeros_initializer())
        mean, variance = tf.nn.moments(x, [0])
        update_mean = py.moving_averages.assign_moving_average(moving_mean, mean, 0.9)
        update_var = py.moving_averages.assign_moving_average(moving_var, variance, 0.9, zero_debias=False)
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update_mean)
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update_var)
        inference = tf.nn.batch_normalization(x, moving_mean, moving_var, beta, gamma, 1e-3)
    with tf.variable_scope("fc"):
        w = tf.get_variable("w", [4, 2])
        y = tf.matmul(inference, w, name="y")
    loss = tf.reduce_mean(tf.square(y))
    optimizer = tf.train.AdamOptimizer(0.01)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = optimizer.minimize(loss, global_step=global_step)
    ema = tf.train.ExponentialMovingAverage(0.999, num_updates=global_step)
    with tf.control_dependencies([train_op]):
        tf.group(ema.apply(tf.trainable_variables()))
    shadow = ema.average(w)
    return {"outputs": {"y": y, "shadow_w": tf.identity(shadow, name="shadow_w"),
                        "average_name": tf.constant(ema.average_name(w), name="average_name")},
            "values": ["y", "shadow_w"], "optimizers": [optimizer],
            "feeds": {x: np.random.RandomState(19).uniform(-1, 1, (3, 4))}}


@model("contrib_cnn_bn", "tf.contrib.layers CNN: conv2d with normalizer_fn=batch_norm and "
       "normalizer_params {is_training: placeholder, scale: True}, weights_regularizer l2_regularizer, "
       "variance_scaling_initializer, default scopes Conv / Conv_1, flatten, fully_connected, "
       "get_regularization_losses, update ops in UPDATE_OPS")
def contrib_cnn_bn(tf, py):
    images = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
    is_training = tf.placeholder(tf.bool, [], name="is_training")
    layers = tf.contrib.layers
    bn_params = {"is_training": is_training, "scale": True, "decay": 0.9}
    net = layers.conv2d(images, 4, [3, 3], normalizer_fn=layers.batch_norm, normalizer_params=bn_params,
                        weights_initializer=layers.variance_scaling_initializer(),
                        weights_regularizer=layers.l2_regularizer(1e-4))
    net = layers.conv2d(net, 8, 3, stride=2, normalizer_fn=layers.batch_norm, normalizer_params=bn_params,
                        weights_regularizer=layers.l2_regularizer(1e-4))
    net = layers.conv2d(net, 8, 3, stride=2, scope="conv3", activation_fn=None)
    net = layers.batch_norm(net, is_training=is_training, center=False, scope="conv3_bn")
    net = tf.nn.relu(net)
    logits = layers.fully_connected(layers.flatten(net), 5, activation_fn=None,
                                    weights_initializer=layers.xavier_initializer(),
                                    weights_regularizer=layers.l2_regularizer(1e-4))
    reg = tf.add_n(tf.losses.get_regularization_losses(), name="reg_total")
    rng = np.random.RandomState(20)
    return {"outputs": {"logits": logits, "reg": reg},
            "values": ["logits", "reg"],
            "feeds": {images: rng.uniform(-1, 1, (2, 8, 8, 3)), is_training: False}}


@model("contrib_mlp", "tf.contrib.layers MLP: fully_connected default scopes (fully_connected, "
       "fully_connected_1), scope= names, batch_norm with updates_collections=None and a Python "
       "is_training, layer_norm, l2_regularizer, biases_initializer, trainable=False layers")
def contrib_mlp(tf, py):
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    layers = tf.contrib.layers
    h = layers.fully_connected(x, 8)
    h = layers.fully_connected(h, 8, normalizer_fn=layers.batch_norm,
                               normalizer_params={"is_training": True, "updates_collections": None})
    h = layers.layer_norm(h)
    with tf.variable_scope("head"):
        h = layers.fully_connected(h, 4, scope="fc3", weights_regularizer=layers.l2_regularizer(0.01),
                                   biases_initializer=tf.constant_initializer(0.5))
        frozen = layers.fully_connected(h, 2, activation_fn=tf.nn.sigmoid, trainable=False)
    infer = layers.batch_norm(h, is_training=False, scale=True, scope="infer_bn")
    return {"outputs": {"hidden": h, "frozen": frozen, "infer": tf.identity(infer, name="infer")},
            "values": ["hidden", "frozen", "infer"],
            "feeds": {x: np.random.RandomState(21).uniform(-1, 1, (3, 6))}}


@model("layer_regularizers_in_a_regularizing_scope", "variable_scope(regularizer=) around tf.layers "
       "with and without kernel_regularizer: the scope's regularizer comes from get_variable and the "
       "layer's is a second loss on the same kernel (contrib's fully_connected, a Dense inside, does "
       "the same: model/contrib/weights and model/contrib/kernel/Regularizer); a layer object called "
       "twice adds no more losses")
def layer_regularizers_in_a_regularizing_scope(tf, py):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("model", regularizer=tf.contrib.layers.l2_regularizer(0.5)):
        h = tf.layers.dense(x, 4, kernel_regularizer=tf.contrib.layers.l1_regularizer(0.25),
                            name="both")
        h = tf.layers.dense(h, 4, name="scope_only")
        shared = tf.layers.Dense(4, kernel_regularizer=tf.contrib.layers.l1_regularizer(0.1),
                                 name="shared")
        h = shared(shared(h))
        h = tf.contrib.layers.fully_connected(
            h, 2, weights_regularizer=tf.contrib.layers.l1_regularizer(0.75), scope="contrib")
    reg = tf.add_n(tf.losses.get_regularization_losses(), name="reg_total")
    return {"outputs": {"h": h, "reg": reg}, "values": ["h", "reg"],
            "feeds": {x: np.random.RandomState(22).uniform(-1, 1, (2, 3))}}
