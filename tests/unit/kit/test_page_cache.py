"""The copies the page cache serves: gzip streams spliced from parts deflated once and the
visitor's token as stored blocks; gzip.decompress checks their CRC and length."""

from __future__ import annotations

import gzip

import pytest

from app.kit.page_cache import gzip_copy, make_page

TOKEN = b"a" * 128
OTHER = b"0123456789abcdef" * 8


@pytest.mark.parametrize(
    ("body", "tokens"),
    [
        (b"<p>no form here</p>" * 100, 0),
        (b'<meta content="' + TOKEN + b'">' + b"<li>x</li>" * 500, 1),
        (b"<head>" + TOKEN + b"</head><body>" + b"y" * 3000 + TOKEN + b"<form>" + TOKEN, 3),
        (TOKEN + b"starts and ends with the token" + TOKEN, 2),
    ],
    ids=["none", "one", "three", "at-the-edges"],
)
def test_each_copy_is_the_page_with_the_visitors_token(body: bytes, tokens: int) -> None:
    page = make_page(200, [], body, TOKEN, 0.0)
    assert len(page.parts) == tokens + 1

    assert gzip.decompress(gzip_copy(page, TOKEN)) == body
    assert gzip.decompress(gzip_copy(page, OTHER)) == body.replace(TOKEN, OTHER)
    assert OTHER.join(page.parts) == body.replace(TOKEN, OTHER)


def test_a_copy_is_smaller_than_the_page() -> None:

    body = b"<li><a href='/wizards'>Guides</a></li>" * 400 + TOKEN
    copy = gzip_copy(make_page(200, [], body, TOKEN, 0.0), OTHER)
    assert len(copy) < len(body) // 10


def test_the_stored_headers_drop_what_each_copy_sets_itself() -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"999"),
        (b"content-encoding", b"gzip"),
        (b"set-cookie", b"affilio_csrf=" + TOKEN + b"; Path=/; SameSite=lax"),
        (b"vary", b"accept-encoding"),
    ]
    page = make_page(200, headers, b"x", TOKEN, 10.0)
    assert page.headers == ((b"content-type", b"text/html; charset=utf-8"),)
    assert page.expires == 310.0


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_new_visitors_cookie_is_the_one_litestars_csrf_middleware_sets(secure: bool) -> None:
    from litestar.datastructures import Cookie

    from app.kit.page_cache import PageCache

    cache = PageCache(
        csrf_cookie="affilio_csrf", csrf_secret="s" * 32, csrf_cookie_secure=secure,
        allowed_cookies=frozenset({"affilio_lang"}),
    )  # fmt: skip
    theirs = Cookie(key="affilio_csrf", value="abc", path="/", secure=secure, samesite="lax")
    ours = cache._new_cookie("abc").decode()
    assert sorted(ours.split("; ")) == sorted(theirs.to_header(header="").split("; "))
    assert ours.startswith("affilio_csrf=abc; ")
