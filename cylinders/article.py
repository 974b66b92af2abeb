"""The article's settings and models, in one place.

"The VAE" of the article is one network: the one `model("vae")` returns, trained on `data()` with
the settings below. Every example that uses it calls `model("vae")` (or writes the same steps out,
as the VAE example does, and shares the cached run), so a change of setting here changes it
everywhere at once.

`CYLINDERS_FAST=1` in the environment shrinks the data and the training, to check quickly that an
example runs (the site's tests do); the figures are then meaningless.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

import keras
import numpy as np

from cylinders import cache, defaults, shapes

#: Whether the examples run in fast mode (`CYLINDERS_FAST=1`, the one place that reads it): tiny
#: data, two epochs.
FAST = os.environ.get("CYLINDERS_FAST", "") == "1"
#: Training cylinders.
N_SAMPLES = 200 if FAST else defaults.N_SAMPLES
#: Held-out cylinders, drawn with another seed, for the reconstruction error.
N_TEST = 500
#: Passes over the training cylinders.
EPOCHS = 2 if FAST else defaults.EPOCHS
#: Dimension of the latent space.
LATENT_DIM = defaults.LATENT_DIM
#: Weight of the KL term (1 is the ELBO).
BETA = defaults.BETA
#: Seeds the data and the article's models (initial weights, shuffling, the VAE's sampling).
SEED = defaults.SEED
#: The seed of the held-out cylinders.
TEST_SEED = SEED + 1000
#: Images per gradient step.
BATCH_SIZE = defaults.BATCH_SIZE
#: Adam's learning rate.
LEARNING_RATE = defaults.LEARNING_RATE


def data() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The training cylinders: `(images, factors)`, as `make_cylinders(N_SAMPLES)` draws them."""
    return shapes.make_cylinders(N_SAMPLES, random_state=SEED)


def test_data() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The held-out cylinders: `(images, factors)`, drawn with `TEST_SEED`."""
    return shapes.make_cylinders(N_TEST, random_state=TEST_SEED)


def train(
    name: str,
    images: Any,
    labels: Any = None,
    *,
    latent_dim: int = LATENT_DIM,
    beta: float = BETA,
    seed: int = SEED,
    verbose: int | str = 0,
) -> tuple[keras.Model, dict[str, Any]]:
    """Trains one of the article's networks on `images` with the article's settings, or loads it
    from the cache when that very training ran before.

    Args:
        name: `"ae"`, `"vae"` or `"cvae"` (told each image's label).
        images: training images `(n, 64, 64, 1)`.
        labels: for `"cvae"` only, the images' labels.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (the VAEs).
        seed: seeds the initial weights, the shuffling and the sampling.
        verbose: `"epochs"` prints one line every few epochs (replayed from the cache).

    Returns:
        `(model, record)`, as `cache.cached_train` returns them.
    """
    return cache.cached_train(
        name,
        images,
        labels,
        epochs=EPOCHS,
        latent_dim=latent_dim,
        beta=beta,
        batch_size=BATCH_SIZE,
        learning_rate=LEARNING_RATE,
        seed=seed,
        verbose=verbose,
    )


def model(
    name: str = "vae",
    *,
    latent_dim: int = LATENT_DIM,
    beta: float = BETA,
    seed: int = SEED,
    verbose: int | str = 0,
) -> tuple[keras.Model, dict[str, Any]]:
    """One of the article's models: `train(name, ...)` on the article's cylinders, `data()` (the
    conditional VAE told their types).

    Args:
        name: `"ae"`, `"vae"` or `"cvae"`.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (the VAEs).
        seed: seeds the initial weights, the shuffling and the sampling (the data stay the same:
            other seeds are other trainings on the same cylinders).
        verbose: `"epochs"` prints one line every few epochs (replayed from the cache).

    Returns:
        `(model, record)`, as `cache.cached_train` returns them.
    """
    images, factors = data()
    labels = factors["kind"] if name == "cvae" else None
    return train(name, images, labels, latent_dim=latent_dim, beta=beta, seed=seed, verbose=verbose)


def output_folder(example: str) -> pathlib.Path:
    """Where an example writes its figures: `$CYLINDERS_OUTPUT`, else `outputs/<example>`."""
    default = pathlib.Path("outputs") / example
    folder = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settings() -> dict[str, Any]:
    """The settings, for an example's `results.json` (and the article's numbers)."""
    return {
        "n_samples": N_SAMPLES,
        "n_test": N_TEST,
        "epochs": EPOCHS,
        "latent_dim": LATENT_DIM,
        "beta": BETA,
        "seed": SEED,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
    }
