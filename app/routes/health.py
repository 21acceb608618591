"""Liveness: ``GET /healthz`` answers 200 once the app has loaded its content."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> dict[str, object]:
    deck = request.app.state.deck
    return {"status": "ok", "cards": len(deck.cards), "plans": len(deck.plans)}
