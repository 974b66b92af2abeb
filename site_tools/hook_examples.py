"""MkDocs hook: runs the examples before the build and writes the notebooks made from them.

`on_pre_build` runs `run_examples.run_all()` (unchanged examples are skipped; a failing one stops
the build with its name and error), then writes, for each example and language:

- the notebook its page is rendered from (`pages.notebook_page`: text cells translated by
  `translate.py`, figures with words in the page's language), which `hook_notebook_pages.py` turns
  into a page;
- the notebook a reader downloads (`docs/generated/NN_name/NN_name-<language>.ipynb`): the same
  without outputs, with a first cell that installs the package.
"""

from __future__ import annotations

import logging
import pathlib

import pages
import run_examples
import translate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.cylinders")


def install_cell(command: str):
    """The notebook cell that installs the package when it is missing (a downloaded notebook)."""
    import nbformat

    source = (
        "# Installs the cylinders package when this notebook runs where it is missing.\n"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("cylinders") is None:\n'
        f"    %{command}"
    )
    return nbformat.v4.new_code_cell(source)


def _write_if_changed(target: pathlib.Path, text: str) -> None:
    if not target.exists() or target.read_text() != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def on_pre_build(config: MkDocsConfig) -> None:
    try:
        run_examples.run_all(log=log.info)
    except run_examples.ExampleError as error:
        raise PluginError(str(error)) from None
    import nbformat

    for script in run_examples.example_scripts():
        folder = run_examples.GENERATED / script.stem
        notebook = nbformat.read(folder / f"{script.stem}.ipynb", as_version=4)
        for language in pages.LANGUAGES:
            try:
                page = translate.translate_notebook(notebook, script.stem, language, folder)
            except translate.TranslationError as error:
                raise PluginError(str(error)) from None
            _write_if_changed(pages.notebook_page(script.stem, language), nbformat.writes(page))
            download = nbformat.from_dict(page)
            download.cells.insert(1, install_cell(pages.install_command(config)))
            for cell in download.cells:  # a fresh notebook for the reader to run
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            # `NN-fr.ipynb`, not `NN.fr.ipynb`: static-i18n takes a `.fr.` file for a translation
            # and publish it under the name without its suffix.
            _write_if_changed(folder / f"{script.stem}-{language}.ipynb", nbformat.writes(download))
