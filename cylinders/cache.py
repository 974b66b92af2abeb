"""A cache of trained weights, so that rerunning an example takes seconds instead of minutes.

`cache.fit(model, x, ...)` is `model.fit(x, ...)` for a compiled model, with a memory: it stores
the trained weights and the per-epoch losses under a key, and the next identical call loads them
into `model` instead of training. Write `model.fit(...)` instead to train every time.

The key hashes everything that decides the result of the training: the model's class, its
configuration and its initial weights (so the seed that drew them counts), the optimizer's
configuration, the training data, the arguments of `fit` (epochs, batch size, shuffling), the Keras
backend and version, and the code that builds, trains and stores models (`TRAINING_CODE`, parsed,
so that comments and docstrings do not count). The data's shuffling is drawn from Keras's global
seed: the key assumes, as `training.train_model` does, that `keras.utils.set_random_seed` was
called just before the model was built.

The cache lives in `$CYLINDERS_CACHE`, or `~/.cache/cylinders` when that is unset.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pathlib
import time
import warnings
from typing import Any

import keras
import numpy as np

from cylinders import training

_PACKAGE = pathlib.Path(__file__).resolve().parent
#: The modules whose code shapes a trained model: architecture and losses, training loop, storage.
TRAINING_CODE = ("models.py", "training.py", "saving.py", "cache.py")
#: Arguments of `fit` that change what is printed, not what is learned.
_NOT_IN_KEY = ("callbacks", "verbose")
#: Keras's defaults for the arguments of `fit` that are in the key.
_FIT_DEFAULTS = {"batch_size": None, "epochs": 1, "shuffle": True}


def cache_dir() -> pathlib.Path:
    """The folder that holds cached models."""
    return pathlib.Path(
        os.environ.get("CYLINDERS_CACHE", pathlib.Path.home() / ".cache" / "cylinders")
    )


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


class CachedHistory(keras.callbacks.History):
    """What `fit` returns: the per-epoch losses in `history`, plus `seconds` (how long the run
    that trained the weights took) and `cached` (whether they were loaded from disk)."""

    def __init__(self, history: dict[str, list[float]], seconds: float, cached: bool):
        super().__init__()
        self.history, self.seconds, self.cached = history, seconds, cached


def _arrays(x: Any) -> list[np.ndarray]:
    """The arrays of `fit`'s `x`: one array, or a tuple of them (images and labels)."""
    parts = x if isinstance(x, (tuple, list)) else (x,)
    return [np.ascontiguousarray(part) for part in parts]


def fit_key(model: keras.Model, x: Any, **fit_arguments: Any) -> str:
    """The cache key of `model.fit(x, **fit_arguments)` for this compiled, untrained `model`.

    Raises:
        ValueError: when `model` is not compiled (its optimizer is part of the key).
    """
    if getattr(model, "optimizer", None) is None:
        raise ValueError(
            "`cache.fit` needs a compiled model (its optimizer is part of the cache key). "
            f"Received: an uncompiled {type(model).__name__}; call `model.compile(...)` first."
        )
    digest = hashlib.sha256()
    for array in _arrays(x):
        digest.update(f"{array.dtype}{array.shape}".encode() + array.tobytes())
    for weights in model.get_weights():
        digest.update(np.ascontiguousarray(weights).tobytes())
    arguments = {**_FIT_DEFAULTS, **fit_arguments}
    unnamed = {"name": None}  # Keras numbers the names of new objects (vae, vae_1, ...)
    described = {
        "class": f"{type(model).__module__}.{type(model).__qualname__}",
        "config": {**model.get_config(), **unnamed},
        "optimizer": {**model.optimizer.get_config(), **unnamed},
        "fit": {name: value for name, value in arguments.items() if name not in _NOT_IN_KEY},
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "code": training_code_digest(),
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:24]


def _replay(callbacks: list, history: dict[str, list[float]], seconds: float) -> None:
    """Replays the log of a cached run through the `training.EpochLog` callbacks, marked as a
    replay (other callbacks are not called: no training happened)."""
    for callback in callbacks:
        if isinstance(callback, training.EpochLog):
            callback.replay(history, seconds)


def fit(model: keras.Model, x: Any, **fit_arguments: Any) -> CachedHistory:
    """`model.fit(x, **fit_arguments)`, or the weights of the very same training loaded from the
    cache.

    Args:
        model: a compiled, untrained Keras model; trained (or loaded) in place.
        x: the training data, as for `fit`: an array, or `(images, labels)` for the conditional VAE.
        **fit_arguments: keyword arguments of `fit` (`epochs`, `batch_size`, `shuffle`,
            `callbacks`, `verbose`).

    Returns:
        A `CachedHistory`: `history` holds the per-epoch losses, as `fit`'s `History` does;
        `seconds` and `cached` say how long the training took and whether it was loaded.
    """
    key = fit_key(model, x, **fit_arguments)
    folder = cache_dir()
    name = f"{type(model).__name__.lower()}-{key}"
    weights_path, record_path = folder / f"{name}.npz", folder / f"{name}.json"
    if weights_path.exists() and record_path.exists():
        try:
            record = json.loads(record_path.read_text())
            if not model.built:  # as `fit` would have left it (saving an unbuilt model warns)
                shapes = [(None, *array.shape[1:]) for array in _arrays(x)]
                model.build(shapes[0] if len(shapes) == 1 else shapes)
            with np.load(weights_path) as stored:
                model.set_weights([stored[f"arr_{index}"] for index in range(len(stored.files))])
            _replay(fit_arguments.get("callbacks") or [], record["history"], record["seconds"])
            return CachedHistory(record["history"], record["seconds"], cached=True)
        except (ValueError, OSError, KeyError, EOFError, json.JSONDecodeError) as error:
            warnings.warn(  # noqa: B028 (about the cache, not the caller's line)
                f"Retraining: the cached weights {weights_path} could not be read ({error})"
            )
    start = time.perf_counter()
    trained = model.fit(x, **fit_arguments)
    seconds = time.perf_counter() - start
    history = {name: [float(value) for value in values] for name, values in trained.history.items()}
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{name}.{os.getpid()}.partial.npz"
    np.savez(partial, *model.get_weights())
    os.replace(partial, weights_path)  # a crash never leaves half-written weights under the key
    record = {"history": history, "seconds": seconds, "backend": keras.backend.backend()}
    record_path.write_text(json.dumps(record))
    return CachedHistory(history, seconds, cached=False)


def cached_train(
    model: str, images: Any, labels: Any = None, **settings: Any
) -> tuple[keras.Model, dict[str, Any]]:
    """`training.train_model(model, images, labels, **settings)` through `fit`: trains, or loads
    the weights of an identical run.

    Args:
        model: `"ae"`, `"vae"` or `"cvae"`.
        images: training images.
        labels: the images' labels, for `"cvae"` only.
        **settings: keyword arguments of `training.train_model` (epochs, latent_dim, beta, seed,
            verbose, ...).

    Returns:
        `(model, record)`: the trained model, and a dict with its `history`, the `settings`, the
        `train_seconds` of the run that trained it, and `cached` (whether it came from disk).
    """
    network, history = training.train_model(model, images, labels, fit=fit, **settings)
    record = {
        "history": history.history,
        "settings": settings,
        "train_seconds": history.seconds,
        "cached": history.cached,
    }
    return network, record
