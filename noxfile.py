"""Project tasks: `nox -s tests` (every backend), `nox -s docs` (the site), `nox -s bench` (speed)."""

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]

PYTHON = "3.11"
BACKENDS = ("jax", "tensorflow", "torch")
# Exact versions of the three backends, so that the tests see what the article was built with.
# torch 2.13.0 is the CPU build (on Python 3.11 this machine's pip finds it locally).
BACKEND_PACKAGES = ["jax==0.10.2", "jaxlib==0.10.2", "tensorflow-cpu==2.21.0", "torch==2.13.0"]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Runs the test suite once per Keras backend (`nox -s tests -- torch` runs one)."""
    session.install("-e", ".[test]", *BACKEND_PACKAGES)
    backends = session.posargs or BACKENDS
    unknown = sorted(set(backends) - set(BACKENDS))
    if unknown:
        session.error(f"Unknown backend(s) {unknown}; choose among {list(BACKENDS)}")
    for backend in backends:
        session.log(f"KERAS_BACKEND={backend}")
        session.run("pytest", "-q", env={"KERAS_BACKEND": backend})
