"""Draw me a cylinder: synthetic shapes, an autoencoder and a VAE, and the measures of the article.

The drawing functions need only NumPy; the models load Keras (and the backend named by
`KERAS_BACKEND`) the first time they are used.
"""

from importlib import metadata as _metadata

from cylinders.shapes import (
    KIND_NAMES,
    SHAPE_NAMES,
    make_cylinders,
    make_shapes,
    render_cylinders,
    render_shapes,
)

try:
    __version__ = _metadata.version("cylinders")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

_LAZY = {
    "Autoencoder": "cylinders.models",
    "VAE": "cylinders.models",
    "ConditionalVAE": "cylinders.models",
    "Sampling": "cylinders.models",
    "load_model": "cylinders.saving",
    "metrics": "cylinders.metrics",
    "latent": "cylinders.latent",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        return module if name in ("metrics", "latent") else getattr(module, name)
    raise AttributeError(f"module 'cylinders' has no attribute {name!r}")


__all__ = [
    "KIND_NAMES",
    "SHAPE_NAMES",
    "make_cylinders",
    "make_shapes",
    "render_cylinders",
    "render_shapes",
    "Autoencoder",
    "VAE",
    "ConditionalVAE",
    "load_model",
]
