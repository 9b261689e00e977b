"""Fuzzing in the suite (issue 16): thousands of generated inputs to ``read_articles``/``extract`` and
to the event-JSONL loader end well or in a GeokgError (one line, exit 2), never in another exception.

The inputs come from ``bench/fuzz.py`` (seeded; the bench runs 10,000 and more), and event records
also from Hypothesis strategies. The web API is fuzzed from its OpenAPI description in
tests/test_api_fuzz.py.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from geokg.errors import GeokgError
from geokg.extractors.pipeline import extract
from geokg.graph.sqlite_store import SQLiteStore
from geokg.queries.registry import run
from geokg.schema.models import Article, Event

ROOT = Path(__file__).resolve().parents[1]


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("geokg_bench_fuzz", ROOT / "bench" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up while it loads
    spec.loader.exec_module(mod)
    return mod


fuzz = _fuzz_module()


def _run_all(cases, tmp_path: Path) -> Counter:
    outcomes: Counter = Counter()
    internal = []
    for i, case in enumerate(cases):
        out = fuzz.run_case(case, tmp_path, stop_seconds=30)
        outcomes[out.status] += 1
        if out.status == "internal":
            internal.append((i, case.kind, case.family, case.encoding, case.published, out.message))
    assert not internal, internal[:5]
    return outcomes


@pytest.mark.timeout(300)
def test_fuzzed_articles_never_end_in_an_internal_error(tmp_path):
    rng = random.Random(20231)
    cases = [fuzz.article_case(rng) for _ in range(2500)]
    outcomes = _run_all(cases, tmp_path)
    # the generator reaches extraction, not only the readers' refusals
    assert outcomes["ok"] > 500 and outcomes["refused"] > 500, outcomes


@pytest.mark.timeout(300)
def test_fuzzed_event_files_never_end_in_an_internal_error(tmp_path):
    rng = random.Random(20232)
    cases = [fuzz.event_case(rng) for _ in range(600)]
    for i, case in enumerate(cases):
        case.extra["queries"] = i % 30 == 0  # the queries rebuild summaries: a few are enough here
    outcomes = _run_all(cases, tmp_path)
    assert outcomes["refused"] > 100, outcomes


# -- event records from Hypothesis ------------------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["2023-08-15", "2023-13", "2023-02-30", "0000", "9999-12-31", "0001-01",
                                           "112", "2099", "0999", "20", "\ud800", "$rows", "\x1e", "day", "month"]),
)
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                       max_leaves=8)
_paths = st.sampled_from(["article_id", "date", "date_precision", "cameo", "quad_class", "goldstein", "plover",
                          "factuality", "confidence", "published", "event_id", "title", "source", "target",
                          "evidence", "source.id", "source.country", "source.kind", "target.wikidata",
                          "evidence.start", "evidence.end", "evidence.text"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(_paths, _values), min_size=1, max_size=3))
def test_event_records_are_valid_events_or_validation_errors(changes):
    """Any record either fails validation or is an event the store takes and queries answer on."""
    rec = json.loads(json.dumps(fuzz.GOOD_EVENT))
    for path, value in changes:
        fuzz._set(rec, path, value)
    try:
        line = json.dumps(rec, allow_nan=True)
    except ValueError:
        return
    try:
        event = Event.model_validate_json(line).coded()
    except ValidationError:
        return
    store = SQLiteStore(":memory:")
    try:
        store.ingest([event])
        assert store.stats()["events"] == 1
        if event.source is not None:
            run(store, "dyad_timeline", a=event.source.id, b=event.target.id if event.target else event.source.id)
    except GeokgError:
        pass
    finally:
        store.close()


# -- the ends of the calendar -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Jakarta - Pemerintah Korea Utara mengkritik Amerika Serikat 3000 tahun lalu.",
    # "29/2/2023" is no date, so "2023 tahun lalu" is read as 2023 years before 2023: year 0
    "Jakarta - Pemerintah Korea Utara mengkritik Amerika Serikat pada 29/2/2023 tahun lalu.",
    "Washington - North Korea criticised the United States 3000 years ago.",
])
def test_thousands_of_years_ago_is_not_a_crash(text):
    # a date before year 1 is no date: the event is undated
    events = extract(Article(id="t", published=date(2023, 8, 16), text=text))
    assert events and all(e.date is None or int(e.date[:4]) >= 1 for e in events)


def test_the_day_after_the_last_day_of_the_calendar_is_not_a_crash():
    art = Article(id="t", published=date(2023, 8, 16),
                  text="Jakarta - Korea Utara mengkritik Amerika Serikat pada 31/12/9999. "
                       "Sehari kemudian Rusia mengecam Jepang.")
    assert extract(art)
