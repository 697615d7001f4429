"""scopelab: TensorFlow 1.x variable scoping on NumPy, for teaching and testing.

Write ``import scopelab as tf`` and run TF1 scoping code unchanged. (The public surface is
assembled here as the layers land; this file imports neither IPython nor ipywidgets.)
"""

__version__ = "0.1.0"


def load_ipython_extension(ipython):  # pragma: no cover - exercised through IPython
    """``%load_ext scopelab``: register the scope magics (IPython is imported only here)."""
    from scopelab.magics import load_ipython_extension as _load

    _load(ipython)
