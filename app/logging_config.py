"""Logging that never records who someone is, what they wrote, or a secret.

Uvicorn's access log normally starts with the client's IP address; ours records only
method, path (without the query string, with any token-like segment masked) and status.
Request bodies are never logged. An error is logged as its exception type and the route's
template (``POST /s/{code}/reflections``): :class:`PrivateErrors` strips tracebacks,
exception messages and SQL parameters from every record, whoever logs it (uvicorn,
SQLAlchemy, asyncio or our own code), because a traceback's values can hold typed text,
device keys or token hashes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# A path segment that looks like a secret: 16+ URL-safe characters that are not a
# lowercase slug like ``03-a-word-about-words``. Join codes (6 characters) stay readable.
_SLUG = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_TOKENISH = re.compile(r"[A-Za-z0-9_\-~.%=+]{16,}")
MASK = "[secret]"
QUIET_LOGGERS = ("sqlalchemy", "psycopg", "alembic", "multipart", "python_multipart")


def mask_path(path: str) -> str:
    """``/f/K7P4XM/Zx9...Q/action`` → ``/f/K7P4XM/[secret]/action``."""
    path = path.split("?", 1)[0]
    parts = path.split("/")
    for index, part in enumerate(parts):
        if (_TOKENISH.fullmatch(part) and not _SLUG.fullmatch(part)) or len(part) > 64:
            parts[index] = MASK
    return "/".join(parts)


class PrivateErrors(logging.Filter):
    """Keeps a record's logger, level and fixed message; drops what could carry data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind = record.exc_info[0].__name__
            record.msg = f"{_message(record)} [{kind}]"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        elif record.name.startswith(QUIET_LOGGERS):
            # Their messages interpolate SQL, parameters or field values: keep the template.
            record.msg = _message(record)
            record.args = ()
        return True


def _message(record: logging.LogRecord) -> str:
    """The record's fixed text: the template without its arguments, first line only."""
    template = str(record.msg).strip().splitlines()[0] if str(record.msg).strip() else ""
    if record.args:
        template = re.sub(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGc%]", "…", template)
    return template[:200]


class AnonymousAccessFormatter(logging.Formatter):
    """Formats uvicorn access records as ``METHOD /path STATUS`` with no address."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, path, _version, status = args
            record.msg = "%s %s %s"
            record.args = (method, mask_path(str(path)), status)
        return super().format(record)


def install(logger_names: tuple[str, ...] = ("", "uvicorn", "uvicorn.error", "cyt")) -> None:
    """Add :class:`PrivateErrors` where records are made or handled, whatever the config.

    ``cyt serve`` configures logging with :data:`LOG_CONFIG`; this also covers an app run
    some other way (``uvicorn app.main:app``, tests).
    """
    for name in (*logger_names, "asyncio", *QUIET_LOGGERS):
        logger = logging.getLogger(name)
        targets: list[logging.Filterer] = [logger, *logger.handlers]
        for target in targets:
            if not any(isinstance(f, PrivateErrors) for f in target.filters):
                target.addFilter(PrivateErrors())
    for name in QUIET_LOGGERS:  # never at INFO: that is where SQL and parameters go
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "app.logging_config.PrivateErrors"}},
    "formatters": {
        "default": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "access": {
            "()": "app.logging_config.AnonymousAccessFormatter",
            "format": "%(asctime)s access: %(message)s",
        },
    },
    "handlers": {
        "default": {
            "class": "logging.StreamHandler",
            "formatter": "default",
            "filters": ["private"],
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["private"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["default"], "level": "WARNING"},
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "cyt": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "sqlalchemy": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        "asyncio": {"handlers": ["default"], "level": "WARNING", "propagate": False},
    },
}
