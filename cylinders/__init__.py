"""Draw me a cylinder: synthetic shapes, an autoencoder and a VAE, and the measures of the article.

The drawing functions need only NumPy; the models load Keras (and the backend named by `KERAS_BACKEND`)
the first time they are used.
"""

from cylinders.shapes import (
    KIND_NAMES,
    SHAPE_NAMES,
    make_cylinders,
    make_shapes,
    render_cylinders,
    render_shapes,
)

__version__ = "0.1.0"

_LAZY = {"Autoencoder": "cylinders.models", "VAE": "cylinders.models", "Sampling": "cylinders.models",
         "load_model": "cylinders.saving", "metrics": "cylinders.metrics"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        return module if name == "metrics" else getattr(module, name)
    raise AttributeError(f"module 'cylinders' has no attribute {name!r}")


__all__ = ["KIND_NAMES", "SHAPE_NAMES", "make_cylinders", "make_shapes", "render_cylinders", "render_shapes",
           "Autoencoder", "VAE", "load_model"]
