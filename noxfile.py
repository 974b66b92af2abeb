"""Project tasks: `nox -s tests` (every backend), `nox -s docs` (the site), `nox -s bench` (speed).

Virtual environments are kept between runs and reinstalled only when their requirements change, so
that a warm `nox -s docs` spends its time on the site, not on pip.
"""

import hashlib
import os
import pathlib

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]

PYTHON = "3.11"
ROOT = pathlib.Path(__file__).parent
BACKENDS = ("jax", "tensorflow", "torch")
# Exact versions of the three backends, so that the tests see what the article was built with.
# torch 2.13.0 is the CPU build (on Python 3.11 this machine's pip finds it locally).
BACKEND_PACKAGES = ["jax==0.10.2", "jaxlib==0.10.2", "tensorflow-cpu==2.21.0", "torch==2.13.0"]
#: What `nox -s docs` adds to its environment for a backend other than TensorFlow (which
#: requirements/docs.txt holds).
EXTRA_BACKEND_PACKAGES = {
    "jax": ["jax==0.10.2", "jaxlib==0.10.2"],
    "tensorflow": [],
    "torch": ["torch==2.13.0"],
}
# The backend the site is built with: the fastest measured for this workload (see the benchmark
# page).
DEFAULT_BACKEND = "tensorflow"


def install_once(session: nox.Session, *requirements: str, name: str = "installed") -> None:
    """Installs requirements unless this environment already has exactly these (and
    pyproject.toml); `name` tells apart several installs into one environment."""
    digest = hashlib.sha256(" ".join(requirements).encode())
    for file in ("pyproject.toml", "requirements/docs.txt"):
        digest.update((ROOT / file).read_bytes())
    marker = pathlib.Path(session.virtualenv.location) / f".{name}"
    if marker.exists() and marker.read_text() == digest.hexdigest():
        session.log("requirements unchanged, nothing to install")
        return
    session.install(*requirements)
    marker.write_text(digest.hexdigest())


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Runs the test suite once per Keras backend (`nox -s tests -- torch` runs one)."""
    install_once(
        session,
        "-r",
        "requirements/docs.txt",
        *BACKEND_PACKAGES,
        "pytest==9.2.0",
        "build==1.6.1",
        "playwright==1.65.2",
        "-e",
        ".",
    )
    backends = session.posargs or BACKENDS
    unknown = sorted(set(backends) - set(BACKENDS))
    if unknown:
        session.error(f"Unknown backend(s) {unknown}; choose among {list(BACKENDS)}")
    for backend in backends:
        session.log(f"KERAS_BACKEND={backend}")
        session.run("pytest", "-q", env={"KERAS_BACKEND": backend, "NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Runs the examples that changed and builds the site into site/ (`nox -s docs -- serve`
    previews it)."""
    backend = os.environ.get("KERAS_BACKEND", DEFAULT_BACKEND)
    if backend not in BACKENDS:  # before any install: say it at once, not minutes into a build
        session.error(
            f"KERAS_BACKEND={backend!r} is not a Keras backend this site builds with; "
            f"choose one of {list(BACKENDS)}, or unset it for {DEFAULT_BACKEND}"
        )
    install_once(session, "-r", "requirements/docs.txt", "--no-deps", "-e", ".")
    if EXTRA_BACKEND_PACKAGES[backend]:  # the examples run on the reader's chosen backend
        install_once(session, *EXTRA_BACKEND_PACKAGES[backend], name=f"installed-{backend}")
    env = {"NO_MKDOCS_2_WARNING": "1", "KERAS_BACKEND": backend}
    if session.posargs[:1] == ["serve"]:
        session.run(
            "mkdocs",
            "serve",
            "--no-livereload" if "--no-livereload" in session.posargs else "--livereload",
            env=env,
        )
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs, env=env)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Re-freezes requirements/docs.txt from requirements/docs.in (run it on purpose, then
    commit)."""
    session.install("-r", "requirements/docs.in")
    frozen = session.run("pip", "freeze", "--exclude-editable", silent=True)
    header = (
        "# Exact versions for `nox -s docs`, frozen from requirements/docs.in on Python 3.11 "
        "(nox -s lock).\n"
    )
    (ROOT / "requirements" / "docs.txt").write_text(header + frozen)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measures drawing, training on every backend, the article page's weight, and the site on a
    phone with Lighthouse and axe (benchmarks/results.md)."""
    install_once(
        session,
        "-r",
        "requirements/docs.txt",
        *BACKEND_PACKAGES,
        "playwright==1.65.2",  # drives Debian's Chromium for axe-core (benchmarks/site_audit.py)
        "-e",
        ".",
    )
    session.run("python", "benchmarks/bench.py", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Checks the code with ruff: lint rules and formatting (`nox -s lint -- --fix` repairs)."""
    install_once(session, "ruff==0.17.5")
    fix = "--fix" in session.posargs
    session.run("ruff", "check", *(["--fix"] if fix else []), ".")
    session.run("ruff", "format", *([] if fix else ["--check", "--diff"]), ".")
