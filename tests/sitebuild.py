"""Building the site in a copy of the project, in fast mode, for the site and browser tests."""

import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: The backend the site is built with (the noxfile's default), and the suite's when unset.
SITE_BACKEND = "tensorflow"


def on_site_backend() -> bool:
    """Whether this suite runs on the site's backend (the tests of the site run there only)."""
    return os.environ.get("KERAS_BACKEND", SITE_BACKEND) == SITE_BACKEND


def copy_project(target: pathlib.Path) -> pathlib.Path:
    ignore = shutil.ignore_patterns(
        ".git", ".nox", "site", "generated", "__pycache__", "*.ipynb", ".cache"
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def build(project: pathlib.Path, cache: pathlib.Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CYLINDERS_FAST": "1",
        "CYLINDERS_CACHE": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
        "KERAS_BACKEND": SITE_BACKEND,
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
