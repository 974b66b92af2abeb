"""MkDocs hook: what a reader can take away from an example page, and what built the site.

- `on_page_context` gives each example page its downloads (the script, the notebook in the page's
  language, the trained models), the install line and how long the example ran; the theme
  override (`overrides/main.html`) shows them above the page.
- `on_config` writes what built the site (commit, Keras version, backend) into the footer.
"""

from __future__ import annotations

import json
import subprocess
from importlib import metadata

import pages
import run_examples
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext


def build_info() -> str:
    """What built the site: the commit, the Keras version and the backend the examples ran on."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=run_examples.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        commit += "+" if git("status", "--porcelain", "--untracked-files=no") else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"cylinders · commit {commit} · Keras {metadata.version('keras')} · "
        f"{run_examples.backend()}"
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Writes what built the site into the footer (after the copyright line, if any), once: the
    i18n plugin builds the site again for each language with the same configuration."""
    info = build_info()
    copyright = (config.get("copyright") or "").split("<br>cylinders · commit")[0]
    if copyright.startswith("cylinders · commit"):
        copyright = ""
    config["copyright"] = f"{copyright}<br>{info}" if copyright else info
    return config


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    """Gives each example page its downloads (script, notebook, trained models) and its run time."""
    stem = pages.example_stem(page.file.src_uri)
    if stem is None:
        return context
    folder = run_examples.GENERATED / stem
    language = pages.page_language(page)
    words = pages.words(language, "downloads")
    root = pages.root_path(page)
    names = [f"{stem}.py", f"{stem}-{language}.ipynb"]
    names += sorted(path.name for path in folder.glob("*.keras"))
    record = json.loads((folder / "run.json").read_text())
    seconds = pages.format_number(record["seconds"], ".0f", language)
    context["downloads"] = {
        "title": words["title"],
        "links": [(name, f"{root}generated/{stem}/{name}") for name in names],
        "ran": words["ran"].format(seconds=seconds, backend=record["backend"]),
        "install": pages.install_command(config),
        "install_title": words["install"],
    }
    return context
