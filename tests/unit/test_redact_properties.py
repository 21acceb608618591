"""Properties of redaction that must hold for any text, checked with generated input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.privacy import redact
from app.privacy.labels import placeholder

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Ordinary words, agencies, capitals and punctuation that reflections are made of.
ORDINARY_WORDS = (
    "the a she he was went missing again from her mum said we and it CAMHS MASH IRO police "
    "Social Services Placement Moves card strategy meeting in on at aged 14 3 moves Friday "
    "March 2019 Yn y roedd hi ar goll mae plentyn . , : ' - ( ) ! ?"
)
WORDS = st.sampled_from(ORDINARY_WORDS.split())
SENTENCE = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)

# Identifiers in their common shapes: each must never survive redaction.
IDENTIFIERS = st.sampled_from(
    [
        "07700 900461",
        "01632 960118",
        "+44 7700 900731",
        "jo.bloggs@example.org",
        "@kayz_2009",
        "999 123 4567",
        "QQ 12 34 56 C",
        "CK21 RWO",
        "CS-2021-00873",
        "14/02/2008",
        "5th June 2007",
        "12fed o Fawrth",
        "CF40 2XY",
        "22 Clydach Street",
        "Kayleigh",
        "Owain",
        "Gwenllian",
        "Tŷ Derwen",
        "Maes Helyg Primary",
        "Mhontypridd",
    ]
)


# Names, cue words and structure words, in any order: the hardest input for the rules
# that read a word's neighbours.
TRICKY_WORDS = (
    "Hope Grace Mark Will Tia tia said told was called 'Digger' Mr Mrs PC Aunty mum her "
    "boyfriend Ysgol Street Road estate The the at in to from Maes y Deri Tŷ Derwen Primary "
    "High Club takeaway Golden Palace and , . : Cardiff Splott ym Mhontypridd Roedd yn "
    "Friday March 7 14 2019 07700 900123 CAMHS Police Social Services card Rose Summer's "
    "Jade's 15 ( )"
)
TRICKY = st.lists(st.sampled_from(TRICKY_WORDS.split()), max_size=18).map(" ".join)


@FAST
@given(st.text(max_size=300), st.sampled_from(["en", "cy"]))
def test_never_raises_and_spans_are_sorted_disjoint_and_in_bounds(text: str, lang: str) -> None:
    result = redact(text, lang)
    previous_end = 0
    for span in result.spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        previous_end = span.end
    assert sum(result.counts.values()) == len(result.spans) == result.removed


@FAST
@given(SENTENCE, IDENTIFIERS, SENTENCE)
def test_an_identifier_inserted_into_any_text_is_gone(before: str, secret: str, after: str) -> None:
    text = f"{before} {secret} {after}"
    assert secret not in redact(text).text


@FAST
@given(SENTENCE, IDENTIFIERS, SENTENCE, st.sampled_from(["en", "cy"]))
def test_redacting_twice_removes_nothing_new(
    before: str, secret: str, after: str, lang: str
) -> None:
    once = redact(f"{before} {secret} {after}", lang)
    twice = redact(once.text, lang)
    assert twice.text == once.text
    assert twice.removed == 0


@FAST
@given(TRICKY, st.sampled_from(["en", "cy"]))
def test_redacting_names_and_cues_twice_removes_nothing_new(text: str, lang: str) -> None:
    once = redact(text, lang)
    assert redact(once.text, lang).text == once.text


@FAST
@given(st.text(max_size=200), st.sampled_from(["en", "cy"]))
def test_text_outside_the_spans_is_left_exactly_as_written(text: str, lang: str) -> None:
    result = redact(text, lang)
    pieces, position = [], 0
    for span in result.spans:
        pieces += [text[position : span.start], placeholder(span.label, lang)]
        position = span.end
    assert result.text == "".join(pieces) + text[position:]
