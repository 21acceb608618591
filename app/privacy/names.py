"""Names and places found from words, word lists and context.

The rules, in the order they run (after ``structures.py``):

1. Cues: titles ("Mrs Price"), ranks and family words ("PC Sullivan", "Aunty Bev"),
   relations ("her mum Karen", "boyfriend Will"), naming words ("someone called 'Digger'").
2. Words: an uncommon capitalised word is a name or place; a listed first name or place
   is one in any case; a name that is also an ordinary word (Hope, Mark, Summer) needs
   a cue: a verb or possessive after it, an age beside it, a capital mid-sentence.
3. A name spreads: to the surname after it, to its other mentions, to the names listed
   with it ("Rose and Jade").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.privacy import context, cues
from app.privacy.gazetteer import Gazetteer
from app.privacy.labels import Label
from app.privacy.spans import Span
from app.privacy.structures import find_structures, protect_agencies
from app.privacy.tokens import Token
from app.privacy.view import TextView

# Never the second half of a name: "Cardiff The ..." is two things.
_NOT_CONTINUATIONS = cues.DETERMINERS | cues.RUN_CONNECTORS | cues.TITLES
# Words that never stand for a person on their own: "Friday said", "Mr said", "The said".
_NEVER_NICKNAMES = (
    cues.RELATIONS
    | cues.RANKS
    | cues.TITLES
    | cues.INSTITUTIONS
    | cues.CALENDAR
    | _NOT_CONTINUATIONS
    | cues.NAME_JOINERS
    | cues.PLACE_PREPOSITIONS
)
# An age beside a word: "Jade, 15,", "Ruby (14)", "Ruby - 14 -", "Maisie — 15 —".
_AGE_AFTER = re.compile(
    r"^\s*(?:,\s*(?:aged\s+)?\d{1,2}\s*[,)]|\(\s*\d{1,2}\s*\)|[-–—]\s*\d{1,2}\s*[-–—,])"
)


def find_names(
    text: str, tokens: Sequence[Token], blocked: Sequence[bool], gaz: Gazetteer, *, welsh: bool
) -> list[Span]:
    """Spans of names, places, streets, homes and organisations in ``text`` (they may
    overlap; merged later). ``blocked`` marks tokens already redacted by a pattern."""
    v = TextView(text, tokens, blocked, gaz, welsh=welsh)
    protect_agencies(v)
    find_structures(v)
    context.before_words(v)
    find_cued_names(v)
    find_words(v)
    context.after_words(v)
    spread(v)
    return v.found_spans()


def find_cued_names(v: TextView) -> None:
    """Titles, ranks, relations and naming words put a name in the next word."""
    tokens = v.tokens
    for i, t in enumerate(tokens):
        if v.blocked[i] or not t.alphabetic:
            continue
        low = t.low
        if low in cues.TITLES and (v.cap(t) or t.all_caps or low != "miss"):
            _after_title(v, i)
        if low in cues.RANKS and (v.cap(t) or t.all_caps):
            _after_cue(v, i, i + 1, accept_common=False)
        if low in cues.RELATIONS:
            _after_cue(v, i, i + 1, accept_common=False)
        _after_naming(v, i)


def _after_title(v: TextView, i: int) -> None:
    tokens = v.tokens
    j = i + 1
    nxt = v.token(j)
    if nxt is None or v.blocked[j] or v.protected[j] or not nxt.alphabetic:
        return
    gap = v.text[tokens[i].end : nxt.start]
    if gap.strip() not in ("", "."):
        return
    is_initial = len(nxt.core) == 1 and nxt.core.isupper()
    lower_name = nxt.text.islower() and not v.common(nxt)
    if not (v.cap(nxt) or is_initial or lower_name):
        return
    if nxt.norm in v.gaz.keep_words or nxt.low in cues.CALENDAR:
        return
    last = j
    after = v.token(j + 1)
    surname = after is not None and (v.gaz.is_name(after) or not v.common(after))
    if surname and after and v.joined(j, j + 1) and v.cap(after) and not nxt.possessive:
        last = j + 1
    v.spans.append(Span(tokens[i].start, tokens[last].name_end, Label.PERSON))
    for k in range(i, last + 1):
        v.labels[k] = Label.PERSON


def _after_cue(v: TextView, cue: int, j: int, *, accept_common: bool) -> None:
    """The word at ``j`` after a cue word is a name if it can be one."""
    tokens = v.tokens
    nxt = v.token(j)
    if nxt is None or not v.free(j):
        return
    gap = v.text[tokens[cue].end : nxt.start]
    if gap.strip(" ,'\"‘“") != "":
        return
    # "Aunty Jan", "nan May": after a relation a month is a name, unless a number follows.
    calendar = nxt.low in cues.CALENDAR and not (
        v.cap(nxt) and tokens[cue].low in cues.RANKS | cues.RELATIONS and not _number_after(v, j)
    )
    if calendar or v.gaz.is_acronym(nxt) or nxt.norm in v.gaz.keep_words:
        return
    if v.cap(nxt):
        after = v.token(j + 1)
        # A redacted neighbour counts as a capitalised word, so a second pass agrees.
        alone = not (after and (v.blocked[j + 1] or (v.joined(j, j + 1) and v.cap(after))))
        # "her sister Sky reported": one capitalised word after a relation is a name.
        single = alone and nxt.low not in cues.INSTITUTIONS
        if accept_common or single or v.gaz.is_name(nxt) or not v.common(nxt):
            v.set_label(j, Label.PERSON)
    elif nxt.text.islower() and len(nxt.core) >= 2 and "," not in gap:
        # Welsh puts adjectives after nouns ("partner niweidiol"): only listed names there.
        unknown = not v.common(nxt) and not v.welsh
        if nxt.low in v.gaz.first_names or unknown:
            v.set_label(j, Label.PERSON)


def _number_after(v: TextView, j: int) -> bool:
    after = v.token(j + 1)
    return after is not None and any(ch.isdigit() for ch in after.text)


def _after_naming(v: TextView, i: int) -> None:
    """ "called 'Digger'", "known as Tiny", "o'r enw Steve"."""
    t = v.tokens[i]
    length = 0
    if t.low in cues.NAMING:
        length = 1
    for phrase in cues.NAMING_PHRASES:
        if t.norm == phrase[0] and v.next_words(i, phrase[1:]):
            length = max(length, len(phrase))
    if not length:
        return
    before = v.token(i - 1)
    nickname_ok = before is not None and before.low in cues.NAMED_ONES
    _after_cue(v, i + length - 1, i + length, accept_common=nickname_ok)
    nxt = v.token(i + length)
    quoted = nxt is not None and nxt.quoted and v.free(i + length)
    if quoted and nxt and (v.cap(nxt) or not v.common(nxt)):
        v.set_label(i + length, Label.PERSON)


def find_words(v: TextView) -> None:
    """Capitalised uncommon words, listed names and places, initials."""
    for i, t in enumerate(v.tokens):
        if not v.free(i) or v.gaz.is_acronym(t):
            continue
        if t.all_caps and not v.shouting:
            _capitals(v, i)
        elif v.cap(t):
            _capitalised(v, i)
        else:
            _lower_case(v, i)


def _capitals(v: TextView, i: int) -> None:
    t = v.tokens[i]
    core = t.core
    if len(core) == 1:
        _single_capital(v, i)
    elif v.gaz.is_name(t) and not v.common(t):
        v.set_label(i, Label.PERSON)
    elif v.gaz.is_place(t) and not v.common(t):
        v.set_label(i, Label.PLACE)
    elif len(core) <= 3 and (not v.common(t) or (len(core) == 2 and t.low not in _TWO_LETTER)):
        v.set_label(i, Label.PERSON)  # initials: "JB", "AJ"


def _single_capital(v: TextView, i: int) -> None:
    t = v.tokens[i]
    if t.core in ("A", "I", "X"):
        return
    nxt = v.token(i + 1)
    welsh_next = nxt is not None and (nxt.text.islower() or nxt.low in v.gaz.welsh_words)
    if t.core == "Y" and welsh_next:
        return  # Welsh "Y peth pwysicaf", "Y Cynllun...": the article, not an initial
    before = v.token(i - 1)
    if before is not None and before.low in cues.NOT_INITIAL_AFTER:
        return
    before_char = v.text[t.start - 1 : t.start]
    after = v.text[t.end : t.end + 1]
    if after in ("-", "&", "/") or before_char in ("&", "/"):
        return  # "A&E", "T-shirt", "Q&A"
    if after == ":" and t.sentence_start:
        return  # a question-and-answer label: "Q: what worked? A: ...", "C: ... A: ..."
    v.set_label(i, Label.PERSON)


def _capitalised(v: TextView, i: int) -> None:
    t = v.tokens[i]
    if "-" in t.low and v.gaz.is_first_name(t):
        v.set_label(i, Label.PERSON)  # "Ruby-Mae": a double-barrelled name is never a word
        return
    common = v.common(t)
    # A surname that is also a word ("Green", "Price") needs a first name or title.
    name = v.gaz.is_first_name(t) if common else v.gaz.is_name(t)
    place = v.gaz.is_place(t)
    label = _person_or_place(v, i, name=name, place=place)
    if not common:
        if t.sentence_start and v.welsh and not (name or place or t.possessive):
            return  # Welsh sentences open with a verb we may not know
        v.set_label(i, label)
        return
    kept = t.norm in v.gaz.keep_words or t.low in v.gaz.keep_words
    if kept and not _surname_after(v, i):
        return  # "McDonald's", "Costa": a chain, not a person
    if _rated(v, i):
        return  # "RAG rated Amber", "rated the case Green": a rating, not a person
    if not (name or place):
        if _nickname(v, i):
            v.set_label(i, Label.PERSON)
        return
    # An ordinary word that is also a name (Hope, Summer, Barry) needs a cue.
    temporal = t.low in cues.TEMPORAL_NAMES or t.low in cues.CALENDAR
    if _after_article(v, i, temporal=temporal):
        return
    if _person_cue_after(v, i, strong=temporal) or not (
        t.sentence_start or temporal or _in_title(v, i)
    ):
        v.set_label(i, label)


# Job words that do what people do without naming one ("Deputy Head took", "Chair said").
_ROLE_WORDS = cues._set(
    "head deputy chair principal director lead manager officer nurse doctor governor warden "
    "coordinator chief staff everyone everybody nobody someone somebody one two three four five "
    "six seven eight nine ten each both all none neither either another other others"
)
# Two-letter words that stay words in capitals; any other pair of capitals is initials
# ("LB", "TM"), even where a dictionary lists it as an abbreviation ("lb").
_TWO_LETTER = cues._set(
    "am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye ya yo "
    "ah eh er ha ho mm ow uh um yr yn ei ac ni fi ti chi oe"
)
_RATING_WORDS = frozenset(("rated", "rating", "rag", "graded", "grade", "flagged", "marked"))


_COLOURS = frozenset(("red", "amber", "green", "blue", "black", "white", "grey"))


def _rated(v: TextView, i: int) -> bool:
    before = v.token(i - 1)
    if before is not None and before.low in _RATING_WORDS:
        return True
    if v.tokens[i].low not in _COLOURS:
        return False
    return any(v.tokens[k].low in _RATING_WORDS for k in range(max(0, i - 6), i))


def _surname_after(v: TextView, i: int) -> bool:
    """ "Sky Mathias": a word we would keep (a brand) is a first name before a surname."""
    nxt = v.token(i + 1)
    return (
        nxt is not None
        and v.free(i + 1)
        and v.joined(i, i + 1)
        and v.cap(nxt)
        and not v.common(nxt)
        and not v.gaz.is_acronym(nxt)
    )


def _person_or_place(v: TextView, i: int, *, name: bool, place: bool) -> Label:
    """ "to Barry" is the town, "Barry said" the man; an unknown word after "in" a place."""
    before = v.token(i - 1)
    after_preposition = before is not None and before.low in cues.PLACE_PREPOSITIONS
    if ((place or not name) and after_preposition) or (place and not name):
        return Label.PLACE
    return Label.PERSON


def _after_article(v: TextView, i: int, *, temporal: bool) -> bool:
    """ "the Grace period", "in May": a word after these is a thing or a time."""
    before = v.token(i - 1)
    if before is None or v.tokens[i].sentence_start or v.redacted(i - 1):
        return False
    return before.low in cues.DETERMINERS or (temporal and before.low in cues.TIME_WORDS)


def _nickname(v: TextView, i: int) -> bool:
    """An ordinary word used as a nickname: in quotes ("'Smiley' oedd yn...") or, mid-
    sentence, doing what only people do ("Rocky was 26", "'Spud told me")."""
    t = v.tokens[i]
    if t.sentence_start or t.low in _NEVER_NICKNAMES:
        return False
    if _after_article(v, i, temporal=False) or _in_title(v, i):
        return False
    if t.quoted:
        return True
    nxt, after = v.token(i + 1), v.token(i + 2)
    if nxt is None or not v.joined(i, i + 1):
        return False
    if nxt.norm in cues.PERSON_AFTER_STRONG:
        return True
    # Mid-sentence, a capitalised word doing what people do ("when Blessing finally trusted")
    # is a name; an agency or service word is not ("Education said").
    if nxt.norm in cues.PERSON_AFTER and t.low not in cues.INSTITUTIONS | _ROLE_WORDS:
        return True
    age = after is not None and after.text.isdigit() and len(after.text) <= 2
    return nxt.norm in ("was", "is") and age


def _person_cue_after(v: TextView, i: int, *, strong: bool) -> bool:
    """A possessive, an age, a verb or a surname after a word makes it a name."""
    t = v.tokens[i]
    if t.possessive or _AGE_AFTER.match(v.text[t.end :]):
        return True
    nxt = v.token(i + 1)
    if nxt is None or not v.joined(i, i + 1):
        return False
    verbs = cues.PERSON_AFTER_STRONG if strong else cues.PERSON_AFTER
    if nxt.norm in verbs:
        return True
    return v.cap(nxt) and nxt.alphabetic and not v.common(nxt) and not strong


def _in_title(v: TextView, i: int) -> bool:
    """Part of a title-cased phrase of ordinary words ("Grace Period", "Hope card")."""
    for j in (i - 1, i + 1):
        other = v.token(j)
        if other is None or v.redacted(j) or not v.joined(min(i, j), max(i, j)):
            continue  # a redacted word is no evidence: a second pass will not see it
        if other.low in cues.TITLE_WORDS:
            return True
        if other.sentence_start and j < i:
            continue  # its capital belongs to the sentence, not to a title
        if v.cap(other) and v.ordinary(other) and other.low not in cues.RELATIONS:
            return True
    return False


def _lower_case(v: TextView, i: int) -> None:
    t = v.tokens[i]
    if not t.text.islower() and not v.shouting:
        return
    if v.common(t):
        return
    if v.gaz.is_first_name(t) or _possessive_without_apostrophe(v, t):
        v.set_label(i, Label.PERSON)
    elif v.gaz.is_place(t):
        v.set_label(i, Label.PLACE)


def _possessive_without_apostrophe(v: TextView, t: Token) -> bool:
    """ "at ellies", "Tias mum": a listed first name with a bare "s"."""
    stem = t.low[:-1]
    return t.low.endswith("s") and len(stem) >= 3 and stem in v.gaz.first_names


def spread(v: TextView) -> None:
    """Surnames after names, other mentions of a name, and names listed together."""
    _surnames(v)
    _other_mentions(v)
    _listed_together(v)
    _surnames(v)


def _surnames(v: TextView) -> None:
    tokens = v.tokens
    for i in range(len(tokens) - 1):
        label = v.labels[i]
        if label not in (Label.PERSON, Label.PLACE) or v.in_structure[i]:
            continue
        if not v.joined(i, i + 1) or tokens[i].possessive:
            continue
        j = i + 1
        nxt = tokens[j]
        if not v.free(j) or nxt.low in cues.CALENDAR or v.gaz.is_acronym(nxt):
            continue
        if (
            nxt.low in cues.RELATIONS
            or nxt.low in _NOT_CONTINUATIONS
            or (nxt.norm in v.gaz.keep_words and not v.gaz.is_name(nxt))
        ):
            continue
        if nxt.low in cues.NAME_PARTICLES and label == Label.PERSON:
            after = v.token(j + 1)
            named = after is not None and (v.free(j + 1) or v.labels[j + 1] == Label.PERSON)
            if named and after and v.joined(j, j + 1) and v.cap(after):
                v.labels[j] = Label.PERSON  # "Aled ap Rhys"
                v.set_label(j + 1, Label.PERSON)
            continue
        if v.cap(nxt):
            if nxt.low in cues.PERSON_AFTER:
                continue
            v.set_label(j, Label(label))
        elif (
            nxt.text.islower()
            and tokens[i].text.islower()
            and (nxt.low in v.gaz.surnames or not v.common(nxt))
        ):
            v.set_label(j, Label.PERSON)
    # A first name just before a found surname: "Grace Price" when only Price was found.
    for i in range(len(tokens) - 1, 0, -1):
        if v.labels[i] == Label.PERSON and v.free(i - 1) and v.joined(i - 1, i):
            before = tokens[i - 1]
            if v.cap(before) and before.low in v.gaz.first_names:
                v.set_label(i - 1, Label.PERSON)


def _other_mentions(v: TextView) -> None:
    found: dict[str, str] = {}
    for i, label in enumerate(v.labels):
        if label not in (Label.PERSON, Label.PLACE) or v.in_structure[i]:
            continue
        t = v.tokens[i]
        # Only names spread: an ordinary word joined to one ("Hafan Deg") stays ordinary.
        if t.alphabetic and not v.ordinary(t):
            found.setdefault(t.low, label)
    if not found:
        return
    for i, t in enumerate(v.tokens):
        label = found.get(t.low)
        if label and v.free(i) and (v.cap(t) or t.all_caps or not v.common(t)):
            v.set_label(i, Label(label))


def _listed_together(v: TextView) -> None:
    tokens = v.tokens
    for i, t in enumerate(tokens):
        if not v.free(i) or not v.cap(t):
            continue
        if not v.gaz.is_name(t):
            # "Ash and [Carter] were": an unlisted capital listed before a name is one too.
            nxt, other = v.token(i + 1), i + 2
            if (
                nxt is not None
                and nxt.low in ("and", "&", "a", "ac")
                and other < len(tokens)
                and v.labels[other] == Label.PERSON
                and t.low not in cues.INSTITUTIONS
                and t.norm not in v.gaz.keep_words
                and t.low not in _NEVER_NICKNAMES
                and (t.sentence_start or not v.common(t))
            ):
                v.set_label(i, Label.PERSON)
            continue
        for direction in (1, -1):
            other = i + 2 * direction
            middle = i + direction
            if not (0 <= other < len(tokens)) or v.labels[other] != Label.PERSON:
                continue
            if tokens[middle].low in cues.NAME_JOINERS:
                v.set_label(i, Label.PERSON)
        for direction in (1, -1):
            other = i + direction
            if 0 <= other < len(tokens) and v.labels[other] == Label.PERSON:
                a, b = min(i, other), max(i, other)
                if v.text[tokens[a].end : tokens[b].start].strip() == ",":
                    v.set_label(i, Label.PERSON)
