"""Where to take latent points from: prior samples, fitted densities, grids and straight paths.

An autoencoder gives no rule for where to sample; a VAE builds one into training (its prior N(0,
I)). This module draws latent points the ways the article compares:

- `"normal"`: from N(0, I), the VAE's prior (no embeddings needed);
- `"box"`: uniformly inside the bounding box of the training codes;
- `"gaussian"`: from one Gaussian fitted to the codes (their mean and covariance);
- `"mixture"`: from a Gaussian mixture fitted to the codes after training (the "ex-post density" of
  Ghosh et al., 2020), its number of components chosen by the Bayesian information criterion (BIC)
  unless given.

NumPy (and scikit-learn for the mixture) only: no Keras here.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Any

import numpy as np

from cylinders.checks import check_integer

#: Ways to draw latent points, for `latent_samples`.
SAMPLING_METHODS = ("normal", "box", "gaussian", "mixture")
#: The largest mixture `fit_mixture` tries when it chooses the number of components by BIC.
MAX_COMPONENTS = 10


def _check_embeddings(embeddings: Any, method: str) -> np.ndarray:
    if embeddings is None:
        raise ValueError(
            f"method={method!r} fits the training codes: pass `embeddings`. "
            "Received: embeddings=None"
        )
    embeddings = np.asarray(embeddings, dtype=np.float64)
    if embeddings.ndim != 2 or len(embeddings) < 2:
        raise ValueError(
            f"`embeddings` must have shape (n, latent_dim) with n >= 2. "
            f"Received: embeddings.shape={embeddings.shape}"
        )
    return embeddings


def fit_mixture(
    embeddings: Any,
    n_components: int | None = None,
    *,
    max_components: int = MAX_COMPONENTS,
    random_state: int = 0,
) -> Any:
    """Fits a Gaussian mixture (full covariances) to latent codes, with scikit-learn.

    Args:
        embeddings: `(n, latent_dim)` codes of the training set (the VAE's means).
        n_components: number of Gaussians; `None` chooses it by BIC among 1 to `max_components`
            (the lowest BIC wins: the likelihood, penalised by the number of parameters).
        max_components: the largest number tried when `n_components` is `None`.
        random_state: seed of the fit's initialisation.

    Returns:
        The fitted `sklearn.mixture.GaussianMixture`; `n_components` says how many it has.
    """
    from sklearn.mixture import GaussianMixture

    embeddings = _check_embeddings(embeddings, "mixture")
    for name, value in (("n_components", n_components), ("max_components", max_components)):
        if value is not None:
            check_integer(value, name)
    candidates = [n_components] if n_components is not None else range(1, max_components + 1)
    best, best_bic = None, np.inf
    for count in candidates:
        if count > len(embeddings):
            break
        mixture = GaussianMixture(
            count, covariance_type="full", n_init=2, random_state=random_state
        )
        bic = mixture.fit(embeddings).bic(embeddings)
        if bic < best_bic:
            best, best_bic = mixture, bic
    return best


def latent_samples(
    method: str,
    n_samples: int,
    embeddings: Any = None,
    *,
    latent_dim: int | None = None,
    n_components: int | None = None,
    random_state: Any = None,
) -> np.ndarray:
    """Draws latent points to decode.

    Args:
        method: one of `SAMPLING_METHODS` (see the module's docstring).
        n_samples: number of points.
        embeddings: `(n, latent_dim)` training codes; needed by every method but `"normal"`.
        latent_dim: for `"normal"` without embeddings, the dimension of the points.
        n_components: for `"mixture"`, the number of Gaussians (`None`: chosen by BIC).
        random_state: seed or `numpy.random.Generator`.

    Returns:
        float32 array `(n_samples, latent_dim)`.
    """
    if method not in SAMPLING_METHODS:
        raise ValueError(f"`method` must be one of {SAMPLING_METHODS}. Received: method={method!r}")
    rng = np.random.default_rng(random_state)
    if method == "normal":
        if latent_dim is None:
            if embeddings is None:
                raise ValueError(
                    "method='normal' needs `latent_dim` (or `embeddings` to read it from). "
                    "Received: latent_dim=None"
                )
            latent_dim = np.shape(embeddings)[1]
        return rng.standard_normal((n_samples, latent_dim)).astype(np.float32)
    embeddings = _check_embeddings(embeddings, method)
    dims = embeddings.shape[1]
    if method == "box":
        points = rng.uniform(embeddings.min(axis=0), embeddings.max(axis=0), size=(n_samples, dims))
    elif method == "gaussian":
        covariance = np.atleast_2d(np.cov(embeddings, rowvar=False))
        points = rng.multivariate_normal(embeddings.mean(axis=0), covariance, size=n_samples)
    else:
        return sample_mixture(fit_mixture(embeddings, n_components), n_samples, random_state=rng)
    return points.astype(np.float32)


def sample_mixture(mixture: Any, n_samples: int, *, random_state: Any = None) -> np.ndarray:
    """Draws latent points from a fitted mixture (`fit_mixture`), in random order.

    Args:
        mixture: a fitted `sklearn.mixture.GaussianMixture` with full covariances.
        n_samples: number of points.
        random_state: seed or `numpy.random.Generator`.

    Returns:
        float32 array `(n_samples, latent_dim)`.
    """
    rng = np.random.default_rng(random_state)
    # Each point's component first, then the point: z = mean_k + L_k ε, L_k L_kᵀ = covariance_k.
    components = rng.choice(mixture.n_components, size=n_samples, p=mixture.weights_)
    factors = np.linalg.cholesky(mixture.covariances_)  # (k, dims, dims)
    noise = rng.standard_normal((n_samples, mixture.means_.shape[1], 1))
    points = mixture.means_[components] + (factors[components] @ noise)[..., 0]
    return points.astype(np.float32)


def latent_grid(num_per_side: int) -> np.ndarray:
    """A square grid of 2-D latent points at the quantiles of N(0, 1), for decoding into a mosaic.

    The coordinates are the quantiles (i + 1) / (num_per_side + 1) of N(0, 1): each row and each
    column holds the same prior mass (the quantiles of 0 and 1 are infinite, so the ends are left
    out). Rows run from the top (largest second coordinate) down, as an image is read.

    Args:
        num_per_side: points per row and per column.

    Returns:
        float32 array `(num_per_side ** 2, 2)`.
    """
    num_per_side = check_integer(num_per_side, "num_per_side")
    quantiles = np.arange(1, num_per_side + 1) / (num_per_side + 1)
    coordinates = np.array([NormalDist().inv_cdf(q) for q in quantiles])
    return np.array([[x, y] for y in coordinates[::-1] for x in coordinates], dtype=np.float32)


def interpolate(start: Any, end: Any, num_frames: int) -> np.ndarray:
    """Points on the straight line from `start` to `end` in latent space, both ends included.

    Args:
        start: `(latent_dim,)` point, or `(num_paths, latent_dim)` points for a batch of paths.
        end: same shape as `start`.
        num_frames: points per path.

    Returns:
        float32 array `(num_frames, latent_dim)`, or `(num_paths, num_frames, latent_dim)` for a
        batch.
    """
    start, end = np.asarray(start, np.float32), np.asarray(end, np.float32)
    if start.shape != end.shape or start.ndim not in (1, 2):
        raise ValueError(
            f"`start` and `end` must have one shape, (latent_dim,) or (num_paths, latent_dim). "
            f"Received: start.shape={start.shape}, end.shape={end.shape}"
        )
    weights = np.linspace(0.0, 1.0, num_frames, dtype=np.float32)[:, None]  # (num_frames, 1)
    if start.ndim == 1:
        return (1.0 - weights) * start + weights * end
    return (1.0 - weights) * start[:, None, :] + weights * end[:, None, :]
