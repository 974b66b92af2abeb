"""Training with the settings the article uses, chosen by measurement (see the README's notes)."""

from __future__ import annotations

from typing import Any

import numpy as np
import keras

from cylinders import models

#: Images per gradient step; measured best for quality in 50 epochs on a 2-core CPU.
DEFAULT_BATCH_SIZE = 32
#: Adam's learning rate; 1e-3 and 2e-3 gave fewer valid VAE samples in 50 epochs (see the notes).
DEFAULT_LEARNING_RATE = 3e-3
MODEL_NAMES = ("ae", "vae")


def build_model(model: str = "vae", *, latent_dim: int = 2, beta: float = 1.0, image_size: int = 64,
                seed: int | None = None, filters: tuple[int, ...] = models.DEFAULT_FILTERS) -> keras.Model:
    """Builds an untrained `Autoencoder` (`model="ae"`) or `VAE` (`model="vae"`)."""
    if model == "ae":
        return models.Autoencoder(latent_dim, image_size=image_size, filters=filters)
    if model == "vae":
        return models.VAE(latent_dim, beta=beta, image_size=image_size, filters=filters, seed=seed)
    raise ValueError(f"`model` must be one of {MODEL_NAMES}. Received: model={model!r}")


def train_model(model: str, images: Any, *, epochs: int = 50, latent_dim: int = 2, beta: float = 1.0,
                batch_size: int = DEFAULT_BATCH_SIZE, learning_rate: float = DEFAULT_LEARNING_RATE,
                seed: int = 0, verbose: int | str = 0, filters: tuple[int, ...] = models.DEFAULT_FILTERS,
                ) -> tuple[keras.Model, dict[str, list[float]]]:
    """Builds and trains a model on `images`.

    Args:
        model: `"ae"` or `"vae"`.
        images: float array `(n, size, size, 1)` of 0/1 pixels.
        epochs: passes over the data.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (VAE only).
        batch_size: images per gradient step.
        learning_rate: Adam's learning rate.
        seed: seeds the weights, the shuffling and the VAE's sampling.
        verbose: Keras's `fit` verbosity (1 shows a progress bar).
        filters: channels of the encoder's convolutions.

    Returns:
        `(model, history)`: the trained model and the per-epoch losses (`history.history`).
    """
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}")
    if not learning_rate > 0:
        raise ValueError(f"`learning_rate` must be > 0. Received: learning_rate={learning_rate!r}")
    images = np.asarray(images, dtype="float32")
    keras.utils.set_random_seed(seed)
    network = build_model(model, latent_dim=latent_dim, beta=beta, image_size=images.shape[1], seed=seed,
                          filters=filters)
    network.compile(optimizer=keras.optimizers.Adam(learning_rate))
    history = network.fit(images, batch_size=batch_size, epochs=epochs, verbose=verbose, shuffle=True)
    return network, history.history
