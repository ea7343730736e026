"""Dates in any common form, timezone-aware whenever the page gives a zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import lexicon

_H = timedelta(hours=1)
# Zone abbreviations seen on news pages. Regional ones that observe DST map to the region's zone.
ZONES: dict[str, tzinfo | str] = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "UT": UTC,
    "JST": timezone(9 * _H, "JST"),
    "KST": timezone(9 * _H, "KST"),
    "HKT": timezone(8 * _H, "HKT"),
    "SGT": timezone(8 * _H, "SGT"),
    "CST_CN": timezone(8 * _H),
    "IST": timezone(timedelta(hours=5, minutes=30), "IST"),
    "PKT": timezone(5 * _H),
    "BST": timezone(1 * _H, "BST"),
    "WET": timezone(0 * _H),
    "WEST": timezone(1 * _H),
    "CET": timezone(1 * _H, "CET"),
    "CEST": timezone(2 * _H, "CEST"),
    "MEZ": timezone(1 * _H, "MEZ"),
    "MESZ": timezone(2 * _H, "MESZ"),
    "EET": timezone(2 * _H, "EET"),
    "EEST": timezone(3 * _H, "EEST"),
    "MSK": timezone(3 * _H, "MSK"),
    "EST": timezone(-5 * _H, "EST"),
    "EDT": timezone(-4 * _H, "EDT"),
    "ET": "America/New_York",
    "CST": timezone(-6 * _H, "CST"),
    "CDT": timezone(-5 * _H, "CDT"),
    "CT": "America/Chicago",
    "MST": timezone(-7 * _H, "MST"),
    "MDT": timezone(-6 * _H, "MDT"),
    "MT": "America/Denver",
    "PST": timezone(-8 * _H, "PST"),
    "PDT": timezone(-7 * _H, "PDT"),
    "PT": "America/Los_Angeles",
    "AEST": timezone(10 * _H, "AEST"),
    "AEDT": timezone(11 * _H, "AEDT"),
    "ACST": timezone(timedelta(hours=9, minutes=30)),
    "AWST": timezone(8 * _H),
    "NZST": timezone(12 * _H),
    "NZDT": timezone(13 * _H),
    "SAST": timezone(2 * _H, "SAST"),
    "EAT": timezone(3 * _H, "EAT"),
    "WAT": timezone(1 * _H, "WAT"),
    "CAT": timezone(2 * _H),
}

# Month abbreviations ("Sept.", "Okt") and whole month names, from the language word lists: a month is a
# whole word or a known abbreviation, so "Market 12" is not March.
MONTHS = lexicon.numbers("month_abbreviations")
MONTH_NAMES = {**lexicon.numbers("months"), **MONTHS}


def zone(name: str | None) -> tzinfo | None:
    """A tzinfo for an abbreviation ("JST"), an IANA name ("Asia/Tokyo") or an offset ("+09:00")."""
    if not name:
        return None
    return _zone(name.strip())


@lru_cache(maxsize=256)
def _zone(name: str) -> tzinfo | None:
    z = ZONES.get(name.upper())
    if isinstance(z, str):
        return ZoneInfo(z)
    if z is not None:
        return z
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", name)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    if "/" in name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})(?:[:.h時시]\s*(\d{2}))(?:[:分분]\s*(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d])", re.I
)
_TIME_AMPM = re.compile(r"(?<![\d:])(\d{1,2})\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])", re.I)
_ZONE_WORD = re.compile(
    r"(?<![A-Za-z])("
    + "|".join(sorted((k for k in ZONES if k != "Z" and "_" not in k), key=len, reverse=True))
    + r")(?![A-Za-z])"
)
_OFFSET = re.compile(r"(?:UTC|GMT)\s*([+-]\d{1,2}(?::?\d{2})?)|(?<=\d)\s*([+-]\d{2}:?\d{2})\b")
_DMY_NUM = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d)")
_YMD_NUM = re.compile(r"(?<!\d)(\d{4})[./](\d{1,2})[./](\d{1,2})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_WORD_DATE = re.compile(
    r"(?:(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?([^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(\d{4}))"
    r"|(?:([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))",
    re.U,
)


def parse_machine_date(value: str | None) -> datetime | None:
    """A machine-readable time (JSON-LD, meta tags, a datetime attribute): as parse_date, and also a Unix
    time in seconds or milliseconds ("1767705389"), which is UTC. Printed text is never read as one."""
    dt = parse_date(value)
    if dt is None and value and re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", value.strip()):
        seconds = float(value.strip()) / (1000 if len(value.strip().split(".")[0]) == 13 else 1)
        dt = datetime.fromtimestamp(seconds, tz=UTC)
        return dt if 1990 <= dt.year <= 2100 else None
    return dt


def parse_date(
    text: str | None, default_tz: tzinfo | None = None, formats: tuple[str, ...] | list[str] = ()
) -> datetime | None:
    """Parse a date as pages print it; naive only when neither the text nor `default_tz` gives a zone."""
    if not text:
        return None
    text = " ".join(str(text).split())
    if not text or len(text) > 300:
        return None
    for fmt in formats:
        dt = _strptime(text, fmt)
        if dt is not None:
            return _with_zone(dt, _zone_in(text), default_tz)
    dt = _iso(text)
    if dt is None and re.match(r"^[A-Za-z]{3},? \d", text):
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None and dt.tzinfo is None:
            dt = None  # not RFC 2822 after all: read it as prose below
    if dt is None:
        dt = _loose(text)
    if dt is None:
        return None
    if not 1990 <= dt.year <= 2100:
        return None
    return dt if dt.tzinfo else _with_zone(dt, None, default_tz)


def _strptime(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


def _with_zone(dt: datetime, found: tzinfo | None, default_tz: tzinfo | None) -> datetime:
    if dt.tzinfo is not None:
        return dt
    tz = found or default_tz
    return dt.replace(tzinfo=tz) if tz else dt


def _iso(text: str) -> datetime | None:
    m = _COMPACT.match(text)
    if m:
        y, mo, d, h, mi, s, z = m.groups()
        try:
            dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        return dt.replace(tzinfo=zone(z)) if z else dt
    m = _ISO.search(text)
    if not m or m.start() > 20:
        return None
    y, mo, d, h, mi, s, z = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if z:
        tz = zone(z) if z != "Z" else UTC
        return dt.replace(tzinfo=tz)
    if h is not None:
        found = _zone_in(text[m.end() :])
        if found:
            return dt.replace(tzinfo=found)
    return dt


def _zone_in(text: str) -> tzinfo | None:
    m = _OFFSET.search(text)
    if m:
        return zone(m.group(1) or m.group(2))
    m = _ZONE_WORD.search(text)
    return zone(m.group(1)) if m else None


def month_alternation() -> str:
    """The month names and abbreviations in scope as a regex alternation, longest first (date lines here,
    a date after a byline's names in bylines.py)."""
    names = {**lexicon.numbers("months"), **lexicon.numbers("month_abbreviations")}
    return lexicon.pattern("months", [m.rstrip(".") for m in names])


_ZONE_WORDS = "|".join(sorted((k for k in ZONES if k != "Z" and "_" not in k), key=len, reverse=True))
# whole words only: 'Market' is not March, 'some' not Sonntag, 'million' not Mittwoch; and only the words of
# the page's language (lexicon.SCOPED): 'So, May 12.' on an English page is a sentence, not Sonntag's date
_ORDINAL = "(?:st|nd|rd|th|er|º)?"  # a day written as an ordinal: 'December 28th', '28th December', '1er mars'
_DATE_CORE = lexicon.Scoped(
    lambda: re.compile(
        r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
        r"\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]|"
        rf"\b(?:{month_alternation()})\b\.?\s+\d{{1,2}}{_ORDINAL}\b|\b\d{{1,2}}{_ORDINAL}\.?\s+(?:{month_alternation()})\b",
        re.I,
    )
)
_DATE_LINE_WORDS = lexicon.Scoped(
    lambda: re.compile(
        rf"\d+{_ORDINAL}(?:[./:,h-]\d+)*\.?(?:\s*(?:am|pm|a\.m\.|p\.m\.|h|uhr)(?!\w))?|[年月日時分년월일시분]|"
        rf"\b(?:{month_alternation()})\b\.?|"
        rf"\b(?:{lexicon.pattern('weekdays')})\b\.?|(?<!\w)[ap]\.m\.|\b(?:{_ZONE_WORDS})\b|"
        rf"\b(?:{lexicon.pattern('date_words')})\b"
        r"|[^\w\s]",
        re.I,
    )
)


# A time relative to now, as pages print it for readers ('1 day ago', '3 hours ago', 'vor 2 Stunden',
# 'il y a 5 minutes', 'hace 2 horas'): the convention of timeago/moment.js "fromNow" labels.
RELATIVE_TIME = re.compile(
    r"(?:(?:updated|published|posted)\s+)?(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?"
    r"\s+ago|just now|vor\s+(?:\d+|einer?|einem)\s+(?:Sekunden?|Minuten?|Stunden?|Tag(?:en)?|Wochen?|Monat(?:en)?)|"
    r"il y a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois)|"
    r"hace\s+\d+\s+(?:segundos?|minutos?|horas?|d[ií]as?|semanas?|meses?)",
    re.I,
)


def is_date_line(text: str) -> bool:
    """A line that only states when the story was published or updated: 'Stand: 24.04.2024 22:58 Uhr',
    or a time relative to now: '1 day ago'."""
    if len(text) > 80:
        return False
    if RELATIVE_TIME.fullmatch(text.strip()):
        return True
    if not _DATE_CORE.search(text):
        return False
    return not _DATE_LINE_WORDS.sub(" ", text).split()


def _month(word: str) -> int | None:
    """The month a word names: a whole month name or a known abbreviation ('Sept.', 'Okt'), never a
    word that merely starts like one ('Market', 'Outlook', 'Mayor')."""
    return MONTH_NAMES.get(word.casefold().rstrip("."))


def _loose(text: str) -> datetime | None:
    """Dates written for readers: 'Oct. 13, 2024 5:41 p.m. ET', '13.10.2024, 17:41 Uhr', ..."""
    day = None
    rest = text
    m = _CJK.search(text)
    if m:
        day = _mkdate(m.group(1), m.group(2), m.group(3))
    if day is None:
        m = _YMD_NUM.search(text)
        if m:
            day = _mkdate(m.group(1), m.group(2), m.group(3))
    if day is None:
        m = _DMY_NUM.search(text)
        if m:
            year = m.group(3)
            year = ("20" + year) if len(year) == 2 else year
            day = _mkdate(year, m.group(2), m.group(1))
            if day is None:  # US order: 10/13/2024
                day = _mkdate(year, m.group(1), m.group(2))
    if day is None:
        for m in _WORD_DATE.finditer(text):
            if m.group(1):
                mo = _month(m.group(2))
                day = _mkdate(m.group(3), mo, m.group(1)) if mo else None
            else:
                mo = _month(m.group(4))
                day = _mkdate(m.group(6), mo, m.group(5)) if mo else None
            if day:
                break
    if day is None or m is None:
        return None
    rest = text[: m.start()] + " " + text[m.end() :]
    hour = minute = second = 0
    t = _TIME.search(rest)
    if t:
        hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        hour = _ampm(hour, t.group(4))
    else:
        t = _TIME_AMPM.search(rest)
        if t:
            hour = _ampm(int(t.group(1)), t.group(2))
    if hour > 23 or minute > 59 or second > 59:
        hour = minute = second = 0
    dt = datetime(day.year, day.month, day.day, hour, minute, second)
    tz = _zone_in(rest)
    if tz is not None and t is not None:  # a zone counts only beside a time of day
        return dt.replace(tzinfo=tz)
    return dt


def _ampm(hour: int, mark: str | None) -> int:
    if not mark:
        return hour
    pm = mark.lower().startswith("p")
    if pm and hour < 12:
        return hour + 12
    if not pm and hour == 12:
        return 0
    return hour


def _mkdate(y, mo, d) -> date | None:
    try:
        return date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_-]|\d*/|$)")


def date_from_url(url: str | None) -> date | None:
    """The publication day when the URL carries one (/2024/10/13/ or /20241013-...)."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    return _mkdate(*m.groups()) if m else None


def has_zone(dt: datetime | None) -> bool:
    return dt is not None and dt.tzinfo is not None and dt.utcoffset() is not None
