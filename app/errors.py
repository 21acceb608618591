"""The JSON API's one error model, and the OpenAPI document that describes only the API.

Every API error, from a route, a dependency, validation or the middleware, has the body
``{"detail": "<what went wrong>", "errors": [{"loc": [...], "msg": "...", "type": "..."}]}``
with ``errors`` listing the fields at fault (empty when no one field is). Nothing sent is
ever repeated back: validation errors carry field locations, messages and types, never the
input.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

API_PREFIX = "/api/v1"
ERROR_DETAILS = {
    400: "bad request",
    401: "not authorised",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    409: "conflict",
    413: "request body too large",
    415: "unsupported media type",
    422: "invalid request",
    429: "too many requests",
    500: "server error",
    503: "service unavailable",
}


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is, e.g. ['body', 'title'].")
    msg: str
    type: str


class ApiError(BaseModel):
    """The body of every error response from the JSON API."""

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


def _error_response(description: str) -> dict[str, Any]:
    return {"model": ApiError, "description": description}


# Declared on the API router so the spec lists the errors each call can really answer.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error_response("The request was not understood."),
    404: _error_response("No such session, reflection or format."),
    413: _error_response("The body is larger than any call needs."),
    415: _error_response("Only JSON bodies are accepted."),
    422: _error_response("A field is missing or not valid."),
    429: _error_response("Too many requests; see Retry-After."),
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _error_response("The facilitator token or device token is missing or wrong."),
}
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: _error_response("The session's state does not allow this now."),
}


def api_error(
    status_code: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ApiError(detail=detail, errors=[FieldError(**e) for e in errors or []])
    merged = {"Cache-Control": "no-store", **(headers or {})}
    return JSONResponse(body.model_dump(), status_code=status_code, headers=merged)


def api_validation_error(exc: RequestValidationError) -> JSONResponse:
    errors = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    return api_error(422, ERROR_DETAILS[422], errors)


def api_openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document for ``/api/v1`` only (the HTML pages are not an API)."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description="The JSON API of Check your thinking. Every error body is an ApiError.",
            routes=app.routes,
        )
        schema["paths"] = {
            path: item for path, item in schema["paths"].items() if path.startswith(API_PREFIX)
        }
        _keep_used_components(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def _keep_used_components(schema: dict[str, Any]) -> None:
    """Drop component schemas that only the HTML pages' forms used."""
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    used: set[str] = set()
    pending = [schema["paths"]]
    while pending:
        text = json.dumps(pending.pop())
        for name in re.findall(r'"#/components/schemas/([^"]+)"', text):
            if name not in used and name in components:
                used.add(name)
                pending.append(components[name])
    for name in list(components):
        if name not in used:
            del components[name]
