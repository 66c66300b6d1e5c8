"""Salesforce Quick Text, exported as CSV (Data Loader or a report): ``Name``, ``Message``, ``Channel``
columns (any case; ``Id``, ``Category``, ``FolderId`` and others are kept in ``fields``).

The reply is ``Message``, its id ``Name``. ``Channel`` is Salesforce's multi-select picklist
(``Email;Live Agent;Social``): the first value that is a voicelint channel gives the document's
channel (``Email`` -> ``email``; ``Live Agent``, ``Chat``, ``Messaging`` -> ``chat``; ``Social`` ->
``social``); other values (``Phone``, ``Internal``, ``Portal``, ``Task``, ``Event``) leave it unset,
so the run's channel applies. The raw value stays in ``fields["Channel"]``. Merge fields
(``{!Contact.FirstName}``) are left to the placeholder masking.
"""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.csv_library import read_csv
from voicelint.sources.helpdesk import common
from voicelint.sources.registry import register_content

VENDOR = "Salesforce Quick Text"

_CHANNELS = {
    "email": "email",
    "live agent": "chat",
    "chat": "chat",
    "messaging": "chat",
    "social": "social",
}


def detect_csv(text: str) -> bool:
    """A CSV whose header row has ``Name``, ``Message`` and ``Channel`` columns (any case)."""
    try:
        return {"name", "message", "channel"} <= common.csv_header(text)
    except Exception:  # a detector never raises
        return False


def channel_of(value: str) -> str | None:
    """The voicelint channel of a Quick Text ``Channel`` value, or None."""
    for part in value.split(";"):
        found = _CHANNELS.get(part.strip().lower())
        if found is not None:
            return found
    return None


@register_content(".csv", detect=detect_csv)
@common.unless_field_named(read_csv)
def read_salesforce_quick_text(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per Quick Text row."""
    return common.read_csv_by_spec(
        source,
        options,
        vendor=VENDOR,
        id_column="name",
        text_column="message",
        channel_column="channel",
        channel_map=channel_of,
    )
