"""The French example pages: every English text cell has its finished French twin, and a changed
English cell without its twin stops the build, naming the example and the cell."""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
jupytext = pytest.importorskip("jupytext")
import translate  # noqa: E402

SCRIPTS = sorted((ROOT / "examples").glob("[0-9][0-9]_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_every_text_cell_has_its_french_twin(script):
    notebook = jupytext.read(script)
    french = translate.translate_notebook(notebook, script.stem, "fr")
    pairs = [
        (english.source, translated.source)
        for english, translated in zip(notebook.cells, french.cells, strict=True)
        if english.cell_type == "markdown"
    ]
    assert pairs and all(english != text for english, text in pairs)
    assert french.cells[0].source.startswith("# ")  # the title stays a title
    code = [cell.source for cell in french.cells if cell.cell_type == "code"]
    assert code == [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_a_changed_english_cell_without_its_twin_is_named():
    script = SCRIPTS[1]
    notebook = jupytext.read(script)
    markdown = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    markdown.source += "\nOne more sentence."
    with pytest.raises(translate.TranslationError, match=rf"examples/{script.stem}\.py: 1 text"):
        translate.translate_notebook(notebook, script.stem, "fr")
    assert translate.translate_notebook(notebook, script.stem, "en") is notebook


def test_an_untranslated_section_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(translate, "TRANSLATIONS", tmp_path)
    script = SCRIPTS[0]
    assert translate.update(script) > 0  # a new file: every cell marked UNTRANSLATED
    with pytest.raises(translate.TranslationError, match="without a finished translation"):
        translate.translate_notebook(jupytext.read(script), script.stem, "fr")


def test_a_figure_with_a_french_twin_is_shown_in_french(tmp_path):
    import base64

    import nbformat

    (tmp_path / "curves.png").write_bytes(b"english figure")
    (tmp_path / "curves-fr.png").write_bytes(b"figure en francais")
    (tmp_path / "grid.png").write_bytes(b"a figure without words")
    script = SCRIPTS[1]
    notebook = jupytext.read(script)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": base64.b64encode(content).decode()}
        )
        for content in (b"english figure", b"a figure without words")
    ]
    french = translate.translate_notebook(notebook, script.stem, "fr", tmp_path)
    shown = [
        base64.b64decode(output["data"]["image/png"])
        for cell in french.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    assert shown == [b"figure en francais", b"a figure without words"]
    english = [base64.b64decode(output["data"]["image/png"]) for output in code.outputs]
    assert english == [b"english figure", b"a figure without words"]  # the original is untouched
