"""Shared fixtures. The Keras backend comes from KERAS_BACKEND, as in Keras's own test suite."""

import os

import numpy as np
import pytest

# The suite's default backend is the site's; `nox -s tests` sets each backend in turn.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@pytest.fixture(scope="session")
def cylinders_data():
    from cylinders import make_cylinders

    return make_cylinders(64, random_state=0)


@pytest.fixture(scope="session")
def trained_vae(cylinders_data):
    """A tiny VAE trained for a few steps: enough to check plumbing, not quality."""
    from cylinders import training

    images, _ = cylinders_data
    model, history = training.train_model(
        "vae", images, epochs=2, batch_size=32, filters=(4, 4, 8, 8), seed=1
    )
    return model, history.history


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site built once, in fast mode, in a copy of the project (the real docs/generated is
    untouched)."""
    from sitebuild import build, copy_project

    project = copy_project(tmp_path_factory.mktemp("project") / "cylinders")
    result = build(project, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr[-5000:]
    return project / "site"
