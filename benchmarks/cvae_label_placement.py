"""Where should the conditional VAE's encoder read the label? Two placements, measured side by side.

- `features`: the one-hot label joins the flattened convolutional features, just before the dense
  heads (the CVAE as Sohn et al., 2015, and most tutorials draw it); the package's first version.
- `channels` (the package's `ConditionalVAE`, chosen from this measurement): the label enters with
  the image, as extra constant input planes (one per label), so that every convolution sees it.

The decoder is the same in both (the label joins z). Each placement is trained with the article's
settings (1,000 cylinders, 50 epochs, batch 32, Adam 3e-3) on three seeds, then scored as in
`examples/08_evidence.py`: prior samples with the type drawn as in the data, their validity, the
share of valid samples of the type asked for, the data cells reached, and the held-out
reconstruction error and KL.

Usage: `python benchmarks/cvae_label_placement.py` (writes `cvae_label_placement.json` beside it;
six 50-epoch trainings, about a minute each on a 2-core CPU). `CYLINDERS_FAST=1`: a quick check.
"""

from __future__ import annotations

import json
import pathlib
import platform
import time

import keras
import numpy as np
from keras import layers

from cylinders import article, latent, metrics, models

SEEDS = (0, 1, 2)
RESULTS = pathlib.Path(__file__).with_name("cvae_label_placement.json")


def features_encoder(model: models.ConditionalVAE) -> keras.Model:
    """The `features` encoder: the same convolutions and heads, the label joined to the flattened
    features."""
    size = model.image_size
    images = keras.Input(shape=(size, size, 1), name="image")
    one_hot = keras.Input(shape=(model.num_labels,), name="label")
    features = images
    for count in model.filters:
        features = layers.Conv2D(count, 3, strides=2, padding="same", activation="relu")(features)
    features = layers.Concatenate()([layers.Flatten()(features), one_hot])
    z_mean = layers.Dense(model.latent_dim, name="z_mean")(features)
    z_log_var = layers.Dense(model.latent_dim, name="z_log_var")(features)
    return keras.Model([images, one_hot], [z_mean, z_log_var], name="encoder")


def train(placement: str, seed: int, images, labels) -> tuple[keras.Model, float]:
    keras.utils.set_random_seed(seed)
    model = models.ConditionalVAE(article.LATENT_DIM, num_labels=2, seed=seed)
    if placement == "features":  # replaces the package's encoder (built with the model)
        model.encoder = features_encoder(model)
    model.compile(optimizer=keras.optimizers.Adam(article.LEARNING_RATE))
    start = time.perf_counter()
    model.fit(
        (images, labels.astype("int32")),
        epochs=article.EPOCHS,
        batch_size=article.BATCH_SIZE,
        shuffle=True,
        verbose=0,
    )
    return model, time.perf_counter() - start


def main() -> None:
    images, factors = article.data()
    labels = factors["kind"]
    test_images, test_factors = article.test_data()
    runs = []
    for placement in ("features", "channels"):
        for seed in SEEDS:
            model, seconds = train(placement, seed, images, labels)
            prior_z = latent.latent_samples("normal", 1000, latent_dim=2, random_state=seed)
            asked = np.random.default_rng(seed).choice(labels, len(prior_z))
            samples = model.decode((prior_z, asked))
            row = {
                "placement": placement,
                "seed": seed,
                "train_seconds": seconds,
                "encoder_parameters": model.encoder.count_params(),
                **metrics.coverage(samples, factors),
                "valid_as_asked": metrics.label_match(samples, asked),
                **metrics.evaluate_model(model, (test_images, test_factors["kind"])),
            }
            runs.append(row)
            print(json.dumps(row), flush=True)
    summary = {}
    for placement in ("features", "channels"):
        chosen = [run for run in runs if run["placement"] == placement]
        summary[placement] = {
            key: {
                "mean": float(np.mean([run[key] for run in chosen])),
                "min": float(np.min([run[key] for run in chosen])),
                "max": float(np.max([run[key] for run in chosen])),
            }
            for key in ("validity", "valid_as_asked", "cells_reached", "reconstruction_bce", "kl")
        }
    RESULTS.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()} / {platform.system()}",
                "backend": keras.backend.backend(),
                "keras": keras.__version__,
                "fast": article.FAST,
                "summary": summary,
                "runs": runs,
            },
            indent=2,
        )
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
