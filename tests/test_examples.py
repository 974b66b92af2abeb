"""Every example writes what it says, in fast mode: on the site's backend, checked in what the site
fixture's build ran (each script in a kernel, as its page shows it: run once per suite, not twice);
on the others, 10 runs as a reader runs it (`python examples/10_conditional.py`), and 03 from the
installed wheel (test_packaging.py)."""

import json
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
from sitebuild import SITE_BACKEND, on_site_backend

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples").glob("[0-9][0-9]_*.py"))
#: What each example must write, besides its results.json. A new example needs its entry here.
EXPECTED = {
    "01_cylinders": ["cylinders.png", "factors.png", "shapes.png"],
    "02_autoencoder": [
        "network.png",
        "network-fr.png",
        "latent_grid.png",
        "latent_space.png",
        "validity_check.png",
        "validity_check-fr.png",
        "autoencoder.keras",
    ],
    "03_vae": [
        "network.png",
        "network-fr.png",
        "latent_grid.png",
        "latent_space.png",
        "latent_cdf.png",
        "latent_cdf-fr.png",
        "latent_histograms.png",
        "latent_histograms-fr.png",
        "training_curves.png",
        "training_curves-fr.png",
        "reconstructions.png",
        "reconstructions-fr.png",
        "vae.keras",
    ],
    "04_morph": ["morph_same_type.gif", "morph_same_type.png", "morph_across_types.gif"],
    "05_beta": [
        "beta_tradeoff.png",
        "beta_tradeoff-fr.png",
        "beta_samples.png",
        "beta_samples-fr.png",
        "collapse.png",
        "collapse-fr.png",
        "beta_curves.png",
        "beta_curves-fr.png",
    ],
    "06_third_dimension": [
        "data.png",
        "traversals.png",
        "correlations.png",
        "correlations-fr.png",
        "vae_3d.keras",
    ],
    "07_other_shapes": [
        "latent_shapes.png",
        "latent_shapes-fr.png",
        "cylinder_to_sphere.png",
        "cylinder_to_sphere.gif",
        "cylindrical_sphere.png",
        "vae_shapes.keras",
    ],
    "08_evidence": [
        "crevasse.png",
        "crevasse-fr.png",
        "latent_diagnostics.png",
        "latent_diagnostics-fr.png",
        "prior_samples_largest.png",
    ],
    "09_explorer": [
        "atlas.json",
        "atlas_ae.png",
        "atlas_vae.png",
        "atlas_cvae_0.png",
        "atlas_cvae_1.png",
    ],
    "10_conditional": [
        "prior_samples.png",
        "latent_grid_0.png",
        "latent_grid_1.png",
        "label_switch.gif",
        "latent_space.png",
        "cvae.keras",
    ],
}


def check_output(path: pathlib.Path) -> None:
    """An output is what its name says: a picture with something drawn, an animation, a model."""
    assert path.exists(), f"{path.name} was not written"
    if path.suffix in (".png", ".gif"):
        import imageio.v3 as iio

        frames = iio.imread(path, index=None)
        if path.suffix == ".gif":
            assert frames.shape[0] > 1, f"{path.name} is not animated"
        assert min(frames.shape[-3:-1] if frames.ndim == 4 else frames.shape[:2]) >= 64, path.name
        if not path.name.startswith("atlas_"):  # a sprite of 2-epoch decodings may be all paper
            assert np.asarray(frames).std() > 0, f"{path.name} is blank"
    elif path.suffix == ".keras":
        from cylinders import load_model

        assert load_model(path).latent_dim >= 1
    elif path.suffix == ".json":
        assert json.loads(path.read_text()), f"{path.name} is empty"


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("model-cache")


def fast_environment(output: pathlib.Path, model_cache: pathlib.Path) -> dict[str, str]:
    return {
        **os.environ,
        "CYLINDERS_FAST": "1",
        "CYLINDERS_OUTPUT": str(output),
        "MPLBACKEND": "Agg",
        "CYLINDERS_CACHE": str(model_cache),
    }


def test_every_example_has_its_expected_outputs_listed():
    assert sorted(EXPECTED) == [script.stem for script in SCRIPTS]


#: The examples that run as scripts on the other backends too. The model code is tested on every
#: backend in test_models.py, and 10 runs the whole pipeline (AE, VAE, CVAE, measures, figures)
#: through it; 03 runs from the installed wheel, copied alone into an empty folder, on every backend
#: (test_packaging.py). Running all ten three times would double the suite's time.
EVERY_BACKEND = ("10_conditional",)


def _site_outputs(request, stem: str) -> pathlib.Path:
    """What the site fixture's build wrote for one example: the same script, in the same fast
    mode, on the site's backend, run once per suite (`tests/sitebuild.py`) rather than twice."""
    project = request.getfixturevalue("site").parent
    return project / "docs" / "generated" / stem


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_example_runs_and_writes_its_figures(script, tmp_path, model_cache, request):
    """On the site's backend every example is checked in what the site build ran (in a kernel,
    as its page shows it); on the others, `EVERY_BACKEND` run as a reader runs them, `python
    examples/NN_name.py`."""
    if on_site_backend():
        outputs = _site_outputs(request, script.stem)
    elif script.stem in EVERY_BACKEND:
        env = {**fast_environment(tmp_path, model_cache), "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=900
        )
        assert result.returncode == 0, result.stderr[-3000:]
        outputs = tmp_path
    else:
        pytest.skip(
            f"on {os.environ['KERAS_BACKEND']}, {', '.join(EVERY_BACKEND)} run here and 03 from "
            f"the wheel; every example runs on {SITE_BACKEND}"
        )
    check_output(outputs / "results.json")
    for name in EXPECTED[script.stem]:
        check_output(outputs / name)


def test_examples_need_no_notebook_to_run():
    """The site runs each example in a Jupyter kernel; a reader runs it with `python`. Nothing in
    a script may need the kernel: no magic, no shell escape, no `display`, no `get_ipython`."""
    for script in SCRIPTS:
        for number, line in enumerate(script.read_text().splitlines(), 1):
            code = line.split("#", 1)[0] if not line.lstrip().startswith("# %") else ""
            assert not re.match(r"\s*[%!]", line), f"{script.name}:{number}: {line}"
            assert not re.search(r"\b(display|get_ipython)\(", code), (
                f"{script.name}:{number} needs a notebook: {line}"
            )


def test_every_example_opens_on_a_title_cell_and_closes_on_what_to_notice():
    for script in SCRIPTS:
        source = script.read_text()
        assert source.startswith("# %% [markdown]\n# # "), f"{script.name}: no markdown title cell"
        assert "## What to notice" in source.rsplit("# %%", 1)[-1], (
            f"{script.name}: no closing cell"
        )
        assert "KERAS_BACKEND" not in source, f"{script.name} chooses the reader's backend"
        assert max(len(line) for line in source.splitlines()) <= 100, f"{script.name}: long line"
