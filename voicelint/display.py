"""Strings from files voicelint did not write, made safe to show to people (one home for the idea).

Record ids, file names, guide strings (``name``, ``voice``, ``reason``, ``suggest``) and the text
a message quotes come from helpdesk exports, libraries edited by many people and guides arriving
in pull requests. Printed raw, they can drive the terminal that shows them (``ESC]0;…BEL`` sets
its title, ``ESC[2J`` clears it, OSC 8 makes links), reorder what the reader sees (bidi controls
such as U+202E), or start a line of their own in a CI log that the GitHub Actions runner takes for
a workflow command (``::error file=…::`` after a newline: a forged annotation; ``::stop-commands::``
would silence the real ones).

:func:`for_terminal` shows every such character as a visible escape (``\\x1b``, ``\\u202e``,
``\\n``), and breaks the runner's other command prefix, ``##[``, which it finds anywhere in a
line. :func:`not_a_command` keeps a whole output line from being read as a ``::command``: the
runner strips leading white space first, so a wrapped line or an indented guide line can start
one too. :func:`for_json` keeps a JSON document exact (every string decodes to what was read)
while writing the same characters as ``\\u`` escapes.

A backslash is shown as itself: the human formats are for reading, and the JSON report is the
exact record of what was read.
"""

from __future__ import annotations

import re

#: Characters never shown raw: C0 controls (tab, line feed and carriage return included), DEL, C1
#: controls (NEL U+0085 and the 8-bit CSI U+009B among them), the bidi controls (U+061C,
#: U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), the line and paragraph separators, and lone
#: surrogates (a file name that is not UTF-8 decodes to them; they cannot even be encoded).
#: JSON escapes the C0 controls itself (``\u001b``); the rest are left to :func:`for_json`.
_NOT_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_NOT_C0}]|##\\[")
_JSON_UNSAFE = re.compile(f"[{_NOT_C0}]|##\\[")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: The runner's v1 command prefix, broken by writing its second ``#`` as an escape.
_V1_PREFIX, _V1_SHOWN = "##[", "#\\x23["
#: What the first ``:`` of a line that would be a ``::command`` is shown as.
_COLON_SHOWN = "\\x3a"


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def for_terminal(text: str, *, keep: str = "") -> str:
    """``text`` with control, bidi and line-break characters shown as escapes, and ``##[`` broken.

    ``keep`` names characters to leave as they are, for a caller that escapes them in its own way
    (the GitHub format writes CR and LF as ``%0D`` and ``%0A``) or lays out lines itself.
    """

    def shown(match: re.Match[str]) -> str:
        found = match.group()
        if found == _V1_PREFIX:
            return _V1_SHOWN
        return found if found in keep else _escape(found)

    return _UNSAFE.sub(shown, text)


def command_colon(line: str) -> int:
    """Where the ``::`` is that makes the Actions runner read ``line`` as a command, else -1.

    The runner strips leading white space (``String.TrimStart``) and looks for ``::`` at the start.
    """
    start = len(line) - len(line.lstrip())
    return start if line.startswith("::", start) else -1


def not_a_command(line: str) -> str:
    """``line`` (one line, already escaped), with a leading ``::`` shown as ``\\x3a:``."""
    at = command_colon(line)
    return line if at < 0 else f"{line[:at]}{_COLON_SHOWN}{line[at + 1 :]}"


def for_json(dumped: str) -> str:
    """A ``json.dumps(..., ensure_ascii=False)`` document, the same value, with nothing raw to hide.

    DEL, C1 controls, bidi controls, U+2028/U+2029 and lone surrogates become ``\\uXXXX`` escapes
    (json escapes only C0 controls itself), as does the ``[`` of ``##[``: every string decodes to
    exactly what was read, and a report printed to a terminal or a CI log cannot act on it. The
    characters only occur inside JSON strings, so replacing them anywhere is safe.
    """

    def escaped(match: re.Match[str]) -> str:
        found = match.group()
        return "##\\u005b" if found == _V1_PREFIX else f"\\u{ord(found):04x}"

    return _JSON_UNSAFE.sub(escaped, dumped)


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines (``--format jsonl``, ``rdjsonl``): escaped as
    :func:`for_json` does, so no line break or control character can end or corrupt the line."""
    import json

    return for_json(json.dumps(value, ensure_ascii=False)) + "\n"
