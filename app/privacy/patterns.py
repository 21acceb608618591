"""Regular-expression detectors for details with a shape: phones, emails, handles, IDs,
dates, postcodes and numbered addresses, and pseudonyms such as "Child A" or "YP1".

Each detector yields :class:`Span` objects over the input; they may overlap (merged later).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from app.privacy.labels import Label
from app.privacy.spans import Span
from app.privacy.welsh import mutated_forms

_UPPER = "A-ZÀ-ÖØ-ÞŴŶ"
_NAME_WORD = rf"[{_UPPER}][\w'’\-]*"

# --- CONTACT ---------------------------------------------------------------------------
_EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?:facebook|fb|instagram|tiktok|snapchat|twitter|x|youtube)"
    r"\.com/[\w.@/-]+",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# Handle-shaped words: "kieranp_2008", "owain.b_08", "lj.2k08" (a letter first, then a dot
# or underscore, and digits or an underscore somewhere).
_HANDLE_SHAPE = re.compile(r"(?<![\w@.])[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9_]*)+(?![\w@])")
_NOT_HANDLE_START = frozenset(
    [
        "no",
        "nos",
        "ref",
        "tel",
        "mob",
        "st",
        "ch",
        "sec",
        "p",
        "pp",
        "s",
        "v",
        "e",
        "i",
        "eg",
        "ie",
        "www",
    ]
)
# "snap: bigmanrico", "her insta, evie.xo", "Snapchat name was owain.b".
_HANDLE_CUE = re.compile(
    r"\b(?:(snap(?:chat)?|sc|insta(?:gram)?|ig|tik ?tok|twitter|fb|facebook|kik|discord|"
    r"telegram|gamertag|psn)|username|user name|handle|account|cyfrif|enw defnyddiwr)\b"
    r"(?:\s+(?:account|name|handle|username|id|is|was|oedd|yw|called|named|as))*"
    r"[\s:,\-]*['\"‘“]?(?P<handle>@?[A-Za-z0-9_.]{3,30})",
    re.IGNORECASE,
)
# UK phones: 07700 900123, +44 7700 900312, (029) 2018 0745, 01632960874, 020 7946 0321.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)(?:\d[\s\-)]{0,2}){8,11}\d(?!\d)"
)

# --- ID -----------------------------------------------------------------------------------
_NHS = re.compile(r"(?<![\d\w])[1-9]\d{2}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")
_NI = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
_REG_CURRENT = re.compile(r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[a-z]{2}\d{2}\s?[a-z]{3})\b")
_REG_OLD = re.compile(r"\b(?:[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b")
_CASE_REF = re.compile(r"\b[A-Z]{1,5}[-/]\d{2,4}(?:[-/][A-Z0-9]+)+\b")
# Court, police and record references in any case: "CF22/0419/YC", "wp/12345/23", "62-1234-23".
_SLASHED_REF = re.compile(
    r"(?<![\w/-])(?=(?:[A-Za-z/-]*\d){4})[A-Za-z0-9]{1,6}(?:[-/][A-Za-z0-9]{1,8}){2,}(?![\w/-])"
)
_CODE_WITH_DIGITS = re.compile(r"\b[A-Z]{1,4}\d{4,}[A-Z]?\b")
_LONG_NUMBER = re.compile(r"(?<![\d£$€.,])\d{6,}(?![.,]?\d)")
_ID_CUE = re.compile(
    r"\b(?:ref(?:erence)?|case|crime|log|incident|record|wccis|pnc|crn|id|nhs|rhif|cyfeirnod)"
    r"(?:\s+(?:no|number|num|ref|id|achos|gig|cofnod|yr achos))?\.?[\s:#]*(?:is|yw|oedd|was)?\s*"
    r"([A-Za-z0-9][A-Za-z0-9/\-]{3,})",
    re.IGNORECASE,
)
_REG_CUE = re.compile(
    r"\b(?:reg|registration|number plate|plate|rhif cofrestru)\b[\s:.,]*(?:(?:is|was|oedd|yw)\s+)?"
    r"([A-Za-z0-9]{2,4}\s?[A-Za-z0-9]{3})\b",
    re.IGNORECASE,
)

# --- DATE ---------------------------------------------------------------------------------
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_DAY_EN = rf"{_DAY}(?:st|nd|rd|th)?"
_MONTH_EN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
_DATE_DAY_MONTH = re.compile(
    rf"\b{_DAY_EN}(?:\s+of)?\s+{_MONTH_EN}(?:,?\s+{_YEAR}(?!\w))?(?!\w)", re.IGNORECASE
)
_DATE_MONTH_DAY = re.compile(rf"\b{_MONTH_EN}\s+{_DAY_EN}\b(?:,?\s+{_YEAR}(?!\w))?", re.IGNORECASE)
_DATE_MONTH_YEAR = re.compile(rf"\b{_MONTH_EN}(?:\s+of)?\s+{_YEAR}(?!\w)", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-]?\d)")
_DATE_ISO = re.compile(r"(?<![\d\-])(?:19|20)\d{2}-(\d{1,2})-(\d{1,2})(?![\d\-])")
_DATE_SHORT_CUE = re.compile(
    r"\b(?:on|from|since|until|till|by|dated|dob|born|ar|ers|tan|erbyn|"
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)\.?\s+"
    r"((\d{1,2})/(\d{1,2}))(?![/\d])",
    re.IGNORECASE,
)
_WELSH_MONTHS = [
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
]
_MONTH_CY = "(?:{})".format(
    "|".join(
        sorted({m for w in _WELSH_MONTHS for m in {w, *mutated_forms(w)}}, key=len, reverse=True)
    )
)
_DAY_CY = rf"{_DAY}(?:af|il|ail|ydd|ed|fed|eg|ain)?"
_DATE_CY = re.compile(
    rf"\b{_DAY_CY}(?:\s+o)?\s+{_MONTH_CY}(?:,?\s+(?:19|20)\d{{2}})?\b", re.IGNORECASE
)
_DATE_CY_MONTH_YEAR = re.compile(rf"\b(?:mis\s+)?{_MONTH_CY}\s+(?:19|20)\d{{2}}\b", re.IGNORECASE)

# --- ADDRESS ------------------------------------------------------------------------------
_POSTCODE_BODY = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_POSTCODE = re.compile(rf"\b{_POSTCODE_BODY}\b", re.IGNORECASE)
_ORDINAL_TAIL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)
_OUTWARD_CODE = re.compile(r"\b(?:CF|SA|NP|LL|SY|LD|CH)\d{1,2}\b", re.IGNORECASE)
_STREET_SUFFIX = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Close|Crescent|Cres|Drive|Dr|Lane|Ln|Way|Terrace|Gardens|"
    r"Place|Court|Grove|Row|Hill|Walk|View|Park|Rise|Square|Mews|Parade|Green|Villas|Heights|"
    r"Fields|Meadows|Vale|Wharf|Quay|Bank|Chase)"
)
_WELSH_STREET = (
    r"(?:Heol|Ffordd|Stryd|Lôn|Lon|Maes|Rhodfa|Teras|Cilgant|Llys|Clos|Cwrt|Parc|Rhes|Tŷ|Ty|"
    r"Plas|Bryn|Pant|Cae|Coed|Glan|Nant|Llwyn)"
)
_HOUSE = r"(?:(?:Flat|Apartment|Apt|Unit|Fflat)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
_TOWN_TAIL = rf"(?:,\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})?(?:,?\s*{_POSTCODE_BODY}\b)?"
_ADDRESS_EN = re.compile(
    rf"\b{_HOUSE}(?:{_NAME_WORD}\s+){{1,3}}{_STREET_SUFFIX}\b(?:\s+(?:North|South|East|West))?"
    + _TOWN_TAIL
)
_ADDRESS_CY = re.compile(
    rf"\b{_HOUSE}{_WELSH_STREET}(?:\s+(?:y|yr|'r|{_NAME_WORD})){{1,3}}\b" + _TOWN_TAIL
)
# "Flat 7, Tŷ Glas, Heol Llanishen Fach": a flat number then the names that follow it.
_FLAT = re.compile(
    rf"\b(?:Flat|Apartment|Apt|Fflat)\s+\d+[A-Za-z]?(?:,?\s+(?:{_NAME_WORD}|y|yr|'r)(?=[\s,.;]|$))+"
)
_ADDRESS_LOWER = re.compile(
    r"\b\d{1,4}\s+(?:[a-z][\w'-]*\s+){1,2}"
    r"(?:road|street|avenue|crescent|drive|lane|terrace|gardens|close)\b"
)

# --- PERSON -------------------------------------------------------------------------------
_PSEUDONYM = re.compile(
    r"\b(?:Child|Young Person|YP|CYP|Person|Sibling|Pupil|Student|Girl|Boy|Victim|Adult|"
    r"Mother|Father|Suspect|Plentyn|Person Ifanc|Disgybl|Merch|Bachgen)\s?(?:[A-Z]|\d{1,2})\b"
    r"(?![&’'][A-Za-z]{2})"
)
_DOTTED_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?")
_NOT_INITIALS = frozenset({"U.K.", "U.S.", "E.U.", "U.N.", "A.E.", "G.P.", "P.S."})


_DIGIT = re.compile(r"\d")


def _spans(pattern: re.Pattern[str], text: str, label: Label, group: int = 0) -> Iterator[Span]:
    for match in pattern.finditer(text):
        yield Span(match.start(group), match.end(group), label)


def contacts(text: str) -> Iterator[Span]:
    """Emails, profile links, @handles, handle-shaped words, handles after "snap:" and phones."""
    yield from _spans(_EMAIL, text, Label.CONTACT)
    yield from _spans(_PROFILE_URL, text, Label.CONTACT)
    yield from _spans(_AT_HANDLE, text, Label.CONTACT)
    for match in _HANDLE_SHAPE.finditer(text):
        word = match.group()
        head = re.split(r"[._]", word, maxsplit=1)[0].lower()
        letters = sum(ch.isalpha() for ch in word)
        marked = "_" in word or any(ch.isdigit() for ch in word)
        if marked and letters >= 2 and head not in _NOT_HANDLE_START:
            yield Span(match.start(), match.end(), Label.CONTACT)
    if not _DIGIT.search(text):
        return
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        if len(digits) in (10, 11):
            yield Span(match.start(), match.end(), Label.CONTACT)


def cued_handles(text: str, is_ordinary: Callable[[str], bool]) -> Iterator[Span]:
    """A handle written after "snap", "insta", "username"...; ``is_ordinary`` rejects words
    such as "and" or "TikTok" that follow those cues in ordinary sentences."""
    for match in _HANDLE_CUE.finditer(text):
        handle = match.group("handle").rstrip(".")
        start = match.start("handle")
        # After "account" or "username" only a handle-shaped word counts ("account was").
        shaped = any(ch.isdigit() or ch in "_.@" for ch in handle)
        if (match.group(1) or shaped) and (handle.startswith("@") or not is_ordinary(handle)):
            yield Span(start, start + len(handle), Label.CONTACT)


def identifiers(text: str) -> Iterator[Span]:
    """NHS and NI numbers, registrations, case references and long record numbers."""
    if not _DIGIT.search(text):
        return  # every identifier has a digit; most sentences have none
    for pattern in (_NHS, _NI, _REG_CURRENT, _REG_OLD, _CASE_REF, _CODE_WITH_DIGITS, _LONG_NUMBER):
        yield from _spans(pattern, text, Label.ID)
    for match in _SLASHED_REF.finditer(text):
        if not _DATE_NUMERIC.fullmatch(match.group()) and not _DATE_ISO.fullmatch(match.group()):
            yield Span(match.start(), match.end(), Label.ID)
    for match in _ID_CUE.finditer(text):
        if any(ch.isdigit() for ch in match.group(1)):
            yield Span(match.start(1), match.end(1), Label.ID)
    for match in _REG_CUE.finditer(text):
        plate = match.group(1)
        if any(ch.isdigit() for ch in plate) and any(ch.isalpha() for ch in plate):
            yield Span(match.start(1), match.end(1), Label.ID)


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def dates(text: str) -> Iterator[Span]:
    """Calendar dates in English and Welsh forms; a month or year alone is not a date."""
    if not _DIGIT.search(text):
        return
    for pattern in (
        _DATE_DAY_MONTH,
        _DATE_MONTH_DAY,
        _DATE_MONTH_YEAR,
        _DATE_CY,
        _DATE_CY_MONTH_YEAR,
    ):
        yield from _spans(pattern, text, Label.DATE)
    for match in _DATE_NUMERIC.finditer(text):
        first, second = match.group(1), match.group(3)
        if _valid_day_month(first, second) or _valid_day_month(second, first):
            yield Span(match.start(), match.end(), Label.DATE)
    for match in _DATE_ISO.finditer(text):
        if _valid_day_month(match.group(2), match.group(1)):
            yield Span(match.start(), match.end(), Label.DATE)
    for match in _DATE_SHORT_CUE.finditer(text):
        if _valid_day_month(match.group(2), match.group(3)):
            yield Span(match.start(1), match.end(1), Label.DATE)


def addresses(text: str) -> Iterator[Span]:
    """Numbered addresses (with town and postcode when written), postcodes, outward codes."""
    if not _DIGIT.search(text):
        return
    for pattern in (_ADDRESS_EN, _ADDRESS_CY, _FLAT, _ADDRESS_LOWER, _OUTWARD_CODE):
        yield from _spans(pattern, text, Label.ADDRESS)
    for match in _POSTCODE.finditer(text):
        # "Yr10 3rd" is a year group, but "cf5 4th" is a Welsh postcode.
        welsh = _OUTWARD_CODE.match(match.group())
        if welsh or not _ORDINAL_TAIL.search(match.group()):
            yield Span(match.start(), match.end(), Label.ADDRESS)


def pseudonyms(text: str) -> Iterator[Span]:
    """ "Child A", "YP1", "Young Person 2", and dotted initials such as "T.J."."""
    yield from _spans(_PSEUDONYM, text, Label.PERSON)
    for match in _DOTTED_INITIALS.finditer(text):
        if match.group().replace(" ", "") not in _NOT_INITIALS:
            yield Span(match.start(), match.end(), Label.PERSON)
