"""Vision models: DCGAN, pix2pix, a ResNet, the CIFAR-10 tutorial, MNIST tutorials, separable
convolutions, a 1-D convolution classifier and a VAE."""

import numpy as np

from corpus import model


@model("dcgan", "DCGAN with tf.layers: dense projection, conv2d_transpose, batch norm (training=True), "
       "a discriminator shared between the real and fake towers (reuse=True), a sampler generator, "
       "two Adam optimizers over scope-filtered var_lists under UPDATE_OPS control dependencies")
def dcgan(tf, py):
    z_dim = 8
    z = tf.placeholder(tf.float32, [None, z_dim], name="z")
    images = tf.placeholder(tf.float32, [None, 16, 16, 3], name="real_images")

    def generator(z, training, reuse=False):
        with tf.variable_scope("generator", reuse=reuse):
            h = tf.layers.dense(z, 4 * 4 * 16, name="project")
            h = tf.reshape(h, [-1, 4, 4, 16])
            h = tf.nn.relu(tf.layers.batch_normalization(h, training=training, name="bn0"))
            h = tf.layers.conv2d_transpose(h, 8, 5, strides=2, padding="same")
            h = tf.nn.relu(tf.layers.batch_normalization(h, training=training))
            h = tf.layers.conv2d_transpose(h, 3, 5, strides=2, padding="same")
            return tf.tanh(h)

    def discriminator(x, reuse=False):
        with tf.variable_scope("discriminator", reuse=reuse):
            h = tf.nn.leaky_relu(tf.layers.conv2d(x, 8, 5, strides=2, padding="same", name="conv1"), alpha=0.2)
            h = tf.layers.conv2d(h, 16, 5, strides=2, padding="same", name="conv2")
            h = tf.nn.leaky_relu(tf.layers.batch_normalization(h, training=True, name="bn2"), 0.2)
            logits = tf.layers.dense(tf.layers.flatten(h), 1, name="logits")
            return tf.nn.sigmoid(logits), logits

    fake = generator(z, training=True)
    d_real, d_real_logits = discriminator(images)
    d_fake, d_fake_logits = discriminator(fake, reuse=True)
    sampler = tf.identity(generator(z, training=False, reuse=True), name="sampler")

    def xent(logits, labels):
        return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels))

    d_loss = xent(d_real_logits, tf.ones_like(d_real)) + xent(d_fake_logits, tf.zeros_like(d_fake))
    g_loss = xent(d_fake_logits, tf.ones_like(d_fake))
    tf.summary.histogram("z", z)
    tf.summary.image("G", fake)
    tf.summary.scalar("d_loss", d_loss)
    tf.summary.scalar("g_loss", g_loss)
    t_vars = tf.trainable_variables()
    d_vars = [v for v in t_vars if v.name.startswith("discriminator/")]
    g_vars = [v for v in t_vars if v.name.startswith("generator/")]
    d_opt = tf.train.AdamOptimizer(0.0002, beta1=0.5)
    g_opt = tf.train.AdamOptimizer(0.0002, beta1=0.5)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        d_opt.minimize(d_loss, var_list=d_vars)
        g_opt.minimize(g_loss, var_list=g_vars)
    return {"outputs": {"z": z, "sampler": sampler, "d_real": d_real, "d_fake_logits": d_fake_logits},
            "values": ["sampler"], "optimizers": [d_opt, g_opt],
            "feeds": {z: np.random.RandomState(3).uniform(-1, 1, (2, z_dim))}}


@model("pix2pix", "pix2pix U-Net generator (encoder_N/decoder_N scopes, skip concats, padded conv, "
       "batch norm with gamma_initializer) and PatchGAN discriminator under real/fake name scopes; "
       "EMA of the losses, compute_gradients/apply_gradients, global step")
def pix2pix(tf, py):
    ngf, ndf = 4, 4
    inputs = tf.placeholder(tf.float32, [1, 16, 16, 3], name="inputs")
    targets = tf.placeholder(tf.float32, [1, 16, 16, 3], name="targets")
    init = tf.random_normal_initializer(0, 0.02)

    def discrim_conv(x, out_channels, stride):
        padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="CONSTANT")
        return tf.layers.conv2d(padded, out_channels, kernel_size=4, strides=(stride, stride),
                                padding="valid", kernel_initializer=init)

    def gen_conv(x, out_channels):
        return tf.layers.conv2d(x, out_channels, kernel_size=4, strides=(2, 2), padding="same",
                                kernel_initializer=init)

    def gen_deconv(x, out_channels):
        return tf.layers.conv2d_transpose(x, out_channels, kernel_size=4, strides=(2, 2), padding="same",
                                          kernel_initializer=init)

    def lrelu(x, a):
        with tf.name_scope("lrelu"):
            x = tf.identity(x)
            return (0.5 * (1 + a)) * x + (0.5 * (1 - a)) * tf.abs(x)

    def batchnorm(x):
        return tf.layers.batch_normalization(x, axis=3, epsilon=1e-5, momentum=0.1, training=True,
                                             gamma_initializer=tf.random_normal_initializer(1.0, 0.02))

    def create_generator(generator_inputs, generator_outputs_channels):
        layers = []
        with tf.variable_scope("encoder_1"):
            layers.append(gen_conv(generator_inputs, ngf))
        for out_channels in [ngf * 2, ngf * 4, ngf * 8]:
            with tf.variable_scope("encoder_%d" % (len(layers) + 1)):
                layers.append(batchnorm(gen_conv(lrelu(layers[-1], 0.2), out_channels)))
        layer_specs = [(ngf * 4, 0.5), (ngf * 2, 0.0), (ngf, 0.0)]
        num_encoder_layers = len(layers)
        for decoder_layer, (out_channels, dropout) in enumerate(layer_specs):
            skip_layer = num_encoder_layers - decoder_layer - 1
            with tf.variable_scope("decoder_%d" % (skip_layer + 1)):
                if decoder_layer == 0:
                    x = layers[-1]
                else:
                    x = tf.concat([layers[-1], layers[skip_layer]], axis=3)
                output = batchnorm(gen_deconv(tf.nn.relu(x), out_channels))
                if dropout > 0.0:
                    output = tf.nn.dropout(output, keep_prob=1 - dropout)
                layers.append(output)
        with tf.variable_scope("decoder_1"):
            x = tf.concat([layers[-1], layers[0]], axis=3)
            layers.append(tf.tanh(gen_deconv(tf.nn.relu(x), generator_outputs_channels)))
        return layers[-1]

    def create_discriminator(discrim_inputs, discrim_targets):
        layers = []
        x = tf.concat([discrim_inputs, discrim_targets], axis=3)
        with tf.variable_scope("layer_1"):
            layers.append(lrelu(discrim_conv(x, ndf, stride=2), 0.2))
        for i in range(2):
            with tf.variable_scope("layer_%d" % (len(layers) + 1)):
                stride = 1 if i == 1 else 2
                layers.append(lrelu(batchnorm(discrim_conv(layers[-1], ndf * 2 ** (i + 1), stride)), 0.2))
        with tf.variable_scope("layer_%d" % (len(layers) + 1)):
            layers.append(tf.sigmoid(discrim_conv(layers[-1], 1, stride=1)))
        return layers[-1]

    with tf.variable_scope("generator"):
        outputs = create_generator(inputs, 3)
    with tf.name_scope("real_discriminator"):
        with tf.variable_scope("discriminator"):
            predict_real = create_discriminator(inputs, targets)
    with tf.name_scope("fake_discriminator"):
        with tf.variable_scope("discriminator", reuse=True):
            predict_fake = create_discriminator(inputs, outputs)
    eps = 1e-12
    with tf.name_scope("discriminator_loss"):
        discrim_loss = tf.reduce_mean(-(tf.log(predict_real + eps) + tf.log(1 - predict_fake + eps)))
    with tf.name_scope("generator_loss"):
        gen_loss_gan = tf.reduce_mean(-tf.log(predict_fake + eps))
        gen_loss_l1 = tf.reduce_mean(tf.abs(targets - outputs))
        gen_loss = gen_loss_gan + 100.0 * gen_loss_l1
    with tf.name_scope("discriminator_train"):
        discrim_tvars = [var for var in tf.trainable_variables() if var.name.startswith("discriminator")]
        discrim_optim = tf.train.AdamOptimizer(0.0002, 0.5)
        discrim_grads_and_vars = discrim_optim.compute_gradients(discrim_loss, var_list=discrim_tvars)
        discrim_train = discrim_optim.apply_gradients(discrim_grads_and_vars)
    with tf.name_scope("generator_train"):
        with tf.control_dependencies([discrim_train]):
            gen_tvars = [var for var in tf.trainable_variables() if var.name.startswith("generator")]
            gen_optim = tf.train.AdamOptimizer(0.0002, 0.5)
            gen_grads_and_vars = gen_optim.compute_gradients(gen_loss, var_list=gen_tvars)
            gen_optim.apply_gradients(gen_grads_and_vars)
    ema = tf.train.ExponentialMovingAverage(decay=0.99)
    ema.apply([discrim_loss, gen_loss_gan, gen_loss_l1])
    global_step = tf.train.get_or_create_global_step()
    tf.assign(global_step, global_step + 1)
    tf.summary.scalar("discriminator_loss", ema.average(discrim_loss))
    for var in tf.trainable_variables():
        tf.summary.histogram(var.op.name + "/values", var)
    return {"outputs": {"outputs": outputs, "predict_real": predict_real, "predict_fake": predict_fake},
            "optimizers": [discrim_optim, gen_optim]}


@model("resnet_bn", "official-models-style ResNet v2: unnamed tf.layers.conv2d / batch_normalization "
       "(conv2d_N, batch_normalization_N) under name scopes, training as a tf.bool placeholder, fixed "
       "padding, weight decay over non-BN variables, Momentum under UPDATE_OPS dependencies")
def resnet_bn(tf, py):
    images = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
    labels = tf.placeholder(tf.int32, [None], name="labels")
    training = tf.placeholder(tf.bool, [], name="is_training")

    def bn(x):
        return tf.layers.batch_normalization(x, axis=3, momentum=0.997, epsilon=1e-5, center=True,
                                             scale=True, training=training, fused=True)

    def conv(x, filters, kernel_size, strides):
        if strides > 1:
            pad_total = kernel_size - 1
            beg = pad_total // 2
            x = tf.pad(x, [[0, 0], [beg, pad_total - beg], [beg, pad_total - beg], [0, 0]])
        return tf.layers.conv2d(x, filters, kernel_size, strides=strides,
                                padding=("SAME" if strides == 1 else "VALID"), use_bias=False,
                                kernel_initializer=tf.variance_scaling_initializer())

    def block(x, filters, strides, projection):
        shortcut = x
        x = tf.nn.relu(bn(x))
        if projection:
            shortcut = conv(x, filters, 1, strides)
        x = conv(x, filters, 3, strides)
        x = tf.nn.relu(bn(x))
        return conv(x, filters, 3, 1) + shortcut

    x = tf.identity(conv(images, 8, 3, 1), "initial_conv")
    for i, (filters, strides) in enumerate([(8, 1), (16, 2)]):
        with tf.name_scope("block_layer%d" % (i + 1)):
            x = block(x, filters, strides, projection=True)
            x = block(x, filters, 1, projection=False)
            x = tf.identity(x, "block_layer%d" % (i + 1))
    x = tf.nn.relu(bn(x))
    x = tf.squeeze(tf.reduce_mean(x, [1, 2], keepdims=True), [1, 2])
    logits = tf.identity(tf.layers.dense(x, 10), "final_dense")
    cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    l2 = 1e-4 * tf.add_n([tf.nn.l2_loss(tf.cast(v, tf.float32)) for v in tf.trainable_variables()
                          if "batch_normalization" not in v.name])
    loss = cross_entropy + l2
    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.MomentumOptimizer(learning_rate=0.1, momentum=0.9)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        optimizer.minimize(loss, global_step)
    rng = np.random.RandomState(4)
    return {"outputs": {"logits": logits, "initial_conv": tf.get_default_graph().get_tensor_by_name("initial_conv:0")},
            "values": ["logits"], "optimizers": [optimizer],
            "feeds": {images: rng.uniform(0, 1, (2, 8, 8, 3)), labels: [1, 3], training: False}}


# --- the CIFAR-10 tutorial style ----------------------------------------------------------------

def _variable_on_cpu(tf, name, shape, initializer):
    with tf.device("/cpu:0"):
        return tf.get_variable(name, shape, initializer=initializer, dtype=tf.float32)


def _variable_with_weight_decay(tf, name, shape, stddev, wd):
    var = _variable_on_cpu(tf, name, shape, tf.truncated_normal_initializer(stddev=stddev, dtype=tf.float32))
    if wd is not None:
        weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name="weight_loss")
        tf.add_to_collection("losses", weight_decay)
    return var


def _activation_summary(tf, x):
    tensor_name = x.op.name
    tf.summary.histogram(tensor_name + "/activations", x)
    tf.summary.scalar(tensor_name + "/sparsity", tf.nn.zero_fraction(x))


@model("cifar10_tutorial", "the CIFAR-10 tutorial: _variable_on_cpu / _variable_with_weight_decay, "
       "tf.nn.conv2d + bias_add + max_pool + lrn, the 'losses' collection summed with add_n, "
       "loss averages and variable averages (EMA), summaries with '(raw)' names, exponential decay")
def cifar10_tutorial(tf, py):
    images = tf.placeholder(tf.float32, [4, 8, 8, 3], name="images")
    labels = tf.placeholder(tf.int32, [4], name="labels")
    with tf.variable_scope("conv1") as scope:
        kernel = _variable_with_weight_decay(tf, "weights", shape=[5, 5, 3, 8], stddev=5e-2, wd=None)
        conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding="SAME")
        biases = _variable_on_cpu(tf, "biases", [8], tf.constant_initializer(0.0))
        conv1 = tf.nn.relu(tf.nn.bias_add(conv, biases), name=scope.name)
        _activation_summary(tf, conv1)
    pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME", name="pool1")
    norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name="norm1")
    with tf.variable_scope("conv2") as scope:
        kernel = _variable_with_weight_decay(tf, "weights", shape=[5, 5, 8, 8], stddev=5e-2, wd=None)
        conv = tf.nn.conv2d(norm1, kernel, [1, 1, 1, 1], padding="SAME")
        biases = _variable_on_cpu(tf, "biases", [8], tf.constant_initializer(0.1))
        conv2 = tf.nn.relu(tf.nn.bias_add(conv, biases), name=scope.name)
        _activation_summary(tf, conv2)
    norm2 = tf.nn.lrn(conv2, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name="norm2")
    pool2 = tf.nn.max_pool(norm2, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME", name="pool2")
    with tf.variable_scope("local3") as scope:
        reshape = tf.reshape(pool2, [images.get_shape().as_list()[0], -1])
        dim = reshape.get_shape()[1].value
        weights = _variable_with_weight_decay(tf, "weights", shape=[dim, 24], stddev=0.04, wd=0.004)
        biases = _variable_on_cpu(tf, "biases", [24], tf.constant_initializer(0.1))
        local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
        _activation_summary(tf, local3)
    with tf.variable_scope("local4") as scope:
        weights = _variable_with_weight_decay(tf, "weights", shape=[24, 12], stddev=0.04, wd=0.004)
        biases = _variable_on_cpu(tf, "biases", [12], tf.constant_initializer(0.1))
        local4 = tf.nn.relu(tf.matmul(local3, weights) + biases, name=scope.name)
        _activation_summary(tf, local4)
    with tf.variable_scope("softmax_linear") as scope:
        weights = _variable_with_weight_decay(tf, "weights", [12, 10], stddev=1 / 12.0, wd=None)
        biases = _variable_on_cpu(tf, "biases", [10], tf.constant_initializer(0.0))
        softmax_linear = tf.add(tf.matmul(local4, weights), biases, name=scope.name)
        _activation_summary(tf, softmax_linear)

    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(labels, tf.int64), logits=softmax_linear, name="cross_entropy_per_example")
    tf.add_to_collection("losses", tf.reduce_mean(cross_entropy, name="cross_entropy"))
    total_loss = tf.add_n(tf.get_collection("losses"), name="total_loss")

    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, global_step, 1000, 0.1, staircase=True)
    tf.summary.scalar("learning_rate", lr)
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name="avg")
    losses = tf.get_collection("losses")
    loss_averages_op = loss_averages.apply(losses + [total_loss])
    for loss in losses + [total_loss]:
        tf.summary.scalar(loss.op.name + " (raw)", loss)
        tf.summary.scalar(loss.op.name, loss_averages.average(loss))
    with tf.control_dependencies([loss_averages_op]):
        opt = tf.train.GradientDescentOptimizer(lr)
        grads = opt.compute_gradients(total_loss)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    for var in tf.trainable_variables():
        tf.summary.histogram(var.op.name, var)
    for grad, var in grads:
        if grad is not None:
            tf.summary.histogram(var.op.name + "/gradients", grad)
    variable_averages = tf.train.ExponentialMovingAverage(0.9999, global_step)
    with tf.control_dependencies([apply_gradient_op]):
        variable_averages.apply(tf.trainable_variables())
    rng = np.random.RandomState(5)
    return {"outputs": {"logits": softmax_linear, "total_loss": total_loss, "pool2": pool2,
                        "norm1": norm1, "learning_rate": tf.identity(lr, name="learning_rate")},
            "values": ["logits", "total_loss"], "optimizers": [opt], "collections": ["losses"],
            "feeds": {images: rng.uniform(0, 1, (4, 8, 8, 3)), labels: [0, 3, 9, 5]}}


@model("mnist_mlp_variables", "the popular TF1 examples repository's MNIST MLP: placeholders, weights and "
       "biases dicts of tf.Variable(tf.random_normal(...)), softmax_cross_entropy_with_logits, "
       "AdamOptimizer(...).minimize, accuracy from argmax/equal/cast")
def mnist_mlp_variables(tf, py):
    n_input, n_hidden_1, n_hidden_2, num_classes = 16, 8, 8, 3
    X = tf.placeholder("float", [None, n_input])
    Y = tf.placeholder("float", [None, num_classes])
    weights = {"h1": tf.Variable(tf.random_normal([n_input, n_hidden_1])),
               "h2": tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2])),
               "out": tf.Variable(tf.random_normal([n_hidden_2, num_classes]))}
    biases = {"b1": tf.Variable(tf.random_normal([n_hidden_1])),
              "b2": tf.Variable(tf.random_normal([n_hidden_2])),
              "out": tf.Variable(tf.random_normal([num_classes]))}
    layer_1 = tf.add(tf.matmul(X, weights["h1"]), biases["b1"])
    layer_2 = tf.add(tf.matmul(layer_1, weights["h2"]), biases["b2"])
    logits = tf.matmul(layer_2, weights["out"]) + biases["out"]
    prediction = tf.nn.softmax(logits)
    loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
    optimizer = tf.train.AdamOptimizer(learning_rate=0.001)
    optimizer.minimize(loss_op)
    correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
    rng = np.random.RandomState(6)
    return {"outputs": {"X": X, "prediction": prediction, "loss": loss_op, "accuracy": accuracy},
            "values": ["prediction", "loss", "accuracy"], "optimizers": [optimizer],
            "feeds": {X: rng.uniform(0, 1, (5, n_input)), Y: np.eye(num_classes)[[0, 1, 2, 1, 0]]}}


@model("mnist_dense_layers", "MNIST with tf.layers.dense (dense, dense_1, dense_2), "
       "tf.losses.sparse_softmax_cross_entropy, AdamOptimizer(...).minimize with the global step")
def mnist_dense_layers(tf, py):
    x = tf.placeholder(tf.float32, [None, 16], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    h = tf.layers.dense(x, 12, activation=tf.nn.relu)
    h = tf.layers.dense(h, 12, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 3)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    optimizer = tf.train.AdamOptimizer(1e-3)
    optimizer.minimize(loss, global_step=tf.train.get_or_create_global_step())
    rng = np.random.RandomState(7)
    return {"outputs": {"hidden": h, "logits": logits, "loss": loss},
            "values": ["logits", "loss"], "optimizers": [optimizer],
            "feeds": {x: rng.uniform(0, 1, (4, 16)), y: [0, 2, 1, 1]}}


@model("mnist_cnn_layers", "the tf.layers CNN tutorial: conv2d / max_pooling2d / dense / dropout(training=...) "
       "with a bool placeholder, softmax_tensor, GradientDescent minimize")
def mnist_cnn_layers(tf, py):
    features = tf.placeholder(tf.float32, [None, 64], name="features")
    labels = tf.placeholder(tf.int32, [None], name="labels")
    is_train = tf.placeholder_with_default(False, [], name="is_train")
    input_layer = tf.reshape(features, [-1, 8, 8, 1])
    conv1 = tf.layers.conv2d(inputs=input_layer, filters=4, kernel_size=[3, 3], padding="same", activation=tf.nn.relu)
    pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], strides=2)
    conv2 = tf.layers.conv2d(inputs=pool1, filters=8, kernel_size=[3, 3], padding="same", activation=tf.nn.relu)
    pool2 = tf.layers.max_pooling2d(inputs=conv2, pool_size=[2, 2], strides=2)
    pool2_flat = tf.reshape(pool2, [-1, 2 * 2 * 8])
    dense = tf.layers.dense(inputs=pool2_flat, units=16, activation=tf.nn.relu)
    dropout = tf.layers.dropout(inputs=dense, rate=0.4, training=is_train)
    logits = tf.layers.dense(inputs=dropout, units=10)
    classes = tf.argmax(input=logits, axis=1)
    probabilities = tf.nn.softmax(logits, name="softmax_tensor")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.001)
    optimizer.minimize(loss=loss, global_step=tf.train.get_global_step())
    rng = np.random.RandomState(8)
    return {"outputs": {"conv1": conv1, "pool1": pool1, "pool2": pool2, "logits": logits,
                        "classes": classes, "probabilities": probabilities},
            "values": ["logits", "classes", "probabilities"], "optimizers": [optimizer],
            "feeds": {features: rng.uniform(0, 1, (3, 64)), labels: [1, 2, 3]}}


@model("mobilenet_separable", "MobileNet-style blocks: tf.layers.separable_conv2d, a hand-written "
       "depthwise conv (get_variable + tf.nn.depthwise_conv2d), batch norm + relu6, average_pooling2d")
def mobilenet_separable(tf, py):
    images = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
    training = tf.placeholder(tf.bool, [], name="training")

    def bn_relu6(x, name):
        return tf.nn.relu6(tf.layers.batch_normalization(x, training=training, name=name))

    with tf.variable_scope("MobilenetV1"):
        x = bn_relu6(tf.layers.conv2d(images, 8, 3, strides=2, padding="same", use_bias=False, name="Conv2d_0"),
                     "Conv2d_0_bn")
        with tf.variable_scope("Conv2d_1_depthwise"):
            w = tf.get_variable("depthwise_weights", [3, 3, 8, 1],
                                initializer=tf.truncated_normal_initializer(stddev=0.09))
            x = tf.nn.depthwise_conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
        x = bn_relu6(x, "Conv2d_1_depthwise_bn")
        x = bn_relu6(tf.layers.conv2d(x, 16, 1, use_bias=False, name="Conv2d_1_pointwise"), "Conv2d_1_pointwise_bn")
        x = tf.layers.separable_conv2d(x, 16, 3, padding="same", depth_multiplier=1, activation=tf.nn.relu6)
        x = tf.layers.separable_conv2d(x, 24, 3, strides=2, padding="same", depth_multiplier=2)
        x = tf.layers.average_pooling2d(x, pool_size=2, strides=2)
        logits = tf.squeeze(tf.layers.conv2d(x, 5, 1, name="Conv2d_1c_1x1"), [1, 2], name="SpatialSqueeze")
    rng = np.random.RandomState(9)
    return {"outputs": {"logits": logits, "pooled": x},
            "values": ["logits"], "feeds": {images: rng.uniform(-1, 1, (2, 8, 8, 3)), training: False}}


@model("conv1d_classifier", "1-D convolutions over sequences: tf.layers.conv1d (dilated, causal padding by hand), "
       "max_pooling1d, tf.layers.flatten, dense with kernel_regularizer, tf.losses.get_regularization_loss")
def conv1d_classifier(tf, py):
    seq = tf.placeholder(tf.float32, [None, 12, 4], name="sequence")
    reg = tf.contrib.layers.l2_regularizer(1e-3)
    h = tf.layers.conv1d(seq, 8, 3, padding="same", activation=tf.nn.relu, kernel_regularizer=reg)
    for rate in (1, 2):
        padded = tf.pad(h, [[0, 0], [2 * rate, 0], [0, 0]])
        h = tf.layers.conv1d(padded, 8, 3, dilation_rate=rate, padding="valid", activation=tf.nn.tanh,
                             name="dilated_%d" % rate)
    h = tf.layers.max_pooling1d(h, 2, 2)
    logits = tf.layers.dense(tf.layers.flatten(h), 4, kernel_regularizer=reg, name="logits")
    reg_loss = tf.losses.get_regularization_loss()
    rng = np.random.RandomState(10)
    return {"outputs": {"logits": logits, "pooled": tf.identity(h, name="pooled"), "reg_loss": reg_loss},
            "values": ["logits", "reg_loss"], "feeds": {seq: rng.uniform(-1, 1, (2, 12, 4))}}


@model("vae", "a variational autoencoder: tf.layers.dense encoder to mean / log-variance, "
       "reparameterisation with tf.random_normal(tf.shape(...)), KL term, sigmoid reconstruction loss")
def vae(tf, py):
    x = tf.placeholder(tf.float32, [None, 20], name="x")
    with tf.variable_scope("encoder"):
        h = tf.layers.dense(x, 12, activation=tf.nn.elu)
        z_mean = tf.layers.dense(h, 3, name="z_mean")
        z_log_var = tf.layers.dense(h, 3, name="z_log_var")
    eps = tf.random_normal(tf.shape(z_mean), 0, 1, dtype=tf.float32)
    z = z_mean + tf.exp(z_log_var / 2) * eps
    with tf.variable_scope("decoder"):
        h = tf.layers.dense(z, 12, activation=tf.nn.elu)
        x_logits = tf.layers.dense(h, 20)
    with tf.variable_scope("decoder", reuse=True):
        z_prior = tf.placeholder(tf.float32, [None, 3], name="z_prior")
        generated = tf.nn.sigmoid(tf.layers.dense(tf.layers.dense(z_prior, 12, activation=tf.nn.elu), 20,
                                                  name="dense_1"))
    recon = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x_logits), 1)
    kl = -0.5 * tf.reduce_sum(1 + z_log_var - tf.square(z_mean) - tf.exp(z_log_var), 1)
    loss = tf.reduce_mean(recon + kl)
    optimizer = tf.train.RMSPropOptimizer(1e-3)
    optimizer.minimize(loss)
    return {"outputs": {"z": z, "x_logits": x_logits, "generated": generated, "loss": loss},
            "values": ["generated"], "optimizers": [optimizer],
            "feeds": {z_prior: np.random.RandomState(11).normal(size=(2, 3))}}


@model("slim_vgg", "a slim-style VGG: slim = tf.contrib.slim, an arg_scope function (relu, l2 weight decay, "
       "SAME padding) re-entered as a dict, slim.repeat conv blocks (conv1/conv1_1 ...), max_pool2d, fully "
       "connected layers as convolutions, dropout on a placeholder_with_default, get_variables_to_restore")
def slim_vgg(tf, py):
    slim = tf.contrib.slim
    images = tf.placeholder(tf.float32, [None, 16, 16, 3], name="images")
    is_training = tf.placeholder_with_default(False, [], name="is_training")

    def vgg_arg_scope(weight_decay=0.0005):
        with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                            weights_regularizer=slim.l2_regularizer(weight_decay),
                            biases_initializer=tf.zeros_initializer()):
            with slim.arg_scope([slim.conv2d], padding="SAME") as sc:
                return sc

    with slim.arg_scope(vgg_arg_scope()):
        with tf.variable_scope("vgg_small", "vgg_small", [images]):
            net = slim.repeat(images, 2, slim.conv2d, 8, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.repeat(net, 2, slim.conv2d, 16, [3, 3], scope="conv2")
            net = slim.max_pool2d(net, [2, 2], scope="pool2")
            net = slim.conv2d(net, 32, [4, 4], padding="VALID", scope="fc6")
            net = slim.dropout(net, 0.5, is_training=is_training, scope="dropout6")
            net = slim.conv2d(net, 32, [1, 1], scope="fc7")
            net = slim.conv2d(net, 10, [1, 1], activation_fn=None, normalizer_fn=None, scope="fc8")
            logits = tf.squeeze(net, [1, 2], name="fc8/squeezed")
    for v in slim.get_variables_to_restore(exclude=["vgg_small/fc8"]):
        tf.add_to_collection("to_restore", v)
    return {"outputs": {"logits": logits, "pool2": net},
            "values": ["logits"], "collections": ["to_restore"],
            "feeds": {images: np.random.RandomState(22).uniform(0, 1, (2, 16, 16, 3))}}
