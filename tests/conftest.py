"""Shared test setup: CUDA kernels run in Numba's simulator; every test starts from a fresh graph."""

import os

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

# pytest has already imported numba to resolve the warning class in pyproject's filterwarnings,
# so numba read its environment before the lines above: read it again (nothing has compiled yet)
from numba.core import config  # noqa: E402

config.reload_config()

import pytest  # noqa: E402

import scopelab  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    """``tf.reset_default_graph()`` before and after each test; subscribers added are removed."""
    store = scopelab.get_default_store()
    subscribers = list(store._subscribers)
    scopelab.reset_default_graph()
    yield
    store._subscribers = subscribers      # drop what the test subscribed
    scopelab.reset_default_graph()
