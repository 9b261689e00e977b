"""The pydantic models at the edges: validation and JSON round trip."""

import pytest
from pydantic import ValidationError

from geokg.schema.models import Actor, Article, Event, Evidence, Mention


def _event(**kw):
    base = dict(article_id="a1", cameo="112", quad_class=3, goldstein=-2.0, plover="ACCUSE",
                evidence=Evidence(text="AS menuduh Korut.", start=0, end=17), confidence=0.8,
                source=Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30"),
                target=Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423"),
                date="2023-08-15", date_precision="day")
    base.update(kw)
    return Event(**base)


def test_event_json_round_trip_keeps_every_field():
    e = _event(factuality="alleged")
    back = Event.model_validate_json(e.model_dump_json())
    assert back == e
    assert back.source.wikidata == "Q30" and back.factuality == "alleged"


def test_event_id_is_stable_and_depends_on_content():
    assert _event().event_id == _event().event_id
    assert _event().event_id.startswith("ev_")
    assert _event(cameo="111").event_id != _event().event_id


@pytest.mark.parametrize("bad", [
    dict(cameo="9"), dict(cameo="2101"), dict(cameo="abc"),
    dict(quad_class=5), dict(goldstein=11.0), dict(confidence=1.5),
    dict(factuality="rumoured"),
    dict(date="2023-08", date_precision="day"), dict(date="2023-08-15", date_precision=None),
    dict(date=None, date_precision="year"),
])
def test_event_rejects_invalid_values(bad):
    with pytest.raises(ValidationError):
        _event(**bad)


def test_month_and_year_precision_dates_are_accepted():
    assert _event(date="2023-07", date_precision="month").date == "2023-07"
    assert _event(date="2017", date_precision="year").date_precision == "year"
    assert _event(date=None, date_precision=None).date is None


def test_actor_checks_iso3_and_qid():
    with pytest.raises(ValidationError):
        Actor(id="x", name="X", country="RU")
    with pytest.raises(ValidationError):
        Actor(id="x", name="X", wikidata="159")
    with pytest.raises(ValidationError):
        Actor(id="x", name="X", kind="country")


def test_evidence_offsets_must_be_ordered():
    with pytest.raises(ValidationError):
        Evidence(text="x", start=5, end=2)


def test_article_and_mention_models():
    a = Article(id="a", text="t", published="2023-08-16")
    assert a.published.isoformat() == "2023-08-16"
    m = Mention(article_id="a", evidence=Evidence(text="t", start=0, end=1), confidence=0.5)
    assert Mention.model_validate_json(m.model_dump_json()) == m
