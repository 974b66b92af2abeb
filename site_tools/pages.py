"""What the site's hooks share about a page: its language, its words, how it writes a number, its
path to the site's root, and the line that installs the package.

The words come from `cylinders/strings/<language>.json`, the one file per language that holds every
word the tooling writes into pages and figures. They are read by path: the tooling imports nothing
from the package (building the site needs no Keras).
"""

from __future__ import annotations

import functools
import json
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
STRINGS = ROOT / "cylinders" / "strings"
#: The site's languages; the first is the default, published at `/`, the other under `/en/`.
LANGUAGES = ("fr", "en")


@functools.cache
def _strings(language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"`language` must be one of {LANGUAGES}. Received: language={language!r}")
    return json.loads((STRINGS / f"{language}.json").read_text(encoding="utf-8"))


def words(language: str, section: str) -> dict:
    """The words of one part of the site (`"explorer"`, `"downloads"`, ...) in `language`."""
    return _strings(language)[section]


def page_language(page) -> str:
    """The language of a page, from its source's suffix (`article.en.md`, `03_vae.en.ipynb`)."""
    suffixes = pathlib.PurePosixPath(page.file.src_uri).suffixes
    return "en" if ".en" in suffixes else "fr"


def example_stem(src_uri: str) -> str | None:
    """The example a source is the page of (`"03_vae"` for `examples/03_vae.en.ipynb`), or None
    for a source that is no example page."""
    if src_uri.startswith("examples/") and src_uri.endswith(".ipynb"):
        return src_uri.split("/")[-1].split(".")[0]
    return None


def format_number(value, spec: str | None, language: str) -> str:
    """Formats a measured number: a minus sign (U+2212) for a negative one; French gets a decimal
    comma and a thin space before `%`."""
    text = format(value, spec) if spec else str(value)
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",").replace("%", "\u202f%")
    return text


def root_path(page) -> str:
    """The relative path from a page to the site's root, where the shared `generated/` folder lives.

    An English page's URL already starts with `en/` (mkdocs-static-i18n), so its depth counts that
    folder.
    """
    return "../" * page.url.count("/")


def install_command(config) -> str:
    """The one line that installs the package with a backend.

    From PyPI once it is released there (`extra.pypi_released: true` in mkdocs.yml, the one setting
    a maintainer changes); before that, from the repository the site is built from, which GitHub
    Actions names in `GITHUB_REPOSITORY`; in a local build, from the clone itself.
    """
    if config.get("extra", {}).get("pypi_released"):
        return 'pip install "cylinders[tensorflow]"'
    repository = os.environ.get("GITHUB_REPOSITORY")
    if repository:
        return f'pip install "cylinders[tensorflow] @ git+https://github.com/{repository}"'
    return 'pip install -e ".[tensorflow]"'


def notebook_page(stem: str, language: str) -> pathlib.Path:
    """Where the build keeps the notebook an example page is rendered from (outside `docs/`, so
    that `mkdocs serve` does not see it change, and mkdocs-static-i18n leaves it alone)."""
    return ROOT / ".cache" / "example-pages" / "examples" / f"{stem}.{language}.ipynb"
