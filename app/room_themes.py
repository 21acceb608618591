"""The session's themes: suggestions from the reflections, shaped by the facilitator.

Suggestions (:mod:`app.theme_groups`) are recomputed from the redacted reflections each
time they are needed; nothing is stored until the facilitator edits a theme. Then that
theme is stored (:class:`app.models.Theme`) with the suggestion keys it adopts and its
members pinned (:class:`app.models.ThemePlacement`), so:

* what the facilitator renamed, merged, split off, hid or moved stays as they left it,
  however the suggestions shift as more people write;
* a reflection that arrives later and is suggested into a group the facilitator already
  shaped joins their version of it (by key, merges included);
* anything the facilitator never touched keeps following the suggestions.

References (``ref``) name a theme in forms and URLs: ``t<id>`` for a stored theme,
``s:<key>`` for a suggestion not stored yet. Counting people and the k-threshold for
the room and the exports happen in :mod:`app.aggregates`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from app import store
from app.limits import THEME_LABEL_MAX
from app.models import LiveSession, Reflection, Theme
from app.theme_groups import Item, Suggestion, suggest

NO_THEME = "none"
NEW_THEME = "new"


class ThemeError(ValueError):
    """An edit that cannot be made (unknown theme, empty name...): ``code`` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class RoomTheme:
    ref: str
    label: str
    members: list[Reflection] = field(default_factory=list)
    hidden: bool = False
    stored: bool = False
    keys: tuple[str, ...] = ()

    @property
    def contributors(self) -> set[str]:
        return {str(r.participant_id) for r in self.members}

    @property
    def people(self) -> int:
        return len(self.contributors)


@dataclass
class RoomThemes:
    themes: list[RoomTheme]  # largest first; hidden ones included
    unthemed: list[Reflection]

    def by_ref(self, ref: str) -> RoomTheme | None:
        return next((t for t in self.themes if t.ref == ref), None)

    def theme_of(self, reflection_id: int) -> RoomTheme | None:
        return next((t for t in self.themes if any(r.id == reflection_id for r in t.members)), None)


def _items(reflections: Sequence[Reflection]) -> list[Item]:
    return [
        Item(
            id=r.id or 0,
            contributor=str(r.participant_id),
            card=r.card_number,
            text=r.text,
            kind=r.kind,
            level=r.level,
        )
        for r in reflections
    ]


# One reflection event redraws the projector's themes and quotes and the console's panel:
# the suggestions for the same reflections are computed once. Keyed by a digest, so no
# reflection text is kept here.
_SUGGESTED: OrderedDict[bytes, list[Suggestion]] = OrderedDict()
_SUGGESTED_SIZE = 32
_LOCK = threading.Lock()


def suggestions(items: Sequence[Item], lang: str) -> list[Suggestion]:
    digest = hashlib.blake2b(lang.encode(), digest_size=16)
    for i in items:
        digest.update(
            f"{i.id}\x1f{i.contributor}\x1f{i.card}\x1f{i.kind}\x1f{i.level}\x1f".encode()
        )
        digest.update(i.text.encode())
        digest.update(b"\x1e")
    key = digest.digest()
    with _LOCK:
        found = _SUGGESTED.get(key)
        if found is not None:
            _SUGGESTED.move_to_end(key)
            return found
    found = suggest(items, lang)
    with _LOCK:
        _SUGGESTED[key] = found
        while len(_SUGGESTED) > _SUGGESTED_SIZE:
            _SUGGESTED.popitem(last=False)
    return found


def resolve(
    reflections: Sequence[Reflection],
    lang: str,
    stored: Sequence[Theme],
    placements: dict[int, int | None],
) -> RoomThemes:
    """The facilitator's version of the themes over ``reflections`` (hidden ones left out)."""
    suggested = suggestions(_items(reflections), lang)
    by_id = {t.id: t for t in stored if t.id is not None}

    def active(theme_id: int | None) -> Theme | None:
        seen: set[int] = set()
        theme = by_id.get(theme_id) if theme_id is not None else None
        while theme is not None and theme.merged_into is not None and theme.id not in seen:
            seen.add(theme.id or 0)
            theme = by_id.get(theme.merged_into)
        return theme

    owner_of_key: dict[str, Theme] = {}
    for theme in stored:
        target = active(theme.id)
        for key in theme.keys.split():
            if target is not None:
                owner_of_key.setdefault(key, target)

    themes: dict[str, RoomTheme] = {}
    for theme in stored:
        if theme.merged_into is None and theme.id is not None:
            themes[f"t{theme.id}"] = RoomTheme(
                ref=f"t{theme.id}",
                label=theme.label,
                hidden=theme.hidden,
                stored=True,
                keys=tuple(theme.keys.split()),
            )
    suggested_ref: dict[int, str] = {}
    for suggestion in suggested:
        owner = owner_of_key.get(suggestion.key)
        if owner is not None:
            ref = f"t{owner.id}"
        else:
            ref = f"s:{suggestion.key}"
            themes[ref] = RoomTheme(ref=ref, label=suggestion.label, keys=(suggestion.key,))
        for member in suggestion.members:
            suggested_ref[member] = ref

    unthemed: list[Reflection] = []
    for reflection in reflections:
        rid = reflection.id or 0
        placed: str | None
        if rid in placements:
            target = active(placements[rid])
            placed = f"t{target.id}" if target is not None else None
        else:
            placed = suggested_ref.get(rid)
        if placed is None or placed not in themes:
            unthemed.append(reflection)
        else:
            themes[placed].members.append(reflection)
    ordered = sorted(
        (t for t in themes.values() if t.members or t.stored),
        key=lambda t: (-t.people, -len(t.members), t.label.casefold()),
    )
    return RoomThemes(ordered, unthemed)


def room_themes(db: Session, live: LiveSession, reflections: Sequence[Reflection]) -> RoomThemes:
    return resolve(
        reflections,
        live.lang,
        store.themes(db, live=live),
        store.theme_placements(db, live=live),
    )


# Edits ---------------------------------------------------------------------------------


def _current(db: Session, live: LiveSession) -> RoomThemes:
    return room_themes(db, live, store.reflections(db, live=live, include_hidden=False))


def _materialise(db: Session, live: LiveSession, current: RoomThemes, ref: str) -> Theme:
    """The stored theme behind ``ref``; a suggestion is stored with its members pinned."""
    theme = current.by_ref(ref)
    if theme is None:
        raise ThemeError("unknown_theme")
    if theme.stored:
        found = db.get(Theme, int(ref[1:]))
        if found is None or found.session_id != live.id:
            raise ThemeError("unknown_theme")
        stored = found
    else:
        stored = store.add_theme(db, live=live, label=theme.label, keys=" ".join(theme.keys))
        theme.stored, theme.ref = True, f"t{stored.id}"
    store.place_reflections(
        db, live=live, reflection_ids=[r.id or 0 for r in theme.members], theme_id=stored.id
    )
    return stored


def _label(label: str) -> str:
    cleaned = " ".join(label.split())
    if not cleaned:
        raise ThemeError("empty_label")
    if len(cleaned) > THEME_LABEL_MAX:
        raise ThemeError("long_label")
    return cleaned


def rename(db: Session, *, live: LiveSession, ref: str, label: str) -> None:
    cleaned = _label(label)
    theme = _materialise(db, live, _current(db, live), ref)
    theme.label = store.theme_label(cleaned, live.lang)
    db.add(theme)
    db.commit()


def set_hidden(db: Session, *, live: LiveSession, ref: str, hidden: bool) -> None:
    theme = _materialise(db, live, _current(db, live), ref)
    theme.hidden = hidden
    db.add(theme)
    db.commit()


def merge(db: Session, *, live: LiveSession, ref: str, into: str) -> None:
    """Merge the theme ``ref`` into ``into``; its reflections and keys go with it."""
    if ref == into:
        raise ThemeError("same_theme")
    current = _current(db, live)
    source = _materialise(db, live, current, ref)
    target = _materialise(db, live, current, into)
    store.move_placements(db, live=live, source=source.id or 0, target=target.id or 0)
    target.keys = " ".join(dict.fromkeys(target.keys.split() + source.keys.split()))
    source.merged_into = target.id
    db.add_all([source, target])
    db.commit()


def move(db: Session, *, live: LiveSession, reflection_id: int, to: str, label: str = "") -> None:
    """Put one reflection into another theme, into none, or into a new theme."""
    current = _current(db, live)
    reflection = next(
        (r for t in current.themes for r in t.members if r.id == reflection_id), None
    ) or next((r for r in current.unthemed if r.id == reflection_id), None)
    if reflection is None:
        raise ThemeError("unknown_reflection")
    if to == NO_THEME:
        theme_id: int | None = None
    elif to == NEW_THEME:
        theme_id = store.add_theme(db, live=live, label=_label(label)).id
    else:
        theme_id = _materialise(db, live, current, to).id
    store.place_reflections(db, live=live, reflection_ids=[reflection_id], theme_id=theme_id)
    db.commit()


def split(
    db: Session, *, live: LiveSession, ref: str, reflection_ids: Sequence[int], label: str
) -> None:
    """Split the chosen reflections off ``ref`` into a new theme called ``label``."""
    cleaned = _label(label)
    current = _current(db, live)
    theme = current.by_ref(ref)
    if theme is None:
        raise ThemeError("unknown_theme")
    chosen = [r.id or 0 for r in theme.members if r.id in set(reflection_ids)]
    if not chosen:
        raise ThemeError("nothing_chosen")
    _materialise(db, live, current, ref)
    new = store.add_theme(db, live=live, label=cleaned)
    store.place_reflections(db, live=live, reflection_ids=chosen, theme_id=new.id)
    db.commit()
