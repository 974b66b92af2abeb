"""MkDocs hook: what the search indexes of an example page, its text and its code, once each.

mkdocs-jupyter writes each code cell with its prompt ("In [3]:"), a copy button whose notice says
"Copied!" (in English: `hook_page_words` translates it later, after the index was made), and a
hidden copy of the cell's source for that button. The search plugin indexed all of it, so that a
result read "In [1]: Copied! import json … import json …", and the site's index carried every
example's code twice. `on_page_content` marks those three with `data-search-exclude`, which the
theme's search plugin skips, before the plugin reads the page (its `on_page_context`); the page
itself shows and copies what it did.
"""

from __future__ import annotations

import re

import pages
from mkdocs.structure.pages import Page

#: The opening tags left out of the index: the prompts, the copy button's notice, the copied text.
#: Each holds text only, with no element of its own tag inside (the search plugin's parser would
#: end the exclusion at the first inner one).
_UNINDEXED = re.compile(
    r'<(?:div class="jp-(?:In|Out)putPrompt[^"]*"'
    r'|span class="notice"'
    r'|div class="clipboard-copy-txt")(?=[\s>])'
)


def exclude_from_search(content: str) -> str:
    """A notebook page's HTML with its prompts, copy notices and copied sources marked
    `data-search-exclude`."""
    return _UNINDEXED.sub(lambda match: match.group(0) + " data-search-exclude", content)


def on_page_content(content: str, page: Page, **_) -> str:
    if pages.example_stem(page.file.src_uri) is None:
        return content
    return exclude_from_search(content)
