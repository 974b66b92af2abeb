"""The search index of an example page: its text and code once each, no prompts, no copy notice."""

import pathlib
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
search_plugin = pytest.importorskip("material.plugins.search.plugin")
import hook_search_index  # noqa: E402

#: A code cell and its output as mkdocs-jupyter writes them (abridged), with the cell's copy
#: button.
CELL = (
    '<div class="jp-InputArea jp-Cell-inputArea">'
    '<div class="jp-InputPrompt jp-InputArea-prompt">In&nbsp;[1]:</div>'
    '<div class="zeroclipboard-container"><clipboard-copy role="button" for="cell-1"><div>'
    '<span class="notice" hidden="">Copied!</span></div></clipboard-copy></div>'
    '<div class="highlight-ipynb"><pre><span></span>images = make_cylinders(1000)\n</pre></div>'
    '<div class="clipboard-copy-txt" id="cell-1">images = make_cylinders(1000)\n</div></div>'
    '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>'
    "<div><pre>epoch 1/50 loss 1682.6</pre></div>"
    "<p>Les cylindres couchés</p>"
)


def indexed_text(content: str) -> str:
    parser = search_plugin.Parser()
    parser.feed(content)
    parser.close()
    return " ".join("".join(section.text) for section in parser.data)


def test_the_index_holds_each_cells_code_once_and_no_prompt_nor_notice():
    before = indexed_text(CELL)
    assert "In" in before and "Copied!" in before and before.count("make_cylinders") == 2
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="examples/01_cylinders.ipynb"))
    after = indexed_text(hook_search_index.on_page_content(CELL, page=page))
    assert "In\u00a0[1]" not in after and "In&nbsp;[1]" not in after and "Copied" not in after
    assert after.count("make_cylinders(1000)") == 1
    assert "epoch 1/50 loss 1682.6" in after and "Les cylindres couchés" in after


def test_pages_other_than_notebooks_are_left_as_they_are():
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="article.fr.md"))
    assert hook_search_index.on_page_content(CELL, page=page) is CELL
