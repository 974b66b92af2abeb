"""Numbers the examples measured, put into the pages, and the claims the text makes about them."""

import json
import logging
import pathlib
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_tools"))
pytest.importorskip("mkdocs")
import hook_results  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

FALSE_CLAIM = "The VAE wins. <!-- claim: 03_vae:prior.validity > 03_vae:ae.validity -->"


@pytest.fixture
def measured(tmp_path, monkeypatch):
    """Example 3's results: the prior's samples 0.25 valid, the autoencoder's 0.5."""
    (tmp_path / "03_vae").mkdir()
    results = {"prior": {"validity": 0.25}, "ae": {"validity": 0.5}, "sizes": [2, 16]}
    (tmp_path / "03_vae" / "results.json").write_text(json.dumps(results))
    monkeypatch.setattr(hook_results.run_examples, "GENERATED", tmp_path)
    monkeypatch.delenv("CYLINDERS_FAST", raising=False)
    hook_results._results_cache.clear()  # forget the results read before
    yield
    hook_results._results_cache.clear()


def page(src_uri: str):
    return types.SimpleNamespace(file=types.SimpleNamespace(src_uri=src_uri), url="article/")


@pytest.mark.parametrize("backend", ["jax", "tensorflow", "torch"])
def test_a_false_claim_stops_the_full_build_on_every_backend(measured, monkeypatch, backend):
    monkeypatch.setenv("KERAS_BACKEND", backend)
    with pytest.raises(
        PluginError,
        match=r"article\.en\.md: the text claims 03_vae:prior\.validity > 03_vae:ae\.validity, "
        r"but the build measured 0\.25 and 0\.5",
    ):
        hook_results.on_page_markdown(FALSE_CLAIM, page("article.en.md"), {}, None)


def test_a_true_claim_passes_and_leaves_no_comment(measured):
    markdown = "Half. <!-- claim: 03_vae:ae.validity >= 0.5 --><!-- claim: 03_vae:sizes.1 > 2 -->"
    assert hook_results.check_claims(markdown, "article.en.md") == "Half. "


def test_in_fast_mode_a_false_claim_is_only_logged(measured, monkeypatch, caplog):
    monkeypatch.setenv("CYLINDERS_FAST", "1")
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.cylinders"):
        assert hook_results.check_claims(FALSE_CLAIM, "article.fr.md") == "The VAE wins. "
    assert (
        "article.fr.md: the text claims 03_vae:prior.validity > 03_vae:ae.validity" in caplog.text
    )


def test_numbers_are_written_in_the_pages_language(measured):
    markdown = "{{03_vae:prior.validity:.2f}} of {{03_vae:sizes.1}}"
    assert hook_results.on_page_markdown(markdown, page("article.fr.md"), {}, None) == "0,25 of 16"
    assert hook_results.on_page_markdown(markdown, page("article.en.md"), {}, None) == "0.25 of 16"


def test_an_unknown_key_stops_the_build_and_names_it(measured):
    with pytest.raises(PluginError, match=r"examples/03_vae\.py measured no 'prior\.spread'"):
        hook_results.on_page_markdown("{{03_vae:prior.spread}}", page("article.en.md"), {}, None)


def test_a_false_claim_in_an_example_stops_the_build_and_names_the_script(
    measured, monkeypatch, tmp_path
):
    examples = tmp_path / "examples"
    (examples / "translations").mkdir(parents=True)
    (examples / "03_vae.py").write_text(
        "# %% [markdown]\n# True. <!-- claim: 03_vae:ae.validity > 0.4 -->\n"
    )
    monkeypatch.setattr(hook_results.run_examples, "EXAMPLES", examples)
    hook_results.check_example_claims()  # a true claim passes
    (examples / "translations" / "03_vae.fr.md").write_text(
        f"<!-- cell 0 -->\nFaux. {FALSE_CLAIM}\n"
    )
    with pytest.raises(PluginError, match=r"examples/translations/03_vae\.fr\.md: the text claims"):
        hook_results.check_example_claims()


def test_a_claim_on_its_own_line_leaves_its_paragraph_whole(measured):
    markdown = "Half of them,\n<!-- claim: 03_vae:ae.validity >= 0.5 -->\nand no more.\n"
    assert hook_results.check_claims(markdown, "article.en.md") == "Half of them,\nand no more.\n"


@pytest.mark.parametrize(
    ("value", "spec", "language", "text"),
    [
        (-0.574, ".2f", "fr", "\u22120,57"),
        (-0.574, ".2f", "en", "\u22120.57"),
        (0.5, ".0%", "fr", "50\u202f%"),
    ],
)
def test_numbers_take_a_real_minus_sign_and_french_punctuation(value, spec, language, text):
    assert hook_results.pages.format_number(value, spec, language) == text
