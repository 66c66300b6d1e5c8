"""Input readers: turn files (plain text, Markdown, YAML/JSON/CSV libraries) into Documents.

Every Document maps its text back to the ORIGINAL file, so findings land on the right line and
column even inside an escaped JSON string or an indented YAML block. Problems with an input are
yielded as :class:`InputError` values, never raised. Importing this package registers every
format module with the extension registry.
"""

import voicelint.sources.helpdesk  # noqa: F401  (registers the helpdesk content readers)
from voicelint.sources import csv_library, json_library, markdown, text, yaml_library
from voicelint.sources.base import DEFAULT_ID_FIELDS, DEFAULT_TEXT_FIELDS, InputError, ReadOptions
from voicelint.sources.discover import discover
from voicelint.sources.reading import decode, read_bytes, read_file, read_text
from voicelint.sources.registry import is_supported, reader_key, register, register_content, supported_extensions

__all__ = [
    "DEFAULT_ID_FIELDS",
    "DEFAULT_TEXT_FIELDS",
    "InputError",
    "ReadOptions",
    "csv_library",
    "decode",
    "discover",
    "is_supported",
    "json_library",
    "markdown",
    "read_bytes",
    "read_file",
    "read_text",
    "reader_key",
    "register",
    "register_content",
    "supported_extensions",
    "text",
    "yaml_library",
]
