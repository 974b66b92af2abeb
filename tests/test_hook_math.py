"""The formulas typeset when the site is built: KaTeX's HTML in the page, a loud stop on bad TeX."""

import pathlib
import sys
from types import SimpleNamespace

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
pytest.importorskip("py_mini_racer")
import hook_math  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="article.fr.md"))


def test_inline_and_display_formulas_become_katex_html_and_the_prose_is_left_alone():
    content = (
        '<p>Soit <span class="arithmatex">\\(\\mu &lt; 1\\)</span>, alors :</p>\n'
        '<div class="arithmatex">'
        "\\[\\mathbb{E}_{q(z \\mid x)}\\left[\\log p(x \\mid z)\\right]\\]</div>"
    )
    typeset = hook_math.on_page_content(content, page=PAGE)
    assert typeset.startswith('<p>Soit <span class="arithmatex"><span class="katex">')
    assert typeset.count('class="katex-display"') == 1  # the display formula, only
    assert "\\(" not in typeset and "\\[" not in typeset  # no TeX left for a script to render
    assert "<mo>&lt;</mo>" in typeset  # the entity was read as the character it stands for
    assert "<math" in typeset  # MathML beside the HTML, for screen readers
    assert typeset.endswith("</div>") and ", alors :</p>" in typeset


def test_a_formula_katex_cannot_read_stops_the_build_naming_the_page_and_the_formula():
    content = '<p><span class="arithmatex">\\(\\frac{1}{\\undefinedmacro}\\)</span></p>'
    with pytest.raises(PluginError, match=r"article\.fr\.md.*\\\\undefinedmacro"):
        hook_math.on_page_content(content, page=PAGE)
