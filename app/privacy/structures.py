"""Structures that name a place or an organisation by their shape, and agencies to keep.

Streets ("Gladstone Street", "Heol y Nant"), named homes and estates ("Tŷ Derwen",
"Glasfryn House", "the Tawelfan estate"), schools, surgeries, clubs and businesses
("Maes Helyg Primary", "Golden Palace takeaway"), and multi-word places ("Ebbw Vale").
Agencies, councils, health boards and regions are marked first so nothing here or in
``names.py`` redacts them.
"""

from __future__ import annotations

from app.privacy import cues
from app.privacy.labels import Label
from app.privacy.view import TextView

# Words that may follow an organisation's kind: "Primary School", "Boxing Club", not "The".
_ORG_TAIL = (cues.ORG_STRONG | cues.ORG_WEAK | cues.ORG_DESCRIPTORS) - cues.RUN_CONNECTORS - {"and"}


def protect_agencies(v: TextView) -> None:
    """Agencies, councils, health boards and regions are never redacted."""
    tokens = v.tokens
    for i in range(len(tokens)):
        for k in range(i, i + v.gaz.keep.match(tokens, i)):
            v.protected[k] = True
    for i, t in enumerate(tokens):
        if not (v.cap(t) or t.all_caps):
            continue
        for ending in cues.AGENCY_ENDINGS:
            if ending[0] in (t.norm, t.low) and v.next_words(i, ending[1:]):
                for k in range(_agency_start(v, i), i + len(ending)):
                    v.protected[k] = True
        if v.cap(t) and t.low in cues.AGENCY_PREFIXES:
            run = v.run_right(i)
            for k in (i, *run) if run else ():
                v.protected[k] = True


def _agency_start(v: TextView, i: int) -> int:
    """Where the agency whose kind word is at ``i`` begins: "[Neath Port Talbot] Council".

    A person's name, a title or a possessive ends the walk, so "Tia's Social Services" and
    "Mr Police" protect no name.
    """
    first = i
    while first - 1 >= 0 and v.joined(first - 1, first):
        before = v.tokens[first - 1]
        named = v.gaz.is_name(before) and not v.gaz.is_place(before)
        capital = v.cap(before) or before.all_caps
        if not capital or before.possessive or named or before.low in cues.TITLES:
            break
        first -= 1
    return first


def find_structures(v: TextView) -> None:
    """Streets, homes, estates, schools, clubs, businesses and multi-word places."""
    _places(v)
    for i, t in enumerate(v.tokens):
        if v.blocked[i] or v.protected[i] or not t.alphabetic:
            continue
        low = t.low
        if v.cap(t) or (t.all_caps and low in cues.ORG_STRONG):
            if low in cues.ORG_STRONG or low in cues.ORG_WEAK:
                _org_suffix(v, i)
            if low in cues.STREET_STRONG or low in cues.STREET_WEAK:
                _street_suffix(v, i)
            if low in cues.WELSH_STREET_PREFIXES:
                _prefixed(v, i, Label.PLACE)
            if low in cues.BUILDING_PREFIXES:
                _prefixed(v, i, Label.ADDRESS)
            if low in cues.ORG_PREFIXES:
                _prefixed(v, i, Label.ORG)
            if low in cues.BUILDING_SUFFIXES:
                _building_suffix(v, i)
        elif t.text.islower():
            if low in _SCHOOL_KINDS:
                _school_before(v, i)
            elif low in cues.BUSINESS_AFTER:
                _named_before(v, i, Label.ORG)
            for words in cues.BUILDING_AFTER:
                if t.norm == words[0] and v.next_words(i, words[1:]):
                    _named_before(v, i, Label.ADDRESS)


def _places(v: TextView) -> None:
    tokens = v.tokens
    i = 0
    while i < len(tokens):
        length = v.gaz.places.match(tokens, i)
        first = tokens[i]
        if not length and v.cap(first) and v.gaz.is_place(first):
            after = v.token(i + 1)
            extended = after and v.cap(after) and after.low in cues.PLACE_EXTENSIONS
            length = 1 if extended and v.joined(i, i + 1) else 0
        taken = any(v.blocked[k] or v.protected[k] for k in range(i, i + length))
        usable = length and not taken
        if usable and (v.cap(first) or not v.common(first)):
            last = i + length - 1
            while last + 1 < len(tokens) and v.joined(last, last + 1):
                nxt = tokens[last + 1]
                if not (v.cap(nxt) and nxt.low in cues.PLACE_EXTENSIONS):
                    break
                last += 1
            v.add_span(i, last, Label.PLACE)
            i = last + 1
            continue
        i += 1


def _org_suffix(v: TextView, i: int) -> None:
    tokens = v.tokens
    last = i
    while (
        last + 1 < len(tokens)
        and v.joined(last, last + 1)
        and v.cap(tokens[last + 1])
        and tokens[last + 1].low in _ORG_TAIL
    ):
        last += 1
    after = v.token(last + 1)
    if after and v.joined(last, last + 1) and v.cap(after) and after.low in cues.STREET_STRONG:
        return  # "High Street" is a street, not a school
    run = v.run_left(i)
    named = [k for k in run if tokens[k].low not in cues.ORG_DESCRIPTORS]
    if not named:
        return
    strong = any(tokens[k].low in cues.ORG_STRONG for k in range(i, last + 1))
    proper = any(not v.common(tokens[k]) or v.in_structure[k] for k in named)
    if not strong and not proper:
        return
    v.add_span(run[0], last, Label.ORG)


def _street_suffix(v: TextView, i: int) -> None:
    tokens = v.tokens
    t = tokens[i]
    after = v.token(i + 1)
    if t.text == "St" and after and v.cap(after) and v.joined(i, i + 1):
        return  # "St Mellons", "St Giles": a saint, not a street
    run = v.run_left(i)
    if not run:
        return
    if t.low in cues.STREET_WEAK and all(
        v.common(tokens[k]) and "-" not in tokens[k].text for k in run
    ):
        return
    direction = after is not None and v.cap(after) and after.low in cues.STREET_DIRECTIONS
    last = i + 1 if direction and v.joined(i, i + 1) else i
    v.add_span(run[0], last, Label.PLACE)


def _prefixed(v: TextView, i: int, label: Label) -> None:
    """A Welsh street, home or school named after its kind: "Heol y Nant", "Tŷ Derwen"."""
    run = v.run_right(i)
    if run and any(v.tokens[k].low not in cues.RUN_CONNECTORS for k in run):
        v.add_span(i, run[-1], label)


def _building_suffix(v: TextView, i: int) -> None:
    run = v.run_left(i)
    if run and any(not v.common(v.tokens[k]) for k in run):
        v.add_span(run[0], i, Label.ADDRESS)


# Lower-case kinds that are part of a school's name: "Bryntirion comp", "Cathays high".
_SCHOOL_KINDS = frozenset(
    ("comp", "high", "primary", "academy", "college", "school", "nursery", "juniors", "infants")
)


def _school_before(v: TextView, i: int) -> None:
    """ "Bryntirion comp", "Whitchurch high school": the name and the kind are one ORG.
    An ordinary word alone ("an English-medium school") or a month names no school."""
    run = v.run_left(i)
    while run and v.tokens[run[-1]].low in cues.RUN_CONNECTORS:
        run.pop()
    if not run:
        return
    words = [v.tokens[k] for k in run]
    if any(w.low in cues.CALENDAR or w.norm in v.gaz.keep_words for w in words):
        return
    if len(words) == 1 and v.common(words[0]) and not v.gaz.is_place(words[0]):
        return
    last = i
    nxt = v.token(i + 1)
    if nxt is not None and v.joined(i, i + 1) and nxt.low in _SCHOOL_KINDS:
        last = i + 1  # "Whitchurch high school"
    v.add_span(run[0], last, Label.ORG)


def _named_before(v: TextView, i: int, label: Label) -> None:
    """The capitalised name before a plain word: "Golden Palace takeaway", "X estate"."""
    run = v.run_left(i)
    if not run:
        return
    first = v.tokens[run[0]]
    if first.sentence_start and v.ordinary(first):
        run = v.trim(run[1:])
    if run and not any(v.tokens[k].norm in v.gaz.keep_words for k in run):
        v.add_span(run[0], run[-1], label)
