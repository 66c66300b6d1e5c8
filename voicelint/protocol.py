"""The wire protocol of ``voicelint server``: shared by the server and its client.

Newline-delimited JSON over a Unix domain socket: one request object per line, one response
object per line (docs/server.md). This module holds only what both ends must agree on, so the
client never imports the server (and with it click and the lint machinery).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

PROTOCOL_VERSION = 1
#: The environment variable naming the socket, for the server and for ``check --server``.
ENV_SOCKET = "VOICELINT_SERVER"
DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024
#: Requests nesting arrays and objects deeper than this are refused (``malformed``) before they
#: are parsed: Python's parser recurses once per level and gives up near 1,000.
MAX_JSON_DEPTH = 64
#: Seconds the server waits for a complete request line on a connection (counted from the
#: connection's start or its previous answer) before it answers ``timeout`` and closes it.
DEFAULT_CONNECTION_TIMEOUT = 60.0
#: Connections served at once; one more is answered ``busy`` and closed.
DEFAULT_MAX_CONNECTIONS = 64
#: Error codes that mean "this server cannot take the request now" (it is full, or stopping):
#: the client raises ServerUnavailable for them, so a caller lints elsewhere, as with no server.
UNAVAILABLE_CODES = frozenset({"busy", "shutting-down"})
#: The error code of the last line on a connection the server closed for its idleness; the
#: request that follows it was never read, so a client may send it again on a new connection.
IDLE_CODE = "timeout"
OPS = ("lint", "ping", "shutdown")
REQUEST_KEYS = frozenset(
    {"id", "op", "text", "path", "channel", "guide", "select", "ignore", "format", "reader", "cwd", "text_field",
     "max_doc_chars"}
)


def default_socket_path() -> str:
    """``$VOICELINT_SERVER``, else ``$XDG_RUNTIME_DIR/voicelint.sock``, else ``/tmp/voicelint-<uid>.sock``.

    ``XDG_RUNTIME_DIR`` is preferred because it is private to the user (mode 0700); in ``/tmp``
    the socket file itself is 0600 and the server refuses a path owned by someone else.
    """
    configured = os.environ.get(ENV_SOCKET)
    if configured:
        return configured
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, "voicelint.sock")
    return f"/tmp/voicelint-{os.getuid()}.sock"


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_OPENERS = frozenset(b"[{")


def json_too_deep(line: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text ``line`` nests arrays and objects deeper than ``limit``.

    Judged without parsing (brackets inside strings do not count), so a request such as
    ``[[[[...]]]]`` 100,000 deep costs a scan, not a ``RecursionError``. For text that is not
    valid JSON the answer may be either; the parser refuses such text anyway.
    """
    if line.count(b"[") + line.count(b"{") <= limit:
        return False
    depth = 0
    for byte in _JSON_STRING.sub(b"", line).translate(None, _NOT_BRACKETS):
        if byte in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def error_response(request_id: Any, code: str, message: str) -> dict[str, Any]:
    """A response that reports an error (``code`` is one of docs/server.md's error codes)."""
    return {"id": request_id, "error": {"code": code, "message": message}}


def encode_message(message: dict[str, Any]) -> bytes:
    """One request or response as it goes on the wire: UTF-8 JSON and a newline."""
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"
