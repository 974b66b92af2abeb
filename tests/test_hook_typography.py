"""French spacing on French pages, numbers kept with their units on every page: in the text, never
in entities, code, math or the reference."""

import html
import pathlib
import re
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
import hook_typography  # noqa: E402

NBSP, NNBSP = "\u00a0", "\u202f"


def test_french_typography_spaces_text_but_not_code_or_math():
    page = (
        "<p>Mesure : « oui » ; 1 000 points ? <code>a : b</code> "
        '<span class="arithmatex">\\(x ; y\\)</span> <a href="p?q=1">lien</a></p>'
    )
    assert hook_typography.french_typography(page) == (
        f"<p>Mesure{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; 1{NNBSP}000 points{NNBSP}? <code>a : b</code> "
        '<span class="arithmatex">\\(x ; y\\)</span> <a href="p?q=1">lien</a></p>'
    )


def test_french_typography_leaves_the_english_package_reference_alone():
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="reference.fr.md"))
    api = '<div class="doc doc-object doc-module"><div><p>in pixels; or not?</p></div></div>'
    output = hook_typography.on_post_page(f"<p>Mesure : oui</p>{api}<p>Fin ; oui</p>", page, {})
    assert output == f"<p>Mesure{NBSP}: oui</p>{api}<p>Fin{NNBSP}; oui</p>"


#: Code as a notebook page shows it (highlighted by Pygments), as Markdown does, and as a copy
#: button copies it.
CODE = (
    '<div class="highlight"><pre><span></span><span class="k">if</span> '
    '<span class="nb">abs</span><span class="p">(</span>value<span class="p">)</span> '
    '<span class="o">&lt;</span> <span class="mf">0.6</span> : <span class="c1"># « a » ; b ?'
    " c !</span>\n</pre></div>"
    '<pre><code>print("Var(μ) &gt; 0.01 ; &amp; done !")\n</code></pre>'
    '<div class="clipboard-copy-txt" id="cell-3">'
    'color = "white" if abs(value) &lt; 0.6 else "black"  # dark cells ; light ones ?\n</div>'
)


def test_french_typography_never_breaks_an_entity_nor_code():
    page = (
        "<p>Si Var(μ) &gt; 0,01 &amp; x &lt; y : « oui » ; sinon ? &laquo; non &raquo; !</p>" + CODE
    )
    output = hook_typography.french_typography(page)
    assert output == (
        f"<p>Si Var(μ) &gt; 0,01 &amp; x &lt; y{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; sinon{NNBSP}? "
        f"«{NBSP}non{NBSP}»{NNBSP}!</p>" + CODE
    )
    assert not re.search(r"&#?\w+[\s\u00a0\u202f]+;", output)  # `&gt ;`: the defect of 2991d04
    text = html.unescape(re.sub(r"<[^>]+>", "", output.split("</p>", 1)[1]))
    assert "if abs(value) < 0.6 : # « a » ; b ? c !" in text  # what the copy button copies
    assert 'print("Var(μ) > 0.01 ; & done !")' in text
    assert 'if abs(value) < 0.6 else "black"  # dark cells ; light ones ?' in text


def test_english_pages_keep_their_punctuation_and_their_units_on_the_line():
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="examples/03_vae.en.ipynb"))
    english = "<p>Note: yes; really? 1,798 s and 205 kB, 3 seconds.</p><code>t = 2 s</code>"
    assert hook_typography.on_post_page(english, page, {}) == (
        f"<p>Note: yes; really? 1,798{NBSP}s and 205{NBSP}kB, 3 seconds.</p><code>t = 2 s</code>"
    )


def test_a_number_keeps_its_unit_on_its_line():
    text = "en 2,5 s, 30 % et 1,2 Mo ; 1 000 ms ; 5 sur 10, 3 secondes, 4 GFLOP/s, 64 px"
    assert hook_typography.french_spacing(text) == (
        f"en 2,5{NBSP}s, 30{NBSP}% et 1,2{NBSP}Mo{NNBSP}; 1{NNBSP}000{NBSP}ms{NNBSP}; 5 sur 10, "
        f"3 secondes, 4{NBSP}GFLOP/s, 64{NBSP}px"
    )
