"""Personal names: a given-name lexicon (the 60,000 names of gender-guesser's curated
dictionary), capitalisation, and the words staff put before a client's name ('client',
'her son', 'Ms.'). The coalition's own agency, program and staff names are never refused.

A capitalised word is a name here when it is in the lexicon and is not also a common
English word ('Will', 'May', 'Grace'), or when a relation or title word comes right before
it; a given name followed by another capitalised word ('Jane Smith') is one as well."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from protocols.privacy.finding import Finding, Kind


def _words(text: str) -> list[str]:
    return text.split()


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
# Words before a client's or relative's name.
_BEFORE = frozenset(
    _words(
        """
    client clients survivor victim son daughter child kid kids baby infant toddler teen
    mother mom mum father dad parent partner boyfriend girlfriend husband wife ex spouse
    fiance fiancé sister brother sibling cousin aunt uncle grandmother grandma
    grandfather grandpa niece nephew stepson stepdaughter named name called aka ms mrs
    mr miss mx dr resident guest caller patient abuser perpetrator respondent petitioner
    defendant suspect offender
"""
    )
)
# Given names that are everyday English words, capitalised at the start of a sentence or
# in a heading: never a name on their own.
_COMMON = frozenset(
    _words(
        """
    will may mark bill grace hope faith joy rose april june august summer autumn winter
    dawn eve art frank sunny holly ivy iris lily daisy violet ruby pearl amber crystal
    jade jasmine heather brook brooke river sky storm rain chance guy rich bob sue pat
    jack ray rod dean don gene lane chase cash colt drew earl miles page reed rob
    sterling wade ward wells will bishop king prince queen major sage star angel honey
    candy ginger misty penny sandy rusty dusty billy jimmy tommy max sam ben al ed tom
    dan ken ted ann an the a an and or but if then so as at by for from in into of on
    onto to up with we you they he she it i me my our your their his her its this that
    these those there here what when where who why how all any each every some no not
    yes ok okay please thanks thank call called calls meet meeting bed beds room rooms
    unit staff shelter hospital police court legal team night day today tomorrow tonight
    morning evening afternoon week weekend jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday
    saturday sunday january february march july september october november december new
    next last first second third one two three four five six seven eight nine ten hold
    held done drop dropped carry carried note notes decision action update check sent
    send confirmed confirm ready open closed close clear safe safety plan plans
    transport van car cab taxi bus train escort advocate advocates nurse doctor officer
    detective judge clerk liaison coordinator supervisor lead backup primary on-call
    protective order orders hearing docket intake referral referrals follow followup
    review debrief drill exercise case cases code codes protocol status summary still
    also just only more less than after before until via per re fyi asap eta north south
    east west central main upper lower
"""
    )
)


@functools.cache
def _lexicon() -> frozenset[str]:
    # Imported here: 60,000 names take 0.2 s to load, paid once, by the first check.
    from gender_guesser.detector import Detector  # type: ignore[import-untyped]

    return frozenset(Detector(case_sensitive=False).names)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def find(text: str, allowed: Collection[str] = ()) -> Finding | None:
    """`allowed`: lowercased words of the coalition's own names (agencies, programs,
    staff), never refused."""
    lexicon = _lexicon()
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, (word, start, end) in enumerate(words):
        if not _capitalised(word):
            continue
        low = _POSSESSIVE.sub("", word.lower()).strip("'’-")
        before = words[i - 1][0].lower().rstrip(".") if i else ""
        if before in _BEFORE and (low in lexicon or low not in _COMMON):
            return Finding(Kind.NAME, start, end)  # 'her son Tyler', even a staff name
        following = words[i + 1] if i + 1 < len(words) else None
        if low in allowed:
            # A staff first name alone is a colleague; followed by a surname that is not a
            # staff one ('Jordan Rodriguez' beside staff 'Jordan Blake') it is someone else.
            if following is not None and _surname(text, end, following, allowed):
                return Finding(Kind.NAME, start, following[2])
            continue
        if low in lexicon and low not in _COMMON:
            return Finding(Kind.NAME, start, end)
        if low in lexicon and following is not None and _surname(text, end, following, allowed):
            return Finding(Kind.NAME, start, following[2])
    return None


def _surname(
    text: str, end: int, following: tuple[str, int, int], allowed: Collection[str]
) -> bool:
    """Whether the word right after a given name reads as a surname: capitalised, next to
    it, and neither a common word nor one of the coalition's own."""
    word = following[0]
    return (
        _capitalised(word)
        and word.lower() not in allowed
        and word.lower() not in _COMMON
        and text[end : following[1]].strip() == ""
    )
