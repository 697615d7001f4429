"""Shared test setup: CUDA kernels run in Numba's simulator; every test starts from a fresh graph."""

import os

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")  # before anything imports numba

import pytest  # noqa: E402

import scopelab  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    """``tf.reset_default_graph()`` before and after each test (store, scopes, seed)."""
    scopelab.reset_default_graph()
    yield
    scopelab.reset_default_graph()
