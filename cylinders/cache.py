"""A cache of trained models, so that rerunning an example takes seconds instead of minutes.

A model is stored under a key that hashes everything that shapes it: the training images, the
settings (defaults filled in, so `beta=1.0` and no `beta` are the same run), the Keras backend and
version, and the code that builds, trains, stores and loads models (`TRAINING_CODE`). Change any of
them and the model is trained again; change nothing and it is loaded from disk. Comments, docstrings
and the rest of the package (plots, metrics, the shape generator, whose images are hashed anyway)
are not part of the key: editing a figure does not retrain every model.

The cache lives in `$CYLINDERS_CACHE`, or `~/.cache/cylinders` when that is unset.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import os
import pathlib
import time
import warnings
from typing import Any

import keras
import numpy as np

from cylinders import saving, training

_PACKAGE = pathlib.Path(__file__).resolve().parent


def cache_dir() -> pathlib.Path:
    """The folder that holds cached models."""
    return pathlib.Path(
        os.environ.get("CYLINDERS_CACHE", pathlib.Path.home() / ".cache" / "cylinders")
    )


#: The modules whose code shapes a trained model: architecture and losses, training loop, storage.
TRAINING_CODE = ("models.py", "training.py", "saving.py", "cache.py")


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return tree


def training_code_digest() -> str:
    """A hash of the code in `TRAINING_CODE`, parsed, so that comments, docstrings and layout do not
    count."""
    digest = hashlib.sha256()
    for name in TRAINING_CODE:
        tree = _without_docstrings(ast.parse((_PACKAGE / name).read_text()))
        digest.update(name.encode() + ast.dump(tree).encode())
    return digest.hexdigest()


def full_settings(model: str, settings: dict[str, Any]) -> dict[str, Any]:
    """`settings` with `training.train_model`'s defaults filled in; an unknown setting raises
    `TypeError`."""
    try:
        bound = inspect.signature(training.train_model).bind(model, None, None, **settings)
    except TypeError as error:
        raise TypeError(f"{error}. Received settings: {sorted(settings)}") from None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    for name in (
        "model",
        "images",
        "labels",
        "verbose",
    ):  # the key holds model, images and labels apart
        arguments.pop(name)
    return arguments


def model_key(model: str, images: np.ndarray, settings: dict[str, Any], labels: Any = None) -> str:
    """The cache key of a model trained with `training.train_model(model, images, labels,
    **settings)`."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(images, dtype=np.float32).tobytes())
    if labels is not None:
        digest.update(b"labels" + np.ascontiguousarray(labels, dtype=np.int64).tobytes())
    described = {
        "model": model,
        "settings": full_settings(model, settings),
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "code": training_code_digest(),
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:24]


def replay_log(record: dict[str, Any]) -> None:
    """Prints the short training log of a cached model from its stored history, marked as a
    replay."""
    history = record["history"]
    epochs = len(next(iter(history.values())))
    every = training.log_interval(epochs)
    print(
        f"(from the cache: the log of the run that trained it, in {record['train_seconds']:.0f} s)"
    )
    for done in range(1, epochs + 1):
        if done == 1 or done % every == 0 or done == epochs:
            print(
                training.epoch_line(
                    done, epochs, {name: values[done - 1] for name, values in history.items()}
                )
            )


def cached_train(
    model: str, images: Any, labels: Any = None, **settings: Any
) -> tuple[keras.Model, dict[str, Any]]:
    """Trains `model` on `images` with `training.train_model`, or loads the result of an identical
    run.

    Args:
        model: `"ae"`, `"vae"` or `"cvae"`.
        images: training images.
        labels: the images' labels, for `"cvae"` only.
        **settings: keyword arguments of `training.train_model` (epochs, latent_dim, beta, seed,
            ...).

    Returns:
        `(model, record)`: the trained model, and a dict with its `history`, the `settings`, the
        `train_seconds` of the run that trained it, and `cached` (whether it came from disk).
    """
    images = np.asarray(images, dtype=np.float32)
    key = model_key(model, images, settings, labels)
    folder = cache_dir()
    model_path, record_path = folder / f"{model}-{key}.keras", folder / f"{model}-{key}.json"
    if model_path.exists() and record_path.exists():
        try:
            record = json.loads(record_path.read_text())
            network = saving.load_model(model_path)
            if settings.get("verbose") == "epochs":
                replay_log(record)
            return network, {**record, "cached": True}
        except (ValueError, json.JSONDecodeError) as error:
            warnings.warn(  # noqa: B028 (about the cache, not the caller's line)
                f"Retraining: the cached model {model_path} could not be read ({error})"
            )
    start = time.perf_counter()
    network, history = training.train_model(model, images, labels, **settings)
    record = {
        "history": {name: [float(value) for value in values] for name, values in history.items()},
        "settings": settings,
        "train_seconds": time.perf_counter() - start,
        "backend": keras.backend.backend(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    partial = model_path.with_suffix(f".{os.getpid()}.partial.keras")
    network.save(partial)
    os.replace(partial, model_path)  # a crash never leaves a half-written model under the real name
    record_path.write_text(json.dumps(record, default=str))
    return network, {**record, "cached": False}
