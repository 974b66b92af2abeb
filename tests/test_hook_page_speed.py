"""What an example page carries: its stylesheets in its head, only the Jupyter CSS it uses."""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
pytest.importorskip("tinycss2")
import hook_page_speed  # noqa: E402

PAGE = (
    '<html><head><link rel="stylesheet" href="main.css"><style id="theme">a{}</style></head>'
    '<body><div class="md-content"><style type="text/css">.jupyter-wrapper .jp-Cell{margin:0}'
    ".jupyter-wrapper .jp-Unused{margin:1px}</style>"
    '<div class="jupyter-wrapper"><div class="jp-Cell">x</div></div>'
    "<style>.jupyter-wrapper .jp-Cell{padding:0}</style>"
    "<pre>&lt;style&gt;</pre></div></body></html>"
)


def test_an_example_page_keeps_the_css_it_uses_in_its_head_in_order():
    output = hook_page_speed.lighten_example_page(PAGE)
    head, body = output.split("</head>")
    assert "<style" not in body and "&lt;style&gt;" in body
    assert head.index('id="theme"') < head.index("jp-Cell{margin:0}") < head.index("padding:0")
    assert "jp-Unused" not in output
