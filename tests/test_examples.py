"""Every example script runs as a reader would run it (`python examples/NN_name.py`), in fast mode."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples").glob("[0-9][0-9]_*.py"))
EXPECTED = {
    "01_cylinders": ["cylinders.png", "factors.png", "shapes.png"],
    "02_autoencoder": ["network.png", "latent_grid.png", "latent_space.png", "autoencoder.keras"],
    "03_vae": [
        "network.png",
        "latent_grid.png",
        "latent_space.png",
        "latent_cdf.png",
        "latent_histograms.png",
        "vae.keras",
    ],
    "04_morph": ["morph_same_type.gif", "morph_same_type.png", "morph_across_types.gif"],
    "05_beta": ["beta_tradeoff.png", "beta_samples.png", "beta_curves.png"],
    "06_third_dimension": ["data.png", "traversals.png", "correlations.png", "vae_3d.keras"],
    "07_other_shapes": [
        "latent_shapes.png",
        "cylinder_to_sphere.png",
        "cylinder_to_sphere.gif",
        "cylindrical_sphere.png",
        "vae_shapes.keras",
    ],
    "08_evidence": ["crevasse.png", "latent_diagnostics.png"],
    "09_explorer": ["atlas.json", "atlas_ae.png", "atlas_vae.png"],
    "10_conditional": [
        "prior_samples.png",
        "latent_grid_0.png",
        "latent_grid_1.png",
        "label_switch.gif",
        "latent_space.png",
        "cvae.keras",
    ],
}


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("model-cache")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_example_runs_and_writes_its_figures(script, tmp_path, model_cache):
    env = {
        **os.environ,
        "CYLINDERS_FAST": "1",
        "CYLINDERS_OUTPUT": str(tmp_path),
        "MPLBACKEND": "Agg",
        "CYLINDERS_CACHE": str(model_cache),
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert results, "results.json is empty"
    for name in EXPECTED.get(script.stem, []):
        assert (tmp_path / name).stat().st_size > 0, name


def test_every_example_is_short_and_follows_the_layout():
    for script in SCRIPTS:
        source = script.read_text()
        assert source.startswith('"""'), f"{script.name} has no title docstring"
        assert "# %%" in source, f"{script.name} is not in percent format"
        assert "## What to notice" in source, f"{script.name} has no closing cell"
        code_lines = [
            line
            for line in source.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        assert len(code_lines) <= 300, f"{script.name} has {len(code_lines)} lines of code"
