"""Rendered anonymous pages, kept for a few minutes and served without routing or rendering.

Most visits are anonymous people reading the same pages (home, the guides, the simulator with
the same figures, contact). Rendering them again for each costs a millisecond of Jinja and
gettext; this cache keeps the page once rendered and serves copies in tens of microseconds.

Never a personal page: a page is kept only when
- its handler opts in (`opt=SAME_FOR_VISITORS`), and the request is a GET,
- the request carries no cookie but the language and CSRF ones (no session, no guide draft),
- the answer is a 200 that sets no cookie but the CSRF one and asks for no `private`/`no-store`.
The key holds the path and query, the language cookie, the htmx headers, the host and the date.

Each visitor keeps their own CSRF token: the page is stored with the token cut out, and each
copy gets the visitor's token (or a new one, with its cookie, as Litestar's middleware would).
Compression is done once too: the parts between tokens are deflated once with a full flush, so
a copy is those parts with each token as a stored block between them (RFC 1951, 3.2.4), a
valid gzip stream without compressing anything per request.
"""

from __future__ import annotations

import gzip
import re
import struct
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar.enums import ScopeType
from litestar.middleware.csrf import generate_csrf_token
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.kit import clock

ANONYMOUS_CACHE = "anonymous_cache"
# The handler option of a page that is the same for every visitor without a session.
SAME_FOR_VISITORS = {ANONYMOUS_CACHE: True}
TTL_SECONDS = 300.0
MAX_ENTRIES = 512
MAX_BODY = 512 * 1024
MIN_COMPRESSED = 1024  # below this, gzip costs more than it saves (as the compression config)
_TOKEN = re.compile(rb"^[0-9a-f]{32,256}$")
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed codes
_DROPPED = {b"content-length", b"content-encoding", b"set-cookie", b"vary"}


@dataclass(frozen=True, slots=True)
class Page:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    parts: tuple[bytes, ...]  # the body, cut where the CSRF token was
    deflated: tuple[bytes, ...]  # each part deflated on its own, ending on a full flush
    size: int
    expires: float


def deflate_part(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def stored_block(data: bytes) -> bytes:
    """A non-final stored block; `data` is a token, far below the 65 535-byte limit."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def gzip_copy(page: Page, token: bytes) -> bytes:
    chunks = [_GZIP_HEADER, page.deflated[0]]
    crc = zlib.crc32(page.parts[0])
    literal = stored_block(token)
    for part, deflated in zip(page.parts[1:], page.deflated[1:], strict=True):
        chunks += (literal, deflated)
        crc = zlib.crc32(part, zlib.crc32(token, crc))
    size = sum(map(len, page.parts)) + len(token) * (len(page.parts) - 1)
    chunks += (_FINAL_BLOCK, struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    return b"".join(chunks)


def make_page(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes, token: bytes, now: float
) -> Page:
    parts = tuple(body.split(token)) if token else (body,)
    kept = tuple((k, v) for k, v in headers if k.lower() not in _DROPPED)
    return Page(status, kept, parts, tuple(map(deflate_part, parts)), len(body), now + TTL_SECONDS)


def _cookies(raw: bytes) -> dict[bytes, bytes] | None:
    found: dict[bytes, bytes] = {}
    for item in raw.split(b";"):
        name, sep, value = item.strip().partition(b"=")
        if not sep:
            if name:
                return None
            continue
        found[name] = value
    return found


class PageCache:
    """One per process: each worker fills its own, bounded in entries and in page size."""

    def __init__(
        self,
        *,
        csrf_cookie: str,
        csrf_secret: str,
        csrf_cookie_secure: bool,
        allowed_cookies: frozenset[str],
        clock_now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pages: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        self._csrf = csrf_cookie.encode()
        self._secret = csrf_secret
        self._secure = csrf_cookie_secure
        self._allowed = frozenset(c.encode() for c in allowed_cookies) | {self._csrf}
        self._now = clock_now
        self.hits = 0
        # Paths whose handler does not opt in: skipped at once next time (bounded).
        self._never: set[str] = set()

    def __len__(self) -> int:
        return len(self._pages)

    def clear(self) -> None:
        self._pages.clear()
        self._never.clear()

    def _new_cookie(self, token: str) -> bytes:
        """The cookie Litestar's CSRF middleware would set, written directly: its Cookie class
        copies a dataclass per call, half the cost of a copy."""
        secure = "; Secure" if self._secure else ""
        return f"{self._csrf.decode()}={token}; Path=/; SameSite=lax{secure}".encode()

    def _key(self, scope: Scope, cookies: dict[bytes, bytes]) -> tuple[Any, ...]:
        htmx = tuple(sorted((k, v) for k, v in scope["headers"] if k.startswith(b"hx-")))
        host = next((v for k, v in scope["headers"] if k == b"host"), b"")
        # The language cookie (the only other one allowed) picks the page's language.
        extra = tuple(sorted((k, v) for k, v in cookies.items() if k != self._csrf))
        return (scope["path"], scope.get("query_string", b""), host, htmx, extra, clock.today())

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def cached(scope: Scope, receive: Receive, send: Send) -> None:
            if (
                scope["type"] != ScopeType.HTTP
                or scope.get("method") != "GET"
                or scope["path"] in self._never
            ):
                await app(scope, receive, send)
                return
            cookie_header = b""
            gzip_ok = False
            for name, value in scope["headers"]:
                if name == b"cookie":
                    cookie_header = cookie_header + b";" + value if cookie_header else value
                elif name == b"accept-encoding":
                    gzip_ok = b"gzip" in value
            cookies = _cookies(cookie_header)
            if cookies is None or not cookies.keys() <= self._allowed:
                await app(scope, receive, send)  # a session or a draft: maybe personal
                return
            token = cookies.get(self._csrf)
            if token is not None and not _TOKEN.match(token):
                await app(scope, receive, send)  # Litestar decides what to do with it
                return
            key = self._key(scope, cookies)
            page = self._pages.get(key)
            if page is not None and page.expires > self._now():
                self._pages.move_to_end(key)
                self.hits += 1
                await self._serve(page, token, gzip_ok, send)
                return
            await self._fill(app, scope, receive, send, key, token)

        return cached

    async def _serve(self, page: Page, token: bytes | None, gzip_ok: bool, send: Send) -> None:
        headers = list(page.headers)
        if token is None:
            fresh = generate_csrf_token(secret=self._secret)
            token = fresh.encode()
            headers.append((b"set-cookie", self._new_cookie(fresh)))
        if gzip_ok and page.size >= MIN_COMPRESSED:
            body = gzip_copy(page, token)
            headers.append((b"content-encoding", b"gzip"))
        else:
            body = token.join(page.parts)
        headers += ((b"content-length", str(len(body)).encode()), (b"vary", b"accept-encoding"))
        await send({"type": "http.response.start", "status": page.status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _fill(
        self,
        app: ASGIApp,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[Any, ...],
        token: bytes | None,
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        keep = True

        async def watch(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(map(len, chunks)) <= MAX_BODY
            await send(message)

        await app(scope, receive, watch)
        handler = scope.get("route_handler")
        if handler is not None and not handler.opt.get(ANONYMOUS_CACHE):
            if len(self._never) < MAX_ENTRIES:
                self._never.add(scope["path"])
            return
        if not keep or not start or handler is None:
            return
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        if start["status"] != 200 or not self._storable(headers, token):
            return
        body = b"".join(chunks)
        if any(k.lower() == b"content-encoding" and v == b"gzip" for k, v in headers):
            body = gzip.decompress(body)
        used = token or self._issued(headers)
        self._pages[key] = make_page(200, headers, body, used or b"", self._now())
        while len(self._pages) > MAX_ENTRIES:
            self._pages.popitem(last=False)

    def _storable(self, headers: list[tuple[bytes, bytes]], token: bytes | None) -> bool:
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"set-cookie" and not value.startswith(self._csrf + b"="):
                return False  # a language switch, a draft: not for the next visitor
            if lowered == b"set-cookie" and token is not None:
                return False
            if lowered == b"cache-control" and (b"private" in value or b"no-store" in value):
                return False
            if lowered == b"content-encoding" and value != b"gzip":
                return False
        return True

    def _issued(self, headers: list[tuple[bytes, bytes]]) -> bytes | None:
        for name, value in headers:
            if name.lower() == b"set-cookie" and value.startswith(self._csrf + b"="):
                return value[len(self._csrf) + 1 :].split(b";", 1)[0]
        return None
