"""The package as a reader installs it: a wheel built by `python -m build`, installed away from the
repository, runs a copied example (on every backend: the one example run as a script on each)."""

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest
from test_examples import EXPECTED, check_output

ROOT = pathlib.Path(__file__).resolve().parents[1]
pytest.importorskip("build")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("cylinders-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_package_its_words_and_its_license(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "cylinders/models.py" in names and "cylinders/latent.py" in names
    # The words of the figures (and of the site), read by `cylinders.plots` at import.
    assert "cylinders/strings/en.json" in names and "cylinders/strings/fr.json" in names
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert not any(name.startswith(("tests/", "examples/", "site_tools/")) for name in names)


@pytest.mark.slow
def test_an_example_runs_from_the_installed_wheel(wheel, tmp_path):
    site = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheel],
        check=True,
    )
    reader = tmp_path / "reader"
    reader.mkdir()
    # The VAE example: it trains through `cylinders.article` and `cache.fit`, on the backend this
    # suite runs with (the reader's KERAS_BACKEND, or Keras's own default).
    script = shutil.copy(ROOT / "examples" / "03_vae.py", reader)
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "CYLINDERS_FAST": "1",
        "CYLINDERS_CACHE": str(tmp_path / "cache"),
        "MPLBACKEND": "Agg",
    }
    env.pop("CYLINDERS_OUTPUT", None)
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cylinders; print(cylinders.__file__, cylinders.__version__)",
        ],
        cwd=reader,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site)), where  # the wheel, not the repository's sources
    assert "0+unknown" not in where
    result = subprocess.run(
        [sys.executable, script], cwd=reader, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = reader / "outputs" / "03_vae"
    assert "epoch 2/2" in result.stdout  # the training log, one line per epoch here
    for name in ["results.json", *EXPECTED["03_vae"]]:
        check_output(outputs / name)
