"""Date expressions in a sentence, resolved against the article's publication date.

Tables (month and weekday names, relative words) come from the language's ``lang.yaml``.
dateparser was measured on these expressions (shared/notes/libraries.md): it misses "hari Selasa",
"Kamis ini", "pekan lalu", "sejak 2017" and parses about 2,000 strings/s, so the common news forms are
matched here from the tables, token by token, which also yields each date's precision and span.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from geokg.extractors.lang import Language
from geokg.extractors.text import Token


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int          # token index
    end: int            # token index, exclusive
    value: str          # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str      # day, month, year
    future: bool        # after the publication date: the event is planned
    weekday: bool = False
    explicit: bool = False


_RANK = {"year": 0, "month": 1, "day": 2}


def _month_shift(d: date, months: int) -> tuple[int, int]:
    m = d.year * 12 + (d.month - 1) + months
    return m // 12, m % 12 + 1


def _mk(start: int, end: int, y: int, m: int | None = None, d: int | None = None,
        published: date | None = None) -> DateMention | None:
    try:
        if d is not None and m is not None:
            day = date(y, m, d)
            return DateMention(start, end, day.isoformat(), "day", bool(published and day > published), explicit=True)
        if m is not None:
            if not 1 <= m <= 12:
                return None
            fut = bool(published and (y, m) > (published.year, published.month))
            return DateMention(start, end, f"{y:04d}-{m:02d}", "month", fut, explicit=True)
        return DateMention(start, end, f"{y:04d}", "year", bool(published and y > published.year), explicit=True)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, published: date | None, forward: bool) -> int | None:
    """The year of a day/month given without one: the latest not after publication (or next, forward)."""
    if published is None:
        return None
    y = published.year
    probe = (month, day or 1)
    if not forward and probe > (published.month, published.day):
        y -= 1
    if forward and probe < (published.month, published.day):
        y += 1
    return y


def _int(tok: str) -> int | None:
    # isdecimal, not isdigit: superscripts and circled digits ("²", "①") are digits that int() refuses
    return int(tok) if tok.isdecimal() and len(tok) <= 4 else None


def find_dates(tokens: list[Token], lang: Language, published: date | None,
               forward_at: list[int] | None = None) -> list[DateMention]:
    """Every date expression in a sentence's tokens, resolved against ``published``.

    ``forward_at`` holds the token positions of future cues ("akan", "will"): a bare weekday or month
    up to eight tokens after one points ahead of publication.

    >>> from geokg.extractors.lang import load_language
    >>> from geokg.extractors.text import tokenize
    >>> id_ = load_language("id")
    >>> [d.value for d in find_dates(tokenize("pada hari Selasa (15/8/2023) dan bulan lalu"), id_, date(2023, 8, 16))]
    ['2023-08-15', '2023-07']
    >>> [d.value for d in find_dates(tokenize("pada hari Kamis ini"), id_, date(2023, 8, 16))]
    ['2023-08-17']
    """
    W = lang.dates
    low = [t.lower for t in tokens]
    n = len(low)
    out: list[DateMention] = []
    starters = _starters(W)
    if not any(w in starters or w.isdigit() for w in low):
        return out
    i = 0
    while i < n:
        forward = any(0 < i - f <= 8 for f in forward_at or ())
        m = _match_at(low, i, W, lang, published, forward)
        if m is not None:
            prev = out[-1] if out else None
            if prev and prev.weekday and m.explicit and m.start - prev.end <= 2 and all(not c.isalnum() for t in low[prev.end:m.start] for c in t):
                # "Selasa (15/8)", "Tuesday, Aug. 15": one date, the more precise reading wins
                keep = m if _RANK[m.precision] >= _RANK[prev.precision] else prev
                out[-1] = DateMention(prev.start, m.end, keep.value, keep.precision, keep.future)
            else:
                out.append(m)
            i = m.end
        else:
            i += 1
    return out


_INDEX: dict[int, dict[str, list[tuple[list[str], object]]]] = {}


def _phrase(low: list[str], i: int, table: dict[str, int] | list[str]) -> tuple[int, object] | None:
    """Longest phrase from ``table`` (keys are space-separated words) starting at token ``i``."""
    index = _INDEX.get(id(table))
    if index is None:  # first word -> phrases, longest first; tables live as long as their language
        index = {}
        for key in table:
            words = key.split()
            index.setdefault(words[0], []).append((words, table[key] if isinstance(table, dict) else key))
        for v in index.values():
            v.sort(key=lambda wv: -len(wv[0]))
        _INDEX[id(table)] = index
        _KEEP.append(table)
    for words, value in index.get(low[i], ()):
        if low[i:i + len(words)] == words:
            return len(words), value
    return None


_KEEP: list[object] = []  # keeps indexed tables alive so their ids stay unique


def _numeric(low: list[str], i: int, lang: Language, published: date | None, forward: bool) -> DateMention | None:
    # 15/8/2023, 15/8, 2023-08-15 (the tokenizer splits on / and -)
    a = _int(low[i])
    if a is None or i + 2 >= len(low) or low[i + 1] not in ("/", "-", "."):
        return None
    b = _int(low[i + 2])
    if b is None:
        return None
    if len(low[i]) == 4 and i + 4 < len(low) and low[i + 3] == low[i + 1]:  # ISO 2023-08-15
        c = _int(low[i + 4])
        return _mk(i, i + 5, a, b, c, published) if c is not None else None
    day, month = (a, b) if lang.code != "en" or a > 12 else (b, a)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if i + 4 < len(low) and low[i + 3] == low[i + 1] and (y := _int(low[i + 4])) is not None:
        y = y + 2000 if y < 100 else y
        return _mk(i, i + 5, y, month, day, published)
    if low[i + 1] == ".":  # "9.5 km", "1.3 million": a dotted pair without a year is a decimal
        return None
    y = _year_for(month, day, published, forward)
    return _mk(i, i + 3, y, month, day, published) if y else None


def _starters(W) -> frozenset[str]:
    key = id(W)
    if key not in _STARTERS:
        words: set[str] = set(W.months) | set(W.weekdays) | set(W.numbers)
        for table in (W.weekday_prefix, W.since, W.year_prefix, W.relative_days, W.relative_months,
                      W.relative_years, W.relative_weeks):
            words |= {k.split()[0] for k in table}
        _STARTERS[key] = frozenset(words)
        _KEEP.append(W)
    return _STARTERS[key]


_STARTERS: dict[int, frozenset[str]] = {}


def _match_at(low: list[str], i: int, W, lang: Language, published: date | None, forward: bool) -> DateMention | None:
    n = len(low)
    tok = low[i]
    if not tok.isdigit() and tok not in _starters(W):
        return None
    # explicit numeric dates
    if tok.isdigit():
        m = _numeric(low, i, lang, published, forward)
        if m:
            return m
        d = _int(tok)
        # "15 Agustus 2023", "15 August"
        if d is not None and 1 <= d <= 31 and i + 1 < n and low[i + 1] in W.months:
            month = W.months[low[i + 1]]
            j = i + 2 + (1 if i + 2 < n and low[i + 2] == "." else 0)
            if j < n and (y := _int(low[j])) and len(low[j]) == 4:
                return _mk(i, j + 1, y, month, d, published)
            y = _year_for(month, d, published, forward)
            return _mk(i, i + 2, y, month, d, published) if y else None
    # month names: "August 15, 2023", "Aug. 15", "Agustus 2023", "bulan Juli"
    ambiguous = tok in ("may", "mar", "jan", "des", "sep", "jun", "jul")  # "may" the verb, "jan" a name
    if tok in W.months and (not ambiguous or (i + 1 < n and (low[i + 1].isdigit() or low[i + 1] == "."))
                            or (i > 0 and low[i - 1] in ("in", "since", "early", "late", "mid", "until", "pada", "bulan"))):
        month = W.months[tok]
        j = i + 1 + (1 if i + 1 < n and low[i + 1] == "." else 0)
        if j < n and (d := _int(low[j])) is not None and 1 <= d <= 31 and len(low[j]) <= 2:
            k = j + 1 + (1 if j + 1 < n and low[j + 1] == "," else 0)
            if k < n and (y := _int(low[k])) and len(low[k]) == 4:
                return _mk(i, k + 1, y, month, d, published)
            y = _year_for(month, d, published, forward)
            return _mk(i, j + 1, y, month, d, published) if y else None
        if j < n and (y := _int(low[j])) and len(low[j]) == 4:
            return _mk(i, j + 1, y, month, None, published)
        rel = _phrase(low, j, W.relative_years) if j < n else None
        if rel is not None and published is not None:  # "November tahun lalu", "March last year"
            return _mk(i, j + rel[0], published.year + int(rel[1]), month, None, published)
        if (tok in ("may", "march") or len(tok) <= 3) and not (i > 0 and low[i - 1] in ("in", "since", "until", "bulan")):
            return None  # "may" the verb, "march" the noun, bare abbreviations
        if j < n and (nxt := _phrase(low, j, W.next)) is not None:
            forward = True  # "November mendatang", "Maret depan": the next one
            y = _year_for(month, None, published, forward)
            return _mk(i, j + nxt[0], y, month, None, published) if y else None
        y = _year_for(month, None, published, forward)
        return _mk(i, i + 1, y, month, None, published) if y else None
    # "sejak 2017", "pada 2019", "in 2019"
    for table in (W.since, W.year_prefix):
        hit = _phrase(low, i, table)
        if hit:
            j = i + hit[0]
            if j < n and len(low[j]) == 4 and (y := _int(low[j])) and 1900 <= y <= 2100:
                return _mk(i, j + 1, y)
    if published is None:
        return None
    # weekdays, with their modifiers
    prefix = _phrase(low, i, W.weekday_prefix)
    j = i + (prefix[0] if prefix else 0)
    if j < n and low[j] in W.weekdays:
        return _weekday(low, i, j, W, published, forward, prefix[1] if prefix else None)
    # kemarin, yesterday, bulan lalu, last month, pekan lalu, tahun lalu
    for table, unit in ((W.relative_days, "day"), (W.relative_months, "month"),
                        (W.relative_years, "year"), (W.relative_weeks, "week")):
        hit = _phrase(low, i, table)
        if hit:
            return _relative(i, i + hit[0], int(hit[1]), unit, published)
    # "dua hari lalu", "two days ago", "3 weeks ago"
    num = W.numbers.get(tok, _int(tok))
    if num is not None and i + 2 < n:
        unit = next((u for u, words in (("day", W.day_unit), ("week", W.week_unit), ("month", W.month_unit),
                                        ("year", W.year_unit)) if low[i + 1] in words), None)
        ago = _phrase(low, i + 2, W.ago)
        if unit and ago:
            return _relative(i, i + 2 + ago[0], -num, unit, published)
    return None


def _relative(start: int, end: int, amount: int, unit: str, published: date) -> DateMention | None:
    try:
        found = _relative_unchecked(start, end, amount, unit, published)
    except (OverflowError, ValueError):  # "9999 hari lalu" from year 1: no day of the calendar
        return None
    # ("3000 tahun lalu", "29/2/2023 tahun lalu" read as 2023 years ago: year 0 or before is no date)
    return found if found is None or (1 <= int(found.value[:4]) and not found.value.startswith("-")) else None


def _relative_unchecked(start: int, end: int, amount: int, unit: str, published: date) -> DateMention | None:
    if unit == "day":
        d = published + timedelta(days=amount)
        return DateMention(start, end, d.isoformat(), "day", amount > 0)
    if unit == "month":
        y, m = _month_shift(published, amount)
        return DateMention(start, end, f"{y:04d}-{m:02d}", "month", amount > 0)
    if unit == "year":
        return DateMention(start, end, f"{published.year + amount:04d}", "year", amount > 0)
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=amount)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        # A week across two months has no month, only a year (its Thursday's, as ISO weeks count);
        # saying nothing would let the event take the story's date, which "last week" rules out.
        return DateMention(start, end, f"{(monday + timedelta(days=3)).year:04d}", "year", amount > 0)
    return DateMention(start, end, f"{monday.year:04d}-{monday.month:02d}", "month", amount > 0)


def _weekday(low: list[str], start: int, j: int, W, published: date, forward: bool, prefix: str | None) -> DateMention:
    wd = W.weekdays[low[j]]
    end = j + 1
    mod = None
    if prefix and prefix.split()[-1] in W.this_week + W.last + W.next:
        mod = prefix.split()[-1]
    if end < len(low):
        post = _phrase(low, end, W.this_week + W.last + W.next)
        if post:
            mod = post[1]
            end += post[0]
    if mod in W.this_week:
        day = published - timedelta(days=published.weekday()) + timedelta(days=wd)
    elif mod in W.next:
        day = published + timedelta(days=(wd - published.weekday()) % 7 or 7)
        if mod == "depan" or mod == "next":
            day = published - timedelta(days=published.weekday()) + timedelta(days=wd, weeks=1)
    elif mod in W.last:
        day = published - timedelta(days=(published.weekday() - wd) % 7 or 7)
    elif forward:
        day = published + timedelta(days=(wd - published.weekday()) % 7)
    else:
        day = published - timedelta(days=(published.weekday() - wd) % 7)
    # "Selasa (15/8)" and "Tuesday, Aug. 15": the explicit date that follows wins
    return DateMention(start, end, day.isoformat(), "day", day > published, weekday=True)


def shift_day(day: str, days: int) -> str | None:
    """The ISO day ``days`` after ``day`` (before, if negative), or None past the calendar's ends.

    >>> shift_day("2023-08-01", -1)
    '2023-07-31'
    """
    try:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None
