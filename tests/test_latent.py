"""Latent points: prior samples, fitted densities, grids and paths (NumPy and scikit-learn only)."""

from statistics import NormalDist

import numpy as np
import pytest

from cylinders import latent


@pytest.fixture
def two_clusters(rng):
    """Codes in two tight, well-separated clusters: the mixture's known answer is two components."""
    left = rng.normal([-3.0, 0.0], 0.2, size=(300, 2))
    right = rng.normal([3.0, 1.0], 0.2, size=(100, 2))
    return np.concatenate([left, right])


def test_normal_samples_need_no_embeddings():
    points = latent.latent_samples("normal", 5000, latent_dim=3, random_state=0)
    assert points.shape == (5000, 3) and points.dtype == np.float32
    assert np.abs(points.mean(axis=0)).max() < 0.05 and np.abs(points.std(axis=0) - 1).max() < 0.05


def test_box_and_gaussian_follow_the_codes(two_clusters):
    box = latent.latent_samples("box", 2000, two_clusters, random_state=0)
    assert (box >= two_clusters.min(axis=0)).all() and (box <= two_clusters.max(axis=0)).all()
    gaussian = latent.latent_samples("gaussian", 20000, two_clusters, random_state=0)
    np.testing.assert_allclose(gaussian.mean(axis=0), two_clusters.mean(axis=0), atol=0.05)


def test_bic_finds_the_two_clusters(two_clusters):
    mixture = latent.fit_mixture(two_clusters)
    assert mixture.n_components == 2
    assert latent.fit_mixture(two_clusters, n_components=3).n_components == 3


def test_mixture_samples_land_in_the_clusters_in_their_proportions(two_clusters):
    points = latent.latent_samples("mixture", 4000, two_clusters, random_state=1)
    left = points[:, 0] < 0
    assert left.mean() == pytest.approx(0.75, abs=0.03)
    np.testing.assert_allclose(points[left].mean(axis=0), [-3.0, 0.0], atol=0.05)
    np.testing.assert_allclose(points[~left].mean(axis=0), [3.0, 1.0], atol=0.05)
    assert np.abs(np.diff(points[:50, 0] < 0)).sum() > 5  # shuffled, not sorted by component


def test_latent_grid_holds_the_prior_quantiles_top_row_first():
    grid = latent.latent_grid(4)
    expected = [NormalDist().inv_cdf(q) for q in (0.2, 0.4, 0.6, 0.8)]
    np.testing.assert_allclose(grid[:4, 0], expected, rtol=1e-6)
    np.testing.assert_allclose(grid[::4, 1], expected[::-1], rtol=1e-6)


def test_interpolate_one_path_and_a_batch():
    path = latent.interpolate([0.0, 0.0], [1.0, 2.0], 5)
    np.testing.assert_allclose(path[2], [0.5, 1.0])
    batch = latent.interpolate(np.zeros((3, 2)), np.ones((3, 2)), 4)
    assert batch.shape == (3, 4, 2)
    np.testing.assert_allclose(batch[:, -1], np.ones((3, 2)))


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: latent.latent_samples("uniform", 3, np.zeros((4, 2))), "method='uniform'"),
        (lambda: latent.latent_samples("normal", 3), "latent_dim=None"),
        (lambda: latent.latent_samples("mixture", 3), "embeddings=None"),
        (lambda: latent.fit_mixture(np.zeros((4, 2)), n_components=0), "n_components=0"),
        (lambda: latent.latent_grid(0), "num_per_side=0"),
        (lambda: latent.interpolate(np.zeros(2), np.zeros(3), 4), r"end.shape=\(3,\)"),
    ],
)
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
