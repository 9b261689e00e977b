"""Small helpers shared by the tests: run the pipeline on a text and summarise events."""

from __future__ import annotations

from datetime import date

from geokg.extractors.pipeline import extract
from geokg.schema.models import Article, Event

SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared"


def run(text: str, published: str | None = "2023-08-16", lang: str | None = None, aid: str = "t") -> list[Event]:
    """Events of a text written in the test (a dateline keeps it shaped like an article)."""
    pub = date.fromisoformat(published) if published else None
    return extract(Article(id=aid, text=text, published=pub), lang)


def triples(events: list[Event]) -> set[tuple]:
    """(source country, CAMEO code, target country, factuality) of each event."""
    def c(a):
        return None if a is None else (a.country or a.id)
    return {(c(e.source), e.cameo, c(e.target), e.factuality) for e in events}


def roots(events: list[Event]) -> set[tuple]:
    """(source country, CAMEO root, target country) of each asserted event."""
    return {(node(e.source), e.root, node(e.target)) for e in events if e.factuality == "asserted"}


def node(a):
    """How a test names an actor: states and persons by country, organisations and groups by id."""
    if a is None:
        return None
    return (a.country or a.id) if a.kind in ("state", "person") else a.id
