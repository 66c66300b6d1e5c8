"""Plain text files (``.txt``, and any file whose extension no other reader claims)."""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.registry import register


@register(".txt", ".text")
def read_plain_text(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """The whole file as one document, verbatim.

    A file that is empty or only whitespace gives no document and no error: there is nothing to
    lint, and an empty document would only produce meaningless document-level scores.
    """
    if source.text.strip():
        yield Document(text=source.text, source=source, base=0)
