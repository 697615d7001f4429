"""The one test on worker processes: values are made in another interpreter (the initializer and
its client-drawn key are pickled there) and still equal a local run's; lookups match too."""

import distributed
import numpy as np

import scopelab as tf
import scopelab.cluster as cluster


def _build():
    tf.reset_default_graph()
    tf.set_random_seed(21)
    with tf.device("/job:ps/task:1"):
        emb = tf.get_variable("emb", [50, 7], partitioner=tf.fixed_size_partitioner(3),
                              initializer=tf.truncated_normal_initializer(stddev=0.5))
        w = tf.get_variable("w", [6, 5], initializer=tf.glorot_uniform_initializer())
    with tf.device("/job:ps/task:0"):
        u = tf.get_variable("u", [9], initializer=tf.random_uniform_initializer(-1, 1, seed=4))
    return emb, w, u


def test_worker_processes_make_the_same_values_and_lookups():
    ids = np.array([[49, 0], [17, 33], [16, 16]])
    emb, w, u = _build()
    local = [np.asarray(v) for v in (emb, w, u)]
    local_rows = {s: np.asarray(tf.nn.embedding_lookup(emb, ids, partition_strategy=s))
                  for s in ("mod", "div")}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local_cluster, \
            distributed.Client(local_cluster, set_as_default=False,
                               direct_to_workers=True) as client:
        cluster.connect(client)
        try:
            emb, w, u = _build()
            assert cluster.where(emb, address=False) == ", ".join(["ps/task:1"] * 3)
            assert u.held.address != w.held.address
            for want, got in zip(local, (emb, w, u)):
                assert np.array_equal(want, np.asarray(got))
            for strategy, want in local_rows.items():
                got = tf.nn.embedding_lookup(emb, ids, partition_strategy=strategy)
                assert np.array_equal(want, np.asarray(got))
        finally:
            cluster.disconnect()
