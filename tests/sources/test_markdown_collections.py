"""Markdown saved-reply collections: one record per reply heading, fenced replies are prose."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from voicelint.cli import main
from voicelint.document import Document, SourceFile
from voicelint.guide.loader import GuideError, load_guide_text
from voicelint.pipeline import LintOptions, read_options_for
from voicelint.sources import InputError, ReadOptions, read_text
from voicelint.sources.markdown import collection_sections

# Modelled on Angular CLI's SAVED_REPLIES.md: a title and preface, then a ### heading per reply
# with the reply in a bare fenced block.
FENCED = """\
# Angular CLI GitHub Saved Replies

This is a list of Saved Replies for the Angular CLI repository. Per our policy, keep them short.

## Issue Triage

### Angular CLI: Already Fixed (v1)
```
Thanks for reporting this issue. Luckily it has already been fixed in one of the recent releases.
Please update to the most recent version to resolve the problem.
```

### Angular CLI: Don't Understand (v1)
```
I'm sorry, but we don't understand the problem you are reporting. Per our policy we need a reproduction.

If the problem still exists, please open a new issue with a minimal repro (`ng new repro-app`).
```

### Angular CLI: NPM install issue (v1)
```text
This seems like a problem with your node/npm and not with Angular CLI.

Please have a look at the [fixing npm permissions](https://docs.npmjs.com/getting-started/fixing-npm-permissions) page.
```
"""

# Modelled on Blender's bug-tracker responses: category headings, a heading per reply, paragraphs.
PARAGRAPHS = """\
## Not a bug

### Feature request

Thanks for the report, but this is a feature request rather than a bug.

Please use the ideas forum for feature requests.

### Works as intended

Thanks for the report. As far as we can tell, this works as designed.

## Needs information

### Missing system information

Please fill in the SYSTEM INFORMATION part of the template. We need it to investigate.
"""

README = """\
# Widget

## Install

Run this:

```bash
pip install widget
```

## Use

```python
import widget
widget.go()
```

## Licence

MIT.
"""


def _read(text: str, name: str = "replies.md", mode: str = "auto") -> list[Document]:
    items = list(read_text(name, text, ReadOptions(markdown=mode)))
    assert not [item for item in items if isinstance(item, InputError)]
    return [item for item in items if isinstance(item, Document)]


def _at(doc: Document, word: str) -> tuple[int, int]:
    """``word`` in the record is located exactly at its unique place in the file: (line, column)."""
    file_text = doc.source.text
    assert file_text.count(word) == 1, word
    start = doc.text.index(word)
    span = doc.locate(start, start + len(word))
    assert file_text[span.start.offset : span.end.offset] == word
    assert span.start.offset == file_text.index(word)
    return span.start.line, span.start.column


def test_fenced_replies_are_records_and_prose() -> None:
    docs = _read(FENCED)
    assert [doc.record_id for doc in docs] == [
        "Angular CLI: Already Fixed (v1)",
        "Angular CLI: Don't Understand (v1)",
        "Angular CLI: NPM install issue (v1)",
    ]
    lines = FENCED.split("\n")
    for doc in docs:
        assert lines[doc.line - 1].startswith("### ")
        assert doc.record_id and doc.record_id not in doc.text  # the heading is not prose
    assert _at(docs[0], "Luckily") == (FENCED[: FENCED.index("Luckily")].count("\n") + 1, 34)
    assert "Per our policy we need" in docs[1].text
    _at(docs[1], "reproduction")
    assert "ng new" not in docs[1].text  # inline code inside the reply stays code
    assert "fixing npm permissions" in docs[2].text and "docs.npmjs.com" not in docs[2].text
    _at(docs[2], "node/npm")
    # The preface and the category heading are not part of any reply.
    assert not any("Saved Replies" in doc.text or "keep them short" in doc.text or "Triage" in doc.text
                   for doc in docs)
    assert all("```" not in doc.text for doc in docs)


def test_paragraph_replies_under_category_headings() -> None:
    docs = _read(PARAGRAPHS)
    assert [(doc.record_id, doc.line) for doc in docs] == [
        ("Feature request", 3),
        ("Works as intended", 9),
        ("Missing system information", 15),
    ]
    assert "ideas forum" in docs[0].text and "works as designed" not in docs[0].text
    assert "Needs information" not in docs[1].text  # a category heading ends the reply before it
    assert _at(docs[2], "SYSTEM INFORMATION") == (17, 20)


def test_crlf_collection_locations() -> None:
    text = FENCED.replace("\n", "\r\n")
    docs = _read(text)
    assert len(docs) == 3
    assert docs[0].record_id == "Angular CLI: Already Fixed (v1)"
    line, column = _at(docs[0], "Luckily")
    assert (line, column) == (FENCED[: FENCED.index("Luckily")].count("\n") + 1, 34)


@pytest.mark.parametrize(
    "text",
    [
        README,  # code samples: a document
        "# Title\n\nJust one heading.\n",
        "No headings at all.\n",
        "## A\n\n" + "Long chapter text. " * 300 + "\n\n## B\n\n" + "More text. " * 500 + "\n",
        "```\n## Not a heading\n```\n\n## Real\n\nText.\n",
        "---\ntitle: x\n---\n## One\n\nText.\n",
    ],
)
def test_documents_stay_documents(text: str) -> None:
    docs = _read(text)
    assert len(docs) == 1 and docs[0].record_id is None and docs[0].base == 0
    assert collection_sections(text) is None


def test_readme_code_stays_masked() -> None:
    [doc] = _read(README)
    assert "pip install" not in doc.text and "import widget" not in doc.text
    assert "Run this" in doc.text


def test_forced_readings() -> None:
    [doc] = _read(FENCED, mode="document")
    assert doc.record_id is None
    assert "Luckily" not in doc.text  # as a document, fenced blocks are code, as before
    docs = _read(README, mode="collection")
    assert [doc.record_id for doc in docs] == ["Install", "Licence"]  # "Use" holds only code: no record
    assert "pip install" not in docs[0].text  # a fence naming a language stays code
    assert "Run this" in docs[0].text
    [one] = _read("# Only reply\n\n```\nHello there.\n```\n", mode="collection")
    assert one.record_id == "Only reply" and "Hello there." in one.text


def test_heading_shapes() -> None:
    text = "  ## Closed ##\n\nFirst reply.\n\n##\tTabbed #hash\n\nSecond reply.\n\n#NotAHeading\n\n## \n\nThird.\n"
    docs = _read(text)
    assert [doc.record_id for doc in docs] == ["Closed", "Tabbed #hash", "line 11"]
    assert "#NotAHeading" in docs[1].text


def test_deeper_headings_are_replies_and_categories_give_none() -> None:
    # Modelled on Prometheus' saved replies: "# Issues" categories, "## Reply" replies, and a reply
    # with variants under "####" headings.
    text = (
        "Copy these into GitHub.\n\n# Issues\n\n## Support\n\nHello.\n\n# PRs\n\n## Out of scope\n\n"
        "Thanks, but:\n\n#### Philosophy\n\nNot our goal.\n\n#### Non-goal\n\nNever.\n"
    )
    docs = _read(text)
    assert [doc.record_id for doc in docs] == ["Support", "Out of scope", "Philosophy", "Non-goal"]
    assert "Not our goal" not in docs[1].text and "Philosophy" not in docs[1].text
    assert not any("Copy these" in doc.text for doc in docs)


# Modelled on Blender's responses.md: a setext title, then "---- TITLE" lines opening replies.
DASHED = """Bugtracker Replies
------------------

---- NOT OUR ADDON

Thanks for the report, but this add-on is not developed by Blender.

---- INVALID MESH

This mesh is corrupt. To check for invalid mesh data, run this Python snippet:

```
bpy.context.object.data.validate(True)
```

Check terminal, for the output.

---- MISSING INFO --

Please follow our submission template.
"""


def test_dashed_titles_open_replies_and_their_code_stays_code() -> None:
    docs = _read(DASHED)
    assert [(doc.record_id, doc.line) for doc in docs] == [
        ("NOT OUR ADDON", 4),
        ("INVALID MESH", 8),
        ("MISSING INFO", 18),
    ]
    assert "Bugtracker" not in "".join(doc.text for doc in docs)
    assert "validate" not in docs[1].text and "Check terminal" in docs[1].text  # text of its own: fences are code
    assert "NOT OUR ADDON" not in docs[0].text
    assert _at(docs[2], "submission") == (20, 19)
    assert _read("Text\n---\n\nMore text\n---\n")[0].record_id is None  # setext underlines are no titles


def test_guide_library_markdown_option(tmp_path: Path) -> None:
    guide = load_guide_text("version: 1\nlibrary: {markdown: Document}\n", base_dir=tmp_path)
    assert read_options_for(guide, LintOptions()).markdown == "document"
    default = load_guide_text("version: 1\n", base_dir=tmp_path)
    assert read_options_for(default, LintOptions()).markdown == "auto"
    with pytest.raises(GuideError, match=r"library\.markdown"):
        load_guide_text("version: 1\nlibrary: {markdown: sometimes}\n", base_dir=tmp_path)


def test_cli_findings_land_on_replies_not_titles(tmp_path: Path) -> None:
    (tmp_path / "SAVED_REPLIES.md").write_text(FENCED, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            main, ["check", "SAVED_REPLIES.md", "--no-cache", "--format", "json", "--select", "VL101"],
            catch_exceptions=False,
        )
    finally:
        os.chdir(old)
    report = json.loads(result.stdout)
    found = [(doc["id"] if "id" in doc else doc.get("record_id"), v["line"])
             for doc in report["documents"] for v in doc["violations"]]
    lines = FENCED.split("\n")
    assert found, result.stdout
    for _, line in found:
        assert "Per our policy we need" in lines[line - 1]  # never the preface's "Per our policy"


_WORDS = st.text(alphabet="abcXYZ .,!?'#`*-\r", min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), _WORDS, _WORDS, st.booleans()), min_size=0, max_size=6),
       st.sampled_from(["auto", "collection", "document"]))
def test_every_record_maps_into_the_file(parts: list[tuple[int, str, str, bool]], mode: str) -> None:
    chunks = []
    for level, title, body, fenced in parts:
        chunks.append("#" * level + " " + title.replace("\n", " "))
        chunks.append(f"```\n{body}\n```" if fenced else body)
    text = "\n\n".join(chunks) + "\n"
    source = SourceFile("gen.md", text)
    for doc in _read(text, mode=mode):
        assert doc.source.text == text
        assert len(doc.text) + doc.base <= len(text)
        for index, char in enumerate(doc.text):
            if not char.isspace():
                assert text[doc.file_offset(index)] == char
        assert doc.line == source.position(doc.base).line


# Modelled on freeCodeCamp's reply-templates.mdx: front matter, an import, a preface, then a
# "## Title" per reply with a "> when to use it" note and the reply in a ```markdown fence, one
# with a ```bash block nested in a ````markdown fence.
MDX = """\
---
title: Reply Templates
---

import { Steps } from '@astrojs/starlight/components';

These are the standard reply templates.

## Thank You

```markdown
Thank you for your contribution to the page! We are happy to accept these changes.
```

## Syncing Fork

> When PR is not up to date with the main branch.

````markdown
Hey @username, the branch is not up to date.

```bash
git pull upstream main
```

Once you sync your fork, we will be able to review it.
````
"""


def test_mdx_collection_with_labelled_fences_and_nested_code() -> None:
    docs = _read(MDX, name="reply-templates.mdx")
    assert [(doc.record_id, doc.line) for doc in docs] == [("Thank You", 9), ("Syncing Fork", 15)]
    assert _at(docs[0], "happy") == (12, 53)
    assert "When PR is not up to date" in docs[1].text  # the note is prose of its own
    assert "Hey @username" in docs[1].text and "Once you sync" in docs[1].text
    assert "git pull" not in docs[1].text  # a code block nested in the reply stays code
    assert not any("Steps" in doc.text or "standard reply" in doc.text for doc in docs)
    [whole] = _read(MDX, name="reply-templates.mdx", mode="document")
    assert whole.record_id is None and "happy" not in whole.text


def test_labelled_fence_is_prose_next_to_text_bare_fence_is_not() -> None:
    text = "## A\n\nNote.\n\n```text\nLabelled reply.\n```\n\n## B\n\nNote.\n\n```\nbare_code()\n```\n"
    docs = _read(text)
    assert "Labelled reply." in docs[0].text
    assert "bare_code" not in docs[1].text
