"""The client of ``voicelint server``: send lint requests to a warm server, fail fast when none runs.

Light on purpose: it imports neither spaCy nor the engine, so ``voicelint check --server`` starts
in milliseconds. When no server answers, :class:`ServerUnavailable` is raised at once (a Unix
socket connect does not wait), so the caller can lint in-process instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from voicelint.protocol import IDLE_CODE, UNAVAILABLE_CODES, default_socket_path, encode_message
from voicelint.report import DocumentResult, Report, ReportError

__all__ = [
    "Connection",
    "ServerError",
    "ServerResults",
    "ServerUnavailable",
    "lint_paths_via_server",
    "lint_via_server",
    "ping",
    "report_from_dict",
    "shutdown",
]

#: Connecting to a live Unix socket is immediate; this only bounds a wedged accept queue.
CONNECT_TIMEOUT = 1.0


class ServerUnavailable(Exception):
    """No server answers on the socket (none running, stale socket, or it stopped mid-request),
    or it cannot take the request now (``busy``: all its connections are taken; ``shutting-down``)."""


class ServerError(Exception):
    """The server answered with an error (``code``: too-large, malformed, bad-guide, bad-request, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Connection:
    """One connection to the server; several requests may be sent over it, one at a time.

    >>> with Connection() as server:  # doctest: +SKIP
    ...     report = server.lint("Per our policy we cannot refund.")
    """

    def __init__(self, socket_path: str | None = None, timeout: float = 10.0) -> None:
        self.socket_path = socket_path or default_socket_path()
        self.timeout = timeout
        self._next_id = 0
        self._open()

    def _open(self) -> None:
        self._socket = self._connect(min(self.timeout, CONNECT_TIMEOUT))
        self._socket.settimeout(self.timeout)
        self._reader = self._socket.makefile("rb")
        self._answered = 0  # responses read on this socket

    def _connect(self, timeout: float) -> socket.socket:
        """Connect, retrying while a live server's accept queue is full (EAGAIN on Unix sockets)."""
        deadline = time.monotonic() + timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(self.socket_path)
                return sock
            except BlockingIOError:
                sock.close()
                if time.monotonic() >= deadline:
                    raise ServerUnavailable(f"the voicelint server on {self.socket_path} is too busy") from None
                time.sleep(0.01)
            except OSError as exc:
                sock.close()
                raise ServerUnavailable(f"no voicelint server on {self.socket_path}: {exc.strerror or exc}") from None

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return the raw response object (errors included).

        Raises :class:`ServerUnavailable` when the server is gone, busy or stopping. A connection
        the server closed for idleness (``--connection-timeout``) is opened again, once, and the
        request sent again: the server had not read it.
        """
        self._next_id += 1
        line = encode_message({"id": self._next_id, **payload})
        response = self._exchange(line)
        if self._closed_while_idle(response):
            self.close()
            self._open()
            response = self._exchange(line)
        if response is None:
            raise ServerUnavailable(f"the voicelint server on {self.socket_path} closed the connection")
        error = response.get("error")
        if isinstance(error, dict) and error.get("code") in UNAVAILABLE_CODES:
            raise ServerUnavailable(
                f"the voicelint server on {self.socket_path} is {error['code']}: {error.get('message')}"
            )
        self._answered += 1
        return response

    def _exchange(self, line: bytes) -> dict[str, Any] | None:
        """Send ``line`` and read one response; None if the server closed the connection first."""
        try:
            # Closed by the server? Its last line (busy, timeout, ...) may still be there to read.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._socket.sendall(line)
            answer = self._reader.readline()
        except TimeoutError:
            raise ServerUnavailable(f"the voicelint server on {self.socket_path} did not answer in time") from None
        except ConnectionResetError:
            return None
        except OSError as exc:
            raise ServerUnavailable(f"connection to {self.socket_path} failed: {exc.strerror or exc}") from None
        if not answer:
            return None
        response: dict[str, Any] = json.loads(answer)
        return response

    def _closed_while_idle(self, response: dict[str, Any] | None) -> bool:
        """Whether the server closed this connection for idleness before it read the request: its
        ``timeout`` notice, or (on a connection that has answered before) a bare close."""
        if response is None:
            return self._answered > 0
        error = response.get("error")
        return response.get("id") is None and isinstance(error, dict) and error.get("code") == IDLE_CODE

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Like :meth:`request`, but an error response raises :class:`ServerError`."""
        response = self.request(payload)
        error = response.get("error")
        if error is not None:
            raise ServerError(str(error.get("code")), str(error.get("message")))
        return response

    def lint(
        self,
        text: str,
        *,
        path: str = "-",
        channel: str | None = None,
        guide: str | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        reader: str = "plain",
        text_field: str | None = None,
        max_doc_chars: int | None = None,
    ) -> dict[str, Any]:
        """The ``check --format json`` report of ``text`` (the response's ``id`` removed)."""
        payload: dict[str, Any] = {
            "op": "lint",
            "text": text,
            "path": path,
            "channel": channel,
            "guide": guide,
            "select": list(select),
            "ignore": list(ignore),
            "format": "json",
            "reader": reader,
            "cwd": os.getcwd(),
        }
        if text_field is not None:
            payload["text_field"] = text_field
        if max_doc_chars is not None:
            payload["max_doc_chars"] = max_doc_chars
        response = self.call(payload)
        response.pop("id", None)
        return response

    def close(self) -> None:
        self._reader.close()
        self._socket.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def lint_via_server(
    text: str,
    *,
    path: str = "-",
    channel: str | None = None,
    guide: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    socket_path: str | None = None,
    timeout: float = 10.0,
    reader: str = "plain",
) -> dict[str, Any]:
    """Lint one text on the server; the report dict of ``voicelint check --format json``.

    ``guide`` is a preset name or a path (relative paths resolve against this process's folder);
    None means the server's ``--guide``, else the guide discovered from this process's folder.
    ``reader="auto"`` reads the text as the file ``path`` names would be read (Markdown, YAML/JSON/CSV
    libraries); the default treats it as one plain document, like ``voicelint.api.lint_text``.
    Raises :class:`ServerUnavailable` when no server answers, :class:`ServerError` for a refused request.
    """
    with Connection(socket_path, timeout) as connection:
        return connection.lint(
            text, path=path, channel=channel, guide=guide, select=select, ignore=ignore, reader=reader
        )


def ping(socket_path: str | None = None, timeout: float = 2.0) -> bool:
    """Whether a voicelint server answers on the socket."""
    try:
        with Connection(socket_path, timeout) as connection:
            return bool(connection.call({"op": "ping"}).get("ok"))
    except (ServerUnavailable, ServerError, ValueError):
        return False


def shutdown(socket_path: str | None = None, timeout: float = 5.0) -> None:
    """Ask the server to stop (it finishes in-flight requests and removes its socket)."""
    with Connection(socket_path, timeout) as connection:
        connection.call({"op": "shutdown"})


@dataclass
class ServerResults:
    """What ``voicelint check`` prints: the guide and every result in input order."""

    guide_name: str
    guide_path: str | None
    results: list[DocumentResult | ReportError] = field(default_factory=list)


def lint_paths_via_server(
    paths: Sequence[str],
    *,
    stdin_text: str | None = None,
    channel: str | None = None,
    guide: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    text_field: str | None = None,
    max_doc_chars: int | None = None,
    socket_path: str | None = None,
    timeout: float = 30.0,
    follow_symlinks: bool = False,
) -> ServerResults:
    """``voicelint check PATHS`` on the server: files and folders as the CLI finds and reads them.

    The files are found and read here (folders walked, the guide file skipped, bytes decoded as
    UTF-8) and each is sent with ``reader: auto``, so Markdown and libraries are read as ``check``
    reads them. Nothing is returned until every file is answered, so a caller that catches
    :class:`ServerUnavailable` can lint in-process instead without printing anything twice.
    ``guide``: as for :func:`lint_via_server`; pass what ``check`` would load (``--guide`` or the
    discovered guide) so the server's ``--guide`` does not override the user's project guide.
    """
    from voicelint import sources
    from voicelint.sources import read_bytes

    excluded = [guide] if guide and guide.endswith((".yaml", ".yml")) else []
    outcome: ServerResults | None = None
    pending: list[DocumentResult | ReportError] = []
    with Connection(socket_path, timeout) as connection:
        for entry in sources.discover(list(paths), exclude=excluded, follow_symlinks=follow_symlinks):
            if not isinstance(entry, str):
                pending.append(entry)
                continue
            if entry == "-":
                text: str | ReportError = stdin_text or ""
            else:
                data = read_bytes(entry)
                text = data if isinstance(data, ReportError) else sources.decode(entry, data)
            if isinstance(text, ReportError):
                pending.append(text)
                continue
            report = report_from_dict(
                connection.lint(
                    text, path=entry, channel=channel, guide=guide, select=select, ignore=ignore, reader="auto",
                    text_field=text_field, max_doc_chars=max_doc_chars,
                )
            )
            if outcome is None:
                outcome = ServerResults(report.guide_name, report.guide_path)
            pending.extend(report.errors)  # the JSON report keeps errors apart: list a file's errors first
            pending.extend(report.documents)
        if outcome is None:  # nothing was readable: ask for the guide's name with an empty text
            report = report_from_dict(connection.lint("", guide=guide, select=select, ignore=ignore))
            outcome = ServerResults(report.guide_name, report.guide_path)
    outcome.results = pending
    return outcome


def report_from_dict(data: dict[str, Any]) -> Report:
    """The :class:`Report` behind a JSON report, so every output format can print a server's answer."""
    report = Report(
        guide_name=data["guide"]["name"],
        guide_path=data["guide"]["path"],
        tool_version=data["tool"]["version"],
    )
    report.documents.extend(DocumentResult.from_dict(document) for document in data["documents"])
    report.errors.extend(ReportError.from_dict(error) for error in data["errors"])
    return report
