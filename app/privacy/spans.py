"""Spans of identifying text, and how overlapping findings are combined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.privacy.labels import PRIORITY, Label

# Kinds of name that run into each other ("Bristol Temple Meads", "Aled ap Rhys").
_NAME_LIKE = frozenset({Label.PERSON, Label.PLACE, Label.ORG, Label.ADDRESS})


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """``text[start:end]`` is identifying; ``label`` says what kind (a :class:`Label`)."""

    start: int
    end: int
    label: str


def merge_spans(spans: Iterable[Span], text: str) -> tuple[Span, ...]:
    """Sorted, non-overlapping spans: overlaps become one span, and name-like neighbours
    split only by a space ("Nigel" + "Parry", "Bristol" + "Temple Meads") become one.

    The merged span keeps the label of its longest part (ties go to the more specific
    label), so "Maes Helyg Primary" stays ORG although "Maes Helyg" was also a street.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    weight: tuple[int, int] = (0, 0)  # (length, priority) of the part that names the label
    for span in ordered:
        if span.end <= span.start:
            continue
        this_weight = (span.end - span.start, PRIORITY.get(span.label, 0))
        if merged:
            last = merged[-1]
            gap = text[last.end : span.start]
            neighbours = span.label == last.label or (
                span.label in _NAME_LIKE and last.label in _NAME_LIKE
            )
            touching = span.start < last.end or (neighbours and gap == " ")
            if touching:
                label = last.label if weight >= this_weight else span.label
                weight = max(weight, this_weight)
                merged[-1] = Span(last.start, max(last.end, span.end), label)
                continue
        merged.append(span)
        weight = this_weight
    return tuple(merged)
