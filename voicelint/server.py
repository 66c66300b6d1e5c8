"""``voicelint server``: keep the spaCy pipeline warm and answer lint requests over a Unix socket.

A cold ``voicelint check`` spends about two seconds loading spaCy; an agent or an editor that
lints a draft on every keystroke cannot wait for that. The server loads the pipeline once and
answers newline-delimited JSON requests (one request per line, one response per line) on a Unix
domain socket that only its own user can open (mode 0600, peer uid checked). The protocol and
its error codes are documented in ``docs/server.md``; :mod:`voicelint.client` is the client.

Connections are served by one thread each, but spaCy pipelines are not guaranteed thread-safe,
so the lint call itself runs under one lock: requests overlap in reading, parsing and writing,
never inside spaCy. Clients are bounded: at most ``--max-connections`` at once (one more is
answered ``busy``), each must send a complete request line within ``--connection-timeout``
seconds, and a request nesting JSON deeper than :data:`~voicelint.protocol.MAX_JSON_DEPTH` is
refused before it is parsed.

Stopping (SIGTERM, SIGINT, a ``shutdown`` request, ``--idle-timeout``) never cuts a request
short: the server stops accepting, answers what it has started, refuses (``shutting-down``) lines
that arrive meanwhile, and exits 0 only once no thread is inside spaCy; a process that exits
while a thread runs in BLIS aborts (``libblis: Aborting``, status -6).

Heavy imports (the API, spaCy) happen when the server starts, not on import, so the CLI can
register this command without slowing ``voicelint --help``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import socketserver
import stat
import struct
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from voicelint.protocol import (
    DEFAULT_CONNECTION_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_REQUEST_BYTES,
    ENV_SOCKET,
    IDLE_CODE,
    MAX_JSON_DEPTH,
    OPS,
    PROTOCOL_VERSION,
    REQUEST_KEYS,
    default_socket_path,
    encode_message,
    error_response,
    json_too_deep,
)

if TYPE_CHECKING:
    from voicelint.guide.model import Guide

#: How much of an oversized request line is read and thrown away before the connection is closed.
MAX_DRAIN_BYTES = 64 * 1024 * 1024
GUIDE_CACHE_SIZE = 16
#: Seconds a stopping server waits for the requests it has started before it exits without them.
STOP_GRACE = 30.0
#: Seconds a refusal (``busy``, ``forbidden``) may take to write before the connection is dropped.
REFUSAL_TIMEOUT = 1.0
#: A short draft linted before the server reports ready, so the first real request is warm too.
_WARM_UP_TEXT = "Hi Sam, thanks for writing in. I've refunded the order; it should arrive in 3-5 days."


class RequestError(Exception):
    """A request the server answers with ``{"error": {"code": ..., "message": ...}}``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class StartupError(Exception):
    """The server cannot start (socket in use, bad path, bad guide or model)."""


# -- guides ------------------------------------------------------------------------------------


def _is_path_like(source: str) -> bool:
    # The loader's rule (voicelint.guide.loader): anything else is a built-in preset name.
    return source.endswith((".yaml", ".yml")) or "/" in source or os.sep in source


class GuideCache:
    """Loaded guides, reused while the file is unchanged, so the API's linter cache stays warm.

    The API caches one linter per ``Guide`` object (guides compare by identity), so handing it
    the same object for the same file is what keeps rules compiled between requests. A file is
    keyed by (resolved path, mtime, size): an edited guide is loaded again on the next request.
    Files a guide ``extends`` are not part of the key; touch the guide itself after editing them.
    """

    def __init__(self, default_source: str | None, size: int = GUIDE_CACHE_SIZE) -> None:
        self.default_source = default_source
        self._size = size
        self._guides: OrderedDict[tuple[Any, ...], Guide] = OrderedDict()
        self._lock = threading.Lock()

    def resolve_source(self, source: str | None, cwd: str | None) -> str:
        """The preset name or absolute guide path a request means (discovery happens in ``cwd``)."""
        from voicelint.guide.loader import discover_guide

        base = Path(cwd) if cwd else Path.cwd()
        if source is None:
            source = self.default_source or discover_guide(base)
        if _is_path_like(source):
            return str(base / source) if not os.path.isabs(source) else source
        return source

    def get(self, source: str | None, cwd: str | None = None) -> Guide:
        """The guide for a request; raises ``RequestError('bad-guide')`` when it cannot be loaded."""
        from voicelint.api import load_guide
        from voicelint.guide.loader import GuideError

        resolved = self.resolve_source(source, cwd)
        key: tuple[Any, ...]
        if _is_path_like(resolved):
            try:
                info = os.stat(resolved)
            except OSError as exc:
                shown = source or resolved
                raise RequestError("bad-guide", f"{shown}: style guide not found ({exc.strerror})") from None
            key = ("file", os.path.realpath(resolved), info.st_mtime_ns, info.st_size)
        else:
            key = ("preset", resolved)
        with self._lock:
            guide = self._guides.get(key)
            if guide is not None:
                self._guides.move_to_end(key)
                return guide
            try:
                guide = load_guide(resolved)
            except GuideError as exc:
                raise RequestError("bad-guide", str(exc)) from None
            self._guides[key] = guide
            if len(self._guides) > self._size:
                self._guides.popitem(last=False)
            return guide


# -- the lint service (protocol semantics, no sockets) ----------------------------------------


def _string_list(request: dict[str, Any], key: str) -> tuple[str, ...]:
    value = request.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RequestError("bad-request", f"{key!r} must be a list of strings")
    # The CLI accepts "VL1,tone" in one option; so does the protocol.
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


def _optional_string(request: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = request.get(key, default)
    if value is not None and not isinstance(value, str):
        raise RequestError("bad-request", f"{key!r} must be a string or null")
    return value


def _display_path(path: str | None, cwd: str | None) -> str | None:
    """The guide path relative to the client's folder when below it, as ``voicelint check`` shows it."""
    if path is None or cwd is None:
        return path
    absolute = Path(path) if os.path.isabs(path) else Path.cwd() / path
    try:
        return str(absolute.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(absolute)


class LintService:
    """Answers decoded requests; one lock serialises every call into spaCy and the rules."""

    def __init__(self, default_guide: str | None = None, model: str | None = None) -> None:
        self.guides = GuideCache(default_guide)
        self.model = model
        self._lint_lock = threading.Lock()
        self.on_shutdown: Callable[[], None] = lambda: None

    def warm_up(self) -> None:
        """Load the pipeline and compile the default guide's rules; raises StartupError if unusable."""
        try:
            self.lint({"op": "lint", "text": _WARM_UP_TEXT})
        except RequestError as exc:
            raise StartupError(exc.message) from None

    def handle_line(self, line: bytes) -> dict[str, Any]:
        """One request line in, one response object out; never raises."""
        if json_too_deep(line):
            return error_response(None, "malformed", f"request nests arrays or objects deeper than {MAX_JSON_DEPTH}")
        try:
            request = json.loads(line)
        except (UnicodeDecodeError, ValueError) as exc:
            return error_response(None, "malformed", f"request is not valid UTF-8 JSON: {exc}")
        except RecursionError:  # not expected after the depth check; never worth a thread
            return error_response(None, "malformed", "request nests arrays or objects too deeply")
        if not isinstance(request, dict):
            return error_response(None, "malformed", "request must be a JSON object")
        request_id = request.get("id")
        try:
            return {"id": request_id, **self.handle(request)}
        except RequestError as exc:
            return error_response(request_id, exc.code, exc.message)
        except Exception as exc:  # a bug must cost one request, not the server
            print(f"voicelint server: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return error_response(request_id, "internal", f"internal error: {type(exc).__name__}: {exc}")

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(request) - REQUEST_KEYS)
        if unknown:
            raise RequestError(
                "bad-request", f"unknown request keys {unknown}; known: {', '.join(sorted(REQUEST_KEYS))}"
            )
        op = request.get("op")
        if op == "lint":
            return self.lint(request)
        if op == "ping":
            from voicelint import __version__

            return {"ok": True, "pid": os.getpid(), "version": __version__, "protocol": PROTOCOL_VERSION}
        if op == "shutdown":
            self.on_shutdown()
            return {"ok": True}
        raise RequestError("bad-request", f"unknown op {op!r}; expected one of {', '.join(OPS)}")

    def lint(self, request: dict[str, Any]) -> dict[str, Any]:
        """The ``check --format json`` report of one text (``reader: auto`` reads it by its path)."""
        from voicelint.engine import DEFAULT_MAX_DOC_CHARS, UnknownChannelError
        from voicelint.nlp import ModelNotFoundError
        from voicelint.pipeline import LintOptions, collect, text_results
        from voicelint.rules import UnknownSelectorError

        text = request.get("text")
        if not isinstance(text, str):
            raise RequestError("bad-request", "'text' must be a string")
        path = _optional_string(request, "path", "-") or "-"
        channel = _optional_string(request, "channel")
        cwd = _optional_string(request, "cwd")
        if cwd is not None and not os.path.isabs(cwd):
            raise RequestError("bad-request", "'cwd' must be an absolute path")
        output_format = request.get("format", "json")
        if output_format != "json":
            raise RequestError("bad-request", f"unsupported format {output_format!r}; the server answers 'json'")
        reader = request.get("reader", "plain")
        if reader not in ("plain", "auto"):
            raise RequestError("bad-request", f"unknown reader {reader!r}; expected 'plain' or 'auto'")
        select, ignore = _string_list(request, "select"), _string_list(request, "ignore")
        text_field = _optional_string(request, "text_field")
        max_doc_chars = request.get("max_doc_chars", DEFAULT_MAX_DOC_CHARS)
        if isinstance(max_doc_chars, bool) or not isinstance(max_doc_chars, int) or max_doc_chars < 1:
            raise RequestError("bad-request", "'max_doc_chars' must be a positive integer")
        options = LintOptions(
            channel=channel, select=select, ignore=ignore, model=self.model, text_field=text_field,
            max_doc_chars=max_doc_chars,
        )
        guide_source = _optional_string(request, "guide")
        try:
            # Guide loading shares the lock: it builds rule catalogues the running lint may be reading.
            with self._lint_lock:
                guide = self.guides.get(guide_source, cwd)
                report = collect(guide, text_results(text, path, guide, options, by_path=reader == "auto"))
                data = report.to_dict()
        except (UnknownChannelError, UnknownSelectorError, ModelNotFoundError) as exc:
            raise RequestError("bad-request", str(exc)) from None
        data["guide"]["path"] = _display_path(data["guide"]["path"], cwd)
        return data


# -- sockets -----------------------------------------------------------------------------------


def _peer_uid(connection: socket.socket) -> int | None:
    """The connecting process's uid (Linux ``SO_PEERCRED``); None where the OS cannot tell."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    size = struct.calcsize("3i")
    _pid, uid, _gid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, option, size))
    return int(uid)


def socket_answers(path: str, timeout: float = 1.0) -> bool:
    """Whether a process accepts connections on ``path`` (a stale socket file refuses them)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(timeout)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def claim_socket_path(path: str) -> None:
    """Make ``path`` free to bind: remove a stale socket, refuse a live one or anything else."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise StartupError(f"{path} exists and is not a socket; refusing to replace it")
    if info.st_uid != os.getuid():
        raise StartupError(f"{path} belongs to another user (uid {info.st_uid}); choose another --socket")
    if socket_answers(path):
        raise StartupError(f"a server already answers on {path}; stop it first (voicelint server stops on SIGTERM)")
    os.unlink(path)


class _LineReader:
    """Request lines from a socket, each due by a deadline (the connection timeout)."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection
        self._buffer = bytearray()

    def _fill(self, deadline: float | None) -> str | None:
        """Read what has arrived into the buffer; "eof" or "timeout" when nothing will."""
        if deadline is None:
            self._connection.settimeout(None)
        else:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            self._connection.settimeout(remaining)
        try:
            chunk = self._connection.recv(64 * 1024)
        except TimeoutError:
            return "timeout"
        except OSError:  # reset by the client
            return "eof"
        if not chunk:
            return "eof"
        self._buffer += chunk
        return None

    def next_line(self, limit: int, deadline: float | None) -> tuple[str, bytes]:
        """("line", body); ("too-large", b"") for a longer line, read and dropped; ("too-large-open",
        b"") once more than ``limit`` bytes came without a line break (the rest is still to skip);
        or ("eof" | "timeout", b"")."""
        scanned = 0
        while True:
            newline = self._buffer.find(b"\n", scanned)
            if newline >= 0:
                body = bytes(self._buffer[:newline])
                del self._buffer[: newline + 1]
                return ("too-large", b"") if len(body) > limit else ("line", body)
            if len(self._buffer) > limit:
                self._buffer.clear()
                return "too-large-open", b""
            scanned = len(self._buffer)
            status = self._fill(deadline)
            if status == "eof" and self._buffer:  # a last line without its line break
                body = bytes(self._buffer)
                self._buffer.clear()
                return "line", body
            if status is not None:
                return status, b""

    def skip_line(self, max_bytes: int, deadline: float | None) -> bool:
        """Drop the rest of an oversized line; False if it goes on past ``max_bytes`` or never ends."""
        skipped = 0
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                del self._buffer[: newline + 1]
                return True
            skipped += len(self._buffer)
            self._buffer.clear()
            if skipped > max_bytes or self._fill(deadline) is not None:
                return False


class _Handler(socketserver.BaseRequestHandler):
    """One connection: read request lines, answer each in order, until EOF, timeout or stop."""

    server: VoicelintServer
    request: socket.socket

    def handle(self) -> None:
        uid = _peer_uid(self.request)
        if uid is not None and uid != os.getuid():
            self._send(error_response(None, "forbidden", "only the user running the server may connect"))
            return
        with self.server.track(self.request):
            limit = self.server.max_request_bytes
            reader = _LineReader(self.request)
            while True:
                deadline = self.server.line_deadline()
                kind, body = reader.next_line(limit, deadline)
                if kind == "eof":
                    return
                if kind == "timeout":
                    seconds = f"{self.server.connection_timeout:g}"
                    message = f"no complete request in {seconds} s (--connection-timeout); closing the connection"
                    self._send(error_response(None, IDLE_CODE, message))
                    return
                if kind in ("too-large", "too-large-open"):
                    message = f"request line is longer than {limit} bytes (--max-request-bytes)"
                    if not self._send(error_response(None, "too-large", message)):
                        return
                    if kind == "too-large-open" and not reader.skip_line(MAX_DRAIN_BYTES, deadline):
                        return
                    continue
                if not body.strip():
                    continue
                with self.server.busy(self.request) as accepted:
                    response = (
                        self.server.service.handle_line(body)
                        if accepted
                        else error_response(None, "shutting-down", "the server is stopping; request not run")
                    )
                if self.server.abandoned(self.request):  # stop() answered it after its grace period
                    return
                if not self._send(response) or not accepted:
                    return

    def _send(self, response: dict[str, Any]) -> bool:
        timeout = self.server.connection_timeout
        try:
            self.request.settimeout(timeout if timeout > 0 else None)  # a client that never reads
            self.request.sendall(encode_message(response))
            return True
        except OSError:  # the client went away; nothing to answer
            return False


class VoicelintServer(socketserver.ThreadingUnixStreamServer):
    """The socket server: a thread per connection (bounded), clean stop, idle timeouts, socket cleanup."""

    daemon_threads = True  # a thread stuck past STOP_GRACE must not keep the process alive
    request_queue_size = 128  # many editors/agents may connect at once; 5 (the default) refuses bursts

    def __init__(
        self,
        socket_path: str,
        service: LintService,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        *,
        connection_timeout: float = DEFAULT_CONNECTION_TIMEOUT,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        claim_socket_path(socket_path)
        old_umask = os.umask(0o177)  # the socket is created 0600: no window where others may connect
        try:
            super().__init__(socket_path, _Handler)
        except OSError as exc:
            raise StartupError(f"cannot listen on {socket_path}: {exc.strerror or exc}") from None
        finally:
            os.umask(old_umask)
        os.chmod(socket_path, 0o600)
        self.socket_path = socket_path
        self._inode = os.stat(socket_path).st_ino
        self.service = service
        self.max_request_bytes = max_request_bytes
        self.connection_timeout = connection_timeout
        self.max_connections = max_connections
        self.stop_requested = threading.Event()
        self.service.on_shutdown = self.stop_requested.set
        self.signalled: int | None = None  # set by the signal handler (a plain store: no lock there)
        self._connections: set[socket.socket] = set()
        self._running: set[socket.socket] = set()  # connections whose request is in flight
        self._abandoned: set[socket.socket] = set()  # ... and that stop() answered itself
        self._handlers = 0  # connection threads started and not finished
        self._in_flight = 0
        self._closing = False
        self._last_activity = time.monotonic()
        self._state_lock = threading.Lock()
        self._state_changed = threading.Condition(self._state_lock)
        self._thread: threading.Thread | None = None

    # -- connections -----------------------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve ``request`` in a new thread, or answer ``busy`` when ``max_connections`` are served."""
        with self._state_lock:
            accepted = self._handlers < self.max_connections and not self._closing
            if accepted:
                self._handlers += 1
        if not accepted:
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._handler_done()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._handler_done()

    def _handler_done(self) -> None:
        with self._state_lock:
            self._handlers -= 1
            self._state_changed.notify_all()

    def _refuse(self, connection: socket.socket) -> None:
        uid = _peer_uid(connection)
        if uid is not None and uid != os.getuid():
            refusal = error_response(None, "forbidden", "only the user running the server may connect")
        elif self._closing:
            refusal = error_response(None, "shutting-down", "the server is stopping")
        else:
            message = f"the server already serves {self.max_connections} connections (--max-connections); try later"
            refusal = error_response(None, "busy", message)
        with contextlib.suppress(OSError):
            connection.settimeout(REFUSAL_TIMEOUT)
            connection.sendall(encode_message(refusal))
        self.shutdown_request(connection)

    def line_deadline(self) -> float | None:
        """When the next request line on a connection is due (None: never)."""
        return time.monotonic() + self.connection_timeout if self.connection_timeout > 0 else None

    @contextlib.contextmanager
    def track(self, connection: socket.socket) -> Any:
        with self._state_lock:
            self._connections.add(connection)
            if self._closing:  # accepted just before the stop: see EOF now, not at the timeout
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RD)
        try:
            yield
        finally:
            with self._state_lock:
                self._connections.discard(connection)

    @contextlib.contextmanager
    def busy(self, connection: socket.socket | None = None) -> Any:
        """Count a request as in flight; yields False (do not run it) once the server is stopping."""
        with self._state_lock:
            accepted = not self._closing
            if accepted:
                self._in_flight += 1
                if connection is not None:
                    self._running.add(connection)
        try:
            yield accepted
        finally:
            with self._state_lock:
                if accepted:
                    self._in_flight -= 1
                self._running.discard(connection)
                self._last_activity = time.monotonic()
                self._state_changed.notify_all()

    def abandoned(self, connection: socket.socket) -> bool:
        """Whether stop() gave up waiting for this connection's request and answered it."""
        with self._state_lock:
            return connection in self._abandoned

    def idle_for(self) -> float:
        """Seconds since the last request finished (0 while one is being answered)."""
        with self._state_lock:
            return 0.0 if self._in_flight else time.monotonic() - self._last_activity

    # -- running and stopping --------------------------------------------------------------

    def start(self) -> None:
        """Serve in a background thread (the caller's thread stays free for signals)."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        self._thread.start()

    def wait(self, idle_timeout: float = 0.0) -> str:
        """Block until a shutdown request, a signal or the idle timeout; returns which."""
        while not self.stop_requested.wait(0.2):
            if self.signalled is not None:
                return "stopped"
            if idle_timeout > 0 and self.idle_for() >= idle_timeout:
                return "idle"
        return "stopped"

    def stop(self, grace: float = STOP_GRACE) -> int:
        """Stop accepting, finish the requests being answered, refuse the lines that arrive meanwhile,
        close every connection and remove the socket. Returns how many requests were still running
        after ``grace`` seconds (0 normally): the caller must then not run interpreter shutdown."""
        with self._state_lock:
            self._closing = True
            connections = list(self._connections)
        for connection in connections:  # idle readers see EOF; a request being answered still gets its reply
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RD)
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        deadline = time.monotonic() + grace
        with self._state_lock:
            while self._handlers and time.monotonic() < deadline:
                self._state_changed.wait(min(0.5, max(0.0, deadline - time.monotonic())))
            unfinished = self._in_flight
            abandoned = list(self._running)
            self._abandoned.update(abandoned)
        message = f"the server stopped before this request finished (it waited {grace:g} s)"
        for connection in abandoned:  # their threads will not answer (see _Handler.handle)
            with contextlib.suppress(OSError):
                connection.settimeout(REFUSAL_TIMEOUT)
                connection.sendall(encode_message(error_response(None, "shutting-down", message)))
        self.server_close()
        self.remove_socket_file()
        return unfinished

    def remove_socket_file(self) -> None:
        """Remove the socket file unless another server has replaced it meanwhile."""
        with contextlib.suppress(OSError):
            if os.stat(self.socket_path).st_ino == self._inode:
                os.unlink(self.socket_path)


def _install_stop_signals(server: VoicelintServer, log: TextIO) -> Callable[[], None]:
    """SIGTERM and SIGINT ask ``server`` to stop; a second one while stopping exits at once.
    Returns a function restoring the previous handlers (nothing happens outside the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_signal(signum: int, frame: Any) -> None:
        if server.signalled is not None:
            server.remove_socket_file()
            with contextlib.suppress(OSError):
                os.write(2, f"voicelint server: {signal.Signals(signum).name} again; exiting now\n".encode())
            os._exit(128 + signum)
        server.signalled = signum  # the main thread polls this; setting an Event here could deadlock

    previous = {signum: signal.signal(signum, on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)

    return restore


class ServerRun:
    """How a server run ended: why it stopped, and how many requests it abandoned (normally 0)."""

    def __init__(self, reason: str, unfinished: int) -> None:
        self.reason = reason
        self.unfinished = unfinished


def serve(
    socket_path: str,
    default_guide: str | None = None,
    model: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    idle_timeout: float = 0.0,
    log: TextIO | None = None,
    *,
    connection_timeout: float = DEFAULT_CONNECTION_TIMEOUT,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    grace: float = STOP_GRACE,
) -> ServerRun:
    """Start, report ready on ``log``, serve until stopped, stop cleanly; see :func:`run_server`."""
    log = log or sys.stderr
    service = LintService(default_guide, model)
    server = VoicelintServer(
        socket_path, service, max_request_bytes, connection_timeout=connection_timeout, max_connections=max_connections
    )
    restore_signals = _install_stop_signals(server, log)  # before warming up: a stop then waits for it
    unfinished = 0
    try:
        try:
            service.warm_up()
            server.start()
            print(f"voicelint server: ready pid={os.getpid()} socket={socket_path}", file=log, flush=True)
            reason = server.wait(idle_timeout)
        finally:
            unfinished = server.stop(grace)
    finally:
        restore_signals()
    if unfinished:
        print(f"voicelint server: {unfinished} request(s) still running after {grace:g} s; refused", file=log)
    print(f"voicelint server: {reason}; socket removed", file=log, flush=True)
    return ServerRun(reason, unfinished)


def run_server(
    socket_path: str,
    default_guide: str | None = None,
    model: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    idle_timeout: float = 0.0,
    log: TextIO | None = None,
    *,
    connection_timeout: float = DEFAULT_CONNECTION_TIMEOUT,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> str:
    """Start, report ready on ``log``, serve until stopped; returns why it stopped ("stopped", "idle")."""
    return serve(
        socket_path, default_guide, model, max_request_bytes, idle_timeout, log,
        connection_timeout=connection_timeout, max_connections=max_connections,
    ).reason


@click.command("server")
@click.option("--socket", "socket_path", metavar="PATH", default=None, help=(
    f"Unix socket to listen on. Default: ${ENV_SOCKET}, else $XDG_RUNTIME_DIR/voicelint.sock, "
    "else /tmp/voicelint-<uid>.sock."))
@click.option("--guide", "guide_path", metavar="FILE", help=(
    "Guide for requests that name none. Default: discovered from the request's folder like `check` does."))
@click.option("--model", metavar="NAME", help="spaCy model package or path (default: $VOICELINT_SPACY_MODEL).")
@click.option("--max-request-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_REQUEST_BYTES,
              show_default=True, help="Longer request lines are refused with a 'too-large' error.")
@click.option("--idle-timeout", type=click.FloatRange(min=0), default=0, show_default=True, metavar="SECONDS",
              help="Exit after this long without a request (0: never).")
@click.option("--connection-timeout", type=click.FloatRange(min=0), default=DEFAULT_CONNECTION_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Close a connection that sends no complete request for this long (0: never).")
@click.option("--max-connections", type=click.IntRange(min=1), default=DEFAULT_MAX_CONNECTIONS, show_default=True,
              metavar="N", help="Connections served at once; more are answered 'busy' and closed.")
def server_command(
    socket_path: str | None,
    guide_path: str | None,
    model: str | None,
    max_request_bytes: int,
    idle_timeout: float,
    connection_timeout: float,
    max_connections: int,
) -> None:
    """Keep the lint pipeline loaded and answer lint requests on a local Unix socket.

    Requests and responses are JSON, one per line (see docs/server.md). `voicelint check --server`
    uses a running server. Stop it with SIGTERM or Ctrl-C, or a {"op": "shutdown"} request: it
    finishes the requests it has started, then exits 0.
    """
    path = socket_path or default_socket_path()
    try:
        outcome = serve(
            path, guide_path, model, max_request_bytes, idle_timeout,
            connection_timeout=connection_timeout, max_connections=max_connections,
        )
    except StartupError as exc:
        click.echo(f"voicelint server: error: {exc}", err=True)
        sys.exit(2)
    if outcome.unfinished:
        # A thread is still inside spaCy: interpreter shutdown would finalise BLIS under it and
        # abort the process. Leave without running it.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    server_command()
