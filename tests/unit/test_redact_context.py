"""Each kind of leak named in issue 12, in English and Welsh: what must go, what must stay.

The sentences here are new (not from any labelled batch), so they test the rules, not the
lists: a rule that only memorised a batch fails them.
"""

from __future__ import annotations

import pytest

from app.privacy.redact import clean_removals, redact


def _gone(text: str, words: list[str]) -> None:
    out = redact(text).text
    for word in words:
        assert word not in out, f"{word!r} leaked: {out}"


def _kept(text: str) -> None:
    assert redact(text).text == text


LEAKS = [
    # 1. names that are ordinary words, with a person cue
    ("Sky Rowlands texted the duty worker at midnight.", ["Sky", "Rowlands"]),
    ("Later that week I met Brook outside the pharmacy.", ["Brook"]),
    ("Rose and her brother were split up in care.", ["Rose"]),
    ("It was then that Blessing finally told us about the flat.", ["Blessing"]),
    ("Roedd Heulwen wedi dweud wrth ei hathrawes.", ["Heulwen"]),
    # 2. names in lower case after a cue
    ("spoke to tayla after the meeting and she was shaking.", ["tayla"]),
    ("rang jaxon's mum twice but no answer.", ["jaxon"]),
    ("Siaradais gyda mali ar ôl y wers.", ["mali"]),
    # 3. family surnames alone
    ("The Pugh kids were always hungry at school.", ["Pugh"]),
    ("Everyone knew the Watkins family on that street.", ["Watkins"]),
    ("Roedd plant Prosser yn colli ysgol.", ["Prosser"]),
    # 4. nicknames in quotes, whole
    ("They all answered to 'Big Dai' in the end.", ["Big Dai"]),
    ('The man she called "Top Boy" paid for her nails.', ["Top Boy"]),
    ("Roedd 'Y Bos' yn rhoi arian iddyn nhw.", ["Y Bos"]),
    # 5. venues, businesses and schools, whole
    ("They waited outside the Fox and Hounds every Friday.", ["Fox and Hounds"]),
    ("He was working at Diamond Hand Car Wash for cash.", ["Diamond Hand Car Wash"]),
    ("She used the computers at Grangetown library.", ["Grangetown"]),
    ("He was kicked out of fitzalan high in year 8.", ["fitzalan high"]),
    ("Bishop Vaughan had flagged her absences.", ["Bishop Vaughan"]),
    ("She started at Coleg Bro Morgannwg in September.", ["Coleg Bro Morgannwg"]),
    ("Aeth e i ysgol y strade am flwyddyn.", ["ysgol y strade"]),
    ("His dad was in HMP Berwyn for most of it.", ["HMP Berwyn"]),
    # 6. record numbers in any case
    ("Court ref NP23/1182/YC was listed for March.", ["NP23/1182/YC"]),
    ("the crime ref was wp/48211/24 apparently.", ["wp/48211/24"]),
    ("reg is cx71 kmb according to his sister.", ["cx71 kmb"]),
    # 7. places: counties, islands, Welsh streets and estates
    ("Her dad moved to Pembrokeshire after the split.", ["Pembrokeshire"]),
    ("She ran away to Anglesey twice.", ["Anglesey"]),
    ("We found him on ffordd y parc at two in the morning.", ["ffordd y parc"]),
    ("She lives on the Trem y Dyffryn estate.", ["Trem y Dyffryn"]),
    ("Roedd hi'n byw ar stad Bryn Hyfryd.", ["Bryn Hyfryd"]),
    # 8. initials and handles
    ("I only ever knew him as TM from the notes.", ["TM"]),
    ("Her handle was @cerys.x.2010 and she'd deleted it.", ["@cerys.x.2010"]),
]

CLEAN = [
    "The council changed the policy again.",
    "Children's services were stretched that winter.",
    "The case was RAG rated Amber for months.",
    "We used the Barnahus model for the interviews.",
    "The PNC check came back clear and her UPN had changed.",
    "Operation Encompass meant school knew by nine.",
    "Keeping up with the Joneses is not what these families are doing.",
    "Y peth pwysicaf oedd gwrando ar y plentyn.",
    "Bob tro roedden ni'n cwrdd, roedd stori newydd.",
    "Mae'r cyngor wedi newid y drefn eto.",
    "Over the Summer she was seen far less.",
    "Flying Start had known the family since the baby was born.",
]


@pytest.mark.parametrize(("text", "words"), LEAKS)
def test_each_kind_of_leak_is_closed(text: str, words: list[str]) -> None:
    _gone(text, words)


@pytest.mark.parametrize("text", CLEAN)
def test_clean_lines_stay_as_written(text: str) -> None:
    _kept(text)


def test_a_persons_own_removals_only_add_to_what_is_redacted() -> None:
    text = "Jade Thompson rode a green bike to the flats"
    plain = redact(text)
    tapped = redact(text, remove=["green", "GREEN", "  bike "])
    assert "green" not in tapped.text and "bike" not in tapped.text
    assert "Jade" not in tapped.text
    assert tapped.counts["PERSON"] > plain.counts["PERSON"]
    # Asking to remove a stand-in, or a word that is not there, reveals nothing.
    again = redact(text, remove=["[name]", "Jade", "nowhere", "", "!!!"])
    assert again.text == plain.text


def test_removals_are_whole_words_and_bounded() -> None:
    assert redact("the van was vandalised", remove=["van"]).text == "the [name] was vandalised"
    words = [f"word{n}" for n in range(100)]
    assert len(clean_removals(words)) == 40
    assert clean_removals(["x" * 500]) == ("x" * 80,)
