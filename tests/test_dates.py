"""Every kind of date expression, resolved against the publication date (Wednesday 2023-08-16)."""

from datetime import date

import pytest

from geokg.extractors.dates import find_dates
from geokg.extractors.lang import load_language
from geokg.extractors.text import tokenize
from tests.helpers import run

PUB = date(2023, 8, 16)  # a Wednesday


@pytest.mark.parametrize("lang,text,value,precision,future", [
    ("id", "pada 15/8/2023", "2023-08-15", "day", False),
    ("id", "Selasa (15/8)", "2023-08-15", "day", False),
    ("id", "pada 15 Agustus 2023", "2023-08-15", "day", False),
    ("id", "pada 2 Juli", "2023-07-02", "day", False),
    ("id", "pada hari Selasa", "2023-08-15", "day", False),       # the Tuesday on or before publication
    ("id", "pada hari Rabu", "2023-08-16", "day", False),         # the publication day itself
    ("id", "Jumat lalu", "2023-08-11", "day", False),
    ("id", "kemarin", "2023-08-15", "day", False),
    ("id", "dua hari lalu", "2023-08-14", "day", False),
    ("id", "bulan lalu", "2023-07", "month", False),
    ("id", "pada Juli 2023", "2023-07", "month", False),
    ("id", "tahun lalu", "2022", "year", False),
    ("id", "sejak 2017", "2017", "year", False),
    ("id", "hari Kamis ini", "2023-08-17", "day", True),          # this week's Thursday: still ahead
    ("id", "Kamis depan", "2023-08-24", "day", True),
    ("id", "pekan lalu", "2023-08", "month", False),
    ("en", "on Aug. 15, 2023", "2023-08-15", "day", False),
    ("en", "on August 15", "2023-08-15", "day", False),
    ("en", "on 15 August 2023", "2023-08-15", "day", False),
    ("en", "on Tuesday", "2023-08-15", "day", False),
    ("en", "last Friday", "2023-08-11", "day", False),
    ("en", "yesterday", "2023-08-15", "day", False),
    ("en", "two days ago", "2023-08-14", "day", False),
    ("en", "last month", "2023-07", "month", False),
    ("en", "in June 2022", "2022-06", "month", False),
    ("en", "since 2017", "2017", "year", False),
    ("en", "this Thursday", "2023-08-17", "day", True),
    ("en", "next Monday", "2023-08-21", "day", True),
    ("en", "on 8/15/2023", "2023-08-15", "day", False),
])
def test_date_expression(lang, text, value, precision, future):
    found = find_dates(tokenize(text), load_language(lang), PUB)
    assert [(d.value, d.precision, d.future) for d in found] == [(value, precision, future)]


def test_future_cue_turns_a_bare_weekday_forward():
    lang = load_language("id")
    toks = tokenize("pertemuan akan digelar pada hari Jumat")
    assert find_dates(toks, lang, PUB, forward_at=[1])[0].value == "2023-08-18"


def test_relative_dates_need_a_publication_date():
    assert find_dates(tokenize("kemarin"), load_language("id"), None) == []
    assert find_dates(tokenize("pada 15 Agustus 2023"), load_language("id"), None)[0].value == "2023-08-15"


def test_event_without_a_date_in_its_text_has_null_date():
    evs = run("Korea Utara mengkritik Amerika Serikat.", lang="id")
    assert evs and all(e.date is None and e.date_precision is None for e in evs)


def test_future_date_makes_the_event_planned():
    evs = run("Menlu Jepang akan mengunjungi Beijing pada hari Jumat.", lang="id")
    assert [(e.date, e.factuality) for e in evs] == [("2023-08-18", "planned")]


def test_done_event_does_not_take_a_future_date_of_its_sentence():
    evs = run("Sidang itu diminta oleh Prancis, rencananya akan digelar hari Kamis ini.", lang="id")
    assert evs and all(e.date is None for e in evs if e.root == "02")


def test_at_that_time_takes_the_previous_sentence_date():
    evs = run("Bulan lalu Menhan Rusia tiba di Pyongyang. Saat itu ia juga mengunjungi Korea Utara.",
              lang="id")
    assert evs and all(e.date == "2023-07" for e in evs)
