"""The footer's build line: what built the site, said once per page."""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
import hook_downloads  # noqa: E402


@pytest.mark.parametrize("copyright", [None, "© The authors"])
def test_the_build_line_is_written_once_however_many_languages_build(copyright):
    config = {"copyright": copyright}
    for _language in ("fr", "en"):  # mkdocs-static-i18n builds again with the same configuration
        config = hook_downloads.on_config(config)
    assert config["copyright"].count("cylinders · commit") == 1
    assert config["copyright"].startswith(copyright or "cylinders · commit")
