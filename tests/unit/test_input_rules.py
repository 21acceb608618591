"""The one text-cleaning step, the one integer rule, and the private log filter."""

from __future__ import annotations

import logging

import pytest

from app.logging_config import PrivateErrors, mask_path
from app.middleware import host_allowed
from app.text import INT_MAX, clean_text, parse_int


def test_clean_text_drops_what_no_person_types() -> None:
    assert clean_text("a\x00b\ud800c\udfffd\x07e\x7f") == "abcde"
    assert clean_text("line one\r\nline two\rthree\tend") == "line one\nline two\nthree\tend"
    assert clean_text("Cymraeg: ŵ ŷ — 😀 日本") == "Cymraeg: ŵ ŷ — 😀 日本"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), (5, 5), (str(INT_MAX), INT_MAX)],
)
def test_parse_int_accepts_plain_digits(value: object, expected: int) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    "value", ["²", "⁰⁴⁵", "٣", "1²", "-1", "1e3", "", " ", str(2**31), str(2**64), True, None, 1.0]
)
def test_parse_int_refuses_anything_else(value: object) -> None:
    assert parse_int(value) is None


def test_mask_path_hides_tokens_but_keeps_codes_and_slugs() -> None:
    token = "Zx9kQ2-bP_4mL8vR1tY6uW3eA0sD5fG7hJ2kL9zX1cV"
    assert mask_path(f"/f/K7P4XM/{token}/action?x=1") == "/f/K7P4XM/[secret]/action"
    assert mask_path("/cards/03-a-word-about-words") == "/cards/03-a-word-about-words"
    assert mask_path("/static/css/app.3f9a1c2e4b7d.css") == "/static/css/app.3f9a1c2e4b7d.css"
    assert mask_path("/s/K7P4XM/events") == "/s/K7P4XM/events"


def test_private_errors_keep_the_type_and_drop_the_traceback_and_values() -> None:
    try:
        raise ValueError("Jane Smith typed this")
    except ValueError:
        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in %s", ("app",), None
        )
        import sys

        record.exc_info = sys.exc_info()
    PrivateErrors().filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError" in text
    assert "Jane" not in text and "Traceback" not in text
    sql = logging.LogRecord(
        "sqlalchemy.engine.Engine",
        logging.WARNING,
        __file__,
        1,
        "[%s] %r",
        ("x", {"t": "Jo"}),
        None,
    )
    PrivateErrors().filter(sql)
    assert "Jo" not in logging.Formatter().format(sql)


def test_host_allowed() -> None:
    allowed = ["localhost", "127.0.0.1", "::1", "*.example.org"]
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "cyt.example.org", "example.org"):
        assert host_allowed(host, allowed), host
    for host in ("evil.example", "example.org.evil.example", "", None, "localhost.evil"):
        assert not host_allowed(host, allowed), host
    assert host_allowed("anything", ["*"])
