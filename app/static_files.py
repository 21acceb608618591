"""Static asset URLs carry a content hash, so browsers can cache them for a long time."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class StaticUrls:
    """``static('css/app.css')`` → ``/static/css/app.css?v=1a2b3c4d``."""

    def __init__(self, static_dir: Path, prefix: str = "/static") -> None:
        self.static_dir = static_dir
        self.prefix = prefix

    @cache  # noqa: B019 - one instance per app, lives as long as the app
    def __call__(self, path: str) -> str:
        file = self.static_dir / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.is_file() else "0"
        return f"{self.prefix}/{path}?v={digest}"


class CachedStaticFiles(StaticFiles):
    """Static files with a cache header: versioned URLs may be cached for a day."""

    async def get_response(self, path: str, scope: Scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers.setdefault("cache-control", "public, max-age=86400")
        return response
