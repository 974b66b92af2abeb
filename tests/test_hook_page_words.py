"""Other tools' English words on the pages (anchor titles, copy buttons, alt texts), translated."""

import base64
import html
import json
import pathlib
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
import hook_page_words  # noqa: E402

STRINGS = {
    language: json.loads((ROOT / "cylinders" / "strings" / f"{language}.json").read_text())
    for language in ("en", "fr")
}


def example_page(language: str):
    source = f"examples/03_vae.{language}.ipynb"
    return types.SimpleNamespace(file=types.SimpleNamespace(src_uri=source))


def embedded(content: bytes) -> str:
    return (
        '<img alt="No description has been provided for this image" class="" '
        f'src="data:image/png;base64,{base64.b64encode(content).decode()}"/>'
    )


def test_every_figure_of_an_example_page_is_described_in_the_pages_language(tmp_path, monkeypatch):
    (tmp_path / "03_vae").mkdir()
    (tmp_path / "03_vae" / "training_curves-fr.png").write_bytes(b"courbes")
    (tmp_path / "03_vae" / "new_figure.png").write_bytes(b"a figure with no description yet")
    monkeypatch.setattr(hook_page_words.run_examples, "GENERATED", tmp_path)
    page = embedded(b"courbes") + embedded(b"a figure with no description yet")
    output = hook_page_words.on_post_page(page, example_page("fr"), {})
    assert "No description" not in output
    alt = html.escape(STRINGS["fr"]["figure_alt"]["03_vae/training_curves.png"])
    assert f'<img alt="{alt}" class="" src="data:image/png;base64,' in output
    assert 'alt="Figure tracée par cette cellule (new_figure.png)"' in output
    english = hook_page_words.on_post_page(page, example_page("en"), {})
    assert html.escape(STRINGS["en"]["figure_alt"]["03_vae/training_curves.png"]) in english


def test_anchor_titles_and_copy_buttons_speak_the_pages_language():
    page = (
        '<a class="headerlink" href="#x" title="Permanent link">¶</a>'
        '<clipboard-copy aria-label="Copy to Clipboard" for="cell-1">'
        '<span class="notice" hidden="">Copied!</span>'
    )
    french = hook_page_words.on_post_page(page, example_page("fr"), {})
    assert french == (
        '<a class="headerlink" href="#x" title="Lien permanent">¶</a>'
        '<clipboard-copy aria-label="Copier dans le presse-papiers" for="cell-1">'
        '<span class="notice" hidden="">Copié !</span>'
    )
    assert "Permanent link" in hook_page_words.on_post_page(page, example_page("en"), {})


def test_the_colour_scheme_toggles_speak_french_on_french_pages_and_the_404_page():
    toggle = '<label title="Switch to dark mode" for="__palette_1">'
    french = '<label title="Passer en mode sombre" for="__palette_1">'
    assert hook_page_words.on_post_page(toggle, example_page("fr"), {}) == french
    assert hook_page_words.on_post_page(toggle, example_page("en"), {}) == toggle
    assert hook_page_words.on_post_template(toggle, "404.html", {}) == french
    assert hook_page_words.on_post_template(toggle, "sitemap.xml", {}) == toggle
