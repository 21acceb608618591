"""Venues, organisations and people whose names are ordinary words (issue 12, second round).

The sentences are new (not from batches 7 or 8), so a rule that memorised a batch fails them.
"""

from __future__ import annotations

import pytest

from app.privacy.redact import redact

LEAKS = [
    # a capitalised run no rule explains, mid-sentence
    ("Her brother goes to Rising Tide on Thursdays after school.", ["Rising Tide"]),
    ("We made a referral to Open Doors but heard nothing back.", ["Open Doors"]),
    ("He now lives with carers from Bright Horizons fostering.", ["Bright Horizons"]),
    # "the" and one capital after any lower-case word
    ("The lads kept hanging about the Anchor until closing.", ["Anchor"]),
    ("Every Saturday he was down the Forge with his uncle.", ["Forge"]),
    # a capital "The" mid-sentence belongs to the name
    ("They were picked up outside The Swan most weekends.", ["The Swan"]),
    # hospital wards, by name or number
    ("She spent a week on Rhiannon ward after the overdose.", ["Rhiannon ward"]),
    ("He was moved to Ward 12 overnight.", ["Ward 12"]),
    ("Cafodd hi ei symud i ward Enlli dros nos.", ["ward Enlli"]),
    # a kind, a comma, then its name (English and Welsh word order)
    ("We found him a bed in a night shelter, Safe Harbour, in the end.", ["Safe Harbour"]),
    ("The cab firm, Star Cars, kept sending the same driver.", ["Star Cars"]),
    ("Roedd y clwb ieuenctid, Hwyl Fawr, ar gau dros yr haf.", ["Hwyl Fawr"]),
    # a man, a comma, then his name; Welsh epithets stay with the name
    ("The older man, Jonno, always had cash on him.", ["Jonno"]),
    ("Roedd Wil Mawr yn aros y tu allan i'r ysgol.", ["Wil Mawr"]),
]

CLEAN = [
    "Q: what helped most? A: a worker who stayed.",
    "C: beth helpodd fwyaf? A: gweithiwr a arhosodd.",
    "It felt like a Safe Space for the first time.",
    "We need a Plan B for when the placement wobbles.",
    "Mae angen Cynllun B arnom ni.",
    "The Ward Round was where the plan changed.",
    "We read The Rights of the Child together in training.",
    "Roedd y Gweithiwr Cymdeithasol wedi newid eto.",
    "Roedd y Cyfarfod Strategaeth yn rhy hwyr.",
    "Deputy Head and School Nurse both knew.",
    "They talked about Healthy Relationships and Consent at school.",
    "We completed the Child Exploitation Screening Tool again.",
    "(2019) Working Together to Safeguard Children.",
]


@pytest.mark.parametrize(("text", "words"), LEAKS)
def test_ordinary_word_names_are_redacted_whole(text: str, words: list[str]) -> None:
    out = redact(text).text
    for word in words:
        assert word not in out, f"{word!r} leaked: {out}"
        for part in word.split():
            if part[0].isupper() and part not in ("The", "Ward"):
                assert f" {part} " not in f" {out} ", f"{part!r} half left: {out}"


@pytest.mark.parametrize("text", CLEAN)
def test_practice_vocabulary_and_titles_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(("text", "_words"), LEAKS)
def test_a_second_pass_removes_nothing_new(text: str, _words: list[str]) -> None:
    once = redact(text).text
    assert redact(once).text == once
