"""MkDocs hook: each example's executed notebook becomes a page, in each language.

`hook_examples.py` writes the notebooks outside `docs/` (`pages.notebook_page`). `on_files` adds
them to the build as generated files (MkDocs 1.6's `File.generated`) of the language being built:
`examples/03_vae.fr.ipynb` published at `examples/03_vae/`, `examples/03_vae.en.ipynb` at
`en/examples/03_vae/`; mkdocs-jupyter renders them (it reads the file at `abs_src_path`).

Why after mkdocs-static-i18n (event priority -200 < -100), and why this way: i18n re-creates
every file of `docs/` as a plain file, so that a notebook there loses mkdocs-jupyter's page type and
is copied as raw source (static-i18n issue #198); for the other language, it also hands back the
default language's notebook (toolchain notes). Added after i18n has sorted the files, a generated
page is never re-created by it: each language gets its own notebook, at its own address, with the
three attributes that i18n gives its own files and that its language switcher reads (`locale`,
`locale_alternate_of`, `alternates`: the same page in each language). mkdocs-jupyter finds it by
its path (`include: ["examples/*.ipynb"]` matches `.cache/example-pages/examples/...`).
"""

from __future__ import annotations

import logging

import pages
import run_examples
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.cylinders")


class NotebookPage(File):
    """A notebook that MkDocs builds as a page (mkdocs-jupyter renders it)."""

    def is_documentation_page(self) -> bool:
        return True


def notebook_page(config: MkDocsConfig, stem: str, language: str) -> NotebookPage:
    """The page of example `stem` in `language`, at its address in the site."""
    page = NotebookPage.generated(
        config,
        f"examples/{stem}.{language}.ipynb",
        abs_src_path=str(pages.notebook_page(stem, language)),
    )
    folder = "" if language == pages.LANGUAGES[0] else f"{language}/"
    name = f"{stem}/index.html" if config["use_directory_urls"] else f"{stem}.html"
    page.dest_uri = f"{folder}examples/{name}"
    return page


@event_priority(-200)  # after mkdocs-static-i18n (-100): see the module's docstring
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language = config["theme"]["language"]
    for file in list(files):
        if pages.example_stem(file.src_uri):
            # Left in docs/examples/ by a build of an earlier version of these hooks.
            log.info(f"Ignoring docs/{file.src_uri}: example pages are generated")
            files.remove(file)
    for script in run_examples.example_scripts():
        page = notebook_page(config, script.stem, language)
        page.locale = page.locale_alternate_of = language
        page.alternates = {
            other: page if other == language else notebook_page(config, script.stem, other)
            for other in pages.LANGUAGES
        }
        files.append(page)
    return files
