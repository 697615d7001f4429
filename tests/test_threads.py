"""Threads and asyncio tasks: per-thread/per-task scopes, one shared locked store.

Ports ``VariableScopeMultithreadedTest`` and hammers the store: no duplicate, lost or half-made
variable whatever the interleaving.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import VariableAlreadyExistsError
from scopelab.store import get_default_store

N_THREADS = 8


def run_threads(target, n=N_THREADS):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def wrapped(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_threads_disjoint_scope_entry():                   # testTwoThreadsDisjointScopeEntry
    def thread_fn(i, box):
        try:
            with tf.variable_scope("foo"):
                box.append(tf.get_variable("v", []).name)
        except ValueError as exc:
            box.append(exc)

    first, second = [], []
    t0 = threading.Thread(target=thread_fn, args=(0, first))
    t0.start()
    t0.join()
    t1 = threading.Thread(target=thread_fn, args=(1, second))
    t1.start()
    t1.join()
    assert first == ["foo/v:0"]
    assert isinstance(second[0], VariableAlreadyExistsError)


def test_two_threads_nested_scope_entry():                       # testTwoThreadsNestedScopeEntry
    inside = threading.Barrier(2)
    created = threading.Event()
    out = {}

    def creator():
        with tf.variable_scope("foo"):
            inside.wait()
            out["v"] = tf.get_variable("v", []).name
            created.set()

    def second():
        with tf.variable_scope("foo"):
            inside.wait()
            created.wait()
            try:
                tf.get_variable("v", [])
            except ValueError as exc:
                out["error"] = exc

    threads = [threading.Thread(target=creator), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out["v"] == "foo/v:0" and isinstance(out["error"], VariableAlreadyExistsError)


def test_reenter_main_scope_from_a_worker():                            # testReenterMainScope
    out = {}

    def thread_fn(main_scope):
        with tf.variable_scope(main_scope):
            with tf.variable_scope("foo"):
                out["inside"] = tf.get_variable("v", []).name
        with tf.variable_scope("bar"):
            out["outside"] = tf.get_variable("v", []).name

    with tf.variable_scope("main") as main_scope:
        t = threading.Thread(target=thread_fn, args=(main_scope,))
        t.start()
        t.join()
    assert out == {"inside": "main/foo/v:0", "outside": "bar/v:0"}


def test_each_thread_has_its_own_default_name_counters():
    def body(i):
        with tf.variable_scope(None, default_name="layer") as scope:
            return scope.name

    names, errors = run_threads(body, n=4)
    assert errors == [] and names == ["layer"] * 4


def test_auto_reuse_hammer_gives_one_variable():
    def body(i):
        got = []
        for _ in range(50):
            with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
                got.append(tf.get_variable("w", [16, 16]))
        return got

    results, errors = run_threads(body)
    assert errors == []
    everything = [v for got in results for v in got]
    assert len({id(v) for v in everything}) == 1
    assert [v.name for v in get_default_store().variables()] == ["shared/w:0"]
    assert tf.global_variables() == [everything[0]]


def test_distinct_names_hammer_loses_nothing():
    def body(i):
        made = []
        for k in range(40):
            with tf.variable_scope(f"t{i}"):
                made.append(tf.get_variable(f"v{k}", [3], regularizer=tf.l2_regularizer(0.1)))
        return made

    results, errors = run_threads(body)
    assert errors == []
    store = get_default_store()
    assert len(store.variables()) == N_THREADS * 40
    assert len({v.name for v in store.variables()}) == N_THREADS * 40
    assert len(tf.global_variables()) == len(tf.trainable_variables()) == N_THREADS * 40
    assert len(tf.get_regularization_losses()) == N_THREADS * 40
    for made in results:
        assert all(store.get(v.full_name) is v for v in made)


def test_partitioned_hammer_never_exposes_half_made_shards():
    seen_partial = []
    store = get_default_store()

    def watcher(event):
        for pv in store.partitioned_variables():
            if any(store.get(s.full_name) is not s for s in pv):
                seen_partial.append(pv.name)

    store.subscribe(watcher)

    def body(i):
        out = []
        for k in range(10):
            with tf.variable_scope("p", reuse=tf.AUTO_REUSE,
                                   partitioner=tf.fixed_size_partitioner(4)):
                out.append(tf.get_variable(f"v{k % 5}", [8, 2]))
        return out

    results, errors = run_threads(body)
    assert errors == [] and seen_partial == []
    assert len(store.partitioned_variables()) == 5
    assert len(store.variables()) == 5 * 4
    containers = {id(pv) for out in results for pv in out}
    assert len(containers) == 5


def test_exactly_one_thread_wins_without_reuse():
    def body(i):
        with tf.variable_scope("race"):
            return tf.get_variable("v", [2])

    results, errors = run_threads(body)
    assert sum(r is not None for r in results) == 1
    assert len(errors) == N_THREADS - 1
    assert all(isinstance(e, VariableAlreadyExistsError) for e in errors)


def test_thread_pool_workers_start_at_the_root_scope():
    with tf.variable_scope("main"):
        with ThreadPoolExecutor(max_workers=2) as pool:
            names = list(pool.map(lambda _: tf.get_variable_scope().name, range(4)))
    assert names == [""] * 4


def _run_in_fresh_thread(main):
    """``asyncio.run(main())`` on a thread of its own: the browser tests' sync Playwright keeps an
    event loop running in the main thread for the whole session, and asyncio.run refuses to start
    inside a running loop; a fresh thread also starts at the root scope, as a new task would."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


def test_asyncio_tasks_keep_their_own_scope_stacks():
    async def worker(tag, delay):
        with tf.variable_scope(tag):
            await asyncio.sleep(delay)
            with tf.variable_scope("inner"):
                await asyncio.sleep(delay)
                v = tf.get_variable("v", [1])
            await asyncio.sleep(0)
            return v.name, tf.get_variable_scope().name

    async def main():
        return await asyncio.gather(worker("a", 0.01), worker("b", 0.0), worker("c", 0.005))

    results = _run_in_fresh_thread(main)
    assert results == [("a/inner/v:0", "a"), ("b/inner/v:0", "b"), ("c/inner/v:0", "c")]
    assert tf.get_variable_scope().name == ""


def test_asyncio_auto_reuse_hammer():
    async def worker(i):
        got = []
        for _ in range(20):
            with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
                got.append(tf.get_variable("w", [4]))
                await asyncio.sleep(0)
        return got

    async def main():
        return await asyncio.gather(*(worker(i) for i in range(10)))

    results = _run_in_fresh_thread(main)
    assert len({id(v) for got in results for v in got}) == 1
    assert len(get_default_store().variables()) == 1


def test_tasks_inherit_the_scope_they_were_created_in():
    async def child():
        return tf.get_variable("v", [1]).name

    async def main():
        with tf.variable_scope("parent"):
            task = asyncio.create_task(child())
        return await task

    assert _run_in_fresh_thread(main) == "parent/v:0"


def test_reset_in_one_thread_resets_scopes_in_others():
    entered = threading.Event()
    reset_done = threading.Event()
    out = {}

    def worker():
        with tf.variable_scope("deep"):
            entered.set()
            reset_done.wait()
            out["scope"] = tf.get_variable_scope().name
            out["v"] = tf.get_variable("v", [1]).name

    t = threading.Thread(target=worker)
    t.start()
    entered.wait()
    tf.reset_default_graph()
    reset_done.set()
    t.join()
    assert out == {"scope": "", "v": "v:0"}


@pytest.mark.parametrize("repeat", range(3))
def test_values_of_hammered_variables_are_complete(repeat):
    def body(i):
        with tf.variable_scope("vals", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [64, 64], initializer=tf.ones_initializer())

    results, errors = run_threads(body)
    assert errors == []
    np.testing.assert_array_equal(np.asarray(results[0]), np.ones((64, 64), np.float32))
