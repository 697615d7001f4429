"""Shared test setup: CUDA kernels run in Numba's simulator; every test starts from a fresh graph."""

import os

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

# pytest has already imported numba to resolve the warning class in pyproject's filterwarnings,
# so numba read its environment before the lines above: read it again (nothing has compiled yet)
from numba.core import config

config.reload_config()

import pytest

import scopelab


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    """``tf.reset_default_graph()`` before and after each test; subscribers added are removed."""
    graph = scopelab.get_default_graph()
    subscribers = graph.subscribers()
    scopelab.reset_default_graph()
    yield
    for fn in graph.subscribers():        # drop what the test subscribed
        if fn not in subscribers:
            graph.unsubscribe(fn)
    scopelab.reset_default_graph()
