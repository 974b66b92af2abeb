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


def test_carry_over_keeps_an_edited_cells_french_text_marked_for_review():
    cells = ["# Title", "Some text about `beta`.", "Closing words."]
    sections = {
        translate.cell_key("# Title"): "# Titre",
        translate.cell_key("Some text about `beta`, first version."): "Un texte sur `beta`.",
        translate.cell_key("A cell since deleted."): "Une cellule supprimée depuis.",
        translate.cell_key("Closing words."): "Mots de la fin.",
        translate.cell_key("Never translated."): f"{translate.UNTRANSLATED}\nNever translated.",
    }
    texts, dropped = translate.carry_over(sections, cells)
    assert texts[0] == "# Titre" and texts[2] == "Mots de la fin."
    old, new = (
        translate.cell_key("Some text about `beta`, first version."),
        translate.cell_key(cells[1]),
    )
    assert texts[1] == (
        f"<!-- REVIEW: the English cell changed (was {old}, now {new}) -->\nUn texte sur `beta`."
    )
    assert dropped == [
        translate.cell_key(text) for text in ("A cell since deleted.", "Never translated.")
    ]


def test_editing_an_english_cell_keeps_its_french_text_until_reviewed(tmp_path, monkeypatch):
    """The whole loop: edit one English cell, the build stops; `translate.py` keeps the French
    text marked for review, the build still stops and names the cell; the marker deleted, the page
    shows the French text that was kept."""
    source = SCRIPTS[1]
    translations = tmp_path / "translations"
    translations.mkdir()
    path = translations / f"{source.stem}.fr.md"
    path.write_text(translate.translation_path(source.stem, "fr").read_text())
    monkeypatch.setattr(translate, "TRANSLATIONS", translations)
    before = translate.read_translations(path)

    notebook = jupytext.read(source)
    index, cell = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "markdown"][1]
    french = before[translate.cell_key(cell.source)]
    cell.source = cell.source.replace(" ", "  ", 1)  # one character more
    script = tmp_path / source.name
    jupytext.write(notebook, script, fmt="py:percent")
    notebook = jupytext.read(script)
    key = translate.cell_key(notebook.cells[index].source)
    assert key not in before

    with pytest.raises(translate.TranslationError, match="without a finished translation"):
        translate.translate_notebook(notebook, script.stem, "fr")
    assert translate.update(script) == 1
    after = translate.read_translations(path)
    assert translate.REVIEW.search(after[key]) and after[key].endswith(french)
    assert {k: t for k, t in after.items() if k != key} == {
        k: t for k, t in before.items() if k in after and k != key
    }
    with pytest.raises(
        translate.TranslationError, match=rf"1 text cell\(s\) to review.*\n  cell {key}"
    ):
        translate.translate_notebook(notebook, script.stem, "fr")

    path.write_text(translate.REVIEW.sub("", path.read_text()))  # the review
    page = translate.translate_notebook(notebook, script.stem, "fr")
    assert page.cells[index].source == french
    assert translate.update(script) == 0
