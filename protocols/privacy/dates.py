"""Dates of birth and other personal dates, in every common written form.

Refused: any full date with a year (numeric, ISO, or with a month name, ordinals included);
a year or date next to a birth word ('born in 1990', 'DOB 3/5', 'b. 1990'); 'her birthday'.
Allowed: what scheduling in MACT uses, a month and day or a weekday without a year ('Dec 14',
'on the 3rd', 'Friday'), clock times ('09:30'), durations ('2h', '90 days'), case codes
('HH-2026-0042') and bare years ('the 2025 review')."""

from __future__ import annotations

import re

from protocols.privacy.finding import Finding, Kind

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}|'\d{2}"
# Matched on the lowercased text. Each alternative starts on a digit or a month word.
_FULL = re.compile(
    rf"\b(?:"
    rf"(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"  # 1990-05-03
    rf"|\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})(?![-/.\d])"  # 5/3/1990, 05.03.90
    rf"|{_MONTH}\s+{_DAY},?\s+(?:of\s+)?(?:{_YEAR})"  # may 3rd, 1990
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?:{_YEAR})"  # 3 may 1990, 3rd of may 1990
    rf")(?!\d)"
)
_BIRTH = re.compile(
    r"\b(?:born|birth(?:day|date)?|dob|d\.o\.b\.?|b\.)\s*(?:on|in|:|is|was)?\s*"
    rf"(?:(?:{_YEAR})\b|\d{{1,2}}[-/.]\d{{1,2}}|{_MONTH}\s+{_DAY}\b|{_DAY}\s+(?:of\s+)?{_MONTH})"
)
_BIRTHDAY = re.compile(r"\b(?:her|his|their|the client'?s|mom'?s|son'?s|daughter'?s)\s+birthday\b")
_AGE_YEAR = re.compile(rf"\bborn\b.{{0,20}}\b(?:{_YEAR})\b")


def find(lowered: str) -> Finding | None:
    for pattern in (_FULL, _BIRTH, _BIRTHDAY, _AGE_YEAR):
        m = pattern.search(lowered)
        if m:
            return Finding(Kind.DATE, m.start(), m.end())
    return None
