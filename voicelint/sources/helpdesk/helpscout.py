"""Help Scout saved replies: ``GET /v2/mailboxes/{id}/saved-replies`` (a bare list, or the
HAL page ``{"_embedded": {"saved-replies": [...]}}``), or one saved reply.

A saved reply is ``{"id", "name", "text", "chatText", ...}``. ``text`` (HTML) is the email reply,
id ``name``; ``chatText``, when present and not empty, is the same reply for chat: a second
document with channel ``chat`` and id ``name#chat``.
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.helpdesk import common
from voicelint.sources.json_library import read_json
from voicelint.sources.registry import register_content

VENDOR = "Help Scout saved reply"


def detect(text: str) -> bool:
    """JSON with ``chatText`` keys, or a HAL page of ``saved-replies``."""
    try:
        start = common.head(text)
        if not common.starts_json(start):
            return False
        return common.has_key(start, "chatText") or common.has_key(start, "_embedded", "saved-replies")
    except Exception:  # a detector never raises
        return False


@register_content(".json", detect=detect)
@common.unless_field_named(read_json)
def read_helpscout_saved_replies(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per saved reply, and one more for its chat text."""
    return common.read_records_by_spec(
        source,
        options,
        vendor=VENDOR,
        wrappers=("_embedded", "saved-replies", "savedReplies", "replies"),
        id_fields=("name", "id"),
        text_fields=(("text", None),),
        extra_texts=(("chatText", None, "chat"),),
    )
