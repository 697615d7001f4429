"""TF1 seeding rules (spec §8.5): graph seed, op seed, the op counter and the (0, 0) rule."""

import threading

import pytest

from scopelab import random_seed
from scopelab.errors import InvalidArgumentTypeError
from scopelab.random_seed import DEFAULT_GRAPH_SEED, _MAXINT32, get_seed, set_random_seed


@pytest.fixture(autouse=True)
def fresh_graph():
    random_seed.reset()
    yield
    random_seed.reset()


def test_constants_match_tf():
    assert DEFAULT_GRAPH_SEED == 87654321
    assert _MAXINT32 == 2147483647


def test_no_seeds_gives_none_pair():
    assert get_seed(None) == (None, None)


def test_op_seed_only_uses_default_graph_seed():
    assert get_seed(5) == (DEFAULT_GRAPH_SEED, 5)


def test_op_seed_is_truncated_modulo_maxint32():
    assert get_seed(_MAXINT32 + 3) == (DEFAULT_GRAPH_SEED, 3)


def test_graph_and_op_seed_both_used():
    set_random_seed(11)
    assert get_seed(5) == (11, 5)
    assert get_seed(5) == (11, 5)  # an explicit op seed never consumes an op id


def test_graph_seed_only_draws_consecutive_op_ids():
    set_random_seed(3)
    first, second = get_seed(None), get_seed(None)
    assert first[0] == second[0] == 3
    assert second[1] == first[1] + 1


def test_graph_seed_is_truncated():
    set_random_seed(_MAXINT32 + 9)
    assert get_seed(1) == (9, 1)


def test_zero_zero_pair_becomes_zero_maxint():
    set_random_seed(0)
    assert get_seed(0) == (0, _MAXINT32)
    assert get_seed(_MAXINT32) == (0, _MAXINT32)


def test_op_ids_repeat_after_reset_so_creation_order_is_deterministic():
    set_random_seed(42)
    run1 = [get_seed(None) for _ in range(3)]
    random_seed.reset()
    set_random_seed(42)
    run2 = [get_seed(None) for _ in range(3)]
    assert run1 == run2
    assert len(set(run1)) == 3


def test_set_random_seed_does_not_rewind_counter():
    set_random_seed(1)
    a = get_seed(None)
    set_random_seed(1)
    assert get_seed(None) != a


def test_reset_clears_graph_seed():
    set_random_seed(5)
    assert random_seed.get_graph_seed() == 5
    random_seed.reset()
    assert random_seed.get_graph_seed() is None
    assert get_seed(None) == (None, None)


def test_set_random_seed_none_clears():
    set_random_seed(5)
    set_random_seed(None)
    assert get_seed(None) == (None, None)


@pytest.mark.parametrize("bad", [1.5, "7", [1]])
def test_bad_seeds_raise_type_error_and_keep_state(bad):
    set_random_seed(8)
    with pytest.raises(InvalidArgumentTypeError, match="must be an integer or None"):
        set_random_seed(bad)
    with pytest.raises(TypeError, match="op seed"):
        get_seed(bad)
    assert random_seed.get_graph_seed() == 8


def test_op_ids_unique_across_threads():
    set_random_seed(1)
    seen = []
    lock = threading.Lock()

    def worker():
        mine = [get_seed(None)[1] for _ in range(200)]
        with lock:
            seen.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == list(range(1, 801))


def test_unseeded_initializers_differ_even_after_a_user_seeds_python_random():
    # No graph or op seed: every variable is fresh randomness, and a student's random.seed(0)
    # (for their own code) must not make two runs, or two variables, start alike.
    import os
    import random

    import numpy as np

    import scopelab as tf
    tf.reset_default_graph()
    random.seed(0)
    a = np.asarray(tf.get_variable("a", [64]))
    random.seed(0)
    b = np.asarray(tf.get_variable("b", [64]))
    assert not np.array_equal(a, b)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:        # a forked child draws its own keys, not the parent's next ones
        os.write(write, np.asarray(tf.get_variable("c", [64])).tobytes())
        os._exit(0)
    os.waitpid(pid, 0)
    child = np.frombuffer(os.read(read, 64 * 4), np.float32)
    parent = np.asarray(tf.get_variable("c", [64]))
    assert child.shape == (64,) and not np.array_equal(child, parent)
