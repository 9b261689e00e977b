"""A JSONL of extracted events, tampered with (issue 16, item 13): each bad record is refused with its
line, the others load, and the fields that follow from the CAMEO code come from the codebook."""

from __future__ import annotations

import copy
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.graph import open_store
from geokg.loading import items_from_paths
from geokg.schema.models import Event

#: One valid record as `geokg extract --format jsonl` writes it.
GOOD = {
    "event_id": "", "article_id": "idn_test", "date": "2023-08-15", "date_precision": "day", "cameo": "112",
    "quad_class": 3, "goldstein": -2.0, "plover": "ACCUSE",
    "source": {"id": "USA", "name": "United States", "kind": "state", "country": "USA", "wikidata": "Q30", "role": None},
    "target": {"id": "PRK", "name": "North Korea", "kind": "state", "country": "PRK", "wikidata": "Q423", "role": None},
    "factuality": "asserted", "evidence": {"text": "AS menuduh Korea Utara.", "start": 10, "end": 33},
    "confidence": 0.8, "trigger": "menuduh", "lang": "id", "published": "2023-08-16", "url": None, "title": None,
}


def record(**changes: object) -> dict:
    rec = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if "__" in key:
            outer, inner = key.split("__")
            rec[outer][inner] = value
        else:
            rec[key] = value
    return rec


BAD = {
    "month 13": record(date="2023-13", date_precision="month"),
    "month 00": record(date="2023-00", date_precision="month"),
    "30 February": record(date="2023-02-30"),
    "month 13 of a day": record(date="2023-13-01"),
    "year zero": record(date="0000-00-00"),
    "year 0000": record(date="0000", date_precision="year"),
    "full-width digits": record(date="\uff12\uff10\uff12\uff13-08-15"),
    "trailing newline": record(date="2023-08-15\n"),
    "code not in the codebook": record(cameo="2099"),
    "root 09 code not in the codebook": record(cameo="0999"),
    "full-width code": record(cameo="\uff11\uff11\uff12"),
    "offset past 64 bits": record(evidence__start=10**20, evidence__end=10**20 + 5),
    "published as a word": record(published="yesterday"),
    "published not a day": record(published="2023-02-30"),
    "empty article id": record(article_id=""),
    "empty actor id": record(source__id=""),
    "lone surrogate": record(title="\ud800"),
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    # json.dumps escapes a lone surrogate as \ud800, which is how a tampered file carries one
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(BAD))
def test_each_tampered_record_is_refused_with_its_line(tmp_path, name):
    p = write_jsonl(tmp_path / "ev.jsonl", [GOOD, BAD[name], record(evidence__start=50, evidence__end=60)])
    refused: list[InputError] = []
    events = list(items_from_paths([str(p)], on_refused=refused.append))
    assert len(events) == 2, name
    assert len(refused) == 1 and str(refused[0]).startswith(f"{p}:2: not an event record"), refused


def test_without_a_handler_the_first_bad_record_raises(tmp_path):
    p = write_jsonl(tmp_path / "ev.jsonl", [GOOD, BAD["30 February"]])
    items = items_from_paths([str(p)])
    assert isinstance(next(items), Event)
    with pytest.raises(InputError, match=r"ev\.jsonl:2: not an event record: date '2023-02-30' is not a day"):
        next(items)


def test_a_deep_first_record_does_not_hide_an_event_jsonl(tmp_path):
    """The event file's first line is damaged: the file is still told as events, and that line refused."""
    good = ('{"article_id": "a", "cameo": "111", "quad_class": 3, "goldstein": -2.0, "plover": "ACCUSE", '
            '"evidence": {"text": "x", "start": 0, "end": 1}, "confidence": 0.5}')
    p = tmp_path / "ev.jsonl"
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n" + good + "\n", encoding="utf-8")
    refused: list[InputError] = []
    items = list(items_from_paths([str(p)], on_refused=refused.append))
    assert [e.cameo for e in items] == ["111"]
    assert len(refused) == 1 and "ev.jsonl:1:" in str(refused[0])


@pytest.mark.parametrize("field, value", [("quad_class", 1), ("goldstein", 9.5), ("plover", "AID")])
def test_derived_fields_come_from_the_codebook(tmp_path, field, value):
    p = write_jsonl(tmp_path / "ev.jsonl", [record(**{field: value})])
    [event] = list(items_from_paths([str(p)]))
    assert (event.quad_class, event.goldstein, event.plover) == (3, -2.0, "ACCUSE")


def test_valid_edge_dates_are_accepted():
    for date, precision in (("2024-02-29", "day"), ("0001-01-01", "day"), ("9999-12", "month"), ("0001", "year")):
        assert Event.model_validate(record(date=date, date_precision=precision)).date == date


def test_ingest_loads_the_good_records_and_names_the_bad_ones(tmp_path, capsys, monkeypatch):
    """The command line: one stderr line per refused record, the rest in the store, exit 2 at the end."""
    from geokg.cli import main

    records = [GOOD] + list(BAD.values()) + [record(evidence__start=50, evidence__end=60, cameo="042", plover="X")]
    p = write_jsonl(tmp_path / "ev.jsonl", records)
    store = tmp_path / "s.sqlite"
    monkeypatch.setattr(sys, "argv", ["geokg", "ingest", str(p), "--store", str(store)])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    assert exc.value.code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    skipped = [line for line in err.splitlines() if line.startswith("geokg: skipped ")]
    assert [s.split(":")[2] for s in skipped] == [str(n) for n in range(2, 2 + len(BAD))], err
    # the batch's closing line counts them (issue 16, item 1: every bad input is one line, then a summary)
    assert err.rstrip().endswith(f"skipped {len(BAD)}: {len(BAD)} bad event record"), err[-300:]
    assert json.loads(out)["mentions"] == 2
    con = sqlite3.connect(store)
    assert sorted(con.execute("SELECT cameo, quad_class, goldstein, plover FROM events")) == [
        ("042", 1, 1.9, "CONSULT"), ("112", 3, -2.0, "ACCUSE")]
    con.close()
    # the store answers the queries that failed after a tampered month got in
    with open_store(str(store), create=False) as st:
        from geokg.queries.registry import run

        assert run(st, "goldstein_series", a="USA").rows


# -- events at the ends of the calendar ---------------------------------------------------------------

def _store_with_dates(tmp_path: Path, dates: list[tuple[str, str]]) -> Path:
    records = [record(date=d, date_precision=prec, evidence__start=100 * i, evidence__end=100 * i + 20,
                      target__id=f"T{i}", target__name=f"Target {i}", target__country=None, target__wikidata=None)
               for i, (d, prec) in enumerate(dates)]
    p = write_jsonl(tmp_path / "ev.jsonl", records)
    store = tmp_path / "s.sqlite"
    with open_store(str(store)) as st:
        st.ingest(items_from_paths([str(p)]))
    return store


@pytest.mark.parametrize("freq", ["day", "week", "month", "year"])
def test_series_reach_the_last_day_of_the_calendar(tmp_path, freq):
    """A valid event on 9999-12-31 (the extractor reads "31/12/9999" as one) is counted, not an overflow."""
    from geokg.queries.registry import run

    store = _store_with_dates(tmp_path, [("9999-12-31", "day"), ("9999-12", "month"), ("9999", "year"),
                                         ("9999-12-25", "day")])
    with open_store(str(store), create=False) as st:
        for name in ("goldstein_series", "quadclass_series"):
            rows = run(st, name, a="USA", freq=freq, fill=True).rows
            assert sum(r.events for r in rows) >= 1 and rows[-1].start.year == 9999


def test_series_fill_over_millennia_is_refused_in_one_line(tmp_path):
    from geokg.errors import QueryError
    from geokg.queries.registry import run

    store = _store_with_dates(tmp_path, [("0001-01-01", "day"), ("9999-12-31", "day")])
    with open_store(str(store), create=False) as st:
        with pytest.raises(QueryError, match=r"fill would list 3,652,059 days .* give since and until"):
            run(st, "goldstein_series", a="USA", freq="day")
        assert len(run(st, "goldstein_series", a="USA", freq="year").rows) == 9999
        assert len(run(st, "goldstein_series", a="USA", freq="day", fill=False).rows) == 2
