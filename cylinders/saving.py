"""Loading trained models back from `.keras` files, with errors that say what went wrong.

Saving is Keras's own `model.save("vae.keras")`: the file holds the model's settings (its
`get_config`) and its weights, and loads under any backend, whichever one saved it.
"""

from __future__ import annotations

import os
import zipfile
from typing import Any

import keras

from cylinders import models


def load_model(path: str | os.PathLike, *, model_class: type | None = None) -> Any:
    """Loads an `Autoencoder`, a `VAE` or a `ConditionalVAE` saved with `model.save(path)`.

    Args:
        path: a `.keras` file.
        model_class: when given (`cylinders.VAE`, say), the file must hold a model of that class.

    Returns:
        The model, ready for `encode`, `decode` and `fit`.

    Raises:
        FileNotFoundError: when there is no file at `path`.
        ValueError: when the file is not a `.keras` archive, is corrupt, or holds another
            architecture.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No model file at path={path!r}")
    if not path.endswith(".keras"):
        raise ValueError(f"A model file must end in '.keras'. Received: path={path!r}")
    if not zipfile.is_zipfile(path):
        raise ValueError(
            f"The file is not a .keras archive (corrupt or truncated). Received: path={path!r}"
        )
    custom_objects = {
        "Autoencoder": models.Autoencoder,
        "VAE": models.VAE,
        "ConditionalVAE": models.ConditionalVAE,
        "Sampling": models.Sampling,
    }
    try:
        model = keras.saving.load_model(path, custom_objects=custom_objects, compile=False)
    except (
        Exception
    ) as error:  # Keras raises many types for bad archives; one clear message is more useful
        raise ValueError(f"Could not load a cylinders model from path={path!r}: {error}") from error
    expected = model_class or (models.Autoencoder, models.VAE)
    if not isinstance(model, expected):
        wanted = getattr(model_class, "__name__", "Autoencoder or VAE")
        raise ValueError(
            f"The file holds a {type(model).__name__}, not a {wanted}. Received: path={path!r}"
        )
    return model
