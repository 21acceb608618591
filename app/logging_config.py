"""Logging that never records who someone is or what they wrote.

Uvicorn's access log normally starts with the client's IP address; ours records only
method, path (without the query string) and status. Request bodies are never logged.
"""

from __future__ import annotations

import logging
from typing import Any


class AnonymousAccessFormatter(logging.Formatter):
    """Formats uvicorn access records as ``METHOD /path STATUS`` with no address."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, path, _version, status = args
            path = str(path).split("?", 1)[0]
            record.msg = "%s %s %s"
            record.args = (method, path, status)
        return super().format(record)


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
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
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "cyt": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}
