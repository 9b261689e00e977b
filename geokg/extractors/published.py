"""When an article was published, found in the article itself or in a per-file table.

Relative dates ("pada hari Selasa", "last month") count from the publication date, so it matters
where it comes from. Each finder returns the date and a word for its source, which the article
keeps as ``published_source``:

``option``      ``--published`` (every article of the run)
``mapping``     a table of ``file<TAB>published`` rows (``--published-from``, or a folder's own
                ``published.tsv``)
``record``      a JSONL record's ``published`` field
``html-meta``   an HTML ``<meta>``: ``article:published_time``, ``og:published_time``, ``datePublished``...
``json-ld``     ``datePublished`` in an HTML page's JSON-LD
``html-time``   the first ``<time datetime>`` of an HTML page
``htmldate``    the date trafilatura's metadata reader guessed for an HTML page (last resort)
``byline``      a short line near the top that is mostly a date ("Selasa, 21 November 2023 | 09:15 WIB",
                "By Claire Dumont | Thursday, 31 August 2023", "Published: April 15, 2025")
``dateline``    a date in the dateline that opens the body ("JAKARTA, 12/8/2023 -",
                "Jakarta, 15 Agustus 2023 -")
``lead``        a weekday with a full date in the lead sentence ("Kamis (11/8/2022)"): the day the
                story reports, usually the day of publication or the day before

A date needs a day, a month and a year: "SEOUL, Aug 16 -" gives no year and is not guessed.
Month and weekday names are the languages' date words (``lang/*/lang.yaml``).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from geokg.errors import InputError
from geokg.extractors.lang import available_languages, load_language

__all__ = ["find_in_html", "find_in_text", "parse_date_value", "PublishedTable", "read_published_table",
           "FOLDER_TABLE", "EARLIEST", "LATEST"]

#: The file name of a folder's own table of publication dates (``examples/published.tsv``).
FOLDER_TABLE = "published.tsv"
#: Publication dates outside these bounds are misreadings (and relative dates near year 1 or 9999
#: would leave the calendar).
EARLIEST, LATEST = date(1800, 1, 1), date(2200, 12, 31)
#: Lines from the top of a text that may hold its byline or dateline.
TOP_LINES = 8
#: A byline is a short line; a longer one is body text.
BYLINE_MAX = 100
#: The dateline ends within this many characters of the body's start.
DATELINE_MAX = 80
#: The lead's weekday-and-date is looked for in this many characters of the first body line.
LEAD_MAX = 300


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    weekdays: frozenset[str]
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]
    weekday_date: re.Pattern[str]


_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-]*\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@lru_cache(maxsize=1)
def _words() -> _Words:
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    for code in available_languages():
        dates = load_language(code).dates
        months.update({k.lower(): v for k, v in dates.months.items()})
        weekdays.update(k.lower() for k in dates.weekdays)
    # Longest names first, so that "sept" is not read as "sep" + "t".
    month = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    weekday = "|".join(sorted((re.escape(w) for w in weekdays), key=len, reverse=True))
    dmy = re.compile(rf"(?<!\w)(\d{{1,2}})\.?\s+({month})\.?,?\s+(\d{{4}})(?!\d)", re.I)
    mdy = re.compile(rf"(?<!\w)({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
    # "Kamis (11/8/2022)", "Selasa, 15 Agustus 2023", "Tuesday, Aug. 15, 2023"
    wd = re.compile(rf"(?<!\w)(?:{weekday})\b\s*[,(]?\s*", re.I)
    return _Words(months, frozenset(weekdays), dmy, mdy, wd)


def _day(y: int, m: int, d: int) -> date | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _first_date(text: str) -> tuple[date, int, int] | None:
    """The first full date in *text* (day, month and year) with its span.

    Numeric dates are day first ("12/8/2023" is 12 August, as Indonesian and British papers write
    it), unless the day would be over 12 and the month not ("4/15/2025" is April 15).

    >>> for s in ("JAKARTA, 12/8/2023 - x", "April 15, 2025", "Jakarta, 15 Agustus 2023 -", "on 4/15/2025"):
    ...     day, a, b = _first_date(s)
    ...     print(day, s[a:b])
    2023-08-12 12/8/2023
    2025-04-15 April 15, 2025
    2023-08-15 15 Agustus 2023
    2025-04-15 4/15/2025
    """
    w = _words()
    found: list[tuple[date, int, int]] = []
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day = _day(y, a, b) if a <= 12 < b else _day(y, b, a)
        if day:
            found.append((day, m.start(), m.end()))
            break
    for m in _ISO.finditer(text):
        day = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            found.append((day, m.start(), m.end()))
            break
    for m in w.day_month_year.finditer(text):
        day = _day(int(m.group(3)), w.months[m.group(2).lower()], int(m.group(1)))
        if day:
            found.append((day, m.start(), m.end()))
            break
    for m in w.month_day_year.finditer(text):
        day = _day(int(m.group(3)), w.months[m.group(1).lower()], int(m.group(2)))
        if day:
            found.append((day, m.start(), m.end()))
            break
    return min(found, key=lambda f: f[1]) if found else None


def parse_date_value(value: object) -> date | None:
    """A publication date from a metadata value: ISO 8601 (the date as written, before any time and
    zone: the publisher's own day), or a written date; None for anything else.

    >>> parse_date_value("2023-08-15T23:30:00+07:00"), parse_date_value("15 August 2023"), parse_date_value("soon")
    (datetime.date(2023, 8, 15), datetime.date(2023, 8, 15), None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()[:100]
    m = re.match(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)", s)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = _first_date(s)
    return found[0] if found else None


# -- text -------------------------------------------------------------------------------------------

# What may follow the date of a dateline before its dash: "Kamis (11/8/2022) -", "12/8/2023 (ANTARA) -".
_DATELINE_END = re.compile(r"\)?\s*(?:\([^()]{1,30}\)\s*)?[-–—]")

def _is_byline(line: str, start: int, end: int) -> bool:
    """A line that is mostly furniture around its date: short, and not a sentence of the body."""
    rest = (line[:start] + " " + line[end:]).strip()
    return len(line) <= BYLINE_MAX and not re.search(r"[.!?][\"”’)]?\s*$", rest) and len(rest.split()) <= 12


def find_in_text(text: str) -> tuple[date, str] | None:
    """The publication date a text gives near its top, and where: ``byline``, ``dateline`` or ``lead``.

    The first line is the headline when more lines follow; the lines after it, up to the first
    line of the body, are looked at in order; in the body's first line, a dateline ("JAKARTA,
    12/8/2023 -") or else a weekday with a full date ("Kamis (11/8/2022)").

    >>> find_in_text("Judul\\n\\nSelasa, 21 November 2023 | 09:15 WIB\\n\\nJAKARTA - Isi berita.")
    (datetime.date(2023, 11, 21), 'byline')
    >>> find_in_text("Title\\n\\nJakarta, 15 Agustus 2023 - Menlu Retno bertemu Wang Yi.")
    (datetime.date(2023, 8, 15), 'dateline')
    >>> find_in_text("Judul\\n\\nJAKARTA, 12/8/2023 (ANTARA) - Menlu Retno bertemu Wang Yi di Jakarta.")
    (datetime.date(2023, 8, 12), 'dateline')
    >>> find_in_text("Judul\\n\\nJakarta, Kamis (11/8/2022) - Menlu Retno bertemu Wang Yi di Jakarta.")
    (datetime.date(2022, 8, 11), 'dateline')
    >>> find_in_text("Judul\\n\\nJAKARTA - Presiden bertemu Xi pada Kamis (11/8/2022) di Beijing.")
    (datetime.date(2022, 8, 11), 'lead')
    >>> find_in_text("Title\\n\\nSEOUL, Aug 16 - North Korea said on Tuesday that it sent letters.") is None
    True
    """
    lines = [ln.strip() for ln in text[:4000].replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln][:TOP_LINES]
    if len(lines) > 1:
        lines = lines[1:]   # the headline: its dates are the story's
    for line in lines:
        found = _first_date(line)
        if found and _is_byline(line, found[1], found[2]):
            return found[0], "byline"
        if len(line) <= BYLINE_MAX and not re.search(r"[.!?]\s*$", line):
            continue   # other furniture: a section path, an author, a photo credit
        # The body's first line: a dateline, or the weekday of the lead's event.
        if found and found[2] <= DATELINE_MAX and _DATELINE_END.match(line[found[2]:]):
            return found[0], "dateline"
        head = line[:LEAD_MAX]
        for m in _words().weekday_date.finditer(head):
            near = _first_date(head[m.end():m.end() + 24])
            if near and near[1] == 0:
                return near[0], "lead"
        return None
    return None


# -- HTML -------------------------------------------------------------------------------------------

# Meta names and properties that hold the publication date, best first.
_META = ("article:published_time", "og:published_time", "og:article:published_time", "article:published",
         "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
         "dcterms.issued", "dc.date", "dcterms.date", "date", "sailthru.date", "parsely-pub-date")
_JSONLD_DEPTH = 20   # JSON-LD is shallow; a deeper document is not looked into (it may be hostile)


def _jsonld_dates(obj: object) -> list[str]:
    """``datePublished`` values in a JSON-LD document, outer objects first (walked without recursion)."""
    out: list[str] = []
    stack: list[tuple[object, int]] = [(obj, 0)]
    while stack:
        node, depth = stack.pop(0)
        if depth > _JSONLD_DEPTH:
            continue
        if isinstance(node, dict):
            v = node.get("datePublished")
            if isinstance(v, str):
                out.append(v)
            stack.extend((x, depth + 1) for x in node.values() if isinstance(x, (dict, list)))
        elif isinstance(node, list):
            stack.extend((x, depth + 1) for x in node if isinstance(x, (dict, list)))
    return out


def find_in_html(html: str) -> tuple[date, str] | None:
    """The publication date an HTML page states: ``html-meta``, ``json-ld`` or ``html-time``.

    >>> find_in_html('<html><head><meta property="article:published_time" content="2023-08-15T09:00:00+07:00">'
    ...              '</head><body><p>x</p></body></html>')
    (datetime.date(2023, 8, 15), 'html-meta')
    >>> find_in_html('<script type="application/ld+json">{"@graph": [{"datePublished": "2024-04-18"}]}</script>')
    (datetime.date(2024, 4, 18), 'json-ld')
    >>> find_in_html('<p>Posted <time datetime="2025-04-15">Tuesday</time></p>')
    (datetime.date(2025, 4, 15), 'html-time')
    """
    import lxml.html  # noqa: PLC0415 - trafilatura's parser, loaded with it for HTML only

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in _META and key not in metas and el.get("content"):
            metas[key] = el.get("content", "")
    for key in _META:
        day = parse_date_value(metas.get(key))
        if day:
            return day, "html-meta"
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        try:
            doc = json.loads(el.text)
        except (ValueError, RecursionError):
            continue
        for v in _jsonld_dates(doc):
            day = parse_date_value(v)
            if day:
                return day, "json-ld"
    for el in tree.iter("time"):
        day = parse_date_value(el.get("datetime"))
        if day:
            return day, "html-time"
    return None


# -- tables of publication dates ----------------------------------------------------------------------

@dataclass
class PublishedTable:
    """Publication dates by file name, path (relative to the table's folder) or article id."""

    path: Path
    dates: dict[str, date] = field(default_factory=dict)

    def lookup(self, file: Path | None, article_id: str | None = None) -> date | None:
        """The date for an article: by its id, its file's path relative to the table, or its file's name."""
        if article_id is not None and article_id in self.dates:
            return self.dates[article_id]
        if file is None:
            return None
        try:
            rel = file.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            rel = None
        for key in (rel, file.name):
            if key is not None and key in self.dates:
                return self.dates[key]
        return None


def read_published_table(path: str | Path) -> PublishedTable:
    """A TSV of publication dates: a header naming a ``file`` (or ``id``) column and a ``published``
    column, then one row per article (``examples/published.tsv``). Errors name the file and line.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "published.tsv")
    >>> _ = open(p, "w").write("file\\tpublished\\na.txt\\t2023-08-16\\n")
    >>> read_published_table(p).lookup(Path(p).parent / "a.txt")
    datetime.date(2023, 8, 16)
    """
    path = Path(path)
    table = PublishedTable(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t")
            header = [h.strip().lower() for h in next(rows, [])]
            key = "file" if "file" in header else "id" if "id" in header else None
            if key is None or "published" not in header:
                raise InputError(f"{path}:1: a table of publication dates needs a header with the columns "
                                 "'file' (or 'id') and 'published'", kind="bad table")
            k, p = header.index(key), header.index("published")
            for lineno, row in enumerate(rows, 2):
                if not any(c.strip() for c in row):
                    continue
                if len(row) <= max(k, p):
                    raise InputError(f"{path}:{lineno}: expected {len(header)} tab-separated columns",
                                     kind="bad table")
                day = _iso_day(row[p].strip())
                if day is None:
                    raise InputError(f"{path}:{lineno}: published must be a date like 2023-08-16, "
                                     f"got {row[p].strip()!r}", kind="bad table")
                table.dates[row[k].strip()] = day
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid UTF-8", kind="bad encoding") from None
    return table


def _iso_day(s: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        day = date.fromisoformat(s)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None
