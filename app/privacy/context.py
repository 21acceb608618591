"""Rules that read a word's neighbours (issue 12): what the sentence says about a word,
not only which list it is on.

They run inside ``names.find_names`` on the same ``TextView``:

- ``before_words`` (after structures, before the name rules): nicknames in quotes as one
  whole span ("'Big T'", "“Boss Man”"), schools named after a saint or bishop
  ("Bishop Hedley", "St Illtyd's"), Welsh institutions whose name holds a region
  ("Coleg Bro Morgannwg"), prisons ("HMP Parc"), venues after "at the" ("outside the Lamb
  and Flag"), businesses before a kind ("Perfect Shine car wash", "Ely library"),
  lower-case schools ("cwmtaf high") and lower-case Welsh streets ("heol y felin").
- ``after_words`` (after the word rules, before spreading): family names used alone
  ("the Price kids", "teulu Green"), names after verbs of meeting and speaking ("met
  Brook", "spoke to jayden", "siaradais gyda Gethin"), and a listed name that is also a
  word when the sentence treats it as a person ("Rose and her sister").
"""

from __future__ import annotations

import re

from app.privacy import cues
from app.privacy.labels import Label
from app.privacy.spans import Span
from app.privacy.tokens import Token
from app.privacy.view import TextView
from app.privacy.welsh import mutated_forms

# A quoted run of one to three capitalised words or initials: 'Big T', "Boss Man", ‘Uncle D’.
_QUOTED = re.compile(
    r"(?<![\w'’])(['\"‘“])((?:[Tt]he )?(?:[A-Z][\w'’.-]*)(?:[ ][A-Z0-9][\w'’.-]*){0,2})"
    r"(['\"’”])(?![\w])"
)
# Schools and churches named after a person: the whole name is the organisation.
_SAINTLY = cues._set("bishop cardinal archbishop saint sant esgob pope st")
# Before a name, these make one nickname of both: "Big Mike", "Lil Kez", "Young Dai".
_NICKNAME_PREFIXES = cues._set("big little lil young old fat mad baby wee tiny")
# Words that a naming word may sit a few words before: "called the flat owner 'smokey'".
_NAMING_NEAR = cues._set("called calls call calling named nicknamed aka alias alw'n galw enw")
# Last words of a capitalised run that make it a document, list or procedure, not a venue.
_NOT_VENUE = cues._set(
    "register list plan procedures procedure guidance guide protocol pathway framework toolkit "
    "tool policy act order assessment minutes scheme standards form forms report review "
    "model approach training course"
)
# A person before a comma and a name: "the man, Dai Bach,", "y dyn, Stevo,".
_APPOSITION_PEOPLE = cues._set("man woman lad guy bloke boyfriend girlfriend dyn dynes boi")
# Words that make a capitalised run a topic or a group of people, not a venue ("into Child
# Sexual Abuse", "to Safeguard People").
_GENERIC_RUN_WORDS = cues._set(
    "people children child young persons carers families adults abuse exploitation neglect harm "
    "voice voices "
    "violence safety protection rights wellbeing sexual criminal online trauma practice"
)
# Plain words after a capitalised run that make it a programme or an activity, not a venue
# ("the Keep Safe sessions", "the Young Voices campaign").
_THING_AFTER = cues._set(
    "session sessions programme programmes course courses training work campaign week day "
    "pack toolkit meeting meetings group groups project initiative pilot model approach "
    "leaflet video app"
)
_COLOURS = cues._set("red amber green blue black white grey")
# Languages and nationalities after "in", "into": "in English", "into Welsh".
_LANGUAGES = cues._set(
    "english welsh cymraeg saesneg british irish scottish polish romanian arabic urdu bengali "
    "somali kurdish french spanish portuguese italian german chinese mandarin cantonese punjabi "
    "tigrinya farsi pashto albanian vietnamese bsl makaton"
)
# Before a single capitalised word these make it a town: "in Raglan", "from Usk".
_TOWN_WORDS = cues._set("in from to into near via")
# Before a single capitalised word these make it a venue: "at Sunrise supported living".
_AT_WORDS = cues._set("at outside near behind opposite inside above below beside")
_MORE_ORG_PREFIXES = frozenset(
    form
    for word in cues._set("ysbyty meithrinfa tafarn gwesty golchfa bwyty garej siop caffi")
    for form in (word, *mutated_forms(word))
)
_PRISONS = frozenset(("HMP", "HMYOI", "YOI", "HMPYOI"))
# "at the Royal Oak", "outside the Lamb and Flag": a capitalised run after these and "the".
_VENUE_BEFORE = cues._set(
    "at on off outside in inside near by behind from to into round around opposite past down up "
    "towards via above below beside"
)
_VENUE_JOINERS = cues._set("and & of")
# Plain words after a capitalised name that make it a venue or business.
_BUSINESS_PHRASES: tuple[tuple[str, ...], ...] = (
    ("car", "wash"),
    ("hand", "car", "wash"),
    ("library",),
    ("precinct",),
    ("taxis",),
    ("taxi", "firm"),
    ("cabs",),
    ("leisure", "centre"),
    ("shopping", "centre"),
    ("community", "centre"),
    ("youth", "club"),
    ("chip", "shop"),
    ("nail", "bar"),
    ("vape", "shop"),
    ("snooker", "hall"),
    ("working", "men's"),
    ("boxing", "gym"),
    ("car", "park"),
    ("retail", "park"),
    ("skate", "park"),
    ("tea", "room"),
    ("tea", "rooms"),
    ("pool", "hall"),
    ("dance", "school"),
)
# Lower-case school kinds after an unknown word: "cwmtaf high", "st marys primary".
_SCHOOL_LEADS = cues._set("st saint sant ysgol bishop cardinal our")
_SCHOOL_KINDS = cues._set("high primary comp comprehensive academy juniors infants pru college")
# Lower-case Welsh street and estate words: "heol y felin", "maes yr haf", "trem y mor".
_WELSH_STREETS_LOWER = cues._set(
    "heol ffordd stryd lôn lon maes clos cilgant rhodfa teras trem bryn cae parc llys cwrt stad"
)
_WELSH_ORGS_LOWER = frozenset(
    form
    for word in cues._set("ysgol coleg meddygfa clwb canolfan caffi siop tafarn")
    for form in (word, *mutated_forms(word))
)
# Lower-case words before a capitalised estate name: "stad Pen y Fai", "ystad Cae Glas".
_ESTATE_WORDS = cues._set("stad ystad estate")
# Nouns after a family name used alone: "the Pritchard kids", "the Price family".
_FAMILY_NOUNS = cues._set(
    "kids children family families boys girls brothers sisters twins lot household siblings "
    "clan cousins"
)
_FAMILY_WELSH = cues._set("teulu plant brodyr chwiorydd")
# Verbs and phrases after which a name comes: "spoke to jayden", "met Brook", "rang Nia".
_MET_VERBS = cues._set(
    "met meet meeting saw see seeing seen rang ring ringing phoned texted text texting "
    "messaged visited visit visiting told asked called emailed collected dropped "
    "gwelais welais ffoniais holais"
)
_MET_PHRASES: tuple[tuple[str, ...], ...] = (
    ("spoke", "to"),
    ("speak", "to"),
    ("speaking", "to"),
    ("talked", "to"),
    ("talk", "to"),
    ("talking", "to"),
    ("spoke", "with"),
    ("went", "with"),
    ("go", "with"),
    ("sat", "with"),
    ("worked", "with"),
    ("working", "with"),
    ("siaradais", "gyda"),
    ("siaradais", "â"),
    ("siarad", "gyda"),
    ("siarad", "â"),
    ("gyda", "'i", "ffrind"),
)


def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in index.items()}


_MET_BY_FIRST = _by_first(_MET_PHRASES)
_BUSINESS_BY_FIRST = _by_first(_BUSINESS_PHRASES)


def before_words(v: TextView) -> None:
    """Whole structures that the word rules would only half redact."""
    _quoted_nicknames(v)
    tokens = v.tokens
    for i, t in enumerate(tokens):
        if v.blocked[i] or not t.alphabetic:
            continue
        if t.core in _PRISONS or (v.cap(t) and t.low in _SAINTLY and not v.protected[i]):
            _prefix_run(v, i, Label.ORG, through_protected=False)
        elif v.cap(t) and (t.low in cues.ORG_PREFIXES or t.low in _MORE_ORG_PREFIXES):
            _prefix_run(v, i, Label.ORG, through_protected=True)
        elif t.low == "the" and not t.sentence_start:
            _venue_after_the(v, i)
        elif t.text in ("Y", "Yr") and not t.sentence_start:
            _welsh_capital_article(v, i)
        elif v.cap(t) and t.low in _NICKNAME_PREFIXES:
            _nickname_prefix(v, i)
        elif v.cap(t) and t.low in _EDUCATION and i and v.protected[i - 1]:
            _region_school(v, i)
        elif t.text.islower():
            _business_phrase(v, i)
            if t.low in _SCHOOL_KINDS:
                _lower_school(v, i)
            if t.low in _WELSH_STREETS_LOWER:
                _lower_welsh_street(v, i, Label.PLACE)
            elif t.low in _WELSH_ORGS_LOWER:
                _lower_welsh_street(v, i, Label.ORG)
            if t.low in _ESTATE_WORDS:
                _estate_after(v, i)
            if t.low in _VENUE_BEFORE:
                _title_run_after(v, i)
            if t.low in _AT_WORDS:
                _single_venue_after(v, i, Label.ORG)
            elif t.low in _TOWN_WORDS:
                _single_venue_after(v, i, Label.PLACE)


def _token_at(v: TextView, offset: int) -> int | None:
    for k, t in enumerate(v.tokens):
        if t.start <= offset < t.end:
            return k
    return None


_QUOTED_ANY = re.compile(
    r"(?<![\w'’])(['\"‘“])([\w][\w'’.-]*(?:[ ][\w][\w'’.-]*){0,2})(['\"’”])(?!\w)"
)


def _named_before(v: TextView, first: int) -> bool:
    """A naming word ("called", "known as") up to four words before token ``first``."""
    return any(
        v.tokens[k].low in _NAMING_NEAR or v.tokens[k].norm in _NAMING_NEAR
        for k in range(max(0, first - 4), first)
    )


# Before a quoted lower-case word these make it a description: "calling it 'choice'".
_DESCRIBED_BEFORE = cues.DETERMINERS | cues._set(
    "her him a an it this that them these those hyn hynny yn 'n fel"
)


def _lower_nickname(v: TextView, first: int, last: int) -> bool:
    """ "called the flat owner 'smokey'" is a nickname; "called her 'partner'", "called a
    'young woman'" and "called 'uncle'" are descriptions."""
    if not _named_before(v, first):
        return False
    before = v.token(first - 1)
    if before is not None and before.low in _DESCRIBED_BEFORE:
        return False
    return not any(
        v.tokens[k].low in _KIN_AFTER or v.tokens[k].low in _KIN_MUTATED
        for k in range(first, last + 1)
    )


def _quoted_nicknames(v: TextView) -> None:
    if "'" not in v.text and '"' not in v.text and "‘" not in v.text and "“" not in v.text:
        return
    for match in _QUOTED_ANY.finditer(v.text):
        first, last = _token_at(v, match.start(2)), _token_at(v, match.end(2) - 1)
        if first is None or last is None:
            continue
        if not _QUOTED.fullmatch(match.group()) and not _lower_nickname(v, first, last):
            continue  # a lower-case word in quotes is a scare quote unless it is a name
        members = range(first, last + 1)
        if any(v.blocked[k] or v.protected[k] for k in members):
            continue
        words = [v.tokens[k] for k in members]
        if all(v.gaz.is_acronym(w) or w.low in cues.CALENDAR for w in words):
            continue
        after = v.token(last + 1)
        if after is not None and after.low in cues.TITLE_WORDS:
            continue  # the "Placement Moves" card
        v.spans.append(Span(v.tokens[first].start, v.tokens[last].end, Label.PERSON))
        for k in members:
            v.labels[k] = Label.PERSON


def _prefix_run(v: TextView, i: int, label: Label, *, through_protected: bool) -> None:
    """ "Bishop Hedley", "Coleg Bro Morgannwg", "HMP Parc": prefix plus capitalised run."""
    tokens = v.tokens
    last = i
    k = i + 1
    while k < len(tokens) and v.joined(k - 1, k) and not v.blocked[k]:
        t = tokens[k]
        if v.protected[k] and not through_protected:
            break
        if t.low in cues.RUN_CONNECTORS and k + 1 < len(tokens) and v.joined(k, k + 1):
            if v.cap(tokens[k + 1]):
                k += 1
                continue
            break
        if not (v.cap(t) or t.all_caps) or t.sentence_start:
            break
        last = k
        if t.possessive:
            break
        k += 1
    if last == i:
        return
    for k in range(i, last + 1):
        v.protected[k] = False
    v.add_span(i, last, label)


def _venue_after_the(v: TextView, i: int) -> None:
    """ "outside the Lamb and Flag", "of the Coach and Horses": a named venue, not a thing.

    After a preposition of place one capitalised word will do; elsewhere it takes two.
    """
    before = v.token(i - 1)
    # After any lower-case word one capitalised word will do ("going to the Hub", "talking
    # about the Den"); a title-case neighbour means a title ("Head of the Service").
    after_place = (
        before is not None
        and v.joined(i - 1, i)
        and (
            before.low in _VENUE_BEFORE
            or (before.text.islower() and before.alphabetic and not v.redacted(i - 1))
        )
        and not _inside_title(v, i - 1)
    )
    tokens = v.tokens
    run: list[int] = []
    k = i + 1
    while k < len(tokens) and v.joined(k - 1, k):
        t = tokens[k]
        if run and t.low in _VENUE_JOINERS and k + 1 < len(tokens) and v.cap(tokens[k + 1]):
            run.append(k)
            k += 1
            continue
        if not v.cap(t) or v.blocked[k] or v.protected[k] or v.gaz.is_acronym(t):
            break
        run.append(k)
        if t.possessive:
            break
        k += 1
    if not run:
        return
    end = tokens[run[-1]].end
    if v.text[end:].lstrip(" ").startswith("[") or (
        run[-1] + 1 < len(tokens) and v.joined(run[-1], run[-1] + 1) and v.blocked[run[-1] + 1]
    ):
        return  # a stand-in goes on the run: the first pass saw a labelled word there
    words = [tokens[k] for k in run if tokens[k].low not in _VENUE_JOINERS]
    if not after_place and len(words) < 2:
        return
    if words[-1].low in _NOT_VENUE or words[0].low in cues.RELATIONS:
        return
    if any(_ordinary_run_word(v, w) for w in words):
        return
    if len(words) == 1 and (
        words[0].low in _LANGUAGES or words[0].low in _COLOURS or v.gaz.is_acronym(words[0])
    ):
        return
    after = v.token(run[-1] + 1)
    if after is not None and (after.low in cues.TITLE_WORDS or after.low in _THING_AFTER):
        return
    capital_the = v.tokens[i].text == "The" and not v.tokens[i].sentence_start
    v.add_span(i if capital_the else run[0], run[-1], Label.ORG)  # "outside The Bell"


def _welsh_capital_article(v: TextView, i: int) -> None:
    """ "yn Y Lle", "i'r Yr Hafan": a capital Welsh article mid-sentence starts a name."""
    run = []
    k = i + 1
    while k < len(v.tokens) and v.joined(k - 1, k) and v.free(k) and v.cap(v.tokens[k]):
        if v.tokens[k].norm in v.gaz.keep_words or v.tokens[k].low in cues.INSTITUTIONS:
            return
        run.append(k)
        k += 1
    if run and not v.text[v.tokens[run[-1]].end :].lstrip(" ").startswith("["):
        v.add_span(i, run[-1], Label.ORG)


def _inside_title(v: TextView, i: int) -> bool:
    """ "The Rights of the Child", "Our Lady of the Angels": "of"/"and" after a capital."""
    t, before = v.token(i), v.token(i - 1)
    return (
        t is not None
        and t.low in _VENUE_JOINERS
        and before is not None
        and v.joined(i - 1, i)
        and v.cap(before)
        and not v.redacted(i - 1)
    )


_EDUCATION = cues._set("college school academy high primary comprehensive comp")


def _region_school(v: TextView, i: int) -> None:
    """ "Cardiff and Vale College": a school or college named after a region we keep."""
    first = i
    k = i - 1
    while k >= 0 and v.joined(k, k + 1) and not v.blocked[k]:
        t = v.tokens[k]
        if not (v.cap(t) or t.low in ("and", "&", "of")) or t.low in cues.TITLES:
            break
        first = k
        if t.sentence_start:
            break
        k -= 1
    while first < i and v.tokens[first].low in ("and", "&", "of", "the"):
        first += 1
    if first == i:
        return
    for k in range(first, i + 1):
        v.protected[k] = False
    v.add_span(first, i, Label.ORG)


def _nickname_prefix(v: TextView, i: int) -> None:
    """ "Big Mike", "Lil Kez", "Big T": the prefix and the name are one nickname."""
    nxt = v.token(i + 1)
    if nxt is None or not v.joined(i, i + 1) or v.blocked[i + 1] or v.protected[i + 1]:
        return
    name_like = nxt.all_caps and len(nxt.core) <= 2 and not v.gaz.is_acronym(nxt)
    if v.cap(nxt) and (v.gaz.is_name(nxt) or not v.common(nxt)):
        name_like = nxt.low not in cues.INSTITUTIONS and nxt.norm not in v.gaz.keep_words
    if name_like:
        v.spans.append(Span(v.tokens[i].start, nxt.name_end, Label.PERSON))
        v.labels[i] = v.labels[i + 1] = Label.PERSON


def _single_venue_after(v: TextView, i: int, label: Label) -> None:
    """ "at Sunrise supported living", "outside Rhubarb's": one capitalised word after
    "at", "outside", "near" names a venue, unless it is a day, a season or kept."""
    j = i + 1
    t = v.token(j)
    if t is None or not v.joined(i, j) or not v.free(j) or not v.cap(t) or t.sentence_start:
        return
    after = v.token(j + 1)
    # A redacted neighbour counts as a capital, so a second pass decides the same.
    if after is not None and v.joined(j, j + 1) and v.cap(after):
        return  # a run: the run rules decide
    if v.text[t.end : t.end + 2].lstrip().startswith("["):
        return  # so is a stand-in right after it ("Street [name]"): a second pass agrees
    if (
        t.low in cues.CALENDAR
        or t.low in cues.TEMPORAL_NAMES
        or t.low in cues.INSTITUTIONS
        or t.low in cues.RELATIONS
        or t.low in cues.TITLES
        or t.low in cues.DETERMINERS
        or t.norm in v.gaz.keep_words
        or t.low in v.gaz.keep_words
        or v.gaz.is_acronym(t)
        or t.low in _GENERIC_RUN_WORDS
        or t.low in _LANGUAGES
        or t.low in _COLOURS
    ):
        return
    before = v.token(i - 1)
    # Only an ordinary word is evidence: a name may be redacted, and a second pass must agree.
    title = before is not None and v.cap(before) and not before.sentence_start
    if (
        title
        and before is not None
        and not v.redacted(i - 1)
        and before.low not in cues.TITLES  # "Mr" is redacted with its name on a second pass
        and v.ordinary(before)
    ):
        return  # inside a title: "Child in Need", "Children in Wales"
    if v.text[: v.tokens[i].start].rstrip(" ").endswith("]"):
        return  # a stand-in before: the first pass may have read a title-case word there
    v.set_label(j, label)


def _business_phrase(v: TextView, i: int) -> None:
    for phrase in _BUSINESS_BY_FIRST.get(v.tokens[i].norm, ()):
        if v.next_words(i, phrase[1:]):
            run = v.run_left(i)
            if run:
                if any(v.tokens[k].norm in v.gaz.keep_words for k in run):
                    return
                label = Label.PLACE if phrase[-1] == "park" else Label.ORG
                v.add_span(run[0], run[-1], label)
            return


def _lower_school(v: TextView, i: int) -> None:
    before = v.token(i - 1)
    if before is None or v.blocked[i - 1] or v.protected[i - 1] or not v.joined(i - 1, i):
        return
    if not before.text.islower() or not before.alphabetic or v.common(before):
        return
    first = i - 1
    saint = v.token(i - 2)
    if saint is not None and saint.low in _SCHOOL_LEADS and v.joined(i - 2, i - 1):
        first = i - 2  # "st richards primary", "ysgol penweddig"
    v.add_span(first, i, Label.ORG)


_WELSH_CLAUSE_WORDS = cues._set(
    "mae maen oedd roedd roedden sy sydd bydd byddai gall gallu gallai gallan dylai dylen ni "
    "nhw hi fe e chi i o a ac yn ei eu dw dych ydy ydyn wnaeth gwnaeth cafodd caiff cawn cânt "
    "gellir dylid rydyn rydym ydym byddwn gallwn"
)


# Adjectives that end a Welsh name: "tafarn y llew coch", "heol y bont fawr".
_WELSH_NAME_ADJECTIVES = frozenset(
    form
    for word in cues._set(
        "coch du gwyn glas gwyrdd melyn mawr bach hen newydd aur arian isaf uchaf ucha"
    )
    for form in (word, *mutated_forms(word))
)


def _lower_welsh_street(v: TextView, i: int, label: Label) -> None:
    """ "heol y felin", "lon las" (in an English sentence), "ysgol y preseli"."""
    nxt, after = v.token(i + 1), v.token(i + 2)
    if nxt is None or not v.joined(i, i + 1) or v.blocked[i + 1] or v.protected[i + 1]:
        return
    if nxt.low in ("y", "yr", "'r") and after is not None and v.joined(i + 1, i + 2):
        # "ffordd y mae ..." is "the way that ...", not a street.
        named = after.text.islower() and after.low not in _WELSH_CLAUSE_WORDS
        if after.alphabetic and not v.blocked[i + 2] and named:
            adjective = v.token(i + 3)
            with_adjective = (
                adjective is not None
                and v.joined(i + 2, i + 3)
                and not v.blocked[i + 3]
                and adjective.low in _WELSH_NAME_ADJECTIVES
            )
            v.add_span(i, i + 3 if with_adjective else i + 2, label)  # "tafarn y llew coch"
    # In an English sentence Welsh words are a name; in Welsh only an unknown one is.
    elif (
        nxt.text.islower()
        and nxt.alphabetic
        and len(nxt.core) > 1
        and (not v.common(nxt) or (not v.welsh and nxt.low in v.gaz.welsh_words))
    ):
        v.add_span(i, i + 1, label)


def _estate_after(v: TextView, i: int) -> None:
    """ "stad Pen y Fai": the capitalised name after a lower-case estate word."""
    run = v.run_right(i)
    while run and v.tokens[run[-1]].low in cues.RUN_CONNECTORS:
        run.pop()
    if run and not any(v.tokens[k].norm in v.gaz.keep_words for k in run):
        v.add_span(run[0], run[-1], Label.ADDRESS)


def _title_run_after(v: TextView, i: int) -> None:
    """ "at Sparkle Hand Car Wash", "from Little Acorns": two or more capitalised words
    after a preposition of place name a venue, unless they are kept or a title."""
    tokens = v.tokens
    run: list[int] = []
    k = i + 1
    while k < len(tokens) and v.joined(k - 1, k):
        t = tokens[k]
        joiner = run and t.low in _VENUE_JOINERS | cues.RUN_CONNECTORS
        if joiner and k + 1 < len(tokens) and v.joined(k, k + 1) and v.cap(tokens[k + 1]):
            run.append(k)
            k += 1
            continue
        if not v.cap(t) or t.sentence_start or v.blocked[k] or v.protected[k]:
            break
        if v.gaz.is_acronym(t):
            break
        run.append(k)
        if t.possessive:
            break
        k += 1
    words = [tokens[k] for k in run if tokens[k].low not in _VENUE_JOINERS | cues.RUN_CONNECTORS]
    if len(words) < 2 or any(v.labels[k] is not None for k in run):
        return
    if v.text[tokens[run[-1]].end :].lstrip(" ").startswith("["):
        return  # a stand-in goes on the run: the first pass saw a labelled word there
    if any(_ordinary_run_word(v, w) or w.low in cues.DETERMINERS for w in words):
        return
    after = v.token(run[-1] + 1)
    if after is not None and (after.low in cues.TITLE_WORDS or after.low in _THING_AFTER):
        return
    v.add_span(run[0], run[-1], Label.ORG)


_AMPERSAND_TAIL = re.compile(r"[ ]?&[ ]?[A-Z][\w'’]*(?:[ ][A-Z][\w'’]*)?")


def _ampersand_tails(v: TextView) -> None:
    """ "Glamour Nails & Beauty": a business name goes on after an ampersand."""
    for k, span in enumerate(v.spans):
        if span.label != Label.ORG:
            continue
        tail = _AMPERSAND_TAIL.match(v.text, span.end)
        if tail:
            v.spans[k] = Span(span.start, tail.end(), Label.ORG)
            for j, t in enumerate(v.tokens):
                if span.end <= t.start < tail.end() and v.labels[j] is None:
                    v.labels[j] = Label.ORG
                    v.in_structure[j] = True


def after_words(v: TextView) -> None:
    """Names the sentence gives away: family names, people met or spoken to."""
    if "&" in v.text:
        _ampersand_tails(v)
    tokens = v.tokens
    for i, t in enumerate(tokens):
        if not t.alphabetic or v.blocked[i]:
            continue
        low = t.low
        if low in _FAMILY_NOUNS and t.text.islower():
            _family_before(v, i)
        elif low in _FAMILY_WELSH:
            _name_after(v, i, i + 1, listed_only=False)
        if low in _MET_VERBS:
            _name_after(v, i, i + 1, listed_only=True)
        for phrase in _MET_BY_FIRST.get(t.norm, ()):
            if v.next_words(i, phrase[1:]):
                _name_after(v, i, i + len(phrase), listed_only=True)
        if v.free(i) and v.cap(t) and _person_by_kin(v, i):
            v.set_label(i, Label.PERSON)
        if low == "the" and i + 2 < len(tokens):
            _plural_family(v, i)
        if low in _WELSH_VERBS_BEFORE_SUBJECT and i + 1 < len(tokens):
            _welsh_subject(v, i + 1)
        if v.free(i) and v.cap(t) and v.gaz.is_first_name(t) and _alone(v, i):
            v.set_label(i, Label.PERSON)  # "Ivy. That's who I think about."
        if low in cues.STREET_STRONG and t.text.islower() and i > 0 and v.joined(i - 1, i):
            _lower_street(v, i)
        if low in _WARD_WORDS and not v.blocked[i]:
            _ward(v, i)
        if t.text.islower() and (
            low in _APPOSITION_KINDS or low in cues.ORG_STRONG or low in cues.BUSINESS_AFTER
        ):
            _named_after_comma(v, i, Label.ORG)
        elif low in _APPOSITION_PEOPLE and t.text.islower():
            _named_after_comma(v, i, Label.PERSON)
    _capital_runs(v)
    _welsh_epithets(v)


# "Gwenllian ward", "Ward 7", "ward Dewi": a hospital ward by its name or number.
_WARD_WORDS = cues._set("ward wardiau")
_NOT_WARD_NAMES = cues._set("round rounds manager sister staff")
# A kind of place before a comma and a name: "a hostel, Cornerstone,", "the taxi firm, A1 Cars".
_APPOSITION_KINDS = cues._set(
    "hostel home firm cafe café shop club gym pub bar charity project agency nursery "
    "surgery church chapel school salon garage takeaway station hotel centre hwb clwb "
    "caffi siop capel eglwys elusen prosiect asiantaeth meithrinfa tafarn"
)
# Words that make a capitalised run a topic, tool or title, not a named place.
_NOT_RUN_WORDS = cues._set(
    "tool tools framework assessment model approach plan strategy policy guidance act "
    "round rounds week month day night team service services panel board unit houses "
    "spots survey award awards screening informed carer carers worker workers "
    "officer officers nurse nurses deputy manager lead coordinator interview interviews "
    "misuse grooming relationships relationship consent lessons lesson face"
)


# Words after a run that make it an organisation rather than a service: "Safe Steps fostering".
_ORG_KIND_AFTER = cues._set("fostering adoption agency agencies residential youth")


def _ordinary_run_word(v: TextView, w: Token) -> bool:
    """A word that makes a capitalised run a topic, date, title or kept term, not a name."""
    return (
        w.low in cues.INSTITUTIONS
        or w.low in _GENERIC_RUN_WORDS
        or w.low in _NOT_RUN_WORDS
        or w.low in cues.CALENDAR
        or w.low in cues.TEMPORAL_NAMES
        or w.low in cues.TITLE_WORDS
        or w.norm in v.gaz.keep_words
    )


def _ward(v: TextView, i: int) -> None:
    t = v.tokens[i]
    before, after = v.token(i - 1), v.token(i + 1)
    named = after is not None and (
        after.core.isdigit()
        or (v.cap(after) and after.low not in _NOT_WARD_NAMES and not v.gaz.is_acronym(after))
    )
    if (
        named
        and after is not None
        and v.joined(i, i + 1)
        and not v.blocked[i + 1]
        and after.low not in cues.CALENDAR
        and after.norm not in v.gaz.keep_words
    ):
        v.add_span(i, i + 1, Label.ORG)
        return
    if (
        t.text.islower()
        and before is not None
        and v.joined(i - 1, i)
        and not v.blocked[i - 1]
        and not v.protected[i - 1]
        and v.cap(before)
        and not before.sentence_start
        and before.low not in cues.INSTITUTIONS
        and before.norm not in v.gaz.keep_words
        and not v.gaz.is_acronym(before)
    ):
        v.add_span(i - 1, i, Label.ORG)


def _named_after_comma(v: TextView, i: int, label: Label) -> None:
    """ "a hostel, Cornerstone, on the edge of town": a kind, a comma, then its name."""
    t = v.tokens[i]
    nxt = v.token(i + 1)
    if nxt is not None and nxt.text.islower() and v.joined(i, i + 1):
        t, i = nxt, i + 1  # a Welsh adjective after the kind: "yr asiantaeth faethu, Teulu Da"
    if not v.text.startswith(",", t.end) or i + 1 >= len(v.tokens):
        return
    first = i + 1
    if not v.text[t.end + 1 : v.tokens[first].start].isspace():
        return
    last = first - 1
    k = first
    while k < len(v.tokens) and (k == first or v.joined(k - 1, k)):
        w = v.tokens[k]
        if v.blocked[k] or v.protected[k]:
            break
        if not (v.cap(w) or (w.core[:1].isupper() and w.core.isalnum())):
            break
        if w.low in cues.RELATIONS or w.low in cues.CALENDAR or w.norm in v.gaz.keep_words:
            break
        last = k
        k += 1
    if last >= first and not all(v.gaz.is_acronym(v.tokens[k]) for k in range(first, last + 1)):
        v.add_span(first, last, label)


# After a name, these Welsh epithets are part of it: "Dai Bach", "Wil Mawr", "Siân Fach".
_EPITHETS = frozenset(("Bach", "Fach", "Mawr", "Fawr", "Bychan", "Goch", "Ddu"))


_EPITHET_TEXT = re.compile(r"\b(?:Bach|Fach|Mawr|Fawr|Bychan|Goch|Ddu)\b")


def _welsh_epithets(v: TextView) -> None:
    if not _EPITHET_TEXT.search(v.text):
        return
    for i in range(1, len(v.tokens)):
        t = v.tokens[i]
        if t.core in _EPITHETS and not v.blocked[i] and v.labels[i] is None:
            before = v.labels[i - 1]
            if before == Label.PERSON and not v.blocked[i - 1] and v.joined(i - 1, i):
                v.labels[i] = Label.PERSON


def _capital_runs(v: TextView) -> None:
    """Two or more capitalised words mid-sentence that no rule has explained ("going to
    Brighter Futures", "Safe Steps fostering") are a name: an organisation or a venue,
    unless a word in them is kept, practice vocabulary, a day or an acronym, or a title
    or tool word follows."""
    if v.shouting:
        return
    tokens = v.tokens
    n = len(tokens)
    # Most sentences have no two capitals in a row mid-sentence: nothing to look at.
    if not any(
        tokens[k].capitalised
        and tokens[k + 1].capitalised
        and not tokens[k].sentence_start
        and not tokens[k + 1].sentence_start
        for k in range(n - 1)
    ):
        return
    i = 0
    while i < n:
        run: list[int] = []
        k = i
        while k < n and (not run or v.joined(k - 1, k)):
            t = tokens[k]
            if not v.free(k) or not v.cap(t) or t.sentence_start or t.low in cues.CALENDAR:
                break
            run.append(k)
            if t.possessive:
                break
            k += 1
        if len(run) >= 2 and _unexplained_run(v, run):
            v.add_span(run[0], run[-1], Label.ORG)
        i = max(k, i + 1)


_NOT_NAME_ENDINGS = cues._set(
    "based led focused focussed informed centred centered through up out down off"
)
_INDEFINITE = cues._set("a an another any such")


def _welsh_word(v: TextView, w: Token) -> bool:
    gaz = v.gaz
    return any(part in gaz.welsh_words or part in gaz.mutated_only for part in (w.low, w.norm)) or (
        "-" in w.low
        and all(p in gaz.welsh_words or p in gaz.mutated_only for p in w.low.split("-"))
    )


def _unexplained_run(v: TextView, run: list[int]) -> bool:
    words = [v.tokens[k] for k in run]
    if words[-1].low in _NOT_NAME_ENDINGS:
        return False  # "Strengths Based", "Follow Through": a phrase, not a name
    if all(_welsh_word(v, w) for w in words):
        return False  # Welsh capitalises roles and titles: "y Gweithiwr Cymdeithasol"
    for w in words:
        if (
            w.low in cues.INSTITUTIONS
            or w.low in _GENERIC_RUN_WORDS
            or w.low in _NOT_RUN_WORDS
            or w.low in cues.CALENDAR
            or w.low in cues.TEMPORAL_NAMES
            or w.low in cues.TITLE_WORDS
            or w.low in cues.DETERMINERS
            or w.low in cues.TITLES
            or w.low in _LANGUAGES
            or w.low in _COLOURS
            or w.norm in v.gaz.keep_words
            or w.low in v.gaz.keep_words
            or v.gaz.is_acronym(w)
            or w.all_caps
        ):
            return False
    # A redacted neighbour counts as a capital, so a second pass decides the same.
    start, end = v.tokens[run[0]].start, v.tokens[run[-1]].end
    if v.text[:start].rstrip(" ").endswith(("]", ")", "]'s", "]’s")) or v.text[end:].lstrip(
        " "
    ).startswith("["):
        return False
    before = v.token(run[0] - 1)
    if before is not None and v.joined(run[0] - 1, run[0]):
        if before.low in _INDEFINITE:
            return False  # "a Safe Haven for her": a kind of thing, not a name
        if v.cap(before) or v.redacted(run[0] - 1):
            return False  # inside a longer title that begins with a word we keep
    after = v.token(run[-1] + 1)
    if after is not None and v.joined(run[-1], run[-1] + 1):
        if v.redacted(run[-1] + 1):
            return False
        if (
            after.low in cues.TITLE_WORDS
            or after.low in _THING_AFTER
            or after.low in _NOT_VENUE
            or after.low in _NOT_RUN_WORDS
            or (after.low in cues.INSTITUTIONS and after.low not in _ORG_KIND_AFTER)
            or (v.cap(after) and after.low not in cues.CALENDAR)
        ):
            return False
    return True


_SHORT_DAYS = cues._set("mon tue tues wed weds thu thur thurs fri sat sun")


def _usable(v: TextView, j: int, *, keep_if_name: bool = False) -> bool:
    """Word ``j`` may be a name: free, and not a day, agency, acronym, article or relation.

    With ``keep_if_name`` a listed first name we would otherwise keep counts ("met Brook",
    although Brook is also a charity).
    """
    t = v.token(j)
    if t is None or not v.free(j):
        return False
    kept = t.norm in v.gaz.keep_words and not (keep_if_name and v.gaz.is_first_name(t))
    return not (
        kept
        or t.low in cues.CALENDAR
        or t.low in _SHORT_DAYS
        or t.low in cues.INSTITUTIONS
        or v.gaz.is_acronym(t)
        or t.low in cues.DETERMINERS
        or t.low in cues.RELATIONS
    )


def _family_before(v: TextView, i: int) -> None:
    """ "the Price kids", "Evans family", "the pritchard kids"."""
    j = i - 1
    if j < 0 or not v.joined(j, i) or not _usable(v, j):
        return
    t = v.tokens[j]
    before = v.token(j - 1)
    after_the = before is not None and before.low in ("the", "those", "these")
    after_the = after_the and v.joined(j - 1, j)
    capital = v.cap(t) and (
        after_the or not t.sentence_start or not v.common(t) or v.gaz.is_name(t)
    )
    lower = t.text.islower() and after_the and v.gaz.is_name(t) and not v.common(t)
    if capital or lower:
        v.set_label(j, Label.PERSON)


def _name_after(v: TextView, cue: int, j: int, *, listed_only: bool) -> None:
    """The word after a verb of meeting or speaking, if it can be a name."""
    if not _usable(v, j, keep_if_name=True) or not v.joined(j - 1, j):
        return
    t = v.tokens[j]
    if v.cap(t):
        # "met Brook", "rang Faith": a capital after these is a person, listed or not.
        v.set_label(j, Label.PERSON)
    # "spoke to jayden": an unknown lower-case word after these is a name too (not in
    # Welsh, where adjectives follow nouns, unless it is a listed first name).
    elif (
        t.text.islower()
        and len(t.core) >= 2
        and not v.common(t)
        and (v.gaz.is_first_name(t) or not listed_only or not v.welsh)
    ):
        v.set_label(j, Label.PERSON)


def _lower_street(v: TextView, i: int) -> None:
    """ "cowbridge road", "bute street": a found place or unknown word before a street word."""
    before = v.tokens[i - 1]
    if v.blocked[i - 1] or v.protected[i - 1] or not before.text.islower():
        return
    if v.labels[i - 1] == Label.PLACE or (before.alphabetic and not v.common(before)):
        v.spans.append(Span(before.start, v.tokens[i].end, Label.PLACE))
        v.labels[i - 1] = Label.PLACE
        v.labels[i] = Label.PLACE


_ROLE_LIKE = cues.RELATIONS | cues.RANKS | cues.TITLES | cues.INSTITUTIONS
_KIN_OR_ROLE = cues.RELATIONS | cues._set(
    "teacher teachers carer carers foster worker sw school nan dad mum family keyworker"
)
_FAMILY_VERBS = cues._set(
    "had have were are lived live moved got kept came went never always all both refused "
    "wouldn't didn't weren't"
)
_KIN_AFTER = cues.RELATIONS | cues._set("twin twins baby kids children child family foster")
_KIN_MUTATED = frozenset(form for word in cues.RELATIONS for form in mutated_forms(word))


def _person_by_kin(v: TextView, i: int) -> bool:
    """ "Clover and her mum", "Saffron's teacher": a capital word that has kin or a
    teacher is a person, listed or not (unless it is kept, an agency or a title)."""
    t = v.tokens[i]
    if not _usable(v, i) or t.low in _ROLE_LIKE:
        return False
    if v.gaz.is_first_name(t) and (_with_relation(v, i) or _comma_relation(v, i)):
        return True
    nxt = v.token(i + 1)
    if t.possessive and nxt is not None and v.joined(i, i + 1) and nxt.low in _KIN_OR_ROLE:
        return True
    return _with_relation(v, i) and (t.sentence_start or not v.common(t))


def _comma_relation(v: TextView, i: int) -> bool:
    """ "Glyn, her stepdad, ...": a name in apposition to kin or a role."""
    a, b = v.token(i + 1), v.token(i + 2)
    if a is None or b is None or v.text[v.tokens[i].end : a.start].strip() != ",":
        return False
    return a.low in ("her", "his", "their", "my", "our") and b.low in _KIN_OR_ROLE


# Welsh puts the verb first: "Roedd Celyn yn ...", "Dywedodd Seren ...".
_WELSH_VERBS_BEFORE_SUBJECT = cues._set(
    "roedd mae oedd bydd buodd dywedodd aeth daeth cafodd gwelodd ffoniodd siaradodd "
    "gadawodd symudodd rhedodd arhosodd ceisiodd soniodd atebodd"
)
_WELSH_SUBJECT_NEXT = cues._set("yn wedi a ac ddim heb")


def _welsh_subject(v: TextView, j: int) -> None:
    """The capitalised word after a Welsh verb is the subject: a person (or a place)."""
    t = v.tokens[j]
    if not v.cap(t) or t.sentence_start or not _usable(v, j) or not v.joined(j - 1, j):
        return
    if t.low in _ROLE_LIKE or t.low in _LANGUAGES:
        return
    nxt = v.token(j + 1)
    if v.gaz.is_place(t):
        v.set_label(j, Label.PLACE)
    elif (
        not v.common(t) or v.gaz.is_name(t) or (nxt is not None and nxt.low in _WELSH_SUBJECT_NEXT)
    ):
        v.set_label(j, Label.PERSON)


def _plural_family(v: TextView, i: int) -> None:
    """ "The Tanners had been known to us": "the" + a capitalised plural + a verb."""
    j = i + 1
    t, verb = v.tokens[j], v.tokens[j + 1]
    if not (v.cap(t) and t.low.endswith("s") and len(t.low) > 3 and _usable(v, j)):
        return
    if not (v.joined(i, j) and v.joined(j, j + 1)) or verb.norm not in _FAMILY_VERBS:
        return
    stem = t.low[:-1]
    if v.gaz.is_acronym(t) or stem in cues.INSTITUTIONS or t.low in cues.INSTITUTIONS:
        return
    v.set_label(j, Label.PERSON)


def _alone(v: TextView, i: int) -> bool:
    """A listed first name that is a whole sentence: "Ivy." or "Ivy!"."""
    t = v.tokens[i]
    nxt = v.token(i + 1)
    starts = t.sentence_start or i == 0
    ends = nxt is None or nxt.sentence_start
    return starts and ends and v.text[t.end : t.end + 1] in (".", "!", "?", "")


def _with_relation(v: TextView, i: int) -> bool:
    """ "Rose and her sister", "Jack and his mum": a person, even at a sentence start."""
    a, b, c = v.token(i + 1), v.token(i + 2), v.token(i + 3)
    if a is None or b is None or c is None:
        return False
    return a.low == "and" and b.low in ("her", "his", "their") and c.low in _KIN_AFTER
