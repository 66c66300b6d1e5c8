"""MDX (Markdown with JSX) is read as Markdown, picked up by folder walks, with ESM and JSX masked."""

from __future__ import annotations

import os
from pathlib import Path

from voicelint.sources import discover, is_supported, read_file, read_text, supported_extensions
from voicelint.sources.markdown import mask_markdown, mask_mdx

MDX = """---
title: Refunds
---
import { Callout } from '@site/components'
export const meta = {
  author: 'support-team',
}

# Refund delayed

<Callout type="tip"
  title="Heads up">
Thanks for waiting, Sam. Your order <ORDER_ID> ships today.
</Callout>

{/* internal note: do not send */}

    Indented lines nest JSX in MDX, so they stay prose.

```js
const reply = "hidden code";
```

Kind regards, `Sync now` and [the guide](https://example.com/guide).
"""


def _document(path: str, text: str):  # type: ignore[no-untyped-def]
    [doc] = list(read_text(path, text))
    return doc


def test_mdx_is_a_registered_markdown_extension() -> None:
    assert ".mdx" in supported_extensions()
    assert is_supported("docs/Refunds.MDX")


def test_mdx_is_masked_like_markdown_not_read_as_plain_text() -> None:
    doc = _document("reply.mdx", MDX)
    assert doc.text != doc.source.text
    for hidden in ("title: Refunds", "hidden code", "Sync now", "https://", "#"):
        assert hidden not in doc.text, hidden
    assert "the guide" in doc.text  # link text is prose, as in Markdown


def test_mdx_esm_jsx_tags_and_comments_are_not_prose() -> None:
    doc = _document("reply.mdx", MDX)
    for hidden in ("import", "@site/components", "export", "support-team", "Callout", "Heads up", "internal note"):
        assert hidden not in doc.text, hidden
    # Prose inside a component, a placeholder in capitals, and indented lines stay.
    for kept in ("Refund delayed", "Thanks for waiting, Sam.", "<ORDER_ID>", "Indented lines nest JSX", "Kind regards"):
        assert kept in doc.text, kept


def test_mdx_offsets_are_the_identity() -> None:
    doc = _document("reply.mdx", MDX)
    assert len(doc.text) == len(MDX)
    assert doc.text.count("\n") == MDX.count("\n")
    for word in ("Thanks for waiting", "Kind regards", "Indented lines"):
        start = doc.text.index(word)
        span = doc.locate(start, start + len(word))
        assert MDX[span.start.offset : span.end.offset] == word
        assert span.start.line == MDX.count("\n", 0, MDX.index(word)) + 1


def test_mdx_masking_stops_at_blank_lines_and_code() -> None:
    text = "export const a = 1\nexport const b = 2\n\nProse after ESM.\n\n```\nimport x\n```\nMore prose.\n"
    masked = mask_mdx(text)
    assert "export" not in masked and "import" not in masked
    assert "Prose after ESM." in masked and "More prose." in masked
    # A capitalised word that is not a tag, an unclosed angle bracket and plain Markdown are untouched.
    plain = "Use Settings < Billing when you Refund.\n"
    assert mask_mdx(plain) == mask_markdown(plain, indented_code=False) == plain


def test_empty_mdx_file_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.mdx"
    path.write_text(" \n", encoding="utf-8")
    assert list(read_file(str(path))) == []


def test_folder_walk_picks_up_mdx(tmp_path: Path) -> None:
    for name in ("a.mdx", "b.md", "c.rst"):
        (tmp_path / name).write_text("Thanks for waiting.\n", encoding="utf-8")
    found = [os.path.basename(str(item)) for item in discover([str(tmp_path)])]
    assert found == ["a.mdx", "b.md"]
