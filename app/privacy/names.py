"""Names, places, streets, schools and homes, found from words, word lists and context.

The rules, in the order they run:

1. Agencies, councils, health boards and regions are protected: never redacted.
2. Structures: streets ("Gladstone Street", "Heol y Nant"), named homes and estates
   ("Tŷ Derwen", "the Tawelfan estate"), schools, surgeries, clubs and businesses
   ("Maes Helyg Primary", "Golden Palace takeaway"), multi-word places ("Ebbw Vale").
3. Cues: titles ("Mrs Price"), ranks and family words ("PC Sullivan", "Aunty Bev"),
   relations ("her mum Karen", "boyfriend Will"), naming words ("someone called 'Digger'").
4. Words: an uncommon capitalised word is a name or place; a listed first name or place
   is one in any case; a name that is also an ordinary word (Hope, Mark, Summer) needs
   a cue: a verb or possessive after it, an age beside it, a capital mid-sentence.
5. A name spreads: to the surname after it, to its other mentions, to the names listed
   with it ("Rose and Jade").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.privacy import cues
from app.privacy.gazetteer import Gazetteer
from app.privacy.labels import Label
from app.privacy.spans import Span
from app.privacy.tokens import Token

_AGE_AFTER = re.compile(r"^\s*(?:,\s*(?:aged\s+)?\d{1,2}\s*[,)]|\(\s*\d{1,2}\s*\))")
_SHOUTING_SHARE = 0.6


class NameFinder:
    """Runs the rules over one text's tokens; ``blocked`` marks tokens already redacted."""

    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        blocked: Sequence[bool],
        gaz: Gazetteer,
        *,
        welsh: bool,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.blocked = blocked
        self.gaz = gaz
        self.welsh = welsh
        self.protected = [False] * len(tokens)
        self.labels: list[str | None] = [None] * len(tokens)
        self.in_structure = [False] * len(tokens)
        self.spans: list[Span] = []
        self.shouting = self._is_shouting()

    # --- helpers ----------------------------------------------------------------------
    def _is_shouting(self) -> bool:
        words = [t for t in self.tokens if t.alphabetic and len(t.core) > 1]
        caps = [t for t in words if t.all_caps and not self.gaz.is_acronym(t)]
        return len(caps) >= 4 and len(caps) >= _SHOUTING_SHARE * len(words)

    def _token(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def _free(self, i: int) -> bool:
        return (
            0 <= i < len(self.tokens)
            and not self.blocked[i]
            and not self.protected[i]
            and self.labels[i] is None
            and self.tokens[i].alphabetic
        )

    def _cap(self, t: Token) -> bool:
        return t.capitalised and t.alphabetic and not (self.shouting and t.all_caps)

    def _joined(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` (b = a + 1) are separated by plain spaces only."""
        gap = self.text[self.tokens[a].end : self.tokens[b].start]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def _common(self, t: Token) -> bool:
        # Family and rank words ("Aunty", "Carer") are ordinary even where the dictionary
        # lacks them.
        return self.gaz.is_common(t) or t.low in cues.RELATIONS or t.low in cues.RANKS

    def _ordinary(self, t: Token) -> bool:
        """An ordinary word that is neither a listed name nor a listed place."""
        return self._common(t) and not self.gaz.is_name(t) and not self.gaz.is_place(t)

    def _set(self, i: int, label: Label) -> None:
        if self._free(i):
            self.labels[i] = label

    def _add_span(self, first: int, last: int, label: Label) -> None:
        tokens = self.tokens
        # A business keeps its "'s" ("Bracchi's café"); a person or place does not.
        end = tokens[last].end if label == Label.ORG else tokens[last].name_end
        self.spans.append(Span(tokens[first].start, end, label))
        for k in range(first, last + 1):
            self.in_structure[k] = True
            if self.labels[k] is None:
                self.labels[k] = label

    def _run_member(self, i: int, *, after_prefix: bool = False) -> bool:
        t = self.tokens[i]
        # Family words start no name ("Mum's shop"), but may sit inside one ("Ysgol Bro Taf").
        descriptor = t.all_caps and t.low in cues.ORG_DESCRIPTORS  # "St Joseph's RC High"
        return (
            not self.blocked[i]
            and not self.protected[i]
            and (self._cap(t) or descriptor)
            and t.low not in cues.TITLES
            and (after_prefix or t.low not in cues.RELATIONS)
            and (descriptor or not self.gaz.is_acronym(t))
        )

    def _run_left(self, i: int) -> list[int]:
        """Indices of the capitalised words just before ``i`` ("Maes Helyg" before "Primary")."""
        run: list[int] = []
        k = i - 1
        while k >= 0 and self._joined(k, k + 1):
            t = self.tokens[k]
            if t.low in cues.RUN_CONNECTORS and not t.sentence_start:
                if k - 1 >= 0 and self._joined(k - 1, k) and self._run_member(k - 1):
                    run.append(k)
                    k -= 1
                    continue
                break
            if not self._run_member(k):
                break
            if t.sentence_start and self._ordinary(t) and t.low in cues.DETERMINERS:
                break
            run.append(k)
            if t.sentence_start:
                break
            k -= 1
        run.reverse()
        return self._trim(run)

    def _trim(self, run: list[int]) -> list[int]:
        """Drop determiners and connectors at the start of a run ("The", "of")."""
        while run and self.tokens[run[0]].low in cues.DETERMINERS | cues.RUN_CONNECTORS:
            run = run[1:]
        return run

    def _run_right(self, i: int) -> list[int]:
        """Indices of the capitalised words just after ``i`` ("y Deri" after "Maes")."""
        run: list[int] = []
        k = i + 1
        while k < len(self.tokens) and self._joined(k - 1, k):
            t = self.tokens[k]
            if self.tokens[k].sentence_start:
                break
            if t.low in cues.RUN_CONNECTORS:
                if (
                    k + 1 < len(self.tokens)
                    and self._joined(k, k + 1)
                    and self._run_member(k + 1, after_prefix=True)
                ):
                    run.append(k)
                    k += 1
                    continue
                break
            if not self._run_member(k, after_prefix=True):
                break
            run.append(k)
            if t.possessive:
                break
            k += 1
        return run

    def _next_words(self, i: int, words: Sequence[str]) -> bool:
        """Tokens after ``i`` are ``words`` (lower case), separated by spaces only."""
        for offset, word in enumerate(words, start=1):
            j = i + offset
            if j >= len(self.tokens) or not self._joined(j - 1, j) or self.tokens[j].norm != word:
                return False
        return True

    # --- 1. protection ------------------------------------------------------------------
    def protect_agencies(self) -> None:
        """Agencies, councils, health boards and regions are never redacted."""
        tokens = self.tokens
        for i in range(len(tokens)):
            length = self.gaz.keep.match(tokens, i)
            for k in range(i, i + length):
                self.protected[k] = True
        for i, t in enumerate(tokens):
            if not (self._cap(t) or t.all_caps):
                continue
            for ending in cues.AGENCY_ENDINGS:
                if t.norm == ending[0] and self._next_words(i, ending[1:]):
                    last = i + len(ending) - 1
                    first = i
                    while first - 1 >= 0 and self._joined(first - 1, first):
                        before = tokens[first - 1]
                        named = self.gaz.is_name(before) and not self.gaz.is_place(before)
                        if not (self._cap(before) or before.all_caps) or before.possessive or named:
                            break
                        first -= 1
                    for k in range(first, last + 1):
                        self.protected[k] = True
            if self._cap(t) and t.low in cues.AGENCY_PREFIXES:
                run = self._run_right(i)
                if run:
                    for k in (i, *run):
                        self.protected[k] = True

    # --- 2. structures ------------------------------------------------------------------
    def find_structures(self) -> None:
        """Streets, homes, estates, schools, clubs, businesses and multi-word places."""
        self._places()
        for i, t in enumerate(self.tokens):
            if self.blocked[i] or self.protected[i] or not t.alphabetic:
                continue
            low = t.low
            if self._cap(t) or (t.all_caps and low in cues.ORG_STRONG):
                if low in cues.ORG_STRONG or low in cues.ORG_WEAK:
                    self._org_suffix(i)
                if low in cues.STREET_STRONG or low in cues.STREET_WEAK:
                    self._street_suffix(i)
                if low in cues.WELSH_STREET_PREFIXES:
                    self._prefixed(i, Label.PLACE)
                if low in cues.BUILDING_PREFIXES:
                    self._prefixed(i, Label.ADDRESS)
                if low in cues.ORG_PREFIXES:
                    self._prefixed(i, Label.ORG)
                if low in cues.BUILDING_SUFFIXES:
                    self._building_suffix(i)
            elif t.text.islower():
                if low in cues.BUSINESS_AFTER:
                    self._named_before(i, Label.ORG)
                for words in cues.BUILDING_AFTER:
                    if t.norm == words[0] and self._next_words(i, words[1:]):
                        self._named_before(i, Label.ADDRESS)

    def _places(self) -> None:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            length = self.gaz.places.match(tokens, i)
            first = tokens[i]
            if not length and self._cap(first) and self.gaz.is_place(first):
                after = self._token(i + 1)
                extended = after and self._cap(after) and after.low in cues.PLACE_EXTENSIONS
                length = 1 if extended and self._joined(i, i + 1) else 0
            usable = length and not any(
                self.blocked[i : i + length] + self.protected[i : i + length]
            )
            if usable and (self._cap(first) or not self._common(first)):
                last = i + length - 1
                while last + 1 < len(tokens) and self._joined(last, last + 1):
                    nxt = tokens[last + 1]
                    if not (self._cap(nxt) and nxt.low in cues.PLACE_EXTENSIONS):
                        break
                    last += 1
                self._add_span(i, last, Label.PLACE)
                i = last + 1
                continue
            i += 1

    def _org_suffix(self, i: int) -> None:
        tokens = self.tokens
        last = i
        while (
            last + 1 < len(tokens)
            and self._joined(last, last + 1)
            and self._cap(tokens[last + 1])
            and tokens[last + 1].low in cues.ORG_STRONG | cues.ORG_WEAK | cues.ORG_DESCRIPTORS
        ):
            last += 1
        after = self._token(last + 1)
        if after and self._cap(after) and after.low in cues.STREET_STRONG:
            return  # "High Street" is a street, not a school
        run = self._run_left(i)
        named = [k for k in run if tokens[k].low not in cues.ORG_DESCRIPTORS]
        if not named:
            return
        strong = any(tokens[k].low in cues.ORG_STRONG for k in range(i, last + 1))
        proper = any(not self._common(tokens[k]) or self.in_structure[k] for k in named)
        if not strong and not proper:
            return
        self._add_span(run[0], last, Label.ORG)

    def _street_suffix(self, i: int) -> None:
        tokens = self.tokens
        t = tokens[i]
        after = self._token(i + 1)
        if t.text == "St" and after and self._cap(after) and self._joined(i, i + 1):
            return  # "St Mellons", "St Giles": a saint, not a street
        run = self._run_left(i)
        if not run:
            return
        if t.low in cues.STREET_WEAK and all(
            self._common(tokens[k]) and "-" not in tokens[k].text for k in run
        ):
            return
        last = i
        if after and self._joined(i, i + 1) and self._cap(after):
            if after.low in cues.STREET_DIRECTIONS:
                last = i + 1
        self._add_span(run[0], last, Label.PLACE)

    def _prefixed(self, i: int, label: Label) -> None:
        """A Welsh street, home or school named after its kind: "Heol y Nant", "Tŷ Derwen"."""
        run = self._run_right(i)
        if run and any(self.tokens[k].low not in cues.RUN_CONNECTORS for k in run):
            self._add_span(i, run[-1], label)

    def _building_suffix(self, i: int) -> None:
        run = self._run_left(i)
        if run and any(not self._common(self.tokens[k]) for k in run):
            self._add_span(run[0], i, Label.ADDRESS)

    def _named_before(self, i: int, label: Label) -> None:
        """The capitalised name before a plain word: "Golden Palace takeaway", "X estate"."""
        run = self._run_left(i)
        if not run:
            return
        first = self.tokens[run[0]]
        if first.sentence_start and self._ordinary(first):
            run = self._trim(run[1:])
        if run and not any(self.tokens[k].norm in self.gaz.keep_words for k in run):
            self._add_span(run[0], run[-1], label)

    # --- 3. cues ------------------------------------------------------------------------
    def find_cued_names(self) -> None:
        """Titles, ranks, relations and naming words put a name in the next word."""
        tokens = self.tokens
        for i, t in enumerate(tokens):
            if self.blocked[i] or not t.alphabetic:
                continue
            low = t.low
            if low in cues.TITLES and (self._cap(t) or t.all_caps or low != "miss"):
                self._after_title(i)
            if low in cues.RANKS and (self._cap(t) or t.all_caps):
                self._after_cue(i, i + 1, accept_common=False)
            if low in cues.RELATIONS:
                self._after_cue(i, i + 1, accept_common=False)
            self._after_naming(i)

    def _after_title(self, i: int) -> None:
        tokens = self.tokens
        j = i + 1
        nxt = self._token(j)
        if nxt is None or self.blocked[j] or not nxt.alphabetic:
            return
        gap = self.text[tokens[i].end : nxt.start]
        if gap.strip() not in ("", "."):
            return
        is_initial = len(nxt.core) == 1 and nxt.core.isupper()
        lower_name = nxt.text.islower() and not self._common(nxt)
        if not (self._cap(nxt) or is_initial or lower_name):
            return
        if nxt.norm in self.gaz.keep_words or nxt.low in cues.CALENDAR:
            return
        last = j
        after = self._token(j + 1)
        if after and self._joined(j, j + 1) and self._cap(after) and not nxt.possessive:
            if self.gaz.is_name(after) or not self._common(after):
                last = j + 1
        self.spans.append(Span(tokens[i].start, tokens[last].name_end, Label.PERSON))
        for k in range(i, last + 1):
            self.labels[k] = Label.PERSON

    def _after_cue(self, cue: int, j: int, *, accept_common: bool) -> None:
        """The word at ``j`` after a cue word is a name if it can be one."""
        tokens = self.tokens
        nxt = self._token(j)
        if nxt is None or not self._free(j):
            return
        gap = self.text[tokens[cue].end : nxt.start]
        if gap.strip(" ,'\"‘“") != "":
            return
        if nxt.low in cues.CALENDAR or self.gaz.is_acronym(nxt) or nxt.norm in self.gaz.keep_words:
            return
        if self._cap(nxt):
            after = self._token(j + 1)
            alone = not (after and self._joined(j, j + 1) and self._cap(after))
            # "her sister Sky reported": one capitalised word after a relation is a name.
            single = alone and nxt.low not in cues.INSTITUTIONS
            if accept_common or single or self.gaz.is_name(nxt) or not self._common(nxt):
                self._set(j, Label.PERSON)
        elif nxt.text.islower() and len(nxt.core) >= 2 and "," not in gap:
            # Welsh puts adjectives after nouns ("partner niweidiol"): only listed names there.
            unknown = not self._common(nxt) and not self.welsh
            if nxt.low in self.gaz.first_names or unknown:
                self._set(j, Label.PERSON)

    def _after_naming(self, i: int) -> None:
        """ "called 'Digger'", "known as Tiny", "o'r enw Steve"."""
        t = self.tokens[i]
        length = 0
        if t.low in cues.NAMING:
            length = 1
        for phrase in cues.NAMING_PHRASES:
            if t.norm == phrase[0] and self._next_words(i, phrase[1:]):
                length = max(length, len(phrase))
        if not length:
            return
        before = self._token(i - 1)
        nickname_ok = before is not None and before.low in cues.NAMED_ONES
        self._after_cue(i + length - 1, i + length, accept_common=nickname_ok)
        nxt = self._token(i + length)
        if nxt is not None and nxt.quoted and self._free(i + length):
            if self._cap(nxt) or not self._common(nxt):
                self._set(i + length, Label.PERSON)

    # --- 4. words -----------------------------------------------------------------------
    def find_words(self) -> None:
        """Capitalised uncommon words, listed names and places, initials."""
        for i, t in enumerate(self.tokens):
            if not self._free(i) or self.gaz.is_acronym(t):
                continue
            if t.all_caps and not self.shouting:
                self._capitals(i)
            elif self._cap(t):
                self._capitalised(i)
            else:
                self._lower_case(i)

    def _capitals(self, i: int) -> None:
        t = self.tokens[i]
        core = t.core
        if len(core) == 1:
            self._single_capital(i)
        elif self.gaz.is_name(t) and not self._common(t):
            self._set(i, Label.PERSON)
        elif self.gaz.is_place(t) and not self._common(t):
            self._set(i, Label.PLACE)
        elif len(core) <= 3 and not self._common(t):
            self._set(i, Label.PERSON)  # initials: "JB", "AJ"

    def _single_capital(self, i: int) -> None:
        t = self.tokens[i]
        if t.core in ("A", "I", "X"):
            return
        before = self._token(i - 1)
        if before is not None and before.low in cues.NOT_INITIAL_AFTER:
            return
        before_char = self.text[t.start - 1 : t.start]
        after = self.text[t.end : t.end + 1]
        if after in ("-", "&", "/") or before_char in ("&", "/"):
            return  # "A&E", "T-shirt", "Q&A"
        self._set(i, Label.PERSON)

    def _capitalised(self, i: int) -> None:
        t = self.tokens[i]
        # A surname that is also a word ("Green", "Price") needs a first name or title.
        name = t.low in self.gaz.first_names if self._common(t) else self.gaz.is_name(t)
        place = self.gaz.is_place(t)
        before = self._token(i - 1)
        after_preposition = before is not None and before.low in cues.PLACE_PREPOSITIONS
        # "to Barry" is the town, "Barry said" the man; an unknown word after "in" a place.
        label = (
            Label.PLACE
            if ((place or not name) and after_preposition) or (place and not name)
            else Label.PERSON
        )
        if not self._common(t):
            if t.sentence_start and self.welsh and not (name or place or t.possessive):
                return  # Welsh sentences open with a verb we may not know
            self._set(i, label)
            return
        if t.norm in self.gaz.keep_words or t.low in self.gaz.keep_words:
            return  # "McDonald's", "Costa": a chain, not a person
        if not (name or place):
            if self._nickname(i):
                self._set(i, Label.PERSON)
            return
        temporal = t.low in cues.TEMPORAL_NAMES or t.low in cues.CALENDAR
        if before is not None and not t.sentence_start:
            if before.low in cues.DETERMINERS or (temporal and before.low in cues.TIME_WORDS):
                return
        if self._person_cue_after(i, strong=temporal):
            self._set(i, label)
        elif t.sentence_start or temporal or self._in_title(i):
            return
        else:
            self._set(i, label)

    def _nickname(self, i: int) -> bool:
        """An ordinary word used as a nickname: in quotes ("'Smiley' oedd yn...") or, mid-
        sentence, doing what only people do ("Rocky was 26", "'Spud told me")."""
        t = self.tokens[i]
        if t.sentence_start or t.low in cues.RELATIONS or t.low in cues.INSTITUTIONS:
            return False
        before = self._token(i - 1)
        if (before is not None and before.low in cues.DETERMINERS) or self._in_title(i):
            return False
        if t.quoted:
            return True
        nxt, after = self._token(i + 1), self._token(i + 2)
        if nxt is None or not self._joined(i, i + 1):
            return False
        if nxt.norm in cues.PERSON_AFTER_STRONG:
            return True
        age = after is not None and after.text.isdigit() and len(after.text) <= 2
        return nxt.norm in ("was", "is") and age

    def _person_cue_after(self, i: int, *, strong: bool) -> bool:
        """A possessive, an age, a verb or a surname after a word makes it a name."""
        t = self.tokens[i]
        if t.possessive or _AGE_AFTER.match(self.text[t.end :]):
            return True
        nxt = self._token(i + 1)
        if nxt is None or not self._joined(i, i + 1):
            return False
        verbs = cues.PERSON_AFTER_STRONG if strong else cues.PERSON_AFTER
        if nxt.norm in verbs:
            return True
        return self._cap(nxt) and nxt.alphabetic and not self._common(nxt) and not strong

    def _in_title(self, i: int) -> bool:
        """Part of a title-cased phrase of ordinary words ("Grace Period", "Hope card")."""
        for j in (i - 1, i + 1):
            other = self._token(j)
            if other is None or not self._joined(min(i, j), max(i, j)):
                continue
            if other.low in cues.TITLE_WORDS:
                return True
            if other.sentence_start and j < i:
                continue  # its capital belongs to the sentence, not to a title
            if self._cap(other) and self._ordinary(other) and other.low not in cues.RELATIONS:
                return True
        return False

    def _lower_case(self, i: int) -> None:
        t = self.tokens[i]
        if not t.text.islower() and not self.shouting:
            return
        if self._common(t):
            return
        if self.gaz.is_first_name(t) or self._possessive_without_apostrophe(t):
            self._set(i, Label.PERSON)
        elif self.gaz.is_place(t):
            self._set(i, Label.PLACE)

    def _possessive_without_apostrophe(self, t: Token) -> bool:
        """ "at ellies", "Tias mum": a listed first name with a bare "s"."""
        stem = t.low[:-1]
        return t.low.endswith("s") and len(stem) >= 3 and stem in self.gaz.first_names

    # --- 5. spreading -------------------------------------------------------------------
    def spread(self) -> None:
        """Surnames after names, other mentions of a name, and names listed together."""
        self._surnames()
        self._other_mentions()
        self._listed_together()
        self._surnames()

    def _surnames(self) -> None:
        tokens = self.tokens
        for i in range(len(tokens) - 1):
            label = self.labels[i]
            if label not in (Label.PERSON, Label.PLACE) or self.in_structure[i]:
                continue
            if not self._joined(i, i + 1) or tokens[i].possessive:
                continue
            j = i + 1
            nxt = tokens[j]
            if not self._free(j) or nxt.low in cues.CALENDAR or self.gaz.is_acronym(nxt):
                continue
            if nxt.low in cues.RELATIONS or (
                nxt.norm in self.gaz.keep_words and not self.gaz.is_name(nxt)
            ):
                continue
            if nxt.low in cues.NAME_PARTICLES and label == Label.PERSON:
                after = self._token(j + 1)
                named = after is not None and (
                    self._free(j + 1) or self.labels[j + 1] == Label.PERSON
                )
                if named and after and self._joined(j, j + 1) and self._cap(after):
                    self.labels[j] = Label.PERSON  # "Aled ap Rhys"
                    self._set(j + 1, Label.PERSON)
                continue
            if self._cap(nxt):
                if nxt.low in cues.PERSON_AFTER:
                    continue
                self._set(j, Label(label))
            elif nxt.text.islower() and tokens[i].text.islower():
                if nxt.low in self.gaz.surnames or not self._common(nxt):
                    self._set(j, Label.PERSON)
        # A first name just before a found surname: "Grace Price" when only Price was found.
        for i in range(len(tokens) - 1, 0, -1):
            if self.labels[i] == Label.PERSON and self._free(i - 1) and self._joined(i - 1, i):
                before = tokens[i - 1]
                if self._cap(before) and before.low in self.gaz.first_names:
                    self._set(i - 1, Label.PERSON)

    def _other_mentions(self) -> None:
        found: dict[str, str] = {}
        for i, label in enumerate(self.labels):
            t = self.tokens[i]
            if label in (Label.PERSON, Label.PLACE) and not self.in_structure[i] and t.alphabetic:
                found.setdefault(t.low, label)
        if not found:
            return
        for i, t in enumerate(self.tokens):
            label = found.get(t.low)
            if label and self._free(i) and (self._cap(t) or t.all_caps or not self._common(t)):
                self._set(i, Label(label))

    def _listed_together(self) -> None:
        tokens = self.tokens
        for i, t in enumerate(tokens):
            if not self._free(i) or not self._cap(t) or not self.gaz.is_name(t):
                continue
            for direction in (1, -1):
                other = i + 2 * direction
                middle = i + direction
                if not (0 <= other < len(tokens)) or self.labels[other] != Label.PERSON:
                    continue
                if tokens[middle].low in cues.NAME_JOINERS:
                    self._set(i, Label.PERSON)
            for direction in (1, -1):
                other = i + direction
                if 0 <= other < len(tokens) and self.labels[other] == Label.PERSON:
                    a, b = min(i, other), max(i, other)
                    if self.text[tokens[a].end : tokens[b].start].strip() == ",":
                        self._set(i, Label.PERSON)

    # --- all together -------------------------------------------------------------------
    def find(self) -> list[Span]:
        """Run every rule and return the spans found (they may overlap; merged later)."""
        self.protect_agencies()
        self.find_structures()
        self.find_cued_names()
        self.find_words()
        self.spread()
        spans = list(self.spans)
        for i, label in enumerate(self.labels):
            if label is not None and not self.blocked[i] and not self.in_structure[i]:
                t = self.tokens[i]
                spans.append(Span(t.start, t.name_end, label))
        return spans
