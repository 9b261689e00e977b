"""Fuzz the inputs of geokg: article files through ``read_articles`` and ``extract``, event JSONL
through the loader and the embedded store; count the inputs that end in an internal error.

    .venv/bin/python bench/fuzz.py                      # 12,000 inputs, seed 1
    .venv/bin/python bench/fuzz.py --inputs 2000 --seed 7 --save /tmp/fuzz-failures

An internal error is any exception that is not a :class:`geokg.errors.GeokgError`: the command
line prints such errors as "internal error" with exit status 1, and a GeokgError as one line with
exit status 2. Each input runs in this process as the commands run it (``extract``: read, the
``--published`` and ``--lang`` given, extract; ``ingest`` of an event JSONL: load into a fresh
embedded store, then a few queries and an export), so that 10,000 inputs take minutes, not hours.
``--cli N`` also runs N of the inputs through the ``geokg`` command itself and checks its exit
status is 0 or 2 and its stderr has no traceback.

The inputs are made here from a seed (:func:`article_case`, :func:`event_case`): articles of actor,
event and date words of both languages with digits of other scripts, control characters, long
tokens, runs of periods; bytes with and without byte order marks, NULs and broken UTF-8; JSONL and
JSON records with fields of the wrong type, deep nesting, long numbers, lone surrogate escapes and
publication dates at the ends of the calendar; encodings that do not fit the bytes; event records
with one or more fields replaced by such values. The test suite runs a few thousand of the same
(tests/test_fuzz.py).

Figures: see the closing note of issue 16 (the run prints them; a run of this file on the commit
that added it is quoted in the commit message).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geokg.errors import GeokgError

__all__ = ["Case", "article_case", "event_case", "run_case", "make_cases", "GOOD_EVENT"]

SLOW_SECONDS = 10.0      # a run longer than this is counted (issue 16 asks for the count)
STOP_SECONDS = 60.0      # a run is stopped here (and counted as an internal error: it would hang a user)

ACTORS = ["Korea Utara", "Korut", "Amerika Serikat", "AS", "Rusia", "Moskow", "Pyongyang", "Washington",
          "Beijing", "Kim Jong Un", "Putin", "PBB", "Dewan Keamanan PBB", "Jepang", "Indonesia", "Retno Marsudi",
          "North Korea", "the United States", "Russia", "China", "NATO", "Japan", "Israel", "Hamas", "the UN",
          "Vedant Patel", "Shoigu", "Wang Yi", "Kremlin", "KCNA", "Ukraine", "Iran", "EU", "ASEAN"]
TRIGGERS = ["mengkritik", "mengecam", "menuduh", "membantah", "bertemu dengan", "mengunjungi", "bertukar surat dengan",
            "mengancam", "menjatuhkan sanksi kepada", "memveto", "menyerang", "membantu", "meminta", "kecaman",
            "criticised", "condemned", "accused", "denied", "met", "visited", "exchanged letters with",
            "threatened", "sanctioned", "vetoed", "attacked", "sent aid to", "asked", "praised", "warned"]
CUES = ["akan", "will", "tidak", "not", "kata", "said", "menurut", "According to", "rencananya", "jika", "if",
        "kedua pemimpin", "both leaders", "mereka", "they", "Baca Juga:", "Read also:", "\u201c", "\u201d", '"']
DATES = ["kemarin", "besok", "lusa", "bulan lalu", "tahun lalu", "tahun depan", "pekan lalu", "pekan depan",
         "pada hari Selasa", "hari Kamis ini", "Senin lalu", "pada 15/8/2023", "15 Agustus 2023", "sejak 2017",
         "Aug. 15", "August 15, 2023", "last week", "yesterday", "next year", "on Tuesday", "last month",
         "dua hari lalu", "tiga pekan lalu", "ten years ago", "two days ago", "sehari kemudian", "the next day",
         "pada 29/2/2023", "0/0/0", "99/99/9999", "pada tahun 0", "2023-13-45", "pada 1/1/1000", "31/12/8999"]
#: Dates at the very ends of the calendar, told in the text itself, and counts of thousands of years
#: ("3000 tahun lalu"): the extraction engine (dates.py, pipeline.py) still overflows on some of them,
#: which this helper's brief left to its owner; make_cases(engine_edges=True) adds them (bench default).
EDGE_DATES = ["pada 31/12/9999", "1/1/0001", "9999-12-31", "0001-01-01", "31 Desember 9999", "January 1, 0001"]
# Digits other than 0-9: superscript, subscript, circled, full-width, Arabic-Indic, Devanagari.
ODD_DIGITS = "\u00b2\u00b3\u00b9\u2070\u2074\u2082\u2083\u2460\u2461\uff11\uff15\u0661\u0665\u0967"
NASTY_CHARS = ("\x00", "\x0b", "\x0c", "\x1c", "\x1e", "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u202e",
               "\ufeff", "\ufffd", "\U0001f600", "\u0301", "\t", "\r", "\r\n")
ENCODINGS = [None, None, None, None, "utf-8", "latin-1", "cp1252", "utf-16", "utf-32", "utf-16-le",
             "punycode", "utf-7", "idna", "ascii", "hex", "base64", "rot13", "no-such-codec"]


@dataclass
class Case:
    """One input: files to write (name -> bytes) and how the command is called on them."""

    kind: str                              # "article" or "events"
    family: str                            # what made it, for the counts
    files: dict[str, bytes]
    encoding: str | None = None
    published: str | None = None
    lang: str | None = None
    extra: dict = field(default_factory=dict)


# -- articles ---------------------------------------------------------------------------------------

def _number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return str(rng.choice([0, 1, 2, 7, 12, 15, 29, 30, 31, 32, 99, 100, 2023, 9999]))
    if r < 0.7:
        return "".join(rng.choice(ODD_DIGITS) for _ in range(rng.randint(1, 4)))
    if r < 0.8:
        return str(rng.randint(0, 10**rng.randint(1, 30)))
    return rng.choice(["tiga", "sepuluh", "two", "ten", "a"])


def _relative(rng: random.Random, edges: bool) -> str:
    # "N hari lalu", "N years ago": N of 1 to 3 digits, or with engine edges up to 4 (past year 1)
    n = rng.choice([str(rng.randint(1, 9999 if edges else 999)), _number(rng) if rng.random() < 0.3 else "dua"])
    if not edges and (n.isdecimal() and len(n) > 3):
        n = "tiga"
    return f"{n} {rng.choice(['hari', 'pekan', 'bulan', 'tahun', 'days', 'weeks', 'months', 'years'])} " \
           f"{rng.choice(['lalu', 'yang lalu', 'ago', 'earlier'])}"


def _sentence(rng: random.Random, edges: bool = False) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(2, 12)):
        r = rng.random()
        if r < 0.3:
            parts.append(rng.choice(ACTORS))
        elif r < 0.5:
            parts.append(rng.choice(TRIGGERS))
        elif r < 0.62:
            parts.append(rng.choice(DATES + EDGE_DATES if edges else DATES))
        elif r < 0.7:
            parts.append(_relative(rng, edges))
        elif r < 0.8:
            parts.append(rng.choice(CUES))
        elif r < 0.87:
            parts.append(_number(rng) + rng.choice(["", " Agustus", " August", "/8/2023", "/", "-", "."]))
        elif r < 0.93:
            parts.append(rng.choice(NASTY_CHARS))
        elif r < 0.97:
            parts.append(rng.choice([".", ",", "(", ")", "-", ":", ";", "!", "?", "'s", "\u2019s"]) * rng.randint(1, 5))
        else:
            parts.append("".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 40))))
    return " ".join(parts) + rng.choice([".", ".", "!", "?", "", "..."])


def _text(rng: random.Random, edges: bool = False) -> str:
    lead = rng.choice(["Jakarta - ", "JAKARTA, 12/8/2023 - ", "WASHINGTON (AP) \u2014 ", "Kamis (11/8/2022) ", "", "BRUSSELS, April 4 - "])
    sentences = [_sentence(rng, edges) for _ in range(rng.randint(1, 25))]
    if rng.random() < 0.05:  # a long one: many actor and trigger words in one sentence
        sentences.append(" ".join(rng.choice(ACTORS + TRIGGERS) for _ in range(rng.randint(200, 800))) + ".")
    if rng.random() < 0.03:
        sentences.append("." * rng.randint(100, 3000))
    sep = rng.choice([" ", "\n", "\n\n", "\r\n"])
    return lead + sep.join(sentences)


def _published(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.35:
        return None
    if r < 0.85:
        return date(2023, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    return rng.choice(["1000-01-01", "8999-12-31", "0001-01-01", "9999-12-31", "2023-02-29", "2024-02-29",
                       "2023-13-01", "yesterday", "2023-8-1", "\uff12\uff10\uff12\uff13-08-16", "1999-12-31"])


def _json_value(rng: random.Random, depth: int = 0) -> object:
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice([None, True, False, 0, -1, 2**63, 1.5, float("inf"), "", "x", "2023-08-15",
                           "\x00", "\ud800", "9999-12-31", "0000-00-00", [], {}])
    if r < 0.6:
        return _text(rng)[:200]
    if r < 0.8:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["id", "text", "a", ""]): _json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _record(rng: random.Random) -> str:
    rec: dict[str, object] = {"id": rng.choice(["a1", "", "x" * 300, "\ud800", "../../etc/passwd", "$rows", "\x1e", 7]),
                              "text": _text(rng)}
    for key in ("title", "url", "published", "lang"):
        if rng.random() < 0.5:
            rec[key] = _json_value(rng) if rng.random() < 0.4 else (_published(rng) if key == "published" else
                                                                    rng.choice(["id", "en", "fr", "", None]) if key == "lang"
                                                                    else _text(rng)[:80])
    if rng.random() < 0.15:
        rec[rng.choice(["id", "text", "title", "published"])] = _json_value(rng)
    line = json.dumps(rec, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    r = rng.random()
    if r < 0.03:
        return '{"id": "a", "text": ' + "[" * rng.choice([1000, 100_000]) + "]" * 1000 + "}"
    if r < 0.06:
        return '{"id": "a", "text": "x", "n": ' + "9" * rng.choice([4301, 5000, 20000]) + "}"
    if r < 0.09:
        return line[: rng.randint(0, len(line))]
    if r < 0.11:
        return rng.choice(["[]", "null", "1", '"text"', "{}", "{", "\ufeff{}", "NaN"])
    return line


def _encode(text: str, rng: random.Random, encoding: str | None) -> bytes:
    r = rng.random()
    if encoding and r < 0.5:
        try:
            return text.encode(encoding)
        except (UnicodeError, LookupError):
            pass
    data = text.encode("utf-8", "surrogatepass")
    if r < 0.75:
        return data
    if r < 0.7:
        return rng.choice(["\ufeff", ""]).encode() + data
    if r < 0.78:
        return text.encode(rng.choice(["utf-16", "utf-32", "utf-16-be"]), "surrogatepass")
    if r < 0.86:  # flip some bytes
        b = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if r < 0.9:
        return data[: rng.randint(0, len(data))]
    if r < 0.95:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
    return rng.choice([b"", b"\n\n", b"\x00" * 100, b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfe\x00\x00", b" \t\r\n"])


def article_case(rng: random.Random, edges: bool = False) -> Case:
    """One random input to ``geokg extract``: a text, HTML, JSONL or JSON file and options."""
    encoding = rng.choice(ENCODINGS) if rng.random() < 0.3 else None
    kind = rng.choices(["txt", "html", "jsonl", "json", "noext"], [45, 15, 25, 10, 5])[0]
    if kind in ("txt", "noext"):
        data = _encode(_text(rng, edges), rng, encoding)
        name = "article.txt" if kind == "txt" else "article"
    elif kind == "html":
        meta = rng.choice(["", f'<meta property="article:published_time" content="{_published(rng)}">',
                           f'<time datetime="{_published(rng)}">x</time>'])
        body = "".join(f"<p>{s}</p>" for s in _text(rng).split("\n"))
        title = rng.choice(["", f"<title>{_sentence(rng)}</title>"])
        html = rng.choice(["<!DOCTYPE html>", ""]) + f"<html><head>{title}{meta}</head><body><article>{body}" \
            + rng.choice(["</article></body></html>", "", "<script>x</script>", "<" * 50])
        data, name = _encode(html, rng, encoding), "page.html"
    elif kind == "jsonl":
        lines = [_record(rng) for _ in range(rng.randint(1, 6))]
        data, name = _encode(rng.choice(["\n", "\r\n"]).join(lines) + "\n", rng, encoding), "feed.jsonl"
    else:
        recs = [_record(rng) for _ in range(rng.randint(1, 4))]
        text = "[" + ",".join(recs) + "]" if rng.random() < 0.7 else recs[0]
        data, name = _encode(text, rng, encoding), "articles.json"
    lang = rng.choice([None, None, None, "id", "en", "fr", ""]) if rng.random() < 0.5 else None
    published = _published(rng) if rng.random() < 0.3 else date(2023, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    return Case("article", kind, {name: data}, encoding=encoding, published=published, lang=lang or None)


# -- event records ----------------------------------------------------------------------------------

#: One valid record as ``geokg extract --format jsonl`` writes it.
GOOD_EVENT = {
    "event_id": "ev_0", "article_id": "idn_test", "date": "2023-08-15", "date_precision": "day", "cameo": "112",
    "quad_class": 3, "goldstein": -2.0, "plover": "ACCUSE",
    "source": {"id": "USA", "name": "United States", "kind": "state", "country": "USA", "wikidata": "Q30", "role": None},
    "target": {"id": "PRK", "name": "North Korea", "kind": "state", "country": "PRK", "wikidata": "Q423", "role": None},
    "factuality": "asserted", "evidence": {"text": "AS menuduh Korea Utara.", "start": 10, "end": 33},
    "confidence": 0.8, "trigger": "menuduh", "lang": "id", "published": "2023-08-16", "url": "https://x.example/a",
    "title": "Judul",
}
_FIELDS = [*GOOD_EVENT, "source.id", "source.name", "source.kind", "source.country", "source.wikidata",
           "target.id", "target.country", "evidence.text", "evidence.start", "evidence.end", "extra_field"]
_VALUES: list[object] = [
    None, True, False, 0, -1, 1, 4, 5, 2**31, 2**63 - 1, 2**63, 10**20, -(2**63) - 1, 0.5, -0.0, 1e308, -11.0, 11.0,
    float("nan"), float("inf"), "", " ", "x", "\n", "\x1e", "\x00", "\ud800", "$rows", "'; DROP TABLE events; --",
    "x" * 20000, "2023-13", "2023-02-30", "2023-13-01", "0000-00-00", "0000", "9999", "9999-12-31", "0001-01-01",
    "2023-08-15\n", "\uff12\uff10\uff12\uff13-08-15", "2023", "2023-07", "day", "month", "year", "week", "2099", "0999",
    "010", "20", "2042", "2043", "112", "0311", "ASSAULT", "AID", "RUS", "rus", "RUSS", "Q1", "Q", "state", "person",
    "alleged", "denied", "rumoured", "yesterday", [], {}, [1, 2], {"id": "X"}, {"text": "t", "start": 0, "end": 1},
]


def _set(rec: dict, path: str, value: object) -> None:
    head, _, tail = path.partition(".")
    if tail:
        if not isinstance(rec.get(head), dict):
            rec[head] = {"id": "X", "name": "X"} if head != "evidence" else {"text": "t", "start": 0, "end": 1}
        rec[head][tail] = value
    else:
        rec[head] = value


def _event_line(rng: random.Random) -> str:
    rec = copy.deepcopy(GOOD_EVENT)
    rec["cameo"] = rng.choice(["112", "036", "042", "0311", "190", "1246", "010", "2042"])
    rec["evidence"]["start"] = rng.randint(0, 5000)
    rec["evidence"]["end"] = rec["evidence"]["start"] + 20
    rec["date"], rec["date_precision"] = rng.choice([("2023-08-15", "day"), ("2023-07", "month"), ("2023", "year"),
                                                     (None, None), ("0001-01-01", "day"), ("9999-12-31", "day"),
                                                     ("9999", "year"), ("0001-01", "month")])
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        _set(rec, rng.choice(_FIELDS), rng.choice(_VALUES))
    line = json.dumps(rec, ensure_ascii=True, allow_nan=True)
    r = rng.random()
    if r < 0.03:
        return line.replace('"start": ', '"start": ' + "9" * rng.choice([19, 4301, 6000]), 1)
    if r < 0.05:
        return line[: rng.randint(0, len(line))]
    if r < 0.07:
        return '{"cameo": "112", "article_id": "a", "x": ' + "[" * 100_000 + "}"
    return line


def event_case(rng: random.Random) -> Case:
    """One random event JSONL for ``geokg ingest``: 1 to 12 records, some of them tampered with."""
    lines = [_event_line(rng) for _ in range(rng.randint(1, 12))]
    data = "\n".join(lines) + "\n"
    r = rng.random()
    raw = data.encode("utf-16") if r < 0.05 else data.encode("utf-8") if r < 0.95 else \
        data.encode("utf-8")[:-rng.randint(1, 30)] + b"\xff"
    return Case("events", "events", {"events.jsonl": raw}, extra={"queries": rng.random() < 0.1})


def make_cases(n: int, seed: int, events_share: float = 0.3, engine_edges: bool = False) -> list[Case]:
    """*n* inputs from *seed*, about *events_share* of them event files; *engine_edges* adds the
    calendar-end dates of :data:`EDGE_DATES` and counts of thousands of years to the articles."""
    rng = random.Random(seed)
    return [event_case(rng) if rng.random() < events_share else article_case(rng, engine_edges) for _ in range(n)]


# -- running ----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    status: str            # "ok", "refused" (a GeokgError: exit 2 on the command line) or "internal"
    seconds: float
    message: str = ""


class _Stopped(Exception):
    """Raised by the alarm when a run passes STOP_SECONDS."""


def _extract_run(case: Case, paths: list[str]) -> None:
    from pydantic import ValidationError

    from geokg.extractors.ingest import read_articles
    from geokg.extractors.pipeline import extract
    from geokg.schema.models import Article

    pub = None
    if case.published is not None:  # as the command's --published: not a date, exit 2
        try:
            pub = date.fromisoformat(case.published)
        except ValueError as exc:
            raise GeokgError(str(exc)) from None
    for art in read_articles(paths, case.encoding):
        if pub is not None:  # a date the Article model refuses is the command's one-line error too
            try:
                art = Article.model_validate({**art.model_dump(), "published": pub})
            except ValidationError as exc:
                raise GeokgError(str(exc).splitlines()[-1]) from None
        for ev in extract(art, case.lang):
            ev.model_dump_json()  # what --format jsonl writes


def _ingest_run(case: Case, paths: list[str]) -> None:
    from geokg.graph.sqlite_store import SQLiteStore
    from geokg.loading import items_from_paths
    from geokg.queries.registry import run

    refused: list[GeokgError] = []
    store = SQLiteStore(":memory:")
    try:
        store.ingest(items_from_paths(paths, on_refused=refused.append))
        store.stats()
        if case.extra.get("queries"):
            for name, params in (("top_events", {}), ("goldstein_series", {"a": "USA", "freq": "week", "fill": True}),
                                 ("dyad_timeline", {"a": "USA", "b": "PRK"}), ("actor_profile", {"actor": "USA"}),
                                 ("disputed_claims", {})):
                try:
                    run(store, name, **params)
                except GeokgError:
                    pass  # an actor absent from this store: a one-line error
    finally:
        store.close()
    if refused:
        raise refused[0]  # ingest exits 2 after loading the rest


def _write_case(case: Case, workdir: Path) -> list[str]:
    """Empty *workdir* and write the case's files into it; their paths."""
    for old in workdir.iterdir():
        old.unlink()
    paths = []
    for name, data in case.files.items():
        (workdir / name).write_bytes(data)
        paths.append(str(workdir / name))
    return paths


def run_case(case: Case, workdir: Path, stop_seconds: float = STOP_SECONDS) -> Outcome:
    """Write the case's files into *workdir* and run it; classify how it ended."""
    paths = _write_case(case, workdir)
    runner: Callable[[Case, list[str]], None] = _ingest_run if case.kind == "events" else _extract_run

    def stop(signum, frame):  # noqa: ANN001 - signal handler
        raise _Stopped()

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, stop_seconds)
    t0 = time.perf_counter()
    try:
        runner(case, paths)
        status, message = "ok", ""
    except GeokgError as exc:
        status, message = "refused", str(exc)
    except _Stopped:
        status, message = "internal", f"stopped after {stop_seconds:.0f} s"
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(tb) if "/geokg/" in f.filename), "?")
        status, message = "internal", f"{type(exc).__name__} at {where}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return Outcome(status, time.perf_counter() - t0, message)


def _cli_check(case: Case, workdir: Path) -> str | None:
    """Run one case through the geokg command: None if it ended in status 0 or 2 without a traceback."""
    paths = _write_case(case, workdir)
    geokg = str(Path(sys.executable).parent / "geokg")
    if case.kind == "events":
        args = [geokg, "ingest", *paths, "--store", str(workdir / "s.sqlite")]
    else:
        args = [geokg, "extract", *paths, "--format", "jsonl"]
        for opt, val in (("--encoding", case.encoding), ("--published", case.published), ("--lang", case.lang)):
            if val is not None:
                args += [opt, val]
    r = subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=300)
    for junk in ("s.sqlite", "s.sqlite-wal", "s.sqlite-shm"):
        (workdir / junk).unlink(missing_ok=True)
    if r.returncode not in (0, 2) or "Traceback" in r.stderr or "internal error" in r.stderr:
        return f"exit {r.returncode}: {r.stderr.strip().splitlines()[-1:] or ''}"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=12_000, help="inputs to run (default 12,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cli", type=int, default=0, help="also run this many of the inputs through the geokg command")
    ap.add_argument("--save", type=Path, help="folder to write the inputs that ended in an internal error to")
    ap.add_argument("--no-engine-edges", action="store_true",
                    help="leave out the dates at the ends of the calendar told in the text (see EDGE_DATES)")
    args = ap.parse_args(argv)

    cases = make_cases(args.inputs, args.seed, engine_edges=not args.no_engine_edges)
    counts: Counter[str] = Counter()
    families: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    slow: list[tuple[float, str]] = []
    worst = 0.0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="geokg-fuzz-") as tmp:
        work = Path(tmp)
        for i, case in enumerate(cases):
            out = run_case(case, work)
            counts[out.status] += 1
            families[f"{case.kind}/{case.family}"] += 1
            worst = max(worst, out.seconds)
            if out.seconds > SLOW_SECONDS:
                slow.append((out.seconds, f"#{i} {case.kind}/{case.family}"))
            if out.status == "internal":
                causes[out.message.split(":")[0] + ":" + out.message.split(":")[1] if ":" in out.message else out.message] += 1
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    for name, data in case.files.items():
                        (args.save / f"{i:05d}-{name}").write_bytes(data)
                    (args.save / f"{i:05d}-case.json").write_text(json.dumps(
                        {"kind": case.kind, "encoding": case.encoding, "published": case.published, "lang": case.lang,
                         "error": out.message}, ensure_ascii=False, indent=1))
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1:,} inputs, {counts['internal']} internal errors, {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr, flush=True)
        cli_bad: list[str] = []
        if args.cli:
            for case in random.Random(args.seed).sample(cases, min(args.cli, len(cases))):
                bad = _cli_check(case, work)
                if bad:
                    cli_bad.append(bad)
    wall = time.perf_counter() - t0
    print(f"seed {args.seed}: {len(cases):,} inputs in {wall:.0f} s "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(families.items()))})")
    print(f"  ended well: {counts['ok']:,}; refused with one line (exit 2): {counts['refused']:,}; "
          f"internal errors: {counts['internal']:,}")
    print(f"  runs over {SLOW_SECONDS:.0f} s: {len(slow)}; longest run {worst:.2f} s")
    for cause, n in causes.most_common():
        print(f"  internal error x{n}: {cause}")
    for secs, what in sorted(slow, reverse=True)[:10]:
        print(f"  slow: {secs:.1f} s {what}")
    if args.cli:
        print(f"  through the geokg command: {min(args.cli, len(cases))} inputs, {len(cli_bad)} not ending in exit 0 or 2")
        for bad in cli_bad[:10]:
            print(f"    {bad}")
    return 1 if counts["internal"] or (args.cli and cli_bad) else 0


if __name__ == "__main__":
    sys.exit(main())
